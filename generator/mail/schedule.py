"""What is due on a report date: the agency's rhythm with a client, as pure functions.

- The **weekly summary** goes out on the week's last working day (Friday), with the
  week so far and next week's plans. Until the next one is due, a summary not yet
  sent is still due: a morning job that missed Friday sends it on Monday.
- The **monthly report** goes out on the first working day after the month, and stays
  due until the next month's is.
- A **post-meeting summary** goes out for every client-visible note dated in the
  week up to the report date (a note dated later is a meeting prepared ahead, not
  held yet). An older note is history: send it by name (``debrief mail <client>
  meeting <note>``), so a first run on an agency's archive does not flood its clients.

Working days are Monday to Friday; public holidays are not known (pass ``--as-of``).
A message is due only when a report exists for its period and someone receives it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from ..compute.campaigns import DAY, month_bounds, month_of
from ..compute.periodic import Week, report_months, report_weeks, week_of
from ..models import Client, Contact, Meeting, ReportKind

MessageKind = Literal["weekly", "monthly", "meeting", "digest"]
WORKING_DAYS = frozenset(range(5))
"""Monday (0) to Friday (4)."""
MEETING_WINDOW_DAYS = 7
"""A meeting's summary is due for a week after the meeting."""
RECEIVED_AS: dict[MessageKind, ReportKind] = {"weekly": "weekly", "monthly": "monthly", "meeting": "meetings"}
"""Which ``reports:`` entry of a contact each kind of message goes to."""


@dataclass(frozen=True, order=True)
class Due:
    """One message to write or send: whose, which kind, which period (week slug, month, note, or date)."""

    client: str
    """The client's slug; empty for the staff digest."""
    kind: MessageKind
    period: str

    @property
    def key(self) -> str:
        """Names the message in the sent log, in its Message-ID and in its file name."""
        return ".".join(part for part in (self.client, self.kind, self.period) if part)


def last_working_day(week: Week) -> dt.date:
    return max(week.monday + offset * DAY for offset in range(7) if offset in WORKING_DAYS)


def first_working_day_after(month: str) -> dt.date:
    day = month_bounds(month)[1] + DAY
    while day.weekday() not in WORKING_DAYS:
        day += DAY
    return day


def previous_month(month: str) -> str:
    return month_of(month_bounds(month)[0] - DAY)


def weekly_due(as_of: dt.date) -> Week:
    """The week whose summary is due: the latest one whose last working day has come."""
    week = week_of(as_of)
    return week if last_working_day(week) <= as_of else week.previous


def monthly_due(as_of: dt.date) -> str:
    """The month whose report is due: the latest one whose first working day after it has come."""
    month = previous_month(month_of(as_of))
    return month if first_working_day_after(month) <= as_of else previous_month(month)


def meeting_due(meeting: Meeting, as_of: dt.date) -> bool:
    """A client-visible note held in the week up to the report date."""
    return not meeting.internal and as_of - (MEETING_WINDOW_DAYS - 1) * DAY <= meeting.spec.date <= as_of


def recipients(client: Client, kind: MessageKind) -> tuple[Contact, ...]:
    """The client's contacts who receive this kind of message, each address once."""
    seen: set[str] = set()
    found = []
    for contact in client.spec.contacts:
        if contact.receives(RECEIVED_AS[kind]) and contact.email.lower() not in seen:
            seen.add(contact.email.lower())
            found.append(contact)
    return tuple(found)


def due_for_client(client: Client, as_of: dt.date) -> list[Due]:
    """Every message of the client due on ``as_of`` that someone receives, sent or not (see ``unsent``)."""
    due = []
    week = weekly_due(as_of)
    if recipients(client, "weekly") and week in report_weeks(client, as_of):
        due.append(Due(client.slug, "weekly", week.slug))
    month = monthly_due(as_of)
    if recipients(client, "monthly") and month in report_months(client, as_of):
        due.append(Due(client.slug, "monthly", month))
    if recipients(client, "meeting"):
        due += [Due(client.slug, "meeting", m.slug) for m in client.meetings if meeting_due(m, as_of)]
    return due


def unsent(due: list[Due], sent: set[str]) -> list[Due]:
    """What is still to send: a message whose key is in the sent log went out already."""
    return [d for d in due if d.key not in sent]
