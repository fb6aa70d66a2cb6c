"""Turn a source folder into typed models, collecting every problem on the way.

Two passes: each file on its own first (its YAML, or each CSV row, through its
pydantic model in ``models``; the rules across one file's fields here, such as a
KPI's column being in the campaign's data), then the rules across a client's files
(``rules``) and, in ``load_agency``, across clients. ``validate_client`` is the
per-client entry point a build keeps by fingerprint. What the user wrote is read
through ``load`` only; every problem names the file and line to change.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from . import layout, load, rules
from . import logo as logo_rules
from .models import (
    MAX_SLUG_LENGTH,
    SLUG,
    Agency,
    Campaign,
    CampaignFile,
    Client,
    ClientFile,
    DATE_RANGE,
    NUMBER_HINT,
    CsiSurvey,
    Deliverable,
    DeliverableRow,
    Meeting,
    MeetingFile,
    MetricRow,
    NpsSurvey,
    Survey,
    WorkEntry,
    WorkRow,
    plain_date,
    plain_number,
)
from .problems import Problem, Report
from .questions import question_keys
from .sources.campaign import SHARED_EXPORTS, read_sources, warn_stale as _warn_stale

NOTE_NAME = re.compile(r"^([0-9]{4}-[0-9]{2}-[0-9]{2})-([a-z0-9]+(?:-[a-z0-9]+)*)$")
WORK_COLUMNS = ["date", "person", "role", "hours", "task"]
DELIVERABLE_COLUMNS = ["name", "due", "delivered", "revisions"]
DELIVERABLE_RANGE_COLUMNS = ["name", "due", "latest", "delivered", "revisions"]
"""``latest``, optional: the last day of a due range agreed with the client."""
PLAN_ABOVE_TARGET = 1.1
"""A monthly plan adding up to more than this share of the target is probably a typo (a digit too many)."""


@dataclass(frozen=True)
class Validated:
    """A client as validation left it: its models and its warnings. A client with an error is never one."""

    client: Client
    warnings: tuple[Problem, ...]


def load_agency(
    source: Path, language: str = "en", only: tuple[str, ...] = (), reuse: Mapping[str, Validated] | None = None,
    fresh: dict[str, Validated] | None = None,
) -> tuple[Agency, Report]:
    """Read and check every client under ``source`` (or only those named); the report lists what is wrong.

    A client in ``reuse`` is taken as it was validated before (its files have not changed since: the
    caller knows by their fingerprint), warnings and all; every other one is read and checked, and
    the valid ones are put in ``fresh``. The rules across clients run every time."""
    tree = load.read_tree(source)
    source = tree.root
    report = Report(source)
    campaigns_dir = source / "campaigns"
    if not tree.has_folder(campaigns_dir):
        report.error(campaigns_dir, 0, "no campaigns/ folder here: run in an agency folder or pass --source")
        return Agency(()), report
    clients = []
    for folder in _subfolders(tree, campaigns_dir, report):
        if only and folder.name not in only:
            continue
        validated = reuse[folder.name] if reuse and folder.name in reuse else None
        if validated is None:
            validated, own = validate_client(tree, folder)
            report.errors.extend(own.errors)
            report.warnings.extend(own.warnings)
            if validated is not None and fresh is not None:
                fresh[folder.name] = validated
        else:
            report.warnings.extend(validated.warnings)
        if validated is not None:
            clients.append(validated.client)
    content_dir = source / "content"
    known = {folder.name for folder in _subfolders(tree, campaigns_dir, None)}
    _warn_unknown(tree, campaigns_dir, (), None, report)
    if tree.has_folder(content_dir):
        _warn_unknown(tree, content_dir, (), None, report)
        for folder in _subfolders(tree, content_dir, report):
            if folder.name not in known:
                report.error(folder, 0, f"no client '{folder.name}': add campaigns/{folder.name}/client.yml or rename this folder")
            else:
                _warn_unknown(tree, folder, (), CONTENT_FOLDERS, report)
                for notes in CONTENT_FOLDERS:
                    if tree.has_folder(folder / notes):
                        _warn_unknown(tree, folder / notes, None, (), report)
    return Agency(tuple(clients), language), report  # type: ignore[arg-type]


CAMPAIGN_FILES = ("campaign.yml", "metrics.csv", "work.csv", "deliverables.csv")
CONTENT_FOLDERS = ("meetings", "surveys")


def _warn_unknown(
    tree: load.SourceTree, folder: Path, files: tuple[str, ...] | None, folders: tuple[str, ...] | None, report: Report,
) -> None:
    """A warning for each file or folder the contract does not read here (None: any name is read), naming the likely one.

    ``content/acme/meeting/`` would otherwise be ignored without a word, and its notes never published."""
    for entry in tree.entries(folder):
        name = entry.path.name
        expected = folders if entry.is_dir else files
        if expected is None or name in expected:
            continue
        kind = "folder" if entry.is_dir else "file"
        close = difflib.get_close_matches(name, expected, n=1, cutoff=0.6)
        hint = f"did you mean {close[0]}{'/' if entry.is_dir else ''}?" if close else (
            f"what is read here: {', '.join(expected)}" if expected else f"no {kind} is read here")
        report.warn(entry.path, 0, f"unknown {kind}, not read: {hint}")


def _export_entries(folder: Path, spec: CampaignFile | None) -> tuple[str, ...]:
    """The names in a campaign folder that its ``sources:`` read: each pattern's first part and what it matches."""
    names: set[str] = set()
    for source in spec.sources if spec is not None else ():
        for pattern in source.patterns:
            first = Path(pattern).parts[0] if Path(pattern).parts else ""
            if first and not any(char in first for char in "*?["):
                names.add(first)
            names.update(match.relative_to(folder).parts[0] for match in load.export_paths(folder, pattern)
                         if match.is_relative_to(folder))
    return tuple(sorted(names))


