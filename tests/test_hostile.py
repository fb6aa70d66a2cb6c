"""Hostile content: script-like names, notes and CSV cells stay text, in a real browser.

Two clients carry attack strings in every free-text value of their YAML, CSV and
notes: ``acme`` has all of them in each value, ``globex`` one per value in turn.
Built by each engine, every page of their sites and of the internal sites is opened in Chromium: no
dialog may open, no page error, no request may leave the local server. A static
scan checks that no page or stylesheet refers to another host at all.
"""

from __future__ import annotations

import csv
import io
import json
import re
import textwrap
from html.parser import HTMLParser
from pathlib import Path

import pytest

from click.testing import CliRunner

from generator.commands import browser as chromium
from generator.cli import main
from generator import pipeline
from generator.problems import InvalidSource
from generator.render.base import _no_remote_source, note_html
from tests.support.agency import csv_text, make_agency, metrics_csv, write
from tests.support.engines import by_engine
from tests.support.serve import served
from tests.support.pages import output_files

PAYLOADS = (
    "</script><script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "[x](javascript:alert(3))",
    '"><svg onload=alert(4)>',
    "'><iframe src=javascript:alert(5)></iframe>",
    '<a href="javascript:alert(6)">click</a>',
    "<!-- --><script>alert(7)</script> {{7*7}} ${alert(8)} `</style><style>*{display:none}`",
    "<img src=https://tracker.invalid/pixel.png> ![p](//tracker.invalid/p.png) \u2028</script>",
    '<img src="\\\\tracker.invalid\\a.png"><img src="/\\tracker.invalid/b.png"><img src="\\/tracker.invalid/c.png">'
    '<img src=" &#9;//tracker.invalid/d.png"><img src="HTTPS:\\\\tracker.invalid\\e.png">',
)
HOSTILE_LOGO = """<?xml version="1.0"?>
<?xml-stylesheet href="https://tracker.invalid/pi.css" type="text/css"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 40 40" onload="alert(11)">
  <style>@import url(http://tracker.invalid/logo.css); .brand { fill: #b5542d }</style>
  <style>.brand { fill: #b5542d; stroke: url(#edge) } .mark { fill: url(https://tracker.invalid/fill.svg#p) }</style>
  <script>alert(12)</script>
  <script xlink:href="https://tracker.invalid/logo.js"/>
  <defs><linearGradient id="edge"><stop offset="0" stop-color="#222"/><stop offset="1" stop-color="#999"/></linearGradient>
    <filter id="f"><feImage href="https://tracker.invalid/fe.png"/><feGaussianBlur stdDeviation="0.5"/></filter></defs>
  <a href="javascript:alert(13)"><path class="brand" d="M4 4h32v32H4z" style="stroke-width: 2; fill: url(//tracker.invalid/s.png)"/></a>
  <image href="https://tracker.invalid/pixel.png" width="1" height="1"/>
  <image xlink:href="\\\\tracker.invalid\\b.png" width="1" height="1"/>
  <use xlink:href="https://tracker.invalid/sprite.svg#logo"/>
  <foreignObject width="10" height="10"><iframe xmlns="http://www.w3.org/1999/xhtml" src="javascript:alert(14)"/></foreignObject>
  <animate attributeName="href" to="javascript:alert(15)" begin="0s"/>
  <set attributeName="onclick" to="alert(16)"/>
  <circle class="mark" cx="20" cy="20" r="6" fill="#fff" onmouseover="alert(17)"/>
</svg>
"""
"""A logo that would run script and load from another host if it were copied as it is."""
LITERAL = "<img src=x onerror=alert(2)>"
"""A payload that must show on the page as the text it is."""
EXTERNAL = re.compile(r"""^[\x00-\x20]*(?:https?:)?[/\\]{2}""", re.I)
"""A URL on another host, as a browser reads it: a backslash is a slash (tabs and line breaks are removed first)."""


def hostile(client: str, field: int) -> str:
    """``acme``: every payload in every value; ``globex``: payload ``field`` (in turn)."""
    if client == "acme":
        return f"Acme {field} " + " ".join(PAYLOADS)
    return f"Globex {field} " + PAYLOADS[field % len(PAYLOADS)]


