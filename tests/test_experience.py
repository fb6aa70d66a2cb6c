"""What a person sees: every page of the demo sites in a real Chromium, read as a person would.

The demo agency (``campaigns/`` and ``content/`` of this repository) is built once per
session and engine; each site is served on 127.0.0.1 from its own root, as it would be
on its own host. Every page must load with no console error, no failed request and no
request leaving the machine, with every chart drawn. Then: navigation and search as a
client uses them, axe-core on the key pages of every language, the Nu HTML Checker,
phone layouts, and screenshots of the key pages in ``build/screenshots/<engine>/`` for a
reviewer. Every check runs on both engines' sites; the crawl opens every page of the
default engine's and a sample of the other's (``crawled_pages``).
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import socket
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError

from generator.commands import browser as chromium
from generator import pipeline
from generator.site.engines import DEFAULT_ENGINE
from tests.support.axe import axe_violations
from tests.support.demo import DEMO_CLIENTS, SEARCHES
from tests.support.engines import by_engine
from tests.support.pages import output_files, pdf_text
from tests.support.run import debrief
from tests.support.searching import indexed_pages, result_link, search
from tests.support.tools import PROJECT_ROOT, SCREENSHOTS, chromium_path, missing_tool

pytestmark = pytest.mark.browser

NODE_MODULES = PROJECT_ROOT / "node_modules"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
DESKTOP, PHONE = {"width": 1280, "height": 800}, {"width": 390, "height": 844}
MONTHLY_REPORT = re.compile(r"reports/\d{4}-\d{2}\.html")
MEETING_PAGE = re.compile(r"meetings/\d{4}-\d{2}-\d{2}-[a-z0-9-]+\.html")
SETTLE_MS = 5000
"""How long a page may keep requests in flight after its charts are drawn."""


# --- the demo sites -------------------------------------------------------------------------


def site_ids() -> list[str]:
    """Every site a build of the demo makes: each client's, the portfolio and each internal client site."""
    slugs = pipeline.client_slugs(PROJECT_ROOT)
    return slugs + [pipeline.PORTFOLIO] + [f"{pipeline.PORTFOLIO}/{slug}" for slug in slugs]


@pytest.fixture(scope="session")
def served(demo: Path):
    """Site id -> base URL: every site on its own loopback server, served from its own root."""
    with contextlib.ExitStack() as stack:
        yield {site_id: stack.enter_context(chromium.serve_folder(demo / site_id)) for site_id in site_ids()}


def site_pages(site: Path) -> list[str]:
    """The site's HTML pages, relative to it, leaving out the sites nested in it (the internal client sites)."""
    nested = {path.parent for path in output_files(site, "sitemap.xml") if path.parent != site}
    return sorted(
        page.relative_to(site).as_posix() for page in output_files(site, "*.html")
        if not any(folder in page.parents for folder in nested)
    )


def key_pages(site: Path) -> dict[str, str]:
    """The pages a client looks at first: home, a campaign, a meeting, the latest report, satisfaction."""
    pages = site_pages(site)
    wanted = {
        "home": ["index.html"],
        "campaign": [p for p in pages if p.startswith("campaigns/")],
        "meeting": [p for p in pages if MEETING_PAGE.fullmatch(p)][-1:],
        "report": ([p for p in pages if MONTHLY_REPORT.fullmatch(p)] or [p for p in pages if p.startswith("reports/")])[-1:],
        "satisfaction": [p for p in pages if p == "satisfaction.html"],
    }
    return {name: found[0] for name, found in wanted.items() if found}


def client_sites() -> list[str]:
    """Each client's own site: one per language of the demo."""
    return pipeline.client_slugs(PROJECT_ROOT)


def crawled_pages(site: Path, engine: str) -> list[str]:
    """The pages the crawl opens: every page for the default engine; for the other, the key pages
    and the first and last page of each folder, so every kind of page is still opened while the
    crawl takes a fifth of the time (the same templates made them, only the engine differs)."""
    pages = site_pages(site)
    if engine == DEFAULT_ENGINE:
        return pages
    folders: dict[str, list[str]] = {}
    for page in pages:
        folders.setdefault(page.rpartition("/")[0], []).append(page)
    return sorted({page for group in folders.values() for page in (group[0], group[-1])} | set(key_pages(site).values()))


