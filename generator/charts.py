"""Vega-Lite chart specs built from computed figures.

Each builder takes figures from ``compute`` and returns a Vega-Lite spec (a dict)
that pages embed and vega-embed draws in the browser, offline. Every chart gets one
theme (``Theme.config``): the site's d3 number and time locale with the client's
currency, so axes read like the page around them; the client's brand colour for
the client's own figures; neutral grey for plans and expectations; Okabe-Ito
colours (safe with every common colour-vision deficiency) where categories need
telling apart; lines told apart by dash as well as colour. Text and grid colours
are set again by debrief.css from Material's palette variables, so a chart reads
on the light and the dark palette alike.

The specs are written as plain data, not through Altair's chart objects: those copy
their schema on every call, some 100 ms a chart, which made charts most of a
build's generator time. The tests check every spec of a build against the Vega-Lite
schema that Altair ships (``SCHEMA_URL`` is that schema's).

Charts stay light for long campaigns: values are rounded, a layered chart holds its
rows once, one hover layer serves every series, and pages draw a chart only when it
scrolls into view.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
import json
from dataclasses import dataclass
from functools import cache
from typing import Any

import vl_convert
from babel.numbers import get_currency_precision

SCHEMA_URL = "https://vega.github.io/schema/vega-lite/v6.4.1.json"
"""The Vega-Lite schema of the pinned Altair (``altair.SCHEMA_URL``; a test keeps the two equal): written here, since
importing Altair for one string costs a third of a second on every build."""

from .compute.campaigns import BurnPoint, ChannelRow, HoursShare, KpiReport, Period, SeriesPoint
from .compute.pages.common import MonthRowShown
from .compute.track_record import TargetCheck
from .i18n import D3_LOCALES, Formatter, d3_time_locale
from .models import Client, Kpi

OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999")
"""Distinguishable with every common colour-vision deficiency."""
DEFAULT_ACCENT = OKABE_ITO[0]
"""The colour of the client's own figures when the client has no brand colour."""
NEUTRAL = "#8C8C8C"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
SOLID, DASHED, DOTTED = [1, 0], [6, 4], [2, 3]
Spec = dict[str, Any]


@cache
def _d3_locale(language: str, currency: str) -> Spec:
    """vl-convert's d3 locale for the language, its currency swapped for the client's (as Babel writes it)."""
    fmt = Formatter(language, currency)
    number = dict(vl_convert.get_format_locale(D3_LOCALES[language]))
    symbol = fmt.currency_symbol()
    pattern = fmt.locale.currency_formats["standard"].pattern
    number["currency"] = [symbol, ""] if pattern.lstrip().startswith("¤") else ["", "\u00a0" + symbol]
    return {"number": number, "time": d3_time_locale(language)}


