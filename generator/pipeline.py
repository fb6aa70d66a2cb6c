"""The whole build in one place: load and validate, compute and render, then build sites.

Which sites there are and what each is made from is decided here, in one place:
per client its own site (``<client>``) and its internal site (``internal/<client>``),
both rendered from that client's files only, and the portfolio (``internal``),
rendered from every client. A build first fingerprints those inputs without
parsing anything; only when some site is stale does it load and validate the
whole source (so every error is still reported at once) and render that site.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import os
import pickle
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from . import fingerprint, history, i18n, layout, outputs, site
from . import load as loading
from .compute.campaigns import default_as_of
from .compute.track_record import PastCampaign, TrackRecord, track_record
from .fingerprint import Hasher
from .models import Agency, Client, FileHistory
from .problems import InvalidSource, Problem, Report
from .site import engines

if TYPE_CHECKING:
    from .render import SiteSpec
    from .render.sites import PortfolioGroup
    from .validate import Validated

PORTFOLIO = layout.PORTFOLIO
FILE_HASHES = "file-hashes.json"
"""In the output's work root: each source file's hash by its stat, so a build with nothing changed reads no file."""
VALIDATED = "_validated"
"""In the output's work root: each valid client as validation left it (no slug has ``_``, so no site's work folder is named so)."""
PORTFOLIO_GROUPS = "_portfolio"
"""In the output's work root: the portfolio's pages of each group of clients, as last rendered."""
KEPT_TRACK_RECORD = "_track-record.pickle"
"""In the output's work root: each client's campaigns as the track record reduced them."""
SOURCE_FOLDERS = ("campaigns", "content")


@dataclass(frozen=True)
class Loaded:
    agency: Agency
    warnings: list[Problem]


def load(
    source: Path, strict: bool = False, known: dict[str, FileHistory] | None = None, only: tuple[str, ...] = (),
    cache: ValidatedClients | None = None,
) -> Loaded:
    """Validated models of the whole source (or of the clients ``only`` names); raises InvalidSource listing every problem.

    ``known`` is the source's git history when the caller has read it already (a build
    reads it once, for the fingerprints and the pages alike)."""
    base, base_path = site.base_config(source)
    language = (base.get("extra") or {}).get("language", i18n.SOURCE_LANGUAGE)
    from .validate import load_agency  # loaded only when something is to be validated: a no-change build skips it

    reuse = cache.reusable() if cache else None
    fresh = cache.fresh if cache else None
    agency, report = load_agency(source, language if language in i18n.BABEL_LOCALES else i18n.SOURCE_LANGUAGE, only,
                                 reuse, fresh)
    if language not in i18n.BABEL_LOCALES:
        report.error(base_path, 0, f"extra.language: '{language}' is not one of {', '.join(i18n.BABEL_LOCALES)}")
    report.errors += engine_problems(source, base, base_path)
    errors = report.errors + (report.warnings if strict else [])
    if strict:
        errors += i18n.untranslated_problems({agency.language, *(c.spec.language for c in agency.clients)})
    if errors:
        raise InvalidSource(errors)
    known = history.file_history(source) if known is None else known
    return Loaded(history.with_history(agency, known), sorted(report.warnings))


def engine_problems(source: Path, base: dict, base_path: Path) -> list[Problem]:
    """An ``extra.engine`` in the agency's mkdocs.yml that is no engine Debrief knows."""
    named = (base.get("extra") or {}).get("engine", engines.DEFAULT_ENGINE)
    if named in engines.ENGINES:
        return []
    doc = loading.read_yaml(base_path, Report(base_path.parent))
    line = doc.line_of(("extra", "engine")) if doc else 0
    message = f"extra.engine: '{named}' is not one of {', '.join(engines.ENGINES)}"
    return [Problem(Report(source).where(base_path), line, message)]


