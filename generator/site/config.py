"""A site's mkdocs.yml: the agency's base settings plus what render says belongs to this site.

Everything a site says in words (its title, the palette toggles' labels, the search
language) comes from render through the site spec: this module only places it.
"""

from __future__ import annotations

import copy
import html
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import layout, load
from ..fingerprint import THEME_DIR
from ..problems import InvalidSource, Report
from .engines import DEFAULT_ENGINE, ENGINES

if TYPE_CHECKING:
    from ..render import SiteSpec

DEFAULT_BASE_CONFIG = THEME_DIR.parent / "mkdocs.yml"


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
    config["extra_css"] = [*layout.STYLESHEETS, *([layout.BRAND_CSS] if layout.BRAND_CSS in spec.files else [])]
    config["extra_javascript"] = list(layout.SCRIPTS)
    name_palette_toggles(theme, spec.palette_labels)
    plugins = config.get("plugins") or []
    config["plugins"] = [{"search": dict(spec.search)} if p == "search" else p for p in plugins]
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


def name_palette_toggles(theme: dict[str, Any], labels: dict[str, str]) -> None:
    """Name each colour palette's toggle after the palette it switches to (``labels``: scheme -> words,
    in the site's language, from render; ``""`` for the system preference)."""
    palettes = theme.get("palette") or []
    if not isinstance(palettes, list):
        return
    for palette, following in zip(palettes, palettes[1:] + palettes[:1]):
        if isinstance(palette.get("toggle"), dict) and labels:
            palette["toggle"]["name"] = labels.get(following.get("scheme"), labels[""])
