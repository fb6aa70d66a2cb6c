"""Bad input: each mistake gives one `path:line: message` naming what to fix, never a traceback."""

from __future__ import annotations

import csv
import io
import os
import shutil
from pathlib import Path
from typing import Callable

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import pipeline
from generator.cli import main
from generator.problems import InvalidSource
from tests.support.agency import csv_text, make_agency, write

CLIENT = "campaigns/acme/client.yml"
CAMPAIGN = "campaigns/acme/spring/campaign.yml"
METRICS = "campaigns/acme/spring/metrics.csv"
WORK = "campaigns/acme/spring/work.csv"
DELIVERABLES = "campaigns/acme/spring/deliverables.csv"
NOTE = "content/acme/meetings/2026-03-02-check-in.md"
SURVEY = "content/acme/surveys/2026-03-05-nps.yml"
GOOD_CLIENT = "name: A\nlanguage: en\ncurrency: USD\naccount_manager: X\n"
HEADER = "date,channel,impressions,clicks,conversions,spend\n"

Edit = Callable[[Path], None]


def text(relative: str, content: str | bytes) -> Edit:
    """Replace a whole file."""
    def edit(root: Path) -> None:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return edit


def patch(relative: str, old: str, new: str) -> Edit:
    """Change one part of a fixture file; the rest stays valid."""
    def edit(root: Path) -> None:
        path = root / relative
        original = path.read_text(encoding="utf-8")
        assert old in original, f"fixture no longer has {old!r}"
        path.write_text(original.replace(old, new, 1), encoding="utf-8")
    return edit


def remove(relative: str) -> Edit:
    return lambda root: (root / relative).unlink()


def symlink(relative: str, target: Callable[[Path], Path]) -> Edit:
    """Make ``relative`` a symlink to a file outside the source tree."""
    def edit(root: Path) -> None:
        outside = target(root)
        outside.parent.mkdir(parents=True, exist_ok=True)
        link = root / relative
        if not outside.exists():
            outside.write_bytes(link.read_bytes())
        link.unlink()
        link.symlink_to(outside)
    return edit


def link(relative: str, target: str, folder: bool = False) -> Edit:
    """Make ``relative`` a relative symlink to ``target`` (both inside the source), replacing what is there."""
    def edit(root: Path) -> None:
        path, aimed = root / relative, root / target
        aimed.parent.mkdir(parents=True, exist_ok=True)
        if not aimed.exists():
            aimed.write_text("name: x\n", encoding="utf-8")
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        elif path.exists() or path.is_symlink():
            path.unlink()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(os.path.relpath(aimed, path.parent), target_is_directory=folder)
    return edit


def both(*edits: Edit) -> Edit:
    def edit(root: Path) -> None:
        for one in edits:
            one(root)
    return edit


CROSSES = ", outside campaigns/acme/ and content/acme/: a client's site is made from its own files only"


def huge(relative: str, megabytes: int) -> Edit:
    def edit(root: Path) -> None:
        with (root / relative).open("r+b") as handle:
            handle.truncate(megabytes * 1024 * 1024)  # sparse: the size is what matters
    return edit