@dataclass(frozen=True)
class Theme:
    """The one look of every chart of a site: its language, its client's currency and brand colour."""

    fmt: Formatter
    brand: str | None = None

    @classmethod
    def of(cls, client: Client, fmt: Formatter) -> Theme:
        """The theme of a client's charts: the site's formats and the client's brand colour."""
        return cls(fmt, client.spec.brand.color if client.spec.brand else None)

    @property
    def accent(self) -> str:
        return self.brand or DEFAULT_ACCENT

    def config(self) -> Spec:
        muted = NEUTRAL
        return {
            "locale": _d3_locale(self.fmt.language, self.fmt.currency),
            "background": "transparent",
            "font": FONT,
            "padding": {"left": 4, "right": 12, "top": 8, "bottom": 4},
            "view": {"stroke": None},
            "axis": {
                "labelColor": muted, "titleColor": muted, "gridColor": "#8C8C8C33", "domainColor": muted,
                "tickColor": muted, "labelFontSize": 11, "titleFontSize": 11, "titleFontWeight": "normal",
                "labelOverlap": True, "labelFlush": True,
            },
            "axisX": {"grid": False, "tickCount": 6},
            "axisY": {"tickCount": 5, "domain": False, "ticks": False},
            "legend": {
                "orient": "bottom", "direction": "horizontal", "labelColor": muted, "titleColor": muted,
                "labelFontSize": 11, "symbolStrokeWidth": 2.5, "symbolSize": 160, "columnPadding": 16,
            },
            "line": {"strokeWidth": 2.5, "strokeCap": "round"},
            "rule": {"strokeWidth": 1.5},
            "bar": {"cornerRadiusEnd": 3},
            "range": {"category": list(OKABE_ITO)},
            "text": {"fontSize": 11},
        }

    def value_format(self, unit: str, big: bool = True) -> str:
        """The d3 format of a value: currency with the client's symbol and digits, percent, or a count."""
        if unit == "currency":
            return f"$,.{get_currency_precision(self.fmt.currency)}f"
        if unit == "percent":
            return ".2%"
        return ",.0f" if big else ",.2~f"

    def axis_format(self, unit: str, big: bool = True) -> str:
        """Like ``value_format``, without the cents of large amounts: axis labels stay short."""
        if unit == "currency" and big:
            return "$,.0f"
        return ".2~%" if unit == "percent" else self.value_format(unit, big)

    def kpi_formats(self, kpi: Kpi) -> tuple[str, str]:
        """(axis, value) formats of a KPI."""
        big = kpi.target >= 100
        return self.axis_format(kpi.unit, big), self.value_format(kpi.unit, big)


def field(name: str, kind: str, **properties: Any) -> Spec:
    """An encoding channel reading ``name``; ``kind`` is a Vega-Lite type: quantitative, temporal, nominal."""
    return {"field": name, "type": kind, **properties}


def tip(name: str, kind: str, title: str, number_format: str | None = None) -> Spec:
    """One line of a tooltip."""
    return field(name, kind, title=title, **({"format": number_format} if number_format else {}))


def finish(chart: Spec, theme: Theme, rows: list[dict[str, Any]], height: int = 260) -> Spec:
    """The whole spec: ``chart`` (its mark or layers) over ``rows``, filling its column, in the theme.

    Pages title charts with a heading of their own, so specs carry no title.
    """
    return {
        "$schema": SCHEMA_URL, "data": {"values": rows}, **chart,
        "width": "container", "height": height, "autosize": {"type": "fit-x", "contains": "padding"},
        "config": theme.config(),
    }


def _round(value: float | Decimal | None) -> float | None:
    """Enough digits for any figure on a page (CTR needs six), no float noise in the page."""
    return None if value is None else round(float(value), 6)


@dataclass(frozen=True)
class Line:
    key: str
    """A plain field name (pivoted for the hover tooltip)."""
    label: str
    colour: str
    dash: list[int]
    points: list[tuple[dt.date, float | None]]


