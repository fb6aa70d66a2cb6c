"""Charts of the satisfaction page: each score over time, and CSI per aspect.

Same look as every other chart (``charts.finish``); the page gives each its
heading. The data come from ``compute.satisfaction``, rounded as the tables show them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from .charts import Spec, Theme, field, finish, tip
from .compute.satisfaction import Score

SCORE_SCALES = {"nps": (-100, 100), "csi": (0, 100)}
SCORE_DATE_MARGIN = 20
"""Days of time axis before the first survey and after the last."""


def score_trend(all_scores: list[Score], kind: str, theme: Theme) -> Spec:
    """One score kind over time: a line through every survey, each point labelled with its value."""
    fmt, colour = theme.fmt, theme.accent
    _ = fmt.gettext
    label = kind.upper()
    surveys = [s for s in all_scores if s.kind == kind]
    rows = [{"date": s.date.isoformat(), "value": float(s.published), "responses": s.responses} for s in surveys]
    low, high = SCORE_SCALES[kind]
    dates = [s.date for s in surveys]
    margin = dt.timedelta(days=SCORE_DATE_MARGIN)  # room for the end points' labels, and an axis for a single survey
    encoding = {
        "x": field("date", "temporal", title=None, axis={"format": fmt.d3_month_format, "tickCount": "month"},
                   scale={"domain": [(min(dates) - margin).isoformat(), (max(dates) + margin).isoformat()]}),
        "y": field("value", "quantitative", title=label, scale={"domain": [low, high]}),
        "tooltip": [
            tip("date", "temporal", _("Date")),
            tip("value", "quantitative", label, ".1f"),
            tip("responses", "quantitative", _("Responses")),
        ],
    }
    line = {"mark": {"type": "line", "color": colour, "point": {"size": 70, "filled": True, "color": colour}}, "encoding": encoding}
    labels = {"mark": {"type": "text", "dy": -12, "fontSize": 12, "fontWeight": "bold", "color": colour},
              "encoding": {**encoding, "text": field("value", "quantitative", format=".1f")}}
    layers = [line, labels]
    if low < 0:
        layers.insert(0, {"data": {"values": [{"zero": 0}]}, "mark": {"type": "rule", "color": "#8884"},
                          "encoding": {"y": field("zero", "quantitative")}})
    return finish({"layer": layers}, theme, rows, height=220)


def aspect_bars(by_aspect: tuple[tuple[str, Decimal], ...], theme: Theme) -> Spec:
    """CSI per aspect of one survey, weakest first (as the page model orders them), so what needs work stands out."""
    fmt, colour = theme.fmt, theme.accent
    _ = fmt.gettext
    rows = [{"aspect": aspect, "value": float(value)} for aspect, value in by_aspect]
    order = [aspect for aspect, _value in by_aspect]
    encoding = {
        "y": field("aspect", "nominal", title=None, sort=order),
        "x": field("value", "quantitative", title="CSI", scale={"domain": [0, 100]}),
        "tooltip": [tip("aspect", "nominal", _("Aspect")), tip("value", "quantitative", "CSI", ".1f")],
    }
    bars = {"mark": {"type": "bar", "color": colour, "cornerRadiusEnd": 3}, "encoding": encoding}
    labels = {"mark": {"type": "text", "align": "left", "dx": 4, "fontSize": 12, "color": "#888"},
              "encoding": {**encoding, "text": field("value", "quantitative", format=".1f")}}
    return finish({"layer": [bars, labels]}, theme, rows, height=max(200, 40 * len(rows)))
