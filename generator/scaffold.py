"""``debrief new meeting``: a note with its front matter and its type's questions, ready to fill in."""

from __future__ import annotations

import datetime as dt

import yaml

from .models import Client
from .questions import question_keys, question_text


def meeting_note(client: Client, meeting_type: str, day: dt.date, campaign: str | None) -> str:
    """The text of a new note: valid front matter, every standard question as an empty answer."""
    language = client.spec.language
    lines = ["---", f"date: {day.isoformat()}", f"type: {meeting_type}"]
    if campaign:
        lines.append(f"campaign: {campaign}")
    lines += ["visibility: client", "attendees: []", "answers:"]
    keys = [k for k in question_keys(meeting_type) if meeting_type != "retro"]
    for key in keys:
        lines.append(f"  # {question_text(meeting_type, key, language)}")
        lines.append(f"  {key}: \"\"")
    if not keys:
        lines[-1] = "answers: {}"
    lines += ["decisions: []", "actions: []"]
    if meeting_type == "retro":
        lines.append("retro:")
        for key in question_keys("retro"):
            lines.append(f"  # {question_text('retro', key, language)}")
            lines.append(f"  {key}: []")
    lines += ["lessons: []", "---", ""]
    text = "\n".join(lines) + "\n"
    yaml.safe_load(text.split("---")[1])  # the scaffold must always parse
    return text
