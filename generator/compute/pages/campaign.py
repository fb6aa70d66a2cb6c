"""The campaign page: status, what happens next, KPIs with their series and months, budget, hours,
deliverables, channels, and the reports and meetings about the campaign."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Literal, TypeVar

from ...models import Campaign, Client, Meeting
from .. import campaigns as compute
from .. import periodic
from ..campaigns import (
    BudgetReport, BurnPoint, CampaignReport, ChannelRow, DeliverableStatus, DeliverablesReport, HoursReport,
    KpiReport, SeriesPoint, Status,
)
from ..internal import InternalOnly
from ..rounding import half_up
from ..track_record import TargetCheck, TrackRecord, target_checks
from .common import CampaignSummary, MonthRowShown, month_row_shown, summary, whole_hours

UPDATE_KEYS = ("tracking", "done", "results", "goals-met")
"""Answers that say where a campaign stands: the latest one is the team's word beside the figures."""

Dated = TypeVar("Dated", SeriesPoint, BurnPoint)


def weekly_sample(points: list[Dated]) -> tuple[Dated, ...]:
    """Every Sunday and the last day: a table a person can read beside a daily chart."""
    return tuple(p for i, p in enumerate(points) if p.date.weekday() == 6 or i == len(points) - 1)


@dataclass(frozen=True)
class Update:
    meeting: Meeting
    text: str


def latest_update(meetings: tuple[Meeting, ...]) -> Update | None:
    """The newest answer saying where the campaign stands, with its meeting."""
    for meeting in reversed(meetings):
        for key in UPDATE_KEYS:
            text = meeting.spec.answers.get(key, "").strip()
            if text:
                return Update(meeting, text)
    return None


@dataclass(frozen=True)
class NextStep:
    """A row of "What happens next": the target, where the current pace ends, the rates."""

    kind: Literal["kpi", "spend", "hours"]
    kpi: KpiReport | None
    target: float
    projected: float | None
    rate: float | None
    """The daily rate the projection assumes from now on."""
    needed: float | None
    """The daily rate from now on that ends exactly on target (None: cannot be reached, or nothing to count)."""
    cap_passed: bool
    status: Status


@dataclass(frozen=True)
class WhatIf:
    kpi: KpiReport
    kind: Literal["needed", "cap-passed"]


@dataclass(frozen=True)
class KpiSection:
    report: KpiReport
    series: tuple[SeriesPoint, ...]
    """Day by day, for the chart."""
    rows: tuple[SeriesPoint, ...]
    """Every Sunday and the last day, for the table beneath it."""
    projection: tuple[tuple[dt.date, float], ...]
    """From the last counted day to the end, through each month's end: the chart's dotted line."""
    months: tuple[MonthRowShown, ...]
    has_data: bool
    has_plan: bool


@dataclass(frozen=True)
class BudgetRow:
    date: dt.date
    spent: float | None
    even: float
    """The budget spread evenly over the campaign's days, up to this day."""
    share: float | None


@dataclass(frozen=True)
class BudgetSection:
    report: BudgetReport
    share_elapsed: float
    outcome: Literal["no-spend", "over", "within", "projected-over", "projected-under", "spent"]
    amount: float | None
    """Over or within: what was overspent or left; projected: the overage or what stays under."""
    series: tuple[BurnPoint, ...]
    rows: tuple[BudgetRow, ...]


@dataclass(frozen=True)
class HoursSection:
    report: HoursReport
    outlook: Literal["over", "under", "none"]
    projected: Decimal | None
    difference: Decimal | None
    """Whole hours over (or under) the plan at the end, as shown."""


@dataclass(frozen=True)
class DeliverablesSection:
    report: DeliverablesReport
    items: tuple[DeliverableStatus, ...]
    delivered: int
    total: int
    on_time: int
    late: int
    open: int
    overdue: int


@dataclass(frozen=True)
class CampaignPage:
    client: Client
    campaign: Campaign
    as_of: dt.date
    summary: CampaignSummary
    update: Update | None
    running: bool
    next_steps: tuple[NextStep, ...]
    what_ifs: tuple[WhatIf, ...]
    kpis: tuple[KpiSection, ...]
    left_out: tuple[KpiReport, ...]
    """Ratio KPIs that left days out of their sums (a value missing), to say how many."""
    budget: BudgetSection
    hours: HoursSection
    deliverables: DeliverablesSection
    channels: tuple[ChannelRow, ...]
    channel_measures: tuple[str, ...]
    """What the channel chart splits: ``spend`` and the summed KPIs' ids; empty: no chart."""
    latest_week: periodic.Week | None
    latest_month: str | None
    meetings: tuple[Meeting, ...]
    """The campaign's meetings up to the report date, newest first."""
    data_until: dt.date | None
    """The last day with data, when a running campaign's data stops well before the report date."""


def next_steps(report: CampaignReport) -> tuple[NextStep, ...]:
    rows = [NextStep("kpi", k, k.kpi.target, k.projected, k.daily_rate, k.needed_rate, k.cap_passed, k.status)
            for k in report.kpis]
    b, h = report.budget, report.hours
    rows.append(NextStep("spend", None, b.budget, b.projected, b.daily_rate, b.needed_rate, False, b.status))
    rows.append(NextStep("hours", None, h.planned, h.projected, h.daily_rate, h.needed_rate, False, h.status))
    return tuple(rows)


