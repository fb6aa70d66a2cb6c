"""Where everything goes: site ids, page paths, links between pages, and the names they reserve.

One module decides every path of the output, so "where is this path decided?" has one
answer. Sites nest in one output folder: each client's own site at ``<client>/``, the
agency's portfolio at ``internal/`` and each client's internal site inside it at
``internal/<client>/``. A page path is relative to its site's docs folder
(``campaigns/spring.md``); MkDocs writes it as ``.html`` beside it. Render and the
templates ask this module for paths and relative links (``Links``), so no template
spells a path or counts ``../`` itself.

The names the sites use for themselves are reserved for client slugs (``reserved``):
they are derived from the paths below, so a new portfolio page cannot collide with a
client's folder unnoticed. Writing two things to one path is an error (``DuplicatePath``),
as Pelican's writer has it.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from typing import Iterable, Union

PORTFOLIO = "internal"
"""The agency's portfolio site; the internal client sites live inside it."""
MKDOCS_FOLDERS = ("assets", "search")
"""Folders MkDocs and Material write into every site."""


class DuplicatePath(Exception):
    """Two things were to be written to one path of the output."""

    def __init__(self, path: str, first: str, second: str):
        super().__init__(f"{path}: both {first} and {second} would be written there")
        self.path = path


# --- sites ----------------------------------------------------------------------------------


def client_site(slug: str) -> str:
    return slug


def internal_site(slug: str) -> str:
    return f"{PORTFOLIO}/{slug}"


def is_internal(site_id: str) -> bool:
    """The portfolio and every internal client site: the agency's own."""
    return site_id == PORTFOLIO or site_id.startswith(PORTFOLIO + "/")


def work_folder_name(site_id: str) -> str:
    """A site's work folder: one level, ``internal/acme`` as ``internal__acme``."""
    return site_id.replace("/", "__")


# --- pages of a client site -----------------------------------------------------------------

HOME = "index.md"
REPORTS = "reports/index.md"
HISTORY = "meetings/index.md"
ACTIONS = "meetings/actions.md"
HEALTH = "meetings/health.md"
ALERTS = "alerts.md"
"""Internal client sites only."""
SATISFACTION = "satisfaction.md"
LESSONS = "lessons.md"


def campaign(slug: str) -> str:
    return f"campaigns/{slug}.md"


def weekly(week_slug: str) -> str:
    """``2026-w10``: an ISO week."""
    return f"reports/{week_slug}.md"


def monthly(month: str) -> str:
    """``2026-03``."""
    return f"reports/{month}.md"


def meeting(slug: str) -> str:
    return f"meetings/{slug}.md"


REPORT_FOLDERS = ("campaigns", "reports")
"""The folders of a client site whose pages are reports a client may print (``debrief pdf``)."""


# --- files beside the pages ----------------------------------------------------------------------

STYLESHEETS = ("assets/stylesheets/debrief.css", "assets/stylesheets/print.css")
"""Debrief's stylesheets in the theme (``theme/``), on every page."""
BRAND_CSS = "assets/brand.css"
"""A client's brand colour as a stylesheet of its own site."""
SCRIPTS = (
    "assets/javascripts/vega.min.js", "assets/javascripts/start.js", "assets/javascripts/charts.js",
    "assets/javascripts/timeline.js", "assets/javascripts/tables.js", "assets/javascripts/scrolling.js",
)
"""The theme's scripts in the order they load: Vega first, then ``start.js``, which every other one starts with."""


def logo(suffix: str) -> str:
    """A client's logo in its site, ``.svg`` or ``.png`` as the file it came from."""
    return f"assets/logo{suffix.lower()}"


# --- pages of the portfolio -------------------------------------------------------------------


def in_group(path: str, group: int) -> str:
    """The portfolio is made once per group of clients: group 1 keeps the path, group n puts
    ``-n`` on its first part (``rhythm-2.md``, ``lessons-2/index.md``), so links inside a group stay relative."""
    if group == 1:
        return path
    first, _, rest = path.partition("/")
    return f"{first}-{group}/{rest}" if rest else f"{first.removesuffix('.md')}-{group}.md"


def portfolio(group: int = 1) -> str:
    return in_group("index.md", group)


def rhythm(group: int = 1) -> str:
    return in_group("rhythm.md", group)


def library(group: int = 1) -> str:
    return in_group("lessons/index.md", group)


def library_tag(tag: str, group: int = 1) -> str:
    """A tag's page; the lessons without a tag (``tag=""``) have one of their own."""
    return in_group(f"lessons/tags/{tag}.md" if tag else "lessons/untagged.md", group)


PORTFOLIO_PAGES = (portfolio(), rhythm(), library(), library_tag("x"))
"""One of each kind of portfolio page (group 1): what the reserved names are derived from."""


