"""Campaign arithmetic: KPIs against plan, pacing and forecasts, budget, hours, deliverables, channels.

Pure functions over the typed models: no I/O, no clock. Every figure a page shows
is computed here, so it can be tested with exact numbers. A value that cannot be
computed (a zero denominator, no data yet) is None and shows as "n/a".

Forecasts follow one rule: what has been counted so far, plus what is still to
come at the current pace. A KPI's plan still to come is its monthly plan (months
without one share what the target leaves), or the target spread evenly over the
days: so a back-loaded plan is projected along its own shape, and a KPI without a
plan, the budget and the hours along a straight line of the current daily rate.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import functools
from decimal import Decimal
from collections import defaultdict
from dataclasses import dataclass
from typing import Literal

from ..models import Campaign, Client, Deliverable, Kpi, MetricRow
from .actions import days_outside, due_soon
from .freshness import stale_data_up_to
from .rounding import shares

ON_TRACK, AT_RISK = 0.95, 0.80
"""Pace thresholds: at least 95 % of the expected value is on track, under 80 % off track."""
SPEND = "spend"
"""The metrics.csv column the budget is compared with."""

Status = Literal["not-started", "on-track", "at-risk", "off-track", "met", "missed", "no-data"]
STATUS_ORDER: tuple[Status, ...] = ("off-track", "missed", "at-risk", "no-data", "on-track", "met", "not-started")
"""Worst first: the order a summary of several statuses picks from."""
DAY = dt.timedelta(days=1)


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    """numerator / denominator, or None when either is missing or the denominator is zero."""
    if numerator is None or not denominator:
        return None
    return numerator / denominator


def worst(statuses: list[Status]) -> Status:
    return min(statuses, key=STATUS_ORDER.index) if statuses else "no-data"


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
        """Every day of the campaign is counted: the figures are final (from the end date on)."""
        return self.as_of >= self.end

    @property
    def share_elapsed(self) -> float:
        return self.elapsed_days / self.total_days

    def covers(self, day: dt.date) -> bool:
        return self.start <= day <= self.last_counted

    def forecast(self, so_far: float | None) -> float | None:
        """The end value if the current daily rate holds for the remaining days."""
        if so_far is None or not self.elapsed_days:
            return None
        return so_far + so_far / self.elapsed_days * self.remaining_days

    def day_reaching(self, so_far: float | None, limit: float) -> dt.date | None:
        """The day the total passes ``limit`` at the daily rate ``forecast`` assumes; None if not by the end.

        A total already past the limit has no such day ahead: see the series for when it passed.
        """
        if not so_far or not self.elapsed_days or so_far > limit:
            return None
        day = self.last_counted + DAY * math.floor((limit - so_far) / (so_far / self.elapsed_days) + 1)
        return day if day <= self.end else None


def period(campaign: Campaign, as_of: dt.date) -> Period:
    return Period(campaign.spec.start, campaign.spec.end, as_of)


def counted_rows(campaign: Campaign, when: Period) -> list[MetricRow]:
    return [row for row in campaign.metrics if when.covers(row.date)]


def rows_between(campaign: Campaign, first: dt.date, last: dt.date) -> list[MetricRow]:
    return [row for row in campaign.metrics if first <= row.date <= last]


def column_sum(rows: list[MetricRow], column: str) -> float | None:
    """Sum of the non-missing cells; None when every cell is missing (missing is not zero)."""
    present = [v for v in (row.values.get(column) for row in rows) if v is not None]
    return sum(present) if present else None


def complete_rows(kpi: Kpi, rows: list[MetricRow]) -> list[MetricRow]:
    """The rows a ratio KPI counts: those where both of its columns have a value."""
    return [row for row in rows if all(row.values.get(column) is not None for column in kpi.columns)]


def kpi_value(kpi: Kpi, rows: list[MetricRow]) -> float | None:
    """A KPI over some rows: the column's sum, or the ratio of two sums (never a mean of daily ratios).

    A ratio sums both columns over the same rows, those where both have a value: a day
    with spend but no conversions recorded must not raise the cost per conversion.
    """
    if kpi.metric is not None:
        return column_sum(rows, kpi.metric)
    numerator, denominator = kpi.columns
    counted = complete_rows(kpi, rows)
    return ratio(column_sum(counted, numerator), column_sum(counted, denominator))


def days_left_out(kpi: Kpi, rows: list[MetricRow]) -> int:
    """For a ratio KPI: the days with a row that has one of its two values and not the other."""
    if kpi.ratio is None:
        return 0
    return len({row.date for row in rows if sum(row.values.get(column) is not None for column in kpi.columns) == 1})


def month_of(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def month_bounds(month: str) -> tuple[dt.date, dt.date]:
    """First and last day of ``month`` (YYYY-MM)."""
    first = dt.date(int(month[:4]), int(month[5:]), 1)
    following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return first, following - DAY


def month_days(start: dt.date, end: dt.date, month: str) -> int:
    """How many days of ``month`` (YYYY-MM) lie between start and end, both included."""
    first, last = month_bounds(month)
    low, high = max(first, start), min(last, end)
    return max(0, (high - low).days + 1)


def months(start: dt.date, end: dt.date) -> list[str]:
    """Every month (YYYY-MM) the period touches."""
    found, day = [], start.replace(day=1)
    while day <= end:
        found.append(month_of(day))
        day = month_bounds(month_of(day))[1] + DAY
    return found


@dataclass(frozen=True)
class MonthPlan:
    value: float
    implied: bool
    """Not written in campaign.yml: the month's share of what the target leaves (a ratio KPI: the target)."""


