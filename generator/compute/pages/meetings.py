"""Pages about the meetings: each meeting, the history, the action register, meeting health, lessons."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Literal

from ...models import Campaign, Client, Lesson, Meeting
from ...questions import question_keys
from .. import actions, meetings, satisfaction
from ..actions import OwnerActions, TrackedAction
from ..campaigns import KpiReport, Period, campaign_report
from ..meetings import Checklist, Event, RhythmCheck, Theme
from ..internal import InternalOnly
from ..satisfaction import Score
from ..track_record import TargetCheck, TrackRecord, target_checks


@dataclass(frozen=True)
class ActionRow:
    tracked: TrackedAction
    done: dt.date | None
    """The done date, shown once the action is done on the page's date: never a date after it."""


def action_row(tracked: TrackedAction) -> ActionRow:
    return ActionRow(tracked, tracked.action.done if tracked.state == "done" else None)


@dataclass(frozen=True)
class Outcome:
    """A post-mortem's campaign outcome, computed from the data."""

    campaign: Campaign
    period: Period
    kpis: tuple[KpiReport, ...]
    met: int
    total: int


@dataclass(frozen=True)
class RetroColumn:
    key: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class MeetingPage:
    meeting: Meeting
    campaign: Campaign | None
    as_of: dt.date
    upcoming: bool
    """A note prepared ahead: its carried-over actions are as they stand on the report date."""
    actions: tuple[ActionRow, ...]
    carried: tuple[TrackedAction, ...]
    retro: tuple[RetroColumn, ...]
    outcome: Outcome | None
    answered: tuple[str, ...]
    """The standard question keys this meeting answered, in the questions' order."""
    checklist: Checklist | None
    """Internal sites only."""
    counterparts: tuple[Meeting, ...]
    """Internal sites only: the same campaign's post-mortem of the other visibility."""


def meeting_page(client: Client, meeting: Meeting, as_of: dt.date, internal: bool) -> MeetingPage:
    campaign = client.campaign(meeting.spec.campaign) if meeting.spec.campaign else None
    outcome = None
    if campaign is not None and meeting.spec.type == "post-mortem":
        report = campaign_report(campaign, as_of)
        outcome = Outcome(campaign, report.period, report.kpis, sum(1 for k in report.kpis if k.status == "met"), len(report.kpis))
    retro = ()
    if meeting.spec.retro is not None:
        retro = tuple(RetroColumn(key, tuple(items)) for key, items in zip(meetings.RETRO_COLUMNS, meetings.retro_columns(meeting)))
    return MeetingPage(
        meeting, campaign, as_of, meeting.spec.date > as_of,
        tuple(action_row(actions.track(a, meeting, as_of)) for a in meeting.spec.actions),
        tuple(actions.carried_over(client.meetings, meeting, as_of)), retro, outcome,
        tuple(key for key in question_keys(meeting.spec.type) if meeting.spec.answers.get(key, "").strip()),
        meetings.checklist(meeting) if internal else None,
        tuple(meetings.counterparts(client.meetings, meeting)) if internal else (),
    )


@dataclass(frozen=True)
class InternalPostMortemPage(MeetingPage, InternalOnly):
    """A post-mortem on the internal site: how the campaign ranked among the agency's past campaigns once it ended."""

    targets: tuple[TargetCheck, ...]


def internal_meeting_page(client: Client, meeting: Meeting, as_of: dt.date, record: TrackRecord) -> MeetingPage:
    """The internal site's meeting page; a post-mortem of an ended campaign also carries its track-record ranks."""
    page = meeting_page(client, meeting, as_of, internal=True)
    if page.outcome is None or not page.outcome.period.ended:
        return page
    shared = {f.name: getattr(page, f.name) for f in fields(page)}
    return InternalPostMortemPage(**shared, targets=target_checks(record, client, page.outcome.campaign, as_of))


@dataclass(frozen=True)
class TimelineEvent:
    event: Event
    filter: str
    """What the type filter matches: the meeting type, ``campaign`` or ``survey``."""
    upcoming: bool
    score: Score | None


@dataclass(frozen=True)
class HistoryPage:
    meetings: int
    surveys: int
    events: tuple[TimelineEvent, ...]
    """Newest first."""
    meeting_types: tuple[str, ...]
    """The types that occur, for the filter, in the order of the contract."""
    campaigns: tuple[Campaign, ...]


def history_page(client: Client, as_of: dt.date, types: tuple[str, ...]) -> HistoryPage:
    events = meetings.timeline(client)
    scores = {s.survey.slug: s for s in satisfaction.scores(client.surveys)}
    return HistoryPage(
        len(client.meetings), len(client.surveys),
        tuple(TimelineEvent(
            e, "campaign" if e.kind in ("campaign-start", "campaign-end") else e.type, e.date > as_of,
            scores.get(e.survey.slug) if e.survey else None) for e in events),
        tuple(t for t in types if any(e.meeting and e.type == t for e in events)), client.campaigns,
    )


