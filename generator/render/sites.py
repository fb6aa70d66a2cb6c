"""Assemble whole sites: which pages each site has, and its navigation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from .. import layout
from ..compute.pages.common import known_on
from .. import colours
from ..compute.track_record import TrackRecord
from ..i18n import Formatter, search_settings
from ..layout import NavEntry, NavLink, NavSection
from ..models import Agency, Client
from . import meetings, reports
from .base import Page, Renderer, SiteContext, SiteSpec


def site_spec(site_id: str, title: str, fmt: Formatter) -> SiteSpec:
    """A site's spec with what it says in its own language besides its pages: the palette toggles, the search."""
    _ = fmt.gettext
    labels = {"slate": _("Switch to dark mode"), "default": _("Switch to light mode"), "": _("Switch to system preference")}
    return SiteSpec(site_id, title, fmt.language, palette_labels=labels, search=search_settings(fmt.language))


def brand_css(color: str) -> str:
    """The client's colour as Material's primary colour, on both palettes."""
    return (
        "[data-md-color-scheme] {\n"
        f"  --md-primary-fg-color: {color};\n"
        f"  --md-primary-fg-color--light: {color};\n"
        f"  --md-primary-fg-color--dark: {color};\n"
        f"  --md-accent-fg-color: {color};\n"
        f"  --debrief-brand: {color};\n"
        "}\n"
        "/* Links in the brand colour, darkened or lightened until they read on each palette. */\n"
        f'[data-md-color-scheme="default"] {{ --md-typeset-a-color: {colours.readable_on(color, colours.LIGHT_BOX)}; }}\n'
        f'[data-md-color-scheme="slate"][data-md-color-primary] {{ --md-typeset-a-color: {colours.readable_on(color, colours.DARK_BOX)}; }}\n'
    )


def client_site(client: Client, as_of: dt.date, internal: bool, record: TrackRecord | None = None) -> SiteSpec:
    """The pages of one client's site; the internal variant also shows internal notes.

    A client site must be given ``client.for_client_site()``: internal notes are
    removed from the model before rendering, never hidden by a template condition.
    Likewise nothing dated after the report date reaches the pages (``known_on``).
    """
    fmt = Formatter(client.spec.language, client.spec.currency)
    _ = fmt.gettext
    client = known_on(client, as_of)
    site = SiteContext(client, as_of, Renderer(fmt, internal), record if internal else None)
    campaign_pages, campaign_nav = reports.campaign_pages(site)
    meeting_pages, meeting_nav = meetings.meeting_pages(site)
    report_pages, report_nav = reports.report_pages(site)
    spec = site_spec(
        layout.internal_site(client.slug) if internal else layout.client_site(client.slug),
        client.spec.name + " · " + _("internal") if internal else client.spec.name, fmt,
    )
    spec.pages = [
        reports.home_page(site), *campaign_pages, *report_pages, *meeting_pages,
        meetings.satisfaction_page(site), meetings.lessons_page(site),
    ] + ([reports.alerts_page(site)] if internal else [])
    spec.nav = [
        NavLink(_("Home"), layout.HOME),
        *([NavLink(_("Alerts"), layout.ALERTS)] if internal else []),
        NavSection(_("Campaigns"), tuple(campaign_nav)),
        NavSection(_("Reports"), tuple(report_nav)),
        NavSection(_("Meetings"), tuple(meeting_nav)),
        NavLink(_("Satisfaction"), layout.SATISFACTION),
        NavLink(_("Lessons learned"), layout.LESSONS),
    ]
    if client.spec.brand and client.spec.brand.color:
        spec.files[layout.BRAND_CSS] = brand_css(client.spec.brand.color).encode("utf-8")
    if client.logo is not None and client.logo_content is not None:
        spec.logo = layout.logo(client.logo.suffix)
        spec.files[spec.logo] = client.logo_content
    return spec


CLIENTS_PER_PAGE = 25
"""The portfolio's pages list at most this many clients, so no page grows with the agency."""


@dataclass(frozen=True)
class PortfolioGroup:
    """One group of clients' pages of the portfolio (portfolio, rhythm, lessons) and their navigation.

    Made from that group's clients alone, so the pipeline can keep it while they are
    unchanged and render again only the group of a client that changed."""

    number: int
    clients: int
    pages: tuple[Page, ...]
    entries: tuple[NavEntry, ...]
    """The group's portfolio link, rhythm link and lessons section, in that order."""


def portfolio_groups(agency: Agency) -> list[tuple[Client, ...]]:
    """The agency's clients in groups of ``CLIENTS_PER_PAGE``, in order (one empty group for no client)."""
    clients = agency.clients
    return [clients[i:i + CLIENTS_PER_PAGE] for i in range(0, len(clients), CLIENTS_PER_PAGE)] or [()]


def portfolio_group(agency: Agency, as_of: dict[str, dt.date], number: int) -> PortfolioGroup:
    """The portfolio's pages of group ``number``, from ``agency`` holding that group's clients only."""
    fmt = Formatter(agency.language)
    _ = fmt.gettext
    renderer = Renderer(fmt, internal=True)
    group = replace(agency, clients=tuple(known_on(c, as_of[c.slug]) for c in agency.clients))
    library, library_entries = meetings.library_pages(group, renderer, number)
    pages = (reports.portfolio_page(group, as_of, renderer, number), meetings.rhythm_page(group, as_of, renderer, number),
             *library)
    entries = (NavLink(_("Portfolio"), layout.portfolio(number)), NavLink(_("Meeting rhythm"), layout.rhythm(number)),
               NavSection(_("Lessons learned"), tuple(library_entries)))
    return PortfolioGroup(number, len(group.clients), pages, entries)


def portfolio_site(agency: Agency, as_of: dict[str, dt.date]) -> SiteSpec:
    """The internal front page: every client at a glance, and every lesson, internal ones included."""
    groups = [portfolio_group(replace(agency, clients=clients), as_of, number)
              for number, clients in enumerate(portfolio_groups(agency), start=1)]
    return portfolio_site_of(agency.language, groups)


def portfolio_site_of(language: str, groups: list[PortfolioGroup]) -> SiteSpec:
    """The portfolio site from its groups' pages, in order.

    Beyond ``CLIENTS_PER_PAGE`` clients each page is made once per group of clients
    (group 2's ``rhythm.md`` is ``rhythm-2.md``, its ``lessons/`` is ``lessons-2/``),
    so a page's size, and the time to build it, stay the same as the agency grows.
    """
    fmt = Formatter(language)
    _ = fmt.gettext
    spec = site_spec(layout.PORTFOLIO, _("Agency portfolio"), fmt)
    sections: tuple[list[NavEntry], list[NavEntry], list[NavEntry]] = ([], [], [])
    for group in groups:
        spec.pages += group.pages
        entries = group.entries
        if len(groups) > 1:
            first = (group.number - 1) * CLIENTS_PER_PAGE + 1
            label = _("Clients %(first)d–%(last)d") % {"first": first, "last": first + group.clients - 1}
            entries = tuple(NavLink(label, entry.path) if isinstance(entry, NavLink) else NavSection(label, entry.entries)
                            for entry in entries)
        for section, entry in zip(sections, entries):
            section.append(entry)
    if len(groups) == 1:
        spec.nav = [section[0] for section in sections]
    else:
        spec.nav = [NavSection(_("Portfolio"), tuple(sections[0])), NavSection(_("Meeting rhythm"), tuple(sections[1])),
                    NavSection(_("Lessons learned"), tuple(sections[2]))]
    return spec