def month_plans(kpi: Kpi, start: dt.date, end: dt.date) -> dict[str, MonthPlan]:
    """Every month of the campaign with its plan: as written, or implied.

    Days of months without a plan share what the target leaves after the planned
    months, evenly; without any plan that is the target spread over the campaign's
    days. A ratio KPI (CPA, CTR) does not accumulate: a month without a plan has the target.
    """
    return dict(_month_plans(kpi.target, _plan_items(kpi), kpi.ratio is not None, start, end))


def _plan_items(kpi: Kpi) -> tuple[tuple[str, float], ...]:
    return tuple(sorted((kpi.plan or {}).items()))


@functools.lru_cache(maxsize=1024)
def _month_plans(
    target: float, items: tuple[tuple[str, float], ...], is_ratio: bool, start: dt.date, end: dt.date,
) -> tuple[tuple[str, MonthPlan], ...]:
    """``month_plans`` from hashable arguments, worked out once per KPI and campaign."""
    plan = dict(items)
    in_campaign = {month: month_days(start, end, month) for month in months(start, end)}
    if is_ratio:
        return tuple((month, MonthPlan(plan.get(month, target), month not in plan)) for month in in_campaign)
    unplanned_days = sum(days for month, days in in_campaign.items() if month not in plan)
    left = max(0.0, target - sum(plan[month] for month in in_campaign if month in plan))
    return tuple(
        (month, MonthPlan(plan[month], False) if month in plan else MonthPlan(left * days / unplanned_days, True))
        for month, days in in_campaign.items()
    )


def expected_to_date(kpi: Kpi, when: Period) -> float:
    """What the plan says the KPI should be by now: each month's plan pro-rated by its days counted so far.

    A ratio KPI does not accumulate: its expectation is the target itself.
    """
    if kpi.ratio is not None:
        return kpi.target
    if when.elapsed_days == 0:
        return 0.0
    firsts, before, plans = _accumulated_plan(kpi.target, _plan_items(kpi), when.start, when.end)
    index = bisect.bisect_right(firsts, when.last_counted) - 1
    value, days = plans[index]
    return before[index] + value * ((when.last_counted - firsts[index]).days + 1) / days


@functools.lru_cache(maxsize=1024)
def _accumulated_plan(
    target: float, plan: tuple[tuple[str, float], ...], start: dt.date, end: dt.date,
) -> tuple[list[dt.date], list[float], list[tuple[float, int]]]:
    """For each month of a summed KPI's campaign: its first day in the campaign, what is expected before
    that day, and its plan with its days in the campaign. Worked out once per KPI and campaign, so a
    day's expectation costs the same however long the campaign is (a chart asks for every day)."""
    firsts, before, plans, total = [], [], [], 0.0
    for month, month_plan in _month_plans(target, plan, False, start, end):
        days = month_days(start, end, month)
        firsts.append(max(start, month_bounds(month)[0]))
        before.append(total)
        plans.append((month_plan.value, days))
        total += month_plan.value * days / days
    return firsts, before, plans


