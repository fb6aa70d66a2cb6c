"""Pages about the relationship: meetings, action items, satisfaction, lessons learned."""

from __future__ import annotations

from typing import Any

from ..compute import actions as action_compute
from ..compute import satisfaction
from ..i18n import Formatter
from ..models import Client, Meeting
from ..questions import question_keys
from .base import Page, SiteContext


def meeting_pages(site: SiteContext) -> tuple[list[Page], list[Any]]:
    """A page per meeting and the meeting history; navigation by year, newest first."""
    client, fmt = site.client, site.fmt
    pages: list[Page] = []
    by_year: dict[str, list[Any]] = {}
    for meeting in client.meetings:
        path = f"meetings/{meeting.slug}.md"
        title = meeting_title(meeting, fmt)
        pages.append(site.page(
            path, title, "meeting.md.j2", meeting=meeting, title=title,
            questions=question_keys(meeting.spec.type),
            carried=action_compute.carried_over(client.meetings, meeting),
            campaign=client.campaign(meeting.spec.campaign) if meeting.spec.campaign else None,
        ))
        by_year.setdefault(str(meeting.spec.date.year), []).insert(0, {title: path})
    pages.append(site.page(
        "meetings/index.md", fmt.gettext("Meetings"), "meetings.md.j2", meetings=list(reversed(client.meetings)),
        register=action_compute.register(client.meetings, site.as_of),
        titles={m.slug: meeting_title(m, fmt) for m in client.meetings},
    ))
    nav = ["meetings/index.md"] + [{year: entries} for year, entries in sorted(by_year.items(), reverse=True)]
    return pages, nav


def satisfaction_page(site: SiteContext) -> Page:
    client = site.client
    scores = satisfaction.scores(client.surveys, site.as_of)
    fee = satisfaction.fee(client.spec.fee, satisfaction.latest(scores, client.spec.fee.score)) if client.spec.fee else None
    return site.page("satisfaction.md", site.fmt.gettext("Satisfaction"), "satisfaction.md.j2", scores=scores, fee=fee)


def lessons_page(site: SiteContext) -> Page:
    client, fmt = site.client, site.fmt
    return site.page(
        "lessons.md", fmt.gettext("Lessons learned"), "lessons.md.j2",
        lessons=lessons_by_tag([(client, m) for m in client.meetings]),
        titles={m.slug: meeting_title(m, fmt) for m in client.meetings}, link_prefix="meetings/",
    )


def meeting_title(meeting: Meeting, fmt: Formatter) -> str:
    if meeting.spec.title:
        return meeting.spec.title
    return f"{meeting_type_label(meeting.spec.type, fmt)} · {fmt.date(meeting.spec.date)}"


def meeting_type_label(meeting_type: str, fmt: Formatter) -> str:
    _ = fmt.gettext
    return {
        "pre-launch": _("Pre-launch check-in"), "check-in": _("In-flight check-in"), "post-mortem": _("Post-mortem"),
        "retro": _("Retrospective"), "quarterly-review": _("Quarterly review"), "weekly": _("Weekly summary"),
        "meeting": _("Meeting"),
    }[meeting_type]


def lessons_by_tag(sources: list[tuple[Client, Meeting]]) -> dict[str, list[tuple[Client, Meeting, Any]]]:
    """Lessons grouped by tag (untagged under ''), tags in name order."""
    grouped: dict[str, list[tuple[Client, Meeting, Any]]] = {}
    for client, meeting in sources:
        for lesson in meeting.spec.lessons:
            for tag in lesson.tags or [""]:
                grouped.setdefault(tag, []).append((client, meeting, lesson))
    return dict(sorted(grouped.items()))