def screenshot_path(engine: str, name: str) -> Path:
    """``build/screenshots/<engine>/<name>.png``, for a reviewer to look at after the run."""
    folder = SCREENSHOTS / engine
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{name}.png"


# --- one browser tab that notices what goes wrong --------------------------------------------


@dataclass
class Tab:
    """A reused Playwright page that records console errors, failed and foreign requests."""

    page: object
    problems: list[str] = field(default_factory=list)
    in_flight: set = field(default_factory=set)
    chart_timeout_ms: int = chromium.CHART_TIMEOUT_MS

    @classmethod
    def open(cls, context) -> Tab:
        tab = cls(context.new_page())
        page = tab.page
        page.on("console", lambda message: tab.note(f"console error: {message.text}") if message.type == "error" else None)
        page.on("pageerror", lambda error: tab.note(f"script error: {error}"))
        context.on("request", tab.started)
        context.on("requestfinished", tab.finished)
        context.on("requestfailed", tab.failed)
        context.on("response", lambda response: tab.note(f"HTTP {response.status}: {response.url}") if response.status >= 400 else None)
        return tab

    def note(self, problem: str) -> None:
        self.problems.append(problem)

    def started(self, request) -> None:
        url = urlsplit(request.url)
        if url.scheme in ("http", "https", "ws", "wss") and url.hostname != "127.0.0.1":
            self.note(f"request leaves the machine: {request.url}")
        self.in_flight.add(request)

    def finished(self, request) -> None:
        self.in_flight.discard(request)

    def failed(self, request) -> None:
        """Note a request that failed, except one the next navigation cancelled (Material's search
        worker may still be loading): a missing file is an HTTP 404, a foreign host is noted when asked."""
        self.in_flight.discard(request)
        if request.failure != "net::ERR_ABORTED":
            self.note(f"request failed ({request.failure}): {request.url}")

    def visit(self, url: str) -> list[str]:
        """Load a page, draw its charts, let its requests finish; returns what went wrong."""
        self.problems.clear()
        self.page.goto(url, wait_until="load")
        try:
            chromium.draw_charts(self.page, self.chart_timeout_ms)
        except PlaywrightError as exc:  # a chart that never finishes: note it, keep crawling
            self.note(f"charts not drawn: {exc.message.splitlines()[0]}")
        self.settle()
        undrawn = self.page.locator(".debrief-chart:not(:has(svg, canvas))").count()
        if undrawn:
            self.note(f"{undrawn} chart(s) hold no SVG or canvas")
        return list(self.problems)

    def settle(self) -> None:
        """Wait, briefly, until no request is in flight (the next page would cancel them)."""
        waited = 0
        while self.in_flight and waited < SETTLE_MS:
            self.page.wait_for_timeout(50)
            waited += 50


@pytest.fixture(scope="module")
def tab(browser):
    context = browser.new_context(viewport=DESKTOP)
    yield Tab.open(context)
    context.close()


@pytest.fixture
def open_page(browser):
    """Opens pages, each in a context of its own, and closes them after the test, passed or failed
    (a page left open by a failed test must not keep its window over the next test's)."""
    pages = []

    def open_(**options):
        pages.append(browser.new_page(**options))
        return pages[-1]

    yield open_
    for page in pages:
        page.context.close()


# --- every page ---------------------------------------------------------------------------------


BROKEN_PAGE = """<!doctype html><html lang="en"><head><title>Broken</title></head><body>
<script>console.error("boom")</script>
<img src="missing.png" alt="">
<img src="http://localhost:{closed_port}/elsewhere.png" alt="">
<div class="debrief-chart"><p>never drawn</p></div>
</body></html>"""
"""A page with each kind of problem; "localhost" counts as another host, and its port is closed (no traffic leaves)."""


