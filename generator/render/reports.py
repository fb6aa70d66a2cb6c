"""Pages about the numbers: the client home, one page per campaign, the portfolio rows."""

from __future__ import annotations

from typing import Any

from .. import charts
from ..compute import actions as action_compute
from ..compute import campaigns as campaign_compute
from ..compute import satisfaction
from ..i18n import Formatter
from .base import Page, SiteContext


def home_page(site: SiteContext, reports: list[campaign_compute.CampaignReport]) -> Page:
    client, as_of = site.client, site.as_of
    register = action_compute.register(client.meetings, as_of)
    scores = satisfaction.scores(client.surveys, as_of)
    latest_weekly = next((m for m in reversed(client.meetings) if m.spec.type == "weekly" and m.spec.date <= as_of), None)
    latest_scores = [s for s in (satisfaction.latest(scores, "nps"), satisfaction.latest(scores, "csi")) if s]
    return site.page(
        "index.md", client.spec.name, "client_home.md.j2", reports=reports,
        open_actions=action_compute.still_open(register), latest_weekly=latest_weekly, latest_scores=latest_scores,
    )


def campaign_pages(site: SiteContext, reports: list[campaign_compute.CampaignReport]) -> tuple[list[Page], list[Any]]:
    """A page per campaign, and their navigation entries."""
    pages, nav = [], []
    for report in reports:
        path = f"campaigns/{report.campaign.slug}.md"
        pages.append(site.page(
            path, report.campaign.spec.name, "campaign.md.j2", report=report, charts=campaign_charts(report, site.fmt),
            months={k.kpi.id: campaign_compute.monthly_plan_vs_fact(k.kpi, report.campaign, report.period) for k in report.kpis},
            meetings=[m for m in site.client.meetings if m.spec.campaign == report.campaign.slug],
        ))
        nav.append({report.campaign.spec.name: path})
    return pages, nav


def campaign_charts(report: campaign_compute.CampaignReport, fmt: Formatter) -> dict[str, dict[str, Any]]:
    specs: dict[str, dict[str, Any]] = {}
    for kpi_report in report.kpis:
        series = campaign_compute.cumulative_series(kpi_report.kpi, report.campaign, report.period)
        specs[f"{kpi_report.kpi.id}-progress"] = charts.kpi_progress(kpi_report, series, report.period, fmt)
        if kpi_report.kpi.plan:
            rows = campaign_compute.monthly_plan_vs_fact(kpi_report.kpi, report.campaign, report.period)
            specs[f"{kpi_report.kpi.id}-monthly"] = charts.monthly_plan_vs_fact(kpi_report, rows, fmt)
    return specs


def portfolio_rows(clients, as_of, language: str) -> list[dict[str, Any]]:
    """One row per client for the agency's portfolio page."""
    rows = []
    for client in clients:
        day = as_of[client.slug]
        register = action_compute.register(client.meetings, day)
        scores = satisfaction.scores(client.surveys, day)
        rows.append({
            "client": client, "as_of": day,
            "reports": [campaign_compute.campaign_report(c, day) for c in client.campaigns],
            "open": sum(1 for t in register if t.state == "open"),
            "overdue": sum(1 for t in register if t.state == "overdue"),
            "nps": satisfaction.latest(scores, "nps"), "csi": satisfaction.latest(scores, "csi"),
            "fmt": Formatter(language, client.spec.currency),
        })
    return rows
