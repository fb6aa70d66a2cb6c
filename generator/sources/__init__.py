"""A campaign's numbers read from the ad platforms' own exports, as downloaded.

``campaign.yml`` lists ``sources:``; each names a platform preset (or its own
``columns:``) and a glob of files. ``load`` opens each file and hands its rows
over one at a time; ``table.read_table`` sums them by day; this module merges
the files of one source (a day in several files comes from the file whose data
ends latest: the re-download of "last 30 days" revises the days it repeats),
then the sources of a campaign with each other and with ``metrics.csv`` (the
same day and channel twice is an error naming both files). Every figure keeps
the file and line it came from, for ``debrief sources`` and for messages.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from .presets import FIELDS, Preset
from .table import FileResult, Options, Row, read_table


@dataclass(frozen=True)
class DailyRow:
    """One day of one channel, and where it came from."""

    day: dt.date
    channel: str
    values: dict[str, float | None]
    path: str
    line: int


@dataclass(frozen=True)
class Revision:
    """A day given again by a later download, with other figures: the later file's are used."""

    day: dt.date
    path: str
    replaced: str
    changes: dict[str, tuple[float | None, float | None]]


@dataclass(frozen=True)
class FileSummary:
    path: str
    rows: int
    kept: int
    skipped: dict[str, int]
    first_day: dt.date | None
    last_day: dt.date | None
    days_used: int
    """Days this file gives (others came from a later download)."""


@dataclass(frozen=True)
class SourceSummary:
    """What ``debrief sources`` prints for one source: files, rows, days, revisions, column totals."""

    number: int
    platform: str
    title: str
    channel: str
    files_pattern: str
    files: tuple[FileSummary, ...]
    fields: tuple[str, ...]
    days: tuple[dt.date, ...]
    totals: dict[str, float | None]
    revisions: tuple[Revision, ...] = ()
    outside: int = 0
    """Days in the files before the campaign's start or after its end, not counted."""

    @property
    def skipped(self) -> Counter:
        counts: Counter = Counter()
        for summary in self.files:
            counts.update(summary.skipped)
        return counts


@dataclass
class SourceResult:
    rows: list[DailyRow] = field(default_factory=list)
    summary: SourceSummary | None = None
    errors: list[tuple[str, int, str]] = field(default_factory=list)
    warnings: list[tuple[str, int, str]] = field(default_factory=list)


def read_source(
    number: int, preset: Preset, channel: str, pattern: str, files: Iterable[tuple[str, Iterable[Row]]],
    options: Options, period: tuple[dt.date, dt.date],
) -> SourceResult:
    """Read every file of one source and keep, for each day, the figures of the file whose data ends latest."""
    outcome = SourceResult()
    read: list[tuple[str, FileResult]] = []
    for path, rows in files:
        result = read_table(rows, options)
        outcome.errors += [(path, line, message) for line, message in result.errors]
        outcome.warnings += [(path, line, message) for line, message in result.warnings]
        read.append((path, result))
    if options.campaigns and not any(r.kept for _, r in read) and not outcome.errors:
        held = sorted({name for _, r in read for name in r.campaigns if name})
        shown = ", ".join(f"'{name}'" for name in held[:12]) + (" ..." if len(held) > 12 else "")
        wanted = ", ".join(f"'{name}'" for name in sorted(options.campaigns))
        first = read[0][0] if read else pattern
        outcome.errors.append((first, 0, f"no row of campaign {wanted} in these files; they hold: {shown or 'no campaign names'}"))
    if outcome.errors:
        return outcome
    chosen, revisions = _latest_per_day(read)
    start, end = period
    used: Counter = Counter()
    outside = 0
    for day in sorted(chosen):
        path, result = chosen[day]
        if not start <= day <= end:
            outside += 1
            continue
        used[path] += 1
        outcome.rows.append(DailyRow(day, channel, result.days[day], path, result.lines[day]))
    fields = tuple(name for name in FIELDS if any(name in r.fields for _, r in read)) + tuple(
        name for name in preset.fields if name not in FIELDS and any(name in r.fields for _, r in read))
    totals = {name: _sum(row.values.get(name) for row in outcome.rows) for name in fields}
    outcome.summary = SourceSummary(
        number, preset.name, preset.title, channel, pattern,
        tuple(FileSummary(path, r.rows, r.kept, dict(r.skipped), min(r.days, default=None), r.last_day, used[path])
              for path, r in read),
        fields, tuple(row.day for row in outcome.rows), totals,
        tuple(rev for rev in revisions if start <= rev.day <= end), outside,
    )
    return outcome


def _sum(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) if present else None


def _latest_per_day(read: list[tuple[str, FileResult]]) -> tuple[dict[dt.date, tuple[str, FileResult]], list[Revision]]:
    """Each day from the file whose data ends latest (ties: the later file name), and the days that changed."""
    ranked = sorted(read, key=lambda item: (item[1].last_day or dt.date.min, item[0]))
    chosen: dict[dt.date, tuple[str, FileResult]] = {}
    revisions: list[Revision] = []
    for path, result in ranked:
        for day, values in result.days.items():
            previous = chosen.get(day)
            if previous is not None:
                old = previous[1].days[day]
                changes = {name: (old.get(name), values.get(name)) for name in set(old) | set(values)
                           if not _same(old.get(name), values.get(name))}
                if changes:
                    revisions.append(Revision(day, path, previous[0], changes))
            chosen[day] = (path, result)
    return chosen, sorted(revisions, key=lambda r: (r.day, r.path))


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) < 1e-9


def conflicts(rows: Iterable[DailyRow]) -> list[tuple[str, int, str]]:
    """The same day and channel from two places (two sources, or a source and metrics.csv): an error for each."""
    seen: dict[tuple[dt.date, str], DailyRow] = {}
    errors = []
    for row in rows:
        first = seen.setdefault((row.day, row.channel), row)
        if first is not row:
            errors.append((row.path, row.line, (
                f"{row.day} of channel '{row.channel}' is also given by {first.path}:{first.line}: "
                "a day comes from one place only (give the sources different 'channel:' names, or drop one)")))
    return errors


def gaps(days: Iterable[dt.date], start: dt.date, last: dt.date) -> list[tuple[dt.date, dt.date]]:
    """Runs of days from ``start`` to ``last`` without data, as (first, last) pairs."""
    have = set(days)
    runs: list[tuple[dt.date, dt.date]] = []
    day = start
    while day <= last:
        if day not in have:
            run_start = day
            while day + dt.timedelta(days=1) <= last and day + dt.timedelta(days=1) not in have:
                day += dt.timedelta(days=1)
            runs.append((run_start, day))
        day += dt.timedelta(days=1)
    return runs