def closed_port() -> int:
    """A port on this machine that nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_crawl_notices_console_errors_failed_and_foreign_requests_and_undrawn_charts(tab, tmp_path):
    """The crawl below would pass vacuously if its tab noticed nothing: show it notices each kind of problem."""
    port = closed_port()
    (tmp_path / "broken.html").write_text(BROKEN_PAGE.format(closed_port=port), encoding="utf-8")
    with chromium.serve_folder(tmp_path) as base:
        tab.chart_timeout_ms = 500
        try:
            problems = "\n".join(tab.visit(f"{base}/broken.html"))
        finally:
            tab.chart_timeout_ms = chromium.CHART_TIMEOUT_MS
    assert "console error: boom" in problems
    assert f"HTTP 404: {base}/missing.png" in problems
    assert f"request leaves the machine: http://localhost:{port}/elsewhere.png" in problems
    assert f"request failed (net::ERR_CONNECTION_REFUSED): http://localhost:{port}/elsewhere.png" in problems
    assert "1 chart(s) hold no SVG or canvas" in problems



@by_engine
@pytest.mark.parametrize("site_id", site_ids())
def test_every_page_loads_cleanly_with_every_chart_drawn(demo, served, tab, engine, site_id):
    pages = crawled_pages(demo / site_id, engine)
    assert "index.html" in pages
    problems = {}
    for path in pages:
        found = tab.visit(f"{served[site_id]}/{path}")
        if found:
            problems[path] = found
    assert problems == {}, f"{len(problems)} of {len(pages)} pages of {site_id} have problems"


# --- as a client uses it ------------------------------------------------------------------------


def english_client() -> str:
    return next(slug for slug in client_sites() if "language: en" in (PROJECT_ROOT / "campaigns" / slug / "client.yml").read_text())


def note_word(client: str, site: Path, engine: str) -> tuple[str, str]:
    """A word from the client's latest client-visible meeting note, and that meeting's page.

    Of the note's long words, the one in the fewest sections of the built site: the search
    lists the first ten sections it finds (Zensical lists a page once per matching section),
    and an action's words recur on many pages. The search finds a word's other forms too
    ("prepared" finds "preparation"), so a section counts when it has the word's stem,
    roughly: the word less its last three letters.
    """
    index = indexed_pages(site, engine)

    def pages_with(word: str) -> int:
        stem = word[:-3]
        return sum(stem in text.lower() for _, text in index)

    for note in sorted((PROJECT_ROOT / "content" / client / "meetings").glob("*.md"), reverse=True):
        text = note.read_text(encoding="utf-8")
        if "visibility: internal" in text:
            continue
        words = sorted({w.lower() for w in re.findall(r"[A-Za-z]{8,}", text)}, key=lambda w: (pages_with(w), -len(w), w))
        if words and pages_with(words[0]) <= 10:
            return words[0], f"meetings/{note.stem}.html"
    pytest.fail(f"no client-visible meeting note of {client} has a long word to search for")


@by_engine
def test_client_opens_a_campaign_switches_palette_and_finds_a_note(demo, open_page, served, engine):
    client = english_client()
    page = open_page(viewport=DESKTOP)
    page.goto(f"{served[client]}/index.html")

    page.locator("article a[href*='campaigns/']").first.click()  # Material makes links absolute
    page.wait_for_url(re.compile(r"/campaigns/[a-z0-9-]+\.html$"))
    chromium.draw_charts(page)
    assert page.locator(".debrief-chart svg").count() == page.locator(".debrief-chart").count() > 0

    scheme = page.locator("body").get_attribute("data-md-color-scheme")
    page.locator("form[data-md-component=palette] label:visible").first.click()
    other = "slate" if scheme == "default" else "default"
    page.wait_for_function(f"document.body.getAttribute('data-md-color-scheme') === '{other}'", polling=100)
    page.locator("form[data-md-component=palette] label:visible").first.click()
    page.wait_for_function(f"document.body.getAttribute('data-md-color-scheme') === '{scheme}'", polling=100)

    word, meeting = note_word(client, demo / client, engine)
    assert f"/{meeting}" in search(page, engine, word, listing=meeting)
    result_link(page, engine, meeting).click()
    page.wait_for_url(re.compile(re.escape(meeting)))
    assert word.lower() in page.locator("article").inner_text().lower()


# --- accessibility, screenshots, phone layout -----------------------------------------------


NOT_BY_COLOUR_ALONE = """() => {
  const problems = [];
  document.querySelectorAll('.debrief-chart').forEach((chart, index) => {
    if (chart.getAttribute('role') !== 'img' || !(chart.getAttribute('aria-label') || '').trim())
      problems.push(`chart ${index + 1} has no accessible name`);
    let next = chart.nextElementSibling;
    while (next && next.tagName === 'SCRIPT') next = next.nextElementSibling;
    if (!next || !next.matches('details') || !next.querySelector('table'))
      problems.push(`chart ${index + 1} (${chart.getAttribute('aria-label')}) is not followed by its data table`);
  });
  document.querySelectorAll('[class*="debrief-status-"], [class*="debrief-state-"], [class*="debrief-change-"]').forEach(element => {
    if (!/[\\p{L}\\p{N}]/u.test(element.textContent))
      problems.push(`status shown by colour alone: ${element.outerHTML.slice(0, 120)}`);
  });
  return problems;
}"""
"""Every chart is an image with a name, followed by its data in a table; every status colour comes with words."""


@by_engine
@pytest.mark.parametrize("site_id", client_sites() + [pipeline.PORTFOLIO])
@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_key_pages_have_no_serious_accessibility_violations(demo, served, open_page, axe_script, site_id, scheme):
    page = open_page(viewport=DESKTOP, color_scheme="dark" if scheme == "slate" else "light")
    pages = key_pages(demo / site_id)
    violations = {}
    for name, path in pages.items():
        page.goto(f"{served[site_id]}/{path}")
        assert page.locator("body").get_attribute("data-md-color-scheme") == scheme
        chromium.draw_charts(page)
        found = axe_violations(page) + page.evaluate(NOT_BY_COLOUR_ALONE)
        if found:
            violations[path] = found
    assert violations == {}


SEARCH_WORDS = {DEMO_CLIENTS[language]: query for language, query, _ in SEARCHES}
"""A word each demo client's site finds, in its language: the screenshots show the search open too."""