CASES = [
    # --- YAML syntax and file level
    pytest.param(text(CLIENT, "name: [unclosed\n"), "campaigns/acme/client.yml:2: invalid YAML", id="malformed-yaml"),
    pytest.param(text(CLIENT, "name: A\n\tlanguage: en\n"), "campaigns/acme/client.yml:2: invalid YAML", id="tab-indent"),
    pytest.param(text(CLIENT, ""), "campaigns/acme/client.yml: file is empty", id="empty-file"),
    pytest.param(text(CLIENT, "name: Caf\xe9\nlanguage: en\n".encode("latin-1")),
                 "campaigns/acme/client.yml:1: file is not UTF-8 text", id="not-utf8"),
    pytest.param(text(CLIENT, "- name: A\n- language: en\n"),
                 "campaigns/acme/client.yml:1: expected a mapping of keys to values, found a list", id="list-not-mapping"),
    pytest.param(text(CLIENT, GOOD_CLIENT + "name: B\n"), "campaigns/acme/client.yml:5: duplicate key 'name'", id="duplicate-key"),
    pytest.param(remove(CLIENT), "campaigns/acme/client.yml: missing client.yml", id="missing-client-yml"),
    pytest.param(huge(METRICS, 50), "campaigns/acme/spring/metrics.csv: file is 50 MB, over the 20 MB limit", id="50-mb-csv"),
    pytest.param(text("mkdocs.yml", "site_name: [Agency\ntheme:\n  name: material\n"), "mkdocs.yml:2: invalid YAML",
                 id="agency-mkdocs-syntax"),
    pytest.param(text("mkdocs.yml", "- site_name: Agency\n- theme: material\n"), "mkdocs.yml:1: expected MkDocs settings",
                 id="agency-mkdocs-list"),
    pytest.param(text("mkdocs.yml", "site_name: Agency\ntheme: [material]\n"), "mkdocs.yml:2: 'theme' must be written like",
                 id="agency-mkdocs-theme-list"),
    pytest.param(text("mkdocs.yml", "site_name: Agency\nplugins: search\n"), "mkdocs.yml:2: 'plugins' must be written like",
                 id="agency-mkdocs-plugins"),
    # --- YAML that would expand, recurse or nest without end: refused before any value is made
    pytest.param(text(CLIENT, GOOD_CLIENT + "brand:\n  color: &a ['#aaaaaa', '#aaaaaa']\n  logo: &b [*a, *a, *a, *a]\n"),
                 "campaigns/acme/client.yml:7: YAML aliases (*name) are not allowed here", id="yaml-alias"),
    pytest.param(text(CLIENT, "name: &loop [*loop]\nlanguage: en\ncurrency: USD\naccount_manager: X\n"),
                 "campaigns/acme/client.yml:1: YAML aliases (*name) are not allowed here", id="yaml-recursive-alias"),
    pytest.param(text(CLIENT, "defaults: &d {language: en, currency: USD}\nname: A\naccount_manager: X\n<<: *d\n"),
                 "campaigns/acme/client.yml:4: YAML aliases (*name) are not allowed here", id="yaml-merge-key"),
    pytest.param(text(CLIENT, "name: A\nlanguage: en\ncurrency: USD\naccount_manager: X\nbrand:\n"
                      + "".join("  " * level + "- \n" for level in range(1, 600))),
                 "campaigns/acme/client.yml:", id="yaml-600-levels"),
    pytest.param(patch(NOTE, "decisions:\n  - Shift budget to search", "decisions: " + "[" * 40 + "]" * 40),
                 "content/acme/meetings/2026-03-02-check-in.md:8: nested more than 32 levels deep", id="yaml-40-levels"),
    pytest.param(patch(NOTE, "We met on Monday.", "".join("    " * level + "- x\n" for level in range(600))),
                 "content/acme/meetings/2026-03-02-check-in.md:57: indented 132 columns, more than 128", id="note-600-level-list"),
    pytest.param(patch(NOTE, "We met on Monday.", "\t" * 40 + "x"),
                 "content/acme/meetings/2026-03-02-check-in.md:24: indented 160 columns", id="note-tabs"),
    # --- numbers that are not numbers, or not finite, or too long to read
    pytest.param(patch(CLIENT, "zero_at: 0", "zero_at: .nan"), "campaigns/acme/client.yml:9: 'fee.zero_at': Input should be a finite number",
                 id="fee-nan"),
    pytest.param(patch(CLIENT, "full_at: 50", "full_at: -.inf"), "campaigns/acme/client.yml:10: 'fee.full_at': Input should be a finite number",
                 id="fee-minus-inf"),
    pytest.param(patch(CAMPAIGN, "budget: 1000", "budget: 1.0e+400"), "campaigns/acme/spring/campaign.yml:9: 'budget': Input should be a finite number",
                 id="budget-1e400"),
    pytest.param(patch(CAMPAIGN, "budget: 1000", "budget: 1" + "0" * 5000),
                 "campaigns/acme/spring/campaign.yml:9: a number of 5001 digits", id="budget-5001-digits"),
    pytest.param(patch(SURVEY, "score: 10", "score: " + "9" * 40), "content/acme/surveys/2026-03-05-nps.yml:5: a number of 40 digits",
                 id="score-40-digits"),
    pytest.param(patch(SURVEY, "score: 10", "score: true"), "content/acme/surveys/2026-03-05-nps.yml:5: 'responses.0.score': Input should be a valid integer",
                 id="score-true"),
    pytest.param(patch(SURVEY, "score: 10", "score: '9'"), "content/acme/surveys/2026-03-05-nps.yml:5: 'responses.0.score': Input should be a valid integer",
                 id="score-text"),
    pytest.param(patch(CAMPAIGN, "budget: 1000", 'budget: "1000"'), "campaigns/acme/spring/campaign.yml:9: 'budget': Input should be a valid number",
                 id="budget-text"),
    pytest.param(patch(CLIENT, "monthly: 10000", "monthly: yes"), "campaigns/acme/client.yml:6: 'fee.monthly': Input should be a valid number",
                 id="fee-yes"),
    pytest.param(patch(CAMPAIGN, "revision_rounds: 2", "revision_rounds: true"),
                 "campaigns/acme/spring/campaign.yml:11: 'revision_rounds': Input should be a valid integer", id="rounds-true"),
    # --- dates: real, written YYYY-MM-DD, in 2000 to 2100
    pytest.param(patch(CAMPAIGN, "start: 2026-03-01", "start: 0026-03-01"),
                 "campaigns/acme/spring/campaign.yml:2: 'start': 0026-03-01 is outside the years 2000 to 2100", id="start-0026"),
    pytest.param(patch(CAMPAIGN, "end: 2026-03-10", "end: 2262-03-10"),
                 "campaigns/acme/spring/campaign.yml:3: 'end': 2262-03-10 is outside the years 2000 to 2100", id="end-2262"),
    pytest.param(patch(CAMPAIGN, "start: 2026-03-01", "start: 1757894400"),
                 "campaigns/acme/spring/campaign.yml:2: 'start': expected a real date as YYYY-MM-DD", id="start-unix-time"),
    pytest.param(patch(CAMPAIGN, "start: 2026-03-01", "start: '1757894400'"),
                 "campaigns/acme/spring/campaign.yml:2: 'start': expected a real date as YYYY-MM-DD", id="start-unix-time-text"),
    pytest.param(patch(NOTE, "    due: 2026-03-03", "    due: 9999-03-03"),
                 "content/acme/meetings/2026-03-02-check-in.md:19: 'actions.1.due': 9999-03-03 is outside the years", id="action-due-9999"),
    pytest.param(text("content/acme/meetings/2101-03-02-x.md", "---\ndate: 2101-03-02\ntype: weekly\n---\n"),
                 "content/acme/meetings/2101-03-02-x.md: file name must be <YYYY-MM-DD>-<slug> with a real date", id="note-2101"),
    pytest.param(text(METRICS, HEADER + "1999-12-31,search,1,1,1,1\n"),
                 "campaigns/acme/spring/metrics.csv:2: row 2: date '1999-12-31' is not a real date as YYYY-MM-DD in the years 2000 to 2100",
                 id="metrics-1999"),
    pytest.param(text(WORK, "date,person,role,hours,task\n0026-03-02,Ann,am,3,Call\n"),
                 "campaigns/acme/spring/work.csv:2: row 2: date '0026-03-02' is not a real date", id="work-0026"),
    pytest.param(text(DELIVERABLES, "name,due,delivered,revisions\nBanner,2206-03-05,,1\n"),
                 "campaigns/acme/spring/deliverables.csv:2: row 2: due '2206-03-05' is not a real date", id="deliverable-2206"),
    # --- metrics rows outside the campaign would become the report date
    pytest.param(text(METRICS, HEADER + "2026-03-01,search,1,1,1,1\n2062-03-01,search,1,1,1,1\n"),
                 "campaigns/acme/spring/metrics.csv:3: row 3: date 2062-03-01 is outside the campaign (2026-03-01 to 2026-03-10)",
                 id="metrics-row-2062"),
    pytest.param(text(METRICS, HEADER + "2026-02-27,search,1,1,1,1\n2026-02-28,search,1,1,1,1\n2026-03-01,search,1,1,1,1\n"),
                 "campaigns/acme/spring/metrics.csv:2: row 2: date 2026-02-27 is outside the campaign (2026-03-01 to 2026-03-10), "
                 "and so are 1 more row(s)", id="metrics-rows-before-start"),
    # --- client.yml
    pytest.param(text(CLIENT, GOOD_CLIENT + "colour: red\n"), "campaigns/acme/client.yml:5: unknown key 'colour'", id="unknown-key"),
    pytest.param(patch(CLIENT, "language: en", "language: fr"),
                 "campaigns/acme/client.yml:2: 'language': Input should be 'en', 'ru', 'ko' or 'zh'", id="bad-language"),
    pytest.param(patch(CLIENT, "currency: USD", "currency: XYZ"),
                 "campaigns/acme/client.yml:3: 'currency': 'XYZ' is not an ISO 4217 currency code", id="bad-currency"),
    pytest.param(text(CLIENT, "name: A\nlanguage: en\ncurrency: USD\n"),
                 "campaigns/acme/client.yml:1: missing required key 'account_manager'", id="missing-key"),
    pytest.param(patch(CLIENT, "  full_at: 50", "  full_at: 0"),
                 "campaigns/acme/client.yml:10: fee.full_at must be greater than fee.zero_at", id="fee-range"),
    pytest.param(text(CLIENT, GOOD_CLIENT + "brand:\n  logo: ../../../outside.svg\n"),
                 "campaigns/acme/client.yml:6: logo '../../../outside.svg' is outside the client folder", id="logo-escapes"),
    pytest.param(text(CLIENT, GOOD_CLIENT + "brand:\n  logo: missing.svg\n"),
                 "campaigns/acme/client.yml:6: logo file 'missing.svg' not found beside client.yml", id="logo-missing"),
    pytest.param(both(text(CLIENT, GOOD_CLIENT + "brand:\n  logo: logo.svg\n"), text("campaigns/acme/logo.svg", "<svg/>"),
                      huge("campaigns/acme/logo.svg", 50)),
                 "campaigns/acme/logo.svg: file is 50.0 MB, over the 1 MB limit", id="logo-50-mb"),
    pytest.param(both(text(CLIENT, GOOD_CLIENT + "brand:\n  logo: logo.png\n"), text("campaigns/acme/logo.png", "<svg onload=alert(1)>")),
                 "campaigns/acme/logo.png: the logo is not a PNG image", id="logo-png-that-is-not"),
    pytest.param(both(text(CLIENT, GOOD_CLIENT + "brand:\n  logo: logo.svg\n"), text("campaigns/acme/logo.svg",
                      '<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><svg xmlns="http://www.w3.org/2000/svg">&b;</svg>')),
                 "campaigns/acme/logo.svg: the SVG declares a DOCTYPE or entities", id="logo-entity-bomb"),
    pytest.param(both(text(CLIENT, GOOD_CLIENT + "brand:\n  logo: logo.svg\n"), text("campaigns/acme/logo.svg", "<svg><g></svg>")),
                 "campaigns/acme/logo.svg: the logo is not valid SVG (line 1", id="logo-not-xml"),
    pytest.param(both(text(CLIENT, GOOD_CLIENT + "brand:\n  logo: logo.svg\n"),
                      text("campaigns/acme/logo.svg", '<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>')),
                 "campaigns/acme/logo.svg: the logo's outermost element is not an SVG <svg> element", id="logo-html"),
    pytest.param(both(text(CLIENT, GOOD_CLIENT + "brand:\n  logo: logo.svg\n"),
                      text("campaigns/acme/logo.svg", '<svg xmlns="http://www.w3.org/2000/svg">' + "<g>" * 100 + "</g>" * 100 + "</svg>")),
                 "campaigns/acme/logo.svg: the SVG is nested more than 64 levels deep", id="logo-deep"),
    pytest.param(text(CLIENT, GOOD_CLIENT + "brand:\n  color: red\n"),
                 "campaigns/acme/client.yml:6: 'brand.color': String should match pattern", id="brand-colour"),
    # --- folder and file names
    pytest.param(text("campaigns/Acme2/client.yml", GOOD_CLIENT),
                 "campaigns/Acme2: 'Acme2' is not a valid name: use lower-case letters", id="slug-capitals"),
    pytest.param(text("campaigns/acme/spring..x/campaign.yml", "x: 1\n"),
                 "campaigns/acme/spring..x: 'spring..x' is not a valid name", id="slug-dots"),
    pytest.param(text("campaigns/" + "a" * 250 + "/client.yml", GOOD_CLIENT),
                 "campaigns/" + "a" * 250 + ": 'aaaaaaaaaaaaaaaaaaaa...' is 250 characters long: a name has at most 64", id="slug-250"),
    pytest.param(text("campaigns/acme/" + "b" * 65 + "/campaign.yml", "x: 1\n"),
                 "campaigns/acme/" + "b" * 65 + ": 'bbbbbbbbbbbbbbbbbbbb...' is 65 characters long", id="campaign-slug-65"),
    pytest.param(text("content/acme/meetings/2026-03-04-" + "c" * 200 + ".md", "---\ndate: 2026-03-04\ntype: weekly\n---\n"),
                 "content/acme/meetings/2026-03-04-" + "c" * 200 + ".md: the name after the date is 200 characters long", id="note-slug-200"),
    pytest.param(patch(CAMPAIGN, "id: cpa", "id: " + "k" * 70), "campaigns/acme/spring/campaign.yml:17: 'kpis.1.id': String should have at most 64",
                 id="kpi-id-70"),
    pytest.param(patch(NOTE, "tags: [channels]", "tags: [" + "t" * 65 + "]"),
                 "content/acme/meetings/2026-03-02-check-in.md:22: 'lessons.0.tags.0': String should have at most 64", id="tag-65"),
    pytest.param(text("campaigns/globex\n/client.yml", GOOD_CLIENT),
                 "campaigns/globex\n: 'globex\\n' is not a valid name", id="slug-trailing-newline"),
    pytest.param(text("campaigns/acme/spring\n/campaign.yml", "x: 1\n"),
                 "campaigns/acme/spring\n: 'spring\\n' is not a valid name", id="campaign-slug-trailing-newline"),
    pytest.param(text("campaigns/internal/client.yml", GOOD_CLIENT),
                 "campaigns/internal: 'internal' is reserved", id="slug-reserved"),
    pytest.param(text("campaigns/lessons/client.yml", GOOD_CLIENT),
                 "campaigns/lessons: 'lessons' is reserved (the internal portfolio writes its 'lessons' pages there)",
                 id="slug-portfolio-folder"),
    pytest.param(text("campaigns/lessons-2/client.yml", GOOD_CLIENT),
                 "campaigns/lessons-2: 'lessons-2' is reserved", id="slug-portfolio-group-folder"),
    pytest.param(text("content/initech/meetings/2026-03-02-x.md", "---\ndate: 2026-03-02\ntype: weekly\n---\n"),
                 "content/initech: no client 'initech'", id="content-without-client"),
    pytest.param(text("content/acme/meetings/notes.txt", "hello\n"),
                 "content/acme/meetings/notes.txt: unexpected file: expected only .md files here", id="stray-file"),
    pytest.param(text("content/acme/meetings/2026-02-30-kickoff.md", "---\ndate: 2026-02-30\ntype: weekly\n---\n"),
                 "content/acme/meetings/2026-02-30-kickoff.md: file name must be <YYYY-MM-DD>-<slug>", id="note-name-date"),
    pytest.param(symlink(NOTE, lambda root: root.parent / "elsewhere" / "note.md"),
                 "content/acme/meetings/2026-03-02-check-in.md: points outside the source folder", id="symlink-note"),
    pytest.param(symlink(METRICS, lambda root: root.parent / "elsewhere" / "metrics.csv"),
                 "campaigns/acme/spring/metrics.csv: points outside the source folder", id="symlink-csv"),
    # --- symlinks: every file of a client's site resolves inside that client's own folders
    pytest.param(link("campaigns/acme/stolen", "campaigns/globex/spring", folder=True),
                 "campaigns/acme/stolen: is a symlink to campaigns/globex/spring" + CROSSES, id="symlink-campaign-of-another-client"),
    pytest.param(link("content/acme/meetings/2026-03-04-stolen.md", "content/globex/meetings/2026-03-03-post-mortem.md"),
                 "content/acme/meetings/2026-03-04-stolen.md: is a symlink to content/globex/meetings/2026-03-03-post-mortem.md"
                 + CROSSES, id="symlink-note-of-another-client"),
    pytest.param(link("content/acme/surveys/2026-03-06-nps.yml", "content/globex/surveys/2026-03-05-nps.yml"),
                 "content/acme/surveys/2026-03-06-nps.yml: is a symlink to content/globex/surveys/2026-03-05-nps.yml",
                 id="symlink-survey-of-another-client"),
    pytest.param(link(METRICS, "campaigns/globex/spring/metrics.csv"),
                 "campaigns/acme/spring/metrics.csv: is a symlink to campaigns/globex/spring/metrics.csv", id="symlink-csv-of-another-client"),
    pytest.param(link(WORK, "campaigns/globex/spring/work.csv"),
                 "campaigns/acme/spring/work.csv: is a symlink to campaigns/globex/spring/work.csv", id="symlink-work-of-another-client"),
    pytest.param(both(text("campaigns/globex/logo.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>"),
                      link("campaigns/acme/logo.svg", "campaigns/globex/logo.svg"),
                      text(CLIENT, GOOD_CLIENT + "brand:\n  logo: logo.svg\n")),
                 "campaigns/acme/logo.svg: is a symlink to campaigns/globex/logo.svg", id="symlink-logo-of-another-client"),
    pytest.param(link("content/acme/meetings", "content/globex/meetings", folder=True),
                 "content/acme/meetings: is a symlink to content/globex/meetings" + CROSSES, id="symlink-notes-folder"),
    pytest.param(link("campaigns/initech", "campaigns/acme", folder=True),
                 "campaigns/initech: is a symlink to campaigns/acme, outside campaigns/initech/ and content/initech/",
                 id="symlink-client-folder"),
    pytest.param(link("content/acme", "content/globex", folder=True),
                 "content/acme: is a symlink to content/globex" + CROSSES, id="symlink-content-folder"),
    pytest.param(link("content/acme/meetings/2026-03-04-x.md", "shared/2026-03-04-x.md"),
                 "content/acme/meetings/2026-03-04-x.md: is a symlink to shared/2026-03-04-x.md" + CROSSES, id="symlink-elsewhere-in-tree"),
    pytest.param(link(CAMPAIGN, "campaigns/acme/../globex/spring/campaign.yml"),
                 "campaigns/acme/spring/campaign.yml: is a symlink to campaigns/globex/spring/campaign.yml", id="symlink-dot-dot"),
    pytest.param(lambda root: (root / "content/acme/meetings/2026-03-04-gone.md").symlink_to("nowhere.md"),
                 "content/acme/meetings/2026-03-04-gone.md: a symlink that leads nowhere", id="symlink-dangling-note"),
    pytest.param(lambda root: (root / "content/acme/meetings/2026-03-04-loop.md").symlink_to("2026-03-04-loop.md"),
                 "content/acme/meetings/2026-03-04-loop.md: a symlink that leads nowhere (or to itself)", id="symlink-loop"),
    pytest.param(lambda root: (root / "campaigns/acme/autumn").symlink_to("../gone", target_is_directory=True),
                 "campaigns/acme/autumn: a symlink that leads nowhere", id="symlink-dangling-campaign"),
    # --- campaign.yml
    pytest.param(patch(CAMPAIGN, "end: 2026-03-10", "end: 2026-02-01"),
                 "campaigns/acme/spring/campaign.yml:3: end 2026-02-01 is before start 2026-03-01", id="end-before-start"),
    pytest.param(patch(CAMPAIGN, "start: 2026-03-01", "start: 2026-02-30"),
                 "campaigns/acme/spring/campaign.yml:2: 'start': expected a real date as YYYY-MM-DD", id="impossible-start"),
    pytest.param(patch(CAMPAIGN, "budget: 1000", "budget: lots"),
                 "campaigns/acme/spring/campaign.yml:9: 'budget': Input should be a valid number", id="wrong-type"),
    pytest.param(patch(CAMPAIGN, "budget: 1000", "budget: -5"),
                 "campaigns/acme/spring/campaign.yml:9: 'budget': Input should be greater than or equal to 0", id="negative-budget"),
    pytest.param(patch(CAMPAIGN, "metric: conversions", "metric: orders"),
                 "campaigns/acme/spring/campaign.yml:15: KPI 'orders': metrics.csv has no column 'orders'", id="unknown-kpi-column"),
    pytest.param(patch(CAMPAIGN, "metric: conversions", "metric: conversions\n    ratio: [spend, clicks]"),
                 "campaigns/acme/spring/campaign.yml:13: KPI 'orders': give exactly one of", id="metric-and-ratio"),
    pytest.param(patch(CAMPAIGN, "id: cpa", "id: orders"),
                 "campaigns/acme/spring/campaign.yml:17: duplicate KPI id 'orders'", id="duplicate-kpi"),
    pytest.param(patch(CAMPAIGN, "target: 0.05", "target: 5"),
                 "campaigns/acme/spring/campaign.yml:26: KPI 'ctr': percent targets are fractions", id="percent-target"),
    pytest.param(patch(CAMPAIGN, "    target: 100\n", "    target: 100\n    plan: {2026-05: 10}\n"),
                 "campaigns/acme/spring/campaign.yml:17: KPI 'orders': plan month 2026-05 is outside the campaign", id="plan-outside"),
    pytest.param(patch(CAMPAIGN, "    better: lower", "    better: lowest"),
                 "campaigns/acme/spring/campaign.yml:21: 'kpis.1.better': Input should be 'higher' or 'lower'", id="bad-enum"),
    pytest.param(remove("campaigns/acme/spring/campaign.yml"),
                 "campaigns/acme/spring/campaign.yml: missing campaign.yml", id="missing-campaign-yml"),
    # --- metrics.csv and the other CSVs (line = the row's line in the file)
    pytest.param(text(METRICS, HEADER + "2026-03-01,search,1000,many,5,40\n"),
                 "campaigns/acme/spring/metrics.csv:2: row 2: 'clicks' is 'many', not a number", id="non-numeric-cell"),
    pytest.param(text(METRICS, HEADER + "2026-03-01,search,1000,50,5,40\n2026-03-02,search,1000,-4,5,40\n"),
                 "campaigns/acme/spring/metrics.csv:3: row 3: 'clicks' is negative (-4)", id="negative-cell"),
    pytest.param(text(METRICS, HEADER + "2026-03-01,search,1,1,1,1\n2026-03-01,search,1,1,1,1\n"),
                 "campaigns/acme/spring/metrics.csv:3: row 3: date 2026-03-01 for channel 'search' already given on row 2",
                 id="duplicate-date"),
    pytest.param(text(METRICS, HEADER + "2026-02-30,search,1,1,1,1\n"),
                 "campaigns/acme/spring/metrics.csv:2: row 2: date '2026-02-30' is not a real date", id="csv-impossible-date"),
    pytest.param(text(METRICS, HEADER + "2026-03-01,search,1,1,1\n"),
                 "campaigns/acme/spring/metrics.csv:2: row has 5 cells, the header has 6", id="short-row"),
    pytest.param(text(METRICS, "day,channel,clicks\n2026-03-01,search,1\n"),
                 "campaigns/acme/spring/metrics.csv:1: the first column must be 'date'", id="no-date-column"),
    pytest.param(text(METRICS, "date,channel,clicks,clicks,impressions,conversions,spend\n"),
                 "campaigns/acme/spring/metrics.csv:1: duplicate column names in the header", id="duplicate-column"),
    pytest.param(text(METRICS, HEADER + "2026-03-01,,1,1,1,1\n"),
                 "campaigns/acme/spring/metrics.csv:2: row 2: empty channel", id="empty-channel"),
    pytest.param(remove(METRICS), "campaigns/acme/spring/metrics.csv: missing metrics.csv", id="missing-metrics"),
    pytest.param(text(METRICS, HEADER + "2026-03-01,search,1000,\"1,5\",5,40\n"),
                 "campaigns/acme/spring/metrics.csv:2: row 2: 'clicks' is '1,5', not a number: write a point for decimals",
                 id="decimal-comma"),
    pytest.param(text(METRICS, HEADER + "2026-03-01,search,\"1,2,3\",1,5,40\n"),
                 "campaigns/acme/spring/metrics.csv:2: row 2: 'impressions' is '1,2,3', not a number", id="malformed-groups"),
    pytest.param(text(METRICS, HEADER + "2026-03-01,search,\"1.000,50\",1,5,40\n"),
                 "campaigns/acme/spring/metrics.csv:2: row 2: 'impressions' is '1.000,50', not a number", id="european-number"),
    pytest.param(text(METRICS, HEADER + "2026-03-01,search,\"12,3456\",1,5,40\n"),
                 "campaigns/acme/spring/metrics.csv:2: row 2: 'impressions' is '12,3456', not a number", id="group-of-four"),
    pytest.param(text(METRICS, HEADER + "2026-03-01,search," + "9" * 400 + ",1,5,40\n"),
                 "campaigns/acme/spring/metrics.csv:2: row 2: 'impressions' is '99999", id="400-digits"),
    pytest.param(text(METRICS, HEADER + "2026-03-01,search,²,1,5,40\n"),
                 "campaigns/acme/spring/metrics.csv:2: row 2: 'impressions' is '²', not a number", id="superscript-two"),
    pytest.param(text(METRICS, HEADER + "2026-03-01,search,\u0663,1,5,40\n"),
                 "campaigns/acme/spring/metrics.csv:2: row 2: 'impressions' is '\u0663', not a number", id="arabic-indic-digit"),
    pytest.param(text(WORK, "date,person,role,hours,task\n2026-03-02,Ann,am,\"1,5\",Call\n"),
                 "campaigns/acme/spring/work.csv:2: row 2: hours '1,5' must be a number of hours", id="work-decimal-comma"),
    pytest.param(text(DELIVERABLES, "name,due,delivered,revisions\nBanner,2026-03-05,,²\n"),
                 "campaigns/acme/spring/deliverables.csv:2: row 2: revisions '²' must be a whole number", id="revisions-superscript"),
    pytest.param(text(WORK, "date,who,hours\n"), "campaigns/acme/spring/work.csv:1: header must be 'date,person,role,hours,task'",
                 id="work-header"),
    pytest.param(text(WORK, "date,person,role,hours,task\n2026-03-02,Ann,am,-3,Call\n"),
                 "campaigns/acme/spring/work.csv:2: row 2: hours '-3' must be a number of hours, 0 or more", id="work-hours"),
    pytest.param(text(DELIVERABLES, "name,due,delivered,revisions\nBanner,2026-03-05,,two\n"),
                 "campaigns/acme/spring/deliverables.csv:2: row 2: revisions 'two' must be a whole number", id="deliverable-revisions"),
    # --- meeting notes
    pytest.param(patch(NOTE, "date: 2026-03-02", "date: 2026-02-30"),
                 "content/acme/meetings/2026-03-02-check-in.md:2: 'date': expected a real date as YYYY-MM-DD", id="impossible-date"),
    pytest.param(patch(NOTE, "date: 2026-03-02", "date: 2026-03-01"),
                 "content/acme/meetings/2026-03-02-check-in.md:2: date 2026-03-01 differs from the date in the file name",
                 id="date-not-file-name"),
    pytest.param(patch(NOTE, "campaign: spring", "campaign: autumn"),
                 "content/acme/meetings/2026-03-02-check-in.md:4: no campaign 'autumn' for client 'acme'", id="unknown-campaign"),
    pytest.param(patch(NOTE, "type: check-in", "type: standup"),
                 "content/acme/meetings/2026-03-02-check-in.md:3: 'type': Input should be", id="unknown-type"),
    pytest.param(patch(NOTE, "  tracking:", "  tracker:"),
                 "content/acme/meetings/2026-03-02-check-in.md:7: unknown answer key 'tracker'", id="unknown-answer-key"),
    pytest.param(patch(NOTE, "    due: 2026-03-03", "    due: 2026-03-01"),
                 "content/acme/meetings/2026-03-02-check-in.md:19: action 'a2': due 2026-03-01 is before the meeting",
                 id="action-due-before"),
    pytest.param(patch(NOTE, "  - id: a2", "  - id: a1"),
                 "content/acme/meetings/2026-03-02-check-in.md:16: duplicate action id 'a1'", id="duplicate-action-in-note"),
    pytest.param(text("content/acme/meetings/2026-03-04-weekly.md",
                      "---\ndate: 2026-03-04\ntype: weekly\nactions:\n  - {id: a1, text: Again, owner: Ann, due: 2026-03-09}\n---\n"),
                 "content/acme/meetings/2026-03-04-weekly.md:5: duplicate action id 'a1' (first used in "
                 "content/acme/meetings/2026-03-02-check-in.md)", id="duplicate-action-across-notes"),
    pytest.param(patch(NOTE, "attendees:", "attendes:"),
                 "content/acme/meetings/2026-03-02-check-in.md:5: unknown key 'attendes'", id="note-unknown-key"),
    pytest.param(text(NOTE, "date: 2026-03-02\ntype: weekly\n"),
                 "content/acme/meetings/2026-03-02-check-in.md:1: a note starts with YAML front matter", id="no-front-matter"),
    pytest.param(text(NOTE, "---\ndate: 2026-03-02\ntype: weekly\n"),
                 "content/acme/meetings/2026-03-02-check-in.md:1: front matter is not closed", id="front-matter-open"),
    pytest.param(patch(NOTE, "    tags: [channels]", "    tags: [Channels!]"),
                 "content/acme/meetings/2026-03-02-check-in.md:22: 'lessons.0.tags.0': String should match pattern",
                 id="bad-tag"),
    # --- surveys
    pytest.param(patch(SURVEY, "kind: nps", "kind: ces"), "content/acme/surveys/2026-03-05-nps.yml:2: 'kind' must be 'nps' or 'csi'",
                 id="survey-kind"),
    pytest.param(patch(SURVEY, "score: 10", "score: 11"),
                 "content/acme/surveys/2026-03-05-nps.yml:5: 'responses.0.score': Input should be less than or equal to 10",
                 id="nps-score"),
    pytest.param(text(SURVEY, "date: 2026-03-05\nkind: csi\nresponses:\n  - respondent: R1\n    ratings: {speed: [6, 3]}\n"),
                 "content/acme/surveys/2026-03-05-nps.yml:5: 'responses.0.ratings.speed.0': Input should be less than or equal to 5",
                 id="csi-rating"),
]


