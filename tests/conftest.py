"""Shared fixtures: a small agency on disk and sites built from it with a real engine.

Sites are built with the default engine (MkDocs) unless a test asks for both with
``@by_engine``: it then runs once per engine, and ``built``, ``demo`` and every
fixture made from them are built with that run's ``engine``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, NoReturn

import pytest

from generator import pipeline
from generator.browser import find_chromium, launch
from generator.engines import DEFAULT_ENGINE, ENGINES
from tests.agency import make_agency

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
PROJECT_ROOT = Path(__file__).resolve().parent.parent

by_engine = pytest.mark.parametrize("engine", list(ENGINES), indirect=True)
"""Run a test once per engine. Each engine's sites are built once for all its tests, and every
fixture made from ``engine`` is made again when pytest moves on to the other engine."""


@pytest.fixture(scope="session", params=[DEFAULT_ENGINE])
def engine(request: pytest.FixtureRequest) -> str:
    """The engine the sites of a test are built with: the default one, or each in turn with ``@by_engine``.

    A parametrised fixture (rather than a plain value that ``@by_engine`` shadows), so that a
    session fixture built from it, such as ``built``, is never handed to a test of the other engine."""
    return request.param


@pytest.fixture
def agency(tmp_path: Path) -> Path:
    return make_agency(tmp_path / "agency")


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory, engine: str) -> Path:
    """The small agency built once for the whole session (per engine); returns the output folder."""
    root = make_agency(tmp_path_factory.mktemp(f"built-{engine}") / "agency")
    out = root / "site"
    pipeline.build(root, out, engine=engine)
    return out


@pytest.fixture(scope="session")
def demo_builds(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """The repository's demo agency (one client per language) built with an engine, once per
    session and engine, on first use; returns the output folder."""
    outputs: dict[str, Path] = {}

    def output(engine: str) -> Path:
        if engine not in outputs:
            outputs[engine] = tmp_path_factory.mktemp(f"demo-{engine}") / "site"
            pipeline.build(PROJECT_ROOT, outputs[engine], jobs=os.cpu_count() or 1, engine=engine)
        return outputs[engine]

    return output


@pytest.fixture(scope="session")
def demo(demo_builds: Callable[[str], Path], engine: str) -> Path:
    """The demo agency built with the test's engine; the output folder."""
    return demo_builds(engine)


def missing_tool(message: str) -> NoReturn:
    """A tool the tests drive is not installed: a failure in CI, a skip saying how to install it locally."""
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


def chromium_path() -> str:
    """Debian's chromium; missing is a skip locally and a failure in CI."""
    return find_chromium() or missing_tool("chromium is not installed: run `apt-get install chromium` (.ci/run does it)")


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium driven by Playwright, with no network beyond this machine."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    with sync_playwright() as playwright:
        instance = launch(playwright, executable)
        yield instance
        instance.close()