# --- reserved names ---------------------------------------------------------------------------


def _folders_of(paths: Iterable[str]) -> set[str]:
    return {path.split("/", 1)[0] for path in paths if "/" in path}


def reserved(slug: str) -> str | None:
    """Why a client may not be called ``slug`` (None: it may).

    A client's own site is ``<slug>/`` beside the portfolio, and its internal site is
    ``internal/<slug>/`` inside it, beside the portfolio's own folders: MkDocs' folders
    and the folders of every group of portfolio pages (``lessons``, ``lessons-2``, ...).
    """
    if slug == PORTFOLIO:
        return "it is the folder of the agency's internal sites"
    if slug in MKDOCS_FOLDERS:
        return "it is a folder MkDocs writes into every site"
    for folder in sorted(_folders_of(PORTFOLIO_PAGES)):
        if slug == folder or re.fullmatch(rf"{re.escape(folder)}-[0-9]+", slug):
            return f"the internal portfolio writes its '{folder}' pages there"
    return None


# --- links ------------------------------------------------------------------------------------


def relative(here: str, target: str) -> str:
    """The link from page ``here`` to path ``target``, both relative to the same folder."""
    return posixpath.relpath(target, posixpath.dirname(here) or ".")


def as_html(path: str) -> str:
    """What MkDocs makes of a page path (``use_directory_urls: false``)."""
    return path[:-3] + ".html" if path.endswith(".md") else path


@dataclass(frozen=True)
class Links:
    """Links from one page to the others, as its template writes them.

    ``html=False`` gives Markdown links to ``.md`` pages (MkDocs checks and rewrites
    them); ``html=True`` gives ``.html`` links, for raw HTML blocks, which MkDocs leaves as
    they are. Links into an internal client site from the portfolio go through ``client``.
    """

    here: str
    html: bool = False

    def to(self, path: str) -> str:
        link = relative(self.here, path)
        return as_html(link) if self.html else link

    def home(self) -> str:
        return self.to(HOME)

    def reports(self) -> str:
        return self.to(REPORTS)

    def history(self) -> str:
        return self.to(HISTORY)

    def actions(self) -> str:
        return self.to(ACTIONS)

    def satisfaction(self) -> str:
        return self.to(SATISFACTION)

    def alerts(self) -> str:
        return self.to(ALERTS)

    def campaign(self, slug: str) -> str:
        return self.to(campaign(slug))

    def weekly(self, week_slug: str) -> str:
        return self.to(weekly(week_slug))

    def monthly(self, month: str) -> str:
        return self.to(monthly(month))

    def meeting(self, slug: str) -> str:
        return self.to(meeting(slug))

    def library_tag(self, tag: str, group: int = 1) -> str:
        return self.to(library_tag(tag, group))

    def library(self, group: int = 1) -> str:
        return self.to(library(group))

    def client(self, slug: str, path: str = HOME) -> str:
        """From a portfolio page to a page of the client's internal site, nested at ``<slug>/``."""
        return as_html(relative(self.here, f"{slug}/{path}"))

    def client_campaign(self, slug: str, campaign_slug: str) -> str:
        return self.client(slug, campaign(campaign_slug))

    def client_meeting(self, slug: str, meeting_slug: str) -> str:
        return self.client(slug, meeting(meeting_slug))

    def client_health(self, slug: str) -> str:
        return self.client(slug, HEALTH)

    def client_alerts(self, slug: str) -> str:
        return self.client(slug, ALERTS)


# --- navigation -------------------------------------------------------------------------------


@dataclass(frozen=True)
class NavLink:
    title: str
    path: str


@dataclass(frozen=True)
class NavSection:
    title: str
    entries: tuple[NavEntry, ...]


NavEntry = Union[NavLink, NavSection]


def mkdocs_nav(entries: Iterable[NavEntry]) -> list[dict[str, object]]:
    """The navigation as mkdocs.yml writes it: ``[{title: path}, {title: [...]}]``."""
    return [
        {entry.title: entry.path} if isinstance(entry, NavLink) else {entry.title: mkdocs_nav(entry.entries)}
        for entry in entries
    ]


def nav_paths(entries: Iterable[NavEntry]) -> list[str]:
    found: list[str] = []
    for entry in entries:
        found += [entry.path] if isinstance(entry, NavLink) else nav_paths(entry.entries)
    return found


# --- one path, one thing ----------------------------------------------------------------------


def check_unique(site_id: str, paths: Iterable[tuple[str, str]]) -> None:
    """Raise DuplicatePath when two (path, what) pairs of a site share a path."""
    seen: dict[str, str] = {}
    for path, what in paths:
        if path in seen:
            raise DuplicatePath(f"{site_id}/{path}", seen[path], what)
        seen[path] = what
