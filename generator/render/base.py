"""What every page shares: escaping, the Jinja environment, page and site records.

Output is plain Markdown that MkDocs turns into HTML. Every value from a user's
file is escaped by construction: the Jinja environment's ``finalize`` escapes any
plain string for Markdown (and HTML) unless it is already ``Markup``. Inside raw
HTML blocks templates use ``|e``, which here is the same Markdown-and-HTML escape:
Markdown still parses inline HTML's content (a link in a table cell), so HTML
escaping alone would let a ``[x](javascript:...)`` in a name become a link.
Values passed to ``.format()`` or ``join`` in a Markdown context go through ``|md``
first, since those filters would otherwise only HTML-escape them.
Note bodies are rendered to HTML here and cleaned with nh3's allow-list, so no
script a person wrote in a note ever reaches a page.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import markdown
from babel.dates import format_interval
import nh3
from jinja2 import BytecodeCache, Environment, PackageLoader, StrictUndefined
from jinja2.bccache import Bucket
from markupsafe import Markup, escape

from ..compute.internal import refuse_internal
from ..compute.track_record import TrackRecord
from ..i18n import Formatter
from ..layout import Links, NavEntry
from ..models import Client, Meeting
from ..questions import question_text
from .labels import alert_kind_label, meeting_title, meeting_type_label, rhythm_labels

TEXT_ENTITIES = str.maketrans({char: f"&#{ord(char)};" for char in "&<>\"'\\`*_{}[]()|~!#"})
"""HTML's special characters and Markdown's, as numeric character references.

References read the same in Markdown text, in raw HTML blocks and in attribute
values, so one escape fits every context a template writes a value into."""
NOTE_EXTENSIONS = ["tables", "sane_lists", "fenced_code", "def_list"]
STATUS_ICONS = {
    "on-track": "✓", "met": "✓", "at-risk": "⚠", "off-track": "✗", "missed": "✗", "not-started": "…", "no-data": "–",
}


def md_escape(value: Any) -> Markup:
    """Escape text for Markdown and HTML at once; line breaks fold to spaces."""
    if isinstance(value, Markup):
        return value
    return Markup(" ".join(str(value).split()).translate(TEXT_ENTITIES))


def json_for_script(data: Any) -> Markup:
    """JSON safe inside a ``<script>`` element: no ``</script>`` or comment can break out."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def note_html(body: str) -> Markup:
    """A note's Markdown as sanitised HTML: formatting survives, scripts and handlers do not."""
    html = markdown.markdown(body, extensions=NOTE_EXTENSIONS, output_format="html")
    return Markup(nh3.clean(html, link_rel="noopener noreferrer", attribute_filter=_no_remote_source))


LOADING_ATTRIBUTES = frozenset({
    "src", "srcset", "imagesrcset", "poster", "data", "background", "lowsrc", "dynsrc", "ping", "action", "formaction",
    "manifest", "codebase", "xlink:href",
})
"""Attributes whose URL a browser fetches by itself when the page opens (``href`` too, but on a link)."""
CSS_LOADS = re.compile(r"url\(|image-set\(|image\(|@import|\\", re.I)
URL_SPACE = "".join(map(chr, range(0x21)))
"""What a browser strips from both ends of a URL: spaces and control characters."""


def _no_remote_source(tag: str, attribute: str, value: str) -> str | None:
    """Drop what would load from another host when the page opens (a tracking pixel), in any attribute that loads."""
    if attribute == "style":
        return None if CSS_LOADS.search(value) else value
    if attribute in LOADING_ATTRIBUTES or (attribute == "href" and tag not in ("a", "area")):
        candidates = re.split(r"[\s,]+", value) if attribute.endswith("srcset") else [value]
        if any(loads_from_elsewhere(url) for url in candidates if url):
            return None
    return value


def loads_from_elsewhere(url: str) -> bool:
    """True unless ``url`` is a path on the page's own host, judged as a browser parses it.

    A browser drops tabs and line breaks anywhere, strips spaces and control characters
    at both ends and reads a backslash as a slash, so ``\\\\host\\x``, ``/\\host/x`` and
    ``\\/host/x`` all name another host. Any scheme counts too (``data:``, ``http:``).
    """
    cleaned = re.sub(r"[\t\n\r]", "", url).strip(URL_SPACE).replace("\\", "/")
    try:
        parts = urlsplit(cleaned)
    except ValueError:  # e.g. an unclosed [IPv6 address
        return True
    return bool(parts.scheme or parts.netloc)


