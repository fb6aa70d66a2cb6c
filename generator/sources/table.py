"""One export file, row by row: find the header, sort every row, sum the data rows by day.

Rows arrive one at a time (a 100 MB export is never held whole): the first
lines are kept to find the header row and to decide the file's decimal mark,
after that each row is classified and added into per-day sums at once. A row is
*data*, *totals* (``Total: Account``, ``Итого``, ``합계``, ``总计``, GA4's
``Grand total``, in whichever column the label stands), a *summary* (Meta's
first row with its name cells empty), *text* (a title, a ``#`` line, a copyright
footer), *empty*, *cut short* (fewer cells than the header: an error), or data
of *another campaign* (``campaign:``). Totals are never summed; where one covers
exactly the rows listed, they are checked against it.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from . import dates, numbers
from .detect import Header, find_header, header_parts, looks_like_bulk_sheet, normal
from .presets import CUSTOM, FIELDS, MONEY, Preset

Cell = object
Row = tuple[int, list[Cell]]
"""(line or spreadsheet row, cells): a CSV cell is text, an XLSX cell may be a number or a date."""

TOTALS = re.compile(
    r"^(total|totals|grand total|sum|итого|итог|всего|общий итог|합계|총계|총합|总计|合计|汇总|總計|合計|gesamt|summe|insgesamt)"
    r"\s*(?:[:：]\s*(.*))?$", re.IGNORECASE)
TOTAL_INITIALS = frozenset(" TtGgSsIiИиВвОо합총总合汇總")
"""First characters of the labels TOTALS knows: most cells are ruled out without the pattern."""
DECIDE_AFTER = 2000
"""Data rows read before the file's decimal mark is decided (the rest are read as they come)."""
MAX_ERRORS = 20
"""Mistakes listed per file; the rest are counted."""
START_DATE = re.compile(r"^#?\s*(?:start date|дата начала|시작일|开始日期)\s*[:：]\s*(\d{8})", re.IGNORECASE)


@dataclass(frozen=True)
class Options:
    """What the source says about its files, and what the campaign and client say."""

    preset: Preset
    currency: str
    """The client's currency."""
    campaigns: frozenset[str] = frozenset()
    """Keep only rows of these export campaigns (empty: every row)."""
    date_format: str | None = None
    period: tuple[dt.date, dt.date] | None = None
    """The campaign's dates: they settle slash dates that fit both orders."""
    named: frozenset[str] = frozenset()
    """Roles whose header the user named in ``columns:``: each must be in the header row."""


@dataclass
class Total:
    line: int
    values: dict[str, float]
    date_key: object | None
    label: str


@dataclass
class FileResult:
    """What one file holds, summed by day, and what was skipped and why."""

    days: dict[dt.date, dict[str, float | None]] = field(default_factory=dict)
    """Day -> field -> sum of the data rows kept (None: every cell empty)."""
    lines: dict[dt.date, int] = field(default_factory=dict)
    """Day -> the line of its first row, for messages."""
    fields: tuple[str, ...] = ()
    """The fields the file has a column for."""
    rows: int = 0
    """Rows after the header, of every kind."""
    kept: int = 0
    skipped: Counter = field(default_factory=Counter)
    """Why rows were not counted: totals, summary, text, empty, other campaigns, outside the campaign, other table."""
    campaigns: dict[str, int] = field(default_factory=dict)
    """Export campaign names seen -> first line, for a ``campaign:`` that matches nothing."""
    header_line: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)

    @property
    def last_day(self) -> dt.date | None:
        return max(self.days) if self.days else None

    def error(self, line: int, message: str) -> None:
        self.errors.append((line, message))


class _Sums:
    """Per-day sums keyed by the raw date text until the file's date order is known."""

    def __init__(self) -> None:
        self.by_key: dict[object, dict[str, float | None]] = {}
        self.lines: dict[object, int] = {}
        self.rows = 0

    def add(self, key: object, line: int, values: dict[str, float | None]) -> None:
        sums = self.by_key.get(key)
        if sums is None:
            self.by_key[key] = dict(values)
            self.lines[key] = line
        else:
            for name, value in values.items():
                if value is not None:
                    previous = sums.get(name)
                    sums[name] = value if previous is None else previous + value
        self.rows += 1


