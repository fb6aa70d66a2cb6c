"""The meeting archive as a whole: checklists, the meeting rhythm, recurring retro themes, the timeline.

Pure functions over a client's notes, surveys and campaigns, taken on a report date.
The rhythm follows the seeds: an in-flight check-in at least every 30 days while a
campaign runs (000), a quarterly review (003) and a satisfaction survey (003) at least
once a quarter. Only client-visible meetings count towards the rhythm: an internal
meeting prepares a client meeting, it does not replace it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from ..models import Campaign, Client, Meeting, Survey
from ..questions import question_keys

CHECK_IN_DAYS = 30
"""Seed 000: a running campaign gets an in-flight check-in at least this often."""
QUARTERLY_REVIEW_DAYS = 100
"""Seed 003: a quarterly review, with some slack for scheduling."""
SURVEY_DAYS = 92
"""Seed 003: satisfaction measured at least quarterly (a quarter is at most 92 days)."""
RETRO_COLUMNS = ("went-well", "to-improve", "did-not-work")


# --- checklist completeness -------------------------------------------------------------


@dataclass(frozen=True)
class Checklist:
    meeting: Meeting
    asked: tuple[str, ...]
    """The standard question keys of the meeting's type (retro: its three columns)."""
    missing: tuple[str, ...]
    """Those left unanswered (an empty answer is no answer)."""

    @property
    def answered(self) -> int:
        return len(self.asked) - len(self.missing)

    @property
    def asked_count(self) -> int:
        return len(self.asked)

    @property
    def share(self) -> float:
        return self.answered / len(self.asked)


def checklist(meeting: Meeting) -> Checklist | None:
    """Which standard questions a meeting answered; None for a type without standard questions."""
    asked = question_keys(meeting.spec.type)
    if not asked:
        return None
    if meeting.spec.type == "retro":
        filled = {key for key, items in zip(RETRO_COLUMNS, retro_columns(meeting)) if items}
    else:
        filled = {key for key, text in meeting.spec.answers.items() if text.strip()}
    return Checklist(meeting, asked, tuple(key for key in asked if key not in filled))


def retro_columns(meeting: Meeting) -> tuple[list[str], list[str], list[str]]:
    """A retro's went-well, to-improve and did-not-work items (empty lists when it has none)."""
    retro = meeting.spec.retro
    if retro is None:
        return [], [], []
    return list(retro.went_well), list(retro.to_improve), list(retro.did_not_work)


# --- meeting rhythm ---------------------------------------------------------------------

RhythmKind = Literal["check-in", "quarterly-review", "survey"]


@dataclass(frozen=True)
class RhythmCheck:
    kind: RhythmKind
    campaign: Campaign | None
    """For check-ins: the running campaign they are owed to."""
    last: dt.date | None
    """The last meeting (or survey) of this kind on or before the report date."""
    since: dt.date
    """What the interval is counted from: the last one, else the start of the relationship."""
    days: int
    """Days from ``since`` to the report date."""
    limit: int

    @property
    def overdue(self) -> bool:
        return self.days > self.limit


def rhythm(client: Client, as_of: dt.date) -> list[RhythmCheck]:
    """Check-ins per running campaign, the quarterly review and the survey, each with its interval."""
    held = [m for m in client.meetings if not m.internal and m.spec.date <= as_of]
    checks = []
    for campaign in client.campaigns:
        if not campaign.spec.start <= as_of <= campaign.spec.end:
            continue
        check_ins = [m.spec.date for m in held if m.spec.type == "check-in" and m.spec.campaign in (None, campaign.slug)]
        checks.append(_check("check-in", campaign, check_ins, campaign.spec.start, CHECK_IN_DAYS, as_of))
    begun = relationship_start(client)
    if begun is not None and begun <= as_of:
        reviews = [m.spec.date for m in held if m.spec.type == "quarterly-review"]
        checks.append(_check("quarterly-review", None, reviews, begun, QUARTERLY_REVIEW_DAYS, as_of))
        surveys = [s.spec.date for s in client.surveys if s.spec.date <= as_of]
        checks.append(_check("survey", None, surveys, begun, SURVEY_DAYS, as_of))
    return checks


def _check(kind: RhythmKind, campaign: Campaign | None, dates: list[dt.date], begun: dt.date, limit: int, as_of: dt.date) -> RhythmCheck:
    last = max(dates, default=None)
    since = max(last or begun, begun)
    return RhythmCheck(kind, campaign, last, since, (as_of - since).days, limit)


