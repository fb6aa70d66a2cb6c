"""A headless Chromium looking at built sites: the PDF printer and the browser tests share it.

Debrief never downloads a browser: it drives the system's Chromium (Debian's
``chromium``) through Playwright, and serves the built files on 127.0.0.1 so
pages load as they would from a web server (site search and Material's instant
navigation need HTTP), with nothing leaving the machine.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import threading
from pathlib import Path
from typing import Iterator

CHROMIUM_NAMES = ("chromium", "chromium-browser")
CHROMIUM_ARGS = (
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
)
"""Headless in a container, and no traffic of Chromium's own (updates, sync) to other hosts."""

DRAW_EVERY_CHART = """() => {
  window.dispatchEvent(new Event('beforeprint'));
  window.dispatchEvent(new Event('afterprint'));
}"""
"""Charts are drawn when they come near the viewport or the browser is idle (charts.js), and
all at once before printing: ask for that, then say the printing is over, so Material
closes again the details it opened for paper. (Scrolling to each chart and waiting for
animation frames hung on a page Chromium had stopped painting.)"""

EVERY_CHART_DRAWN = """() => Array.from(document.querySelectorAll('.debrief-chart')).every(
  chart => chart.matches('.debrief-chart--drawn, .debrief-chart--failed'))"""
"""True once charts.js has finished every chart: drawn, or given up (which it reports as an error)."""


def find_chromium() -> str | None:
    """The system's Chromium, or None when it is not installed."""
    return next((path for path in map(shutil.which, CHROMIUM_NAMES) if path), None)


def launch(playwright, executable: str):
    """A headless Chromium from ``executable``, started by a running Playwright."""
    return playwright.chromium.launch(executable_path=executable, args=list(CHROMIUM_ARGS))


CHART_TIMEOUT_MS = 15000
"""Long enough for the heaviest chart on a busy machine."""


def draw_charts(page, timeout_ms: int = CHART_TIMEOUT_MS) -> None:
    """Make a Playwright page draw all of its charts and wait until they are drawn."""
    if page.locator(".debrief-chart").count():
        page.evaluate(DRAW_EVERY_CHART)
        page.wait_for_function(EVERY_CHART_DRAWN, timeout=timeout_ms, polling=100)  # not on animation frames, as above


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, no log lines, and assets a browser may keep for a while (a crawl reloads them often)."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the base class's name)
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "max-age=300")
        super().end_headers()


@contextlib.contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 (a free port) for the duration; yields its base URL, no trailing slash."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
