"""What kind of file an export is, decided once from its first bytes and lines.

The format by its magic bytes, whatever the file's name (an XLSX saved as
``.csv`` is still XLSX); the text encoding from a byte-order mark, else UTF-8,
else the legacy code page of the client's language (checked by
``charset-normalizer`` among the likely ones); the delimiter and the header
row by their content: the row that names a day and the figures a preset reads.
"""

from __future__ import annotations

import codecs
import csv
import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .presets import Preset

XLSX, XLS, ZIP, CSV = "xlsx", "xls", "zip", "csv"
CODE_PAGES = {"ru": "cp1251", "ko": "cp949", "zh": "gb18030", "en": "cp1252"}
"""The legacy code page an export in each language is most likely saved in (Excel, Windows)."""
DELIMITERS = (",", "\t", ";", "|")
HEADER_SEARCH_ROWS = 60
"""How far down a file its header row is looked for (GA4 writes up to nine lines before it)."""
_NOTE = re.compile(r"^(.*?)\s*(?:[(（]([^()（）]*)[)）]|,\s*([^,]+))\s*$")


def file_format(head: bytes) -> str:
    """xlsx, xls, zip (a zipped CSV) or csv, from the first bytes."""
    if head.startswith(b"PK\x03\x04"):
        return ZIP
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return XLS
    return CSV


def text_encoding(sample: bytes, language: str) -> str:
    """The encoding of a text export, from its first bytes."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    pairs = len(sample) // 2
    if pairs and sample[1::2].count(0) > pairs * 0.3 and sample[0::2].count(0) < pairs * 0.1:
        return "utf-16-le"
    if pairs and sample[0::2].count(0) > pairs * 0.3 and sample[1::2].count(0) < pairs * 0.1:
        return "utf-16-be"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    return legacy_encoding(sample, language)


def legacy_encoding(sample: bytes, language: str) -> str:
    """The client's language's code page, unless charset-normalizer finds another likely one reads it better."""
    from charset_normalizer import from_bytes

    preferred = CODE_PAGES.get(language, "cp1252")
    candidates = [preferred] + [page for page in CODE_PAGES.values() if page != preferred]
    best = from_bytes(sample, cp_isolation=candidates, explain=False).best()
    if best is None:
        return preferred
    if best.encoding != preferred:
        try:
            preferred_text = sample.decode(preferred)
        except UnicodeDecodeError:
            return best.encoding
        if _readable(preferred_text) >= _readable(str(best)):
            return preferred
    return best.encoding


def _readable(text: str) -> float:
    """The share of letters that are letters of the scripts these exports are written in."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 1.0
    good = sum(1 for c in letters if c.isascii() or "CYRILLIC" in unicodedata.name(c, "")
               or "HANGUL" in unicodedata.name(c, "") or "CJK" in unicodedata.name(c, ""))
    return good / len(letters)


# --- header names ------------------------------------------------------------------------


def normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def header_parts(text: str) -> tuple[str, str, str]:
    """The header as a whole, without its trailing note, and the note: ``Amount spent (USD)`` -> (…, 'amount spent', 'USD')."""
    whole = normal(text)
    match = _NOTE.match(unicodedata.normalize("NFKC", text).strip())
    if not match or not match.group(1):
        return whole, whole, ""
    return whole, normal(match.group(1)), (match.group(2) or match.group(3) or "").strip()


@dataclass(frozen=True)
class Header:
    """Where a file's header row is and which column holds what."""

    index: int
    """Position of the header row among the rows read."""
    roles: dict[str, int]
    """Role (``date``, a field, ``campaign``, ``currency`` ...) -> column."""
    cells: tuple[str, ...]


@functools.lru_cache(maxsize=None)
def _normal_aliases(aliases: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(normal(alias) for alias in aliases)


def _find(parts: Sequence[tuple[str, str, str]], aliases: tuple[str, ...]) -> int | None:
    for wanted in _normal_aliases(aliases):
        for index, (whole, base, _) in enumerate(parts):
            if wanted == whole or wanted == base:
                return index
    return None


def find_column(cells: Sequence[str], aliases: Iterable[str]) -> int | None:
    """The first alias (in the preset's order) that names a column, matched whole or without its note."""
    return _find([header_parts(cell) for cell in cells], tuple(aliases))


def header_roles(cells: Sequence[str], preset: Preset) -> dict[str, int]:
    """Every role of the preset that the row names."""
    roles: dict[str, int] = {}
    if sum(1 for cell in cells if cell) < 2:
        return roles  # a title, a blank or a '#' line: a header names at least a day and a figure
    parts = [header_parts(cell) for cell in cells]
    groups: list[tuple[str, tuple[str, ...]]] = [("date", preset.date), *preset.fields.items(),
                                                 ("campaign", preset.campaign), ("currency", preset.currency),
                                                 ("indicator", preset.indicator), ("nth_day", preset.nth_day),
                                                 ("not_daily", preset.not_daily)]
    if preset.reporting_range:
        groups += [("range_start", preset.reporting_range[0]), ("range_end", preset.reporting_range[1])]
    taken: set[int] = set()
    for role, aliases in groups:
        column = _find(parts, aliases)
        if column is not None and column not in taken:
            roles[role] = column
            taken.add(column)
    for position, alias in enumerate(preset.levels):
        column = _find(parts, (alias,))
        if column is not None and column not in taken:
            roles[f"level{position}"] = column
            taken.add(column)
    return roles


DAY_ROLES = ("date", "nth_day", "range_start", "not_daily")


def find_header(rows: Sequence[Sequence[object]], preset: Preset) -> Header | None:
    """The first row naming a day and a figure; else the first naming two figures (a file without days)."""
    fallback = None
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        cells = tuple(str(cell) if cell is not None else "" for cell in row)
        roles = header_roles(cells, preset)
        figures = sum(1 for role in roles if role in preset.fields)
        if figures and any(role in roles for role in DAY_ROLES):
            return Header(index, roles, cells)
        if figures >= 2 and fallback is None:
            fallback = Header(index, roles, cells)
    return fallback


def sniff_delimiter(sample: str, preset: Preset) -> str:
    """The delimiter whose split of the first lines shows the preset's header row best."""
    lines = sample.splitlines()[:HEADER_SEARCH_ROWS]
    best, best_score = ",", -1
    for delimiter in (d for d in DELIMITERS if any(d in line for line in lines)):
        rows = list(csv.reader(lines, delimiter=delimiter))
        header = find_header(rows, preset)
        score = len(header.roles) if header else 0
        if score > best_score:
            best, best_score = delimiter, score
    if best_score <= 0:
        counts = {d: sum(line.count(d) for line in lines) for d in DELIMITERS}
        best = max(DELIMITERS, key=lambda d: counts[d])
    return best


def looks_like_bulk_sheet(rows: Sequence[Sequence[object]], preset: Preset) -> bool:
    """A bulk-edit sheet (Google Ads Editor, Direct Commander ...) names settings, not daily figures."""
    if not preset.bulk_headers:
        return False
    for row in rows[:HEADER_SEARCH_ROWS]:
        cells = [str(cell) for cell in row if cell not in (None, "")]
        if sum(1 for alias in preset.bulk_headers if find_column(cells, (alias,)) is not None) >= 2:
            return True
    return False
