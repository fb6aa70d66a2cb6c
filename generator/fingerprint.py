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
import time
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
    return [Path(path) for path, _ in tree_entries(folder)]


def tree_entries(folder: Path, linked: bool = False) -> list[tuple[str, bool]]:
    """``tree_files`` as plain paths, each with whether a symlink stands on its way from ``folder`` (or ``linked``).

    Plain strings and one ``realpath`` per linked folder only: an agency of 400 clients has 10,000 files,
    walked on every build, and a build with nothing to do must cost little."""
    found: list[tuple[str, bool]] = []

    def walk(here: str, real: str, above: frozenset[str], linked: bool) -> None:
        if real in above:
            return
        try:
            entries = sorted(os.scandir(here), key=lambda entry: entry.name)
        except OSError:  # unreadable: validation says so when it reads the folder
            return
        for entry in entries:
            if entry.is_dir():
                if entry.name != "__pycache__":
                    through_link = linked or entry.is_symlink()
                    inner = os.path.realpath(entry.path) if entry.is_symlink() else f"{real}/{entry.name}"
                    walk(entry.path, inner, above | {real}, through_link)
            elif entry.is_file() and not entry.name.endswith(".pyc"):
                found.append((entry.path, linked or entry.is_symlink()))

    if folder.is_dir():
        walk(str(folder), os.path.realpath(folder), frozenset(), linked)
    return found


class FileHashes:
    """The sha256 of each file, remembered between builds by its stat (size, times, inode), so that a
    build with nothing changed reads no file's bytes. A file changed within ``RACY_SECONDS`` of being
    hashed is never remembered: its time stamp could stay the same through a second change."""

    RACY_SECONDS = 2.0

    def __init__(self, path: Path | None):
        """``path`` keeps what is learnt between builds; None remembers nothing."""
        self.path = path
        try:
            self.known: dict[str, list] = json.loads(path.read_text(encoding="utf-8")) if path else {}
        except (OSError, ValueError):
            self.known = {}
        if not isinstance(self.known, dict):
            self.known = {}
        self.changed = False

    def digest(self, path: str) -> str:
        stat = os.stat(path)
        seen = [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]
        remembered = self.known.get(path)
        if isinstance(remembered, list) and remembered[:-1] == seen:
            return remembered[-1]
        with open(path, "rb") as file:
            digest = hashlib.sha256(file.read()).hexdigest()
        if time.time_ns() - max(stat.st_mtime_ns, stat.st_ctime_ns) > self.RACY_SECONDS * 1e9:
            self.known[path] = [*seen, digest]
            self.changed = True
        return digest

    def save(self) -> None:
        """Write what was learnt, if anything (an output's work folder holds it)."""
        if self.changed and self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_name(self.path.name + ".tmp")
            temporary.write_text(json.dumps(self.known), encoding="utf-8")
            temporary.replace(self.path)
            self.changed = False


def _versions(libraries: tuple[str, ...]) -> str:
    return ",".join(f"{name}=={version(name)}" for name in libraries)


def theme(libraries: tuple[str, ...]) -> str:
    """The theme folder and the libraries the engine builds with: a change rebuilds every site."""
    return Hasher(_versions(libraries)).add_files(THEME_DIR, tree_files(THEME_DIR)).hexdigest()


NOT_SITE_MATERIAL = ("cli.py", "commands", "templates/mail")
"""The command layer (and the e-mails' templates): how a person asks for a build, serves, prints or mails it,
not what a site is made of.

Editing a command (or a developer tool in ``tools/``, outside the package) rebuilds no site.
A module a build loads must never be here: ``tests/test_fingerprint.py`` checks it."""


def site_material() -> list[Path]:
    """The package's files a site is made from: stage modules, templates, catalogs and data."""
    def material(path: Path) -> bool:
        relative = path.relative_to(PACKAGE_DIR).as_posix()
        left_out = any(relative == part or relative.startswith(part + "/") for part in NOT_SITE_MATERIAL)
        return not left_out and path.suffix not in (".po", ".pot")

    return [path for path in tree_files(PACKAGE_DIR) if material(path)]


def generator() -> str:
    """The generator's code, templates and catalogs (``site_material``) and the libraries it renders with.

    A catalog counts by its messages: ``make translations`` rewrites the dates in every
    catalog's header, which must not make every site be rendered again. The ``.po``
    and ``.pot`` files it is compiled from are not read by a build.
    """
    hasher = Hasher(_versions(RENDERING_LIBRARIES))
    for path in sorted(site_material()):
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
