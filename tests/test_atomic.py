"""Atomic output: a build that fails or is killed leaves the previous output exactly as it was."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator import pipeline
from generator.engines import ENGINES
from generator.site import BuildFailed
from tests.agency import make_agency, metrics_csv, write
from tests.conftest import by_engine
from tests.test_incremental import PROJECT, file_hashes


def leftovers(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if ".building-" in p.name or ".old-" in p.name]


@by_engine
def test_a_failing_build_keeps_the_previous_output(agency, engine):
    out = agency / "site"
    pipeline.build(agency, out, engine=engine)
    before = file_hashes(out)
    base = (PROJECT / "mkdocs.yml").read_text(encoding="utf-8")
    write(agency, "mkdocs.yml", base.replace("  - tables\n", "  - tables\n  - no_such_markdown_extension\n"))
    write(agency, "campaigns/acme/spring/metrics.csv", metrics_csv(days=3))
    with pytest.raises(BuildFailed, match=f"^[a-z_]+: {ENGINES[engine].label} failed: .*no_such_markdown_extension"):
        pipeline.build(agency, out, jobs=2, engine=engine)
    assert file_hashes(out) == before
    assert leftovers(agency) == []


@by_engine
def test_kill_9_mid_build_leaves_the_previous_output_and_the_next_build_recovers(tmp_path, engine):
    agency = make_agency(tmp_path / "agency", clients=("acme", "globex", "initech", "umbrella"))
    out = agency / "site"
    pipeline.build(agency, out, engine=engine)
    before = file_hashes(out)
    build = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "build", "--source", str(agency), "--out", str(out), "--force", "-j", "2",
         "--engine", engine],
        cwd=PROJECT, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    try:
        seen = []
        while not any(" built " in line for line in seen):  # "[k/n] built <site> in ...": some done, others not
            seen.append(build.stderr.readline())
            assert seen[-1], "".join(seen)
        assert leftovers(agency), "the new output is being assembled beside the old one"
    finally:
        os.killpg(build.pid, signal.SIGKILL)  # the build and its workers, with no chance to clean up
        build.wait()
        build.stderr.close()
    assert build.returncode == -signal.SIGKILL
    assert file_hashes(out) == before
    time.sleep(0.2)  # let the killed workers' process entries go
    write(agency, "campaigns/acme/spring/metrics.csv", metrics_csv(days=4))
    assert pipeline.build(agency, out, engine=engine).report.built == ["acme", "internal", "internal/acme"]
    assert leftovers(agency) == []
