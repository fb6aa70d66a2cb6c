"""Alerts: what staff should look at before the client notices, from the daily data alone.

Pure functions from a campaign's rows as of the report date to typed alerts, each
with its kind, campaign, channel, first day, the figures that triggered it and a
suggested first step. Only campaigns running on the report date are judged, and
only up to the last day with data; the days a meeting note declared a pause
(``pauses:``) are neither judged nor used as the usual level.

The rules (thresholds in ``AlertSettings``, settable per client and per campaign):

- *conversions stopped*: the latest days of a channel have no result (zero or an
  empty cell), at least ``conversions_stopped_days`` of them with spend (or clicks)
  at the usual level (``usual_level`` of the median of the ``window_days`` before),
  and the usual cost per result predicts ``min_expected_results`` or more for those
  days, so a quiet day of a small campaign is not mistaken for broken tracking;
- *spend spike*: a day of the last ``recent_days`` spends more than ``spike_z``
  robust standard deviations (1.4826 × the MAD) above the median of the
  ``window_days`` unpaused days before it, and at least ``spike_ratio`` times that median;
- *spend stopped*: the latest days of a channel have no spend although its usual
  spend is above zero; a weekday with no spend on every occurrence in the window
  is an ad schedule (a campaign off at weekends), not a stop;
- *overspend ahead*: the budget projection of ``campaigns.budget_report`` exceeds the
  budget by more than ``overspend_margin``, with the day the budget runs out;
- *cost per result jump*: spend per result over the last ``recent_days`` is
  ``cost_jump`` or more above the campaign's to-date figure;
- *data is stale*: the data ends more than ``stale_after_days`` before the report
  date (``freshness.stale_since``, the one rule for "data up to").

Spend and result rules need ``min_history_days`` of data first (a campaign's first
days) and daily data; weekly rows are judged for staleness and budget only.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from ..models import ALERT_KINDS, AlertKind, AlertSettings, Campaign, Client, Pause
from .campaigns import DAY, SPEND, Period, budget_report, column_sum, counted_rows, period, ratio, spend_series
from .freshness import cadence_days, data_up_to, running_on, stale_since
from .internal import InternalOnly

CLICKS = "clicks"
"""Beside spend, the column that shows a channel is running."""
MAD_TO_SIGMA = 1.4826
"""The MAD times this estimates the standard deviation of normally spread data."""


def _(message: str) -> str:
    """Marks a message id for extraction; the renderer translates it for the site's language."""
    return message


FIRST_STEPS: dict[AlertKind, str] = {
    "conversions-stopped": _("Check the conversion tag on the site and the conversion settings in the ad platform: spend goes on without a recorded result."),
    "spend-spike": _("Open the day in the ad platform: look for a changed bid, budget or audience, or a row counted twice in the data."),
    "spend-stopped": _("Check in the ad platform that the campaign still runs: billing, ad approval or a spending limit may have stopped it."),
    "overspend-ahead": _("Lower the daily budgets, or agree the extra spend with the client before the day the budget runs out."),
    "cost-per-result-jump": _("Compare the last days by channel and ad with the weeks before, and find what got dearer before the next report."),
    "data-stale": _("Download the latest data from the ad platforms and commit it, then build again."),
}
"""The suggested first step of each kind, as a message id."""

Unit = Literal["currency", "number", "percent", "days", "date"]


@dataclass(frozen=True)
class Figure:
    """One figure behind an alert, with the unit it is written in."""

    name: str
    value: float | dt.date
    unit: Unit


@dataclass(frozen=True)
class Alert(InternalOnly):
    kind: AlertKind
    campaign: str
    """The campaign's slug."""
    channel: str
    """The channel the alert is about; empty for the whole campaign."""
    first_day: dt.date
    """The first day of what triggered it (a projection: the first day of the current run of projections over budget)."""
    figures: tuple[Figure, ...]
    first_step: str
    """A message id: the suggested first step, translated when shown."""

    def figure(self, name: str) -> float | dt.date:
        return next(f.value for f in self.figures if f.name == name)


# --- settings, pauses and "data up to" ----------------------------------------------------


def settings_for(client: Client, campaign: Campaign) -> AlertSettings:
    """The defaults, then the keys ``client.yml`` sets, then those ``campaign.yml`` sets."""
    settings = AlertSettings()
    for layer in (client.spec.alerts, campaign.spec.alerts):
        if layer is not None:
            settings = settings.model_copy(update={key: getattr(layer, key) for key in layer.model_fields_set})
    return settings


def planned_pauses(client: Client, campaign: Campaign, as_of: dt.date) -> tuple[Pause, ...]:
    """The pauses that the campaign's notes written up to the report date declare (internal notes too)."""
    return tuple(
        pause for m in client.meetings
        if m.spec.campaign == campaign.slug and m.spec.date <= as_of for pause in m.spec.pauses
    )


# --- daily series per channel -----------------------------------------------------------


@dataclass(frozen=True)
class Day:
    date: dt.date
    spend: float | None
    clicks: float | None
    results: float | None
    paused: bool

    @property
    def no_spend(self) -> bool:
        """Zero spend, or no row at all (exports leave out days without activity); an empty spend cell beside clicks is unknown."""
        return self.spend == 0 or (self.spend is None and not self.clicks)


