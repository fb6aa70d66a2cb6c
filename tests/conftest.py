"""Shared fixtures: a small agency on disk and sites built from it with real MkDocs."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator import pipeline
from tests.agency import make_agency

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


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


def chromium_path() -> str:
    """Debian's chromium; missing is a skip locally and a failure in CI."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path:
        return path
    message = "chromium is not installed: run `apt-get install chromium` (.ci/run does it)"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium driven by Playwright, with no network beyond this machine."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=executable,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        yield instance
        instance.close()
