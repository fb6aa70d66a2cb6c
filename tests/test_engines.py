"""Two engines, one site: MkDocs with Material, and Zensical, build the same pages from the same work folder.

How each engine is chosen (``--engine``, ``extra.engine`` of mkdocs.yml), that a
change of engine rebuilds every site and the manifest says which engine built
each, and that the demo agency built by both holds the same content page for page.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

from click.testing import CliRunner

from generator import pipeline
from generator.cli import main
from generator.site.engines import ENGINES
from generator.site import MANIFEST_NAME
from tests.support.agency import write
from tests.support.engines import by_engine
from tests.support.tools import PROJECT_ROOT
from tests.support.pages import output_files

EVERY_SITE = {"acme", "globex", "internal", "internal/acme", "internal/globex"}
DEBRIEF_ASSETS = ("assets/stylesheets/debrief.css", "assets/stylesheets/print.css", "assets/javascripts/charts.js",
                  "assets/javascripts/vega.min.js", "assets/javascripts/timeline.js", "assets/brand.css", "assets/logo.svg")


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def with_engine_line(agency: Path, line: str) -> None:
    """The agency's own mkdocs.yml: Debrief's base config with one more line under ``extra:``."""
    base = (PROJECT_ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "\nextra:\n" in base
    write(agency, "mkdocs.yml", base.replace("\nextra:\n", f"\nextra:\n  {line}\n"))


def generator_of(page: Path) -> str:
    text = page.read_text(encoding="utf-8")
    return text.split('<meta name="generator" content="', 1)[1].split('"', 1)[0] if 'name="generator"' in text else ""


def manifest(out: Path) -> dict:
    return json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))


GENERATORS = {"mkdocs": "mkdocs-1.6.1, mkdocs-material-9.8.2", "zensical": "zensical-0.0.73"}
"""What each engine writes into a page's generator tag: the versions the tests run with."""


def test_sites_are_built_with_mkdocs_by_default(built):
    assert generator_of(built / "acme" / "index.html") == GENERATORS["mkdocs"]


@by_engine
def test_a_test_for_each_engine_gets_that_engine_s_sites(built, demo, engine):
    """The sites a session fixture built with one engine are never handed to a test of the other
    (the test above took ``built`` first, with the default engine)."""
    for out in (built, demo):
        assert generator_of(out / "internal" / "index.html") == GENERATORS[engine]


def test_an_unknown_engine_option_is_a_usage_error(agency):
    result = run("build", "--source", str(agency), "--out", str(agency / "site"), "--engine", "hugo")
    assert result.exit_code == 2
    assert "'hugo' is not one of 'mkdocs', 'zensical'" in result.output
    assert not (agency / "site").exists()


def test_an_unknown_engine_in_mkdocs_yml_is_an_error_naming_its_line(agency):
    with_engine_line(agency, "engine: hugo")
    line = (agency / "mkdocs.yml").read_text(encoding="utf-8").splitlines().index("  engine: hugo") + 1
    expected = f"mkdocs.yml:{line}: extra.engine: 'hugo' is not one of mkdocs, zensical"
    for command in (("build", "--out", str(agency / "site")), ("validate",)):
        result = run(*command, "--source", str(agency))
        assert result.exit_code == 1, result.output
        assert expected in result.output
    assert not (agency / "site").exists()


def test_extra_engine_chooses_the_engine_and_the_option_overrides_it(agency):
    with_engine_line(agency, "engine: zensical")
    out = agency / "site"
    pipeline.build(agency, out)
    assert generator_of(out / "acme" / "index.html") == GENERATORS["zensical"]
    assert (out / "acme" / "search.json").is_file() and not (out / "acme" / "search").exists()
    pipeline.build(agency, out, engine="mkdocs")
    assert generator_of(out / "acme" / "index.html") == GENERATORS["mkdocs"]
    assert (out / "acme" / "search" / "search_index.json").is_file() and not (out / "acme" / "search.json").exists()


