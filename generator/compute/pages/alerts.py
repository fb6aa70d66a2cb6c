"""The Alerts page of an internal client site: what staff should look at before the client notices."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from ...models import ALERT_KINDS, AlertKind, Campaign, Client
from .. import alerts as compute
from ..alerts import Alert
from ..freshness import running_on
from ..internal import InternalOnly


@dataclass(frozen=True)
class AlertRow:
    alert: Alert
    campaign: Campaign
    days: int
    """Days from the first day to the report date, both counted."""
    activity: Literal["spend", "clicks", ""]
    """Conversions stopped: what went on without results (spend where the data has it)."""
    ran_out: bool
    """Overspend ahead: the budget is already spent (the day is past), not only projected to be."""
    data_up_to: dt.date | None
    """Data is stale: the last day the data covers (None: no data at all yet)."""


@dataclass(frozen=True)
class AlertsPage(InternalOnly):
    client: Client
    as_of: dt.date
    rows: tuple[AlertRow, ...]
    """Campaign by campaign, each in the order of the kinds."""
    counts: tuple[tuple[AlertKind, int], ...]
    """How many of each kind, for the kinds that occur, in the order of the kinds."""
    judged: tuple[Campaign, ...]
    """The campaigns running on the report date: the only ones alerts are raised for."""

    @property
    def judged_count(self) -> int:
        return len(self.judged)


def alert_row(alert: Alert, campaign: Campaign, as_of: dt.date) -> AlertRow:
    names = {f.name for f in alert.figures}
    activity = "spend" if "spend" in names else "clicks" if "clicks" in names else ""
    ran_out = alert.kind == "overspend-ahead" and alert.figure("budget_runs_out") <= as_of  # type: ignore[operator]
    covered = alert.figure("data_up_to") if "data_up_to" in names else None
    return AlertRow(alert, campaign, (as_of - alert.first_day).days + 1, activity, ran_out, covered)  # type: ignore[arg-type]


def alerts_page(client: Client, as_of: dt.date) -> AlertsPage:
    found = compute.client_alerts(client, as_of)
    campaigns = {c.slug: c for c in client.campaigns}
    kinds = [a.kind for a in found]
    return AlertsPage(
        client, as_of, tuple(alert_row(a, campaigns[a.campaign], as_of) for a in found),
        tuple((kind, kinds.count(kind)) for kind in ALERT_KINDS if kind in kinds),
        tuple(c for c in client.campaigns if running_on(c, as_of)),
    )
