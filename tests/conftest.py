"""Shared fixtures: a small agency on disk, sites built from it with a real engine, the demo, a browser.

Sites are built with the default engine (MkDocs) unless a test asks for both with
``@by_engine`` (``tests/support/engines.py``): it then runs once per engine, and
``built``, ``demo`` and every fixture made from them are built with that run's ``engine``.

Every test that drives a browser carries the ``browser`` marker (given here to each
test using the ``browser`` fixture, and to the browser modules as a whole), so
``make check`` (``pytest -m "not browser"``) runs everything else.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Callable

import pytest

from generator import pipeline
from generator.commands.browser import launch
from generator.site.engines import DEFAULT_ENGINE
from tests.support.agency import make_agency
from tests.support.axe import AXE
from tests.support.tools import PROJECT_ROOT, chromium_path, missing_tool


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


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


@pytest.fixture
def built_agency(built: Path, tmp_path: Path) -> Path:
    """A fresh copy of the built small agency (its output ``site/`` and work folders included), to change and build again."""
    agency = tmp_path / "agency"
    shutil.copytree(built.parent, agency, symlinks=True)
    return agency


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


@pytest.fixture(scope="module")
def axe_script() -> Path:
    """axe-core's script, as package-lock.json pins it (``npm ci``)."""
    if not AXE.is_file():
        missing_tool("axe-core is not installed: run `npm ci` (make test does it)")
    return AXE


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium driven by Playwright, with no network beyond this machine."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    with sync_playwright() as playwright:
        instance = launch(playwright, executable)
        yield instance
        instance.close()