def test_another_engine_rebuilds_every_site_and_the_manifest_says_which_built_each(agency):
    out = agency / "site"
    assert set(pipeline.build(agency, out).report.built) == EVERY_SITE
    assert {entry["engine"] for entry in manifest(out)["sites"].values()} == {"mkdocs"}
    assert set(pipeline.build(agency, out, engine="zensical").report.built) == EVERY_SITE
    assert {entry["engine"] for entry in manifest(out)["sites"].values()} == {"zensical"}
    assert pipeline.build(agency, out, engine="zensical").report.built == []
    write(agency, "content/acme/meetings/2026-03-04-weekly.md", "---\ndate: 2026-03-04\ntype: weekly\n---\nNew.\n")
    assert {"acme", "internal/acme"} <= set(pipeline.build(agency, out, engine="zensical").report.built) <= {
        "acme", "internal/acme", "internal"}
    assert (out / "acme" / "meetings" / "2026-03-04-weekly.html").is_file()


def test_a_zensical_build_prints_nothing_of_its_own(agency, capfd):
    """Zensical's Rust runtime prints its progress to the process's stdout: a build keeps it off the terminal."""
    pipeline.build(agency, agency / "site", engine="zensical", only=("acme",))
    printed = capfd.readouterr()
    assert (printed.out, printed.err) == ("", "")
    assert (agency / "site" / "acme" / "index.html").is_file()


# --- the same content from both engines -----------------------------------------------------------


class PageContent(HTMLParser):
    """What a page says, whichever engine wrote it: its language, title, and the article's
    text, links and chart specs (the engine's own markup around the article left out)."""

    def __init__(self) -> None:
        super().__init__()
        self.language: str | None = None
        self.title = ""
        self.text: list[str] = []
        self.links: list[str] = []
        self.charts: list[str] = []
        self.in_article = 0
        self.in_title = self.in_chart = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "html":
            self.language = values.get("lang")
        self.in_title = tag == "title"
        self.in_article += tag == "article"
        if self.in_article and tag == "a" and values.get("href") is not None:  # not the engine's skip-link target
            self.links.append((values["href"] or "").removeprefix("./"))
        self.in_chart = bool(self.in_article and tag == "script" and values.get("type") == "application/json")

    def handle_endtag(self, tag: str) -> None:
        self.in_article -= tag == "article"
        self.in_title = self.in_chart = False

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data.strip()
        elif self.in_chart:
            self.charts.append(data)
        elif self.in_article:
            self.text.append(data)

    def summary(self) -> dict:
        return {"lang": self.language, "title": self.title, "text": " ".join("".join(self.text).split()),
                "links": self.links, "charts": self.charts}


def content(page: Path) -> dict:
    parser = PageContent()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.summary()


def test_both_engines_build_the_same_pages_from_the_demo(demo_builds):
    """Page for page: the same language, title, text, links and chart specs; Debrief's assets in both."""
    outputs = {engine: demo_builds(engine) for engine in ENGINES}
    pages = {engine: sorted(p.relative_to(out).as_posix() for p in output_files(out, "*.html")) for engine, out in outputs.items()}
    assert len(pages["mkdocs"]) > 400 and pages["zensical"] == pages["mkdocs"]
    differ = [page for page in pages["mkdocs"] if content(outputs["mkdocs"] / page) != content(outputs["zensical"] / page)]
    assert differ == []
    campaign = next((outputs["zensical"] / "jade-tea" / "campaigns").glob("*.html"))
    chinese = content(campaign)
    assert chinese["lang"] == "zh" and len(chinese["charts"]) >= 3 and chinese["links"] and "¥" in chinese["text"]
    for engine, out in outputs.items():
        for site in ("aurora-coffee", "internal/aurora-coffee"):
            assert [name for name in DEBRIEF_ASSETS if not (out / site / name).is_file()] == [], (engine, site)
            assert (out / site / ENGINES[engine].search_index).is_file()
