"""Assemble whole sites: which pages each site has, and its navigation."""

from __future__ import annotations

import datetime as dt

from ..compute import campaigns as campaign_compute
from ..i18n import Formatter
from ..models import Agency, Client
from . import meetings, reports
from .base import Page, Renderer, SiteContext, SiteSpec


def client_site(client: Client, as_of: dt.date, internal: bool) -> SiteSpec:
    """The pages of one client's site; the internal variant also shows internal notes.

    A client site must be given ``client.for_client_site()``: internal notes are
    removed from the model before rendering, never hidden by a template condition.
    """
    fmt = Formatter(client.spec.language, client.spec.currency)
    _ = fmt.gettext
    site = SiteContext(client, as_of, Renderer(fmt, internal))
    campaign_reports = [campaign_compute.campaign_report(c, as_of) for c in client.campaigns]
    campaign_pages, campaign_nav = reports.campaign_pages(site, campaign_reports)
    meeting_pages, meeting_nav = meetings.meeting_pages(site)
    report_pages, report_nav = reports.report_pages(site)
    spec = SiteSpec(
        site_id=f"internal/{client.slug}" if internal else client.slug,
        title=client.spec.name + " · " + _("internal") if internal else client.spec.name,
        language=client.spec.language,
    )
    spec.pages = [
        reports.home_page(site, campaign_reports), *campaign_pages, *report_pages, *meeting_pages,
        meetings.satisfaction_page(site), meetings.lessons_page(site),
    ]
    spec.nav = [
        {_("Home"): "index.md"},
        {_("Campaigns"): campaign_nav},
        {_("Reports"): report_nav},
        {_("Meetings"): meeting_nav},
        {_("Satisfaction"): "satisfaction.md"},
        {_("Lessons learned"): "lessons.md"},
    ]
    if client.spec.brand and client.spec.brand.color:
        spec.brand_color = client.spec.brand.color
    if client.logo is not None:
        spec.logo = f"assets/logo{client.logo.suffix.lower()}"
        spec.files[spec.logo] = client.logo.read_bytes()
    return spec


def portfolio_site(agency: Agency, as_of: dict[str, dt.date]) -> SiteSpec:
    """The internal front page: every client at a glance, and every lesson, internal ones included."""
    fmt = Formatter(agency.language)
    _ = fmt.gettext
    renderer = Renderer(fmt, internal=True)
    spec = SiteSpec("internal", _("Agency portfolio"), agency.language)
    library, library_nav = meetings.library_pages(agency, renderer)
    spec.pages = [
        reports.portfolio_page(agency, as_of, renderer),
        meetings.rhythm_page(agency, as_of, renderer),
        *library,
    ]
    spec.nav = [{_("Portfolio"): "index.md"}, {_("Meeting rhythm"): "rhythm.md"}, {_("Lessons learned"): library_nav}]
    return spec
