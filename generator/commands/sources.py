"""What ``debrief sources`` and ``debrief validate`` print about a campaign's sources, as lines of text.

A person compares these with the platform's own screen: per source the files,
the rows read and why the others were skipped, the days covered and the gaps
up to the report date, and the total of each column.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from ..compute.freshness import stale_data_up_to
from ..models import Campaign
from ..sources import SourceSummary, gaps

SKIP_ORDER = ("totals", "summary", "text", "empty", "other campaigns", "other table")


def figure(value: float | None) -> str:
    if value is None:
        return "n/a"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def days_text(days: list[dt.date]) -> str:
    """Days as runs: ``2026-03-02 to 2026-03-04, 2026-03-09``."""
    runs: list[list[dt.date]] = []
    for day in sorted(set(days)):
        if runs and (day - runs[-1][-1]).days == 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return ", ".join(f"{r[0]} to {r[-1]}" if len(r) > 1 else f"{r[0]}" for r in runs)


def campaign_lines(client_slug: str, campaign: Campaign, as_of: dt.date) -> list[str]:
    spec = campaign.spec
    lines = [f"{client_slug} / {campaign.slug}: {spec.name} ({spec.start} to {spec.end}), report date {as_of}"]
    last_counted = min(as_of, spec.end)
    for source in campaign.sources:
        lines += source_lines(source, spec.start, last_counted)
    from_sources = {(day, s.channel) for s in campaign.sources for day in s.days}
    hand_kept = [row for row in campaign.metrics if (row.date, row.channel) not in from_sources]
    if hand_kept:
        channels = sorted({row.channel or "(no channel)" for row in hand_kept})
        days = sorted({row.date for row in hand_kept})
        lines.append(f"  metrics.csv: {len(hand_kept)} rows, days {days[0]} to {days[-1]}, channels {', '.join(channels)}")
        columns = [c for c in campaign.columns if any(c in row.values for row in hand_kept)]
        totals = {c: _sum(row.values.get(c) for row in hand_kept) for c in columns}
        lines.append("    totals: " + " · ".join(f"{name} {figure(value)}" for name, value in totals.items()))
    last = stale_data_up_to(campaign, as_of)
    if last is not None:
        lines.append(f"  warning: data stops on {last}, {(as_of - last).days} days before the report date {as_of}: "
                     "download the latest exports")
    return lines


def _sum(values) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) if present else None


def source_lines(source: SourceSummary, start: dt.date, last: dt.date) -> list[str]:
    lines = [f"  source {source.number}: {source.platform} ({source.title}) → channel '{source.channel}', "
             f"files {source.files_pattern}"]
    for file in source.files:
        skipped = "; skipped " + ", ".join(f"{file.skipped[k]} {k}" for k in SKIP_ORDER if file.skipped.get(k)) \
            if any(file.skipped.values()) else ""
        span = f"days {file.first_day} to {file.last_day} ({file.days_used} used)" if file.first_day else "no days"
        lines.append(f"    {file.path}: {file.rows} rows read, {file.kept} kept{skipped}; {span}")
    counted = [day for day in source.days if day <= last]
    expected = max((last - start).days + 1, 0)
    holes = gaps(source.days, start, last)
    gap_text = ", ".join(f"{a} to {b}" if a != b else f"{a}" for a, b in holes) or "none"
    if source.days:
        lines.append(f"    days: {source.days[0]} to {source.days[-1]}, {len(counted)} of {expected} up to the report "
                     f"date; gaps: {gap_text}")
    else:
        lines.append("    days: none inside the campaign")
    if source.outside:
        lines.append(f"    {source.outside} day(s) in the files fall outside the campaign's dates and are not counted")
    lines.append("    totals: " + " · ".join(f"{name} {figure(value)}" for name, value in source.totals.items()))
    lines += [f"    {line}" for line in revision_lines(source)]
    return lines


def revision_lines(source: SourceSummary) -> list[str]:
    """``<file> revised N day(s) of <file>: <days> (<columns>)``, one line per pair of files."""
    grouped: dict[tuple[str, str], list] = defaultdict(list)
    for revision in source.revisions:
        grouped[(revision.path, revision.replaced)].append(revision)
    lines = []
    for (path, replaced), revisions in sorted(grouped.items()):
        columns = sorted({name for r in revisions for name in r.changes})
        lines.append(f"{path} revised {len(revisions)} day(s) of {replaced}: {days_text([r.day for r in revisions])} "
                     f"({', '.join(columns)})")
    return lines
