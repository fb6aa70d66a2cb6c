"""The sent log: which messages went out, so that running ``debrief mail --due --send`` twice sends nothing twice.

It lives beside the messages, in the mail output folder (``OUT/.debrief-sent.json``),
never in the source tree: it records what happened, not what the agency wrote. A
message is recorded only once the SMTP server has accepted it for every recipient,
and the log is rewritten whole (a new file renamed over the old), so a run that
fails half-way leaves every message it did send recorded, and no other.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from pathlib import Path

from ..problems import InvalidSource, Problem

LOG_NAME = ".debrief-sent.json"


@dataclass(frozen=True)
class Sending:
    """One message handed over to the SMTP server."""

    key: str
    message_id: str
    sent_at: dt.datetime
    to: tuple[str, ...]
    subject: str


@dataclass(frozen=True)
class SentLog:
    path: Path
    sendings: tuple[Sending, ...] = ()

    @property
    def sent(self) -> set[str]:
        return {s.key for s in self.sendings}

    def times_sent(self, key: str) -> int:
        return sum(1 for s in self.sendings if s.key == key)

    def last(self, key: str) -> Sending | None:
        return next((s for s in reversed(self.sendings) if s.key == key), None)


def read_log(folder: Path) -> SentLog:
    """The folder's sent log; an empty one when there is none yet."""
    path = folder / LOG_NAME
    if not path.exists():
        return SentLog(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        sendings = tuple(
            Sending(s["key"], s["message_id"], dt.datetime.fromisoformat(s["sent_at"]), tuple(s["to"]), s["subject"])
            for s in data["sent"]
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InvalidSource([Problem(path.as_posix(), 0, (
            f"the sent log cannot be read ({exc}): restore it from a backup; without it every message would be sent again"))]
        ) from exc
    return SentLog(path, sendings)


def record(log: SentLog, sending: Sending) -> SentLog:
    """The log with one more sending, already on disk."""
    updated = SentLog(log.path, log.sendings + (sending,))
    data = {"version": 1, "sent": [
        {"key": s.key, "message_id": s.message_id, "sent_at": s.sent_at.isoformat(timespec="seconds"),
         "to": list(s.to), "subject": s.subject}
        for s in updated.sendings
    ]}
    partial = log.path.with_name(log.path.name + ".partial")
    partial.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    os.replace(partial, log.path)
    return updated