def _subfolders(tree: load.SourceTree, folder: Path, report: Report | None) -> list[Path]:
    """Child folders in name order; bad slugs and symlinks out of the client's folders are reported and skipped."""
    found = []
    for entry in tree.entries(folder):
        if report is not None and entry.broken:
            report.error(entry.path, 0, "a symlink that leads nowhere (or to itself): remove it or point it at the folder")
            continue
        if not entry.is_dir:
            continue
        if report is not None and not _slug_ok(entry.path, report):
            continue
        if report is not None and not load.inside_own_folders(entry.path, report):
            continue
        found.append(entry.path)
    return found


def _slug_ok(path: Path, report: Report) -> bool:
    name = path.name
    if not SLUG.fullmatch(name):
        report.error(path, 0, f"{name!r} is not a valid name: use lower-case letters, digits and single hyphens")
        return False
    if len(name) > MAX_SLUG_LENGTH:
        report.error(path, 0, f"'{name[:20]}...' is {len(name)} characters long: a name has at most {MAX_SLUG_LENGTH}")
        return False
    reason = layout.reserved(name)
    if reason:
        report.error(path, 0, f"'{name}' is reserved ({reason}): choose another name")
        return False
    return True


def _files(tree: load.SourceTree, folder: Path, suffix: str, report: Report) -> list[Path]:
    found = []
    for entry in tree.entries(folder):
        if entry.broken:
            report.error(entry.path, 0, "a symlink that leads nowhere (or to itself): remove it or point it at the file")
            continue
        if not entry.is_file:
            continue
        if entry.path.suffix != suffix:
            report.error(entry.path, 0, f"unexpected file: expected only {suffix} files here")
            continue
        if load.inside_own_folders(entry.path, report):
            found.append(entry.path)
    return found


# --- generic model checking -------------------------------------------------------------


def check_model(model: type[BaseModel], doc: load.YamlDoc, path: Path, report: Report) -> Any:
    """Validate ``doc`` against ``model``; each pydantic error becomes one ``path:line`` problem."""
    if not isinstance(doc.data, dict):
        report.error(path, doc.first_line, f"expected a mapping of keys to values, found {_kind(doc.data)}")
        return None
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        for err in exc.errors():
            loc = tuple(err["loc"])
            report.error(path, doc.line_of(loc), _describe(model, err))
        return None


