"""Action items across meetings: who owes what, by when, and what is overdue."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from ..models import Action, Meeting

ActionState = Literal["open", "overdue", "done"]


@dataclass(frozen=True)
class TrackedAction:
    action: Action
    meeting: Meeting
    """The meeting that created it."""
    state: ActionState
    days_late: int | None
    """For done actions: days after the due date (negative = early)."""


def state_on(action: Action, day: dt.date) -> ActionState:
    if action.done is not None and action.done <= day:
        return "done"
    return "overdue" if action.due < day else "open"


def register(meetings: tuple[Meeting, ...], as_of: dt.date) -> list[TrackedAction]:
    """Every action of these meetings as of a date, sorted by due date."""
    tracked = []
    for meeting in meetings:
        if meeting.spec.date > as_of:
            continue
        for action in meeting.spec.actions:
            state = state_on(action, as_of)
            late = (action.done - action.due).days if state == "done" and action.done else None
            tracked.append(TrackedAction(action, meeting, state, late))
    return sorted(tracked, key=lambda t: (t.action.due, t.action.id))


def still_open(tracked: list[TrackedAction]) -> list[TrackedAction]:
    return [t for t in tracked if t.state != "done"]


def carried_over(meetings: tuple[Meeting, ...], meeting: Meeting) -> list[TrackedAction]:
    """Actions from earlier meetings that were still open on this meeting's date."""
    earlier = tuple(m for m in meetings if (m.spec.date, m.slug) < (meeting.spec.date, meeting.slug))
    return [
        t for t in register(earlier, meeting.spec.date)
        if t.action.done is None or t.action.done >= meeting.spec.date
    ]
