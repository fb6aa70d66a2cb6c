"""Campaign arithmetic: KPIs against plan, pacing, forecasts, budget, hours, deliverables.

Pure functions over the typed models: no I/O, no clock. Every figure a page shows
is computed here, so it can be tested with exact numbers. A value that cannot be
computed (a zero denominator, no data yet) is None and shows as "n/a".
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Literal

from ..models import Campaign, Client, Kpi, MetricRow

ON_TRACK, AT_RISK = 0.95, 0.80
"""Pace thresholds: at least 95 % of the expected value is on track, under 80 % off track."""

Status = Literal["not-started", "on-track", "at-risk", "off-track", "met", "missed", "no-data"]
DAY = dt.timedelta(days=1)


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    """numerator / denominator, or None when either is missing or the denominator is zero."""
    if numerator is None or not denominator:
        return None
    return numerator / denominator


@dataclass(frozen=True)
class Period:
    """Where a campaign stands on the as-of date."""

    start: dt.date
    end: dt.date
    as_of: dt.date

    @property
    def total_days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def last_counted(self) -> dt.date:
        """The last day whose data counts: the as-of date, or the end of a finished campaign."""
        return min(self.as_of, self.end)

    @property
    def elapsed_days(self) -> int:
        return max(0, min(self.total_days, (self.as_of - self.start).days + 1))

    @property
    def remaining_days(self) -> int:
        return self.total_days - self.elapsed_days

    @property
    def started(self) -> bool:
        return self.as_of >= self.start

    @property
    def ended(self) -> bool:
        return self.as_of > self.end

    @property
    def share_elapsed(self) -> float:
        return self.elapsed_days / self.total_days

    def covers(self, day: dt.date) -> bool:
        return self.start <= day <= self.last_counted


def period(campaign: Campaign, as_of: dt.date) -> Period:
    return Period(campaign.spec.start, campaign.spec.end, as_of)


def counted_rows(campaign: Campaign, when: Period) -> list[MetricRow]:
    return [row for row in campaign.metrics if when.covers(row.date)]


def column_sum(rows: list[MetricRow], column: str) -> float | None:
    """Sum of the non-missing cells; None when every cell is missing (missing is not zero)."""
    values = [row.values.get(column) for row in rows]
    present = [v for v in values if v is not None]
    return sum(present) if present else None


def kpi_value(kpi: Kpi, rows: list[MetricRow]) -> float | None:
    """A KPI over some rows: the column's sum, or the ratio of two sums (never a mean of daily ratios)."""
    if kpi.metric is not None:
        return column_sum(rows, kpi.metric)
    numerator, denominator = kpi.columns
    return ratio(column_sum(rows, numerator), column_sum(rows, denominator))


def month_days(start: dt.date, end: dt.date, month: str) -> int:
    """How many days of ``month`` (YYYY-MM) lie between start and end, both included."""
    first = dt.date(int(month[:4]), int(month[5:]), 1)
    following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
    low, high = max(first, start), min(following - DAY, end)
    return max(0, (high - low).days + 1)


def months(start: dt.date, end: dt.date) -> list[str]:
    """Every month (YYYY-MM) the period touches."""
    found, day = [], start.replace(day=1)
    while day <= end:
        found.append(f"{day.year:04d}-{day.month:02d}")
        day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return found


def expected_to_date(kpi: Kpi, when: Period) -> float:
    """What the plan says the KPI should be by now.

    A monthly plan accumulates: whole months passed, plus the current month pro-rated by
    its days. Without a plan the target is pro-rated over the campaign's days. A ratio
    KPI (CPA, CTR) does not accumulate: its expectation is the target itself.
    """
    if kpi.ratio is not None:
        return kpi.target
    if when.elapsed_days == 0:
        return 0.0
    if kpi.plan:
        total = 0.0
        for month, planned in kpi.plan.items():
            in_campaign = month_days(when.start, when.end, month)
            if in_campaign:
                total += planned * month_days(when.start, when.last_counted, month) / in_campaign
        return total
    return kpi.target * when.share_elapsed


@dataclass(frozen=True)
class KpiReport:
    kpi: Kpi
    actual: float | None
    expected: float | None
    percent_of_target: float | None
    pace: float | None
    status: Status
    projected: float | None
    """The end value at the current run rate."""
    daily_rate: float | None
    """Current daily rate (summed KPIs only)."""
    needed_rate: float | None
    """Daily rate still needed to reach the target (summed KPIs, running campaigns only)."""


def pace_of(kpi: Kpi, actual: float | None, expected: float | None) -> float | None:
    """actual / expected; inverted for lower-is-better KPIs, so above 1 is always good."""
    if actual is None or expected is None:
        return None
    if kpi.better == "lower":
        if actual == 0:
            return None
        return expected / actual
    return ratio(actual, expected)