def _describe(model: type[BaseModel], err: dict) -> str:
    loc = tuple(err["loc"])
    where = ".".join(str(part) for part in loc)
    if err["type"] == "extra_forbidden":
        allowed = _allowed_keys(model, loc[:-1])
        hint = f"; allowed here: {', '.join(allowed)}" if allowed else ""
        return f"unknown key '{loc[-1]}'{hint}"
    if err["type"] == "missing":
        return f"missing required key '{where}'"
    message = err["msg"].removeprefix("Value error, ")
    if err["type"] in ("date_from_datetime_parsing", "date_parsing", "date_type", "date_from_datetime_inexact"):
        message = "expected a real date as YYYY-MM-DD"
    shown = repr(err.get("input"))
    shown = shown if len(shown) <= 60 else shown[:57] + "..."
    return f"'{where}': {message} (found {shown})"


def _allowed_keys(model: type[BaseModel], loc: tuple) -> list[str]:
    """Key names the model accepts at ``loc``, for 'did you mean' style hints."""
    current: Any = model
    for part in loc:
        current = _model_in(current)
        if current is None:
            return []
        if isinstance(part, int):
            continue
        field = next((f for n, f in current.model_fields.items() if (f.alias or n) == part), None)
        if field is None:
            return []
        current = field.annotation
    current = _model_in(current)
    if current is None:
        return []
    return [f.alias or n for n, f in current.model_fields.items()]


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model inside an annotation like ``list[X] | None``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _kind(value: Any) -> str:
    return {list: "a list", str: "text", type(None): "nothing"}.get(type(value), type(value).__name__)


# --- clients and campaigns --------------------------------------------------------------


def validate_client(tree: load.SourceTree, folder: Path) -> tuple[Validated | None, Report]:
    """One client's models and warnings (None when it has an error), and its report: errors and warnings.

    A client is validated from its own files alone, so its result can be kept and reused
    while they stay the same; the rules across clients run in ``load_agency``."""
    report = Report(tree.root)
    client = _load_client(tree, folder, report)
    return (Validated(client, tuple(report.warnings)) if client is not None else None), report


def _load_client(tree: load.SourceTree, folder: Path, report: Report) -> Client | None:
    source = tree.root
    errors_before = len(report.errors)
    client_yml = folder / "client.yml"
    spec, doc = None, None
    logo: bytes | None = None
    if not tree.has_file(client_yml):
        report.error(client_yml, 0, "missing client.yml: every client folder needs one (name, language, currency, account_manager)")
    else:
        doc = load.read_yaml(client_yml, report)
        if doc is not None:
            spec = check_model(ClientFile, doc, client_yml, report)
            if spec is not None:
                logo = _check_client(tree, spec, doc, client_yml, folder, report)
    campaigns = tuple(
        campaign for campaign in (_load_campaign(tree, sub, report, spec) for sub in _campaign_folders(tree, folder, report))
        if campaign
    )
    _warn_stale(campaigns, report, source / "campaigns" / folder.name)
    logo_name = (spec.brand.logo,) if spec and spec.brand and spec.brand.logo else ()
    _warn_unknown(tree, folder, ("client.yml", *logo_name), None, report)
    if spec is not None and not campaigns:
        report.warn(folder, 0, "client has no campaigns yet")
    if spec is not None and doc is not None:
        rules.client_alerts(spec, doc, client_yml, campaigns, report)
    content = source / "content" / folder.name
    meetings_with_fronts = _load_meetings(tree, content / "meetings", report)
    meetings = tuple(sorted((m for m, _ in meetings_with_fronts), key=lambda m: (m.spec.date, m.slug)))
    surveys = tuple(sorted(_load_surveys(tree, content / "surveys", report), key=lambda s: (s.spec.date, s.slug)))
    # Cross-note rules run even when other files of the client have errors, so every
    # mistake is reported in one run; campaigns are known by folder, valid or not.
    campaign_slugs = [sub.name for sub in _subfolders(tree, folder, None)]
    fronts = {m.source: front for m, front in meetings_with_fronts}
    rules.notes(folder.name, spec, campaign_slugs, meetings, fronts, surveys, source, report)
    rules.pauses(campaigns, meetings, fronts, source, report)
    if spec is None or len(report.errors) > errors_before:
        return None
    return Client(
        slug=folder.name,
        spec=spec,
        campaigns=campaigns,
        meetings=meetings,
        surveys=surveys,
        logo=(folder / spec.brand.logo) if spec.brand and spec.brand.logo else None,
        logo_content=logo,
        files=tuple(sorted(tree.files_under(folder) + tree.files_under(content))),
    )