def whole_plan(kpi: Kpi, when: Period) -> float:
    """What a summed KPI's plan adds up to over the whole campaign."""
    return sum(plan.value for plan in month_plans(kpi, when.start, when.end).values())


def pace_of(kpi: Kpi, actual: float | None, expected: float | None) -> float | None:
    """actual / expected; inverted for lower-is-better KPIs, so above 1 is always good."""
    if actual is None or expected is None:
        return None
    if kpi.better == "lower":
        return ratio(expected, actual)
    return ratio(actual, expected)


def status_of_pace(pace: float) -> Status:
    if pace >= ON_TRACK:
        return "on-track"
    return "at-risk" if pace >= AT_RISK else "off-track"


def status_of(kpi: Kpi, actual: float | None, pace: float | None, when: Period, divided_by_zero: bool = False) -> Status:
    """The KPI's status; ``divided_by_zero``: a ratio with a first column but nothing in its second.

    Such a ratio is infinitely good or bad: spend without a single conversion is off track
    for a cost per conversion, not "no data yet". Nothing expected yet (a target or a
    month's plan of 0) is on track, and so is nothing spent against a lower-is-better KPI.
    """
    if not when.started:
        return "not-started"
    if divided_by_zero:
        good = kpi.better == "higher"
        return ("met" if good else "missed") if when.ended else ("on-track" if good else "off-track")
    if actual is None:
        return "no-data"
    if when.ended:
        met = actual >= kpi.target if kpi.better == "higher" else actual <= kpi.target
        return "met" if met else "missed"
    if pace is None:
        return "on-track"
    return status_of_pace(pace)


@dataclass(frozen=True)
class KpiReport:
    kpi: Kpi
    actual: float | None
    expected: float | None
    percent_of_target: float | None
    pace: float | None
    status: Status
    projected: float | None
    """The end value at the current pace (a ratio KPI: its value so far)."""
    daily_rate: float | None
    """The daily rate the projection assumes from now on (summed KPIs only): the plan still to
    come per day times the current pace; without a plan, the daily rate so far."""
    needed_rate: float | None
    """Daily rate from now on that ends exactly on target (summed KPIs, running campaigns only).
    For a lower-is-better KPI it is the most that may still be added per day."""
    cap_passed: bool = False
    """A lower-is-better summed KPI already above its target: no rate from now on can meet it."""
    days_left_out: int = 0
    """A ratio KPI: days with one of its two values missing, left out of both sums."""
    nothing_to_divide_by: str | None = None
    """A ratio KPI's second column when it sums to 0 while the first does not (spend, but no conversions):
    the value cannot be computed, yet there is data, and it says something."""

    @property
    def projected_share(self) -> float | None:
        """The projected end value as a share of the target."""
        return ratio(self.projected, self.kpi.target)

    @property
    def needed_vs_current(self) -> float | None:
        """The needed rate as a multiple of the projected one (1.2: 20 % faster than the pace now)."""
        return ratio(self.needed_rate, self.daily_rate)


def projection(kpi: Kpi, actual: float, expected: float, when: Period) -> float:
    """A summed KPI at the end: actual + the plan still to come x the current pace (actual / expected).

    With nothing expected yet the plan still to come counts as written; with nothing
    planned at all (a target of 0), the daily rate so far continues.
    """
    remaining = max(0.0, whole_plan(kpi, when) - expected)
    if not whole_plan(kpi, when):
        return when.forecast(actual) or 0.0
    return actual + remaining * (actual / expected if expected else 1.0)


