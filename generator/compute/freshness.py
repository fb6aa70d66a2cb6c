"""How current a campaign's data is: the one rule for "data up to" and "data is stale".

The campaign page's "Data up to", the warning of ``debrief validate`` and ``debrief
sources``, and the *data is stale* alert all ask this module, so they never disagree.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from ..models import AlertSettings, Campaign, MetricRow

STALE_DAYS: int = AlertSettings.model_fields["stale_after_days"].default
"""Data that ends more than this many days before the report date is stale (``alerts.stale_after_days``)."""
DAY = dt.timedelta(days=1)


def running_on(campaign: Campaign, as_of: dt.date) -> bool:
    """The campaign runs on the report date (its first and last day included)."""
    return campaign.spec.start <= as_of <= campaign.spec.end


def cadence_days(rows: Iterable[MetricRow]) -> int:
    """1 for daily data, 7 for weekly: the most common step between consecutive dates."""
    days = sorted({row.date for row in rows})
    steps = Counter((b - a).days for a, b in zip(days, days[1:]))
    return steps.most_common(1)[0][0] if steps else 1


def data_up_to(campaign: Campaign, as_of: dt.date) -> dt.date | None:
    """The last day the campaign's data covers on the report date (a weekly row covers its week); None: no data yet."""
    rows = [row for row in campaign.metrics if row.date <= as_of]
    if not rows:
        return None
    return min(as_of, max(row.date for row in rows) + DAY * (cadence_days(rows) - 1))


def stale_since(campaign: Campaign, as_of: dt.date, after_days: int = STALE_DAYS) -> dt.date | None:
    """The first day without data when a running campaign's data ends more than ``after_days`` before the report date.

    None when the data is fresh or the campaign is not running on the report date.
    """
    if not running_on(campaign, as_of):
        return None
    covered = data_up_to(campaign, as_of)
    first_missing = covered + DAY if covered is not None and covered >= campaign.spec.start else campaign.spec.start
    return first_missing if (as_of - first_missing).days >= after_days else None


def stale_data_up_to(campaign: Campaign, as_of: dt.date) -> dt.date | None:
    """The last day with data, when the data is stale (None: fresh, or no data at all yet)."""
    return data_up_to(campaign, as_of) if stale_since(campaign, as_of) is not None else None
