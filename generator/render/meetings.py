"""Pages about the relationship: meetings, action items, satisfaction, lessons learned.

A client site and an internal client site share these builders; what only the
agency sees (checklists, the meeting rhythm, recurring retro themes, links between
internal and client post-mortems) is added when the renderer is internal, and
internal notes themselves never reach a client site's model in the first place.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .. import charts_satisfaction, layout
from ..charts import Theme
from ..compute import actions as action_compute
from ..compute import campaigns as campaign_compute
from ..compute import meetings as meeting_compute
from ..compute import satisfaction
from ..i18n import Formatter
from ..layout import NavEntry, NavLink, NavSection
from ..models import Agency, Client, Meeting
from ..questions import question_keys
from .base import Page, Renderer, SiteContext
from .labels import MEETING_TYPES, meeting_title, meeting_type_label, rhythm_labels

def meeting_pages(site: SiteContext) -> tuple[list[Page], list[NavEntry]]:
    """A page per meeting, the meeting history, the action register (and, internally, meeting health)."""
    client, fmt = site.client, site.fmt
    titles = {m.slug: meeting_title(m, fmt) for m in client.meetings}
    pages = [meeting_page(site, meeting, titles) for meeting in client.meetings]
    by_year: dict[str, list[NavEntry]] = {}
    for meeting in client.meetings:
        by_year.setdefault(str(meeting.spec.date.year), []).insert(0, NavLink(titles[meeting.slug], layout.meeting(meeting.slug)))
    pages.append(history_page(site, titles))
    pages.append(register_page(site, titles))
    nav: list[NavEntry] = [NavLink(fmt.gettext("Meeting history"), layout.HISTORY), NavLink(fmt.gettext("Action items"), layout.ACTIONS)]
    if site.renderer.internal:
        pages.append(health_page(site, titles))
        nav.append(NavLink(fmt.gettext("Meeting health"), layout.HEALTH))
    nav += [NavSection(year, tuple(entries)) for year, entries in sorted(by_year.items(), reverse=True)]
    return pages, nav


def meeting_page(site: SiteContext, meeting: Meeting, titles: dict[str, str]) -> Page:
    client = site.client
    campaign = client.campaign(meeting.spec.campaign) if meeting.spec.campaign else None
    outcome = None
    if campaign is not None and meeting.spec.type == "post-mortem":
        outcome = campaign_compute.campaign_report(campaign, site.as_of)
    internal = site.renderer.internal
    title = titles[meeting.slug]
    return site.page(
        layout.meeting(meeting.slug), title, "meeting.md.j2", meeting=meeting, title=title, campaign=campaign,
        type_label=meeting_type_label(meeting.spec.type, site.fmt),
        answered=[key for key in question_keys(meeting.spec.type) if meeting.spec.answers.get(key, "").strip()],
        carried=action_compute.carried_over(client.meetings, meeting, site.as_of),
        tracked=[action_compute.track(a, meeting, site.as_of) for a in meeting.spec.actions],
        outcome=outcome,
        checklist=meeting_compute.checklist(meeting) if internal else None,
        counterparts=meeting_compute.counterparts(client.meetings, meeting) if internal else [],
        titles=titles,
    )


def history_page(site: SiteContext, titles: dict[str, str]) -> Page:
    """The timeline of the relationship, filterable by type and campaign."""
    client, fmt = site.client, site.fmt
    events = meeting_compute.timeline(client)
    types = sorted({e.type for e in events if e.meeting}, key=MEETING_TYPES.index)
    type_options = [(t, meeting_type_label(t, fmt)) for t in types] + [
        ("campaign", fmt.gettext("Campaign start or end")), ("survey", fmt.gettext("Survey"))]
    return site.page(
        layout.HISTORY, fmt.gettext("Meeting history"), "meetings.md.j2", events=events, titles=titles,
        scores={s.survey.slug: s for s in satisfaction.scores(client.surveys)},
        type_options=type_options, type_labels=dict(type_options),
    )


def register_page(site: SiteContext, titles: dict[str, str]) -> Page:
    tracked = action_compute.register(site.client.meetings, site.as_of)
    return site.page(
        layout.ACTIONS, site.fmt.gettext("Action items"), "actions.md.j2", register=tracked,
        owners=action_compute.by_owner(tracked), titles=titles,
    )


def health_page(site: SiteContext, titles: dict[str, str]) -> Page:
    """Internal: the meeting rhythm, recurring retro themes and each meeting's checklist."""
    client = site.client
    checklists = [c for c in (meeting_compute.checklist(m) for m in reversed(client.meetings)) if c]
    return site.page(
        layout.HEALTH, site.fmt.gettext("Meeting health"), "meeting_health.md.j2", titles=titles,
        checks=meeting_compute.rhythm(client, site.as_of), rhythm_labels=rhythm_labels(site.fmt),
        themes=meeting_compute.recurring_themes(client.meetings), checklists=checklists,
    )


