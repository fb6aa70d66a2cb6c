"""The engines that turn a site's work folder into HTML: MkDocs with Material, or Zensical.

Both read the same work folder (plain Markdown in ``docs/``) and the same per-site
``mkdocs.yml``, and write the site into ``site/`` beside them. Each engine adds
only what it needs to that config (``configure``) and builds it in the worker
process, through its Python API: no process per site.

Material for MkDocs reaches its end of life on 2027-05-05; Zensical, by the same
authors, reads ``mkdocs.yml`` and is its successor. Where the two differ (search
index, search box, Chinese word segmentation), see README, "Two engines".
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import jinja2

from .. import outputs

DEFAULT_ENGINE = "mkdocs"


class BuildFailed(Exception):
    """An engine could not build a site."""


@dataclass(frozen=True)
class Engine:
    """What Debrief needs to know of an engine; ``build`` and ``configure`` differ per engine."""

    name: str
    label: str
    """The engine's name in messages."""
    libraries: tuple[str, ...]
    """Packages whose versions decide the built pages: a new version rebuilds every site."""
    search_index: str
    """Where the built site keeps its search index."""
    builds_pages: bool = False
    """Whether ``build`` can take the published site and build only the pages whose Markdown changed."""

    def configure(self, config: dict[str, Any]) -> None:
        """Add what this engine needs to a per-site config (in place)."""
        config.setdefault("extra", {})["engine"] = self.name

    def build(self, config_path: Path, pages_of: PageRebuild | None = None) -> None:
        """Build the site of ``config_path`` into ``site/`` beside it; with ``pages_of`` (engines that
        ``builds_pages``), start from that published site and build only the pages it names."""
        raise NotImplementedError

    def failed(self, config_path: Path, detail: str) -> BuildFailed:
        return BuildFailed(f"{config_path.parent.name}: {self.label} failed: {detail}")

    def scripted_styles(self, script: str) -> list[str]:
        """Stylesheets the engine's script puts into ``<style>`` elements as the page runs
        (a Content-Security-Policy must allow each by its hash)."""
        return []


# --- MkDocs and Material ------------------------------------------------------------------------


class _Collect(logging.Handler):
    """Keeps MkDocs' error messages so a failure can say what went wrong."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@dataclass(frozen=True)
class PageRebuild:
    """A site built again from its published build: only ``pages`` (paths under ``docs/``) changed."""

    published: Path
    pages: tuple[str, ...]


class MkDocs(Engine):
    def build(self, config_path: Path, pages_of: PageRebuild | None = None) -> None:
        """Build one site with MkDocs' Python API (imported here: a build with nothing to build loads no engine).

        From the ``published`` site of ``pages_of``, MkDocs' own dirty build writes only the pages whose Markdown is newer
        than their page there: the work folder dates every other page 1970 (``work.write_work_folder``),
        and a page-level rebuild happens only when the navigation and settings are the same, so every
        page left alone is the page a whole build would write. Material's search index then holds the
        rebuilt pages alone; the published index's entries of every other page are put back, in the
        order a whole build gives them (``merge_search_index``).
        """
        import jieba
        from mkdocs.commands.build import build as mkdocs_build
        from mkdocs.config import load_config

        jieba.setLogLevel(logging.WARNING)  # Material's search segments Chinese with it, which logs its set-up otherwise

        os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
        logger = logging.getLogger("mkdocs")
        logger.setLevel(logging.ERROR)
        logger.propagate = False
        collect = _Collect()
        logger.addHandler(collect)
        try:
            config = load_config(config_file=str(config_path))
            _share_theme_work(config.theme)
            site_dir = Path(config.site_dir)
            if pages_of is None:
                mkdocs_build(config)
            else:
                shutil.rmtree(site_dir, ignore_errors=True)
                shutil.copytree(pages_of.published, site_dir, symlinks=True)  # copies: the published files stay untouched
                index = site_dir / self.search_index
                before = json.loads(index.read_text(encoding="utf-8")) if index.is_file() else None
                mkdocs_build(config, dirty=True)
                if before is not None:
                    merge_search_index(config, index, before, pages_of.pages)
        except Exception as exc:  # MkDocs raises many kinds; a user sees one line naming the site
            raise self.failed(config_path, "; ".join(collect.messages) or str(exc)) from exc
        finally:
            logger.removeHandler(collect)


def merge_search_index(config: Any, index: Path, before: dict[str, Any], rebuilt: tuple[str, ...]) -> None:
    """Material's search index after a page-level rebuild: the ``rebuilt`` pages' entries as it wrote them,
    every other page's as ``before`` had them, page by page in the order a whole build adds them."""
    from mkdocs.structure.files import get_files

    written = json.loads(index.read_text(encoding="utf-8"))
    pages = get_files(config).documentation_pages()
    urls = {file.src_uri: file.url for file in pages}
    entries = _by_page(before["docs"])
    for path in rebuilt:
        entries.pop(urls.get(path, ""), None)
    entries.update(_by_page(written["docs"]))
    order = {file.url: number for number, file in enumerate(pages)}
    written["docs"] = [entry for url in sorted(entries, key=lambda url: order.get(url, len(order))) for entry in entries[url]]
    index.write_text(json.dumps(written, separators=(",", ":"), default=str), encoding="utf-8")