@dataclass(frozen=True)
class Owner:
    group: OwnerActions
    actions: tuple[ActionRow, ...]
    total: int
    overdue: int
    open: int
    done: int


@dataclass(frozen=True)
class ActionsPage:
    as_of: dt.date
    overdue: int
    open: int
    done: int
    late: int
    """Done after their due date."""
    owners: tuple[Owner, ...]


def actions_page(client: Client, as_of: dt.date) -> ActionsPage:
    tracked = actions.register(client.meetings, as_of)

    def count(items, state: str) -> int:
        return sum(1 for t in items if t.state == state)

    return ActionsPage(
        as_of, count(tracked, "overdue"), count(tracked, "open"), count(tracked, "done"),
        sum(1 for t in tracked if t.state == "done" and (t.days_late or 0) > 0),
        tuple(Owner(g, tuple(action_row(t) for t in g.actions), len(g.actions), g.count("overdue"), g.count("open"), g.count("done"))
              for g in actions.by_owner(tracked)),
    )


@dataclass(frozen=True)
class Rhythm:
    check: RhythmCheck
    state: Literal["overdue", "due"]
    days: int
    """Overdue by, or due within, so many days."""


def rhythm_rows(checks: list[RhythmCheck]) -> tuple[Rhythm, ...]:
    return tuple(Rhythm(c, "overdue" if c.overdue else "due", abs(c.days - c.limit)) for c in checks)


@dataclass(frozen=True)
class ChecklistRow:
    checklist: Checklist
    asked: int


@dataclass(frozen=True)
class HealthPage:
    as_of: dt.date
    rhythm: tuple[Rhythm, ...]
    themes: tuple[Theme, ...]
    checklists: tuple[ChecklistRow, ...]
    """Newest meeting first."""
    complete: int
    """Meetings that answered every standard question."""
    total: int


def health_page(client: Client, as_of: dt.date) -> HealthPage:
    checklists = [c for c in (meetings.checklist(m) for m in reversed(client.meetings)) if c]
    return HealthPage(
        as_of, rhythm_rows(meetings.rhythm(client, as_of)), tuple(meetings.recurring_themes(client.meetings)),
        tuple(ChecklistRow(c, len(c.asked)) for c in checklists), sum(1 for c in checklists if not c.missing),
        len(checklists),
    )


@dataclass(frozen=True)
class LessonEntry:
    client: Client
    meeting: Meeting
    lesson: Lesson


@dataclass(frozen=True)
class Tag:
    tag: str
    """'' for the lessons without a tag."""
    entries: tuple[LessonEntry, ...]
    """Newest first."""
    count: int


def lessons_by_tag(sources: list[tuple[Client, Meeting]]) -> tuple[Tag, ...]:
    """Lessons grouped by tag (untagged under ''), tags in name order, newest lesson first."""
    grouped: dict[str, list[LessonEntry]] = {}
    for client, meeting in sources:
        for lesson in meeting.spec.lessons:
            for tag in lesson.tags or [""]:
                grouped.setdefault(tag, []).append(LessonEntry(client, meeting, lesson))
    for entries in grouped.values():
        entries.sort(key=lambda e: (e.meeting.spec.date, e.client.slug, e.meeting.slug), reverse=True)
    return tuple(Tag(tag, tuple(entries), len(entries)) for tag, entries in sorted(grouped.items()))


@dataclass(frozen=True)
class LessonsPage:
    tags: tuple[Tag, ...]


def lessons_page(client: Client) -> LessonsPage:
    return LessonsPage(lessons_by_tag([(client, m) for m in client.meetings]))


@dataclass(frozen=True)
class LibraryPage:
    """The portfolio's lessons library: every lesson, or one tag's."""

    tag: Tag | None
    entries: tuple[LessonEntry, ...]
    tags: tuple[Tag, ...]
    """On the index: every tag with its count."""


def library_pages(clients: tuple[Client, ...]) -> tuple[LibraryPage, ...]:
    """The index (every lesson, newest first) and a page per tag."""
    sources = [(c, m) for c in clients for m in c.meetings]
    tags = lessons_by_tag(sources)
    every = tuple(LessonEntry(c, m, lesson) for c, m in sorted(sources, key=lambda s: s[1].spec.date, reverse=True)
                  for lesson in m.spec.lessons)
    return (LibraryPage(None, every, tags), *(LibraryPage(tag, tag.entries, ()) for tag in tags))
