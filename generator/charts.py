"""Altair charts built from computed tables.

Each builder takes figures from ``compute`` and returns a Vega-Lite spec (a dict)
that pages embed and vega-embed draws in the browser, offline. One look for every
chart: colour-blind-safe colours (Okabe-Ito), readable on light and dark palettes,
and the site's d3 number and time locale so axes read like the page around them.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import altair as alt
import vl_convert

from .compute.campaigns import KpiReport, MonthRow, Period, SeriesPoint
from .i18n import D3_LOCALES, Formatter

ACTUAL, EXPECTED, TARGET, PLAN = "#0072B2", "#8C8C8C", "#D55E00", "#56B4E9"
"""Okabe-Ito colours: distinguishable with every common colour-vision deficiency."""
WIDTH = "container"


@cache
def d3_locale(language: str) -> dict[str, Any]:
    code = D3_LOCALES[language]
    return {"number": vl_convert.get_format_locale(code), "time": vl_convert.get_time_format_locale(code)}


def _finish(chart: alt.TopLevelMixin, fmt: Formatter, title: str) -> dict[str, Any]:
    """The shared look, applied to every chart, and the spec as plain data."""
    spec = (
        chart.properties(width=WIDTH, height=260, title=title)
        .configure(locale=d3_locale(fmt.language), background="transparent", font="system-ui, sans-serif")
        .configure_axis(labelColor="#888", titleColor="#888", gridColor="#8884", domainColor="#888", tickColor="#888")
        .configure_legend(labelColor="#888", titleColor="#888", orient="bottom")
        .configure_title(color="#888", anchor="start", fontSize=14)
        .configure_view(stroke=None)
        .to_dict()
    )
    return spec


def _value_format(unit: str) -> str:
    return {"percent": ".2%", "currency": ",.2f"}.get(unit, ",.0f")


def kpi_progress(report: KpiReport, series: list[SeriesPoint], when: Period, fmt: Formatter) -> dict[str, Any]:
    """The KPI to date against what was expected by each day and the target; the projection dashed."""
    _ = fmt.gettext
    kpi = report.kpi
    label_actual, label_expected, label_target, label_projection = _("Actual"), _("Expected"), _("Target"), _("Projection")
    rows = [
        {"date": p.date.isoformat(), "value": p.actual, "series": label_actual} for p in series if p.actual is not None
    ]
    rows += [{"date": p.date.isoformat(), "value": p.expected, "series": label_expected} for p in series]
    if kpi.ratio is None:
        rows += [
            {"date": when.start.isoformat(), "value": kpi.target, "series": label_target},
            {"date": when.end.isoformat(), "value": kpi.target, "series": label_target},
        ]
    if report.projected is not None and series and not when.ended and series[-1].actual is not None:
        rows += [
            {"date": series[-1].date.isoformat(), "value": series[-1].actual, "series": label_projection},
            {"date": when.end.isoformat(), "value": report.projected, "series": label_projection},
        ]
    domain = [label_actual, label_expected, label_target, label_projection]
    value_format = _value_format(kpi.unit)
    chart = alt.Chart(alt.Data(values=rows)).mark_line(interpolate="linear").encode(
        x=alt.X("date:T", title=None, scale=alt.Scale(domain=[when.start.isoformat(), when.end.isoformat()])),
        y=alt.Y("value:Q", title=kpi.name, axis=alt.Axis(format=value_format)),
        color=alt.Color("series:N", title=None, scale=alt.Scale(domain=domain, range=[ACTUAL, EXPECTED, TARGET, ACTUAL])),
        strokeDash=alt.StrokeDash(
            "series:N", legend=None, scale=alt.Scale(domain=domain, range=[[1, 0], [4, 3], [1, 0], [6, 4]])
        ),
        tooltip=[
            alt.Tooltip("series:N", title=" "),
            alt.Tooltip("date:T", title=_("Date")),
            alt.Tooltip("value:Q", title=kpi.name, format=value_format),
        ],
    )
    return _finish(chart, fmt, kpi.name)


def monthly_plan_vs_fact(report: KpiReport, months: list[MonthRow], fmt: Formatter) -> dict[str, Any]:
    """Seed 002: bars of plan and fact for each month."""
    _ = fmt.gettext
    rows = []
    for row in months:
        label = fmt.month(row.month)
        if row.plan is not None:
            rows.append({"month": label, "value": row.plan, "series": _("Plan")})
        if row.fact is not None:
            rows.append({"month": label, "value": row.fact, "series": _("Fact")})
    order = [fmt.month(row.month) for row in months]
    value_format = _value_format(report.kpi.unit)
    chart = alt.Chart(alt.Data(values=rows)).mark_bar().encode(
        x=alt.X("month:N", title=None, sort=order, axis=alt.Axis(labelAngle=0)),
        xOffset=alt.XOffset("series:N", sort=[_("Plan"), _("Fact")]),
        y=alt.Y("value:Q", title=report.kpi.name, axis=alt.Axis(format=value_format)),
        color=alt.Color("series:N", title=None, scale=alt.Scale(domain=[_("Plan"), _("Fact")], range=[PLAN, ACTUAL])),
        tooltip=[
            alt.Tooltip("month:N", title=_("Month")),
            alt.Tooltip("series:N", title=" "),
            alt.Tooltip("value:Q", title=report.kpi.name, format=value_format),
        ],
    )
    return _finish(chart, fmt, _("{name}: plan vs fact by month").format(name=report.kpi.name))