def _over_time(lines: list[Line], when: Period, value_title: str, formats: tuple[str, str], theme: Theme,
               reference: tuple[str, float], zero: bool = True) -> Spec:
    """Lines over the campaign's dates, a labelled horizontal reference, one hover rule for all.

    ``zero=False`` (ratios such as CPA or CTR) fits the value axis to the data and the reference.
    """
    _ = theme.fmt.gettext
    axis_format, value_format = formats
    rows = [
        {"date": day.isoformat(), "key": line.key, "series": line.label, "value": _round(value)}
        for line in lines for day, value in line.points if value is not None
    ]
    shown = [line for line in lines if any(value is not None for _day, value in line.points)]
    domain, colours = [line.label for line in shown], [line.colour for line in shown]
    date = field("date", "temporal")
    label, value = reference
    reference_data = {"values": [{"value": _round(value), "label": label}]}
    at_reference = field("value", "quantitative")
    layers = [
        {"data": reference_data, "mark": {"type": "rule", "color": NEUTRAL, "strokeDash": DOTTED}, "encoding": {"y": at_reference}},
        {"mark": {"type": "line"}, "encoding": {
            "x": field("date", "temporal", title=None, scale={"domain": [when.start.isoformat(), when.end.isoformat()]}),
            "y": field("value", "quantitative", title=value_title, axis={"format": axis_format}, scale={"zero": zero}),
            "color": field("series", "nominal", title=None, legend={"symbolType": "stroke"}, scale={"domain": domain, "range": colours}),
            "strokeDash": field("series", "nominal", title=None, scale={"domain": domain, "range": [line.dash for line in shown]}),
        }},
        {"name": "hover-rule", "transform": [
            {"pivot": "key", "value": "value", "groupby": ["date"]},
            {"calculate": _day_tooltip(_("Date"), shown, value_format), "as": "tooltip"},
        ], "mark": {"type": "rule", "color": NEUTRAL}, "encoding": {
            "x": date,
            "opacity": {"condition": [{"param": "hover", "empty": False, "value": 0.7}], "value": 0},
            "tooltip": field("tooltip", "nominal"),
        }},
        {"transform": [{"filter": {"param": "hover", "empty": False}}], "mark": {"type": "point", "filled": True, "size": 45},
         "encoding": {"x": date, "y": field("value", "quantitative"),
                      "color": field("series", "nominal", legend=None, scale={"domain": domain, "range": colours})}},
        {"data": reference_data, "mark": {"type": "text", "align": "left", "baseline": "bottom", "dx": 4, "dy": -3, "color": NEUTRAL},
         "encoding": {"y": at_reference, "x": {"value": 0}, "text": field("label", "nominal")}},
    ]
    hover = {"name": "hover", "views": ["hover-rule"], "select": {
        "type": "point", "fields": ["date"], "nearest": True, "on": "pointerover", "clear": "pointerout"}}
    # The hover dots keep their own (hidden) legend: merged with the lines' it would draw dots as symbols.
    chart = {"layer": layers, "params": [hover], "resolve": {"legend": {"color": "independent", "strokeDash": "independent"}}}
    return finish(chart, theme, rows, height=280)


def _day_tooltip(date_title: str, lines: list[Line], value_format: str) -> str:
    """A Vega expression for the hover tooltip of one day: its date and each line's value that day.

    A line without a value that day (the projection before today) is left out, not shown as NaN.
    It makes a field of the day's row: Vega-Lite points a field at the row for the nearest-point
    layer it adds, which it would not do for an expression on the mark.
    """
    def text(value: str) -> str:
        return json.dumps(value)  # a string literal of the expression language, as of JavaScript

    values = [
        f"isValid(datum[{text(line.key)}]) ? {{{text(line.label)}: format(datum[{text(line.key)}], {text(value_format)})}} : {{}}"
        for line in lines
    ]
    return f"merge({{{text(date_title)}: timeFormat(toDate(datum.date), '%x')}}, {', '.join(values)})"


def kpi_progress(report: KpiReport, series: list[SeriesPoint], projection: list[tuple[dt.date, float]], when: Period,
                 theme: Theme) -> Spec:
    """The KPI to date against what was expected by each day and the target; the projection dotted,
    along the plan's remaining shape as the page model has it."""
    _ = theme.fmt.gettext
    kpi = report.kpi
    lines = [Line("actual", _("Actual"), theme.accent, SOLID, [(p.date, p.actual) for p in series])]
    if kpi.ratio is None:
        lines.append(Line("expected", _("Expected"), NEUTRAL, DASHED, [(p.date, p.expected) for p in series]))
        if projection:
            lines.append(Line("projection", _("Projection"), theme.accent, DOTTED, list(projection)))
    target = _("Target: {value}").format(value=_display(theme, kpi.target, kpi.unit))
    return _over_time(lines, when, kpi.name, theme.kpi_formats(kpi), theme, (target, kpi.target), zero=kpi.ratio is None)


