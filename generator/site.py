"""Write rendered sites to disk and build them with an engine; the only stage that writes.

Each site gets a work folder (``<work>/<site>/``) with plain Markdown pages and
its own mkdocs.yml (the base mkdocs.yml plus the site's name, pages, language
and brand), so any site can also be rebuilt by hand with
``mkdocs build -f <work>/<site>/mkdocs.yml`` or ``zensical build -f ...``
(into ``<work>/<site>/site/``). How each engine builds it is in ``engines``.

A build is parallel, incremental and atomic:

- sites are rendered and built in a few long-lived worker processes, each
  building many sites through the engine's Python API (no process per site);
- a manifest in the output (``.debrief-manifest.json``) keeps each site's input
  and output fingerprints (see ``fingerprint``): a site whose inputs did not
  change is not rendered, one whose rendered pages did not change is not
  built, and both are carried over from the previous output as hard links;
- the new output is assembled in a staging folder beside it and swapped in
  only when every site succeeded, so a failed or interrupted build (even
  ``kill -9``) leaves the previous output exactly as it was.
"""

from __future__ import annotations

import concurrent.futures
import copy
import ctypes
import errno
import glob
import html
import json
import multiprocessing
import os
import shutil
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Literal

import yaml

from . import colours, fingerprint, layout, load, outputs, workers
from .compute.pages.json import model_json
from .engines import DEFAULT_ENGINE, ENGINES
from .engines import BuildFailed as BuildFailed  # what a failed build raises, for this module's callers
from .i18n import Formatter, search_settings
from .problems import InvalidSource, Report
from .render import SiteSpec

PROJECT_ROOT = Path(__file__).resolve().parent.parent
THEME_DIR = fingerprint.THEME_DIR
DEFAULT_BASE_CONFIG = PROJECT_ROOT / "mkdocs.yml"
MANIFEST_NAME = outputs.MANIFEST_NAME
MANIFEST_VERSION = 2


def base_config(source: Path) -> tuple[dict[str, Any], Path]:
    """The agency's mkdocs.yml if it has one, else Debrief's own; InvalidSource for one it cannot build with.

    Only the settings Debrief itself adds to are checked here (``theme``, ``plugins``,
    ``extra``); MkDocs checks the rest when it builds.
    """
    path = source / "mkdocs.yml"
    root = source.resolve()
    if not path.is_file():
        path, root = DEFAULT_BASE_CONFIG, DEFAULT_BASE_CONFIG.parent
    report = Report(root)
    doc = load.read_yaml(root / path.name, report)
    config: dict[str, Any] = {}
    if doc is not None and not isinstance(doc.data, dict):
        report.error(root / path.name, doc.first_line, "expected MkDocs settings (site_name: ..., theme: ...), found a list or a value")
    elif doc is not None:
        config = dict(doc.data)
        if isinstance(config.get("theme"), str):  # MkDocs' short form
            config["theme"] = {"name": config["theme"]}
        for key, kind, example in (("theme", dict, "theme: {name: material}"), ("plugins", list, "plugins: [search]"),
                                   ("extra", dict, "extra: {language: en}")):
            if config.get(key) is not None and not isinstance(config[key], kind):
                report.error(root / path.name, doc.line_of((key,)), f"'{key}' must be written like {example}")
    if report.errors:
        raise InvalidSource(report.errors)
    return config, path


def site_config(spec: SiteSpec, base: dict[str, Any], engine: str = DEFAULT_ENGINE) -> dict[str, Any]:
    """The per-site mkdocs.yml: the base settings plus what belongs to this site, for ``engine``.

    Folders are relative to the config file, so the work folder can move and the
    config says nothing about where this particular build happens.
    """
    config = copy.deepcopy(base)
    if isinstance(config.get("extra"), dict):
        config["extra"].pop("mail", None)  # the e-mail settings (debrief mail) are no site's business
    config["site_name"] = html.escape(spec.title)
    config["docs_dir"] = "docs"
    config["site_dir"] = "site"
    config["nav"] = escaped_nav(layout.mkdocs_nav(spec.nav))
    theme = config.setdefault("theme", {"name": "material"})
    theme["custom_dir"] = str(THEME_DIR)
    theme["language"] = spec.language
    if spec.logo:
        theme["logo"] = spec.logo
        theme["favicon"] = spec.logo
    config["extra_css"] = [*layout.STYLESHEETS, *([layout.BRAND_CSS] if spec.brand_color else [])]
    config["extra_javascript"] = list(layout.SCRIPTS)
    localise_palette_toggles(theme, Formatter(spec.language))
    plugins = config.get("plugins") or []
    config["plugins"] = [{"search": search_settings(spec.language)} if p == "search" else p for p in plugins]
    extra = config.setdefault("extra", {})
    extra.pop("language", None)
    ENGINES[engine].configure(config)
    return config