@by_engine
@pytest.mark.parametrize("site_id", client_sites() + [pipeline.PORTFOLIO])
@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_key_pages_fit_the_screen_and_are_photographed(demo, served, open_page, engine, site_id, size):
    """No page scrolls sideways (wide tables scroll in their own box, charts shrink), and a screenshot for review,
    of each key page and, on a desktop, of the search with its results open."""
    page = open_page(viewport=size)
    too_wide = {}
    for name, path in key_pages(demo / site_id).items():
        page.goto(f"{served[site_id]}/{path}")
        chromium.draw_charts(page)
        page.wait_for_timeout(300)  # vega-embed resizes a chart on the next frame after its container
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > size["width"]:
            too_wide[path] = width
        charts = page.evaluate("""() => Array.from(document.querySelectorAll('.debrief-chart')).map(
            c => [c.getBoundingClientRect().width, c.querySelector('svg, canvas').getBoundingClientRect().width])""")
        for container, drawing in charts:
            if drawing > container + 1:
                too_wide[f"{path} chart"] = drawing
        shot = screenshot_path(engine, f"{site_id.replace('/', '_')}-{name}-{size['width']}x{size['height']}")
        page.screenshot(path=str(shot), full_page=True)
    if size is DESKTOP and site_id in SEARCH_WORDS:
        page.goto(f"{served[site_id]}/index.html")
        assert search(page, engine, SEARCH_WORDS[site_id])
        page.wait_for_timeout(300)  # the list's last results drawn
        page.screenshot(path=str(screenshot_path(engine, f"{site_id}-search-{size['width']}x{size['height']}")))
    assert too_wide == {}


