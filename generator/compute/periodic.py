"""Weekly and monthly reports: what changed in a period, and what was said about it.

A report exists for every ISO week and every calendar month, up to the report date,
in which something happened: a campaign ran at least one day, or a meeting was held.
So every decision appears in the reports of its week and its month, and no report is
empty. A weekly report covers Monday to Sunday: each running campaign's KPIs this
week against last week on the same days (see ``compared_days``), its status at the
end of the week, what was decided in the week's meetings and the ``next-week`` plan
of its weekly note. A monthly report covers a calendar month: plan against fact for
the month, the status at the end of the month, and the comments and recommendations
of that month's notes. Pure functions; a period is reported up to the as-of date only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from ..models import Campaign, Client, Kpi, Meeting
from .campaigns import (
    DAY,
    SPEND,
    CampaignReport,
    MonthRow,
    campaign_report,
    column_sum,
    kpi_value,
    month_bounds,
    month_row,
    months,
    ratio,
)
from .rounding import half_up, shown_kpi

COMMENT_KEYS = (
    "done", "tracking", "surprises", "hours-deliverables-vs-forecast", "overages", "technical-challenges",
    "results", "activity", "competitors", "trends", "goals-met", "success-or-failure", "feedback",
)
"""Answers that comment on how things went, in the order a report lists them."""
RECOMMENDATION_KEYS = ("adjustments", "next-week", "plans", "changes-next-time")
"""Answers that recommend what to do next."""


@dataclass(frozen=True)
class Week:
    monday: dt.date

    @property
    def sunday(self) -> dt.date:
        return self.monday + 6 * DAY

    @property
    def iso(self) -> tuple[int, int]:
        year, week, _ = self.monday.isocalendar()
        return year, week

    @property
    def slug(self) -> str:
        year, week = self.iso
        return f"{year:04d}-w{week:02d}"

    @property
    def quarter(self) -> tuple[int, int]:
        """The year and quarter of the week's Thursday: where ISO puts a week that spans two years."""
        thursday = self.monday + 3 * DAY
        return thursday.year, (thursday.month - 1) // 3 + 1

    @property
    def previous(self) -> Week:
        return Week(self.monday - 7 * DAY)


def week_of(day: dt.date) -> Week:
    return Week(day - day.weekday() * DAY)


def _running_between(campaigns: tuple[Campaign, ...], first: dt.date, last: dt.date) -> list[Campaign]:
    return [c for c in campaigns if c.spec.start <= last and c.spec.end >= first]


def report_weeks(client: Client, as_of: dt.date) -> list[Week]:
    """Every ISO week, oldest first, with a campaign day or a meeting on or before the as-of date."""
    found = {week_of(m.spec.date) for m in client.meetings if m.spec.date <= as_of}
    for campaign in client.campaigns:
        week = week_of(campaign.spec.start)
        while week.monday <= min(campaign.spec.end, as_of) and campaign.spec.start <= as_of:
            found.add(week)
            week = Week(week.monday + 7 * DAY)
    return sorted(found, key=lambda w: w.monday)


def report_months(client: Client, as_of: dt.date) -> list[str]:
    """Every month (YYYY-MM), oldest first, with a campaign day or a meeting on or before the as-of date."""
    found = {m for c in client.campaigns for m in months(c.spec.start, min(c.spec.end, as_of))}
    found |= {m.spec.date.isoformat()[:7] for m in client.meetings if m.spec.date <= as_of}
    return sorted(found)


def meetings_between(client: Client, first: dt.date, last: dt.date) -> list[Meeting]:
    return [m for m in client.meetings if first <= m.spec.date <= last]