def chosen_engine(source: Path, engine: str | None) -> str:
    """The engine a build uses: the one asked for, else ``extra.engine`` of the agency's mkdocs.yml, else MkDocs."""
    if engine is not None:
        return engine
    base, base_path = site.base_config(source)
    problems = engine_problems(source, base, base_path)
    if problems:
        raise InvalidSource(problems)
    return (base.get("extra") or {}).get("engine", engines.DEFAULT_ENGINE)


def read_kept(path: Path, digest: str) -> Any:
    """What ``keep`` wrote to ``path`` under ``digest``; None if there is none, or it was kept under another digest
    (or written by another version of Debrief)."""
    try:
        with path.open("rb") as file:
            kept_digest, value = pickle.load(file)
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None
    return value if kept_digest == digest else None


def keep(path: Path, digest: str, value: Any) -> None:
    """Write ``value`` to ``path`` under ``digest``, whole or not at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    with temporary.open("wb") as file:
        pickle.dump((digest, value), file, protocol=pickle.HIGHEST_PROTOCOL)
    temporary.replace(path)


class ValidatedClients:
    """Each valid client as validation left it, kept in a file by its input fingerprint, so that a build
    validates again only the clients whose files (or the generator, or the shared settings) changed.

    ``digests`` are the clients' input fingerprints of this build; what this build validates afresh
    goes into ``fresh`` and is kept by ``save`` once the build has succeeded."""

    def __init__(self, folder: Path, digests: dict[str, str]):
        self.folder, self.digests = folder, digests
        self.fresh: dict[str, Validated] = {}

    def reusable(self) -> dict[str, Validated]:
        found = {slug: read_kept(self.folder / f"{slug}.pickle", digest) for slug, digest in self.digests.items()}
        return {slug: validated for slug, validated in found.items() if validated is not None}

    def save(self) -> None:
        for slug, validated in self.fresh.items():
            if slug in self.digests:
                keep(self.folder / f"{slug}.pickle", self.digests[slug], validated)


class PortfolioGroups:
    """The portfolio's pages group by group (``CLIENTS_PER_PAGE`` clients each), kept by the input fingerprints
    of the group's clients, so that a change to one client renders its group's pages again and no other.

    The pages keep their models as JSON already, so neither the kept files nor the task given to a
    worker carry the clients' models."""

    def __init__(self, folder: Path, digests: dict[str, str]):
        self.folder, self.digests = folder, digests
        self.fresh: dict[int, tuple[str, PortfolioGroup]] = {}

    def groups(self, agency: Agency, as_of: dict[str, dt.date]) -> list[PortfolioGroup]:
        from . import render
        from .compute.pages.json import model_json

        every = render.portfolio_groups(agency)
        made = []
        for number, clients in enumerate(every, start=1):
            digest = Hasher("portfolio group", str(number), str(len(every)), *(self.digests[c.slug] for c in clients)).hexdigest()
            group = read_kept(self.folder / f"{number}.pickle", digest)
            if group is None:
                group = render.portfolio_group(replace(agency, clients=clients), as_of, number)
                group = replace(group, pages=tuple(replace(page, model=model_json(page.model)) for page in group.pages))
                self.fresh[number] = (digest, group)
            made.append(group)
        return made

    def save(self) -> None:
        for number, (digest, group) in self.fresh.items():
            keep(self.folder / f"{number}.pickle", digest, group)


class KeptTrackRecord:
    """Each client's campaigns as the track record reduced them, kept in one file by the client's input
    fingerprint, so that a build reduces again only the campaigns of the clients that changed."""

    VERSION = "track record 1"

    def __init__(self, path: Path, digests: dict[str, str]):
        self.path, self.digests = path, digests

    def reusable(self) -> dict[str, tuple[PastCampaign, ...]]:
        kept = read_kept(self.path, self.VERSION) or {}
        return {slug: campaigns for slug, (digest, campaigns) in kept.items() if self.digests.get(slug) == digest}

    def save(self, record: TrackRecord) -> None:
        by_client: dict[str, list[PastCampaign]] = {}
        for campaign in record.campaigns:
            by_client.setdefault(campaign.client, []).append(campaign)
        keep(self.path, self.VERSION, {
            slug: (self.digests[slug], tuple(campaigns)) for slug, campaigns in by_client.items() if slug in self.digests
        })


