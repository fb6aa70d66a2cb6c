"""Worker processes that end with the build that started them, however the build ends.

A parallel build makes its sites in a ``ProcessPoolExecutor`` whose workers are
forked by multiprocessing's forkserver. Neither notices by itself that the build
was killed (``kill -9``, a CI time limit, a closed terminal): every worker holds
the pipe end that keeps the forkserver waiting, and a worker busy with a site
runs on until it is done, which on a bad input may be never. So each asks the
kernel (Linux ``prctl(PR_SET_PDEATHSIG)``) for SIGKILL when its parent ends: the
forkserver when the build ends (this module is one of its preloads), each worker
when the forkserver ends. The kernel sends the signal, so it reaches a process
stuck anywhere, in C code too. A failed or interrupted build that still runs
kills its workers itself (``stop_workers``).
"""

from __future__ import annotations

import concurrent.futures
import ctypes
import multiprocessing.forkserver
import os
import signal
import sys

PR_SET_PDEATHSIG = 1


def die_with_parent() -> bool:
    """Ask the kernel to kill this process when its parent ends; False where the system cannot."""
    try:
        return ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL) == 0
    except (OSError, AttributeError):  # not Linux: a worker then ends when its task does
        return False


def end_with_the_build(build_pid: int) -> None:
    """Worker initializer: killed when the forkserver ends, and so when the build does."""
    if die_with_parent() and not alive(build_pid):  # the build died before the signal was asked for
        os._exit(1)


def stop_workers(pool: concurrent.futures.ProcessPoolExecutor) -> None:
    """End every worker now: a failed or interrupted build must not wait for the sites still being made."""
    kill = getattr(pool, "kill_workers", None)  # Python 3.14; before, the processes are only reachable here
    if kill is not None:
        kill()
    else:
        for process in list((pool._processes or {}).values()):
            process.kill()
    pool.shutdown(wait=True, cancel_futures=True)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def _imported_by_the_forkserver() -> bool:
    """True while multiprocessing's forkserver imports this module as one of its preloads."""
    frame = sys._getframe()
    while frame is not None:
        if frame.f_code is multiprocessing.forkserver.main.__code__:
            return True
        frame = frame.f_back
    return False


if _imported_by_the_forkserver():
    die_with_parent()