class CompiledTemplates(BytecodeCache):
    """Compiled templates kept in memory, shared by every Jinja environment of the process.

    Each site gets its own environment (its language, its currency); compiling the
    same templates again for each of hundreds of sites was a large part of a build.
    Jinja checks each entry against the template's source, so an edit still shows.
    """

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self._compiled:
            bucket.bytecode_from_string(self._compiled[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


COMPILED_TEMPLATES = CompiledTemplates()


def _vega_safe(data: Any) -> Any:
    """The spec with line and paragraph separators (U+2028, U+2029) as spaces in every text.

    Vega-Lite copies titles into Vega expressions, whose parser rejects those characters in a
    string: one in a KPI name would leave its chart empty (pages fold them to spaces too)."""
    if isinstance(data, str):
        return data.replace("\u2028", " ").replace("\u2029", " ")
    if isinstance(data, dict):
        return {_vega_safe(key): _vega_safe(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_vega_safe(item) for item in data]
    return data


@dataclass(frozen=True)
class Page:
    path: str
    """Relative to the docs folder, e.g. ``campaigns/spring.md``."""
    title: str
    markdown: str
    model: Any = None
    """The page model it was rendered from (``compute.pages``), written as JSON beside it in the work folder
    (or that JSON already, for pages kept between builds)."""


@dataclass
class SiteSpec:
    """Everything MkDocs needs for one site, as data: pages, navigation, theme settings."""

    site_id: str
    """``<client>``, ``internal`` or ``internal/<client>``: also the folder under the output."""
    title: str
    language: str
    pages: list[Page] = field(default_factory=list)
    nav: list[NavEntry] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)
    """Extra files for the docs folder (logo, brand CSS)."""
    logo: str | None = None
    palette_labels: dict[str, str] = field(default_factory=dict)
    """Palette scheme -> the words on the toggle that switches to it, in the site's language ("": the system's)."""
    search: dict[str, object] = field(default_factory=dict)
    """The search plugin's settings for the site's language (word separator, language, segmentation)."""


class Renderer:
    """Renders the pages of one site with one formatter (language and currency)."""

    def __init__(self, fmt: Formatter, internal: bool):
        self.fmt = fmt
        self.internal = internal
        self.env = Environment(
            loader=PackageLoader("generator", "templates"),
            autoescape=True,
            finalize=md_escape,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            extensions=["jinja2.ext.i18n"],
            bytecode_cache=COMPILED_TEMPLATES,
        )
        self.env.install_gettext_callables(fmt.gettext, fmt.ngettext, newstyle=True)
        self.env.filters.update(
            num=lambda v, d=0: Markup(escape(fmt.number(v, d))),
            dec=lambda v: Markup(escape(fmt.decimal(v))),
            pct=lambda v, d=1: Markup(escape(fmt.percent(v, d))),
            money=lambda v: Markup(escape(fmt.money(v))),
            date=lambda v, f="medium": Markup(escape(fmt.date(v, f))),
            month=lambda v: Markup(escape(fmt.month(v))),
            kpi=self.kpi_value,
            actual=self.kpi_actual,
            delta=self.kpi_delta,
            status=self.status_label,
            note=note_html,
            md=md_escape,
            e=md_escape,
            escape=md_escape,
        )
        self.env.globals.update(
            chart=self.chart, question=self.question, status_icon=STATUS_ICONS, meeting_name=self.meeting_name,
            week_title=self.week_title, week_dates=self.week_dates, client_money=self.client_money,
            client_delta=self.client_delta,
            type_label=lambda meeting_type: meeting_type_label(meeting_type, fmt),
            rhythm_label=lambda kind: rhythm_labels(fmt)[kind],
            alert_label=lambda kind: alert_kind_label(kind, fmt),
        )
        self._chart_count = 0

    def render(self, template: str, path: str, **context: Any) -> str:
        """A page at ``path``: its template links to other pages through ``link`` (Markdown) and ``href`` (raw HTML)."""
        return self.env.get_template(template).render(
            internal=self.internal, link=Links(path), href=Links(path, html=True), **context)

    def kpi_value(self, value: float | None, unit: str) -> Markup:
        if unit == "percent":
            text = self.fmt.percent(value, 2)
        elif unit == "currency":
            text = self.fmt.money(value)
        else:
            # A value as shown (a Decimal from the page model) keeps its decimals: a change equals
            # the difference of the figures beside it.
            small = value is not None and (isinstance(value, Decimal) or abs(value) < 100)
            text = self.fmt.decimal(value) if small else self.fmt.number(value)
        return Markup(escape(text))

    def kpi_actual(self, report: Any) -> Markup:
        """A KPI report's actual value; a ratio with nothing to divide by says so (no conversions), not n/a."""
        if report.nothing_to_divide_by:
            return md_escape(self.fmt.gettext("no {column}").format(column=report.nothing_to_divide_by))
        return self.kpi_value(report.actual, report.kpi.unit)

    def kpi_delta(self, value: float | None, unit: str) -> Markup:
        """A change with its sign: +120, −$1.50; percent KPIs change by percentage points.

        ``unit="relative"`` is a change as a share of the old value: +12.5%.
        """
        if value is None:
            return self.kpi_value(value, unit)
        if unit == "relative":
            text = escape(self.fmt.percent(abs(value), 1))
        elif unit == "percent":
            text = escape(self.fmt.gettext("{value} pp").format(value=self.fmt.number(abs(value) * 100, 2)))
        else:
            text = self.kpi_value(abs(value), unit)
        return Markup("+" if value > 0 else "−" if value < 0 else "") + text

    def status_label(self, status: str) -> Markup:
        labels = {
            "on-track": self.fmt.gettext("On track"), "at-risk": self.fmt.gettext("At risk"),
            "off-track": self.fmt.gettext("Off track"), "met": self.fmt.gettext("Met"),
            "missed": self.fmt.gettext("Missed"), "not-started": self.fmt.gettext("Not started"),
            "no-data": self.fmt.gettext("No data yet"),
        }
        return Markup(escape(labels[status]))

    def week_title(self, week: Any) -> str:
        return self.fmt.gettext("Week {week}, {year}").format(week=week.iso[1], year=week.iso[0])

    def week_dates(self, week: Any) -> str:
        return format_interval(week.monday, week.sunday, skeleton="yMMMd", locale=self.fmt.locale)

    def client_money(self, value: Any, client: Client) -> Markup:
        """An amount of a client on the portfolio: its currency, with the symbol its own site writes."""
        return Markup(escape(Formatter(self.fmt.language, client.spec.currency, client.spec.language).money(value)))

    def client_delta(self, value: Any, client: Client) -> Markup:
        """A change of a client's amount with its sign (+, or − as every page writes it)."""
        if value is None:
            return self.client_money(value, client)
        return Markup("+" if value > 0 else "−" if value < 0 else "") + self.client_money(abs(value), client)

    def meeting_name(self, meeting: Meeting, dated: bool = True, language: str | None = None) -> str:
        """How a page names a meeting (``dated=False`` where its date is printed beside it;
        ``language``: in its client's language, on the portfolio's library)."""
        return meeting_title(meeting, Formatter(language) if language else self.fmt, dated)

    def question(self, meeting_type: str, key: str) -> str:
        return question_text(meeting_type, key, self.fmt.language)

    def chart(self, spec: dict[str, Any], label: str) -> Markup:
        """A chart element: the Vega-Lite spec inline (no fetch, so it works from disk too)."""
        self._chart_count += 1
        chart_id = f"debrief-chart-{self._chart_count}"
        return Markup(
            f'<div class="debrief-chart" data-spec="{chart_id}" role="img" aria-label="{escape(label)}"></div>\n'
            f'<script type="application/json" id="{chart_id}">{json_for_script(_vega_safe(spec))}</script>'
        )


@dataclass(frozen=True)
class SiteContext:
    """What the page builders of one site share."""

    client: Client
    as_of: dt.date
    renderer: Renderer
    record: TrackRecord | None = None
    """The agency's track record: internal client sites only (a client's own site never gets it)."""

    @property
    def fmt(self) -> Formatter:
        return self.renderer.fmt

    def page(self, path: str, nav_title: str, template: str, model: Any, **context: Any) -> Page:
        """A page at ``path`` from its model (``page`` in the template).

        On a client's own site the model's type must keep internal values out (alerts, the
        agency's track record): a page model that could hold one stops the build here.
        """
        if not self.renderer.internal:
            refuse_internal(model, f"{self.client.slug}/{path}")
        markdown = self.renderer.render(template, path, page=model, client=self.client, as_of=self.as_of, **context)
        return Page(path, nav_title, markdown, model)
