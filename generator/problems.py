"""Problems found in user files, collected and reported together.

A problem is a small value (where, what); stages append to a list instead of
raising at the first mistake, so the user fixes every file in one go.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in one file: printed as ``path:line: message``."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}" if self.line else f"{self.path}: {self.message}"


@dataclass
class Report:
    """Errors and warnings collected while loading and validating a source tree."""

    root: Path
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def where(self, path: Path) -> str:
        """The path as the user knows it: relative to the source folder."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def error(self, path: Path, line: int, message: str) -> None:
        self.errors.append(Problem(self.where(path), line, message))

    def warn(self, path: Path, line: int, message: str) -> None:
        self.warnings.append(Problem(self.where(path), line, message))


class InvalidSource(Exception):
    """The source tree has errors; nothing was built."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} error(s)")
        self.problems = sorted(set(problems))
