"""What several pages show alike: a campaign's headline and status tiles, what is known on the report date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Literal

from ...models import Client
from ..campaigns import STATUS_ORDER, BudgetReport, CampaignReport, DeliverablesReport, HoursReport, KpiReport, Status
from ..campaigns import MonthRow
from ..rounding import half_up, shown_kpi

Stage = Literal["not-started", "running", "ended"]


def known_on(client: Client, as_of: dt.date) -> Client:
    """The client as its sites may show it on the report date: nothing later, except the next prepared meeting.

    Notes and surveys dated after the report date are left out (a post-mortem written
    later must not stand beside "so far" figures); the earliest note after it stays,
    since a meeting prepared ahead is what the client expects to see next.
    """
    later = [m for m in client.meetings if m.spec.date > as_of]
    meetings = tuple(m for m in client.meetings if m.spec.date <= as_of) + tuple(later[:1])
    return replace(client, meetings=meetings, surveys=tuple(s for s in client.surveys if s.spec.date <= as_of))


def progress(share: float | None) -> Decimal | None:
    """A progress bar's value: the share, at most 1, to four decimals."""
    return None if share is None else half_up(min(share, 1.0), 4)


@dataclass(frozen=True)
class Headline:
    """A campaign's verdict in one line: its worst status, how many KPIs have each, where it stands in time."""

    status: Status
    counts: tuple[tuple[Status, int], ...]
    """Worst first."""
    kpis: int
    stage: Stage
    start: dt.date
    end: dt.date
    day: int
    days: int
    to_go: int


def stage_of(report: CampaignReport) -> Stage:
    when = report.period
    return "not-started" if not when.started else "ended" if when.ended else "running"


def headline(report: CampaignReport) -> Headline:
    when = report.period
    statuses = [k.status for k in report.kpis]
    counts = tuple((status, statuses.count(status)) for status in STATUS_ORDER if status in statuses)
    return Headline(report.worst_status, counts, len(statuses), stage_of(report), when.start, when.end,
                    when.elapsed_days, when.total_days, when.remaining_days)


@dataclass(frozen=True)
class KpiTile:
    report: KpiReport
    progress: Decimal | None
    """Share of the target for a higher-is-better summed KPI; None for ratios and lower-is-better KPIs."""
    detail: Literal["against-target", "share-of-target", "pace", "none"]
    against_target: float | None
    """A ratio KPI: how far its value is from the target, as a share of the target."""


def kpi_tile(report: KpiReport) -> KpiTile:
    kpi = report.kpi
    if kpi.ratio is not None:
        detail = "against-target" if report.percent_of_target is not None else "none"
    elif report.status in ("met", "missed"):
        detail = "share-of-target"
    else:
        detail = "pace" if report.expected else "none"
    shown = None if kpi.ratio is not None or kpi.better == "lower" else progress(report.percent_of_target)
    against = report.percent_of_target - 1 if report.percent_of_target is not None else None
    return KpiTile(report, shown, detail, against)  # type: ignore[arg-type]


@dataclass(frozen=True)
class BudgetTile:
    report: BudgetReport
    progress: Decimal | None
    detail: Literal["projected", "over", "none"]
    over: float | None
    """Spent beyond the budget, once the campaign has ended over it."""


def budget_tile(report: BudgetReport) -> BudgetTile:
    if report.projected is not None and report.status not in ("met", "missed"):
        detail = "projected"
    else:
        detail = "over" if report.status == "missed" else "none"
    over = report.spent - report.budget if report.status == "missed" and report.spent is not None else None
    return BudgetTile(report, progress(report.share_spent), detail, over)  # type: ignore[arg-type]


@dataclass(frozen=True)
class HoursTile:
    report: HoursReport
    progress: Decimal | None
    detail: Literal["projected", "over", "none"]
    projected: Decimal | None
    """Whole hours, as shown."""
    overage: Decimal | None
    """projected - planned, whole hours, as shown."""


def whole_hours(value: float | None) -> Decimal | None:
    return half_up(value, 0)


def hours_tile(report: HoursReport) -> HoursTile:
    if report.projected is not None and report.status not in ("met", "missed"):
        detail = "projected"
    else:
        detail = "over" if report.over_plan else "none"
    projected = whole_hours(report.projected)
    overage = projected - half_up(report.planned, 0) if projected is not None else None  # type: ignore[operator]
    return HoursTile(report, progress(report.share_used), detail, projected, overage)  # type: ignore[arg-type]


@dataclass(frozen=True)
class DeliverablesTile:
    report: DeliverablesReport
    delivered: int
    total: int
    overdue: int
    late: int
    over_allowance: int
    progress: Decimal | None


def deliverables_tile(report: DeliverablesReport) -> DeliverablesTile:
    total = len(report.items)
    return DeliverablesTile(
        report, report.delivered, total, report.count("overdue"), report.count("late"), len(report.over_allowance),
        progress(report.delivered / total) if total else None,
    )


@dataclass(frozen=True)
class StatusStrip:
    kpis: tuple[KpiTile, ...]
    budget: BudgetTile | None = None
    hours: HoursTile | None = None
    deliverables: DeliverablesTile | None = None
    """None when the campaign lists no deliverables (or the strip shows KPIs only)."""


def status_strip(report: CampaignReport, full: bool = True) -> StatusStrip:
    kpis = tuple(kpi_tile(k) for k in report.kpis)
    if not full:
        return StatusStrip(kpis)
    deliverables = deliverables_tile(report.deliverables) if report.deliverables.items else None
    return StatusStrip(kpis, budget_tile(report.budget), hours_tile(report.hours), deliverables)


@dataclass(frozen=True)
class CampaignSummary:
    """A campaign as a home page or a report heads it: the figures, the verdict, the tiles."""

    report: CampaignReport
    headline: Headline
    strip: StatusStrip


def summary(report: CampaignReport, full: bool = True) -> CampaignSummary:
    return CampaignSummary(report, headline(report), status_strip(report, full))


@dataclass(frozen=True)
class MonthRowShown:
    """A KPI's month as pages show it: each figure rounded, the variance the difference of the shown figures."""

    name: str
    """The KPI's name (monthly report), or the month as YYYY-MM (campaign page)."""
    unit: str
    plan: Decimal | None
    plan_to_date: Decimal | None
    implied: bool
    reached: bool
    complete: bool
    fact: Decimal | None
    variance: Decimal | None
    variance_percent: Decimal | None
    status: str


def month_row_shown(name: str, unit: str, row: MonthRow, status: str, currency: str) -> MonthRowShown:
    plan_to_date, fact = shown_kpi(unit, row.plan_to_date, currency), shown_kpi(unit, row.fact, currency)
    variance = fact - plan_to_date if fact is not None and plan_to_date is not None else None
    percent = variance / plan_to_date if variance is not None and plan_to_date else None
    return MonthRowShown(name, unit, shown_kpi(unit, row.plan, currency), plan_to_date, row.implied, row.reached,
                         row.complete, fact, variance, percent, status)
