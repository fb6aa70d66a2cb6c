"""Incremental, parallel and sharded builds: exactly the right sites are built again, no others.

Each test builds the small two-client agency with a real engine (those marked
``@by_engine`` with each), changes one input, builds again and reads which sites
were built from the build's report, and checks the output too: a site carried over
keeps the very same files (hard links).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from pathlib import Path

import altair
import pytest
from altair.utils.schemapi import validate_jsonschema
from altair.vegalite.v6.schema.core import load_schema
from click.testing import CliRunner

from generator import pipeline
from generator.cli import main
from generator.problems import InvalidSource
from generator.site import MANIFEST_NAME
from tests.support.agency import CAMPAIGN_YML, make_agency, metrics_csv, write
from tests.support.engines import by_engine
from tests.support.pages import file_hashes, output_files

PROJECT = Path(__file__).resolve().parent.parent
EVERY_SITE = {"acme", "globex", "internal", "internal/acme", "internal/globex"}
ACME = {"acme", "internal/acme", "internal"}


@pytest.fixture
def build(engine: str):
    """Build an agency into its ``site`` folder with the test's engine; the ids of the sites it built."""
    def build_(agency: Path, **options) -> list[str]:
        return pipeline.build(agency, agency / "site", engine=engine, **options).report.built
    return build_




@by_engine
def test_a_rebuild_with_nothing_changed_writes_nothing(built_agency, build):
    out = built_agency / "site"
    before = file_hashes(out)
    inode = (out / "acme" / "index.html").stat().st_ino
    assert build(built_agency) == []
    assert file_hashes(out) == before
    assert (out / "acme" / "index.html").stat().st_ino == inode  # not even swapped


def comparable(hashes: dict[str, str]) -> dict[str, str]:
    """All but the manifest (timings) and gzipped sitemaps (gzip stamps the time)."""
    return {name: digest for name, digest in hashes.items() if name != MANIFEST_NAME and not name.endswith(".gz")}


def edit(agency: Path, relative: str, old: str, new: str) -> None:
    path = agency / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


OWN = {"acme", "internal/acme"}
CHANGES = [  # path, text, its replacement, the sites of that client that must be built again
    pytest.param("campaigns/acme/spring/metrics.csv", "03-05,search,1000,50,5,", "03-05,search,1000,50,9,", OWN, id="csv"),
    pytest.param("campaigns/acme/spring/campaign.yml", "target: 100\n", "target: 120\n", OWN, id="campaign-yaml"),
    pytest.param("campaigns/acme/client.yml", "Acme Widgets", "Acme Gadgets", OWN, id="client-yaml"),
    pytest.param("content/acme/surveys/2026-03-05-nps.yml", "score: 3", "score: 9", OWN, id="survey-yaml"),
    pytest.param("content/acme/meetings/2026-03-02-check-in.md", "doing well", "doing great", OWN, id="client-note"),
    # A client's own site is rendered without its internal notes: it comes out the same and is not built.
    pytest.param("content/acme/meetings/2026-03-03-post-mortem.md", "note body", "note, revised", {"internal/acme"},
                 id="internal-note"),
]


@by_engine
@pytest.mark.parametrize("path, old, new, own", CHANGES)
def test_a_change_to_one_client_rebuilds_its_own_sites_and_at_most_the_portfolio(built_agency, build, path, old, new, own):
    """The portfolio is rendered again, and built only if its pages changed."""
    out = built_agency / "site"
    before = {site: file_hashes(out / site) for site in ("globex", "internal/globex")}
    inode = (out / "globex" / "index.html").stat().st_ino
    edit(built_agency, path, old, new)
    built = set(build(built_agency))
    assert own <= built <= own | {"internal"}
    assert {site: file_hashes(out / site) for site in before} == before
    assert (out / "globex" / "index.html").stat().st_ino == inode  # carried over as a hard link


