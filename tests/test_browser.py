"""What a person sees: a campaign page in a real headless Chromium."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def served(built: Path):
    """The built sites on a loopback HTTP server."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(built))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_campaign_chart_renders_without_console_errors(browser, served):
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{served}/acme/campaigns/spring.html")
    charts = page.locator(".debrief-chart")
    assert charts.count() >= 3
    for index in range(charts.count()):  # charts are drawn as they come near the viewport
        charts.nth(index).scroll_into_view_if_needed()
        charts.nth(index).locator("svg").first.wait_for(timeout=15000)
    assert errors == []
    page.close()


SCRIPTS = Path(__file__).resolve().parent.parent / "theme" / "assets" / "javascripts"
STARTED = {
    "charts.js": ("acme/campaigns/spring.html", "() => document.querySelectorAll('.debrief-chart--drawn').length > 0"),
    "tables.js": ("internal/index.html", """() => {
        const heading = document.querySelector('table.debrief-sortable thead th');
        heading.click();
        return heading.getAttribute('aria-sort') === 'ascending';
    }"""),
    "timeline.js": ("acme/meetings/index.html", "() => !document.querySelector('.debrief-filters').hidden"),
    "scrolling.js": ("internal/index.html", "() => document.querySelector('.debrief-table-wrap').tabIndex === 0"),
}
"""Each script's page, and what shows that the script started there."""


def test_every_script_starts_on_a_page_opened_from_disk(browser, built):
    """Material's document$ never fires for file://: every script must start without it (start.js)."""
    scripts = {path.name for path in SCRIPTS.glob("*.js")} - {"vega.min.js", "start.js"}
    assert scripts == set(STARTED), "every script needs a page here that shows it started"
    for script, (page_path, started) in sorted(STARTED.items()):
        page = browser.new_page(viewport={"width": 390, "height": 844})
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        try:
            page.goto((built / page_path).as_uri())
            page.wait_for_function(started, timeout=15000, polling=100)
        finally:
            page.close()
        assert errors == [], script