def test_a_brand_colour_is_darkened_or_lightened_until_its_links_read_on_each_palette():
    from generator import colours
    from generator.render.sites import brand_css

    assert round(colours.contrast("#FFFFFF", "#000000"), 2) == 21.0
    assert round(colours.contrast("#717171", "#F5F5F5"), 3) == 4.477  # Material's grey text on its grey box: just under 4.5
    assert colours.readable_on("#b5542d", colours.LIGHT_BOX) == "#B5542D"  # reads already: unchanged
    gold_on_light, gold_on_dark = colours.readable_on("#FFD700", colours.LIGHT_BOX), colours.readable_on("#FFD700", colours.DARK_BOX)
    assert gold_on_dark == "#FFD700"
    assert colours.contrast(gold_on_light, colours.LIGHT_BOX) >= 4.5 > colours.contrast("#FFD700", colours.LIGHT_BOX)
    navy_on_dark = colours.readable_on("#1A237E", colours.DARK_BOX)
    assert colours.contrast(navy_on_dark, colours.DARK_BOX) >= 4.5 and colours.luminance(navy_on_dark) > colours.luminance("#1A237E")
    css = brand_css("#FFD700")
    assert f'[data-md-color-scheme="default"] {{ --md-typeset-a-color: {gold_on_light}; }}' in css


# --- HTML validity ---------------------------------------------------------------------------------

ENGINE_MARKUP = (
    # Material's navigation template (partials/nav-item.html; Zensical's too) writes `tabindex=""`
    # on the label of a section that is not a link.
    (re.compile(r"Bad value “” for attribute “tabindex” on element “label”"), re.compile(r'<label class="md-nav__link"')),
    # Material's base.html (and Zensical's) keeps its drawer and search toggles as checkboxes with
    # autocomplete="off", which HTML allows only on text-like inputs.
    (re.compile(r"Attribute “autocomplete” is only allowed when"), re.compile(r'<input class="md-toggle" data-md-toggle="(drawer|search)"')),
    # Zensical's base.html hides the drawer's overlay label from assistive technology.
    (re.compile(r"The “aria-hidden” attribute must not be used on any “label”"), re.compile(r'<label class="md-overlay" for="__drawer" aria-hidden="true">')),
)
"""vnu errors that come from the engines' own templates, not Debrief's markup: (message, element) patterns."""


def from_engine(message: dict) -> bool:
    return any(text.search(message["message"]) and element.search(message.get("extract", "")) for text, element in ENGINE_MARKUP)


@by_engine
def test_sampled_pages_are_valid_html(demo):
    if not VNU.is_file():
        missing_tool("vnu-jar is not installed: run `npm ci` (make test does it)")
    if not shutil.which("java"):
        missing_tool("java is not installed: run `apt-get install default-jre-headless` (.ci/run does it)")
    files = [
        demo / site_id / path for site_id in client_sites() + [pipeline.PORTFOLIO]
        for path in key_pages(demo / site_id).values()
    ]
    run = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--exit-zero-always", *map(str, files)],
        capture_output=True, text=True, check=True,
    )
    messages = json.loads(run.stderr)["messages"]
    errors = [
        f"{Path(urlsplit(m['url']).path).relative_to(demo)}:{m.get('lastLine', 0)}: {m['message']}"
        for m in messages if m["type"] == "error" and not from_engine(m)
    ]
    assert len(files) >= 5 * len(client_sites())
    assert errors == []


# --- print and PDF ----------------------------------------------------------------------------------


def pdf_pages(path: Path) -> tuple[int, str]:
    """Number of pages and page size line, from pdfinfo."""
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1)), re.search(r"^Page size:\s+(.*)$", info, re.M).group(1)


@by_engine
def test_debrief_pdf_writes_one_a4_pdf_per_report(agency, tmp_path, engine):
    chromium_path()
    out = tmp_path / "pdf"
    result = debrief("pdf", "acme", "--source", str(agency), "--out", str(out), "--engine", engine)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        ".debrief-manifest.json",  # the folder is Debrief's: the next run may write into it again
        "acme-campaigns-spring.pdf", "acme-reports-2026-03.pdf", "acme-reports-2026-w09.pdf", "acme-reports-2026-w10.pdf",
    ]
    assert f"Wrote 4 PDF(s) into {out}/" in result.stdout
    assert debrief("pdf", "acme", "--source", str(agency), "--out", str(out), "--engine", engine).returncode == 0, "its own folder again"
    campaign = pdf_text(out / "acme-campaigns-spring.pdf")
    for text in ("Spring Launch", "Orders", "Cost per order", "Click-through rate"):
        assert text in campaign
    pages, size = pdf_pages(out / "acme-campaigns-spring.pdf")
    assert pages >= 1 and "(A4)" in size
    assert "Internal" not in campaign  # printed from the client's own site, not the internal one