def escaped_nav(nav: Any) -> Any:
    """Navigation with HTML-escaped titles: Material prints titles and site_name as HTML,
    so a client or campaign named ``<script>`` would otherwise run on every page."""
    if isinstance(nav, list):
        return [escaped_nav(item) for item in nav]
    if isinstance(nav, dict):
        return {html.escape(title): escaped_nav(target) for title, target in nav.items()}
    return nav


def localise_palette_toggles(theme: dict[str, Any], fmt: Formatter) -> None:
    """Name each colour palette's toggle, in the site's language, after the palette it switches to."""
    palettes = theme.get("palette") or []
    if not isinstance(palettes, list):
        return
    for palette, following in zip(palettes, palettes[1:] + palettes[:1]):
        if isinstance(palette.get("toggle"), dict):
            palette["toggle"]["name"] = {
                "slate": fmt.gettext("Switch to dark mode"), "default": fmt.gettext("Switch to light mode"),
            }.get(following.get("scheme"), fmt.gettext("Switch to system preference"))


def docs_files(spec: SiteSpec) -> dict[str, bytes]:
    """Files beside the pages in the docs folder: the spec's own and the brand stylesheet."""
    files = dict(spec.files)
    if spec.brand_color:
        files[layout.BRAND_CSS] = brand_css(spec.brand_color).encode("utf-8")
    return files


def check_paths(spec: SiteSpec) -> None:
    """Every page and file of a site has a path of its own (BuildFailed naming both otherwise)."""
    written = [(layout.as_html(page.path), f"page {page.path}") for page in spec.pages]
    written += [(name, f"file {name}") for name in docs_files(spec)]
    try:
        layout.check_unique(spec.site_id, written)
    except layout.DuplicatePath as exc:
        raise BuildFailed(str(exc)) from exc


def work_root(out: Path) -> Path:
    """Where the sites of the output ``out`` keep their Markdown and config: ``.debrief-work/<out's name>/``
    beside it, so two outputs in one folder (``site``, ``preview``) never share one."""
    return out.parent / ".debrief-work" / out.name


MODELS = "models"
"""The work folder's folder of page models: ``models/campaigns/spring.json`` beside ``docs/campaigns/spring.md``.

Outside ``docs/``, so MkDocs never publishes them, and left out of the output fingerprint:
they are what the pages were formatted from, not what MkDocs is given."""


def write_models(spec: SiteSpec, work: Path) -> None:
    """Each page's model as JSON, where "where does this number come from" is answered by one file."""
    folder = work / MODELS
    if folder.exists():
        shutil.rmtree(folder)
    for page in spec.pages:
        if page.model is not None:
            target = folder / (page.path.removesuffix(".md") + ".json")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(model_json(page.model), encoding="utf-8")


def write_work_folder(spec: SiteSpec, config: dict[str, Any], work: Path) -> Path:
    """Markdown pages, extra files, the per-site mkdocs.yml and the page models; returns the config path.

    The folder is emptied first, but only when it holds nothing but what an earlier build wrote.
    """
    outputs.check_work_folder(work)
    if work.exists():
        shutil.rmtree(work)
    write_models(spec, work)
    docs = work / "docs"
    for page in spec.pages:
        target = docs / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.markdown, encoding="utf-8")
    for name, content in docs_files(spec).items():
        target = docs / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    config_path = work / "mkdocs.yml"
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return config_path


def brand_css(color: str) -> str:
    """The client's colour as Material's primary colour, on both palettes."""
    return (
        "[data-md-color-scheme] {\n"
        f"  --md-primary-fg-color: {color};\n"
        f"  --md-primary-fg-color--light: {color};\n"
        f"  --md-primary-fg-color--dark: {color};\n"
        f"  --md-accent-fg-color: {color};\n"
        f"  --debrief-brand: {color};\n"
        "}\n"
        "/* Links in the brand colour, darkened or lightened until they read on each palette. */\n"
        f'[data-md-color-scheme="default"] {{ --md-typeset-a-color: {colours.readable_on(color, colours.LIGHT_BOX)}; }}\n'
        f'[data-md-color-scheme="slate"][data-md-color-primary] {{ --md-typeset-a-color: {colours.readable_on(color, colours.DARK_BOX)}; }}\n'
    )