def test_another_clients_ended_campaign_reaches_the_internal_sites_that_compare_with_it(built_agency, build):
    """Internal sites set their targets against every client's ended campaigns: a change there reaches them,
    a change to a running campaign does not."""
    winter = CAMPAIGN_YML.replace("start: 2026-03-01", "start: 2026-02-01").replace("end: 2026-03-10", "end: 2026-02-10")
    write(built_agency, "campaigns/acme/winter/campaign.yml", winter)
    write(built_agency, "campaigns/acme/winter/metrics.csv", metrics_csv(10, dt.date(2026, 2, 1)))
    assert set(build(built_agency)) == {"acme", "internal/acme", "internal", "internal/globex"}
    edit(built_agency, "campaigns/acme/winter/metrics.csv", "02-05,search,1000,50,5,", "02-05,search,1000,50,9,")
    assert "internal/globex" in build(built_agency)
    globex = file_hashes(built_agency / "site" / "internal/globex")
    edit(built_agency, "campaigns/acme/spring/metrics.csv", "03-05,search,1000,50,5,", "03-05,search,1000,50,9,")
    assert "internal/globex" not in build(built_agency)
    assert file_hashes(built_agency / "site" / "internal/globex") == globex


@by_engine
def test_incremental_builds_end_where_a_fresh_build_does(built_agency, build, engine, tmp_path):
    """Every change above, built incrementally, gives byte for byte the sites of one fresh build."""
    for change in CHANGES:
        edit(built_agency, *change.values[:3])
    build(built_agency)
    pipeline.build(built_agency, tmp_path / "fresh", engine=engine)
    assert comparable(file_hashes(built_agency / "site")) == comparable(file_hashes(tmp_path / "fresh"))


def written_again(site: Path, before: dict[str, int]) -> set[str]:
    """The files of a built site written since ``before`` (path -> time written): a page left alone keeps its time."""
    return {path for path, written in page_times(site).items() if before.get(path) != written}


def page_times(site: Path) -> dict[str, int]:
    return {path.relative_to(site).as_posix(): path.stat().st_mtime_ns for path in output_files(site)}


def test_a_change_to_some_pages_builds_those_pages_alone_and_comes_out_as_a_whole_build(built_agency, tmp_path):
    """MkDocs builds only the pages whose Markdown changed, into a copy of the published site; the result,
    search index included, is byte for byte what a whole build writes, and the published site is not touched."""
    out = built_agency / "site"
    before, published = page_times(out / "acme"), file_hashes(out / "acme")
    old_folder = (out / "acme").resolve()
    edit(built_agency, "content/acme/meetings/2026-03-02-check-in.md", "doing well", "doing great")
    report = pipeline.build(built_agency, out).report
    assert report.built == ["acme", "internal/acme"]
    acme = next(result for result in report.sites if result.site_id == "acme")
    assert 1 <= acme.pages_built < acme.pages / 4
    written = written_again(out / "acme", before)
    assert "meetings/2026-03-02-check-in.html" in written
    assert "search/search_index.json" in written
    assert "campaigns/spring.html" not in written and "assets/debrief.css" not in written
    assert len(written) < len(before) / 4
    assert file_hashes(old_folder) == published  # the generation readers may still be reading
    pipeline.build(built_agency, tmp_path / "fresh")
    assert comparable(file_hashes(out)) == comparable(file_hashes(tmp_path / "fresh"))
    assert "doing great" in (out / "acme" / "search" / "search_index.json").read_text(encoding="utf-8")


def test_a_change_to_the_navigation_builds_every_page_again(built_agency, tmp_path):
    """A page-level rebuild would leave the other pages' menus as they were: a new page, or a title
    that changes, rebuilds the whole site."""
    out = built_agency / "site"
    before = page_times(out / "acme")
    edit(built_agency, "campaigns/acme/spring/campaign.yml", "name: Spring Launch", "name: Spring Sale")
    pipeline.build(built_agency, out)
    assert written_again(out / "acme", before) >= {"index.html", "campaigns/spring.html", "lessons.html"}
    pipeline.build(built_agency, tmp_path / "fresh")
    assert comparable(file_hashes(out)) == comparable(file_hashes(tmp_path / "fresh"))


