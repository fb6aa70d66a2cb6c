"""Reports as A4 PDF files, for an account manager to attach to an e-mail.

A PDF is the report page itself, printed by headless Chromium (the system's,
through Playwright) with the site's print stylesheet: no navigation, charts and
tables whole. The client's site is built into a temporary folder first, so the
PDFs always show the current files, and served on 127.0.0.1 while printing.
"""

from __future__ import annotations

import html
import tempfile
from pathlib import Path

from . import browser, layout, outputs, pipeline

A4_SCREEN = {"width": 794, "height": 1123}
"""An A4 sheet at 96 dots per inch: charts are drawn for the width they print at."""
MARGIN = {"top": "14mm", "bottom": "16mm", "left": "12mm", "right": "12mm"}
FOOTER = (
    '<div style="width:100%;margin:0 12mm;font:8px system-ui,sans-serif;color:#555;display:flex;'
    'justify-content:space-between"><span>{title}</span>'
    '<span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>'
)
"""Chromium's page footer: the report's title and the page number, in no language in particular."""


class ChromiumMissing(Exception):
    """No system Chromium to print with."""


def report_pages(site: Path) -> list[str]:
    """Every report page of a built client site (not the lists of reports), relative to the site."""
    return sorted(
        page.relative_to(site).as_posix()
        for folder in layout.REPORT_FOLDERS if (site / folder).is_dir()
        for page in (site / folder).glob("*.html") if page.name != layout.as_html(layout.HOME)
    )


def pdf_name(client: str, page: str) -> str:
    """``aurora-coffee-reports-2026-11.pdf`` for ``reports/2026-11.html``: unique, and says whose and what."""
    return f"{client}-{page.removesuffix('.html').replace('/', '-')}.pdf"


def print_pages(chromium, site: Path, pages: list[str], out: Path, client: str) -> list[Path]:
    """Print each page of the built ``site`` to ``out`` with a running Playwright browser; returns the PDF files."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with browser.serve_folder(site) as base:
        tab = chromium.new_page(viewport=A4_SCREEN, color_scheme="light")
        try:
            for page in pages:
                tab.goto(f"{base}/{page}", wait_until="load")
                browser.draw_charts(tab)
                target = out / pdf_name(client, page)
                tab.pdf(
                    path=str(target), format="A4", margin=MARGIN, print_background=True,
                    display_header_footer=True, header_template="<span></span>",
                    footer_template=FOOTER.format(title=html.escape(tab.title())),
                )
                written.append(target)
        finally:
            tab.close()
    return written


def print_client_reports(source: Path, client: str, out: Path, engine: str | None = None) -> list[Path]:
    """Build the client's site from ``source`` and print every report of it into ``out``.

    Raises InvalidSource (as a build does) for bad input or an unknown client,
    and ChromiumMissing when there is no browser to print with.
    """
    from playwright.sync_api import sync_playwright

    outputs.check_location(out, f"--out {out}", source)
    outputs.check_replaceable(out, "pdf", f"--out {out}")
    executable = browser.find_chromium()
    if executable is None:
        raise ChromiumMissing("printing needs Chromium: install it with `apt-get install chromium`")
    with tempfile.TemporaryDirectory(prefix="debrief-pdf-") as work:
        built = Path(work) / "site"
        pipeline.build(source, built, (client,), engine=engine)
        site = built / client
        with sync_playwright() as playwright:
            chromium = browser.launch(playwright, executable)
            try:
                written = print_pages(chromium, site, report_pages(site), out, client)
            finally:
                chromium.close()
    earlier = (outputs.read_manifest(out) or {}).get("files", [])
    outputs.write_manifest(out, "pdf", {*(name for name in earlier if (out / name).is_file()), *(p.name for p in written)})
    return written
