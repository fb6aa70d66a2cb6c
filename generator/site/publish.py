"""Putting the new output in place of the old one, whole or not at all, at the cost of what changed.

The output folder (``site``) is a symbolic link to a generation in Debrief's store beside
it (``.site.debrief/``): a folder holding the manifest and one link per site to that
site's own folder in the store (a site with sites nested in it, ``internal``, is a folder
of links to its entries and to the nested sites). A site built again is moved into the
store as a new folder; every other site's folder is shared with the previous generation,
untouched. The new generation replaces the old in one ``rename(2)`` of the link, so a
failed, interrupted or ``kill -9``ed build leaves the previous output exactly as it was.
The store keeps the published generation and the one before it (for readers still
reading it) and removes everything else it holds, left by killed builds included; it is
locked while a build publishes, so two builds never publish into it at once.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import glob
import os
import re
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from .. import outputs
from . import workers
from .engines import BuildFailed
from .manifest import Manifest

if TYPE_CHECKING:
    from .build import SiteResult

STORE_MARK = ".debrief-store"
"""The file that tells a store Debrief made from a user's folder of the same name."""
GENERATION = re.compile(r"g-[A-Za-z0-9_]+")


def new_folder_mode() -> int:
    """The mode ``mkdir`` gives a new folder here (0755 under the usual umask 022)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o777 & ~umask


def _generation_link(out: Path) -> str | None:
    """The generation ``out`` links to, when it is Debrief's link into its store (not a user's link)."""
    try:
        target = os.readlink(out)
    except OSError:
        return None
    store, _, generation = target.partition("/")
    return generation if store == outputs.store_of(out).name and GENERATION.fullmatch(generation) else None


def published_path(out: Path) -> Path:
    """Where the output named ``out`` is published: its folder made absolute, following a link the user made.

    Debrief's own link is kept as it is: it is what readers open, and what the next build replaces.
    """
    path = out.parent.resolve() / out.name
    if path.is_symlink() and _generation_link(path) is None:
        return path.resolve()
    return path


# --- the store -----------------------------------------------------------------------------------


def store_folder(out: Path, folder: str) -> Path | None:
    """A published site's own folder in the store of ``out``, if it is there (an earlier Debrief's output has none)."""
    path = outputs.store_of(out) / "sites" / folder
    return path if folder and path.is_dir() else None


def check_store(out: Path) -> None:
    """Refuse an output whose store's name is taken by a folder or file Debrief did not make."""
    store = outputs.store_of(published_path(out))
    if (store.exists() or store.is_symlink()) and (
        store.is_symlink() or not (store / STORE_MARK).is_file() or not (store / "sites").is_dir()
    ):
        raise outputs.OutputRefused(f"{store} is not a folder Debrief made, but Debrief keeps the sites of --out {out} "
                                    "there: move it away, or choose another --out")


def open_store(out: Path) -> Path:
    """The output's store, made if new."""
    check_store(out)
    store = outputs.store_of(out)
    if not store.exists():
        store.mkdir(mode=new_folder_mode())
        (store / "sites").mkdir()
        (store / STORE_MARK).write_text("Debrief's published sites: `debrief build` manages them, do not edit.\n")
    return store


def _lock(store: Path) -> int:
    """Hold the store for this build until it ends (the system lets go when the process dies, even by ``kill -9``)."""
    descriptor = os.open(store / STORE_MARK, os.O_RDONLY)
    fcntl.flock(descriptor, fcntl.LOCK_EX)
    return descriptor


def _folders(generation: Path) -> set[str]:
    """The store folders a generation's sites live in, as its manifest records them."""
    sites = (outputs.read_manifest(generation) or {}).get("sites", {})
    return {str(entry["folder"]) for entry in sites.values() if isinstance(entry, dict) and entry.get("folder")}


def _collect(store: Path, keep: set[str], folders: set[str]) -> None:
    """Remove every generation and site folder of the store but those kept: what a killed build left, and older ones."""
    for entry in store.iterdir():
        if not entry.name.startswith(("g-", "link-")) or entry.name in keep:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink()
    for entry in (store / "sites").iterdir():
        if entry.name not in folders:
            shutil.rmtree(entry, ignore_errors=True)


# --- one publication ------------------------------------------------------------------------------


