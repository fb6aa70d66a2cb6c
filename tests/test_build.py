"""Real MkDocs builds of the small agency: what each site shows, and what it must never show."""

from __future__ import annotations

import json
import os
import shutil
import re

import pytest

from generator import pipeline
from generator.problems import InvalidSource
from tests.support.agency import write
from tests.support.git import git
from tests.support.pages import file_hashes, html, site_text


def test_every_site_is_built(built):
    for site in ("acme", "globex", "internal", "internal/acme", "internal/globex"):
        assert (built / site / "index.html").is_file(), site
        assert (built / site / "search" / "search_index.json").is_file(), site


def test_two_outputs_in_one_folder_keep_their_own_work_folders(agency):
    """A preview beside the published site must not wipe, or be built from, the site's work folders."""
    pipeline.build(agency, agency / "site", only=("acme",))
    config = agency / ".debrief-work" / "site" / "acme" / "mkdocs.yml"
    before = config.read_bytes()
    write(agency, "content/acme/meetings/2026-03-04-weekly.md", "---\ndate: 2026-03-04\ntype: weekly\n---\nPreview only.\n")
    pipeline.build(agency, agency / "preview", only=("acme",))
    assert config.read_bytes() == before
    assert (agency / ".debrief-work" / "preview" / "acme" / "docs" / "meetings" / "2026-03-04-weekly.md").is_file()
    assert "Preview only." in (agency / "preview" / "acme" / "meetings" / "2026-03-04-weekly.html").read_text("utf-8")
    assert not (agency / "site" / "acme" / "meetings" / "2026-03-04-weekly.html").exists()


def test_campaign_page_shows_kpi_numbers(built):
    """Each figure in its row, so a wrong figure fails (a bare "50" is on the page anyway)."""
    text = " ".join(re.sub(r"<[^>]+>", " ", html(built, "acme/campaigns/spring.html")).split())
    assert "Orders 100 50 50 100% 100 ✓ On track" in text  # target, actual, expected by now, pace, projected
    assert "Cost per order (lower is better) $10.00 $8.00 $10.00 125% $8.00 ✓ On track" in text
    assert "Click-through rate 5.00% 5.00% 5.00% 100% 5.00% ✓ On track" in text
    assert 'class="debrief-chart"' in html(built, "acme/campaigns/spring.html")


def test_each_page_model_is_written_as_json_beside_its_markdown_and_not_published(built):
    work = built.parent / ".debrief-work" / built.name / "acme"
    assert (work / "docs" / "campaigns" / "spring.md").is_file()
    model = json.loads((work / "models" / "campaigns" / "spring.json").read_text(encoding="utf-8"))
    orders = model["summary"]["report"]["kpis"][0]
    assert (orders["kpi"]["id"], orders["actual"], orders["projected"], orders["status"]) == ("orders", 50.0, 100.0, "on-track")
    assert (work / "models" / "reports" / "2026-w10.json").is_file() and (work / "models" / "index.json").is_file()
    published = [p.name for p in (built / "acme").rglob("*.json")]
    assert published == ["search_index.json"]


def test_meeting_page_has_answers_decisions_actions_and_notes(built):
    page = html(built, "acme/meetings/2026-03-02-check-in.html")
    assert "How is the campaign tracking against the metrics defined earlier?" in page
    assert "Orders are on plan." in page
    assert "Shift budget to search" in page
    assert "Send the new banner" in page
    assert "<strong>Search</strong> is doing well." in page


@pytest.mark.parametrize("marker", ["Our margin is thin", "Internal note body", "Quote more hours for approvals", "Internal view only"])
def test_internal_notes_absent_from_client_sites_and_present_internally(built, marker):
    assert marker not in site_text(built / "acme")
    assert marker not in site_text(built / "globex")
    assert marker in site_text(built / "internal" / "acme")


def test_client_site_holds_only_its_own_client(built):
    assert "Globex Corp" not in site_text(built / "acme")
    assert "Acme Widgets" not in site_text(built / "globex")


def test_portfolio_links_every_client(built):
    page = html(built, "internal/index.html")
    assert 'href="acme/index.html"' in page and 'href="globex/index.html"' in page


def test_build_with_errors_writes_nothing_and_keeps_previous_output(agency):
    out = agency / "site"
    pipeline.build(agency, out)
    before = file_hashes(out)
    write(agency, "campaigns/acme/spring/metrics.csv", "date,channel,clicks\n2026-03-01,search,many\n")
    with pytest.raises(InvalidSource):
        pipeline.build(agency, out)
    assert file_hashes(out) == before
    assert not list(agency.glob(".site.building-*"))


def test_building_one_client_keeps_the_others(agency):
    out = agency / "site"
    pipeline.build(agency, out)
    pipeline.build(agency, out, only=("acme",))
    assert (out / "globex" / "index.html").is_file()
    assert (out / "internal" / "globex" / "index.html").is_file()


def test_git_runs_once_a_build(agency, tmp_path, monkeypatch):
    """The history is read once, for the fingerprints and for the pages' dates alike."""
    git(agency, "init", "-q")
    git(agency, "add", ".")
    git(agency, "commit", "-q", "-m", "notes", date="2026-03-02T10:00:00")
    real_git = shutil.which("git")
    log = tmp_path / "git-calls"
    wrapper = tmp_path / "bin" / "git"
    wrapper.parent.mkdir()
    wrapper.write_text(f'#!/bin/sh\necho "$@" >> {log}\nexec {real_git} "$@"\n')
    wrapper.chmod(0o755)
    monkeypatch.setenv("PATH", f"{wrapper.parent}{os.pathsep}{os.environ['PATH']}")
    pipeline.build(agency, tmp_path / "site")
    assert log.read_text().count("\n") == 1  # one call (its arguments hold a record separator: not splitlines)
    assert "Note first written Mar 2, 2026" in html(tmp_path / "site", "acme/meetings/2026-03-02-check-in.html")
