"""Write rendered sites to disk and build them with MkDocs; the only stage that writes.

Each site gets a work folder with plain Markdown pages and its own mkdocs.yml
(the base mkdocs.yml plus the site's name, pages, language and brand), so any
site can also be rebuilt by hand with ``mkdocs build -f``. Sites are built into
a staging folder and moved into place only when every site succeeded: a failed
or interrupted build leaves the previous output as it was.
"""

from __future__ import annotations

import copy
import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from .render import SiteSpec

PROJECT_ROOT = Path(__file__).resolve().parent.parent
THEME_DIR = PROJECT_ROOT / "theme"
DEFAULT_BASE_CONFIG = PROJECT_ROOT / "mkdocs.yml"
SEARCH_LANGUAGES = {"en": ["en"], "ru": ["ru", "en"], "ko": ["en"], "zh": ["zh", "en"]}


def base_config(source: Path) -> tuple[dict[str, Any], Path]:
    """The agency's mkdocs.yml if it has one, else Debrief's own."""
    path = source / "mkdocs.yml"
    if not path.is_file():
        path = DEFAULT_BASE_CONFIG
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}, path


def site_config(spec: SiteSpec, base: dict[str, Any], docs_dir: Path, site_dir: Path) -> dict[str, Any]:
    """The per-site mkdocs.yml: the base settings plus what belongs to this site."""
    config = copy.deepcopy(base)
    config["site_name"] = spec.title
    config["docs_dir"] = str(docs_dir)
    config["site_dir"] = str(site_dir)
    config["nav"] = spec.nav
    theme = config.setdefault("theme", {"name": "material"})
    theme["custom_dir"] = str(THEME_DIR)
    theme["language"] = spec.language
    if spec.logo:
        theme["logo"] = spec.logo
        theme["favicon"] = spec.logo
    config["extra_css"] = ["assets/stylesheets/debrief.css"] + (["assets/brand.css"] if spec.brand_color else [])
    config["extra_javascript"] = ["assets/javascripts/vega.min.js", "assets/javascripts/charts.js"]
    plugins = config.get("plugins") or []
    config["plugins"] = [
        {"search": {"lang": SEARCH_LANGUAGES[spec.language]}} if p == "search" else p for p in plugins
    ]
    extra = config.setdefault("extra", {})
    extra.pop("language", None)
    return config


def write_work_folder(spec: SiteSpec, base: dict[str, Any], work: Path, site_dir: Path) -> Path:
    """Markdown pages, extra files and the per-site mkdocs.yml; returns the config path."""
    if work.exists():
        shutil.rmtree(work)
    docs = work / "docs"
    for page in spec.pages:
        target = docs / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.markdown, encoding="utf-8")
    for name, content in spec.files.items():
        target = docs / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    if spec.brand_color:
        (docs / "assets").mkdir(parents=True, exist_ok=True)
        (docs / "assets" / "brand.css").write_text(brand_css(spec.brand_color), encoding="utf-8")
    config_path = work / "mkdocs.yml"
    config_path.write_text(
        yaml.safe_dump(site_config(spec, base, docs, site_dir), allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
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
    )


class BuildFailed(Exception):
    """MkDocs could not build a site."""


class _Collect(logging.Handler):
    """Keeps MkDocs' error messages so a failure can say what went wrong."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def build_site(config_path: Path) -> None:
    """Build one site with MkDocs' Python API (no subprocess)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.ERROR)
    logger.propagate = False
    collect = _Collect()
    logger.addHandler(collect)
    try:
        config = load_config(config_file=str(config_path))
        mkdocs_build(config)
    except Exception as exc:  # MkDocs raises many kinds; a user sees one line naming the site
        detail = "; ".join(collect.messages) or str(exc)
        raise BuildFailed(f"{config_path.parent.name}: MkDocs failed: {detail}") from exc
    finally:
        logger.removeHandler(collect)


def build_all(specs: list[SiteSpec], source: Path, out: Path, work_root: Path, keep_others: bool = False) -> None:
    """Build every site into a staging folder, then swap it in for ``out`` in one step.

    With ``keep_others`` (a build of some clients only) the sites not rebuilt are
    carried over from the previous output.
    """
    base, _ = base_config(source)
    out, work_root = out.resolve(), work_root.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=out.parent))
    try:
        # Parents before children: internal/ is built before internal/<client>/ lands inside it.
        for spec in sorted(specs, key=lambda s: s.site_id.count("/")):
            built = staging / ".sites" / spec.site_id.replace("/", "__")
            config_path = write_work_folder(spec, base, work_root / spec.site_id.replace("/", "__"), built)
            build_site(config_path)
            target = staging / spec.site_id
            target.parent.mkdir(parents=True, exist_ok=True)
            built.rename(target)
        shutil.rmtree(staging / ".sites", ignore_errors=True)
        if keep_others:
            carry_over(out, staging)
        swap_in(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def carry_over(out: Path, staging: Path) -> None:
    """Copy into staging every site of the previous output that this build did not make."""
    if not out.is_dir():
        return
    for previous in [*out.iterdir(), *(out / "internal").glob("*")]:
        relative = previous.relative_to(out)
        target = staging / relative
        if previous.is_dir() and not target.exists() and (relative.parts[0] != "internal" or len(relative.parts) == 2):
            shutil.copytree(previous, target, copy_function=os.link)


def swap_in(staging: Path, out: Path) -> None:
    """Replace ``out`` by ``staging``; the old output is removed only once the new one is in place."""
    if out.exists():
        old = out.parent / f".{out.name}.old-{os.getpid()}"
        out.rename(old)
        staging.rename(out)
        shutil.rmtree(old, ignore_errors=True)
    else:
        staging.rename(out)
