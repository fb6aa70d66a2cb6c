"""Assemble whole sites: which pages each site has, and its navigation."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

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
    if client.logo is not None and client.logo_content is not None:
        spec.logo = f"assets/logo{client.logo.suffix.lower()}"
        spec.files[spec.logo] = client.logo_content
    return spec


CLIENTS_PER_PAGE = 25
"""The portfolio's pages list at most this many clients, so no page grows with the agency."""


def portfolio_site(agency: Agency, as_of: dict[str, dt.date]) -> SiteSpec:
    """The internal front page: every client at a glance, and every lesson, internal ones included.

    Beyond ``CLIENTS_PER_PAGE`` clients each page is made once per group of clients
    (group 2's ``rhythm.md`` is ``rhythm-2.md``, its ``lessons/`` is ``lessons-2/``),
    so a page's size, and the time to build it, stay the same as the agency grows.
    """
    fmt = Formatter(agency.language)
    _ = fmt.gettext
    renderer = Renderer(fmt, internal=True)
    spec = SiteSpec("internal", _("Agency portfolio"), agency.language)
    groups = [agency.clients[i:i + CLIENTS_PER_PAGE] for i in range(0, len(agency.clients), CLIENTS_PER_PAGE)] or [()]
    sections: dict[str, list[Any]] = {_("Portfolio"): [], _("Meeting rhythm"): [], _("Lessons learned"): []}
    for number, clients in enumerate(groups, start=1):
        group = replace(agency, clients=clients)
        library, library_nav = meetings.library_pages(group, renderer)
        pages = [reports.portfolio_page(group, as_of, renderer), meetings.rhythm_page(group, as_of, renderer), *library]
        navs = [pages[0].path, pages[1].path, library_nav]
        if len(groups) > 1:
            pages, navs = [_in_group(page, number) for page in pages], [_nav_in_group(nav, number) for nav in navs]
            label = _("Clients %(first)d–%(last)d") % {"first": (number - 1) * CLIENTS_PER_PAGE + 1,
                                                         "last": (number - 1) * CLIENTS_PER_PAGE + len(clients)}
            navs = [{label: nav} for nav in navs]
        spec.pages += pages
        for section, nav in zip(sections.values(), navs):
            section.append(nav)
    spec.nav = [{title: entries[0] if len(groups) == 1 else entries} for title, entries in sections.items()]
    return spec


def _group_path(path: str, number: int) -> str:
    """Group 1 keeps the path; others get ``-<n>`` on the first part, so relative links keep working."""
    if number == 1:
        return path
    first, _, rest = path.partition("/")
    return f"{first}-{number}/{rest}" if rest else f"{first.removesuffix('.md')}-{number}.md"


def _in_group(page: Page, number: int) -> Page:
    return replace(page, path=_group_path(page.path, number))


def _nav_in_group(nav: Any, number: int) -> Any:
    if isinstance(nav, str):
        return _group_path(nav, number)
    if isinstance(nav, list):
        return [_nav_in_group(entry, number) for entry in nav]
    return {title: _nav_in_group(entry, number) for title, entry in nav.items()}
