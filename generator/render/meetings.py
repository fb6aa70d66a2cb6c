"""Pages about the relationship: meetings, action items, satisfaction, lessons learned.

A client site and an internal client site share these builders; what only the
agency sees (checklists, the meeting rhythm, recurring retro themes, links between
internal and client post-mortems) is added when the renderer is internal, and
internal notes themselves never reach a client site's model in the first place.
"""

from __future__ import annotations

import datetime as dt

from .. import charts_satisfaction, layout
from ..charts import Theme, track_record_charts
from ..compute.pages import meetings as models
from ..compute.pages import portfolio
from ..compute.pages.satisfaction import satisfaction_page as satisfaction_model
from ..layout import NavEntry, NavLink, NavSection
from ..models import Agency
from .base import Page, Renderer, SiteContext
from .labels import MEETING_TYPES, meeting_title


def meeting_pages(site: SiteContext) -> tuple[list[Page], list[NavEntry]]:
    """A page per meeting, the meeting history, the action register (and, internally, meeting health)."""
    client, fmt, internal = site.client, site.fmt, site.renderer.internal
    pages = []
    by_year: dict[str, list[NavEntry]] = {}
    for meeting in client.meetings:
        title = meeting_title(meeting, fmt)
        if site.record is None:
            model = models.meeting_page(client, meeting, site.as_of, internal)
        else:
            model = models.internal_meeting_page(client, meeting, site.as_of, site.record)
        pages.append(site.page(layout.meeting(meeting.slug), title, "meeting.md.j2", model, title=title,
                               targets=track_record_charts(model.targets if isinstance(model, models.InternalPostMortemPage) else (),
                                                           Theme.of(client, fmt))))
        by_year.setdefault(str(meeting.spec.date.year), []).insert(0, NavLink(title, layout.meeting(meeting.slug)))
    pages.append(site.page(layout.HISTORY, fmt.gettext("Meeting history"), "meetings.md.j2",
                           models.history_page(client, site.as_of, MEETING_TYPES)))
    pages.append(site.page(layout.ACTIONS, fmt.gettext("Action items"), "actions.md.j2",
                           models.actions_page(client, site.as_of)))
    nav: list[NavEntry] = [NavLink(fmt.gettext("Meeting history"), layout.HISTORY), NavLink(fmt.gettext("Action items"), layout.ACTIONS)]
    if internal:
        pages.append(site.page(layout.HEALTH, fmt.gettext("Meeting health"), "meeting_health.md.j2",
                               models.health_page(client, site.as_of)))
        nav.append(NavLink(fmt.gettext("Meeting health"), layout.HEALTH))
    nav += [NavSection(year, tuple(entries)) for year, entries in sorted(by_year.items(), reverse=True)]
    return pages, nav


def satisfaction_page(site: SiteContext) -> Page:
    model = satisfaction_model(site.client, site.as_of)
    theme = Theme.of(site.client, site.fmt)
    charts = {kind: charts_satisfaction.score_trend(list(model.trends[kind]), kind, theme) for kind in model.kinds}
    if model.latest_aspects:
        charts["aspects"] = charts_satisfaction.aspect_bars(model.latest_aspects, theme)
    return site.page(layout.SATISFACTION, site.fmt.gettext("Satisfaction"), "satisfaction.md.j2", model, charts=charts)


def lessons_page(site: SiteContext) -> Page:
    return site.page(layout.LESSONS, site.fmt.gettext("Lessons learned"), "lessons.md.j2", models.lessons_page(site.client))


# --- the agency's portfolio site ---------------------------------------------------------


def library_pages(agency: Agency, renderer: Renderer, group: int = 1) -> tuple[list[Page], list[NavEntry]]:
    """The lessons library of every client, internal notes included: an index and a page per tag."""
    _ = renderer.fmt.gettext
    pages: list[Page] = []
    nav: list[NavEntry] = []
    for model in models.library_pages(agency.clients):
        if model.tag is None:
            path, label = layout.library(group), _("Lessons learned")
            nav.append(NavLink(_("All lessons"), path))
        else:
            path, label = layout.library_tag(model.tag.tag, group), model.tag.tag or _("Untagged")
            nav.append(NavLink(label, path))
        pages.append(Page(path, label, renderer.render("library.md.j2", path, page=model, group=group), model))
    return pages, nav


def rhythm_page(agency: Agency, as_of: dict[str, dt.date], renderer: Renderer, group: int = 1) -> Page:
    """Internal: for every client, which meetings or surveys are overdue on its report date."""
    model = portfolio.rhythm_page(agency.clients, as_of)
    path = layout.rhythm(group)
    return Page(path, renderer.fmt.gettext("Meeting rhythm"), renderer.render("rhythm.md.j2", path, page=model), model)
