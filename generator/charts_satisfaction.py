"""Charts of the satisfaction page: each score over time, and CSI per aspect.

Same look as every other chart (``charts._finish``); the page gives each its
heading. The data come from ``compute.satisfaction``, rounded as the tables show them.
"""

from __future__ import annotations

from typing import Any

import altair as alt

from .charts import ACTUAL, _finish
from .compute.satisfaction import Score
from .i18n import Formatter

SCORE_SCALES = {"nps": (-100, 100), "csi": (0, 100)}


def score_trend(all_scores: list[Score], kind: str, fmt: Formatter) -> dict[str, Any]:
    """One score kind over time: a line through every survey, each point labelled with its value."""
    _ = fmt.gettext
    label = kind.upper()
    rows = [
        {"date": s.date.isoformat(), "value": float(s.published), "responses": s.responses}
        for s in all_scores if s.kind == kind
    ]
    low, high = SCORE_SCALES[kind]
    base = alt.Chart(alt.Data(values=rows)).encode(
        x=alt.X("date:T", title=None, axis=alt.Axis(format=fmt.d3_month_format, tickCount="month")),
        y=alt.Y("value:Q", title=label, scale=alt.Scale(domain=[low, high])),
        tooltip=[
            alt.Tooltip("date:T", title=_("Date")),
            alt.Tooltip("value:Q", title=label, format=".1f"),
            alt.Tooltip("responses:Q", title=_("Responses")),
        ],
    )
    line = base.mark_line(point=alt.OverlayMarkDef(size=70, filled=True, color=ACTUAL), color=ACTUAL)
    labels = base.mark_text(dy=-12, fontSize=12, fontWeight="bold", color=ACTUAL).encode(text=alt.Text("value:Q", format=".1f"))
    layers = [line, labels]
    if low < 0:
        layers.insert(0, alt.Chart(alt.Data(values=[{"zero": 0}])).mark_rule(color="#8884").encode(y="zero:Q"))
    return _finish(alt.layer(*layers), fmt, height=220)


def aspect_bars(by_aspect: dict[str, float], fmt: Formatter) -> dict[str, Any]:
    """CSI per aspect of one survey, weakest first, so what needs work stands out."""
    _ = fmt.gettext
    rows = [{"aspect": aspect, "value": round(value, 1)} for aspect, value in by_aspect.items()]
    order = [row["aspect"] for row in sorted(rows, key=lambda r: r["value"])]
    base = alt.Chart(alt.Data(values=rows)).encode(
        y=alt.Y("aspect:N", title=None, sort=order),
        x=alt.X("value:Q", title="CSI", scale=alt.Scale(domain=[0, 100])),
        tooltip=[alt.Tooltip("aspect:N", title=_("Aspect")), alt.Tooltip("value:Q", title="CSI", format=".1f")],
    )
    bars = base.mark_bar(color=ACTUAL, cornerRadiusEnd=3)
    labels = base.mark_text(align="left", dx=4, fontSize=12, color="#888").encode(text=alt.Text("value:Q", format=".1f"))
    return _finish(alt.layer(bars, labels), fmt, height=max(200, 40 * len(rows)))