def _check_client(tree: load.SourceTree, spec: ClientFile, doc: load.YamlDoc, path: Path, folder: Path, report: Report) -> bytes | None:
    """Rules across client.yml's fields; returns the logo as it may be published (see ``logo``)."""
    if spec.fee is not None and spec.fee.full_at <= spec.fee.zero_at:
        report.error(path, doc.line_of(("fee", "full_at")), "fee.full_at must be greater than fee.zero_at")
    if spec.brand and spec.brand.logo:
        logo = folder / spec.brand.logo
        line = doc.line_of(("brand", "logo"))
        if not Path(os.path.normpath(logo)).is_relative_to(folder):
            report.error(path, line, f"logo '{spec.brand.logo}' is outside the client folder: put it beside client.yml")
            return
        if not load.inside_own_folders(logo, report):
            return None
        if not tree.has_file(logo):
            report.error(path, line, f"logo file '{spec.brand.logo}' not found beside client.yml")
        elif logo.suffix.lower() not in (".svg", ".png", ".jpg", ".jpeg", ".webp"):
            report.error(path, line, "logo must be an .svg, .png, .jpg or .webp file")
        else:
            data = load.read_bytes(logo, report, logo_rules.MAX_LOGO_BYTES)
            try:
                cleaned = logo_rules.clean_logo(data, logo.suffix) if data is not None else None
            except logo_rules.LogoRejected as exc:
                report.error(logo, 0, str(exc))
                return None
            if cleaned is not None and cleaned.removed:
                left_out = list(dict.fromkeys(cleaned.removed))
                report.warn(logo, 0, "left out of the published logo, as a logo only draws: " + ", ".join(left_out[:6])
                            + (f" and {len(left_out) - 6} more" if len(left_out) > 6 else ""))
            return cleaned.data if cleaned else None
    return None


def _campaign_folders(tree: load.SourceTree, folder: Path, report: Report) -> list[Path]:
    """A client's campaign folders: every subfolder but ``exports/``, which holds exports shared by its campaigns."""
    return [sub for sub in _subfolders(tree, folder, report) if sub.name != SHARED_EXPORTS]


def _load_campaign(tree: load.SourceTree, folder: Path, report: Report, client: ClientFile | None = None) -> Campaign | None:
    errors_before = len(report.errors)
    campaign_yml = folder / "campaign.yml"
    if not tree.has_file(campaign_yml):
        report.error(campaign_yml, 0, "missing campaign.yml: every campaign folder needs one")
        return None
    doc = load.read_yaml(campaign_yml, report)
    spec: CampaignFile | None = check_model(CampaignFile, doc, campaign_yml, report) if doc else None
    metrics_csv = folder / "metrics.csv"
    metrics: list[MetricRow] = []
    metric_lines: dict = {}
    columns: tuple[str, ...] = ()
    has_sources = bool(doc and isinstance(doc.data, dict) and doc.data.get("sources"))
    if not tree.has_file(metrics_csv):
        if not has_sources:
            report.error(metrics_csv, 0, "missing metrics.csv: header 'date', optional 'channel', then numeric columns "
                                         "(or list the platform exports under 'sources:' in campaign.yml)")
    else:
        metrics, columns = _read_metrics(metrics_csv, report, metric_lines)
    work = _read_work(folder / "work.csv", report) if tree.has_file(folder / "work.csv") else []
    deliverables = _read_deliverables(folder / "deliverables.csv", report) if tree.has_file(folder / "deliverables.csv") else []
    exports = _export_entries(folder, spec)
    _warn_unknown(tree, folder, CAMPAIGN_FILES + exports, exports, report)
    if spec is None or doc is None:
        return None
    summaries: tuple = ()
    if spec.sources and client is not None:
        metrics, columns, summaries = read_sources(folder, spec, doc, client, metrics, metric_lines, columns, report)
    _check_campaign(spec, doc, campaign_yml, columns, metrics, report)
    if len(report.errors) > errors_before:
        return None
    return Campaign(
        slug=folder.name,
        spec=spec,
        metrics=tuple(metrics),
        columns=columns,
        work=tuple(work),
        deliverables=tuple(deliverables),
        files=tuple(entry.path for entry in tree.entries(folder) if entry.is_file),
        sources=summaries,
    )


