"""Shared fixtures: a small agency on disk, sites built from it with real MkDocs, the demo, a browser.

Every test that drives a browser carries the ``browser`` marker (given here to each
test using the ``browser`` fixture, and to ``test_experience.py`` as a whole), so
``make check`` (``pytest -m "not browser"``) runs everything else.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator import pipeline
from generator.commands.browser import launch
from tests.support.agency import make_agency
from tests.support.axe import AXE
from tests.support.tools import PROJECT_ROOT, chromium_path, missing_tool


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def agency(tmp_path: Path) -> Path:
    return make_agency(tmp_path / "agency")


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small agency built once for the whole session; returns the output folder."""
    root = make_agency(tmp_path_factory.mktemp("built") / "agency")
    out = root / "site"
    pipeline.build(root, out)
    return out


@pytest.fixture
def built_agency(built: Path, tmp_path: Path) -> Path:
    """A fresh copy of the built small agency (its output ``site/`` and work folders included), to change and build again."""
    agency = tmp_path / "agency"
    shutil.copytree(built.parent, agency, symlinks=True)
    return agency


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's demo agency (one client per language), built once for the session; the output folder."""
    out = tmp_path_factory.mktemp("demo") / "site"
    pipeline.build(PROJECT_ROOT, out, jobs=os.cpu_count() or 1)
    return out


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