def _by_page(entries: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = {}
    for entry in entries:
        grouped.setdefault(str(entry["location"]).split("#", 1)[0], []).append(entry)
    return grouped


def _share_theme_work(theme: Any) -> None:
    """Let this build's Jinja environment reuse what other builds of the process did with the theme.

    MkDocs makes a fresh environment for every build, so a process building many
    sites would compile Material's templates once per site, and walk its 14,000
    files to find the static ones to copy. The compiled code is shared (checked
    against each template's source), and the theme's folders are listed once.
    """
    from ..render.base import COMPILED_TEMPLATES

    make_env = theme.get_env

    def get_env():
        env = make_env()
        env.bytecode_cache = COMPILED_TEMPLATES
        env.loader = ListedOnce(env.loader.searchpath)
        return env

    theme.get_env = get_env


THEME_LISTINGS: dict[tuple[str, ...], list[str]] = {}


class ListedOnce(jinja2.FileSystemLoader):
    """A template loader whose folders are listed once per process (the theme's folders do not change mid-build).

    Files in hidden folders are left out of the list: MkDocs lists the theme to copy its
    static files and never copies a hidden one, and Material keeps 14,000 icons in
    ``.icons/``. Templates are still loaded by name from anywhere.
    """

    def list_templates(self) -> list[str]:
        key = tuple(self.searchpath)
        if key not in THEME_LISTINGS:
            THEME_LISTINGS[key] = [name for name in super().list_templates() if not name.startswith(".")]
        return THEME_LISTINGS[key]


# --- Zensical -------------------------------------------------------------------------------------


class Zensical(Engine):
    SHADOW_STYLESHEET = re.compile(r'appendChild\(\w+\("style",\{\},(?P<name>[\w$]+)\.toString\(\)\)\)')
    """Where Zensical's bundle puts the stylesheet of its search dialog into the dialog's shadow root."""
    VARIANT = "classic"
    """Zensical's theme in Material's look (its default, ``modern``, has a white header without
    the brand colour): the sites look the same whichever engine builds them."""

    def configure(self, config: dict[str, Any]) -> None:
        super().configure(config)
        config.setdefault("theme", {}).setdefault("variant", self.VARIANT)

    def build(self, config_path: Path, pages_of: PageRebuild | None = None) -> None:
        """Build one site with Zensical's Python API (its Rust runtime, called in this process).

        Zensical keeps a cache of rendered pages in ``.cache/`` beside the config; the
        work folder is written afresh for every build, so the cache would only take disk
        space, and it is removed.
        """
        import zensical

        printed: list[str] = []
        try:
            with _kept_output(printed):
                zensical.build(str(config_path.resolve()), {"clean": False, "strict": False})
        except Exception as exc:  # Zensical raises RuntimeError (and click's errors for a bad config)
            detail = str(getattr(exc, "message", None) or exc).split("\nTraceback", 1)[0].strip()
            raise self.failed(config_path, detail.removeprefix("Python error: ") or "".join(printed)) from exc
        finally:
            shutil.rmtree(config_path.parent / ".cache", ignore_errors=True)

    def scripted_styles(self, script: str) -> list[str]:
        """The search dialog's stylesheet: a string constant of the bundle, written into a ``<style>``."""
        found = []
        for use in self.SHADOW_STYLESHEET.finditer(script):
            constant = re.search(rf"(?:var|let|const) {re.escape(use['name'])}='(?P<css>[^'\\]*)'", script)
            if constant:
                found.append(constant["css"])
        return found


@contextlib.contextmanager
def _kept_output(printed: list[str]) -> Iterator[None]:
    """Keep what the code inside prints to the process's stdout and stderr in ``printed``:
    Zensical's Rust runtime writes its progress straight to them, and a build prints
    nothing of its own."""
    with tempfile.TemporaryFile() as sink:
        for stream in (sys.stdout, sys.stderr):
            stream.flush()
        saved = [os.dup(1), os.dup(2)]
        os.dup2(sink.fileno(), 1)
        os.dup2(sink.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            for descriptor in saved:
                os.close(descriptor)
            sink.seek(0)
            printed.append(sink.read().decode("utf-8", "replace").strip())


def scripted_styles(site: Path) -> list[str]:
    """Every stylesheet the engines' scripts in a built output (sites nested in it included) write into
    ``<style>`` elements; each bundle is read once (its name holds its content's hash)."""
    bundles = {
        path.name: path for path in outputs.files_in(site)
        if path.match("assets/javascripts/bundle.*.js")
    }
    return sorted({
        style for name in sorted(bundles) for engine in ENGINES.values()
        for style in engine.scripted_styles(bundles[name].read_text(encoding="utf-8"))
    })


ENGINES: dict[str, Engine] = {
    "mkdocs": MkDocs("mkdocs", "MkDocs", ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2"),
                     "search/search_index.json", builds_pages=True),
    "zensical": Zensical("zensical", "Zensical", ("zensical", "markdown", "pymdown-extensions"), "search.json"),
}
