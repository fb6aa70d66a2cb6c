"""Altair charts built from computed figures.

Each builder takes figures from ``compute`` and returns a Vega-Lite spec (a dict)
that pages embed and vega-embed draws in the browser, offline. Every chart gets one
theme (``Theme.config``): the site's d3 number and time locale with the client's
currency, so axes read like the page around them; the client's brand colour for
the client's own figures; neutral grey for plans and expectations; Okabe-Ito
colours (safe with every common colour-vision deficiency) where categories need
telling apart; lines told apart by dash as well as colour. Text and grid colours
are set again by debrief.css from Material's palette variables, so a chart reads
on the light and the dark palette alike.

Charts stay light for long campaigns: values are rounded, one hover layer serves
every series, and pages draw a chart only when it scrolls into view.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Any

import altair as alt
import vl_convert
from babel.numbers import get_currency_precision

from .compute.campaigns import BurnPoint, ChannelRow, HoursShare, KpiReport, MonthRow, Period, SeriesPoint
from .i18n import D3_LOCALES, Formatter, d3_time_locale
from .models import Kpi

# Altair checks every object against the Vega-Lite schema as it is made, and every spec again in
# to_dict(): most of a build's rendering time. The specs are checked once, in the tests instead.
alt.utils.schemapi.disable_debug_mode()

OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999")
"""Distinguishable with every common colour-vision deficiency."""
DEFAULT_ACCENT = ACTUAL = OKABE_ITO[0]
"""The colour of the client's own figures when the client has no brand colour."""
NEUTRAL = "#8C8C8C"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
SOLID, DASHED, DOTTED = [1, 0], [6, 4], [2, 3]


@cache
def _d3_locale(language: str, currency: str) -> dict[str, Any]:
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

    @property
    def accent(self) -> str:
        return self.brand or DEFAULT_ACCENT

    def config(self) -> dict[str, Any]:
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


def _finish(chart: alt.TopLevelMixin, theme: Theme | Formatter, title: str | None = None, height: int = 260) -> dict[str, Any]:
    """The spec as plain data, filling its column, with the theme as its config.

    Pages title charts with a heading of their own, so ``title`` is for charts shown without one.
    """
    if isinstance(theme, Formatter):
        theme = Theme(theme)
    spec = chart.properties(width="container", height=height, **({"title": title} if title else {})).to_dict(validate=False)
    spec["config"] = theme.config()
    spec["autosize"] = {"type": "fit-x", "contains": "padding"}
    return spec


def _round(value: float | None) -> float | None:
    """Enough digits for any figure on a page (CTR needs six), no float noise in the page."""
    return None if value is None else round(value, 6)


@dataclass(frozen=True)
class Line:
    key: str
    """A plain field name (pivoted for the hover tooltip)."""
    label: str
    colour: str
    dash: list[int]
    points: list[tuple[dt.date, float | None]]


def _over_time(lines: list[Line], when: Period, value_title: str, formats: tuple[str, str], theme: Theme,
               reference: tuple[str, float], zero: bool = True) -> dict[str, Any]:
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
    domain = [line.label for line in shown]
    x = alt.X("date:T", title=None, scale=alt.Scale(domain=[when.start.isoformat(), when.end.isoformat()]))
    y = alt.Y("value:Q", title=value_title, axis=alt.Axis(format=axis_format), scale=alt.Scale(zero=zero))
    base = alt.Chart(alt.Data(values=rows))
    drawn = base.mark_line().encode(
        x=x, y=y,
        color=alt.Color("series:N", title=None, legend=alt.Legend(symbolType="stroke"),
                        scale=alt.Scale(domain=domain, range=[line.colour for line in shown])),
        strokeDash=alt.StrokeDash("series:N", title=None, scale=alt.Scale(domain=domain, range=[line.dash for line in shown])),
    )
    hover = alt.selection_point(name="hover", fields=["date"], nearest=True, on="pointerover", clear="pointerout", empty=False)
    tooltip = [alt.Tooltip("date:T", title=_("Date"), format="%x")]
    tooltip += [alt.Tooltip(f"{line.key}:Q", title=line.label, format=value_format) for line in shown]
    rule = base.transform_pivot("key", value="value", groupby=["date"]).mark_rule(color=NEUTRAL).encode(
        x="date:T", opacity=alt.when(hover).then(alt.value(0.7)).otherwise(alt.value(0)), tooltip=tooltip,
    ).add_params(hover).properties(name="hover-rule")
    dots = base.mark_point(filled=True, size=45).encode(
        x="date:T", y="value:Q",
        color=alt.Color("series:N", legend=None, scale=alt.Scale(domain=domain, range=[line.colour for line in shown])),
    ).transform_filter(hover)
    layers: list[Any] = [drawn, rule, dots]
    label, value = reference
    mark = alt.Chart(alt.Data(values=[{"value": _round(value), "label": label}]))
    layers.insert(0, mark.mark_rule(color=NEUTRAL, strokeDash=DOTTED).encode(y="value:Q"))
    layers.append(mark.mark_text(align="left", baseline="bottom", dx=4, dy=-3, color=NEUTRAL).encode(
        y="value:Q", x=alt.value(0), text="label:N"))
    # The hover dots keep their own (hidden) legend: merged with the lines' it would draw dots as symbols.
    chart = alt.layer(*layers).resolve_legend(color="independent", strokeDash="independent")
    return _finish(chart, theme, height=280)