def test_a_new_meeting_note_is_built_and_a_removed_client_disappears(built_agency, build):
    out = built_agency / "site"
    write(built_agency, "content/globex/meetings/2026-03-04-weekly.md", "---\ndate: 2026-03-04\ntype: weekly\n---\nNew.\n")
    assert {"globex", "internal/globex"} <= set(build(built_agency)) <= {"globex", "internal/globex", "internal"}
    assert (out / "globex" / "meetings" / "2026-03-04-weekly.html").is_file()
    shutil.rmtree(built_agency / "campaigns" / "globex")
    shutil.rmtree(built_agency / "content" / "globex")
    assert build(built_agency) == ["internal"]
    assert not (out / "globex").exists()
    assert not (out / "internal" / "globex").exists()
    assert (out / "internal" / "acme" / "index.html").is_file()


@pytest.mark.parametrize("link, target", [
    ("campaigns/acme/stolen", "../globex/spring"),
    ("content/acme/meetings/2026-03-04-stolen.md", "../../globex/meetings/2026-03-03-post-mortem.md"),
    ("content/acme/surveys", "../globex/surveys"),
])
def test_a_symlink_into_another_client_is_noticed_and_refused(built_agency, build, link, target):
    """Adding the link changes the client's fingerprint (folders are followed), so the build loads it and refuses."""
    out = built_agency / "site"
    before = file_hashes(out)
    path = built_agency / link
    if path.is_dir():
        shutil.rmtree(path)
    path.symlink_to(target)
    with pytest.raises(InvalidSource) as caught:
        build(built_agency)
    assert any(p.path == link and "is a symlink to" in p.message for p in caught.value.problems), caught.value.problems
    assert file_hashes(out) == before


def test_a_symlinked_folder_inside_the_clients_own_folders_is_followed(built_agency, build):
    (built_agency / "campaigns/acme/summer").symlink_to("spring", target_is_directory=True)
    assert sorted(build(built_agency)) == sorted(ACME)
    assert (built_agency / "site/acme/campaigns/summer.html").is_file()
    edit(built_agency, "campaigns/acme/spring/campaign.yml", "name: Spring Launch", "name: Spring Relaunch")
    assert sorted(build(built_agency)) == sorted(ACME)
    assert "Spring Relaunch" in (built_agency / "site/acme/campaigns/summer.html").read_text(encoding="utf-8")


def test_the_base_config_rebuilds_every_site(built_agency, build):
    base = (PROJECT / "mkdocs.yml").read_text(encoding="utf-8")
    write(built_agency, "mkdocs.yml", base.replace("    - navigation.top\n", ""))
    assert set(build(built_agency)) == EVERY_SITE
    assert "navigation.top" not in (built_agency / "site" / "acme" / "index.html").read_text("utf-8")


def test_force_rebuilds_every_site(built_agency, build):
    assert set(build(built_agency, force=True)) == EVERY_SITE


def test_a_deleted_site_folder_is_built_again(built_agency, build):
    (built_agency / "site" / "internal" / "globex").unlink()  # what `rm -rf site/internal/globex` does to the link
    assert build(built_agency) == ["internal/globex"]
    assert (built_agency / "site" / "internal" / "globex" / "index.html").is_file()


@by_engine
def test_parallel_build_gives_the_same_sites_as_one_process(built, engine, tmp_path):
    pipeline.build(built.parent, tmp_path / "parallel", jobs=2, engine=engine)
    assert comparable(file_hashes(tmp_path / "parallel")) == comparable(file_hashes(built))


@by_engine
def test_shards_split_the_clients_and_shard_one_has_the_portfolio(tmp_path, engine):
    agency = make_agency(tmp_path / "agency", clients=("acme", "globex", "initech"))
    first = pipeline.build(agency, tmp_path / "one", shard=(1, 2), engine=engine).report.built
    second = pipeline.build(agency, tmp_path / "two", shard=(2, 2), engine=engine).report.built
    assert set(first) == {"acme", "internal/acme", "initech", "internal/initech", "internal"}
    assert set(second) == {"globex", "internal/globex"}
    assert not (tmp_path / "two" / "internal" / "index.html").exists()