def as_of_dates(agency: Agency, as_of: dt.date | None) -> dict[str, dt.date]:
    """Each client's report date: the one given, else the client's last day with data."""
    return {c.slug: as_of or default_as_of(c) or dt.date(1970, 1, 1) for c in agency.clients}


# --- which sites, made from what --------------------------------------------------------------


def client_slugs(source: Path) -> list[str]:
    """The client folders under ``campaigns/``, in name order (validation checks them later)."""
    folder = source / "campaigns"
    if not folder.is_dir():
        return []
    return sorted(child.name for child in folder.iterdir() if child.is_dir() and not child.name.startswith("."))


def in_shard(slugs: list[str], shard: tuple[int, int] | None) -> list[str]:
    """Shard K of N: every N-th client in name order, starting with the K-th; all clients without a shard."""
    if shard is None:
        return slugs
    number, count = shard
    return [slug for index, slug in enumerate(slugs) if index % count == number - 1]


def site_inputs(
    source: Path, slugs: list[str], as_of: dt.date | None, known: dict[str, FileHistory],
    engine: str = engines.DEFAULT_ENGINE, portfolio: bool = True, hashes: fingerprint.FileHashes | None = None,
    clients: dict[str, str] | None = None,
) -> dict[str, str]:
    """The input fingerprint of every site, from the bytes of the files alone (without ``portfolio``:
    of the sites of ``slugs`` alone, reading no other client's files).

    A client's sites depend on its folders under ``campaigns/`` and ``content/``
    (and the git history of those files); the portfolio depends on every client.
    All of them depend on the generator, the theme, the engine (and its versions),
    the base config, the report date and any file under ``campaigns/`` or
    ``content/`` outside a client folder.
    """
    _, base_path = site.base_config(source)
    every = set(client_slugs(source))
    theme = fingerprint.theme(engines.ENGINES[engine].libraries)
    common = Hasher(fingerprint.generator(), theme, engine, base_path.read_bytes(), str(as_of))
    for folder in SOURCE_FOLDERS:
        outside = [child for child in sorted((source / folder).iterdir()) if child.name not in every] if (source / folder).is_dir() else []
        common.add_files(source, [path for child in outside for path in ([child] if child.is_file() else fingerprint.tree_files(child))])
    common_digest = common.hexdigest()
    clients = {} if clients is None else clients  # each client's own digest, for the caller that keeps them
    real_source = source.resolve()
    prefix = len(str(source)) + 1
    linked_folders = {folder: (source / folder).is_symlink() for folder in SOURCE_FOLDERS}
    hashes = hashes or fingerprint.FileHashes(None)
    for slug in every if portfolio else set(slugs):
        hasher = Hasher(common_digest, slug)
        entries = sorted(
            entry for folder in SOURCE_FOLDERS
            for entry in fingerprint.tree_entries(source / folder / slug, linked_folders[folder] or (source / folder / slug).is_symlink())
        )
        for path, linked in entries:
            relative = path[prefix:]
            # Where the file really is counts too: a link to another client's identical file must be noticed.
            real = os.path.relpath(os.path.realpath(path), real_source) if linked else relative
            hasher.add(relative).add(real).add(hashes.digest(path)).add(repr(known.get(relative)))
        clients[slug] = hasher.hexdigest()
    inputs = {PORTFOLIO: Hasher(common_digest, *(clients[slug] for slug in sorted(every))).hexdigest()} if portfolio else {}
    for slug in slugs:
        inputs[layout.client_site(slug)] = Hasher(clients[slug], "client site").hexdigest()
        inputs[layout.internal_site(slug)] = Hasher(clients[slug], "internal site").hexdigest()
    return inputs