def kpi_report(kpi: Kpi, campaign: Campaign, when: Period) -> KpiReport:
    rows = counted_rows(campaign, when)
    actual = kpi_value(kpi, rows)
    expected = expected_to_date(kpi, when) if when.started else None
    pace = pace_of(kpi, actual, expected)
    nothing_to_divide_by = None
    counted = complete_rows(kpi, rows) if kpi.ratio is not None else []
    if kpi.ratio is not None and column_sum(counted, kpi.ratio[1]) == 0 and column_sum(counted, kpi.ratio[0]):
        nothing_to_divide_by = kpi.ratio[1]
    daily_rate = needed = None
    cap_passed = False
    if kpi.ratio is not None or actual is None or expected is None:
        projected = actual if kpi.ratio is not None else None
    elif when.ended:
        projected = actual
    else:
        projected = projection(kpi, actual, expected, when)
        daily_rate = (projected - actual) / when.remaining_days
        cap_passed = kpi.better == "lower" and actual > kpi.target
        needed = None if cap_passed else max(0.0, kpi.target - actual) / when.remaining_days
    return KpiReport(
        kpi=kpi,
        actual=actual,
        expected=expected,
        percent_of_target=ratio(actual, kpi.target),
        pace=pace,
        status=status_of(kpi, actual, pace, when, nothing_to_divide_by is not None),
        projected=projected,
        daily_rate=daily_rate,
        needed_rate=needed,
        cap_passed=cap_passed,
        days_left_out=days_left_out(kpi, rows),
        nothing_to_divide_by=nothing_to_divide_by,
    )


@dataclass(frozen=True)
class MonthRow:
    month: str
    plan: float | None
    """The month's plan, as written or implied (None: a month outside the campaign)."""
    plan_to_date: float | None
    """The plan pro-rated to the days counted so far: the whole plan once the month is over."""
    fact: float | None
    """None for a month not reached yet, or with no data."""
    variance: float | None
    """fact - plan_to_date."""
    variance_percent: float | None
    complete: bool
    """Every day of the month (within the campaign) is counted."""
    reached: bool
    """At least one day of the month is counted."""
    implied: bool = False
    """The plan is not written for this month: it is the share of the target the written plan leaves."""


def month_row(kpi: Kpi, campaign: Campaign, when: Period, month: str) -> MonthRow:
    """One month's plan against its fact, as of the report date."""
    in_campaign = month_days(when.start, when.end, month)
    counted = month_days(when.start, when.last_counted, month) if when.started else 0
    month_plan = month_plans(kpi, when.start, when.end).get(month)
    plan = month_plan.value if month_plan else None
    plan_to_date = None
    if plan is not None and counted:
        plan_to_date = plan if kpi.ratio is not None else plan * counted / in_campaign
    first, last = month_bounds(month)
    fact = kpi_value(kpi, rows_between(campaign, max(first, when.start), min(last, when.last_counted))) if counted else None
    variance = fact - plan_to_date if fact is not None and plan_to_date is not None else None
    return MonthRow(
        month, plan, plan_to_date, fact, variance, ratio(variance, plan_to_date),
        complete=bool(in_campaign) and counted == in_campaign, reached=counted > 0,
        implied=bool(month_plan and month_plan.implied),
    )


def monthly_plan_vs_fact(kpi: Kpi, campaign: Campaign, when: Period) -> list[MonthRow]:
    """Every month of the campaign, plan against fact up to the as-of date."""
    return [month_row(kpi, campaign, when, month) for month in months(when.start, when.end)]


@dataclass(frozen=True)
class SeriesPoint:
    date: dt.date
    actual: float | None
    expected: float


class RunningTotals:
    """Column sums that grow row by row: a cumulative series in one pass.

    Ratio KPIs keep their own pair of sums over the rows that have both values (``kpi_value``).
    """

    def __init__(self, kpis: tuple[Kpi, ...] = ()) -> None:
        self.sums: dict[str, float] = {}
        self.pairs: dict[tuple[str, ...], list[float]] = {k.columns: [0.0, 0.0] for k in kpis if k.ratio is not None}
        self.seen: set[tuple[str, ...]] = set()

    def add(self, row: MetricRow) -> None:
        for column, value in row.values.items():
            if value is not None:
                self.sums[column] = self.sums.get(column, 0.0) + value
        for columns, sums in self.pairs.items():
            numerator, denominator = (row.values.get(column) for column in columns)
            if numerator is not None and denominator is not None:
                sums[0] += numerator
                sums[1] += denominator
                self.seen.add(columns)

    def kpi(self, kpi: Kpi) -> float | None:
        if kpi.metric is not None:
            return self.sums.get(kpi.metric)
        if kpi.columns not in self.seen:
            return None
        numerator, denominator = self.pairs[kpi.columns]
        return ratio(numerator, denominator)


