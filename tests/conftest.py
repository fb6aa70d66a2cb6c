"""Shared fixtures: a small agency on disk and sites built from it with real MkDocs."""

from __future__ import annotations

import os
from pathlib import Path
from typing import NoReturn

import pytest

from generator import pipeline
from generator.commands.browser import find_chromium, launch
from tests.agency import make_agency

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
PROJECT_ROOT = Path(__file__).resolve().parent.parent


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


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's demo agency (one client per language), built once for the session; the output folder."""
    out = tmp_path_factory.mktemp("demo") / "site"
    pipeline.build(PROJECT_ROOT, out, jobs=os.cpu_count() or 1)
    return out


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