# --- one site, in a worker ------------------------------------------------------------------


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
    render_seconds: float = 0.0
    """CPU seconds spent rendering (and for ``engine_seconds``, building) the site."""
    engine_seconds: float = 0.0
    engine: str = DEFAULT_ENGINE
    """Which engine built the site."""
    built_dir: str | None = None
    """Where the engine wrote the site (``built`` only), to be moved into the new output."""

    def entry(self) -> dict[str, Any]:
        return {key: value for key, value in asdict(self).items() if key not in ("site_id", "state", "built_dir")}


def make_site(
    task: SiteTask, base: dict[str, Any], theme: str, work_root: Path, previous_output: str | None, engine: str,
) -> SiteResult:
    """Render one site and build it, unless what the engine would be given is what it was given last time."""
    started = time.process_time()  # CPU time: what the work costs, however busy the machine is
    spec = task.render()
    check_paths(spec)
    config = site_config(spec, base, engine)
    output = fingerprint.output(theme, ((p.path, p.markdown) for p in spec.pages), docs_files(spec), config)
    rendered = time.process_time()
    work = work_root / layout.work_folder_name(task.site_id)
    if output == previous_output:
        if work.is_dir():
            write_models(spec, work)
        return SiteResult(task.site_id, "unchanged", task.inputs, output, len(spec.pages), rendered - started, engine=engine)
    ENGINES[engine].build(write_work_folder(spec, config, work))
    return SiteResult(
        task.site_id, "built", task.inputs, output, len(spec.pages), rendered - started,
        time.process_time() - rendered, engine, str(work / "site"),
    )


# --- the manifest and the plan --------------------------------------------------------------


@dataclass(frozen=True)
class Manifest:
    """The last build of an output folder: each site's fingerprints and timings, and build notes."""

    sites: dict[str, dict[str, Any]] = field(default_factory=dict)
    notes: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def read(cls, out: Path) -> Manifest:
        """The output's manifest; an unreadable or foreign one is as good as none (everything is rebuilt)."""
        try:
            data = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
            if data.get("version") == MANIFEST_VERSION:
                return cls(dict(data["sites"]), dict(data.get("notes", {})))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            pass
        return cls()

    def write(self, out: Path) -> None:
        data = {"version": MANIFEST_VERSION, "sites": self.sites, "notes": self.notes}
        (out / MANIFEST_NAME).write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")


@dataclass(frozen=True)
class Plan:
    """Which of the wanted sites must be made again, measured against the previous output."""

    out: Path
    inputs: dict[str, str]
    """Site id -> input fingerprint, for every site this build is about."""
    stale: tuple[str, ...]
    previous: Manifest
    reusable: dict[str, str]
    """Stale site id -> output fingerprint of the site still in the output: not built again if it comes out the same."""