def budget_burn(budget: float, spend: list[BurnPoint], projected: float | None, when: Period, theme: Theme) -> Spec:
    """Cumulative spend against the budget spread evenly over the days, and the budget line."""
    _ = theme.fmt.gettext
    lines = [
        Line("spent", _("Spent"), theme.accent, SOLID, [(p.date, p.spent) for p in spend]),
        Line("even", _("Even pace"), NEUTRAL, DASHED, [(when.start, budget / when.total_days), (when.end, budget)]),
    ]
    last = next((p for p in reversed(spend) if p.spent is not None), None)
    if last is not None and projected is not None and not when.ended:
        lines.append(Line("projection", _("Projection"), theme.accent, DOTTED, [(last.date, last.spent), (when.end, projected)]))
    label = _("Budget: {value}").format(value=_display(theme, budget, "currency"))
    formats = theme.axis_format("currency"), theme.value_format("currency")
    return _over_time(lines, when, _("Spend"), formats, theme, (label, budget))


def _display(theme: Theme, value: float, unit: str) -> str:
    if unit == "currency":
        return theme.fmt.money(value)
    if unit == "percent":
        return theme.fmt.percent(value, 2)
    return theme.fmt.decimal(value) if abs(value) < 100 else theme.fmt.number(value)


def monthly_plan_vs_fact(report: KpiReport, months: list[MonthRowShown], theme: Theme) -> Spec:
    """Bars of plan and fact for each month, as the table beside it has them.

    A month still running says so and is compared with its plan to date, not its whole plan.
    """
    _ = theme.fmt.gettext
    plan, fact = _("Plan"), _("Fact")
    rows, order = [], []
    for row in months:
        label = theme.fmt.month(row.name) if row.complete or not row.reached else _("{month} (to date)").format(
            month=theme.fmt.month(row.name))
        order.append(label)
        planned = row.plan_to_date if row.reached else row.plan
        if planned is not None:
            rows.append({"month": label, "value": _round(planned), "series": plan})
        if row.fact is not None:
            rows.append({"month": label, "value": _round(row.fact), "series": fact})
    axis_format, value_format = theme.kpi_formats(report.kpi)
    chart = {"mark": {"type": "bar"}, "encoding": {
        "x": field("month", "nominal", title=None, sort=order, axis={"labelAngle": 0, "labelLimit": 160}),
        "xOffset": field("series", "nominal", sort=[plan, fact]),
        "y": field("value", "quantitative", title=report.kpi.name, axis={"format": axis_format}),
        "color": field("series", "nominal", title=None, scale={"domain": [plan, fact], "range": [NEUTRAL, theme.accent]}),
        "tooltip": [
            tip("month", "nominal", _("Month")),
            tip("series", "nominal", " "),
            tip("value", "quantitative", report.kpi.name, value_format),
        ],
    }}
    return finish(chart, theme, rows, height=240)


def hours_by_role(roles: tuple[HoursShare, ...], theme: Theme) -> Spec:
    """Horizontal bars: hours used per role, largest first, each labelled with its hours."""
    _ = theme.fmt.gettext
    rows = [{"role": r.name, "hours": _round(r.hours), "share": _round(r.share)} for r in roles]
    position = {
        "y": field("role", "nominal", title=None, sort=[r.name for r in roles], axis={"labelLimit": 180}),
        "x": field("hours", "quantitative", title=_("Hours"), axis={"format": ",.0f"}),
    }
    bars = {"mark": {"type": "bar", "color": theme.accent, "height": {"band": 0.7}}, "encoding": {**position, "tooltip": [
        tip("role", "nominal", _("Role")),
        tip("hours", "quantitative", _("Hours"), ",.1~f"),
        tip("share", "quantitative", _("Share"), ".0%"),
    ]}}
    labels = {"mark": {"type": "text", "align": "left", "dx": 4, "color": NEUTRAL},
              "encoding": {**position, "text": field("hours", "quantitative", format=",.1~f")}}
    return finish({"layer": [bars, labels]}, theme, rows, height=max(80, 30 * len(rows)))


