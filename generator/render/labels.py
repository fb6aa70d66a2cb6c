"""Names of things in the site's language: meetings, meeting types, rhythm checks, alert kinds."""

from __future__ import annotations

from typing import get_args

from ..i18n import Formatter
from ..models import Meeting, MeetingType

MEETING_TYPES: tuple[str, ...] = get_args(MeetingType)


def meeting_title(meeting: Meeting, fmt: Formatter, dated: bool = True) -> str:
    """The one way to name a meeting: its title, else its type in the site's language and its date.

    ``dated=False`` leaves the date out of an untitled meeting's name, for a page that
    prints the date beside it (a link reads "Sep 11, 2026 · In-flight check-in").
    """
    if meeting.spec.title:
        return meeting.spec.title
    label = meeting_type_label(meeting.spec.type, fmt)
    return f"{label} · {fmt.date(meeting.spec.date)}" if dated else label


def meeting_type_label(meeting_type: str, fmt: Formatter) -> str:
    _ = fmt.gettext
    return {
        "pre-launch": _("Pre-launch check-in"), "check-in": _("In-flight check-in"), "post-mortem": _("Post-mortem"),
        "retro": _("Retrospective"), "quarterly-review": _("Quarterly review"), "weekly": _("Weekly summary"),
        "meeting": _("Meeting"),
    }[meeting_type]


def rhythm_labels(fmt: Formatter) -> dict[str, str]:
    _ = fmt.gettext
    return {"check-in": _("In-flight check-in"), "quarterly-review": _("Quarterly review"), "survey": _("Satisfaction survey")}




def alert_kind_label(kind: str, fmt: Formatter) -> str:
    _ = fmt.gettext
    return {
        "conversions-stopped": _("Conversions stopped"), "spend-spike": _("Spend spike"), "spend-stopped": _("Spend stopped"),
        "overspend-ahead": _("Overspend ahead"), "cost-per-result-jump": _("Cost per result jump"),
        "data-stale": _("Data is stale"),
    }[kind]