ACTIVITY = ("spend", "clicks")
"""The fields of ``Day`` that show a channel is running, in the order expected results are taken from."""


def channel_days(campaign: Campaign, when: Period, result: str, pauses: tuple[Pause, ...]) -> dict[str, list[Day]]:
    """Per channel, every day from the start to the campaign's last day with data; a day without a row has no values."""
    rows = counted_rows(campaign, when)
    if not rows:
        return {}
    last = max(row.date for row in rows)
    by_key = {(row.date, row.channel): row for row in rows}
    series = {}
    for channel in sorted({row.channel for row in rows}):
        days, day = [], when.start
        while day <= last:
            values = by_key[(day, channel)].values if (day, channel) in by_key else {}
            paused = any(p.covers(day, channel) for p in pauses)
            days.append(Day(day, values.get(SPEND), values.get(CLICKS), values.get(result), paused))
            day += DAY
        series[channel] = days
    return series


def window_before(days: list[Day], index: int, size: int) -> list[Day]:
    """The ``size`` days before ``days[index]``, reaching back over paused days (which never set the usual level)."""
    return [d for d in days[:index] if not d.paused][-size:]


def trailing_run(days: list[Day], belongs: Callable[[Day], bool]) -> tuple[int, list[Day]]:
    """The unpaused days at the end of the series that ``belongs`` accepts (paused days are skipped, not breaks).

    Returns the index where the run starts and its unpaused days.
    """
    start = len(days)
    while start > 0 and (days[start - 1].paused or belongs(days[start - 1])):
        start -= 1
    return start, [d for d in days[start:] if not d.paused]


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


# --- the rules --------------------------------------------------------------------------


@dataclass(frozen=True)
class Usual:
    """A channel's usual level of one activity measure, from the days before: per day, and results per unit."""

    measure: str
    median: float
    results_per_unit: float


def usual_levels(known: list[Day]) -> list[Usual]:
    levels = []
    for measure in ACTIVITY:
        pairs = [(getattr(d, measure), d.results) for d in known if getattr(d, measure) is not None]
        total = sum(value for value, _ in pairs)
        if total:
            levels.append(Usual(measure, _median([value for value, _ in pairs]), sum(r for _, r in pairs) / total))
    return levels


def conversions_stopped(slug: str, channel: str, days: list[Day], settings: AlertSettings) -> Alert | None:
    start, run = trailing_run(days, lambda d: not d.results)
    known = [d for d in window_before(days, start, settings.window_days) if d.results is not None]
    levels = usual_levels(known)
    if not run or len(known) < settings.min_history_days or not levels:
        return None

    def usual_day(d: Day) -> bool:
        return any(getattr(d, u.measure) is not None and getattr(d, u.measure) >= settings.usual_level * u.median for u in levels)

    def expected(d: Day) -> float:
        return next((getattr(d, u.measure) * u.results_per_unit for u in levels if getattr(d, u.measure) is not None), 0.0)

    predicted = sum(expected(d) for d in run)
    if sum(1 for d in run if usual_day(d)) < settings.conversions_stopped_days or predicted < settings.min_expected_results:
        return None
    totals = tuple(
        Figure(measure, sum(getattr(d, measure) for d in run if getattr(d, measure) is not None), unit)
        for measure, unit in (("spend", "currency"), ("clicks", "number")) if any(getattr(d, measure) is not None for d in run)
    )
    return Alert("conversions-stopped", slug, channel, run[0].date, (
        Figure("days", len(run), "days"), *totals,
        Figure("expected_results", predicted, "number"),
        Figure("usual_daily_results", _median([d.results for d in known]), "number"),  # type: ignore[misc]
    ), FIRST_STEPS["conversions-stopped"])


def spend_spike(slug: str, channel: str, days: list[Day], settings: AlertSettings) -> Alert | None:
    spikes = []
    for index in range(max(0, len(days) - settings.recent_days), len(days)):
        day = days[index]
        usual = [d.spend for d in window_before(days, index, settings.window_days) if d.spend is not None]
        if day.paused or day.spend is None or len(usual) < settings.min_history_days:
            continue
        median = _median(usual)
        spread = MAD_TO_SIGMA * _median([abs(v - median) for v in usual])
        limit = max(median + settings.spike_z * spread, settings.spike_ratio * median)
        if median > 0 and day.spend > limit:
            spikes.append((day, median, limit))
    if not spikes:
        return None
    day, median, limit = spikes[0]
    return Alert("spend-spike", slug, channel, day.date, (
        Figure("spend", day.spend, "currency"),  # type: ignore[arg-type]
        Figure("usual_spend", median, "currency"),
        Figure("limit", limit, "currency"),
        Figure("days", len(spikes), "days"),
    ), FIRST_STEPS["spend-spike"])