@pytest.mark.parametrize("edit, expected", CASES)
def test_bad_input_names_file_and_line(agency, edit, expected):
    edit(agency)
    with pytest.raises(InvalidSource) as caught:
        pipeline.load(agency)
    lines = [str(p) for p in caught.value.problems]
    assert any(line.startswith(expected) for line in lines), lines


def test_a_csv_row_with_two_mistakes_names_both(agency):
    """A row is checked by its model like a YAML file: every cell's mistake, each with its column, in one run."""
    write(agency, "campaigns/acme/spring/deliverables.csv", "name,due,delivered,revisions\nBanner,2026-03-32,soon,two\n")
    with pytest.raises(InvalidSource) as caught:
        pipeline.load(agency)
    assert [str(p) for p in caught.value.problems if p.path.endswith("deliverables.csv")] == [
        "campaigns/acme/spring/deliverables.csv:2: row 2: delivered 'soon' is not a date (leave it empty if not delivered yet)",
        "campaigns/acme/spring/deliverables.csv:2: row 2: due '2026-03-32' is not a real date as YYYY-MM-DD in the years 2000 to 2100",
        "campaigns/acme/spring/deliverables.csv:2: row 2: revisions 'two' must be a whole number, 0 or more",
    ]


def test_cli_reports_every_error_at_once_with_exit_1(agency):
    write(agency, CLIENT, "name: A\nlanguage: fr\ncurrency: USD\naccount_manager: X\n")
    write(agency, "campaigns/globex/spring/metrics.csv", "date,channel,clicks\n2026-03-01,search,-4\n")
    write(agency, "content/globex/meetings/2026-03-02-check-in.md", "---\ndate: 2026-03-02\ntype: nope\n---\n")
    result = CliRunner().invoke(main, ["validate", "--source", str(agency)])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if line.startswith(("campaigns/", "content/"))]
    assert {line.split(":")[0] for line in errors} >= {
        "campaigns/acme/client.yml", "campaigns/globex/spring/metrics.csv", "content/globex/meetings/2026-03-02-check-in.md",
    }
    assert f"{len(errors)} error(s)" in result.output