def satisfaction_page(site: SiteContext) -> Page:
    client, fmt = site.client, site.fmt
    _ = fmt.gettext
    scores = satisfaction.scores(client.surveys, site.as_of)
    terms = client.spec.fee
    fee = satisfaction.fee(terms, satisfaction.latest(scores, terms.score)) if terms else None
    kinds = [kind for kind in ("nps", "csi") if any(s.kind == kind for s in scores)]
    theme = Theme.of(client, fmt)
    charts = {kind: charts_satisfaction.score_trend(scores, kind, theme) for kind in kinds}
    latest_csi = satisfaction.latest(scores, "csi")
    latest_aspects = satisfaction.csi_by_aspect(latest_csi.survey.spec) if latest_csi else {}
    if latest_aspects:
        charts["aspects"] = charts_satisfaction.aspect_bars(latest_aspects, theme)
    return site.page(
        layout.SATISFACTION, _("Satisfaction"), "satisfaction.md.j2", scores=scores, fee=fee, terms=terms, charts=charts,
        latest=[s for s in (satisfaction.latest(scores, k) for k in kinds) if s], latest_csi=latest_csi,
        latest_aspects=latest_aspects,
        aspects=satisfaction.aspect_history(scores), csi_scores=[s for s in scores if s.kind == "csi"],
        breakdowns={s.survey.slug: satisfaction.nps_breakdown(s.survey.spec) for s in scores if s.kind == "nps"},
    )


def lessons_page(site: SiteContext) -> Page:
    client, fmt = site.client, site.fmt
    return site.page(
        layout.LESSONS, fmt.gettext("Lessons learned"), "lessons.md.j2",
        lessons=lessons_by_tag([(client, m) for m in client.meetings]),
        titles={m.slug: meeting_title(m, fmt) for m in client.meetings},
    )


# --- the agency's portfolio site ---------------------------------------------------------


def library_pages(agency: Agency, renderer: Renderer, group: int = 1) -> tuple[list[Page], list[NavEntry]]:
    """The lessons library of every client, internal notes included: an index and a page per tag."""
    _ = renderer.fmt.gettext
    sources = [(c, m) for c in agency.clients for m in c.meetings]
    titles = {(c.slug, m.slug): meeting_title(m, Formatter(c.spec.language)) for c, m in sources}
    grouped = lessons_by_tag(sources)
    every = [(c, m, lesson) for c, m in sorted(sources, key=lambda s: s[1].spec.date, reverse=True) for lesson in m.spec.lessons]
    index = layout.library(group)
    pages = [Page(index, _("Lessons learned"), renderer.render(
        "library.md.j2", index, entries=every, tags={tag: len(entries) for tag, entries in grouped.items()}, titles=titles,
        tag=None, group=group, client=None))]
    nav: list[NavEntry] = [NavLink(_("All lessons"), index)]
    for tag, entries in grouped.items():
        path = layout.library_tag(tag, group)
        label = tag or _("Untagged")
        pages.append(Page(path, label, renderer.render(
            "library.md.j2", path, entries=entries, tags={}, titles=titles, tag=label, group=group, client=None)))
        nav.append(NavLink(label, path))
    return pages, nav


def rhythm_page(agency: Agency, as_of: dict[str, dt.date], renderer: Renderer, group: int = 1) -> Page:
    """Internal: for every client, which meetings or surveys are overdue on its report date."""
    rows = [(client, as_of[client.slug], meeting_compute.rhythm(client, as_of[client.slug])) for client in agency.clients]
    path = layout.rhythm(group)
    return Page(path, renderer.fmt.gettext("Meeting rhythm"), renderer.render(
        "rhythm.md.j2", path, rows=rows, rhythm_labels=rhythm_labels(renderer.fmt), client=None))


def lessons_by_tag(sources: list[tuple[Client, Meeting]]) -> dict[str, list[tuple[Client, Meeting, Any]]]:
    """Lessons grouped by tag (untagged under ''), tags in name order, newest lesson first."""
    grouped: dict[str, list[tuple[Client, Meeting, Any]]] = {}
    for client, meeting in sources:
        for lesson in meeting.spec.lessons:
            for tag in lesson.tags or [""]:
                grouped.setdefault(tag, []).append((client, meeting, lesson))
    for entries in grouped.values():
        entries.sort(key=lambda e: (e[1].spec.date, e[0].slug, e[1].slug), reverse=True)
    return dict(sorted(grouped.items()))
