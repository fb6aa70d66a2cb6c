"""The system tools the tests drive: missing is a skip saying how to install it locally, a failure in CI."""

from __future__ import annotations

import os
from pathlib import Path
from typing import NoReturn

import pytest

from generator.commands.browser import find_chromium

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent
SCREENSHOTS = PROJECT_ROOT / "build" / "screenshots"
"""Where the browser tests photograph pages and e-mails for a reviewer (git-ignored)."""


def missing_tool(message: str) -> NoReturn:
    """A tool the tests drive is not installed: a failure in CI, a skip saying how to install it locally."""
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


def chromium_path() -> str:
    """Debian's chromium; missing is a skip locally and a failure in CI."""
    return find_chromium() or missing_tool("chromium is not installed: run `apt-get install chromium` (.ci/run does it)")