def test_warning_is_fatal_only_when_strict(agency):
    write(agency, "content/acme/surveys/2026-03-05-nps.yml",
          "date: 2026-03-05\nkind: nps\nconducted_by: Ann Manager\nresponses:\n  - {respondent: R1, score: 9}\n  - {respondent: R2, score: 9}\n")
    loaded = pipeline.load(agency)
    assert any("account manager" in p.message for p in loaded.warnings)
    with pytest.raises(InvalidSource):
        pipeline.load(agency, strict=True)


@pytest.mark.parametrize("edit, warning", [
    pytest.param(text(SURVEY, "date: 2026-03-05\nkind: nps\nresponses:\n  - {respondent: R1, score: 9}\n"),
                 "content/acme/surveys/2026-03-05-nps.yml:3: only one response", id="one-response"),
    pytest.param(text(METRICS, HEADER + "2026-03-01,search,1000,50,,40\n"),
                 "campaigns/acme/spring/campaign.yml:13: KPI 'orders' has no data yet", id="kpi-without-data"),
    pytest.param(text("content/acme/meeting/2026-03-04-weekly.md", "---\ndate: 2026-03-04\ntype: weekly\n---\n"),
                 "content/acme/meeting: unknown folder, not read: did you mean meetings/?", id="folder-meeting"),
    pytest.param(text("content/acme/survey/2026-03-04-nps.yml", "date: 2026-03-04\n"),
                 "content/acme/survey: unknown folder, not read: did you mean surveys/?", id="folder-survey"),
    pytest.param(text("campaigns/acme/spring/metric.csv", HEADER),
                 "campaigns/acme/spring/metric.csv: unknown file, not read: did you mean metrics.csv?", id="file-metric-csv"),
    pytest.param(text("campaigns/acme/spring/Work.csv", "date,person,role,hours,task\n"),
                 "campaigns/acme/spring/Work.csv: unknown file, not read: did you mean work.csv?", id="file-work-capital"),
    pytest.param(text("campaigns/acme/client.yaml", GOOD_CLIENT),
                 "campaigns/acme/client.yaml: unknown file, not read: did you mean client.yml?", id="file-client-yaml"),
    pytest.param(text("content/acme/notes.md", "notes\n"),
                 "content/acme/notes.md: unknown file, not read: no file is read here", id="file-in-content-client"),
    pytest.param(text("content/acme/meetings/2026/2026-03-04-weekly.md", "---\ndate: 2026-03-04\ntype: weekly\n---\n"),
                 "content/acme/meetings/2026: unknown folder, not read: no folder is read here", id="folder-in-meetings"),
    pytest.param(patch(CAMPAIGN, "    target: 100\n", "    target: 100\n    plan: {2026-03: 1000}\n"),
                 "campaigns/acme/spring/campaign.yml:17: KPI 'orders': the monthly plan adds up to 1000, far above the target of 100",
                 id="plan-above-target"),
    pytest.param(both(text(CLIENT, GOOD_CLIENT + "brand:\n  logo: logo.svg\n"), text("campaigns/acme/logo.svg",
                      '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script><path d="M0 0h1v1z"/></svg>')),
                 "campaigns/acme/logo.svg: left out of the published logo, as a logo only draws: the attribute onload, "
                 "the element <script>", id="logo-with-script"),
])
def test_suspicious_input_warns_and_strict_makes_it_fatal(agency, edit, warning):
    edit(agency)
    relaxed = CliRunner().invoke(main, ["validate", "--source", str(agency)])
    assert relaxed.exit_code == 0, relaxed.output
    assert f"warning: {warning}" in relaxed.output
    strict = CliRunner().invoke(main, ["validate", "--source", str(agency), "--strict"])
    assert strict.exit_code == 1
    assert any(line.startswith(warning) for line in strict.output.splitlines())