def _check_campaign(
    spec: CampaignFile, doc: load.YamlDoc, path: Path, columns: tuple[str, ...], metrics: list[MetricRow], report: Report
) -> None:
    if spec.end < spec.start:
        report.error(path, doc.line_of(("end",)), f"end {spec.end} is before start {spec.start}")
    ids: set[str] = set()
    for index, kpi in enumerate(spec.kpis):
        at = ("kpis", index)
        if kpi.id in ids:
            report.error(path, doc.line_of(at + ("id",)), f"duplicate KPI id '{kpi.id}'")
        ids.add(kpi.id)
        if (kpi.metric is None) == (kpi.ratio is None):
            report.error(path, doc.line_of(at), f"KPI '{kpi.id}': give exactly one of 'metric: <column>' or 'ratio: [<column>, <column>]'")
            continue
        key = "metric" if kpi.metric else "ratio"
        for column in kpi.columns:
            if columns and column not in columns:
                report.error(
                    path, doc.line_of(at + (key,)),
                    f"KPI '{kpi.id}': {'the data' if spec.sources else 'metrics.csv'} has no column '{column}' "
                    f"(it has: {', '.join(columns)})",
                )
        if kpi.unit == "percent" and kpi.target > 1:
            report.error(path, doc.line_of(at + ("target",)), f"KPI '{kpi.id}': percent targets are fractions (3 % is 0.03), found {kpi.target:g}")
        for month in kpi.plan or {}:
            first = dt.date(int(month[:4]), int(month[5:]), 1)
            if not (spec.start.replace(day=1) <= first <= spec.end):
                report.error(path, doc.line_of(at + ("plan", month)), f"KPI '{kpi.id}': plan month {month} is outside the campaign ({spec.start} to {spec.end})")
        planned = sum((kpi.plan or {}).values())
        if kpi.metric is not None and planned > kpi.target * PLAN_ABOVE_TARGET:
            report.warn(path, doc.line_of(at + ("plan",)), f"KPI '{kpi.id}': the monthly plan adds up to {planned:g}, "
                        f"far above the target of {kpi.target:g}: the plan, not the target, sets what is expected by each day")
        if columns and metrics and not any(row.values.get(c) is not None for row in metrics for c in kpi.columns):
            report.warn(path, doc.line_of(at), f"KPI '{kpi.id}' has no data yet")
    if spec.alerts is not None and "result" in spec.alerts.model_fields_set and columns and spec.alerts.result not in columns:
        report.error(
            path, doc.line_of(("alerts", "result")),
            f"alerts.result: metrics.csv has no column '{spec.alerts.result}' (it has: {', '.join(columns)})",
        )
    outside = [row for row in metrics if not spec.start <= row.date <= spec.end]
    if outside:  # a stray row (a typo in the year) would otherwise become the report date
        first = min(outside, key=lambda row: row.line)
        more = f", and so are {len(outside) - 1} more row(s)" if len(outside) > 1 else ""
        report.error(path.parent / "metrics.csv", first.line, f"row {first.line}: date {first.date} is outside the campaign "
                     f"({spec.start} to {spec.end}){more}: correct the date, or the campaign's start and end")


