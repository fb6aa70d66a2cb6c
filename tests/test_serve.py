"""``debrief serve``: a save rebuilds the client's own site, the open tab reloads by itself, errors show over the page.

The command runs as a user runs it, in its own process, on a free port; the tests edit
the agency's files and watch the served page (over HTTP, and in Chromium).
"""

from __future__ import annotations

import contextlib
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Iterator

import pytest

from tests.support.agency import write
from tests.support.tools import PROJECT_ROOT

NOTE = "content/acme/meetings/2026-03-02-check-in.md"
PAGE = "meetings/2026-03-02-check-in.html"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def wait_for(condition, what: str, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            found = condition()
            if found:
                return found
        time.sleep(0.05)
    raise AssertionError(f"gave up waiting for {what}")


@contextlib.contextmanager
def serving(agency: Path, client: str = "acme") -> Iterator[str]:
    """``debrief serve CLIENT`` in its own process; yields the base URL once the first page is served."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "generator.cli", "serve", client, "--source", str(agency),
                                "--port", str(port)], cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: "Acme Widgets" in fetch(base + "/index.html"), "the first build", timeout=120)
        yield base
    finally:
        process.terminate()
        process.communicate(timeout=30)


def page_with(url: str, marker: str) -> str:
    """The page at ``url`` once it holds ``marker`` (empty until then)."""
    text = fetch(url)
    return text if marker in text else ""


def edit(agency: Path, old: str, new: str) -> None:
    path = agency / NOTE
    write(agency, NOTE, path.read_text(encoding="utf-8").replace(old, new))


def test_a_save_rebuilds_the_page_and_an_error_shows_over_it_until_fixed(agency):
    with serving(agency) as base:
        assert "debrief-preview-errors" not in fetch(f"{base}/{PAGE}")
        edit(agency, "We met on Monday.", "We met on Monday, then again on Tuesday.")
        wait_for(lambda: "then again on Tuesday" in fetch(f"{base}/{PAGE}"), "the edited note")
        edit(agency, "date: 2026-03-02", "date: 2026-13-02")
        page = wait_for(lambda: page_with(f"{base}/{PAGE}", "debrief-preview-errors"), "the error")
        assert f"{NOTE}:2: &#x27;date&#x27;: expected a real date as YYYY-MM-DD" in page
        assert "then again on Tuesday" in page  # the last good build, under the errors
        edit(agency, "date: 2026-13-02", "date: 2026-03-02")
        wait_for(lambda: "debrief-preview-errors" not in fetch(f"{base}/{PAGE}"), "the error to go")


def build_epoch(page: str) -> int:
    """The build the served page comes from: MkDocs' live-reload script carries its number."""
    return int(re.search(r"livereload\((\d+), \d+\)", page).group(1))


def test_a_failed_rebuild_waits_for_the_next_save(agency):
    """Reading the files is no save: a rebuild that failed must not start another (watchdog reports opened files too)."""
    with serving(agency) as base:
        edit(agency, "date: 2026-03-02", "date: 2026-13-02")
        failed = build_epoch(wait_for(lambda: page_with(f"{base}/{PAGE}", "debrief-preview-errors"), "the error"))
        time.sleep(3)  # a window in which nothing is saved: no build may follow
        assert build_epoch(fetch(f"{base}/{PAGE}")) == failed


def test_only_the_clients_own_site_is_served_and_another_clients_change_is_not_read(agency):
    with serving(agency) as base:
        with pytest.raises(urllib.error.HTTPError):
            fetch(f"{base}/../internal/index.html")
        write(agency, "content/globex/meetings/2026-03-02-check-in.md", "not front matter at all\n")
        edit(agency, "We met on Monday.", "We met on Monday again.")
        page = wait_for(lambda: page_with(f"{base}/{PAGE}", "Monday again"), "the edited note")
        assert "debrief-preview-errors" not in page  # globex's broken note is not this preview's business


def test_the_open_tab_reloads_by_itself_after_a_save(agency, browser):
    with serving(agency) as base:
        tab = browser.new_page()
        try:
            tab.goto(f"{base}/{PAGE}")
            tab.wait_for_function("() => !!document.querySelector('article')")
            edit(agency, "We met on Monday.", "We met on Monday and it reloaded.")
            tab.wait_for_function("() => document.body?.innerText.includes('it reloaded')", timeout=30000)  # no body while it reloads
            edit(agency, "date: 2026-03-02", "date: 2026-13-02")
            tab.wait_for_selector("#debrief-preview-errors", timeout=30000)
            assert f"{NOTE}:2:" in tab.locator("#debrief-preview-errors").inner_text()
            edit(agency, "date: 2026-13-02", "date: 2026-03-02")
            tab.wait_for_selector("#debrief-preview-errors", state="detached", timeout=30000)
        finally:
            tab.close()


@pytest.mark.parametrize("port", ["99999", "-5", "0"])
def test_a_port_outside_1_to_65535_is_a_usage_error_before_anything_is_built(agency, port):
    from tests.support.run import cli

    result = cli("serve", "acme", "--port", port, "--source", str(agency))
    assert result.exit_code == 2, result.output
    assert "--port" in result.output and "1<=x<=65535" in result.output


def test_a_port_already_in_use_is_a_clear_error_not_a_traceback(agency):
    from tests.support.run import cli

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = cli("serve", "acme", "--port", str(port), "--source", str(agency))
    assert result.exit_code == 1, result.output
    assert f"port {port} on 127.0.0.1 is in use: stop what serves there, or pass another --port" in result.output
