"""Pages about the numbers: the client home, a page per campaign, weekly and monthly reports, the portfolio.

Every figure comes from ``compute``; this module only picks what each page shows,
builds its charts (``charts``) and the tables beneath them, and names the pages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, TypeVar

from babel.dates import format_interval, format_skeleton

from .. import charts, layout
from ..compute import actions as action_compute
from ..compute import campaigns as campaign_compute
from ..compute import periodic, satisfaction
from ..compute.campaigns import CampaignReport
from ..i18n import Formatter
from ..layout import NavEntry, NavLink, NavSection
from ..models import Agency, Client, Meeting
from .base import Page, Renderer, SiteContext

UPDATE_KEYS = ("tracking", "done", "results", "goals-met")
"""Answers that say where a campaign stands: the latest one is the team's word beside the figures."""

Dated = TypeVar("Dated")


def weekly_sample(points: list[Dated]) -> list[Dated]:
    """Every Sunday and the last day: a table a person can read beside a daily chart."""
    return [p for i, p in enumerate(points) if p.date.weekday() == 6 or i == len(points) - 1]  # type: ignore[attr-defined]


def week_title(week: periodic.Week, fmt: Formatter) -> str:
    return fmt.gettext("Week {week}, {year}").format(week=week.iso[1], year=week.iso[0])


def week_dates(week: periodic.Week, fmt: Formatter) -> str:
    return format_interval(week.monday, week.sunday, skeleton="yMMMd", locale=fmt.locale)


def quarter_title(year: int, quarter: int, fmt: Formatter) -> str:
    return format_skeleton("yQQQ", dt.date(year, 3 * quarter - 2, 1), locale=fmt.locale)


# --- the client home ----------------------------------------------------------------------


@dataclass(frozen=True)
class LatestReports:
    weekly: tuple[str, str] | None
    """(title, path) of the newest weekly report."""
    monthly: tuple[str, str] | None


def latest_reports(client: Client, as_of: dt.date, fmt: Formatter) -> LatestReports:
    week, month = periodic.latest_reports(client, as_of)
    return LatestReports(
        (week_title(week, fmt), layout.weekly(week.slug)) if week else None,
        (fmt.month(month), layout.monthly(month)) if month else None,
    )


def home_page(site: SiteContext, reports: list[CampaignReport]) -> Page:
    client, as_of = site.client, site.as_of
    register = action_compute.register(client.meetings, as_of)
    scores = satisfaction.scores(client.surveys, as_of)
    latest_weekly = next((m for m in reversed(client.meetings) if m.spec.type == "weekly" and m.spec.date <= as_of), None)
    next_meeting = next((m for m in client.meetings if m.spec.date > as_of), None)  # a note prepared ahead
    latest_scores = [s for s in (satisfaction.latest(scores, "nps"), satisfaction.latest(scores, "csi")) if s]
    running = [r for r in reports if r.period.started and not r.period.ended]
    return site.page(
        layout.HOME, client.spec.name, "client_home.md.j2",
        reports=running + [r for r in reports if r not in running],
        open_actions=action_compute.still_open(register), latest_weekly=latest_weekly, latest_scores=latest_scores,
        latest=latest_reports(client, as_of, site.fmt), next_meeting=next_meeting,
    )


# --- campaign pages -----------------------------------------------------------------------


def latest_update(meetings: list[Meeting]) -> tuple[Meeting, str] | None:
    """The newest answer saying where the campaign stands, with its meeting."""
    for meeting in reversed(meetings):
        for key in UPDATE_KEYS:
            text = meeting.spec.answers.get(key, "").strip()
            if text:
                return meeting, text
    return None


def campaign_pages(site: SiteContext, reports: list[CampaignReport]) -> tuple[list[Page], list[NavEntry]]:
    """A page per campaign, and their navigation entries."""
    theme = charts.Theme.of(site.client, site.fmt)
    pages: list[Page] = []
    nav: list[NavEntry] = []
    for report in reports:
        path = layout.campaign(report.campaign.slug)
        meetings = [m for m in site.client.meetings if m.spec.campaign == report.campaign.slug and m.spec.date <= site.as_of]
        pages.append(site.page(
            path, report.campaign.spec.name, "campaign.md.j2", report=report, view=campaign_view(report, theme),
            meetings=meetings, update=latest_update(meetings), latest=latest_reports(site.client, site.as_of, site.fmt),
        ))
        nav.append(NavLink(report.campaign.spec.name, path))
    return pages, nav


@dataclass(frozen=True)
class KpiView:
    report: campaign_compute.KpiReport
    progress: dict[str, Any] | None
    """None until the KPI has data."""
    progress_rows: list[campaign_compute.SeriesPoint]
    months: list[campaign_compute.MonthRow]
    monthly: dict[str, Any] | None
    channels: list[tuple[str, float | None]]


@dataclass(frozen=True)
class CampaignView:
    """A campaign page's charts and the tables beneath them."""

    kpis: list[KpiView]
    budget: dict[str, Any] | None
    budget_rows: list[campaign_compute.BurnPoint]
    hours: dict[str, Any] | None
    channels: list[campaign_compute.ChannelRow]
    channel_chart: dict[str, Any] | None