def publish(results: list[SiteResult], out: Path, notes: dict[str, Any]) -> None:
    """Make a generation of ``results`` in the store, with their manifest, and link ``out`` to it."""
    recover_interrupted_swap(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    remove_abandoned(out)
    store = open_store(out)
    lock = _lock(store)
    try:
        current, previous = _generation_link(out), Manifest.read(out)  # read under the lock: what is published now
        generation = Path(tempfile.mkdtemp(prefix="g-", dir=store))
        generation.chmod(new_folder_mode())  # not mkdtemp's 0700: the web server's workers must read the sites
        site_ids = {r.site_id for r in results}
        placed = [
            replace(r, folder=_place(r, previous.sites.get(r.site_id, {}).get("folder", ""), out, store, generation.name, site_ids))
            for r in results
        ]
        _link_sites(placed, store, generation)
        Manifest({r.site_id: r.entry() for r in placed}, notes).write(generation)
        _switch(out, store, generation.name)
        keep = {generation.name, *([current] if current else [])}
        _collect(store, keep, {r.folder for r in placed} | (_folders(store / current) if current else set()))
    finally:
        os.close(lock)


def _place(result: SiteResult, folder: str, out: Path, store: Path, generation: str, site_ids: set[str]) -> str:
    """The store folder of one site: a newly built one moved in; an unchanged one's own (``folder``), or a copy of it.

    An unchanged site whose folder is not in the store (an output of an earlier Debrief,
    with real folders) is copied in once, as hard links.
    """
    if not result.built_dir and folder and (store / "sites" / folder).is_dir():
        return folder
    folder = f"{result.site_id.replace('/', '+')}.{generation[2:]}"
    if result.built_dir:
        shutil.move(result.built_dir, store / "sites" / folder)
    else:
        nested = {other.split("/")[-1] for other in site_ids if other.startswith(result.site_id + "/")}
        link_tree(out / result.site_id, store / "sites" / folder, nested)
    return folder


def _link_sites(results: list[SiteResult], store: Path, generation: Path) -> None:
    """One link per site; a site that others are nested in becomes a folder of links to its entries and to them.

    Parents go before children (``internal/`` before ``internal/<client>/``).
    """
    parents = {r.site_id.rpartition("/")[0] for r in results}
    for result in sorted(results, key=lambda r: (r.site_id.count("/"), r.site_id)):
        target = generation / result.site_id
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists() or target.is_symlink():
            parent = next(r.site_id for r in results if result.site_id.startswith(r.site_id + "/"))
            raise BuildFailed(f"{result.site_id}: the site {parent} already writes a page or folder there")
        folder = store / "sites" / result.folder
        if result.site_id in parents:
            target.mkdir()
            for entry in folder.iterdir():
                (target / entry.name).symlink_to(os.path.relpath(entry, target))
        else:
            target.symlink_to(os.path.relpath(folder, target.parent))


def link_tree(source: Path, target: Path, leave_out: Iterable[str] = ()) -> None:
    """Copy a built site as hard links (a copy where the file system cannot link)."""
    leave_out = set(leave_out)

    def link(src: str, dst: str) -> None:
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)

    shutil.copytree(source, target, copy_function=link, ignore=lambda folder, names: (
        [n for n in names if n in leave_out] if Path(folder) == source else []
    ))


# --- switching the output to the new generation --------------------------------------------------


def _switch(out: Path, store: Path, generation: str) -> None:
    """Point ``out`` at the new generation in one rename: of a new link over the old, or exchanged with an old folder."""
    link = store / f"link-{generation[2:]}"
    link.symlink_to(f"{store.name}/{generation}")
    if out.is_symlink() or not out.exists():
        os.replace(link, out)
        return
    if _exchange(link, out):  # the output of an earlier Debrief, a real folder: now at ``link``, removed with it
        shutil.rmtree(link)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-{os.getpid()}-", dir=out.parent))  # a name no one else has
    out.rename(old)
    os.replace(link, out)
    shutil.rmtree(old, ignore_errors=True)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically (Linux ``renameat2(RENAME_EXCHANGE)``); False where unsupported."""
    at_fdcwd, rename_exchange = -100, 2
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    if renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange) == 0:
        return True
    if ctypes.get_errno() in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(second))


def _ours(folder: Path) -> bool:
    """A staging or old folder that Debrief made: it holds a site manifest (a user's look-alike does not)."""
    manifest = outputs.read_manifest(folder)
    return folder.is_dir() and not folder.is_symlink() and manifest is not None and outputs.kind_of(manifest) == "sites"


def recover_interrupted_swap(out: Path) -> None:
    """Where the switch from a real folder needs two renames and a build died between them, put the old output back."""
    if out.exists() or out.is_symlink():
        return
    for old in sorted(out.parent.glob(f".{glob.escape(out.name)}.old-*")):
        if _ours(old):
            old.rename(out)
            return


def remove_abandoned(out: Path) -> None:
    """Staging and old folders of builds that were killed (their process is gone); never a folder Debrief did not make.

    Builds of earlier Debriefs assembled their output in ``.<out>.building-*``; this one only
    leaves ``.<out>.old-*`` behind, when killed while switching from such an output.
    """
    for kind in ("building", "old"):
        prefix = f".{out.name}.{kind}-"
        for leftover in out.parent.glob(glob.escape(prefix) + "*"):
            pid = leftover.name[len(prefix):].split("-")[0]
            if pid.isdigit() and not workers.alive(int(pid)) and _ours(leftover):
                shutil.rmtree(leftover, ignore_errors=True)