def status_of(kpi: Kpi, actual: float | None, pace: float | None, when: Period) -> Status:
    if not when.started:
        return "not-started"
    if actual is None:
        return "no-data"
    if when.ended:
        met = actual >= kpi.target if kpi.better == "higher" else actual <= kpi.target
        return "met" if met else "missed"
    if pace is None:
        return "on-track" if kpi.better == "lower" and actual == 0 else "no-data"
    if pace >= ON_TRACK:
        return "on-track"
    return "at-risk" if pace >= AT_RISK else "off-track"


def kpi_report(kpi: Kpi, campaign: Campaign, when: Period) -> KpiReport:
    rows = counted_rows(campaign, when)
    actual = kpi_value(kpi, rows)
    expected = expected_to_date(kpi, when) if when.started else None
    pace = pace_of(kpi, actual, expected)
    daily_rate = projected = needed = None
    if kpi.ratio is not None:
        projected = actual
    elif actual is not None and when.elapsed_days:
        daily_rate = actual / when.elapsed_days
        projected = daily_rate * when.total_days
        if when.remaining_days and not when.ended:
            needed = max(0.0, kpi.target - actual) / when.remaining_days
    return KpiReport(
        kpi=kpi,
        actual=actual,
        expected=expected,
        percent_of_target=ratio(actual, kpi.target),
        pace=pace,
        status=status_of(kpi, actual, pace, when),
        projected=projected,
        daily_rate=daily_rate,
        needed_rate=needed,
    )


@dataclass(frozen=True)
class MonthRow:
    month: str
    plan: float | None
    fact: float | None
    variance: float | None
    variance_percent: float | None


def monthly_plan_vs_fact(kpi: Kpi, campaign: Campaign, when: Period) -> list[MonthRow]:
    """Seed 002: plan against fact, month by month, up to the as-of date."""
    by_month: dict[str, list[MetricRow]] = defaultdict(list)
    for row in counted_rows(campaign, when):
        by_month[row.date.strftime("%Y-%m")].append(row)
    result = []
    for month in months(when.start, when.end):
        plan = (kpi.plan or {}).get(month)
        started = month <= when.last_counted.strftime("%Y-%m") and when.started
        fact = kpi_value(kpi, by_month.get(month, [])) if started else None
        variance = fact - plan if fact is not None and plan is not None else None
        result.append(MonthRow(month, plan, fact, variance, ratio(variance, plan)))
    return result


@dataclass(frozen=True)
class SeriesPoint:
    date: dt.date
    actual: float | None
    expected: float


def cumulative_series(kpi: Kpi, campaign: Campaign, when: Period) -> list[SeriesPoint]:
    """Day by day from the start to the as-of date: the KPI to date and what was expected by then."""
    rows_by_day: dict[dt.date, list[MetricRow]] = defaultdict(list)
    for row in counted_rows(campaign, when):
        rows_by_day[row.date].append(row)
    points, so_far = [], []
    day = when.start
    while day <= when.last_counted:
        so_far.extend(rows_by_day.get(day, []))
        at_day = Period(when.start, when.end, day)
        points.append(SeriesPoint(day, kpi_value(kpi, so_far), expected_to_date(kpi, at_day)))
        day += DAY
    return points


def channel_split(kpi: Kpi, campaign: Campaign, when: Period) -> dict[str, float | None]:
    """The KPI per channel (empty when metrics.csv has no channel column)."""
    by_channel: dict[str, list[MetricRow]] = defaultdict(list)
    for row in counted_rows(campaign, when):
        if row.channel:
            by_channel[row.channel].append(row)
    return {channel: kpi_value(kpi, rows) for channel, rows in sorted(by_channel.items())}


@dataclass(frozen=True)
class CampaignReport:
    campaign: Campaign
    period: Period
    kpis: tuple[KpiReport, ...]

    @property
    def worst_status(self) -> Status:
        order = ["off-track", "missed", "at-risk", "no-data", "on-track", "met", "not-started"]
        return min((k.status for k in self.kpis), key=order.index)


def campaign_report(campaign: Campaign, as_of: dt.date) -> CampaignReport:
    when = period(campaign, as_of)
    return CampaignReport(campaign, when, tuple(kpi_report(k, campaign, when) for k in campaign.spec.kpis))


def default_as_of(client: Client) -> dt.date | None:
    """The last day with data for this client: its latest metrics row, else its latest note."""
    days = [row.date for c in client.campaigns for row in c.metrics]
    days += [m.spec.date for m in client.meetings] + [s.spec.date for s in client.surveys]
    return max(days) if days else None
