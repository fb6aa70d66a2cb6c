"""Weekly and monthly reports and their index: the figures of a period and what was said and decided in it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ...models import Client, Meeting
from .. import actions, periodic
from ..actions import TrackedAction
from ..campaigns import DAY, Status
from ..periodic import CampaignMonth, CampaignWeek, MonthlyReport, Remark, Week, WeeklyReport
from .common import CampaignSummary, MonthRowShown, month_row_shown, summary


@dataclass(frozen=True)
class Decision:
    text: str
    meeting: Meeting


@dataclass(frozen=True)
class Answer:
    text: str
    meeting: Meeting


def decisions(meetings: tuple[Meeting, ...]) -> tuple[Decision, ...]:
    return tuple(Decision(text, m) for m in meetings for text in m.spec.decisions)


def answers(meetings: tuple[Meeting, ...], key: str) -> tuple[Answer, ...]:
    return tuple(Answer(m.spec.answers[key], m) for m in meetings if m.spec.answers.get(key, "").strip())


@dataclass(frozen=True)
class WeekCampaign:
    figures: CampaignWeek
    summary: CampaignSummary


@dataclass(frozen=True)
class WeeklyPage:
    report: WeeklyReport
    campaigns: tuple[WeekCampaign, ...]
    done: tuple[Answer, ...]
    """The ``done`` answers of the week's weekly notes."""
    next_week: tuple[Answer, ...]
    decisions: tuple[Decision, ...]
    due_next: tuple[TrackedAction, ...]
    """Actions still open at the end of the week and due in the week after."""


def weekly_page(client: Client, week: Week, as_of: dt.date) -> WeeklyPage:
    report = periodic.weekly_report(client, week, as_of)
    following = Week(week.monday + 7 * DAY)
    due_next = tuple(
        t for t in actions.still_open(actions.register(client.meetings, report.last_day))
        if following.monday <= t.action.due <= following.sunday
    )
    return WeeklyPage(
        report, tuple(WeekCampaign(c, summary(c.report, full=False)) for c in report.campaigns),
        answers(report.weekly_notes, "done"), answers(report.weekly_notes, "next-week"),
        decisions(report.meetings), due_next,
    )


@dataclass(frozen=True)
class MonthCampaign:
    figures: CampaignMonth
    summary: CampaignSummary
    rows: tuple[MonthRowShown, ...]


@dataclass(frozen=True)
class MonthlyPage:
    report: MonthlyReport
    campaigns: tuple[MonthCampaign, ...]
    comments: tuple[Remark, ...]
    recommendations: tuple[Remark, ...]
    decisions: tuple[Decision, ...]


def monthly_page(client: Client, month: str, as_of: dt.date) -> MonthlyPage:
    report = periodic.monthly_report(client, month, as_of)
    currency = client.spec.currency
    campaigns = tuple(
        MonthCampaign(c, summary(c.report, full=False), tuple(
            month_row_shown(k.kpi.name, k.kpi.unit, k.row, k.status, currency) for k in c.kpis))
        for c in report.campaigns
    )
    return MonthlyPage(report, campaigns, report.comments, report.recommendations, decisions(report.meetings))


@dataclass(frozen=True)
class CampaignStatus:
    name: str
    status: Status


@dataclass(frozen=True)
class MonthEntry:
    month: str
    complete: bool
    campaigns: tuple[CampaignStatus, ...]


@dataclass(frozen=True)
class WeekEntry:
    week: Week
    campaigns: tuple[CampaignStatus, ...]


@dataclass(frozen=True)
class ReportsIndex:
    months: tuple[MonthEntry, ...]
    """Newest first."""
    weeks: tuple[WeekEntry, ...]


@dataclass(frozen=True)
class ReportPages:
    """Every report of a client: the index and each weekly and monthly page, oldest first."""

    index: ReportsIndex
    weekly: tuple[WeeklyPage, ...]
    monthly: tuple[MonthlyPage, ...]


def report_pages(client: Client, as_of: dt.date) -> ReportPages:
    monthly = tuple(monthly_page(client, month, as_of) for month in periodic.report_months(client, as_of))
    weekly = tuple(weekly_page(client, week, as_of) for week in periodic.report_weeks(client, as_of))

    def statuses(campaigns) -> tuple[CampaignStatus, ...]:
        return tuple(CampaignStatus(c.report.campaign.spec.name, c.report.worst_status) for c in campaigns)

    index = ReportsIndex(
        tuple(MonthEntry(p.report.month, p.report.complete, statuses(p.report.campaigns)) for p in reversed(monthly)),
        tuple(WeekEntry(p.report.week, statuses(p.report.campaigns)) for p in reversed(weekly)),
    )
    return ReportPages(index, weekly, monthly)
