"""Action items across meetings: who owes what, by when, and what is overdue.

An action's state is always taken on a given day: ``done`` once its done date is
on or before that day, ``overdue`` once its due date has passed, ``open`` before.
The same rule serves the register (state on the report date) and each meeting's
carried-over list (state on that meeting's date).

A due date may be a range agreed with the client, ``[optimal, latest]``: an open
action is *due soon* from the optimal date and overdue only after the latest one;
done within the range is on time. Deliverables follow the same rule.
"""

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
    """For done actions: days after the latest date (negative: before the optimal one, 0: within the range)."""
    due_soon: bool = False
    """Open and on or past its optimal date: the day to warn the owner."""

    @property
    def timing(self) -> Literal["on-time", "late", "early"] | None:
        """For done actions: on the due date, after it or before it."""
        if self.state != "done":
            return None
        if not self.days_late:
            return "on-time"
        return "late" if self.days_late > 0 else "early"

    @property
    def days_off(self) -> int:
        """How many days late or early."""
        return abs(self.days_late or 0)


@dataclass(frozen=True)
class OwnerActions:
    owner: str
    actions: tuple[TrackedAction, ...]
    """Sorted by due date."""

    def count(self, state: ActionState) -> int:
        return sum(1 for t in self.actions if t.state == state)


def days_outside(day: dt.date, optimal: dt.date, latest: dt.date) -> int:
    """Days after the latest date (positive), before the optimal one (negative), or 0 within the range."""
    if day > latest:
        return (day - latest).days
    return min(0, (day - optimal).days)


def due_soon(optimal: dt.date, latest: dt.date, day: dt.date) -> bool:
    """From the optimal date up to the latest one: due soon, not yet overdue."""
    return optimal <= day <= latest


def state_on(action: Action, day: dt.date) -> ActionState:
    if action.done is not None and action.done <= day:
        return "done"
    return "overdue" if action.latest < day else "open"


def track(action: Action, meeting: Meeting, day: dt.date) -> TrackedAction:
    state = state_on(action, day)
    late = days_outside(action.done, action.due, action.latest) if state == "done" and action.done else None
    return TrackedAction(action, meeting, state, late, state == "open" and due_soon(action.due, action.latest, day))


def register(meetings: tuple[Meeting, ...], as_of: dt.date) -> list[TrackedAction]:
    """Every action of the meetings held up to a date, in its state on that date, by due date."""
    tracked = [track(a, m, as_of) for m in meetings if m.spec.date <= as_of for a in m.spec.actions]
    return sorted(tracked, key=lambda t: (t.action.due, t.action.id))


def still_open(tracked: list[TrackedAction]) -> list[TrackedAction]:
    return [t for t in tracked if t.state != "done"]


def by_owner(tracked: list[TrackedAction]) -> list[OwnerActions]:
    """The register grouped by owner (owners by name), each group still sorted by due date."""
    groups: dict[str, list[TrackedAction]] = {}
    for item in tracked:
        groups.setdefault(item.action.owner, []).append(item)
    return [OwnerActions(owner, tuple(items)) for owner, items in sorted(groups.items(), key=lambda g: g[0].casefold())]


def carried_over(meetings: tuple[Meeting, ...], meeting: Meeting, as_of: dt.date) -> list[TrackedAction]:
    """Actions from earlier meetings still open on this meeting's date, in their state on that date.

    "Earlier" is the meetings' order (date, then file name), so two meetings on one
    day carry over in the order they are listed. A meeting still to come (a note
    prepared ahead) shows them as they stand on the report date: its agenda's follow-ups.
    """
    earlier = tuple(m for m in meetings if (m.spec.date, m.slug) < (meeting.spec.date, meeting.slug))
    return still_open(register(earlier, min(meeting.spec.date, as_of)))
