"""Content hashes that tell an incremental build which sites must be made again.

Two levels, both conservative. A site's *input* fingerprint covers everything it
is rendered from — its source files (and their git history), the generator's code
and templates, the theme, the base config, the report date, the engine — and is cheap to
compute before anything is loaded: when it matches the last build, the site is
neither rendered nor built. Its *output* fingerprint covers what the engine is given
— the rendered pages and files, the per-site config, the theme and the engine's
versions — so a site whose inputs changed but whose pages did not (an
internal note edited, seen from the client's site) is not built again either.

Anything new a site comes to depend on must be hashed into its input
fingerprint, or an edit to it would be missed.
"""

from __future__ import annotations

import hashlib
import json
import os
from importlib.metadata import version
from pathlib import Path
from typing import Any, Iterable

from babel.messages.mofile import read_mo

PACKAGE_DIR = Path(__file__).resolve().parent
THEME_DIR = PACKAGE_DIR.parent / "theme"
RENDERING_LIBRARIES = ("jinja2", "markdown", "nh3", "babel", "altair", "vl-convert-python", "pydantic", "pyyaml")


class Hasher:
    """A sha256 fed with labelled parts, so that ("ab", "c") and ("a", "bc") differ."""

    def __init__(self, *parts: str | bytes):
        self._digest = hashlib.sha256()
        for part in parts:
            self.add(part)

    def add(self, part: str | bytes) -> Hasher:
        data = part.encode("utf-8") if isinstance(part, str) else part
        self._digest.update(len(data).to_bytes(8, "big"))
        self._digest.update(data)
        return self

    def add_files(self, root: Path, paths: Iterable[Path]) -> Hasher:
        """Each file's path relative to ``root`` and its bytes."""
        for path in sorted(paths):
            self.add(path.relative_to(root).as_posix()).add(path.read_bytes())
        return self

    def hexdigest(self) -> str:
        return self._digest.hexdigest()


def tree_files(folder: Path) -> list[Path]:
    """Every file below ``folder`` (none if it is missing), caches of compiled Python left out.

    Symlinked folders are followed (a link back up is not), so a fingerprint covers
    what a build reads through a link: the target's files and bytes.
    """
    def walk(here: Path, above: frozenset[str]) -> Iterable[Path]:
        real = os.path.realpath(here)
        if real in above:
            return
        try:
            entries = sorted(os.scandir(here), key=lambda entry: entry.name)
        except OSError:  # unreadable: validation says so when it reads the folder
            return
        for entry in entries:
            path = Path(entry.path)
            if entry.is_dir():
                if entry.name != "__pycache__":
                    yield from walk(path, above | {real})
            elif entry.is_file() and path.suffix != ".pyc":
                yield path

    return list(walk(folder, frozenset())) if folder.is_dir() else []


def _versions(libraries: tuple[str, ...]) -> str:
    return ",".join(f"{name}=={version(name)}" for name in libraries)


def theme(libraries: tuple[str, ...]) -> str:
    """The theme folder and the libraries the engine builds with: a change rebuilds every site."""
    return Hasher(_versions(libraries)).add_files(THEME_DIR, tree_files(THEME_DIR)).hexdigest()


def generator() -> str:
    """The generator's code, templates and catalogs and the libraries it renders with.

    A catalog counts by its messages: ``make translations`` rewrites the dates in every
    catalog's header, which must not make every site be rendered again. The ``.po``
    and ``.pot`` files it is compiled from are not read by a build.
    """
    hasher = Hasher(_versions(RENDERING_LIBRARIES))
    for path in sorted(tree_files(PACKAGE_DIR)):
        if path.suffix in (".po", ".pot"):
            continue
        hasher.add(path.relative_to(PACKAGE_DIR).as_posix())
        hasher.add(catalog_messages(path) if path.suffix == ".mo" else path.read_bytes())
    return hasher.hexdigest()


def catalog_messages(path: Path) -> str:
    """A compiled catalog's messages and translations, without its header."""
    with path.open("rb") as file:
        catalog = read_mo(file)
    return json.dumps([[message.id, message.string] for message in catalog if message.id], ensure_ascii=False)


def output(theme: str, pages: Iterable[tuple[str, str]], files: dict[str, bytes], config: dict[str, Any]) -> str:
    """What the engine is given for one site, with ``theme()``; equal fingerprints give the same built site."""
    hasher = Hasher(theme, json.dumps(config, sort_keys=True, ensure_ascii=False, default=str))
    for path, markdown in sorted(pages):
        hasher.add(path).add(markdown)
    for name in sorted(files):
        hasher.add(name).add(files[name])
    return hasher.hexdigest()
