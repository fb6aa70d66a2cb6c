"""Publishing costs what changed: unchanged sites keep their folders, the output is switched whole by one rename."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import pipeline
from generator.cli import main
from generator.outputs import MANIFEST_NAME
from tests.support.agency import make_agency, metrics_csv, write
from tests.support.pages import file_hashes
from tests.support.tools import PROJECT_ROOT as PROJECT

CLIENTS = ("acme", "globex", "initech")


def entries(folder: Path) -> set[str]:
    """Every file, folder and link under ``folder``, links not followed: what a build creates or leaves."""
    return {
        os.path.relpath(os.path.join(parent, name), folder)
        for parent, folders, files in os.walk(folder) for name in folders + files
    }


def store(out: Path) -> Path:
    return out.parent / f".{out.name}.debrief"


def generations(out: Path) -> list[str]:
    return sorted(p.name for p in store(out).iterdir() if p.name.startswith("g-"))


@pytest.fixture
def three(tmp_path: Path) -> Path:
    agency = make_agency(tmp_path / "agency", clients=CLIENTS)
    pipeline.build(agency, agency / "site")
    return agency


def test_a_one_client_change_leaves_the_other_sites_folders_and_files_as_they_were(three):
    out = three / "site"
    folders = {site: os.path.realpath(out / site) for site in ("acme", "globex", "initech", "internal/globex")}
    inodes = {site: os.stat(out / site / "index.html").st_ino for site in folders}
    before = entries(store(out))
    write(three, "campaigns/acme/spring/metrics.csv", metrics_csv(days=3))
    assert pipeline.build(three, out).report.built == ["acme", "internal", "internal/acme"]
    for site in ("globex", "initech", "internal/globex"):
        assert os.path.realpath(out / site) == folders[site], site
        assert os.stat(out / site / "index.html").st_ino == inodes[site], site
    assert os.path.realpath(out / "acme") != folders["acme"]
    new = entries(store(out)) - before
    rebuilt = {os.path.relpath(os.path.realpath(out / site), store(out)) for site in ("acme", "internal/acme")}
    rebuilt.add(os.path.relpath(os.path.realpath(out / "internal/index.html"), store(out)).split("/index.html")[0])
    generation = os.readlink(out).split("/")[1]
    made = {e for e in new if not any(e == r or e.startswith(r + "/") for r in rebuilt)}
    # beside the three rebuilt sites, only the new generation: its folder, manifest, a link per site, and a link
    # per entry of the internal site (the sites nested in it among them); nothing per file of an unchanged site
    assert made == {generation, *(f"{generation}/{name}" for name in os.listdir(out)),
                    *(f"{generation}/internal/{name}" for name in os.listdir(out / "internal"))}
    assert len(made) == 2 + 4 + len(os.listdir(out / "internal"))


def test_every_site_lives_in_its_own_folder_and_links_cross_no_client(three):
    """Through the links of the generation, a client's pages resolve only into that client's own folder."""
    out = three / "site"
    sites_root = store(out) / "sites"
    for site in ("acme", "globex", "initech"):
        own = Path(os.path.realpath(out / site))
        assert own.parent == sites_root.resolve() and own.name.startswith(f"{site}.")
        for parent, _, files in os.walk(out / site, followlinks=True):
            for name in files:
                assert Path(os.path.realpath(os.path.join(parent, name))).is_relative_to(own), (site, name)
    for client in CLIENTS:
        own = Path(os.path.realpath(out / "internal" / client))
        assert own.name.startswith(f"internal+{client}.")


def test_only_the_published_generation_and_the_one_before_are_kept(three):
    out = three / "site"
    for days in (3, 4, 5):
        write(three, "campaigns/acme/spring/metrics.csv", metrics_csv(days=days))
        pipeline.build(three, out)
    assert len(generations(out)) == 2
    current = os.readlink(out).split("/")[1]
    assert current in generations(out)
    referenced = {
        entry["folder"] for name in generations(out)
        for entry in json.loads((store(out) / name / MANIFEST_NAME).read_text())["sites"].values()
    }
    assert {p.name for p in (store(out) / "sites").iterdir()} == referenced
    assert len([f for f in referenced if f.startswith("acme.")]) == 2  # the published acme and the one before


KILL_AT = {
    "before-the-switch": "generator.site.publish._switch",
    "while-linking": "generator.site.publish._link_sites",
}


@pytest.mark.parametrize("where", KILL_AT)
def test_kill_9_while_publishing_leaves_the_old_output_served_and_the_next_build_clears_up(three, where):
    """The build is killed by SIGKILL at the worst moments of publishing: sites moved into the store, links half made."""
    out = three / "site"
    before, published = file_hashes(out), os.readlink(out)
    write(three, "campaigns/acme/spring/metrics.csv", metrics_csv(days=3))
    module, function = KILL_AT[where].rsplit(".", 1)
    killer = textwrap.dedent(f"""
        import os, signal, sys, {module} as target
        real = target.{function}
        def {function}(*args):
            {"real(*args)" if where == "while-linking" else "pass"}
            os.kill(os.getpid(), signal.SIGKILL)
        target.{function} = {function}
        from generator.cli import main
        sys.exit(main(sys.argv[1:]))
    """)
    killed = subprocess.run([sys.executable, "-c", killer, "build", "--source", str(three), "--out", str(out), "-q"],
                            cwd=PROJECT, capture_output=True, text=True)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert os.readlink(out) == published and file_hashes(out) == before
    assert len(generations(out)) == 2  # the killed build's generation, never published, beside the served one
    assert pipeline.build(three, out).report.built == ["acme", "internal", "internal/acme"]
    assert file_hashes(out) != before
    assert generations(out) == sorted([published.split("/")[1], os.readlink(out).split("/")[1]])


def test_an_output_of_an_earlier_debrief_becomes_a_link_with_every_site(three):
    """An output built as real folders (before generations) is switched over whole, its unchanged sites copied in once."""
    out = three / "site"
    before = file_hashes(out)
    real = three / "real"
    shutil.copytree(out, real, symlinks=False)
    out.unlink()
    shutil.rmtree(store(out))
    real.rename(out)
    write(three, "campaigns/globex/spring/metrics.csv", metrics_csv(days=3))
    assert pipeline.build(three, out).report.built == ["globex", "internal", "internal/globex"]
    assert out.is_symlink()
    after = file_hashes(out)
    assert set(after) == set(before)
    assert all(after[f] == before[f] for f in after if f.startswith(("acme/", "initech/", "internal/acme/")))
    assert not [p for p in three.iterdir() if ".old-" in p.name or ".building-" in p.name]


def test_a_store_folder_debrief_did_not_make_is_refused_and_kept(three):
    out = three / "site"
    shutil.rmtree(store(out))
    out.unlink()
    write(store(out), "notes.txt", "the user's, named like Debrief's store\n")
    result = CliRunner().invoke(main, ["build", "--source", str(three), "--out", str(out), "-q"])
    assert result.exit_code == 2, result.output
    assert "is not a folder Debrief made" in result.output and "Nothing was written." in result.output
    assert [p.name for p in store(out).iterdir()] == ["notes.txt"] and not out.exists()