@dataclass(frozen=True)
class Change:
    """A figure this period against the period before, both as shown: the change is their difference."""

    current: Decimal | None
    previous: Decimal | None
    better: str | None = "higher"
    """``higher``, ``lower``, or None for a figure whose change is neither good nor bad news (spend, hours)."""

    @property
    def delta(self) -> float | None:
        if self.current is None or self.previous is None:
            return None
        return self.current - self.previous

    @property
    def delta_percent(self) -> float | None:
        return ratio(self.delta, self.previous)

    @property
    def rising(self) -> bool:
        return bool(self.delta and self.delta > 0)

    @property
    def improved(self) -> bool | None:
        """Whether the change is good news (None: no change or nothing to compare)."""
        if not self.delta or self.better is None:
            return None
        return (self.delta > 0) == (self.better == "higher")


def figure_between(campaign: Campaign, kpi: Kpi | None, first: dt.date, last: dt.date, as_of: dt.date) -> float | None:
    """A KPI (or the spend, for ``kpi=None``) over the campaign's days between two dates, up to as-of."""
    low, high = max(first, campaign.spec.start), min(last, campaign.spec.end, as_of)
    if low > high:
        return None
    rows = [row for row in campaign.metrics if low <= row.date <= high]
    return column_sum(rows, SPEND) if kpi is None else kpi_value(kpi, rows)


@dataclass(frozen=True)
class KpiChange:
    kpi: Kpi
    change: Change


Comparison = Literal["whole-week", "week-to-date", "same-days", "no-previous"]


@dataclass(frozen=True)
class CampaignWeek:
    report: CampaignReport
    """The campaign as of the end of the week (or the as-of date, inside the current week)."""
    kpis: tuple[KpiChange, ...]
    spend: Change
    hours: Change
    comparison: Comparison
    """Which days the week is compared on: the whole week with the whole week before, the week so
    far with the same weekdays, the days both weeks ran (a first or last week), or nothing before."""
    compared: tuple[dt.date, dt.date]
    """The first and last day of this week that the figures count."""


@dataclass(frozen=True)
class WeeklyReport:
    week: Week
    last_day: dt.date
    """The week's last counted day: Sunday, or the as-of date in the current week."""
    campaigns: tuple[CampaignWeek, ...]
    meetings: tuple[Meeting, ...]
    """Meetings held in the week, oldest first: their decisions are the week's decisions."""
    weekly_notes: tuple[Meeting, ...]
    """The week's ``weekly`` notes: what was done, and the plan for next week."""

    @property
    def complete(self) -> bool:
        return self.last_day == self.week.sunday


def _hours_between(campaign: Campaign, first: dt.date, last: dt.date) -> float:
    return sum(e.hours for e in campaign.work if first <= e.date <= last)


def _weekdays_run(campaign: Campaign, monday: dt.date, last: dt.date) -> set[int]:
    """The weekdays (0 = Monday) from ``monday`` to ``last`` on which the campaign ran."""
    return {offset for offset in range((last - monday).days + 1) if campaign.spec.start <= monday + offset * DAY <= campaign.spec.end}


def compared_days(campaign: Campaign, week: Week, last_day: dt.date) -> tuple[Comparison, tuple[int, int] | None]:
    """Which weekdays (first, last) to compare: like with like, the same days of both weeks.

    A whole week against the whole week before; a week still running against the same
    weekdays; a first week after a partial one, or a campaign's last, partial week, on
    the weekdays both weeks ran, so a partial week never reads as a collapse or a boom.
    """
    this = _weekdays_run(campaign, week.monday, last_day)
    before = _weekdays_run(campaign, week.previous.monday, week.previous.sunday)
    both = this & before
    if not both:
        return "no-previous", None
    span = (min(both), max(both))
    if both == set(range(7)):
        return "whole-week", span
    if both == set(range((last_day - week.monday).days + 1)):
        return "week-to-date", span
    return "same-days", span


