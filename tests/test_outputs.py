"""Output folders: Debrief replaces only an output it wrote itself, and never deletes a file of the user's.

Every refusal is a usage error (exit 2) that says why, and afterwards every file
in the test's folder — the agency, the user's own files beside it — is byte for
byte what it was.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import pipeline
from generator.cli import main
from generator.outputs import MANIFEST_NAME
from tests.agency import metrics_csv, write

PROJECT = Path(__file__).resolve().parent.parent


def every_file(folder: Path) -> dict[str, str]:
    """Each file (hidden ones too) and symlink under ``folder`` with a hash of its bytes."""
    return {
        p.relative_to(folder).as_posix(): "link" if p.is_symlink() else hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file() or p.is_symlink()
    }


@pytest.fixture
def desk(agency: Path) -> Path:
    """The folder holding the agency, with the user's own files beside and inside it."""
    write(agency, "notes.txt", "my own notes\n")
    write(agency.parent, "mine/budget.xlsx", "a spreadsheet of the user's\n")
    write(agency.parent, "mine/.hidden", "a hidden file too\n")
    return agency.parent


def build(agency: Path, out: Path | str, *extra: str):
    return CliRunner().invoke(main, ["build", "--source", str(agency), "--out", str(out), "-q", *extra])


def dead_pid() -> int:
    """The id of a process that has ended."""
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


REFUSED = [
    pytest.param(lambda desk: desk / "agency", "is the agency folder itself", id="the-source"),
    pytest.param(lambda desk: desk / "agency" / ".", "is the agency folder itself", id="the-source-dot"),
    pytest.param(lambda desk: desk, "holds the agency folder", id="holds-the-source"),
    pytest.param(lambda desk: desk / "agency" / "..", "holds the agency folder", id="holds-the-source-dot-dot"),
    pytest.param(lambda desk: desk / "agency" / "campaigns", "lies inside campaigns/", id="campaigns"),
    pytest.param(lambda desk: desk / "agency" / "campaigns" / "acme" / "new", "lies inside campaigns/", id="new-folder-in-campaigns"),
    pytest.param(lambda desk: desk / "agency" / "content" / "acme" / "meetings", "lies inside content/", id="content-meetings"),
    pytest.param(lambda desk: desk / "agency" / "content", "lies inside content/", id="content"),
    pytest.param(lambda desk: desk / "mine", "already holds files Debrief did not write (.hidden, budget.xlsx)", id="users-folder"),
    pytest.param(lambda desk: PROJECT / "theme" / "new", "Debrief's theme", id="inside-the-theme"),
    pytest.param(lambda desk: PROJECT / "generator" / "new", "Debrief's generator", id="inside-the-generator"),
]


@pytest.mark.parametrize("out, reason", REFUSED)
def test_build_refuses_an_output_that_is_not_its_own(desk, out, reason):
    before = every_file(desk)
    result = build(desk / "agency", out(desk))
    assert result.exit_code == 2, result.output
    assert reason in result.output and "Nothing was written." in result.output
    assert every_file(desk) == before
    assert not (PROJECT / "theme" / "new").exists() and not (PROJECT / "generator" / "new").exists()


def test_a_folder_with_a_manifest_of_another_kind_is_not_a_site_output(desk):
    write(desk, "mine/" + MANIFEST_NAME, json.dumps({"version": 1, "kind": "pdf", "files": ["budget.xlsx", ".hidden"]}))
    before = every_file(desk)
    assert build(desk / "agency", desk / "mine").exit_code == 2
    assert every_file(desk) == before


def test_a_file_is_not_an_output_folder(desk):
    result = build(desk / "agency", desk / "agency" / "notes.txt")
    assert result.exit_code == 2
    assert "is a file" in result.output
    assert (desk / "agency" / "notes.txt").read_text() == "my own notes\n"


def test_an_output_of_its_own_is_replaced_and_an_empty_folder_is_used(desk):
    out = desk / "agency" / "site"
    out.mkdir()
    assert build(desk / "agency", out).exit_code == 0
    assert (out / "acme" / "index.html").is_file()
    write(desk / "agency", "campaigns/acme/spring/metrics.csv", metrics_csv(days=3))
    assert build(desk / "agency", out).exit_code == 0
    assert (desk / "agency" / "notes.txt").is_file() and (desk / "mine" / "budget.xlsx").is_file()


