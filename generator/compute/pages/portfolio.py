"""The agency's portfolio pages: a row per client and campaign, and the meeting rhythm of every client."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from dataclasses import dataclass

from ...models import Client
from .. import actions, alerts, campaigns, meetings, satisfaction
from ..campaigns import STATUS_ORDER, CampaignReport
from ..rounding import half_up
from ..satisfaction import Score
from .meetings import Rhythm, rhythm_rows


@dataclass(frozen=True)
class PortfolioRow:
    client: Client
    as_of: dt.date
    report: CampaignReport | None
    """None: a client without campaigns still has its row."""
    status_rank: int | None
    """Sort key of the worst status: worst first."""
    budget_final: bool
    """The budget figure is final (the campaign has ended), not projected."""
    hours_overage: Decimal | None
    """Whole hours over (+) or under (−) the plan at the end, as shown."""
    hours_over: bool
    """The hours will exceed the plan (a warning on the row)."""
    open: int
    overdue: int
    alerts: int
    """The campaign's alerts on the report date (its client's Alerts page lists them)."""
    nps: Score | None
    csi: Score | None


@dataclass(frozen=True)
class PortfolioPage:
    rows: tuple[PortfolioRow, ...]


def portfolio_page(clients: tuple[Client, ...], as_of: dict[str, dt.date]) -> PortfolioPage:
    """One row per client and campaign, each as of its client's report date."""
    rows = []
    rank = {status: index for index, status in enumerate(STATUS_ORDER)}
    for client in clients:
        day = as_of[client.slug]
        register = actions.register(client.meetings, day)
        scores = satisfaction.scores(client.surveys, day)
        reports = [campaigns.campaign_report(c, day) for c in client.campaigns]
        raised = [a.campaign for a in alerts.client_alerts(client, day)]
        for report in reports or [None]:
            rows.append(PortfolioRow(
                client, day, report, rank[report.worst_status] if report else None,
                bool(report and report.period.ended),
                half_up(report.hours.overage, 0) if report and report.hours.overage is not None else None,
                bool(report and report.hours.overage is not None and report.hours.overage > 0),
                sum(1 for t in register if t.state == "open"), sum(1 for t in register if t.state == "overdue"),
                raised.count(report.campaign.slug) if report else 0,
                satisfaction.latest(scores, "nps"), satisfaction.latest(scores, "csi"),
            ))
    return PortfolioPage(tuple(rows))


@dataclass(frozen=True)
class RhythmRow:
    client: Client
    as_of: dt.date
    checks: tuple[Rhythm, ...]
    overdue: tuple[Rhythm, ...]


@dataclass(frozen=True)
class RhythmPage:
    rows: tuple[RhythmRow, ...]


def rhythm_page(clients: tuple[Client, ...], as_of: dict[str, dt.date]) -> RhythmPage:
    rows = []
    for client in clients:
        checks = rhythm_rows(meetings.rhythm(client, as_of[client.slug]))
        rows.append(RhythmRow(client, as_of[client.slug], checks, tuple(c for c in checks if c.state == "overdue")))
    return RhythmPage(tuple(rows))