def _read_metrics(path: Path, report: Report, lines: dict | None = None) -> tuple[list[MetricRow], tuple[str, ...]]:
    """The rows and numeric columns of metrics.csv; ``lines`` (when given) gets each (date, channel)'s line."""
    table = load.read_csv(path, report)
    if table is None:
        return [], ()
    header = table.header
    if not header or header[0] != "date":
        report.error(path, 1, "the first column must be 'date'")
        return [], ()
    has_channel = len(header) > 1 and header[1] == "channel"
    columns = tuple(header[2:] if has_channel else header[1:])
    if not columns:
        report.error(path, 1, "no metric columns: add e.g. 'impressions,clicks,conversions,spend' after 'date'")
    for name in columns:
        if not SLUG.fullmatch(name.replace("_", "-")):
            report.error(path, 1, f"column name '{name}' should be lower-case letters, digits, '-' or '_'")
    if len(set(header)) != len(header):
        report.error(path, 1, "duplicate column names in the header")
    rows: list[MetricRow] = []
    seen: dict[tuple[dt.date, str], int] = {}
    for line, cells in table.rows:
        day = plain_date(cells["date"])
        if day is None:
            report.error(path, line, f"row {line}: date '{cells['date']}' is not a real date as YYYY-MM-DD {DATE_RANGE}")
            continue
        channel = cells["channel"] if has_channel else ""
        if has_channel and not channel:
            report.error(path, line, f"row {line}: empty channel")
            continue
        if (day, channel) in seen:
            where = f" for channel '{channel}'" if channel else ""
            report.error(path, line, f"row {line}: date {day}{where} already given on row {seen[(day, channel)]}")
            continue
        seen[(day, channel)] = line
        values: dict[str, float | None] = {}
        for name in columns:
            text = cells[name]
            if text == "":
                values[name] = None
                continue
            number = plain_number(text)
            if number is None:
                report.error(path, line, f"row {line}: '{name}' is '{text}', not a number: {NUMBER_HINT} (leave the cell empty if unknown)")
            elif number < 0:
                report.error(path, line, f"row {line}: '{name}' is negative ({text})")
            else:
                values[name] = number
        rows.append(MetricRow(day, channel, values, line))
    rows.sort(key=lambda r: (r.date, r.channel))
    if lines is not None:
        lines.update(seen)
    return rows, columns


def _check_header(path: Path, table: load.CsvTable, expected: list[str], report: Report) -> bool:
    if table.header != expected:
        report.error(path, 1, f"header must be '{','.join(expected)}', found '{','.join(table.header)}'")
        return False
    return True


def _read_work(path: Path, report: Report) -> list[WorkEntry]:
    table = load.read_csv(path, report)
    if table is None or not _check_header(path, table, WORK_COLUMNS, report):
        return []
    return [WorkEntry(**row.model_dump()) for row in _rows(path, table, WorkRow, report)]


def _read_deliverables(path: Path, report: Report) -> list[Deliverable]:
    table = load.read_csv(path, report)
    if table is None:
        return []
    expected = DELIVERABLE_RANGE_COLUMNS if "latest" in table.header else DELIVERABLE_COLUMNS
    if not _check_header(path, table, expected, report):
        return []
    return [Deliverable(**row.model_dump()) for row in _rows(path, table, DeliverableRow, report)]


def _rows(path: Path, table: load.CsvTable, model: type[BaseModel], report: Report) -> list[Any]:
    """Each row checked by its model; each mistake as ``row <line>: <column> <what is wrong>``."""
    rows = []
    for line, cells in table.rows:
        try:
            rows.append(model.model_validate(cells))
        except ValidationError as exc:
            for err in exc.errors():
                column = f"{err['loc'][0]} " if err["loc"] else ""
                report.error(path, line, f"row {line}: {column}{err['msg'].removeprefix('Value error, ')}")
    return rows


# --- notes ------------------------------------------------------------------------------