def kpi_progress(report: KpiReport, series: list[SeriesPoint], when: Period, theme: Theme) -> dict[str, Any]:
    """The KPI to date against what was expected by each day and the target; the projection dashed."""
    _ = theme.fmt.gettext
    kpi = report.kpi
    lines = [Line("actual", _("Actual"), theme.accent, SOLID, [(p.date, p.actual) for p in series])]
    if kpi.ratio is None:
        lines.append(Line("expected", _("Expected"), NEUTRAL, DASHED, [(p.date, p.expected) for p in series]))
        last = next((p for p in reversed(series) if p.actual is not None), None)
        if last is not None and report.projected is not None and not when.ended:
            lines.append(Line("projection", _("Projection"), theme.accent, DOTTED,
                              [(last.date, last.actual), (when.end, report.projected)]))
    target = _("Target: {value}").format(value=_display(theme, kpi.target, kpi.unit))
    return _over_time(lines, when, kpi.name, theme.kpi_formats(kpi), theme, (target, kpi.target), zero=kpi.ratio is None)


def budget_burn(budget: float, spend: list[BurnPoint], projected: float | None, when: Period, theme: Theme) -> dict[str, Any]:
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


def monthly_plan_vs_fact(report: KpiReport, months: list[MonthRow], theme: Theme) -> dict[str, Any]:
    """Seed 002: bars of plan and fact for each month; a month still running says so."""
    _ = theme.fmt.gettext
    plan, fact = _("Plan"), _("Fact")
    rows, order = [], []
    for row in months:
        label = theme.fmt.month(row.month) if row.complete or not row.reached else _("{month} (to date)").format(
            month=theme.fmt.month(row.month))
        order.append(label)
        if row.plan is not None:
            rows.append({"month": label, "value": _round(row.plan), "series": plan})
        if row.fact is not None:
            rows.append({"month": label, "value": _round(row.fact), "series": fact})
    axis_format, value_format = theme.kpi_formats(report.kpi)
    chart = alt.Chart(alt.Data(values=rows)).mark_bar().encode(
        x=alt.X("month:N", title=None, sort=order, axis=alt.Axis(labelAngle=0, labelLimit=160)),
        xOffset=alt.XOffset("series:N", sort=[plan, fact]),
        y=alt.Y("value:Q", title=report.kpi.name, axis=alt.Axis(format=axis_format)),
        color=alt.Color("series:N", title=None, scale=alt.Scale(domain=[plan, fact], range=[NEUTRAL, theme.accent])),
        tooltip=[
            alt.Tooltip("month:N", title=_("Month")),
            alt.Tooltip("series:N", title=" "),
            alt.Tooltip("value:Q", title=report.kpi.name, format=value_format),
        ],
    )
    return _finish(chart, theme, height=240)


def hours_by_role(roles: tuple[HoursShare, ...], theme: Theme) -> dict[str, Any]:
    """Horizontal bars: hours used per role, largest first, each labelled with its hours."""
    _ = theme.fmt.gettext
    rows = [{"role": r.name, "hours": _round(r.hours), "share": _round(r.share)} for r in roles]
    order = [r.name for r in roles]
    base = alt.Chart(alt.Data(values=rows)).encode(
        y=alt.Y("role:N", title=None, sort=order, axis=alt.Axis(labelLimit=180)),
        x=alt.X("hours:Q", title=_("Hours"), axis=alt.Axis(format=",.0f")),
    )
    bars = base.mark_bar(color=theme.accent, height={"band": 0.7}).encode(tooltip=[
        alt.Tooltip("role:N", title=_("Role")),
        alt.Tooltip("hours:Q", title=_("Hours"), format=",.1~f"),
        alt.Tooltip("share:Q", title=_("Share"), format=".0%"),
    ])
    labels = base.mark_text(align="left", dx=4, color=NEUTRAL).encode(text=alt.Text("hours:Q", format=",.1~f"))
    return _finish(alt.layer(bars, labels), theme, height=max(80, 30 * len(rows)))


def channel_split(rows: list[ChannelRow], measures: list[tuple[str, str]], theme: Theme) -> dict[str, Any]:
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
    base = alt.Chart(alt.Data(values=data)).encode(
        y=alt.Y("measure:N", title=None, sort=[label for _key, label in measures], axis=alt.Axis(labelLimit=180)),
        x=alt.X("share:Q", title=None, stack="zero", axis=alt.Axis(format=".0%"), scale=alt.Scale(domain=[0, 1])),
        order=alt.Order("order:Q"),
    )
    bars = base.mark_bar(height={"band": 0.7}, stroke="#ffffff", strokeWidth=1).encode(
        color=alt.Color("channel:N", title=_("Channel"), scale=alt.Scale(domain=channels, range=list(OKABE_ITO))),
        tooltip=[
            alt.Tooltip("measure:N", title=" "),
            alt.Tooltip("channel:N", title=_("Channel")),
            alt.Tooltip("share:Q", title=_("Share"), format=".1%"),
        ],
    )
    labels = base.mark_text(dx=-6, align="right", color="#ffffff", fontWeight="bold").encode(
        text=alt.Text("share:Q", format=".0%"),
    ).transform_filter("datum.share >= 0.08")
    return _finish(alt.layer(bars, labels), theme, height=max(90, 38 * len(measures)))
