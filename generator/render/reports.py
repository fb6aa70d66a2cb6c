"""Pages about the numbers: the client home, a page per campaign, weekly and monthly reports, the portfolio.

Every figure comes from a page model (``compute.pages``); this module picks the
template, builds the page's charts from the same model (``charts``) and names the pages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from babel.dates import format_skeleton

from .. import charts, layout
from ..compute.pages import campaign as campaign_pages_model
from ..compute.pages import alerts, home, portfolio, reports
from ..compute.pages.campaign import CampaignPage, InternalCampaignPage
from ..i18n import Formatter
from ..layout import NavEntry, NavLink, NavSection
from ..models import Agency
from .base import Page, Renderer, SiteContext


def quarter_title(year: int, quarter: int, fmt: Formatter) -> str:
    return format_skeleton("yQQQ", dt.date(year, 3 * quarter - 2, 1), locale=fmt.locale)


def home_page(site: SiteContext) -> Page:
    model = home.home_page(site.client, site.as_of)
    return site.page(layout.HOME, site.client.spec.name, "client_home.md.j2", model)


def alerts_page(site: SiteContext) -> Page:
    """Internal client sites only: the alerts of the client's running campaigns."""
    return site.page(layout.ALERTS, site.fmt.gettext("Alerts"), "alerts.md.j2", alerts.alerts_page(site.client, site.as_of))


# --- campaign pages -----------------------------------------------------------------------


@dataclass(frozen=True)
class CampaignCharts:
    """A campaign page's charts, each drawn from the page model."""

    progress: dict[str, Any]
    """KPI id -> its chart over time (KPIs with data)."""
    monthly: dict[str, Any]
    """KPI id -> plan vs fact by month (KPIs with a monthly plan)."""
    budget: dict[str, Any] | None
    hours: dict[str, Any] | None
    channels: dict[str, Any] | None
    targets: dict[str, Any]
    """Internal: KPI id -> its target among the agency's past campaigns."""


def campaign_charts(model: CampaignPage, theme: charts.Theme) -> CampaignCharts:
    when = model.summary.report.period
    _ = theme.fmt.gettext
    budget = model.budget
    labels = {k.id: k.name for k in model.campaign.spec.kpis} | {"spend": _("Spend")}
    return CampaignCharts(
        progress={s.report.kpi.id: charts.kpi_progress(s.report, list(s.series), list(s.projection), when, theme)
                  for s in model.kpis if s.has_data},
        monthly={s.report.kpi.id: charts.monthly_plan_vs_fact(s.report, list(s.months), theme) for s in model.kpis if s.has_plan},
        budget=charts.budget_burn(budget.report.budget, list(budget.series), budget.report.projected, when, theme)
        if any(p.spent is not None for p in budget.series) else None,
        hours=charts.hours_by_role(model.hours.report.by_role, theme) if model.hours.report.by_role else None,
        channels=charts.channel_split(list(model.channels), [(key, labels[key]) for key in model.channel_measures], theme)
        if model.channel_measures else None,
        targets=charts.track_record_charts(model.targets if isinstance(model, InternalCampaignPage) else (), theme),
    )


def campaign_pages(site: SiteContext) -> tuple[list[Page], list[NavEntry]]:
    """A page per campaign, and their navigation entries."""
    theme = charts.Theme.of(site.client, site.fmt)
    pages: list[Page] = []
    nav: list[NavEntry] = []
    for campaign in site.client.campaigns:
        path = layout.campaign(campaign.slug)
        if site.record is None:
            model = campaign_pages_model.campaign_page(site.client, campaign, site.as_of)
        else:
            model = campaign_pages_model.internal_campaign_page(site.client, campaign, site.as_of, site.record)
        pages.append(site.page(path, campaign.spec.name, "campaign.md.j2", model, charts=campaign_charts(model, theme)))
        nav.append(NavLink(campaign.spec.name, path))
    return pages, nav


# --- weekly and monthly reports -----------------------------------------------------------


def report_pages(site: SiteContext) -> tuple[list[Page], list[NavEntry]]:
    """A weekly report per ISO week and a monthly report per month, an index, and their navigation.

    Navigation groups reports by year and quarter, newest first, so it stays small
    however long the client stays.
    """
    fmt = site.fmt
    models = reports.report_pages(site.client, site.as_of)
    pages: list[Page] = []
    quarters: dict[tuple[int, int], list[NavEntry]] = {}
    for monthly in models.monthly:
        month = monthly.report.month
        title = fmt.month(month)
        pages.append(site.page(layout.monthly(month), title, "monthly_report.md.j2", monthly, title=title))
        quarter = (int(month[:4]), (int(month[5:]) - 1) // 3 + 1)
        quarters.setdefault(quarter, []).insert(0, NavLink(title, layout.monthly(month)))
    weekly_nav: dict[tuple[int, int], list[NavEntry]] = {}
    for weekly in models.weekly:
        week = weekly.report.week
        title = site.renderer.week_title(week)
        pages.append(site.page(layout.weekly(week.slug), title, "weekly_report.md.j2", weekly, title=title))
        weekly_nav.setdefault(week.quarter, []).insert(0, NavLink(title, layout.weekly(week.slug)))
    for quarter, entries in weekly_nav.items():
        quarters.setdefault(quarter, []).extend(entries)
    pages.append(site.page(layout.REPORTS, fmt.gettext("Reports"), "reports.md.j2", models.index))
    by_year: dict[int, list[NavEntry]] = {}
    for (year, quarter), entries in sorted(quarters.items(), reverse=True):
        by_year.setdefault(year, []).append(NavSection(quarter_title(year, quarter, fmt), tuple(entries)))
    nav: list[NavEntry] = [NavLink(fmt.gettext("All reports"), layout.REPORTS)]
    nav += [NavSection(str(year), tuple(entries)) for year, entries in by_year.items()]
    return pages, nav


# --- the agency's portfolio ---------------------------------------------------------------


def portfolio_page(agency: Agency, as_of: dict[str, dt.date], renderer: Renderer, group: int = 1) -> Page:
    model = portfolio.portfolio_page(agency.clients, as_of)
    path = layout.portfolio(group)
    return Page(path, renderer.fmt.gettext("Portfolio"), renderer.render("portfolio.md.j2", path, page=model), model)