def test_debrief_pdf_of_an_unknown_client_is_an_error(agency, tmp_path):
    result = debrief("pdf", "nobody", "--source", str(agency), "--out", str(tmp_path / "pdf"))
    assert result.returncode == 1
    assert "campaigns: no client 'nobody'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "pdf").exists()


NAV_ONLY_TEXT = """() => {
  const article = document.querySelector('article').innerText;
  return Array.from(document.querySelectorAll('.md-sidebar--primary .md-nav__link'))
    .map(link => link.innerText.trim()).filter(text => text.length > 3 && !article.includes(text));
}"""
PRINTED_TABLE_HEADERS = """() => Array.from(document.querySelectorAll('article th'))
  .filter(th => !th.closest('details')).map(th => th.innerText)"""
"""Column headings of the page's tables; a chart's data table (in a closed <details>) is left off paper."""
CHART_WORDS = """() => Array.from(document.querySelectorAll('.debrief-chart .role-legend-label text'))
  .map(text => text.textContent.trim()).filter(Boolean)"""


@by_engine
def test_a_page_left_open_draws_its_charts_far_below_too_so_browser_printing_has_them(demo, served, open_page):
    """Charts near the screen are drawn at once, the rest while the browser is idle: nothing needs scrolling."""
    client = english_client()
    page = open_page(viewport=DESKTOP)
    page.goto(f"{served[client]}/{key_pages(demo / client)['campaign']}")
    far_below = page.evaluate("""() => Array.from(document.querySelectorAll('.debrief-chart'))
        .filter(chart => chart.getBoundingClientRect().top > 2 * window.innerHeight + 600).length""")
    assert far_below > 0, "the campaign page has charts far below the first screen"
    page.wait_for_function(chromium.EVERY_CHART_DRAWN, timeout=chromium.CHART_TIMEOUT_MS, polling=100)
    assert page.evaluate("window.scrollY") == 0
    assert page.locator(".debrief-chart svg").count() == page.locator(".debrief-chart").count()


@by_engine
@pytest.mark.parametrize("kind", ["campaign", "report"])
def test_a_report_prints_to_a4_with_charts_and_tables_and_without_navigation(
    demo, served, browser, open_page, engine, kind,
):
    """The demo's English campaign page and latest monthly report, printed as `debrief pdf` prints them."""
    from generator.commands import pdf

    client = english_client()
    site = demo / client
    page_path = key_pages(site)[kind]
    look = open_page(viewport=pdf.A4_SCREEN)
    look.goto(f"{served[client]}/{page_path}")
    chromium.draw_charts(look)
    nav_only, legend = look.evaluate(NAV_ONLY_TEXT), look.evaluate(CHART_WORDS)
    heading = look.locator("article h1").inner_text()
    table_headers = look.evaluate(PRINTED_TABLE_HEADERS)
    assert nav_only, "the page has a navigation to leave out"

    out = SCREENSHOTS.parent / "pdf" / engine
    [printed] = pdf.print_pages(browser, site, [page_path], out, client)
    text = " ".join(pdf_text(printed).split())
    pages, size = pdf_pages(printed)
    assert "(A4)" in size and pages >= 1
    assert heading in text
    assert {word for header in table_headers for word in header.split()} - set(text.split()) == set()
    assert [word for word in legend if word not in text] == []  # charts print as vector drawings with their text
    assert [label for label in nav_only if label in text] == []
    if shutil.which("pdftoppm"):  # the first sheet as a picture, for a reviewer
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(printed),
                        str(screenshot_path(engine, f"{client}-{kind}-pdf-page-1").with_suffix(""))], check=True)