def _note_slug(path: Path, report: Report) -> tuple[str, dt.date] | None:
    match = NOTE_NAME.fullmatch(path.stem)
    day = plain_date(match.group(1)) if match else None
    if match is None or day is None:
        report.error(path, 0, "file name must be <YYYY-MM-DD>-<slug> with a real date and a lower-case slug, e.g. 2026-03-01-kickoff")
        return None
    if len(match.group(2)) > MAX_SLUG_LENGTH:
        report.error(path, 0, f"the name after the date is {len(match.group(2))} characters long: it has at most {MAX_SLUG_LENGTH}")
        return None
    return path.stem, day


def _load_meetings(tree: load.SourceTree, folder: Path, report: Report) -> list[tuple[Meeting, load.YamlDoc]]:
    meetings = []
    for path in _files(tree, folder, ".md", report):
        named = _note_slug(path, report)
        note = load.read_note(path, report)
        if named is None or note is None:
            continue
        spec: MeetingFile | None = check_model(MeetingFile, note.front, path, report)
        if spec is None:
            continue
        if spec.date != named[1]:
            report.error(path, note.front.line_of(("date",)), f"date {spec.date} differs from the date in the file name ({named[1]})")
            continue
        allowed = question_keys(spec.type)
        for key in spec.answers:
            if key not in allowed:
                hint = f"questions of a {spec.type}: {', '.join(allowed)}" if allowed else f"a '{spec.type}' has no standard questions"
                report.error(path, note.front.line_of(("answers", key)), f"unknown answer key '{key}' ({hint})")
        for index, action in enumerate(spec.actions):
            at = ("actions", index)
            if action.due < spec.date:
                report.error(path, note.front.line_of(at + ("due",)), f"action '{action.id}': due {action.due} is before the meeting ({spec.date})")
            if action.done is not None and action.done < spec.date:
                report.error(path, note.front.line_of(at + ("done",)), f"action '{action.id}': done {action.done} is before the meeting that created it ({spec.date})")
        _check_body_nesting(note, path, report)
        meetings.append((Meeting(named[0], report.where(path), spec, note.body), note.front))
    return meetings


MAX_INDENT = 4 * 32
"""Columns of indentation: Markdown nests a list every four, and 32 levels is more than any note needs
(a few hundred would exhaust the Markdown parser's recursion)."""


def _check_body_nesting(note: load.NoteFile, path: Path, report: Report) -> None:
    """An error for the first line indented deeper than ``MAX_INDENT`` outside a fenced code block."""
    fenced = False
    for number, line in enumerate(note.body.splitlines(), start=note.body_line):
        stripped = line.lstrip()
        if stripped.startswith(("```", "~~~")):
            fenced = not fenced
        indent = len(line[: len(line) - len(stripped)].expandtabs(4))
        if not fenced and stripped and indent > MAX_INDENT:
            report.error(path, number, f"indented {indent} columns, more than {MAX_INDENT}: lists nest every four "
                                       "columns, and no note needs more than 32 levels")
            return


def _load_surveys(tree: load.SourceTree, folder: Path, report: Report) -> list[Survey]:
    surveys = []
    for path in _files(tree, folder, ".yml", report):
        named = _note_slug(path, report)
        doc = load.read_yaml(path, report)
        if named is None or doc is None:
            continue
        kind = doc.data.get("kind") if isinstance(doc.data, dict) else None
        if kind not in ("nps", "csi"):
            report.error(path, doc.line_of(("kind",)), f"'kind' must be 'nps' or 'csi', found {kind!r}")
            continue
        spec = check_model(NpsSurvey if kind == "nps" else CsiSurvey, doc, path, report)
        if spec is None:
            continue
        if spec.date != named[1]:
            report.error(path, doc.line_of(("date",)), f"date {spec.date} differs from the date in the file name ({named[1]})")
            continue
        if len(spec.responses) == 1:
            report.warn(path, doc.line_of(("responses",)), "only one response: the score says little on its own")
        surveys.append(Survey(named[0], report.where(path), spec))
    return surveys
