"""Dates as the platforms write them, read once per file.

ISO (``2026-11-01``, ``2026/11/01``, with a time after it), ``20261101``,
``01.11.2026``, Korean ``2026.11.01.`` and ``2026. 11. 1.``, ``2026年11月1日``,
``2026년 11월 1일``, ``Nov 1, 2026`` and ``1 Nov 2026``, and slashes with the year last
(``11/1/2026`` or ``1/11/2026``): whether those are day-first or month-first is
decided for the whole file from its values, and a file that cannot tell is an
error asking for ``date_format``. GA4's ``Nth day`` counts from the file's start date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

MONTHS = {name: number for number, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")], start=1) for name in names}

_YMD = re.compile(r"(\d{4})\s*[-/.年년]\s*(\d{1,2})\s*[-/.月월]\s*(\d{1,2})\s*[.日일]?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?.*)?")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})\.?")
_SLASHED = re.compile(r"(\d{1,2})[/-](\d{1,2})[/-](\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?.*)?")
_NAMED = re.compile(r"([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})|(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})")

DAY_FIRST, MONTH_FIRST = "%d/%m/%Y", "%m/%d/%Y"


class Undecided(ValueError):
    """Slash dates that fit both day-first and month-first."""


def parse_fixed(text: str) -> dt.date | None:
    """A date in a form that says which part is which; None for slash dates and for what is not a date."""
    text = text.strip()
    for pattern, order in ((_YMD, (1, 2, 3)), (_COMPACT, (1, 2, 3)), (_DOTTED, (3, 2, 1))):
        match = pattern.fullmatch(text)
        if match:
            year, month, day = (int(match.group(i)) for i in order)
            return _date(year, month, day)
    match = _NAMED.fullmatch(text)
    if match:
        if match.group(1):
            month, day, year = MONTHS.get(match.group(1).lower()), int(match.group(2)), int(match.group(3))
        else:
            day, month, year = int(match.group(4)), MONTHS.get(match.group(5).lower()), int(match.group(6))
        return _date(year, month, day) if month else None
    return None


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day) if 2000 <= year <= 2100 else None
    except ValueError:
        return None


def slash_parts(text: str) -> tuple[int, int, int] | None:
    match = _SLASHED.fullmatch(text.strip())
    return (int(match.group(1)), int(match.group(2)), int(match.group(3))) if match else None


def slash_order(values: Iterable[str], within: tuple[dt.date, dt.date] | None = None) -> str | None:
    """Day-first or month-first for a file's slash dates; None when it has none; Undecided when both fit.

    A part above 12 can only be the day. When neither order is ruled out, the one
    that puts every date inside ``within`` (the campaign's dates) is taken, if only one does.
    """
    parts = [p for p in (slash_parts(v) for v in values) if p]
    if not parts:
        return None
    day_first_ok = all(_date(y, b, a) for a, b, y in parts)
    month_first_ok = all(_date(y, a, b) for a, b, y in parts)
    if day_first_ok != month_first_ok:
        return DAY_FIRST if day_first_ok else MONTH_FIRST
    if not day_first_ok:
        raise ValueError("dates that fit neither day-first nor month-first")
    if within is not None:
        first, last = within
        day_first_in = all(first <= _date(y, b, a) <= last for a, b, y in parts)  # type: ignore[operator]
        month_first_in = all(first <= _date(y, a, b) <= last for a, b, y in parts)  # type: ignore[operator]
        if day_first_in != month_first_in:
            return DAY_FIRST if day_first_in else MONTH_FIRST
    raise Undecided("every date fits both day-first and month-first")


def parse_date(text: str, order: str | None) -> dt.date | None:
    """One cell as a date, slash dates read in the file's ``order``; None when it is not a date."""
    fixed = parse_fixed(text)
    if fixed is not None or order is None:
        return fixed
    parts = slash_parts(text)
    if parts is None:
        return None
    a, b, year = parts
    return _date(year, b, a) if order == DAY_FIRST else _date(year, a, b)


def parse_with_format(text: str, date_format: str) -> dt.date | None:
    """A date read with the source's own ``date_format`` (strptime), else None."""
    try:
        return dt.datetime.strptime(text.strip(), date_format).date()
    except ValueError:
        return None


def nth_day(text: str, start: dt.date) -> dt.date | None:
    """GA4's ``Nth day`` (``0000``, ``0001`` ...) counted from the report's start date."""
    text = text.strip()
    return start + dt.timedelta(days=int(text)) if text.isdigit() and len(text) <= 5 else None