def plan(out: Path, inputs: dict[str, str], force: bool = False) -> Plan:
    """A site is stale when forced, when its inputs changed, or when its folder is gone."""
    previous = Manifest.read(out)
    stale = tuple(
        site_id for site_id in sorted(inputs)
        if force
        or previous.sites.get(site_id, {}).get("inputs") != inputs[site_id]
        or not (out / site_id / "index.html").is_file()
    )
    reusable = {
        site_id: previous.sites[site_id]["output"] for site_id in stale
        if not force and site_id in previous.sites and (out / site_id / "index.html").is_file()
    }
    return Plan(out, inputs, stale, previous, reusable)


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
    """Make every stale site with ``engine``, carry the others over, and swap the new output in for the old.

    ``tasks`` holds one task per stale site of the plan. With ``keep_others`` (a
    build of some clients only) the previous output's other sites are kept too.
    """
    out, previous = the_plan.out.resolve(), the_plan.previous
    kept = {site_id for site_id in previous.sites if (out / site_id / "index.html").is_file()}
    wanted = set(the_plan.inputs) | (kept if keep_others else set())
    fresh = [
        SiteResult(site_id, "unchanged", **previous.sites[site_id])  # type: ignore[arg-type]
        for site_id in sorted(wanted - {t.site_id for t in tasks})
    ]
    if not tasks and wanted == set(previous.sites):
        return BuildReport(fresh, written=False)
    recover_interrupted_swap(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    remove_abandoned(out)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-{os.getpid()}-", dir=out.parent))
    staging.chmod(new_folder_mode())  # not mkdtemp's 0700: the web server's workers must read the sites
    try:
        Manifest().write(staging)  # marks the folder as Debrief's, for the build that clears it up if this one is killed
        made = run_tasks(
            tasks, base, work_root.resolve(), the_plan.reusable, jobs, progress, len(fresh), len(wanted), engine,
        )
        results = sorted(fresh + made, key=lambda r: r.site_id)
        assemble(results, out, staging, set(previous.sites))
        Manifest({r.site_id: r.entry() for r in results}, notes or {}).write(staging)
        swap_in(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return BuildReport(results, written=True)


def new_folder_mode() -> int:
    """The mode ``mkdir`` gives a new folder here (0755 under the usual umask 022)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o777 & ~umask


def run_tasks(
    tasks: list[SiteTask], base: dict[str, Any], work_root: Path, reusable: dict[str, str], jobs: int,
    progress: Progress | None, done: int, total: int, engine: str,
) -> list[SiteResult]:
    """Make the sites in ``jobs`` worker processes (in this process for one job or one site)."""
    results: list[SiteResult] = []

    def finished(result: SiteResult) -> None:
        results.append(result)
        if progress:
            progress(result, done + len(results), total)

    theme = fingerprint.theme(ENGINES[engine].libraries)
    arguments = [(task, base, theme, work_root, reusable.get(task.site_id), engine) for task in tasks]
    if jobs <= 1 or len(tasks) <= 1:
        for args in arguments:
            finished(make_site(*args))
        return results
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["generator.pipeline", "generator.workers"])
    with concurrent.futures.ProcessPoolExecutor(
        min(jobs, len(tasks)), mp_context=context, initializer=workers.end_with_the_build, initargs=(os.getpid(),),
    ) as pool:
        futures = [pool.submit(make_site, *args) for args in arguments]
        try:
            for future in concurrent.futures.as_completed(futures):
                finished(future.result())
        except BaseException:
            workers.stop_workers(pool)
            raise
    return results


def assemble(results: list[SiteResult], out: Path, staging: Path, previous_sites: set[str]) -> None:
    """Put every site in its place in ``staging``: new ones moved from their work folder, others linked.

    Parents go before children (``internal/`` before ``internal/<client>/``), and a
    carried-over parent leaves out the folders of the sites nested in it, old or new.
    """
    site_ids = {r.site_id for r in results} | previous_sites
    for result in sorted(results, key=lambda r: (r.site_id.count("/"), r.site_id)):
        target = staging / result.site_id
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            parent = next(r.site_id for r in results if result.site_id.startswith(r.site_id + "/"))
            raise BuildFailed(f"{result.site_id}: the site {parent} already writes a page or folder there")
        if result.built_dir:
            shutil.move(result.built_dir, target)
        else:
            nested = {other.split("/")[-1] for other in site_ids if other.startswith(result.site_id + "/")}
            link_tree(out / result.site_id, target, nested)


def link_tree(source: Path, target: Path, leave_out: Iterable[str] = ()) -> None:
    """Copy a built site as hard links (a copy where the file system cannot link)."""
    leave_out = set(leave_out)

    def link(src: str, dst: str) -> None:
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)

    shutil.copytree(source, target, copy_function=link, ignore=lambda folder, names: (
        [n for n in names if n in leave_out] if Path(folder) == source else []
    ))


# --- swapping the new output in ---------------------------------------------------------------


def swap_in(staging: Path, out: Path) -> None:
    """Replace ``out`` by ``staging`` in one step where the system allows it; then drop the old output."""
    if not out.exists():
        staging.rename(out)
        return
    if _exchange(staging, out):
        shutil.rmtree(staging, ignore_errors=True)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-{os.getpid()}-", dir=out.parent))  # a name no one else has
    out.rename(old)
    staging.rename(out)
    shutil.rmtree(old, ignore_errors=True)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically (Linux ``renameat2(RENAME_EXCHANGE)``); False where unsupported."""
    at_fdcwd, rename_exchange = -100, 2
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    if renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange) == 0:
        return True
    if ctypes.get_errno() in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(second))


def _ours(folder: Path) -> bool:
    """A staging or old folder that Debrief made: it holds a site manifest (a user's look-alike does not)."""
    manifest = outputs.read_manifest(folder)
    return folder.is_dir() and not folder.is_symlink() and manifest is not None and outputs.kind_of(manifest) == "sites"


def recover_interrupted_swap(out: Path) -> None:
    """Where the swap needs two renames and a build died between them, put the old output back."""
    if out.exists():
        return
    for old in sorted(out.parent.glob(f".{glob.escape(out.name)}.old-*")):
        if _ours(old):
            old.rename(out)
            return


def remove_abandoned(out: Path) -> None:
    """Staging and old folders of builds that were killed (their process is gone); never a folder Debrief did not make."""
    for kind in ("building", "old"):
        prefix = f".{out.name}.{kind}-"
        for leftover in out.parent.glob(glob.escape(prefix) + "*"):
            pid = leftover.name[len(prefix):].split("-")[0]
            if pid.isdigit() and not workers.alive(int(pid)) and _ours(leftover):
                shutil.rmtree(leftover, ignore_errors=True)