def write_hostile_client(root: Path, slug: str) -> None:
    """Overwrite one client of the small agency with hostile values everywhere free text goes."""
    counter = iter(range(1000))
    h = lambda: json.dumps(hostile(slug, next(counter)))  # noqa: E731  (a JSON string is a YAML scalar)
    write(root, f"campaigns/{slug}/client.yml", f"""\
        name: {h()}
        language: en
        currency: USD
        account_manager: {h()}
        brand: {{logo: logo.svg}}
        """)
    write(root, f"campaigns/{slug}/logo.svg", HOSTILE_LOGO)
    write(root, f"campaigns/{slug}/spring/campaign.yml", f"""\
        name: {h()}
        start: 2026-03-01
        end: 2026-03-10
        objectives: {{primary: {h()}, secondary: [{h()}]}}
        success: {h()}
        failure: {h()}
        budget: 1000
        hours: 40
        revision_rounds: 2
        kpis:
          - {{id: orders, name: {h()}, metric: conversions, target: 100, plan: {{2026-03: 100}}}}
          - {{id: cpa, name: {h()}, ratio: [spend, conversions], target: 10, better: lower, unit: currency}}
          - {{id: ctr, name: {h()}, ratio: [clicks, impressions], target: 0.05, unit: percent}}
        """)
    rows = list(csv.reader(io.StringIO(metrics_csv())))
    channels = {"search": hostile(slug, next(counter)), "social": hostile(slug, next(counter))}
    write(root, f"campaigns/{slug}/spring/metrics.csv",
          csv_text([rows[0]] + [[r[0], channels[r[1]], *r[2:]] for r in rows[1:]]))
    write(root, f"campaigns/{slug}/spring/work.csv",
          csv_text([["date", "person", "role", "hours", "task"],
                    ["2026-03-02", hostile(slug, next(counter)), hostile(slug, next(counter)), "3", hostile(slug, next(counter))]]))
    write(root, f"campaigns/{slug}/spring/deliverables.csv",
          csv_text([["name", "due", "delivered", "revisions"], [hostile(slug, next(counter)), "2026-03-05", "", "1"]]))
    for day, visibility in (("02", "client"), ("03", "internal")):
        body = "<div onclick=alert(9)><script>alert(10)</script><b>bold survives</b></div>\n\n" + "\n\n".join(PAYLOADS)
        write(root, f"content/{slug}/meetings/2026-03-{day}-check-in.md", textwrap.dedent(f"""\
            ---
            date: 2026-03-{day}
            type: check-in
            title: {h()}
            campaign: spring
            visibility: {visibility}
            attendees: [{h()}, {h()}]
            answers: {{tracking: {h()}, adjustments: {h()}}}
            decisions: [{h()}]
            actions:
              - {{id: {slug}-{day}, text: {h()}, owner: {h()}, due: 2026-03-20}}
            retro: {{went-well: [{h()}], to-improve: [{h()}], did-not-work: [{h()}]}}
            lessons:
              - {{text: {h()}, tags: [channels]}}
            ---
            """) + body)
    write(root, f"content/{slug}/surveys/2026-03-05-nps.yml", f"""\
        date: 2026-03-05
        kind: nps
        conducted_by: {h()}
        responses:
          - {{respondent: {h()}, score: 9, comment: {h()}}}
          - {{respondent: {h()}, score: 3, comment: {h()}}}
        """)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory, engine: str) -> Path:
    root = make_agency(tmp_path_factory.mktemp(f"hostile-{engine}") / "agency")
    for slug in ("acme", "globex"):
        write_hostile_client(root, slug)
    for slug in ("acme", "globex"):  # the next meeting prepared by `debrief new meeting`: it copies the hostile actions
        result = CliRunner().invoke(main, ["new", "meeting", slug, "--type", "check-in", "--campaign", "spring",
                                           "--date", "2026-03-21", "--source", str(root)])
        assert result.exit_code == 0, result.output
    out = root / "site"
    pipeline.build(root, out, engine=engine)
    return out


@pytest.fixture(scope="module")
def served_hostile(hostile_site: Path):
    with served(hostile_site) as origin:
        yield origin


