"""A campaign's ``sources:`` read into its daily rows: where validation meets the export readers.

``validate`` calls ``read_sources`` for a campaign that lists sources: each
glob is resolved (inside the client's folder only), each file opened by
``load`` and read by ``table``, the files of a source merged, and the rows of
every source checked against each other and against ``metrics.csv``. Mistakes
go into the report as ``path:line: message``, the line being the export's own.
"""

from __future__ import annotations

import os
from pathlib import Path

from .. import load
from ..compute.freshness import stale_data_up_to
from ..models import CampaignFile, ClientFile, MetricRow, Source
from ..problems import Problem, Report
from . import DailyRow, SourceSummary, conflicts, read_source
from .presets import FIELDS, PRESETS, preset_with
from .table import Options

SHARED_EXPORTS = "exports"
"""A client folder's ``exports/`` holds exports shared by its campaigns (one export often holds the whole account)."""


def read_sources(
    folder: Path, spec: CampaignFile, doc: load.YamlDoc, client: ClientFile,
    metrics: list[MetricRow], metric_lines: dict, columns: tuple[str, ...], report: Report,
) -> tuple[list[MetricRow], tuple[str, ...], tuple[SourceSummary, ...]]:
    """The campaign's rows from metrics.csv and every source, its columns, and what each source gave.

    ``metric_lines`` holds the line of each (date, channel) of metrics.csv, for a day given twice."""
    campaign_yml = folder / "campaign.yml"
    client_folder = folder.parent
    metrics_path = report.where(folder / "metrics.csv")
    placed = [DailyRow(row.date, row.channel, row.values, metrics_path, metric_lines.get((row.date, row.channel), 0))
              for row in metrics]
    summaries: list[SourceSummary] = []
    found_columns = list(columns)
    for number, source in enumerate(spec.sources):
        at = ("sources", number)
        line = doc.line_of(at)
        preset = _preset(source, campaign_yml, doc, at, report)
        if preset is None:
            continue
        paths = _paths(folder, client_folder, source, preset, campaign_yml, doc, at, report)
        if not paths:
            continue
        options = Options(preset, client.currency, source.campaigns, source.date_format, (spec.start, spec.end),
                          frozenset(source.columns or ()))
        channel = source.channel or preset.channel
        errors_before = len(report.errors)
        opened = []
        for path in paths:
            handle = load.open_export(path, client.language, preset, report)
            if handle is not None:
                opened.append((report.where(path), handle[1]))
        outcome = read_source(number + 1, preset, channel, ", ".join(source.patterns), opened, options,
                              (spec.start, spec.end))
        for path, where, message in outcome.errors:
            report.errors.append(Problem(path, where, message))
        for path, where, message in outcome.warnings:
            report.warnings.append(Problem(path, where, message))
        if len(report.errors) > errors_before or outcome.summary is None:
            continue
        if not outcome.rows:
            report.warn(campaign_yml, line, f"source {number + 1} ({preset.name}) has no day inside the campaign "
                                            f"({spec.start} to {spec.end})")
        summaries.append(outcome.summary)
        placed += outcome.rows
        found_columns += [name for name in outcome.summary.fields if name not in found_columns]
    for path, where, message in conflicts(placed):
        report.errors.append(Problem(path, where, message))
    rows = [MetricRow(row.day, row.channel, row.values) for row in placed]
    rows.sort(key=lambda r: (r.date, r.channel))
    ordered = tuple(c for c in columns) + tuple(c for c in FIELDS if c in found_columns and c not in columns) + tuple(
        c for c in found_columns if c not in columns and c not in FIELDS)
    return rows, ordered, tuple(summaries)


def _preset(source: Source, path: Path, doc: load.YamlDoc, at: tuple, report: Report):
    if source.platform is None and not source.columns:
        report.error(path, doc.line_of(at), "a source needs 'platform:' (one of " + ", ".join(PRESETS) +
                     ") or 'columns:' naming the header of each field, e.g. {date: Datum, spend: Kosten}")
        return None
    if source.platform is None and "date" not in (source.columns or {}):
        report.error(path, doc.line_of(at + ("columns",)), "'columns:' needs 'date:', the header of the day column")
        return None
    return preset_with(PRESETS[source.platform] if source.platform else None, source.columns)


def _paths(folder: Path, client_folder: Path, source: Source, preset, path: Path, doc: load.YamlDoc, at: tuple,
           report: Report) -> list[Path]:
    """The files of a source; none yet is a warning saying how to download them, outside the client an error."""
    found: list[Path] = []
    for index, pattern in enumerate(source.patterns):
        where = doc.line_of(at + ("files",) + ((index,) if isinstance(source.files, list) else ()))
        matches = load.export_paths(folder, pattern)
        outside = [m for m in matches if not Path(os.path.normpath(m)).is_relative_to(client_folder)]
        if outside or (Path(pattern).is_absolute()):
            shown = f" ({outside[0].name})" if outside else ""
            report.error(path, where, f"'{pattern}' reaches outside the client's folder{shown}: "
                                      "keep exports inside campaigns/<client>/")
            continue
        if not matches:
            report.warn(path, where, f"no file matches '{pattern}' yet (relative to {report.where(folder)}/): "
                                     f"download it from {preset.title}: {preset.steps}")
        found += [m for m in matches if m not in found and load.inside_own_folders(m, report)]
    return found


def warn_stale(campaigns, report: Report, client_folder: Path) -> None:
    """A running campaign whose data is stale on the client's last day with data (``compute.freshness``)."""
    days = [row.date for campaign in campaigns for row in campaign.metrics]
    if not days:
        return
    as_of = max(days)
    for campaign in campaigns:
        last = stale_data_up_to(campaign, as_of)
        if last is not None:
            report.warn(client_folder / campaign.slug / "campaign.yml", 0,
                        f"data stops on {last}, {(as_of - last).days} days before the report date {as_of}: "
                        "download the latest exports (the pages say 'data up to' that day)")