def cumulative_series(kpi: Kpi, campaign: Campaign, when: Period) -> list[SeriesPoint]:
    """Day by day from the start to the as-of date: the KPI to date and what was expected by then."""
    points = []
    for day, totals in daily_totals(campaign, when):
        points.append(SeriesPoint(day, totals.kpi(kpi), expected_to_date(kpi, Period(when.start, when.end, day))))
    return points


def daily_totals(campaign: Campaign, when: Period):
    """(day, running totals up to that day) for every counted day, in one pass over the rows."""
    rows_by_day: dict[dt.date, list[MetricRow]] = defaultdict(list)
    for row in counted_rows(campaign, when):
        rows_by_day[row.date].append(row)
    totals, day = RunningTotals(campaign.spec.kpis), when.start
    while day <= when.last_counted:
        for row in rows_by_day.get(day, []):
            totals.add(row)
        yield day, totals
        day += DAY


# --- budget -----------------------------------------------------------------------------


@dataclass(frozen=True)
class BudgetReport:
    budget: float
    spent: float | None
    """Sum of the ``spend`` column so far; None when metrics.csv has no spend."""
    expected: float | None
    """The budget pro-rated over the days elapsed."""
    share_spent: float | None
    pace: float | None
    """spent / expected: above 1 spends faster than time passes."""
    projected: float | None
    projected_overage: float | None
    """projected - budget: above 0 the budget will be exceeded at the current rate."""
    status: Status
    daily_rate: float | None = None
    """Spend per day so far, which the projection continues (running campaigns only)."""
    needed_rate: float | None = None
    """Spend per day from now on that uses exactly what is left of the budget (running campaigns only)."""


def allowance_status(used: float | None, allowed: float, expected: float | None, when: Period) -> Status:
    """Status of something used up against an allowance (budget, hours): using it faster than time passes is the risk."""
    if not when.started:
        return "not-started"
    if used is None:
        return "no-data"
    if when.ended:
        return "met" if used <= allowed else "missed"
    return "on-track" if not used else status_of_pace(ratio(expected, used) or 0.0)


def running_rates(used: float | None, allowed: float, when: Period, counted: float | None = None) -> tuple[float | None, float | None]:
    """(daily rate so far, daily rate that uses exactly what is left) of a running campaign; ``counted``
    is what the rate is taken from (hours: those logged since the start), ``used`` by default."""
    if used is None or not when.started or when.ended:
        return None, None
    return (used if counted is None else counted) / when.elapsed_days, max(0.0, allowed - used) / when.remaining_days


def budget_report(campaign: Campaign, when: Period) -> BudgetReport:
    """Spend counts from the first day: before it nothing is spent yet (0, not n/a)."""
    budget = campaign.spec.budget
    if when.started:
        spent = column_sum(counted_rows(campaign, when), SPEND)
    else:
        spent = 0.0 if SPEND in campaign.columns else None
    expected = budget * when.share_elapsed if when.started else None
    projected = when.forecast(spent)
    pace = ratio(spent, expected)
    daily_rate, needed_rate = running_rates(spent, budget, when)
    return BudgetReport(
        budget=budget, spent=spent, expected=expected, share_spent=ratio(spent, budget), pace=pace,
        projected=projected, projected_overage=projected - budget if projected is not None else None,
        status=allowance_status(spent, budget, expected, when), daily_rate=daily_rate, needed_rate=needed_rate,
    )


@dataclass(frozen=True)
class BurnPoint:
    date: dt.date
    spent: float | None


def spend_series(campaign: Campaign, when: Period) -> list[BurnPoint]:
    """Cumulative spend day by day, for the budget burn chart."""
    return [BurnPoint(day, totals.sums.get(SPEND)) for day, totals in daily_totals(campaign, when)]


# --- hours ------------------------------------------------------------------------------


@dataclass(frozen=True)
class HoursShare:
    name: str
    hours: float
    share: Decimal | None
    """Of all hours used, in whole percents that add up to 100 % (largest remainder)."""
    detail: str = ""
    """For a person: their roles."""


