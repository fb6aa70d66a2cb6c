"""One build of many sites: render and build each stale site in the workers, then publish the whole output."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Literal

from .. import fingerprint, layout
from . import workers
from .config import site_config
from .engines import DEFAULT_ENGINE, ENGINES, PageRebuild
from .manifest import Plan
from .publish import publish, published_path, store_folder
from .work import changed_since, check_paths, config_text, record_built, write_models, write_work_folder

if TYPE_CHECKING:
    from ..render import SiteSpec


@dataclass(frozen=True)
class SiteTask:
    """One site to make: its id, its input fingerprint and how to render it.

    ``render`` runs in a worker process, so it must pickle: a module-level function,
    or a ``functools.partial`` of one with its arguments (the models it renders).
    """

    site_id: str
    """``<client>``, ``internal`` or ``internal/<client>``: also its folder in the output."""
    inputs: str
    render: Callable[[], SiteSpec]


@dataclass(frozen=True)
class SiteResult:
    """What happened to one site, and what the manifest keeps about it."""

    site_id: str
    state: Literal["built", "unchanged"]
    inputs: str
    output: str
    pages: int = 0
    pages_built: int = 0
    """How many of the pages the engine built (fewer than ``pages`` when only those had changed)."""
    render_seconds: float = 0.0
    """CPU seconds spent rendering (and for ``engine_seconds``, building) the site."""
    engine_seconds: float = 0.0
    engine: str = DEFAULT_ENGINE
    """Which engine built the site."""
    built_dir: str | None = None
    """Where the engine wrote the site (``built`` only), to be moved into the output's store."""
    folder: str = ""
    """The site's folder in the output's store (see ``publish``), shared by the generations it is unchanged in."""

    def entry(self) -> dict[str, Any]:
        return {key: value for key, value in asdict(self).items() if key not in ("site_id", "state", "built_dir")}


@dataclass(frozen=True)
class Published:
    """A stale site as it is published now: what the engine was given for it (its output fingerprint), and its folder."""

    output: str
    folder: Path | None


def make_site(
    task: SiteTask, base: dict[str, Any], theme: str, work_root: Path, published: Published | None, engine: str,
) -> SiteResult:
    """Render one site and build it, unless what the engine would be given is what it was given last time;
    when only some pages differ, and the engine can, build those pages alone into a copy of the published site."""
    started = time.process_time()  # CPU time: what the work costs, however busy the machine is
    spec = task.render()
    check_paths(spec)
    config = site_config(spec, base, engine)
    output = fingerprint.output(theme, ((p.path, p.markdown) for p in spec.pages), spec.files, config)
    rendered = time.process_time()
    work = work_root / layout.work_folder_name(task.site_id)
    if published and output == published.output:
        if work.is_dir():
            write_models(spec, work)
        return SiteResult(task.site_id, "unchanged", task.inputs, output, len(spec.pages),
                          render_seconds=rendered - started, engine=engine)
    changed, pages_of = None, None
    if published and published.folder and ENGINES[engine].builds_pages:
        changed = changed_since(spec, config_text(config), work, published.output, theme)
        pages_of = PageRebuild(published.folder, changed.pages) if changed else None
    ENGINES[engine].build(write_work_folder(spec, config, work, changed), pages_of)
    record_built(work, output, theme)
    return SiteResult(
        task.site_id, "built", task.inputs, output, len(spec.pages), len(changed.pages) if changed else len(spec.pages),
        rendered - started, time.process_time() - rendered, engine, str(work / "site"),
    )


# --- the whole build --------------------------------------------------------------------------


@dataclass
class BuildReport:
    """Every site of the build with what happened to it; ``written`` is False when nothing needed doing."""

    sites: list[SiteResult]
    written: bool

    @property
    def built(self) -> list[str]:
        return sorted(r.site_id for r in self.sites if r.state == "built")


Progress = Callable[[SiteResult, int, int], None]
"""Told of each finished site: its result, how many are done, how many there are."""


def build_all(
    tasks: list[SiteTask], the_plan: Plan, base: dict[str, Any], work_root: Path, *,
    jobs: int = 1, keep_others: bool = False, notes: dict[str, Any] | None = None, progress: Progress | None = None,
    engine: str = DEFAULT_ENGINE,
) -> BuildReport:
    """Make every stale site with ``engine``, carry the others over, and publish the new output in place of the old.

    ``tasks`` holds one task per stale site of the plan. With ``keep_others`` (a
    build of some clients only) the previous output's other sites are kept too.
    """
    out, previous = published_path(the_plan.out), the_plan.previous
    kept = {site_id for site_id in previous.sites if (out / site_id / "index.html").is_file()}
    wanted = set(the_plan.inputs) | (kept if keep_others else set())
    fresh = [
        SiteResult(site_id, "unchanged", **previous.sites[site_id])  # type: ignore[arg-type]
        for site_id in sorted(wanted - {t.site_id for t in tasks})
    ]
    if not tasks and wanted == set(previous.sites):
        return BuildReport(fresh, written=False)
    published = {
        site_id: Published(output, store_folder(out, previous.sites[site_id].get("folder", "")))
        for site_id, output in the_plan.reusable.items()
    }
    made = make_sites(tasks, base, work_root.resolve(), published, jobs, progress, len(fresh), len(wanted), engine)
    results = sorted(fresh + made, key=lambda r: r.site_id)
    publish(results, out, notes or {})
    return BuildReport(results, written=True)


def make_sites(
    tasks: list[SiteTask], base: dict[str, Any], work_root: Path, published: dict[str, Published], jobs: int,
    progress: Progress | None, done: int, total: int, engine: str,
) -> list[SiteResult]:
    """Make the sites in ``jobs`` worker processes (in this process for one job or one site)."""
    results: list[SiteResult] = []

    def finished(result: SiteResult) -> None:
        results.append(result)
        if progress:
            progress(result, done + len(results), total)

    theme = fingerprint.theme(ENGINES[engine].libraries)
    arguments = [(task, base, theme, work_root, published.get(task.site_id), engine) for task in tasks]
    workers.run(make_site, arguments, jobs, finished)
    return results
