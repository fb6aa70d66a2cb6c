"""A site's work folder: its Markdown pages, files, mkdocs.yml and page models, beside the output.

``.debrief-work/<output>/<site>/`` (``internal/acme`` is ``internal__acme``), so any site
can be rebuilt by hand with ``mkdocs build -f <work>/<site>/mkdocs.yml`` into ``<work>/<site>/site/``.
"""

from __future__ import annotations

import shutil
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
    for name, content in spec.files.items():
        target = docs / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    config_path = work / "mkdocs.yml"
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return config_path