def read_table(rows: Iterable[Row], options: Options) -> FileResult:
    """Read one file's rows (from ``load``) into per-day sums; mistakes are in the result, with their lines."""
    preset = options.preset
    result = FileResult()
    iterator = iter(rows)
    head = list(itertools.islice(iterator, 200))
    header = find_header([cells for _, cells in head], preset)
    if header is None:
        result.error(head[0][0] if head else 0, _not_a_report(head, preset))
        return result
    if not _usable(header, head, result, options):
        return result
    result.header_line = head[header.index][0]
    result.fields = tuple(name for name in preset.fields if name in header.roles)
    preamble = [cells for _, cells in head[: header.index]]
    reader = _Reader(header, options, result, _start_date(preamble))
    body = itertools.chain(head[header.index + 1:], iterator)
    sample = list(itertools.islice(body, DECIDE_AFTER))
    reader.decide_decimal(sample)
    for line, cells in itertools.chain(sample, body):
        reader.row(line, cells)
    reader.finish()
    return result


def _not_a_report(head: list[Row], preset: Preset) -> str:
    """Why no header row was found: a bulk-edit sheet, an empty file, or another kind of file."""
    if not head:
        return "the file is empty"
    if looks_like_bulk_sheet([cells for _, cells in head], preset):
        return (f"this is a bulk-edit sheet of {preset.title} (settings, not daily figures): download the performance "
                f"report instead ({preset.steps})")
    wanted = ", ".join(dict.fromkeys([*preset.date[:2], *(h for names in preset.fields.values() for h in names[:1])]))
    first = " | ".join(str(cell) for cell in head[0][1] if cell not in (None, ""))[:80]
    which = f"for 'platform: {preset.name}'" if preset.name != CUSTOM else "for these columns"
    return (f"not a {preset.title} report: no header row naming {wanted} in its first lines "
            f"(the file starts with '{first}'); is this the right file {which}?")


def _start_date(preamble: list[list[Cell]]) -> dt.date | None:
    for cells in preamble:
        text = ",".join(str(cell) for cell in cells if cell not in (None, ""))
        match = START_DATE.match(text.strip())
        if match:
            return dates.parse_fixed(match.group(1))
    return None


def _usable(header: Header, head: list[Row], result: FileResult, options: Options) -> bool:
    """False (with the error) when the header shows the file cannot give daily figures in the client's currency."""
    preset, roles = options.preset, header.roles
    line = head[header.index][0]
    missing = [role for role in sorted(options.named) if role not in roles]
    if missing:
        wanted = {"date": preset.date, "campaign": preset.campaign, **preset.fields}
        names = ", ".join(f"'{wanted[role][0]}'" for role in missing)
        shown = ", ".join(f"'{cell}'" for cell in header.cells if cell)
        result.error(line, f"no column {names} in the header row (it has: {shown})")
        return False
    if not any(role in roles for role in ("date", "nth_day", "range_start")):
        if "not_daily" in roles:
            found = header.cells[roles["not_daily"]]
            result.error(line, f"the report is by '{found}', not by day: download it by day ({preset.title}: {preset.steps})")
        else:
            result.error(line, f"the rows have no date (a total for the whole period): download the report by day "
                               f"({preset.title}: {preset.steps})")
        return False
    if options.campaigns and "campaign" not in roles:
        wanted = ", ".join(preset.campaign) or "a campaign name column"
        result.error(line, f"'campaign:' is set but the file has no campaign column ({wanted}): add the campaign name "
                           "to the report, or remove 'campaign:'")
        return False
    for name in preset.fields:
        if name in MONEY and name in roles:
            note = header_parts(header.cells[roles[name]])[2] or header.cells[roles[name]]
            named = numbers.currencies_in(note)
            if named and options.currency not in named:
                result.error(line, f"'{header.cells[roles[name]]}' is in {'/'.join(sorted(named))}, but client.yml says "
                                   f"{options.currency}: download the report in {options.currency}, "
                                   "never a mix of currencies")
                return False
    return True