# --- property: whatever the bytes, the answer is a list of problems, never a traceback ---------

TARGETS = [CLIENT, CAMPAIGN, NOTE, SURVEY, METRICS, WORK, DELIVERABLES]
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30),
    st.dates().map(str), st.sampled_from(["2026-02-30", "2026-03-05", "-1", "1e400", ".nan", "~", "[", "{", "'", "&a", "*a", "!!binary x"]),
)
YAML_VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
                           max_leaves=12)
CELLS = st.one_of(st.text(max_size=12), st.sampled_from(["", "-1", "1,000", "2026-03-01", "2026-02-30", "1e9", "NaN", "inf", "search", '"']))


@st.composite
def mutated(draw, original: str) -> str:
    """The fixture file with random lines changed: deep enough to reach every rule."""
    lines = original.splitlines()
    for _ in range(draw(st.integers(1, 3))):
        index = draw(st.integers(0, max(len(lines) - 1, 0)))
        line = lines[index] if lines else ""
        choice = draw(st.integers(0, 3))
        if choice == 0 and ":" in line:
            key = line.split(":", 1)[0]
            value = yaml.safe_dump(draw(YAML_VALUES), default_flow_style=True, allow_unicode=True).strip().removesuffix("...").strip()
            lines[index] = f"{key}: {value}"
        elif choice == 1 and "," in line:
            cells = next(csv.reader(io.StringIO(line)), [""])  # an earlier change may have put a line break in it
            cells[draw(st.integers(0, len(cells) - 1))] = draw(CELLS)
            out = io.StringIO()
            csv.writer(out, lineterminator="").writerow(cells)
            lines[index] = out.getvalue()
        elif choice == 2:
            lines.insert(index, draw(st.text(max_size=40)))
        elif lines:
            del lines[index]
    return "\n".join(lines) + "\n"


