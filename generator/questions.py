"""The standard questions of each meeting type, in every site language (the texts: ``data/questions.yml``)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

QUESTIONS_FILE = Path(__file__).parent / "data" / "questions.yml"


@cache
def all_questions() -> dict[str, dict[str, dict[str, str]]]:
    """meeting type -> question key (in order) -> language -> question text."""
    return yaml.safe_load(QUESTIONS_FILE.read_text(encoding="utf-8"))


def question_keys(meeting_type: str) -> tuple[str, ...]:
    """The ordered question keys of a meeting type; none for a plain ``meeting``."""
    return tuple(all_questions().get(meeting_type, {}))


def question_text(meeting_type: str, key: str, language: str) -> str:
    return all_questions()[meeting_type][key][language]