class _Reader:
    def __init__(self, header: Header, options: Options, result: FileResult, start: dt.date | None) -> None:
        self.header, self.options, self.result, self.start = header, options, result, start
        roles = header.roles
        self.preset = options.preset
        self.date = roles.get("date")
        self.nth = roles.get("nth_day") if self.date is None else None
        self.range = (roles["range_start"], roles["range_end"]) if "range_start" in roles and "range_end" in roles else None
        self.fields = {name: roles[name] for name in self.preset.fields if name in roles}
        self.campaign = roles.get("campaign")
        self.names = [column for role, column in roles.items() if role == "campaign" or role.startswith("level")]
        self.currency = roles.get("currency")
        self.indicator = roles.get("indicator")
        self.label_columns = [c for c in range(len(header.cells)) if c not in self.fields.values()]
        self.width = max((c + 1 for c, cell in enumerate(header.cells) if cell), default=0)
        """Columns the header names: a data row with fewer cells was cut short, one with more filled has had its figures moved."""
        self.decimal = "."
        self.kept, self.every = _Sums(), _Sums()
        self.totals: list[Total] = []
        self.indicators: dict[str, int] = {}
        self.in_table = True
        self.more_errors = 0
        self.wrong_currency: tuple[int, str] | None = None
        self.wrong_currency_rows = 0

    # -- deciding ------------------------------------------------------------------------------

    def decide_decimal(self, sample: list[Row]) -> None:
        """',' or '.' from the first rows' figures; a file showing both is read as most of its cells say."""
        votes: Counter = Counter()
        for _, cells in sample:
            for column in self.fields.values():
                cell = cells[column] if column < len(cells) else None
                if type(cell) is str and ("," in cell or "." in cell):
                    mark = numbers.decimal_evidence(cell)
                    if mark:
                        votes[mark] += 1
        if votes:
            self.decimal = votes.most_common(1)[0][0]

    # -- one row -------------------------------------------------------------------------------

    def error(self, line: int, message: str) -> None:
        if len(self.result.errors) < MAX_ERRORS:
            self.result.error(line, message)
        else:
            self.more_errors += 1

    def row(self, line: int, cells: list[Cell]) -> None:
        result = self.result
        result.rows += 1
        kind = self.kind(line, cells)
        if kind == "cut short":
            self.error(line, f"the row has {len(cells)} cells, its header {self.width}: the file was cut short or edited; "
                             "download it again")
            return
        if kind != "data":
            result.skipped[kind] += 1
            return
        if len(cells) > self.width and any(_text(cells, c).strip() for c in range(self.width, len(cells))):
            wide = max(c + 1 for c in range(len(cells)) if _text(cells, c).strip())
            self.error(line, f"the row has {wide} cells, its header {self.width}: a cell with an unquoted delimiter or an "
                             "edited row moves figures into other columns; download the file again")
            return
        values = self.values(line, cells)
        if values is None:
            return
        key = self.date_key(line, cells)
        if key is None:
            return
        self.every.add(key, line, values)
        if self.campaign is not None:
            name = _text(cells, self.campaign)
            if name not in result.campaigns and len(result.campaigns) < 10_000:
                result.campaigns[name] = line
            if self.options.campaigns and name not in self.options.campaigns:
                result.skipped["other campaigns"] += 1
                return
        if self.indicator is not None and values.get("conversions") is not None:
            self.indicators.setdefault(_text(cells, self.indicator) or "(empty)", line)
        if self.currency is not None:
            self.check_row_currency(line, _text(cells, self.currency))
        self.kept.add(key, line, values)

    def kind(self, line: int, cells: list[Cell]) -> str:
        if not self.in_table:
            return "other table"
        filled = [cell for cell in cells if cell is not None and cell != "" and (type(cell) is not str or not cell.isspace())]
        if not filled:
            return "empty"
        if type(filled[0]) is str and filled[0].lstrip().startswith("#"):
            self.in_table = False
            return "other table"
        width = len(cells)
        for column in self.label_columns:
            cell = cells[column] if column < width else None
            if type(cell) is str and cell[:1] in TOTAL_INITIALS:
                match = TOTALS.match(cell.strip())
                if match:
                    self.note_total(line, cells, match, column)
                    return "totals"
        if len(filled) == 1 and not _looks_like_day(filled[0]):
            return "text"
        if len(cells) < self.width:
            # a CSV row writes every cell, empty ones too, and a spreadsheet row comes padded to the sheet's width
            return "cut short"
        if self.is_summary(cells):
            self.note_total(line, cells, None, None)
            return "summary"
        return "data"

    def is_summary(self, cells: list[Cell]) -> bool:
        """Name cells all empty while figures are there (Meta's summary row); a file without names: no date."""
        if self.names:
            return all(not _text(cells, column) for column in self.names)
        day_column = self.date if self.date is not None else self.nth
        return day_column is not None and not _text(cells, day_column)

    def note_total(self, line: int, cells: list[Cell], match: re.Match | None, column: int | None) -> None:
        """Keep a totals row that covers exactly the rows listed (a bare total, ``Total: Campaigns``, a summary)."""
        qualifier = (match.group(2) or "").strip() if match else ""
        if qualifier and normal(qualifier) not in {normal(q) for q in self.preset.listed_totals}:
            return
        values = {}
        for name, index in self.fields.items():
            try:
                value, _ = self.number(cells, index)
            except ValueError:
                return
            if value is not None:
                values[name] = value
        day_column = self.date if self.date is not None else self.nth
        key = None
        if day_column is not None and day_column != column:
            key = _cell_key(cells, day_column)
        self.totals.append(Total(line, values, key, str(cells[column]) if column is not None else "summary"))

    def number(self, cells: list[Cell], index: int) -> tuple[float | None, frozenset[str]]:
        cell = cells[index] if index < len(cells) else ""
        if type(cell) is str:
            return numbers.parse_number(cell, self.decimal)
        if isinstance(cell, bool) or cell is None:
            return None, frozenset()
        if isinstance(cell, (int, float)):
            if not math.isfinite(cell):
                raise ValueError(str(cell))
            return float(cell), frozenset()
        if isinstance(cell, (dt.date, dt.datetime)):
            raise ValueError(str(cell))
        return numbers.parse_number(str(cell), self.decimal)

    def values(self, line: int, cells: list[Cell]) -> dict[str, float | None] | None:
        values: dict[str, float | None] = {}
        ok = True
        for name, index in self.fields.items():
            header = self.header.cells[index]
            try:
                value, currencies = self.number(cells, index)
            except ValueError:
                self.error(line, f"'{header}' is '{_text(cells, index)}', not a number as this file writes them "
                                 f"(decimal mark '{self.decimal}')")
                ok = False
                continue
            if name in FIELDS and type(cells[index] if index < len(cells) else None) is str and cells[index].rstrip().endswith("%"):
                self.error(line, f"'{header}' is '{_text(cells, index)}', a percentage where an amount is expected: "
                                 "check the header names the right column")
                ok = False
                continue
            if value is not None and value < 0:
                self.error(line, f"'{header}' is negative ({_text(cells, index)})")
                ok = False
                continue
            if name in MONEY and currencies and self.options.currency not in currencies:
                self.check_row_currency(line, "/".join(sorted(currencies)), header)
            values[name] = value
        return values if ok else None

    def check_row_currency(self, line: int, found: str, where: str = "currency") -> None:
        if not found or found.upper() == self.options.currency:
            return
        if self.wrong_currency is None:
            self.wrong_currency = (line, f"'{where}' is in {found}")
        self.wrong_currency_rows += 1

    def date_key(self, line: int, cells: list[Cell]) -> object | None:
        if self.date is not None:
            key = _cell_key(cells, self.date)
        elif self.nth is not None:
            key = ("nth", _text(cells, self.nth))
        else:
            assert self.range is not None
            first, last = _cell_key(cells, self.range[0]), _cell_key(cells, self.range[1])
            if first != last:
                self.error(line, f"the row covers {first} to {last}, not one day: download the report by day "
                                 f"({self.preset.title}: {self.preset.steps})")
                return None
            key = first
        if key in ("", None):
            self.error(line, "the row has no date")
            return None
        return key

    # -- the end -------------------------------------------------------------------------------

    def finish(self) -> None:
        result, options = self.result, self.options
        if self.wrong_currency is not None:
            line, what = self.wrong_currency
            result.error(line, f"{what}, but client.yml says {options.currency} ({self.wrong_currency_rows} row(s)): "
                               f"download the report in {options.currency}, never a mix of currencies")
        if len(self.indicators) > 1:
            shown = ", ".join(f"'{name}' (line {line})" for name, line in sorted(self.indicators.items(), key=lambda i: i[1])[:4])
            column = self.header.cells[self.fields["conversions"]]
            result.error(result.header_line, f"'{column}' counts different things on different rows ({shown}): "
                                             "say which column to count, e.g. columns: {conversions: Purchases}")
        days = self.resolve_dates(self.kept)
        if days is not None:
            every = self.resolve_dates(self.every, report=False) or {}
            self.check_totals(every)
            for key, sums in self.kept.by_key.items():
                day = days[key]
                if day in result.days:
                    merged = result.days[day]
                    for name, value in sums.items():
                        if value is not None:
                            merged[name] = value + (merged.get(name) or 0.0)
                else:
                    result.days[day] = dict(sums)
                    result.lines[day] = self.kept.lines[key]
            result.kept = self.kept.rows
        if self.more_errors:
            result.error(0, f"... and {self.more_errors} more mistake(s) like those above")

    def resolve_dates(self, sums: _Sums, report: bool = True) -> dict[object, dt.date] | None:
        """Raw date cells -> days, with the file's slash order decided from all of them."""
        options, keys = self.options, list(sums.by_key)
        texts = [k for k in keys if isinstance(k, str)]
        order = None
        if options.date_format is None:
            try:
                order = dates.slash_order(texts, options.period)
            except dates.Undecided:
                if report:
                    example = next(t for t in texts if dates.slash_parts(t))
                    self.result.error(sums.lines[example], f"dates like '{example}' fit both day-first and month-first: "
                                                           "add date_format: \"%d/%m/%Y\" (or \"%m/%d/%Y\") to this source")
                return None
            except ValueError:
                order = None
        resolved: dict[object, dt.date] = {}
        bad = False
        for key in keys:
            day = self.key_date(key, order)
            if day is None:
                bad = True
                if report:
                    shown = key[1] if isinstance(key, tuple) else key
                    hint = f" (date_format is \"{options.date_format}\")" if options.date_format else ""
                    self.error(sums.lines[key], f"'{shown}' is not a date{hint}")
            else:
                resolved[key] = day
        return None if bad else resolved

    def key_date(self, key: object, order: str | None) -> dt.date | None:
        if isinstance(key, dt.datetime):
            return key.date()
        if isinstance(key, dt.date):
            return key
        if isinstance(key, tuple):
            if self.start is None:
                return None
            return dates.nth_day(key[1], self.start)
        if isinstance(key, (int, float)):
            key = str(int(key)) if float(key).is_integer() else str(key)
        text = str(key)
        if self.options.date_format:
            return dates.parse_with_format(text, self.options.date_format)
        return dates.parse_date(text, order)

    def check_totals(self, every: dict[object, dt.date]) -> None:
        """Warn when a totals row that covers the rows listed does not match their sum."""
        if not self.totals:
            return
        by_day: dict[dt.date, dict[str, float]] = {}
        for key, sums in self.every.by_key.items():
            day = every.get(key)
            target = by_day.setdefault(day, {}) if day else None
            if target is None:
                continue
            for name, value in sums.items():
                if value is not None:
                    target[name] = target.get(name, 0.0) + value
        everything: dict[str, float] = {}
        for sums in by_day.values():
            for name, value in sums.items():
                everything[name] = everything.get(name, 0.0) + value
        rows = max(self.every.rows, 1)
        for total in self.totals:
            if total.date_key is not None and total.date_key != "":
                day = self.key_date(total.date_key, None)
                listed = by_day.get(day, {}) if day else None
                if listed is None:
                    continue
            else:
                listed = everything
            for name, stated in total.values.items():
                added = listed.get(name, 0.0)
                slack = 0.005 * (rows + 1) + (0.02 * abs(stated) if self.preset.approximate_totals else 0.0)
                if abs(stated - added) > slack:
                    header = self.header.cells[self.fields[name]]
                    self.result.warnings.append((total.line, (
                        f"the {total.label!r} row says {header} {stated:,.2f}, but the rows add up to {added:,.2f}: "
                        "is the file cut short or edited?")))


def _looks_like_day(cell: Cell) -> bool:
    """A lone cell that is a date (a day without figures), not a title or a footer."""
    if isinstance(cell, (dt.date, int, float)):
        return True
    text = str(cell).strip()
    return dates.parse_fixed(text) is not None or dates.slash_parts(text) is not None


def _text(cells: list[Cell], index: int) -> str:
    if index >= len(cells) or cells[index] is None:
        return ""
    cell = cells[index]
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _cell_key(cells: list[Cell], index: int) -> object:
    cell = cells[index] if index < len(cells) else ""
    if isinstance(cell, (dt.date, dt.datetime)):
        return cell.date() if isinstance(cell, dt.datetime) else cell
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip() if cell is not None else ""