def random_file(relative: str, original: str) -> st.SearchStrategy[bytes]:
    structured = YAML_VALUES.map(lambda v: yaml.safe_dump(v, allow_unicode=True))
    if relative.endswith(".csv"):
        structured = st.lists(st.lists(CELLS, min_size=1, max_size=7), max_size=6).map(csv_text)
    elif relative.endswith(".md"):
        structured = structured.map(lambda front: f"---\n{front}---\nBody\n")
    return st.one_of(mutated(original), structured, st.text(max_size=200)).map(lambda s: s.encode("utf-8")) | st.binary(max_size=200)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_agency(tmp_path_factory.mktemp("property") / "agency")
    write(root, WORK, "date,person,role,hours,task\n2026-03-02,Ann,am,3,Call\n")
    write(root, DELIVERABLES, "name,due,delivered,revisions\nBanner,2026-03-05,,1\n")
    return root


@pytest.mark.parametrize("relative", TARGETS)
@settings(max_examples=30, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_files_never_raise_a_traceback(pristine, relative, data):
    path = pristine / relative
    original = path.read_bytes()
    content = data.draw(random_file(relative, original.decode("utf-8")))
    try:
        path.write_bytes(content)
        try:
            pipeline.load(pristine)
        except InvalidSource as exc:
            assert exc.problems and all(p.path and p.message for p in exc.problems)
    finally:
        path.write_bytes(original)


@settings(max_examples=15, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=random_file(CAMPAIGN, "name: x\n"))
def test_cli_validate_exits_cleanly_on_random_input(pristine, content):
    path = pristine / CAMPAIGN
    original = path.read_bytes()
    try:
        path.write_bytes(content)
        result = CliRunner().invoke(main, ["validate", "--source", str(pristine)])
        assert result.exit_code in (0, 1), result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    finally:
        path.write_bytes(original)

