"""Atomic output: a build that fails or is killed leaves the previous output exactly as it was."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator import pipeline
from generator.site.engines import ENGINES
from generator.site import BuildFailed
from tests.support.agency import make_agency, metrics_csv, write
from tests.support.engines import by_engine
from tests.support.pages import file_hashes
from tests.support.tools import PROJECT_ROOT as PROJECT


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
    write(agency, "mkdocs.yml", base)
    assert pipeline.build(agency, out, engine=engine).report.built == ["acme", "internal", "internal/acme"]
    assert file_hashes(out) != before


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
        assert (agency / "site").is_symlink(), "the output stays the link to its published generation"
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


def processes_of_session(session: int) -> list[str]:
    """Every live process (zombies left out) of the session ``session``, as ``pid state command``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:  # ended while we looked
            continue
        state, _ppid, _group, sid = stat.rsplit(")", 1)[1].split()[:4]
        if int(sid) == session and state not in ("Z", "X"):
            found.append(f"{entry.name} {state} {command[:120]}")
    return found


HOLDING_EXTENSION = '''
"""A Markdown extension that holds the worker loading it: a site that is never done, so the build is surely running."""
import os
import pathlib
import time


def makeExtension(**kwargs):
    pathlib.Path(os.environ["HELD_WORKERS"], str(os.getpid())).touch()
    while True:
        time.sleep(3600)
'''


def held_build(root: Path) -> tuple[Path, dict[str, str], Path]:
    """An agency whose every site hangs in its worker, the environment that loads the extension, and where each
    held worker leaves its pid: the build cannot end by itself before the test signals it."""
    agency = make_agency(root / "agency")
    modules, held = root / "modules", root / "held"
    held.mkdir()
    write(modules, "hold_worker.py", HOLDING_EXTENSION)
    base = (PROJECT / "mkdocs.yml").read_text(encoding="utf-8")
    write(agency, "mkdocs.yml", base.replace("  - tables\n", "  - tables\n  - hold_worker\n"))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(modules), str(PROJECT)]), "HELD_WORKERS": str(held)}
    return agency, env, held


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT], ids=["kill-9", "term", "interrupt"])
def test_a_killed_build_leaves_no_worker_running(tmp_path, how):
    """Only the build process itself is signalled, as a CI time limit or `kill` does: its workers must end with it,
    even workers stuck in a site that never finishes."""
    agency, env, held = held_build(tmp_path)
    build = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "build", "--source", str(agency), "--out", str(agency / "site"), "-j", "2"],
        cwd=PROJECT, env=env, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    try:
        while len(list(held.iterdir())) < 2:  # both workers busy with a site they will never finish
            if build.poll() is not None:
                pytest.fail(f"the build ended (exit {build.returncode}) before its workers started: {build.stderr.read()}")
            time.sleep(0.05)
        running = processes_of_session(build.pid)
        assert len(running) >= 4, running  # the build, the forkserver and two workers
        assert {p.name for p in held.iterdir()} <= {line.split()[0] for line in running}, running
        os.kill(build.pid, how)
        build.wait(timeout=30)
        deadline = time.monotonic() + 5
        while processes_of_session(build.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert processes_of_session(build.pid) == []
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(build.pid, signal.SIGKILL)
        build.wait()
        build.stderr.close()
    assert not (agency / "site").exists()
