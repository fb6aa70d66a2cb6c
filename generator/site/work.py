"""A site's work folder: its Markdown pages, files, mkdocs.yml and page models, beside the output.

``.debrief-work/<output>/<site>/`` (``internal/acme`` is ``internal__acme``), so any site
can be rebuilt by hand with ``mkdocs build -f <work>/<site>/mkdocs.yml`` into ``<work>/<site>/site/``.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from .. import layout, outputs
from ..compute.pages.json import model_json
from .engines import BuildFailed

if TYPE_CHECKING:
    from ..render import SiteSpec


def check_paths(spec: SiteSpec) -> None:
    """Every page and file of a site has a path of its own (BuildFailed naming both otherwise)."""
    written = [(layout.as_html(page.path), f"page {page.path}") for page in spec.pages]
    written += [(name, f"file {name}") for name in spec.files]
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
            text = page.model if isinstance(page.model, str) else model_json(page.model)  # kept pages hold it as JSON
            target.write_text(text, encoding="utf-8")


BUILT = "built.json"
"""In a work folder: the output fingerprint and theme of the published site that ``docs/`` was last built into."""


@dataclass(frozen=True)
class Changed:
    """The pages and files of a site that differ from the ones its published build was made from."""

    pages: tuple[str, ...]
    files: tuple[str, ...]


def changed_since(spec: SiteSpec, config_text: str, work: Path, previous_output: str | None, theme: str) -> Changed | None:
    """What differs from the published build, when only pages and files do; None when a page-level rebuild
    could differ from a whole one (another config or navigation, theme, set of pages, or a work folder
    that is not what the published site was built from)."""
    try:
        built = json.loads((work / BUILT).read_text(encoding="utf-8"))
        if built != {"output": previous_output, "theme": theme}:
            return None
        if (work / "mkdocs.yml").read_text(encoding="utf-8") != config_text:
            return None
        docs = work / "docs"
        present = {path.relative_to(docs).as_posix() for path in docs.rglob("*") if not path.is_dir()}
        if present != {page.path for page in spec.pages} | set(spec.files):
            return None
        pages = tuple(page.path for page in spec.pages if (docs / page.path).read_text(encoding="utf-8") != page.markdown)
        files = tuple(name for name, content in spec.files.items() if (docs / name).read_bytes() != content)
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    return Changed(pages, files)


def config_text(config: dict[str, Any]) -> str:
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=False)


def write_work_folder(spec: SiteSpec, config: dict[str, Any], work: Path, changed: Changed | None = None) -> Path:
    """Markdown pages, extra files, the per-site mkdocs.yml and the page models; returns the config path.

    The folder is emptied first, but only when it holds nothing but what an earlier build wrote.
    With ``changed`` only those pages and files are written; every other one is left as the
    published build had it, dated 1970, so the engine sees it as built already.
    """
    outputs.check_work_folder(work)
    if changed is None and work.exists():
        shutil.rmtree(work)
    (work / BUILT).unlink(missing_ok=True)  # whatever happens next, docs/ is no longer what a published site was built from
    write_models(spec, work)
    docs = work / "docs"
    for path, content in [(page.path, page.markdown.encode("utf-8")) for page in spec.pages] + list(spec.files.items()):
        target = docs / path
        if changed is None or path in changed.pages or path in changed.files:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        else:
            os.utime(target, ns=(0, 0))
    config_path = work / "mkdocs.yml"
    config_path.write_text(config_text(config), encoding="utf-8")
    return config_path


def record_built(work: Path, output: str, theme: str) -> None:
    """Say that ``docs/`` is what the site of output fingerprint ``output`` was built from (once it is published)."""
    (work / BUILT).write_text(json.dumps({"output": output, "theme": theme}), encoding="utf-8")