def client_site(client: Client, as_of: dt.date) -> SiteSpec:
    """A client's own site, from the client without its internal notes (removed, not hidden)."""
    from . import render

    return render.client_site(client.for_client_site(), as_of, internal=False)


def internal_client_site(client: Client, as_of: dt.date, record: TrackRecord) -> SiteSpec:
    """A client's internal site: internal notes, alerts, and its targets against the agency's track record."""
    from . import render

    return render.client_site(client, as_of, internal=True, record=record)


def site_tasks(
    agency: Agency, as_of: dict[str, dt.date], inputs: dict[str, str], stale: tuple[str, ...], record: TrackRecord,
    portfolio: PortfolioGroups,
) -> list[site.SiteTask]:
    """A render-and-build task for each stale site; each carries only the models it is made from (the
    portfolio's, its groups' pages: rendered here, or as ``portfolio`` kept them)."""
    from . import render

    renderers: dict[str, functools.partial[SiteSpec]] = {}
    if PORTFOLIO in stale:
        renderers[PORTFOLIO] = functools.partial(render.portfolio_site_of, agency.language, portfolio.groups(agency, as_of))
    for client in agency.clients:
        renderers[layout.client_site(client.slug)] = functools.partial(client_site, client, as_of[client.slug])
        renderers[layout.internal_site(client.slug)] = functools.partial(
            internal_client_site, client, as_of[client.slug], record)
    tasks = [site.SiteTask(site_id, inputs[site_id], renderers[site_id]) for site_id in stale]
    # The portfolio needs every client's figures, so it takes longest: start it first.
    return sorted(tasks, key=lambda task: task.site_id != PORTFOLIO)


# --- what the internal sites compare with ------------------------------------------------------

TRACK_RECORD = "track_record"
"""The manifest's note of what each internal client site compared with: site id -> digest."""


def track_record_seen(the_plan: site.Plan, record: TrackRecord, dates: dict[str, dt.date]) -> dict[str, str]:
    """For every internal client site, a digest of the past campaigns it compares with (earlier builds' kept)."""
    seen = dict(the_plan.previous.notes.get(TRACK_RECORD, {}))
    for slug, day in dates.items():
        site_id = layout.internal_site(slug)
        if site_id in the_plan.inputs:
            seen[site_id] = record.fingerprint(day)
    return seen


def with_changed_track_record(the_plan: site.Plan, seen: dict[str, str]) -> site.Plan:
    """The plan with every internal client site whose track record changed made stale too.

    An internal site compares its targets with every client's ended campaigns, which its own
    input fingerprint (its client's files) does not cover; a changed result of another
    client's past campaign must reach it, and a change to a running campaign need not.
    """
    before = the_plan.previous.notes.get(TRACK_RECORD, {})
    changed = [site_id for site_id, digest in seen.items()
               if site_id in the_plan.inputs and site_id not in the_plan.stale and before.get(site_id) != digest]
    if not changed:
        return the_plan
    reusable = dict(the_plan.reusable)
    reusable.update({site_id: the_plan.previous.sites[site_id]["output"] for site_id in changed if site_id in the_plan.previous.sites})
    return replace(the_plan, stale=tuple(sorted((*the_plan.stale, *changed))), reusable=reusable)


# --- the build ------------------------------------------------------------------------------


@contextlib.contextmanager
def collection_paused() -> Iterator[None]:
    """Python's cycle collector paused while the models are loaded and the tasks made: that makes many
    objects and no garbage, and each full collection walks every object made so far (at 400 clients,
    unpickling the kept clients took 1.26 s with it and 0.23 s without)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def check_output(source: Path, out: Path) -> None:
    """Raise OutputRefused unless ``out`` and its work folder may be replaced by a build (see ``outputs``)."""
    outputs.check_location(out, f"--out {out}", source)
    outputs.check_replaceable(out, "sites", f"--out {out}")
    site.check_store(out)
    work = site.work_root(out)
    outputs.check_location(work, f"the work folder {work} (beside --out)", source)


@dataclass(frozen=True)
class Built:
    """What a build did: the warnings to show, how many clients it covered, every site's fate."""

    warnings: list[Problem]
    clients: int
    report: site.BuildReport


