"""The command line, run as a user runs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner, Result

from generator.cli import main

from .tools import PROJECT_ROOT


def cli(*args: str) -> Result:
    """``debrief`` in this process (click's runner): exit code and output; an unexpected exception is raised."""
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def debrief(*args: str, cwd: Path = PROJECT_ROOT) -> subprocess.CompletedProcess:
    """``debrief`` in its own process, for a command that starts processes or a browser itself."""
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], capture_output=True, text=True, cwd=cwd)