@pytest.mark.parametrize("added", ["CNAME", ".nojekyll", "acme-old/index.html"])
def test_a_file_of_the_users_inside_an_output_is_never_deleted(desk, added):
    """A file copied into a built output would go with the next swap: the build refuses instead."""
    out = desk / "agency" / "site"
    assert build(desk / "agency", out).exit_code == 0
    write(out, added, "the user's\n")
    before = every_file(desk)
    result = build(desk / "agency", out, "--force")
    assert result.exit_code == 2, result.output
    assert f"holds files Debrief did not write beside its own ({added.split('/')[0]})" in result.output
    assert every_file(desk) == before


def test_inside_a_built_output_is_not_an_output(desk):
    out = desk / "agency" / "site"
    assert build(desk / "agency", out).exit_code == 0
    before = every_file(desk)
    assert build(desk / "agency", out / "acme").exit_code == 2
    assert every_file(desk) == before


def test_a_work_folder_holding_the_users_files_is_not_emptied(desk):
    out = desk / "agency" / "site"
    assert build(desk / "agency", out).exit_code == 0
    draft = write(desk / "agency", ".debrief-work/site/acme/drafts.md", "the user's draft\n")
    before = every_file(out)
    for jobs in ("1", "2"):
        result = build(desk / "agency", out, "--force", "-j", jobs)
        assert result.exit_code == 2, result.output
        assert "holds files Debrief did not write (drafts.md)" in result.output
    assert every_file(out) == before
    assert draft.read_text() == "the user's draft\n"


def test_a_source_inside_the_work_folder_is_refused(tmp_path):
    """The work folder of ``OUT`` is ``.debrief-work/<OUT's name>/`` beside it: it must not be the agency."""
    from tests.agency import make_agency

    agency = make_agency(tmp_path / ".debrief-work" / "site")
    before = every_file(tmp_path)
    result = build(agency, tmp_path / "site")
    assert result.exit_code == 2, result.output
    assert "the work folder" in result.output and "is the agency folder itself" in result.output
    assert every_file(tmp_path) == before


@pytest.mark.parametrize("kind", ["building", "old"])
def test_look_alike_leftovers_of_the_users_are_kept(desk, kind):
    """A killed build's staging and old folders are removed; a user's folder of the same name pattern is not."""
    agency = desk / "agency"
    look_alike = agency / f".site.{kind}-{dead_pid()}-mine"
    write(look_alike, "index.html", "the user's own page\n")
    pipeline.build(agency, agency / "site")
    assert (look_alike / "index.html").read_text() == "the user's own page\n"
    assert (agency / "site" / "acme" / "index.html").is_file()
    # and a killed build's own leftovers (they carry a manifest) do go
    own = agency / f".site.building-{dead_pid()}-abc"
    own.mkdir()
    (own / MANIFEST_NAME).write_text(json.dumps({"version": 1, "sites": {}}))
    write(agency, "campaigns/acme/spring/metrics.csv", metrics_csv(days=3))
    pipeline.build(agency, agency / "site")
    assert not own.exists() and look_alike.is_dir()


@pytest.mark.parametrize("out, reason", [
    pytest.param(lambda desk: desk / "agency", "is the agency folder itself", id="the-source"),
    pytest.param(lambda desk: desk / "agency" / "content", "lies inside content/", id="content"),
    pytest.param(lambda desk: desk / "agency" / "campaigns" / "acme", "lies inside campaigns/", id="client-folder"),
    pytest.param(lambda desk: desk / "mine", "already holds files Debrief did not write", id="users-folder"),
])
def test_pdf_refuses_an_output_that_is_not_its_own(desk, out, reason):
    before = every_file(desk)
    result = CliRunner().invoke(main, ["pdf", "acme", "--source", str(desk / "agency"), "--out", str(out(desk))])
    assert result.exit_code == 2, result.output
    assert reason in result.output
    assert every_file(desk) == before