def test_hostile_tag_is_rejected_by_validation(agency):
    """Lesson tags are slugs: markup there is a validation error, never output."""
    note = (agency / "content/acme/meetings/2026-03-02-check-in.md").read_text()
    write(agency, "content/acme/meetings/2026-03-02-check-in.md", note.replace("tags: [channels]", 'tags: ["<b>x</b>"]'))
    with pytest.raises(InvalidSource) as caught:
        pipeline.load(agency)
    assert any(p.path.endswith("2026-03-02-check-in.md") and "lessons.0.tags.0" in p.message for p in caught.value.problems)


@by_engine
def test_no_script_from_data_runs_in_the_browser(browser, hostile_site, served_hostile):
    pages = sorted(p.relative_to(hostile_site).as_posix() for p in output_files(hostile_site, "*.html"))
    assert len(pages) > 20
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    errors: list[str] = []
    requests: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(f"{page.url}: {dialog.message}"), dialog.dismiss()))
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    page.on("console", lambda message: errors.append(f"{page.url}: {message.text}")
            if message.type == "error" and not message.text.startswith("Failed to load resource") else None)
    page.on("request", lambda request: requests.append(request.url))
    for relative in pages:
        page.goto(f"{served_hostile}/{relative}", wait_until="load")
        chromium.draw_charts(page)
        if page.locator(".debrief-chart svg").count():
            page.locator(".debrief-chart svg").first.hover()
    page.goto(f"{served_hostile}/acme/index.html", wait_until="load")
    shown = page.inner_text("body")
    context.close()
    assert dialogs == []
    assert errors == []
    assert [url for url in requests if not url.startswith(served_hostile + "/")] == []
    assert LITERAL in shown, "hostile names are shown as text, not dropped"


@pytest.mark.parametrize("how", ["served", "from-disk"])
def test_the_published_logo_runs_no_script_and_loads_nothing_in_the_browser(browser, hostile_site, served_hostile, how):
    """The logo opened on its own, where an SVG's script would run in the site's origin: it only draws."""
    logo = hostile_site / "acme" / "assets" / "logo.svg"
    text = logo.read_text(encoding="utf-8")
    for active in ("script", "onload", "onclick", "onmouseover", "javascript", "tracker", "foreignObject", "@import", "<image"):
        assert active not in text, active
    context = browser.new_context()
    page = context.new_page()
    dialogs, errors, requests = [], [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda request: requests.append(request.url))
    url = f"{served_hostile}/acme/assets/logo.svg" if how == "served" else logo.as_uri()
    page.goto(url, wait_until="load")
    page.mouse.move(20, 20)
    page.mouse.click(20, 20)
    drawn = page.evaluate("document.querySelectorAll('path, circle').length")
    context.close()
    assert dialogs == [] and errors == []
    assert requests == [url]
    assert drawn == 2, "the drawing itself is kept"


class ActiveMarkup(HTMLParser):
    """Collects what could run in a page: inline scripts, event handlers, script URLs, frames."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.script: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            if name in ("href", "src", "action", "formaction", "xlink:href") and (value or "").strip().lower().startswith(
                ("javascript:", "vbscript:", "data:text/html")
            ):
                self.found.append(f"<{tag} {name}={value}>")
        if tag in ("iframe", "frame", "object", "embed", "base", "style") or (tag == "meta" and "http-equiv" in dict(attrs)):
            self.found.append(f"<{tag}>")
        if tag == "script":
            self.script = dict(attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.script = None

    def handle_data(self, data: str) -> None:
        if self.script is not None and self.script.get("type") != "application/json" and "alert(" in data:
            self.found.append(f"<script>{data[:80]}")


@by_engine
def test_pages_carry_no_active_markup_from_data(hostile_site):
    found = []
    for path in sorted(output_files(hostile_site, "*.html")):
        parser = ActiveMarkup()
        parser.feed(path.read_text(encoding="utf-8"))
        found += [f"{path.relative_to(hostile_site)}: {item}" for item in parser.found]
    assert found == []
    note = (hostile_site / "acme/meetings/2026-03-02-check-in.html").read_text(encoding="utf-8")
    assert "<b>bold survives</b>" in note


class LoadedResources(HTMLParser):
    """Every URL a page loads by itself (not links a person clicks), and its inline CSS."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.css: list[str] = []
        self.in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("src", "srcset", "poster", "data"):
            if values.get(name):
                self.urls.append(values[name] or "")
        if tag == "link" and values.get("href") and values.get("rel") not in ("canonical", "alternate", "prev", "next"):
            self.urls.append(values["href"] or "")
        if values.get("style"):
            self.css.append(values["style"] or "")
        self.in_style = tag == "style"

    def handle_data(self, data: str) -> None:
        if self.in_style:
            self.css.append(data)