def build(
    source: Path, out: Path, only: tuple[str, ...] = (), as_of: dt.date | None = None, strict: bool = False, *,
    jobs: int = 1, force: bool = False, shard: tuple[int, int] | None = None, progress: site.Progress | None = None,
    engine: str | None = None, own_site_only: bool = False,
) -> Built:
    """Build the sites that changed since the last build into ``out`` (all of them with ``force``).

    ``only`` builds those clients and keeps the other sites of ``out``; ``shard``
    (K, N) builds every N-th client, and shard 1 also builds the portfolio.
    ``engine`` (default: the agency's ``extra.engine``, else MkDocs) builds them;
    another engine than last time's makes every site of the build stale.
    ``own_site_only`` builds the own sites of the clients ``only`` names and nothing else,
    reading no other client's files (what ``debrief serve`` rebuilds on each save).
    """
    engine = chosen_engine(source, engine)
    check_output(source, out)
    slugs = client_slugs(source)
    unknown = [slug for slug in only if slug not in slugs]
    if unknown:
        raise InvalidSource([Problem("campaigns", 0, f"no client '{slug}'") for slug in unknown])
    chosen = [slug for slug in in_shard(slugs, shard) if not only or slug in only]
    known = history.file_history(source)  # git runs once a build
    hashes = fingerprint.FileHashes(site.work_root(out) / FILE_HASHES)
    digests: dict[str, str] = {}
    inputs = site_inputs(source, chosen, as_of, known, engine, portfolio=not own_site_only, hashes=hashes,
                         clients=digests)
    cache = ValidatedClients(site.work_root(out) / VALIDATED, digests)
    portfolio = PortfolioGroups(site.work_root(out) / PORTFOLIO_GROUPS, digests)
    kept_record = KeptTrackRecord(site.work_root(out) / KEPT_TRACK_RECORD, digests)
    if own_site_only:
        inputs = {site_id: digest for site_id, digest in inputs.items() if not layout.is_internal(site_id)}
    if shard is not None and shard[0] != 1:
        del inputs[PORTFOLIO]
    the_plan = site.plan(out, inputs, force)
    base, _ = site.base_config(source)
    if the_plan.stale:
        started = time.process_time()
        with collection_paused():
            loaded = load(source, strict, known, tuple(chosen) if own_site_only else (), cache)
            dates = as_of_dates(loaded.agency, as_of)
            record = track_record(loaded.agency, kept_record.reusable())
            seen = track_record_seen(the_plan, record, dates)
            the_plan = with_changed_track_record(the_plan, seen)
            tasks = site_tasks(loaded.agency, dates, inputs, the_plan.stale, record, portfolio)
        warnings, notes = loaded.warnings, {"load_seconds": time.process_time() - started, TRACK_RECORD: seen}
    else:
        tasks, record = [], None
        warnings = [Problem(*problem) for problem in the_plan.previous.notes.get("warnings", [])]
        if strict and warnings:
            raise InvalidSource(warnings)
        notes = dict(the_plan.previous.notes)
    notes["warnings"] = [[p.path, p.line, p.message] for p in warnings]
    report = site.build_all(
        tasks, the_plan, base, site.work_root(out), jobs=jobs, keep_others=bool(only), notes=notes,
        progress=progress, engine=engine,
    )
    hashes.save()  # only after a build that succeeded: a failed one writes nothing
    cache.save()
    portfolio.save()
    if record is not None and not own_site_only:
        kept_record.save(record)
    return Built(warnings, len(chosen), report)