def campaign_week(campaign: Campaign, week: Week, last_day: dt.date, as_of: dt.date, currency: str) -> CampaignWeek:
    comparison, span = compared_days(campaign, week, last_day)
    if span is None:
        run = sorted(_weekdays_run(campaign, week.monday, last_day))
        this, before = (week.monday + run[0] * DAY, week.monday + run[-1] * DAY), None
    else:
        this = (week.monday + span[0] * DAY, week.monday + span[1] * DAY)
        before = (week.previous.monday + span[0] * DAY, week.previous.monday + span[1] * DAY)

    def change(kpi: Kpi | None, unit: str, better: str | None) -> Change:
        current = figure_between(campaign, kpi, *this, as_of)
        previous = figure_between(campaign, kpi, *before, as_of) if before else None
        return Change(shown_kpi(unit, current, currency), shown_kpi(unit, previous, currency), better)

    hours_before = half_up(_hours_between(campaign, *before), 2) if before else None
    return CampaignWeek(
        campaign_report(campaign, last_day),
        tuple(KpiChange(k, change(k, k.unit, k.better)) for k in campaign.spec.kpis),
        change(None, "currency", None),
        Change(half_up(_hours_between(campaign, *this), 2), hours_before, None),
        comparison, this,
    )


def weekly_report(client: Client, week: Week, as_of: dt.date) -> WeeklyReport:
    """The week against the week before, like with like (``compared_days``)."""
    last_day = min(week.sunday, as_of)
    currency = client.spec.currency
    campaigns = [
        campaign_week(campaign, week, last_day, as_of, currency)
        for campaign in _running_between(client.campaigns, week.monday, last_day)
        if _weekdays_run(campaign, week.monday, last_day)
    ]
    held = meetings_between(client, week.monday, last_day)
    return WeeklyReport(
        week, last_day, tuple(campaigns), tuple(held), tuple(m for m in held if m.spec.type == "weekly"),
    )


@dataclass(frozen=True)
class KpiMonth:
    kpi: Kpi
    row: MonthRow
    status: str
    """The KPI's status at the end of the month (campaign to date)."""


@dataclass(frozen=True)
class CampaignMonth:
    report: CampaignReport
    """The campaign as of the end of the month (or the as-of date, inside the current month)."""
    kpis: tuple[KpiMonth, ...]
    spend: float | None
    hours: float


@dataclass(frozen=True)
class Remark:
    meeting: Meeting
    key: str
    text: str


@dataclass(frozen=True)
class MonthlyReport:
    month: str
    last_day: dt.date
    campaigns: tuple[CampaignMonth, ...]
    meetings: tuple[Meeting, ...]
    comments: tuple[Remark, ...]
    recommendations: tuple[Remark, ...]
    """Answers that recommend a next step (the month's decisions are in its meetings)."""

    @property
    def complete(self) -> bool:
        return self.last_day == month_bounds(self.month)[1]


def remarks(meetings: list[Meeting], keys: tuple[str, ...]) -> tuple[Remark, ...]:
    """The answers of these meetings under these keys, meeting by meeting, in the keys' order."""
    found = []
    for meeting in meetings:
        for key in keys:
            text = meeting.spec.answers.get(key, "").strip()
            if text:
                found.append(Remark(meeting, key, text))
    return tuple(found)


def monthly_report(client: Client, month: str, as_of: dt.date) -> MonthlyReport:
    first, last = month_bounds(month)
    last_day = min(last, as_of)
    campaigns = []
    for campaign in _running_between(client.campaigns, first, last_day):
        report = campaign_report(campaign, last_day)
        campaigns.append(CampaignMonth(
            report,
            tuple(
                KpiMonth(k.kpi, month_row(k.kpi, campaign, report.period, month), k.status) for k in report.kpis
            ),
            figure_between(campaign, None, first, last_day, as_of),
            _hours_between(campaign, first, last_day),
        ))
    held = meetings_between(client, first, last_day)
    return MonthlyReport(
        month, last_day, tuple(campaigns), tuple(held), remarks(held, COMMENT_KEYS), remarks(held, RECOMMENDATION_KEYS),
    )


def latest_reports(client: Client, as_of: dt.date) -> tuple[Week | None, str | None]:
    """The newest weekly and monthly report of the client, if any."""
    weeks, months_ = report_weeks(client, as_of), report_months(client, as_of)
    return (weeks[-1] if weeks else None), (months_[-1] if months_ else None)

