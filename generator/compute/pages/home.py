"""The client home: every campaign's status, the latest reports, the next meeting, open actions, scores."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ...models import Client, Meeting
from .. import actions, campaigns, periodic, satisfaction
from ..actions import TrackedAction
from ..periodic import Week
from ..satisfaction import Score
from .common import CampaignSummary, summary


@dataclass(frozen=True)
class HomePage:
    client: Client
    as_of: dt.date
    latest_week: Week | None
    latest_month: str | None
    next_meeting: Meeting | None
    """The earliest note dated after the report date: a meeting prepared ahead."""
    campaigns: tuple[CampaignSummary, ...]
    """Running campaigns first, then the others in the order of the files."""
    open_actions: tuple[TrackedAction, ...]
    next_steps: Meeting | None
    """The latest weekly note that says what comes next week."""
    scores: tuple[Score, ...]
    """The latest NPS and the latest CSI."""


def home_page(client: Client, as_of: dt.date) -> HomePage:
    reports = [campaigns.campaign_report(c, as_of) for c in client.campaigns]
    running = [r for r in reports if r.period.started and not r.period.ended]
    all_scores = satisfaction.scores(client.surveys, as_of)
    week, month = periodic.latest_reports(client, as_of)
    weekly = next((m for m in reversed(client.meetings) if m.spec.type == "weekly" and m.spec.date <= as_of), None)
    return HomePage(
        client, as_of, week, month, next((m for m in client.meetings if m.spec.date > as_of), None),
        tuple(summary(r) for r in running + [r for r in reports if r not in running]),
        tuple(actions.still_open(actions.register(client.meetings, as_of))),
        weekly if weekly and weekly.spec.answers.get("next-week", "").strip() else None,
        tuple(s for s in (satisfaction.latest(all_scores, "nps"), satisfaction.latest(all_scores, "csi")) if s),
    )