def spend_stopped(slug: str, channel: str, days: list[Day], settings: AlertSettings) -> Alert | None:
    start, run = trailing_run(days, lambda d: d.no_spend)
    usual = window_before(days, start, settings.window_days)
    spent = [d for d in usual if d.spend is not None]
    if not run or len(spent) < settings.min_history_days:
        return None
    scheduled_off = {d.date.weekday() for d in spent} - {d.date.weekday() for d in spent if d.spend}
    stopped = [d for d in run if d.date.weekday() not in scheduled_off]
    usual_spend = _median([d.spend for d in spent if d.date.weekday() not in scheduled_off])  # type: ignore[misc]
    if not stopped or not usual_spend:
        return None
    return Alert("spend-stopped", slug, channel, stopped[0].date, (
        Figure("days", len(stopped), "days"),
        Figure("usual_spend", usual_spend, "currency"),
    ), FIRST_STEPS["spend-stopped"])


def overspend_ahead(campaign: Campaign, when: Period, settings: AlertSettings) -> Alert | None:
    budget = budget_report(campaign, when)
    over = budget.budget * (1 + settings.overspend_margin)
    if budget.projected is None or budget.projected <= over:
        return None
    burn = spend_series(campaign, when)
    first = when.last_counted
    for point in reversed(burn):
        projected = Period(when.start, when.end, point.date).forecast(point.spent)
        if projected is None or projected <= over:
            break
        first = point.date
    runs_out = when.day_reaching(budget.spent, budget.budget)
    if runs_out is None:
        runs_out = next(p.date for p in burn if p.spent is not None and p.spent > budget.budget)
    return Alert("overspend-ahead", campaign.slug, "", first, (
        Figure("projected", budget.projected, "currency"),
        Figure("budget", budget.budget, "currency"),
        Figure("overage", budget.projected - budget.budget, "currency"),
        Figure("budget_runs_out", runs_out, "date"),
    ), FIRST_STEPS["overspend-ahead"])


def cost_per_result_jump(campaign: Campaign, when: Period, settings: AlertSettings) -> Alert | None:
    rows = [row for row in counted_rows(campaign, when) if row.values.get(SPEND) is not None and row.values.get(settings.result) is not None]
    dates = sorted({row.date for row in rows})
    if len(dates) < settings.recent_days + settings.min_history_days:
        return None
    first = dates[-1] - DAY * (settings.recent_days - 1)
    recent = [row for row in rows if row.date >= first]
    recent_cost = ratio(column_sum(recent, SPEND), column_sum(recent, settings.result))
    to_date = ratio(column_sum(rows, SPEND), column_sum(rows, settings.result))
    if recent_cost is None or not to_date or recent_cost < to_date * (1 + settings.cost_jump):
        return None
    return Alert("cost-per-result-jump", campaign.slug, "", first, (
        Figure("recent_cost", recent_cost, "currency"),
        Figure("to_date_cost", to_date, "currency"),
        Figure("change", recent_cost / to_date - 1, "percent"),
        Figure("days", settings.recent_days, "days"),
    ), FIRST_STEPS["cost-per-result-jump"])


def data_stale(campaign: Campaign, as_of: dt.date, settings: AlertSettings) -> Alert | None:
    first_missing = stale_since(campaign, as_of, settings.stale_after_days)
    if first_missing is None:
        return None
    covered = data_up_to(campaign, as_of)
    figures = (Figure("days", (as_of - first_missing).days + 1, "days"),)
    if covered is not None and covered >= campaign.spec.start:
        figures += (Figure("data_up_to", covered, "date"),)
    return Alert("data-stale", campaign.slug, "", first_missing, figures, FIRST_STEPS["data-stale"])


# --- a campaign, a client ---------------------------------------------------------------


def campaign_alerts(campaign: Campaign, as_of: dt.date, settings: AlertSettings, pauses: tuple[Pause, ...] = ()) -> tuple[Alert, ...]:
    """Every alert of a campaign on the report date, in the order of ``ALERT_KINDS``, then by channel."""
    if not running_on(campaign, as_of):
        return ()
    when = period(campaign, as_of)
    found: list[Alert | None] = [data_stale(campaign, as_of, settings)]
    if SPEND in campaign.columns:
        found.append(overspend_ahead(campaign, when, settings))
    if cadence_days(counted_rows(campaign, when)) == 1:
        has_result = settings.result in campaign.columns
        for channel, days in channel_days(campaign, when, settings.result, pauses).items():
            if has_result:
                found.append(conversions_stopped(campaign.slug, channel, days, settings))
            if SPEND in campaign.columns:
                found += [spend_spike(campaign.slug, channel, days, settings), spend_stopped(campaign.slug, channel, days, settings)]
        if has_result and SPEND in campaign.columns:
            found.append(cost_per_result_jump(campaign, when, settings))
    alerts = [a for a in found if a is not None and a.kind not in settings.ignore]
    return tuple(sorted(alerts, key=lambda a: (ALERT_KINDS.index(a.kind), a.channel)))


def client_alerts(client: Client, as_of: dt.date) -> tuple[Alert, ...]:
    """Every alert of the client's campaigns on the report date, campaign by campaign."""
    return tuple(
        alert for campaign in client.campaigns
        for alert in campaign_alerts(campaign, as_of, settings_for(client, campaign), planned_pauses(client, campaign, as_of))
    )
