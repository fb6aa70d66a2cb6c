"""When each note was first written and last changed, from the source's git history.

One ``git log`` call covers the whole tree (one call per file would make a build
of thousands of notes crawl). A source outside git, or a machine without git,
simply has no history: the pages then leave the dates out.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import replace
from pathlib import Path

from .models import Agency, FileHistory

COMMIT_MARK = "\x1e"
"""Starts each commit's header line in the log output: cannot occur in a path."""


def git_log(source: Path) -> str | None:
    """Every commit touching ``content/`` with its author date and changed paths, relative to ``source``."""
    command = [
        "git", "-C", str(source), "-c", "core.quotePath=false", "log", "--relative", "--no-renames", "--name-only",
        f"--format={COMMIT_MARK}%ad", "--date=short", "--", "content",
    ]
    try:
        done = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", check=False, timeout=120)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def parse_log(text: str) -> dict[str, FileHistory]:
    """Path -> first and last commit date; the log lists the newest commit first."""
    found: dict[str, FileHistory] = {}
    day: dt.date | None = None
    for line in text.split("\n"):  # not splitlines(): it also splits at the commit mark
        if line.startswith(COMMIT_MARK):
            day = dt.date.fromisoformat(line[1:].strip())
        elif line.strip() and day is not None:
            path = line.strip()
            known = found.get(path)
            found[path] = FileHistory(day, known.last_changed if known else day)
    return found


def file_history(source: Path) -> dict[str, FileHistory]:
    """Path relative to the source -> history; empty outside git."""
    text = git_log(source)
    return parse_log(text) if text else {}


def with_history(agency: Agency, known: dict[str, FileHistory]) -> Agency:
    """The agency with each meeting's first-written and last-changed dates, where git knows them (``file_history``)."""
    if not known:
        return agency
    clients = tuple(
        replace(client, meetings=tuple(replace(m, history=known.get(m.source)) for m in client.meetings))
        for client in agency.clients
    )
    return replace(agency, clients=clients)