def external_references(site: Path) -> list[str]:
    """Every place a page or stylesheet would load something from another host."""
    found = []
    for path in output_files(site):
        if path.suffix == ".html":
            parser = LoadedResources()
            parser.feed(path.read_text(encoding="utf-8"))
            found += [f"{path.relative_to(site)}: {url}" for url in parser.urls if EXTERNAL.match(re.sub(r"[\t\n\r]", "", url))]
            css = "\n".join(parser.css)
        elif path.suffix == ".css":
            css = path.read_text(encoding="utf-8")
        else:
            continue
        for reference in re.findall(r"""url\(\s*["']?([^"')]*)|@import\s+["']([^"']*)""", css):
            if any(EXTERNAL.match(part) for part in reference if part):
                found.append(f"{path.relative_to(site)}: {reference}")
    return found


@by_engine
def test_no_output_refers_to_another_host(built, hostile_site):
    assert external_references(built) == []
    assert external_references(hostile_site) == []


REMOTE_IN_NOTES = [
    '<img src="\\\\tracker.invalid\\x.png">',
    '<img src="/\\tracker.invalid/x.png">',
    '<img src="\\/tracker.invalid/x.png">',
    '<img src="\\\\tracker.invalid/x.png">',
    '<img src="  //tracker.invalid/x.png">',
    '<img src="&#9;//tracker.invalid/x.png">',
    '<img src="/&#10;/tracker.invalid/x.png">',
    '<img src="&#47;&#47;tracker.invalid/x.png">',
    '<img src="HTTPS:\\\\tracker.invalid\\x.png">',
    '<img src="http:tracker.invalid/x.png">',
    '<img src="data:image/svg+xml,<svg onload=alert(1)>">',
    "![pixel](//tracker.invalid/x.png)",
    "![pixel](<\\\\\\\\tracker.invalid\\x.png>)",  # Markdown reads \\\\ as \\: the page gets \\\\tracker.invalid
]


@pytest.mark.parametrize("body", REMOTE_IN_NOTES)
def test_a_note_loads_nothing_from_another_host_however_the_url_is_written(body):
    html = note_html(f"Before\n\n{body}\n\nAfter")
    assert "tracker.invalid" not in html and "src=" not in html, html
    assert "Before" in html and "After" in html


@pytest.mark.parametrize("tag, attribute, value", [
    ("img", "srcset", "a.png 1x, \\\\tracker.invalid\\b.png 2x"), ("video", "poster", "/\\tracker.invalid/p.png"),
    ("source", "src", "\\/tracker.invalid/v.mp4"), ("link", "href", "//tracker.invalid/s.css"),
    ("div", "style", "background: url(\\\\tracker.invalid\\b.png)"), ("div", "style", "background: image-set('//t.invalid/x' 1x)"),
    ("div", "style", "background: u\\rl(//t.invalid/x)"), ("object", "data", "https://tracker.invalid/o"),
])
def test_every_attribute_that_loads_is_judged_like_a_browser(tag, attribute, value):
    """nh3 allows few of these today; the filter judges each anyway, so a wider allow-list stays safe."""
    assert _no_remote_source(tag, attribute, value) is None
    assert _no_remote_source("a", "href", "https://example.org/a-link-a-person-clicks") is not None


def test_a_note_keeps_its_own_images():
    assert 'src="images/chart.png"' in note_html("![chart](images/chart.png)")


def test_external_reference_scan_finds_one(tmp_path):
    (tmp_path / "a.html").write_text('<img src="https://cdn.example/x.png"><link rel="stylesheet" href="//cdn.example/s.css">')
    (tmp_path / "b.css").write_text("@import 'https://fonts.example/f.css'; a { background: url(http://x.example/i.png) }")
    assert len(external_references(tmp_path)) == 4