def what_ifs(report: CampaignReport) -> tuple[WhatIf, ...]:
    """For each summed KPI behind (or past its cap): what it would take to end on target."""
    found = []
    for k in report.kpis:
        if k.cap_passed:
            found.append(WhatIf(k, "cap-passed"))
        elif k.needed_rate is not None and k.status in ("at-risk", "off-track"):
            found.append(WhatIf(k, "needed"))
    return tuple(found)  # type: ignore[arg-type]


def budget_section(report: CampaignReport, spend: list[BurnPoint]) -> BudgetSection:
    b, when = report.budget, report.period
    amount: float | None = None
    if b.spent is None:
        outcome = "no-spend"
    elif when.ended:
        outcome = "over" if b.spent > b.budget else "within"
        amount = abs(b.spent - b.budget)
    elif b.projected_overage is not None:
        outcome = "projected-over" if b.projected_overage > 0 else "projected-under"
        amount = abs(b.projected_overage)
    else:
        outcome = "spent"
    rows = tuple(
        BudgetRow(p.date, p.spent, b.budget * ((p.date - when.start).days + 1) / when.total_days,
                  compute.ratio(p.spent, b.budget))
        for p in weekly_sample(spend)
    )
    return BudgetSection(b, when.share_elapsed, outcome, amount, tuple(spend), rows)  # type: ignore[arg-type]


def hours_section(report: CampaignReport) -> HoursSection:
    h = report.hours
    if h.projected is None or report.period.ended:
        return HoursSection(h, "none", None, None)
    projected = whole_hours(h.projected)
    difference = abs(projected - half_up(h.planned, 0))  # type: ignore[operator]
    return HoursSection(h, "over" if h.overage and h.overage > 0 else "under", projected, difference)


def deliverables_section(d: DeliverablesReport) -> DeliverablesSection:
    return DeliverablesSection(d, d.items, d.delivered, len(d.items), d.count("on-time"), d.count("late"),
                               d.count("open"), d.count("overdue"))


def projection_path(report: KpiReport, when: compute.Period) -> tuple[tuple[dt.date, float], ...]:
    """Where the projection runs: actual + what the plan expects from now to each day x the current pace.

    The same rule as ``projected`` (``compute.projection``), drawn through each month's end,
    so a back-loaded plan's projection bends where the plan does.
    """
    kpi, actual, expected = report.kpi, report.actual, report.expected
    if kpi.ratio is not None or actual is None or expected is None or report.projected is None or when.ended:
        return ()
    days = [when.last_counted] + [compute.month_bounds(m)[1] for m in compute.months(when.last_counted, when.end)][:-1] + [when.end]
    path = [(day, actual + (compute.expected_to_date(kpi, compute.Period(when.start, when.end, day)) - expected)
             * (actual / expected if expected else 1.0)) for day in dict.fromkeys(days)]
    if not compute.whole_plan(kpi, when):  # nothing planned: the straight line of the rate so far
        path = [(when.last_counted, actual), (when.end, report.projected)]
    return tuple(path[:-1]) + ((when.end, report.projected),)


def campaign_page(client: Client, campaign: Campaign, as_of: dt.date) -> CampaignPage:
    report = compute.campaign_report(campaign, as_of)
    when = report.period
    channels = compute.channel_split(campaign, when) if when.started else []
    sections = []
    for k in report.kpis:
        series = compute.cumulative_series(k.kpi, campaign, when)
        months = compute.monthly_plan_vs_fact(k.kpi, campaign, when)
        sections.append(KpiSection(
            k, tuple(series), weekly_sample(series), projection_path(k, when),
            tuple(month_row_shown(row.month, k.kpi.unit, row, k.status, client.spec.currency) for row in months),
            any(point.actual is not None for point in series), bool(k.kpi.plan),
        ))
    spend = compute.spend_series(campaign, when) if report.has_spend else []
    measures = (("spend",) if report.has_spend else ()) + tuple(k.id for k in campaign.spec.kpis if k.metric is not None)
    meetings = tuple(m for m in client.meetings if m.spec.campaign == campaign.slug and m.spec.date <= as_of)
    week, month = periodic.latest_reports(client, as_of)
    return CampaignPage(
        client, campaign, as_of, summary(report), latest_update(meetings), when.started and not when.ended,
        next_steps(report), what_ifs(report), tuple(sections), tuple(k for k in report.kpis if k.days_left_out),
        budget_section(report, spend), hours_section(report),
        deliverables_section(report.deliverables), tuple(channels),
        measures if len(channels) > 1 and measures else (), week, month, tuple(reversed(meetings)),
        report.data_until,
    )


@dataclass(frozen=True)
class InternalCampaignPage(CampaignPage, InternalOnly):
    """The campaign page of the internal site: the same figures, and each target against the agency's track record.

    A type of its own, so the model of a client's campaign page has no place for other clients' figures.
    """

    targets: tuple[TargetCheck, ...]
    """The KPIs with past campaigns to compare with, in the campaign's KPI order."""


def internal_campaign_page(client: Client, campaign: Campaign, as_of: dt.date, record: TrackRecord) -> InternalCampaignPage:
    page = campaign_page(client, campaign, as_of)
    shared = {f.name: getattr(page, f.name) for f in fields(page)}
    return InternalCampaignPage(**shared, targets=target_checks(record, client, campaign, as_of))