@dataclass(frozen=True)
class HoursReport:
    planned: float
    used: float
    """Every hour logged up to the as-of date (preparation before the start included)."""
    expected: float | None
    """The planned hours pro-rated over the days elapsed."""
    share_used: float | None
    pace: float | None
    """used / expected: above 1 uses hours faster than planned."""
    projected: float | None
    overage: float | None
    """projected - planned: above 0 the plan will be exceeded at the current rate."""
    over_plan: float
    """Hours already used beyond the plan."""
    by_role: tuple[HoursShare, ...]
    by_person: tuple[HoursShare, ...]
    status: Status
    daily_rate: float | None = None
    """Hours a day since the start (preparation before it left out), which the projection continues."""
    needed_rate: float | None = None
    """Hours a day from now on that use exactly what is left of the plan (running campaigns only)."""


def _shares(totals: dict[str, float], details: dict[str, set[str]] | None = None) -> tuple[HoursShare, ...]:
    ordered = sorted(totals.items(), key=lambda item: (-item[1], item[0]))
    return tuple(
        HoursShare(name, hours, share, ", ".join(sorted((details or {}).get(name, ()))))
        for (name, hours), share in zip(ordered, shares([hours for _name, hours in ordered]))
    )


def hours_report(campaign: Campaign, when: Period) -> HoursReport:
    planned = campaign.spec.hours
    entries = [e for e in campaign.work if e.date <= when.as_of]
    used = sum(e.hours for e in entries)
    during = sum(e.hours for e in entries if e.date >= when.start)
    expected = planned * when.share_elapsed if when.started else None
    projected = used + when.forecast(during) - during if when.elapsed_days else None
    by_role: dict[str, float] = defaultdict(float)
    by_person: dict[str, float] = defaultdict(float)
    roles: dict[str, set[str]] = defaultdict(set)
    for entry in entries:
        by_role[entry.role] += entry.hours
        by_person[entry.person] += entry.hours
        roles[entry.person].add(entry.role)
    pace = ratio(used, expected)
    status = allowance_status(used, planned, expected, when)
    daily_rate, needed_rate = running_rates(used, planned, when, counted=during)
    return HoursReport(
        planned=planned, used=used, expected=expected, share_used=ratio(used, planned), pace=pace,
        projected=projected, overage=projected - planned if projected is not None else None,
        over_plan=max(0.0, used - planned), by_role=_shares(by_role), by_person=_shares(by_person, roles),
        status=status, daily_rate=daily_rate, needed_rate=needed_rate,
    )


# --- deliverables -----------------------------------------------------------------------

DeliverableState = Literal["on-time", "late", "open", "overdue"]


@dataclass(frozen=True)
class DeliverableStatus:
    deliverable: Deliverable
    state: DeliverableState
    days_late: int | None
    """Delivered: days after the latest date (0 or less: on time, negative: before the optimal one).
    Overdue: days past the latest date so far."""
    revisions_over: int
    """Revision rounds beyond the allowance (0: within it)."""
    revisions: int
    """Revision rounds counted: as deliverables.csv has them, none before the campaign starts."""
    due_soon: bool = False
    """Not delivered and on or past its optimal date, not yet overdue."""


@dataclass(frozen=True)
class DeliverablesReport:
    items: tuple[DeliverableStatus, ...]
    allowed_per_deliverable: int
    started: bool = True

    def count(self, *states: DeliverableState) -> int:
        return sum(1 for item in self.items if item.state in states)

    @property
    def delivered(self) -> int:
        return self.count("on-time", "late")

    @property
    def revisions_used(self) -> int:
        return sum(item.revisions for item in self.items)

    @property
    def revisions_allowed(self) -> int:
        return self.allowed_per_deliverable * len(self.items)

    @property
    def over_allowance(self) -> tuple[DeliverableStatus, ...]:
        return tuple(item for item in self.items if item.revisions_over)

    @property
    def status(self) -> Status:
        """At risk while anything is overdue or over its revision allowance."""
        if not self.items:
            return "no-data"
        if not self.started:
            return "not-started"
        return "at-risk" if self.count("overdue") or self.over_allowance else "on-track"


