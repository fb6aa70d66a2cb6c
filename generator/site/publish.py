"""Putting the new output in place of the old one, whole or not at all.

The new output is assembled beside the old one (``.<out>.building-<pid>-*``): sites built
again moved in from their work folders, the others hard-linked from the old output.
It replaces the old output in one ``rename(2)`` exchange, so a failed, interrupted or
``kill -9``ed build leaves the previous output exactly as it was; the next build removes
what a killed one left.
"""

from __future__ import annotations

import ctypes
import errno
import glob
import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from .. import outputs
from . import workers
from .engines import BuildFailed

if TYPE_CHECKING:
    from .build import SiteResult


def new_folder_mode() -> int:
    """The mode ``mkdir`` gives a new folder here (0755 under the usual umask 022)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o777 & ~umask


def assemble(results: list[SiteResult], out: Path, staging: Path, previous_sites: set[str]) -> None:
    """Put every site in its place in ``staging``: new ones moved from their work folder, others linked.

    Parents go before children (``internal/`` before ``internal/<client>/``), and a
    carried-over parent leaves out the folders of the sites nested in it, old or new.
    """
    site_ids = {r.site_id for r in results} | previous_sites
    for result in sorted(results, key=lambda r: (r.site_id.count("/"), r.site_id)):
        target = staging / result.site_id
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            parent = next(r.site_id for r in results if result.site_id.startswith(r.site_id + "/"))
            raise BuildFailed(f"{result.site_id}: the site {parent} already writes a page or folder there")
        if result.built_dir:
            shutil.move(result.built_dir, target)
        else:
            nested = {other.split("/")[-1] for other in site_ids if other.startswith(result.site_id + "/")}
            link_tree(out / result.site_id, target, nested)


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


# --- swapping the new output in ---------------------------------------------------------------


def swap_in(staging: Path, out: Path) -> None:
    """Replace ``out`` by ``staging`` in one step where the system allows it; then drop the old output."""
    if not out.exists():
        staging.rename(out)
        return
    if _exchange(staging, out):
        shutil.rmtree(staging, ignore_errors=True)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-{os.getpid()}-", dir=out.parent))  # a name no one else has
    out.rename(old)
    staging.rename(out)
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
    """Where the swap needs two renames and a build died between them, put the old output back."""
    if out.exists():
        return
    for old in sorted(out.parent.glob(f".{glob.escape(out.name)}.old-*")):
        if _ours(old):
            old.rename(out)
            return


def remove_abandoned(out: Path) -> None:
    """Staging and old folders of builds that were killed (their process is gone); never a folder Debrief did not make."""
    for kind in ("building", "old"):
        prefix = f".{out.name}.{kind}-"
        for leftover in out.parent.glob(glob.escape(prefix) + "*"):
            pid = leftover.name[len(prefix):].split("-")[0]
            if pid.isdigit() and not workers.alive(int(pid)) and _ours(leftover):
                shutil.rmtree(leftover, ignore_errors=True)