def relationship_start(client: Client) -> dt.date | None:
    """The first thing that happened with this client: a campaign start, a meeting or a survey."""
    days = [c.spec.start for c in client.campaigns] + [m.spec.date for m in client.meetings]
    days += [s.spec.date for s in client.surveys]
    return min(days, default=None)


# --- recurring retro themes -------------------------------------------------------------


@dataclass(frozen=True)
class Theme:
    label: str
    """The tag, or the item's text as first written."""
    by_tag: bool
    meetings: tuple[Meeting, ...]
    """The retros it came up in, oldest first."""
    columns: tuple[str, ...]
    """Retro columns it appeared in (tags: the columns of those retros' items are not known: empty)."""

    @property
    def count(self) -> int:
        return len(self.meetings)


def _normalised(text: str) -> str:
    """Text compared for sameness: case, punctuation and spacing do not matter.

    An item of nothing but emoji or punctuation is compared as it is written, or every
    such item would be the same (empty) text and merge into one theme."""
    words = " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())
    return words or " ".join(text.casefold().split())


def recurring_themes(meetings: tuple[Meeting, ...], minimum: int = 2) -> list[Theme]:
    """Themes raised in at least ``minimum`` retros: the same item text, or the same lesson tag.

    Most frequent first, then tags before texts, then by label.
    """
    retros = [m for m in meetings if m.spec.type == "retro"]
    found: dict[tuple[bool, str], tuple[str, list[Meeting], list[str]]] = {}
    for meeting in retros:
        for column, items in zip(RETRO_COLUMNS, retro_columns(meeting)):
            for item in items:
                label, seen, columns = found.setdefault((False, _normalised(item)), (item, [], []))
                _add(seen, meeting)
                if column not in columns:
                    columns.append(column)
        for tag in {tag for lesson in meeting.spec.lessons for tag in lesson.tags}:
            _add(found.setdefault((True, tag), (tag, [], []))[1], meeting)
    themes = [
        Theme(label, by_tag, tuple(seen), tuple(c for c in RETRO_COLUMNS if c in columns))
        for (by_tag, _), (label, seen, columns) in found.items() if len(seen) >= minimum
    ]
    return sorted(themes, key=lambda t: (-t.count, not t.by_tag, t.label.casefold()))


def _add(seen: list[Meeting], meeting: Meeting) -> None:
    if meeting not in seen:
        seen.append(meeting)


# --- post-mortems -----------------------------------------------------------------------


def counterparts(meetings: tuple[Meeting, ...], meeting: Meeting) -> list[Meeting]:
    """For a post-mortem: the post-mortems of the same campaign with the other visibility.

    Seed 000: the internal post-mortem comes before the client one; each points to the other.
    """
    if meeting.spec.type != "post-mortem" or meeting.spec.campaign is None:
        return []
    return [
        m for m in meetings
        if m.spec.type == "post-mortem" and m.spec.campaign == meeting.spec.campaign and m.internal != meeting.internal
    ]


# --- timeline ---------------------------------------------------------------------------

EventKind = Literal["meeting", "campaign-start", "campaign-end", "survey"]


@dataclass(frozen=True)
class Event:
    date: dt.date
    kind: EventKind
    campaign: Campaign | None
    meeting: Meeting | None = None
    survey: Survey | None = None

    @property
    def type(self) -> str:
        """What the timeline filters on: the meeting type, or the event kind."""
        return self.meeting.spec.type if self.meeting else self.kind

    @property
    def decisions(self) -> int:
        return len(self.meeting.spec.decisions) if self.meeting else 0

    @property
    def actions(self) -> int:
        return len(self.meeting.spec.actions) if self.meeting else 0


def timeline(client: Client) -> list[Event]:
    """Meetings, campaign starts and ends and surveys, newest first.

    Everything is listed, also what lies after the report date (a campaign's end, a
    prepared note for the next meeting): the page marks those as upcoming.
    """
    events = [Event(m.spec.date, "meeting", client.campaign(m.spec.campaign) if m.spec.campaign else None, meeting=m)
              for m in client.meetings]
    for campaign in client.campaigns:
        events.append(Event(campaign.spec.start, "campaign-start", campaign))
        events.append(Event(campaign.spec.end, "campaign-end", campaign))
    events += [Event(s.spec.date, "survey", None, survey=s) for s in client.surveys]
    order = {"campaign-end": 0, "survey": 1, "meeting": 2, "campaign-start": 3}
    return sorted(events, key=lambda e: (e.date, -order[e.kind], e.meeting.slug if e.meeting else ""), reverse=True)
