"""Which folders Debrief may write into: only new or empty ones, or outputs it wrote itself.

A build replaces its whole output folder, so ``--out`` naming the agency folder,
a folder above it, ``campaigns/`` or any folder of the user's would delete their
files. Every command that writes an output folder (``build``, ``pdf``,
``hosting nginx``, the preview of ``serve``) asks here first. Debrief's outputs
carry a manifest (``.debrief-manifest.json``) saying what wrote them and what
is in them; that manifest is the only proof a folder may be replaced.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Iterable, Iterator, Literal

from .fingerprint import PACKAGE_DIR, THEME_DIR

MANIFEST_NAME = ".debrief-manifest.json"
Kind = Literal["sites", "pdf", "hosting", "mail"]
"""What an output holds: built sites (``build``), report PDFs (``pdf``), an nginx config (``hosting nginx``),
e-mails and their sent log (``mail``)."""
WORK_FOLDER_ENTRIES = frozenset({"docs", "mkdocs.yml", "models", "site", ".cache", "built.json"})
"""All that Debrief writes into a site's work folder (``.debrief-work/<output>/<site>/``); Zensical
keeps its page cache in ``.cache/`` there while it builds (see ``engines``), and ``built.json``
says which published site ``docs/`` was last built into (see ``site.work``)."""


class OutputRefused(Exception):
    """An output folder Debrief must not write into, because it would replace or mix with files it did not write."""


def read_manifest(folder: Path) -> dict[str, Any] | None:
    """The folder's manifest as data, or None when it has none (or one Debrief did not write)."""
    try:
        data = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def files_in(folder: Path) -> Iterator[Path]:
    """Every file of a built output, through the links a build publishes it by (``rglob`` does not follow them)."""
    for parent, _, names in os.walk(folder, followlinks=True):
        for name in sorted(names):
            yield Path(parent) / name


def kind_of(manifest: dict[str, Any]) -> str | None:
    """Site manifests predate the ``kind`` key: theirs is known by their ``sites``."""
    return manifest.get("kind") or ("sites" if isinstance(manifest.get("sites"), dict) else None)


def owned_entries(kind: str, manifest: dict[str, Any]) -> set[str]:
    """The top-level names in an output that its manifest accounts for."""
    if kind == "sites":
        return {site_id.split("/")[0] for site_id in manifest.get("sites", {})}
    return {str(name) for name in manifest.get("files", [])}


def write_manifest(folder: Path, kind: Kind, files: Iterable[str]) -> None:
    """The manifest of a ``pdf`` or ``hosting`` output: what wrote it, and its files."""
    data = {"version": 1, "kind": kind, "files": sorted(files)}
    (folder / MANIFEST_NAME).write_text(json.dumps(data, indent=1), encoding="utf-8")


def store_of(out: Path) -> Path:
    """Where the sites of the output ``out`` live, the folders its links lead to (see ``site.publish``)."""
    return out.parent / f".{out.name}.debrief"


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_location(out: Path, what: str, source: Path | None = None, web_root: Path | None = None) -> None:
    """Refuse a folder that is the source, holds it, or lies in the user's or Debrief's own folders.

    ``what`` names the folder in the message (``--out site``). An output may lie in
    the agency folder (``site/`` does) but never in ``campaigns/`` or ``content/``.
    """
    target = out.resolve()
    if source is not None:
        source = source.resolve()
        if target == source:
            raise OutputRefused(f"{what} is the agency folder itself: building there would delete campaigns/ and content/; "
                                "choose a folder of its own, e.g. --out site")
        if target in source.parents:
            raise OutputRefused(f"{what} holds the agency folder {source}: building there would delete it; choose a folder of its own, e.g. --out site")
        for folder in (source / "campaigns", source / "content"):
            if _within(target, folder):
                raise OutputRefused(f"{what} lies inside {folder.name}/, where your files are: choose a folder outside it, e.g. --out site")
    for folder, name in ((THEME_DIR, "Debrief's theme"), (PACKAGE_DIR, "Debrief's generator")):
        if _within(target, folder) or target in folder.parents:
            raise OutputRefused(f"{what} is or holds {name} ({folder}): choose another folder")
    if web_root is not None:
        served = store_of(web_root.parent.resolve() / web_root.name).resolve()
        web_root = web_root.resolve()
        if _within(target, web_root) or _within(target, served):
            raise OutputRefused(f"{what} is inside the web root {web_root}, where anyone could download the password hashes: "
                                "choose a folder outside it")
        if target in web_root.parents:
            raise OutputRefused(f"{what} holds the web root {web_root}: choose a folder of its own, outside it")


def check_replaceable(out: Path, kind: Kind, what: str) -> None:
    """Refuse an existing folder unless it is empty or an output of this kind that holds only what Debrief wrote."""
    target = out.resolve()
    if not target.exists():
        return
    if not target.is_dir():
        raise OutputRefused(f"{what} is a file, not a folder: choose a folder")
    entries = set(os.listdir(target))
    if not entries:
        return
    manifest = read_manifest(target)
    if manifest is None or kind_of(manifest) != kind:
        shown = ", ".join(sorted(entries)[:3]) + (", ..." if len(entries) > 3 else "")
        raise OutputRefused(f"{what} already holds files Debrief did not write ({shown}): Debrief replaces only an output "
                            f"it wrote itself (one with {MANIFEST_NAME}); choose a new or empty folder")
    foreign = sorted(entries - owned_entries(kind, manifest) - {MANIFEST_NAME})
    if foreign:
        raise OutputRefused(f"{what} holds files Debrief did not write beside its own ({', '.join(foreign)}): "
                            "move them out first, or choose another folder")


def check_work_folder(work: Path) -> None:
    """Refuse to empty a site's work folder that holds anything Debrief does not write there."""
    if work.is_symlink() or (work.exists() and not work.is_dir()):
        raise OutputRefused(f"work folder {work} is not a folder Debrief made: move it away")
    foreign = sorted(set(os.listdir(work)) - WORK_FOLDER_ENTRIES) if work.is_dir() else []
    if foreign:
        raise OutputRefused(f"work folder {work} holds files Debrief did not write ({', '.join(foreign)}): move them away")