def campaign_view(report: CampaignReport, theme: charts.Theme) -> CampaignView:
    campaign, when = report.campaign, report.period
    channel_rows = campaign_compute.channel_split(campaign, when) if when.started else []
    kpis = []
    for kpi_report in report.kpis:
        kpi = kpi_report.kpi
        series = campaign_compute.cumulative_series(kpi, campaign, when)
        months = campaign_compute.monthly_plan_vs_fact(kpi, campaign, when)
        has_data = any(point.actual is not None for point in series)
        kpis.append(KpiView(
            kpi_report, charts.kpi_progress(kpi_report, series, when, theme) if has_data else None,
            weekly_sample(series), months,
            charts.monthly_plan_vs_fact(kpi_report, months, theme) if kpi.plan else None,
            [(row.channel, row.values[kpi.id]) for row in channel_rows],
        ))
    spend = campaign_compute.spend_series(campaign, when) if report.has_spend else []
    budget_chart = None
    if any(p.spent is not None for p in spend):
        budget_chart = charts.budget_burn(report.budget.budget, spend, report.budget.projected, when, theme)
    measures = [("spend", theme.fmt.gettext("Spend"))] if report.has_spend else []
    measures += [(k.id, k.name) for k in campaign.spec.kpis if k.metric is not None]
    return CampaignView(
        kpis=kpis,
        budget=budget_chart,
        budget_rows=weekly_sample(spend),
        hours=charts.hours_by_role(report.hours.by_role, theme) if report.hours.by_role else None,
        channels=channel_rows,
        channel_chart=charts.channel_split(channel_rows, measures, theme) if len(channel_rows) > 1 and measures else None,
    )


# --- weekly and monthly reports -----------------------------------------------------------


def report_pages(site: SiteContext) -> tuple[list[Page], list[NavEntry]]:
    """A weekly report per ISO week and a monthly report per month, an index, and their navigation.

    Navigation groups reports by year and quarter, newest first, so it stays small
    however long the client stays.
    """
    client, as_of, fmt = site.client, site.as_of, site.fmt
    weeks = periodic.report_weeks(client, as_of)
    months = periodic.report_months(client, as_of)
    pages: list[Page] = []
    quarters: dict[tuple[int, int], list[NavEntry]] = {}
    monthly_entries: list[tuple[str, str, periodic.MonthlyReport]] = []
    for month in months:
        report = periodic.monthly_report(client, month, as_of)
        title = fmt.month(month)
        pages.append(site.page(layout.monthly(month), title, "monthly_report.md.j2", report=report, title=title))
        quarter = (int(month[:4]), (int(month[5:]) - 1) // 3 + 1)
        quarters.setdefault(quarter, []).insert(0, NavLink(title, layout.monthly(month)))
        monthly_entries.insert(0, (title, layout.monthly(month), report))
    weekly_entries: list[tuple[str, str, periodic.WeeklyReport]] = []
    weekly_nav: dict[tuple[int, int], list[NavEntry]] = {}
    for week in weeks:
        report = periodic.weekly_report(client, week, as_of)
        title = week_title(week, fmt)
        following = periodic.Week(week.monday + 7 * campaign_compute.DAY)
        due_next = [
            t for t in action_compute.still_open(action_compute.register(client.meetings, report.last_day))
            if following.monday <= t.action.due <= following.sunday
        ]
        pages.append(site.page(
            layout.weekly(week.slug), title, "weekly_report.md.j2", report=report, title=title,
            dates=week_dates(week, fmt), due_next=due_next,
        ))
        weekly_nav.setdefault(week.quarter, []).insert(0, NavLink(title, layout.weekly(week.slug)))
        weekly_entries.insert(0, (title, layout.weekly(week.slug), report))
    for quarter, entries in weekly_nav.items():
        quarters.setdefault(quarter, []).extend(entries)
    pages.append(site.page(
        layout.REPORTS, fmt.gettext("Reports"), "reports.md.j2", monthly=monthly_entries, weekly=weekly_entries,
        dates={path: week_dates(r.week, fmt) for _t, path, r in weekly_entries},
    ))
    by_year: dict[int, list[NavEntry]] = {}
    for (year, quarter), entries in sorted(quarters.items(), reverse=True):
        by_year.setdefault(year, []).append(NavSection(quarter_title(year, quarter, fmt), tuple(entries)))
    nav: list[NavEntry] = [NavLink(fmt.gettext("All reports"), layout.REPORTS)]
    nav += [NavSection(str(year), tuple(entries)) for year, entries in by_year.items()]
    return pages, nav


# --- the agency's portfolio ---------------------------------------------------------------


@dataclass(frozen=True)
class PortfolioRow:
    client: Client
    report: CampaignReport | None
    as_of: dt.date
    fmt: Formatter
    open: int
    overdue: int
    nps: satisfaction.Score | None
    csi: satisfaction.Score | None


def portfolio_page(agency: Agency, as_of: dict[str, dt.date], renderer: Renderer, group: int = 1) -> Page:
    rows = portfolio_rows(agency.clients, as_of, agency.language)
    rank = {status: index for index, status in enumerate(campaign_compute.STATUS_ORDER)}
    path = layout.portfolio(group)
    return Page(path, renderer.fmt.gettext("Portfolio"), renderer.render("portfolio.md.j2", path, rows=rows, status_rank=rank))


def portfolio_rows(clients: tuple[Client, ...], as_of: dict[str, dt.date], language: str) -> list[PortfolioRow]:
    """One row per client and campaign (a client without campaigns still gets one)."""
    rows = []
    for client in clients:
        day = as_of[client.slug]
        register = action_compute.register(client.meetings, day)
        scores = satisfaction.scores(client.surveys, day)
        fmt = Formatter(language, client.spec.currency)
        reports = [campaign_compute.campaign_report(c, day) for c in client.campaigns]
        for report in reports or [None]:
            rows.append(PortfolioRow(
                client, report, day, fmt,
                open=sum(1 for t in register if t.state == "open"),
                overdue=sum(1 for t in register if t.state == "overdue"),
                nps=satisfaction.latest(scores, "nps"), csi=satisfaction.latest(scores, "csi"),
            ))
    return rows