def channel_split(rows: list[ChannelRow], measures: list[tuple[str, str]], theme: Theme) -> Spec:
    """Each summed figure (spend, orders...) as one bar split 100 % by channel.

    ``measures`` are (key, label) pairs: ``spend`` or a summed KPI's id.
    """
    _ = theme.fmt.gettext
    data = []
    for order, row in enumerate(rows):
        for key, label in measures:
            share = row.spend_share if key == "spend" else row.shares.get(key)
            if share is not None:
                data.append({"measure": label, "channel": row.channel, "order": order, "share": _round(share)})
    channels = [row.channel for row in rows]
    position = {
        "y": field("measure", "nominal", title=None, sort=[label for _key, label in measures], axis={"labelLimit": 180}),
        "x": field("share", "quantitative", title=None, stack="zero", axis={"format": ".0%"}, scale={"domain": [0, 1]}),
        "order": field("order", "quantitative"),
    }
    bars = {"mark": {"type": "bar", "height": {"band": 0.7}, "stroke": "#ffffff", "strokeWidth": 1}, "encoding": {
        **position,
        "color": field("channel", "nominal", title=_("Channel"), scale={"domain": channels, "range": list(OKABE_ITO)}),
        "tooltip": [
            tip("measure", "nominal", " "),
            tip("channel", "nominal", _("Channel")),
            tip("share", "quantitative", _("Share"), ".1%"),
        ],
    }}
    labels = {"transform": [{"filter": "datum.share >= 0.08"}],
              "mark": {"type": "text", "dx": -6, "align": "right", "color": "#ffffff", "fontWeight": "bold"},
              "encoding": {**position, "text": field("share", "quantitative", format=".0%")}}
    return finish({"layer": [bars, labels]}, theme, data, height=max(90, 38 * len(measures)))


def track_record_strip(check: TargetCheck, theme: Theme) -> Spec:
    """Internal: what past campaigns achieved on one metric, a grey dot each, with the target as a bar and,
    once the campaign has ended, its own result as a diamond (told apart by shape as well as colour)."""
    _ = theme.fmt.gettext
    kpi = check.kpi
    daily = check.basis == "per-day" and kpi.unit == "number"
    value_format = ",.1f" if daily else theme.value_format(kpi.unit, big=check.basis == "as-is" and kpi.target >= 100)
    past, target, own = _("Past campaign"), _("Target"), _("This campaign")
    rows = [{"campaign": p.campaign, "value": _round(p.value), "kind": past} for p in check.past]
    if check.outcome is not None:
        rows.append({"campaign": own, "value": _round(check.outcome.value), "kind": own})
    kinds = [past, target] + ([own] if check.outcome is not None else [])
    colours, shapes = [NEUTRAL, theme.accent, OKABE_ITO[5]][:len(kinds)], ["circle", "stroke", "diamond"][:len(kinds)]
    x = field("value", "quantitative", title=kpi.name if check.basis == "as-is" else _("{name} per day").format(name=kpi.name),
              axis={"format": value_format}, scale={"zero": False, "padding": 12})
    legend = {
        "color": field("kind", "nominal", title=None, scale={"domain": kinds, "range": colours}),
        "shape": field("kind", "nominal", title=None, scale={"domain": kinds, "range": shapes}),
    }
    tooltip = [tip("campaign", "nominal", _("Campaign")), tip("value", "quantitative", kpi.name, value_format)]
    layers = [
        {"data": {"values": [{"campaign": target, "value": _round(check.target), "kind": target}]},
         "mark": {"type": "tick", "thickness": 3, "size": 40}, "encoding": {"x": x, **legend, "tooltip": tooltip}},
        {"mark": {"type": "point", "filled": True, "size": 130, "opacity": 0.85}, "encoding": {"x": x, **legend, "tooltip": tooltip}},
    ]
    return finish({"layer": layers}, theme, rows, height=70)


def track_record_charts(checks: tuple[TargetCheck, ...], theme: Theme) -> dict[str, Spec]:
    """KPI id -> its track-record chart, for an internal page's targets."""
    return {check.kpi.id: track_record_strip(check, theme) for check in checks}