@by_engine
def test_manifest_records_each_site(built_agency, engine):
    manifest = json.loads((built_agency / "site" / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert set(manifest["sites"]) == EVERY_SITE
    assert {entry["engine"] for entry in manifest["sites"].values()} == {engine}
    assert manifest["sites"]["acme"]["pages"] >= 5
    assert manifest["sites"]["acme"]["inputs"] != manifest["sites"]["globex"]["inputs"]


def test_cli_prints_one_line_per_site_and_checks_shard(agency):
    runner = CliRunner()
    result = runner.invoke(main, ["build", "--source", str(agency), "--out", str(agency / "site"), "-j", "1"])
    assert result.exit_code == 0, result.output
    assert sum(1 for line in result.output.splitlines() if " built " in line) == 5
    assert "Built 5 site(s)" in result.output
    quiet = runner.invoke(main, ["build", "--source", str(agency), "--out", str(agency / "site"), "-q", "--force"])
    assert quiet.exit_code == 0 and quiet.output == ""
    for bad in ("3/2", "0/2", "a/b", "2"):
        assert runner.invoke(main, ["build", "--source", str(agency), "--shard", bad]).exit_code == 2


def test_chart_specs_are_valid_vega_lite(built):
    """Charts are written as plain dicts (see charts.py): every spec of a build is checked against the Vega-Lite schema."""
    checked, schema = 0, load_schema()
    for page in output_files(built, "*.html"):
        text = page.read_text(encoding="utf-8")
        for chunk in text.split('<script type="application/json" id="debrief-chart-')[1:]:
            spec = json.loads(chunk.split(">", 1)[1].split("</script>", 1)[0])
            validate_jsonschema(spec, schema)
            assert spec["$schema"] == altair.SCHEMA_URL  # the schema of the Altair pinned, written out in charts.py
            checked += 1
    assert checked > 0


@pytest.fixture(autouse=True)
def _no_leftovers(request, tmp_path):
    """No build leaves a staging or old output folder behind."""
    yield
    assert not [p for p in tmp_path.rglob(".*") if ".building-" in p.name or ".old-" in p.name]



def test_only_the_changed_client_is_validated_again_and_its_errors_are_all_reported(built_agency, monkeypatch):
    from generator import validate

    loaded: list[str] = []
    validate_client = validate.validate_client
    monkeypatch.setattr(validate, "validate_client", lambda tree, folder: loaded.append(folder.name) or
                        validate_client(tree, folder))
    write(built_agency, "campaigns/acme/spring/metrics.csv", metrics_csv(days=3))
    pipeline.build(built_agency, built_agency / "site")
    assert loaded == ["acme"]  # globex comes from the cache, as validation left it
    loaded.clear()
    write(built_agency, "campaigns/acme/spring/metrics.csv", "date,channel,clicks\n2026-03-01,search,many\n")
    write(built_agency, "content/globex/surveys/2026-03-05-nps.yml", "date: 2026-03-05\nkind: nps\nresponses: []\n")
    with pytest.raises(InvalidSource) as caught:
        pipeline.build(built_agency, built_agency / "site")
    assert sorted(loaded) == ["acme", "globex"]
    where = {problem.path for problem in caught.value.problems}
    assert {"campaigns/acme/spring/metrics.csv", "content/globex/surveys/2026-03-05-nps.yml"} <= where


def test_only_the_changed_clients_campaigns_are_reduced_for_the_track_record_again(built_agency, monkeypatch):
    from generator.compute import track_record

    reduced: list[str] = []
    client_campaigns = track_record.client_campaigns
    monkeypatch.setattr(track_record, "client_campaigns", lambda client: reduced.append(client.slug) or
                        client_campaigns(client))
    edit(built_agency, "campaigns/acme/spring/metrics.csv", "03-05,search,1000,50,5,", "03-05,search,1000,50,9,")
    pipeline.build(built_agency, built_agency / "site")
    assert reduced == ["acme"]
    reduced.clear()
    pipeline.build(built_agency, built_agency / "site", force=True)  # nothing changed: all kept, the record the same
    assert reduced == []


def test_a_warning_of_a_client_taken_from_the_cache_is_still_shown(built_agency):
    write(built_agency, "content/globex/surveys/2026-03-05-nps.yml",
          "date: 2026-03-05\nkind: nps\nconducted_by: Ann Manager\nresponses:\n  - {respondent: R1, score: 9}\n"
          "  - {respondent: R2, score: 9}\n")
    first = pipeline.build(built_agency, built_agency / "site")
    write(built_agency, "campaigns/acme/spring/metrics.csv", metrics_csv(days=4))
    second = pipeline.build(built_agency, built_agency / "site")
    assert second.report.built  # acme changed: something was loaded and validated
    assert [p for p in first.warnings if "account manager" in p.message] == \
        [p for p in second.warnings if "account manager" in p.message] != []
    with pytest.raises(InvalidSource):
        pipeline.build(built_agency, built_agency / "site", force=True, strict=True)


def test_an_error_of_a_changed_client_is_reported_on_every_build_until_fixed(built_agency):
    write(built_agency, "campaigns/acme/spring/metrics.csv", "date,channel,clicks\n2026-03-01,search,many\n")
    reported = []
    for _ in range(2):  # the second build finds no valid acme kept: it validates acme again and fails again
        with pytest.raises(InvalidSource) as caught:
            pipeline.build(built_agency, built_agency / "site")
        reported.append(caught.value.problems)
    assert reported[0] == reported[1]
    assert "campaigns/acme/spring/metrics.csv" in {p.path for p in reported[0]}
    assert all(p.path.startswith("campaigns/acme/") for p in reported[0])
    write(built_agency, "campaigns/acme/spring/metrics.csv", metrics_csv(days=4))
    assert "acme" in pipeline.build(built_agency, built_agency / "site").report.built


def test_the_rules_across_clients_see_every_client_when_all_come_from_the_cache(built_agency):
    """Notes for a client that has no campaigns/ folder: found though every valid client is kept."""
    write(built_agency, "content/initech/meetings/2026-03-02-check-in.md", "---\ndate: 2026-03-02\n---\n")
    with pytest.raises(InvalidSource) as caught:
        pipeline.build(built_agency, built_agency / "site")
    assert [p.path for p in caught.value.problems] == ["content/initech"]


@pytest.fixture
def one_client_per_group(monkeypatch):
    """The portfolio's pages grouped by one client, so that the small agency's portfolio has two groups."""
    from generator.render import sites

    monkeypatch.setattr(sites, "CLIENTS_PER_PAGE", 1)
    rendered: list[int] = []
    portfolio_group = sites.portfolio_group
    monkeypatch.setattr("generator.render.portfolio_group", lambda agency, as_of, number: rendered.append(number) or
                        portfolio_group(agency, as_of, number))
    return rendered


def test_a_change_renders_again_only_its_clients_portfolio_group_and_the_portfolio_is_as_if_built_afresh(
    agency, one_client_per_group,
):
    pipeline.build(agency, agency / "site")
    assert one_client_per_group == [1, 2]
    one_client_per_group.clear()
    write(agency, "campaigns/globex/spring/metrics.csv", metrics_csv(days=4))
    assert "internal" in pipeline.build(agency, agency / "site").report.built
    assert one_client_per_group == [2]  # globex's group; acme's pages kept from the last build
    pipeline.build(agency, agency / "afresh")
    kept, afresh = file_hashes(agency / "site" / "internal"), file_hashes(agency / "afresh" / "internal")
    assert comparable(kept) == comparable(afresh)
    work = pipeline.site.work_root(agency / "site") / "internal" / "models"
    assert json.loads((work / "index.json").read_text(encoding="utf-8"))["rows"][0]["client"]["client"] == "acme"


def test_a_kept_client_or_portfolio_group_never_stands_in_for_another_client(agency, one_client_per_group):
    """globex renamed initech, its files the same (its name too): neither its validated models nor its
    portfolio pages are reused, so no page links to globex's folders."""
    pipeline.build(agency, agency / "site")
    for folder in ("campaigns", "content"):
        (agency / folder / "globex").rename(agency / folder / "initech")
    built = pipeline.build(agency, agency / "site").report.built
    assert {"initech", "internal/initech", "internal"} <= set(built)
    assert sorted(p.name for p in (agency / "site").iterdir() if not p.name.startswith(".")) == ["acme", "initech", "internal"]
    for page in [*(agency / "site" / "initech").rglob("*.html"), (agency / "site" / "internal" / "index-2.html")]:
        assert "globex/" not in page.read_text(encoding="utf-8"), page
    assert "initech/" in (agency / "site" / "internal" / "index-2.html").read_text(encoding="utf-8")