def deliverable_status(deliverable: Deliverable, allowed: int, as_of: dt.date, started: bool = True) -> DeliverableStatus:
    """Late only after the latest date of its range, due soon from the optimal one (the rule of actions)."""
    delivered = deliverable.delivered if deliverable.delivered and deliverable.delivered <= as_of else None
    soon = False
    if delivered is not None:
        late: int | None = days_outside(delivered, deliverable.due, deliverable.latest)
        state: DeliverableState = "late" if late and late > 0 else "on-time"
    else:
        overdue_by = (as_of - deliverable.latest).days
        state = "overdue" if overdue_by > 0 else "open"
        late = overdue_by if overdue_by > 0 else None
        soon = due_soon(deliverable.due, deliverable.latest, as_of)
    revisions = deliverable.revisions if started else 0
    return DeliverableStatus(deliverable, state, late, max(0, revisions - allowed), revisions, soon)


def deliverables_report(campaign: Campaign, when: Period) -> DeliverablesReport:
    """Delivered on time or late, still open or overdue, and revision rounds over the allowance.

    Before the campaign starts it is not started, and no revision round is counted yet.
    """
    allowed = campaign.spec.revision_rounds
    items = sorted(campaign.deliverables, key=lambda d: (d.due, d.name))
    return DeliverablesReport(
        tuple(deliverable_status(d, allowed, when.as_of, when.started) for d in items), allowed, when.started)


# --- channels ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ChannelRow:
    channel: str
    values: dict[str, float | None]
    """KPI id -> the KPI over this channel's rows."""
    shares: dict[str, Decimal | None]
    """KPI id -> this channel's share of the channels' total, for summed KPIs (whole percents adding up to 100 %)."""
    spend: float | None
    spend_share: Decimal | None


def channel_split(campaign: Campaign, when: Period) -> list[ChannelRow]:
    """Every KPI and the spend per channel (empty when metrics.csv has no channel column)."""
    by_channel: dict[str, list[MetricRow]] = defaultdict(list)
    rows = counted_rows(campaign, when)
    for row in rows:
        if row.channel:
            by_channel[row.channel].append(row)
    kpis = campaign.spec.kpis
    channels = sorted(by_channel)
    values = [{k.id: kpi_value(k, by_channel[channel]) for k in kpis} for channel in channels]
    spends = [column_sum(by_channel[channel], SPEND) for channel in channels]
    summed = [k.id for k in kpis if k.metric is not None]
    kpi_shares = {kpi_id: shares([row[kpi_id] for row in values]) for kpi_id in summed}
    spend_shares = shares(spends)
    return [
        ChannelRow(channel, values[i], {kpi_id: kpi_shares[kpi_id][i] for kpi_id in summed}, spends[i], spend_shares[i])
        for i, channel in enumerate(channels)
    ]


# --- the whole campaign -----------------------------------------------------------------


@dataclass(frozen=True)
class CampaignReport:
    campaign: Campaign
    period: Period
    kpis: tuple[KpiReport, ...]
    budget: BudgetReport
    hours: HoursReport
    deliverables: DeliverablesReport

    @property
    def worst_status(self) -> Status:
        return worst([k.status for k in self.kpis])

    @property
    def status_counts(self) -> list[tuple[Status, int]]:
        """How many KPIs have each status, worst first."""
        statuses = [k.status for k in self.kpis]
        return [(status, statuses.count(status)) for status in STATUS_ORDER if status in statuses]

    @property
    def has_spend(self) -> bool:
        return SPEND in self.campaign.columns

    @property
    def data_until(self) -> dt.date | None:
        """The last day with data, when a running campaign's data is stale (``freshness``: one rule everywhere)."""
        return stale_data_up_to(self.campaign, self.period.as_of)


def campaign_report(campaign: Campaign, as_of: dt.date) -> CampaignReport:
    when = period(campaign, as_of)
    return CampaignReport(
        campaign, when, tuple(kpi_report(k, campaign, when) for k in campaign.spec.kpis),
        budget_report(campaign, when), hours_report(campaign, when), deliverables_report(campaign, when),
    )


def default_as_of(client: Client) -> dt.date | None:
    """The last date in the client's metrics; without any metrics, its latest client-visible note or survey.

    Internal notes never set it: the client's site shows the date, and its own site and
    the internal one must agree on it.
    """
    days = [row.date for c in client.campaigns for row in c.metrics]
    if not days:
        days = [m.spec.date for m in client.meetings if not m.internal] + [s.spec.date for s in client.surveys]
    return max(days) if days else None
