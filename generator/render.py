"""Render computed figures into the Markdown pages and chart specs of each site.

Output is plain Markdown that MkDocs turns into HTML. Every value from a user's
file is escaped by construction: the Jinja environment's ``finalize`` escapes any
plain string for Markdown (and HTML) unless it is already ``Markup``. Inside raw
HTML blocks templates use ``|e`` (HTML escaping), which also yields ``Markup``.
Values passed to ``.format()`` or ``join`` in a Markdown context go through ``|md``
first, since those filters would otherwise only HTML-escape them.
Note bodies are rendered to HTML here and cleaned with nh3's allow-list, so no
script a person wrote in a note ever reaches a page.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

import markdown
import nh3
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from . import charts
from .compute import actions as action_compute
from .compute import campaigns as campaign_compute
from .compute import satisfaction
from .i18n import Formatter
from .models import Agency, Client, Meeting
from .questions import question_keys, question_text

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
    return Markup(nh3.clean(html, link_rel="noopener noreferrer"))


@dataclass(frozen=True)
class Page:
    path: str
    """Relative to the docs folder, e.g. ``campaigns/spring.md``."""
    title: str
    markdown: str


@dataclass
class SiteSpec:
    """Everything MkDocs needs for one site, as data: pages, navigation, theme settings."""

    site_id: str
    """``<client>``, ``internal`` or ``internal/<client>``: also the folder under the output."""
    title: str
    language: str
    pages: list[Page] = field(default_factory=list)
    nav: list[Any] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)
    """Extra files for the docs folder (logo, brand CSS)."""
    brand_color: str | None = None
    logo: str | None = None


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
        )
        self.env.install_gettext_callables(fmt.gettext, fmt.ngettext, newstyle=True)
        self.env.filters.update(
            num=lambda v, d=0: Markup(escape(fmt.number(v, d))),
            dec=lambda v: Markup(escape(fmt.decimal(v))),
            pct=lambda v, d=1: Markup(escape(fmt.percent(v, d))),
            money=lambda v, cents=True: Markup(escape(fmt.money(v, cents))),
            date=lambda v, f="medium": Markup(escape(fmt.date(v, f))),
            month=lambda v: Markup(escape(fmt.month(v))),
            kpi=self.kpi_value,
            status=self.status_label,
            note=note_html,
            md=md_escape,
        )
        self.env.globals.update(chart=self.chart, question=self.question, status_icon=STATUS_ICONS)
        self._chart_count = 0

    def render(self, template: str, **context: Any) -> str:
        return self.env.get_template(template).render(internal=self.internal, **context)

    def kpi_value(self, value: float | None, unit: str) -> Markup:
        if unit == "percent":
            text = self.fmt.percent(value, 2)
        elif unit == "currency":
            text = self.fmt.money(value)
        else:
            text = self.fmt.decimal(value) if value is not None and abs(value) < 100 else self.fmt.number(value)
        return Markup(escape(text))

    def status_label(self, status: str) -> Markup:
        labels = {
            "on-track": self.fmt.gettext("On track"), "at-risk": self.fmt.gettext("At risk"),
            "off-track": self.fmt.gettext("Off track"), "met": self.fmt.gettext("Met"),
            "missed": self.fmt.gettext("Missed"), "not-started": self.fmt.gettext("Not started"),
            "no-data": self.fmt.gettext("No data yet"),
        }
        return Markup(escape(labels[status]))

    def question(self, meeting_type: str, key: str) -> str:
        return question_text(meeting_type, key, self.fmt.language)

    def chart(self, spec: dict[str, Any], label: str) -> Markup:
        """A chart element: the Vega-Lite spec inline (no fetch, so it works from disk too)."""
        self._chart_count += 1
        chart_id = f"debrief-chart-{self._chart_count}"
        return Markup(
            f'<div class="debrief-chart" data-spec="{chart_id}" role="img" aria-label="{escape(label)}"></div>\n'
            f'<script type="application/json" id="{chart_id}">{json_for_script(spec)}</script>'
        )


# --- client sites -----------------------------------------------------------------------


def client_site(client: Client, as_of: dt.date, internal: bool) -> SiteSpec:
    """The pages of one client's site; the internal variant also shows internal notes.

    A client site must be given ``client.for_client_site()``: internal notes are
    removed from the model before rendering, never hidden by a template condition.
    """
    fmt = Formatter(client.spec.language, client.spec.currency)
    renderer = Renderer(fmt, internal)
    _ = fmt.gettext
    reports = [campaign_compute.campaign_report(c, as_of) for c in client.campaigns]
    register = action_compute.register(client.meetings, as_of)
    scores = satisfaction.scores(client.surveys, as_of)
    latest_weekly = next((m for m in reversed(client.meetings) if m.spec.type == "weekly" and m.spec.date <= as_of), None)
    site_id = f"internal/{client.slug}" if internal else client.slug
    title = f"{client.spec.name} · {_('internal')}" if internal else client.spec.name
    site = SiteSpec(site_id, title, client.spec.language)
    common = {"client": client, "as_of": as_of}

    site.pages.append(Page("index.md", client.spec.name, renderer.render(
        "client_home.md.j2", reports=reports, open_actions=action_compute.still_open(register),
        latest_weekly=latest_weekly, latest_scores=[s for s in (satisfaction.latest(scores, "nps"), satisfaction.latest(scores, "csi")) if s],
        **common,
    )))
    campaign_nav = []
    for report in reports:
        path = f"campaigns/{report.campaign.slug}.md"
        site.pages.append(Page(path, report.campaign.spec.name, renderer.render(
            "campaign.md.j2", report=report, charts=_campaign_charts(report, fmt),
            months={k.kpi.id: campaign_compute.monthly_plan_vs_fact(k.kpi, report.campaign, report.period) for k in report.kpis},
            meetings=[m for m in client.meetings if m.spec.campaign == report.campaign.slug],
            **common,
        )))
        campaign_nav.append({report.campaign.spec.name: path})

    meeting_nav: dict[str, list[Any]] = {}
    for meeting in client.meetings:
        path = f"meetings/{meeting.slug}.md"
        site.pages.append(Page(path, meeting_title(meeting, fmt), renderer.render(
            "meeting.md.j2", meeting=meeting, title=meeting_title(meeting, fmt),
            questions=question_keys(meeting.spec.type),
            carried=action_compute.carried_over(client.meetings, meeting),
            campaign=client.campaign(meeting.spec.campaign) if meeting.spec.campaign else None,
            **common,
        )))
        meeting_nav.setdefault(str(meeting.spec.date.year), []).insert(0, {meeting_title(meeting, fmt): path})
    site.pages.append(Page("meetings/index.md", _("Meetings"), renderer.render(
        "meetings.md.j2", meetings=list(reversed(client.meetings)), register=register,
        titles={m.slug: meeting_title(m, fmt) for m in client.meetings}, **common,
    )))
    site.pages.append(Page("satisfaction.md", _("Satisfaction"), renderer.render(
        "satisfaction.md.j2", scores=scores, chart_spec=None,
        fee=satisfaction.fee(client.spec.fee, satisfaction.latest(scores, client.spec.fee.score)) if client.spec.fee else None,
        **common,
    )))
    site.pages.append(Page("lessons.md", _("Lessons learned"), renderer.render(
        "lessons.md.j2", lessons=lessons_by_tag([(client, m) for m in client.meetings]),
        titles={m.slug: meeting_title(m, fmt) for m in client.meetings}, link_prefix="meetings/", **common,
    )))

    site.nav = [
        {_("Home"): "index.md"},
        {_("Campaigns"): campaign_nav},
        {_("Meetings"): ["meetings/index.md"] + [{year: entries} for year, entries in sorted(meeting_nav.items(), reverse=True)]},
        {_("Satisfaction"): "satisfaction.md"},
        {_("Lessons learned"): "lessons.md"},
    ]
    if client.spec.brand and client.spec.brand.color:
        site.brand_color = client.spec.brand.color
    if client.logo is not None:
        site.logo = f"assets/logo{client.logo.suffix.lower()}"
        site.files[site.logo] = client.logo.read_bytes()
    return site


def _campaign_charts(report: campaign_compute.CampaignReport, fmt: Formatter) -> dict[str, dict[str, Any]]:
    specs: dict[str, dict[str, Any]] = {}
    for kpi_report in report.kpis:
        series = campaign_compute.cumulative_series(kpi_report.kpi, report.campaign, report.period)
        specs[f"{kpi_report.kpi.id}-progress"] = charts.kpi_progress(kpi_report, series, report.period, fmt)
        if kpi_report.kpi.plan:
            rows = campaign_compute.monthly_plan_vs_fact(kpi_report.kpi, report.campaign, report.period)
            specs[f"{kpi_report.kpi.id}-monthly"] = charts.monthly_plan_vs_fact(kpi_report, rows, fmt)
    return specs


def meeting_title(meeting: Meeting, fmt: Formatter) -> str:
    if meeting.spec.title:
        return meeting.spec.title
    return f"{meeting_type_label(meeting.spec.type, fmt)} · {fmt.date(meeting.spec.date)}"


def meeting_type_label(meeting_type: str, fmt: Formatter) -> str:
    _ = fmt.gettext
    return {
        "pre-launch": _("Pre-launch check-in"), "check-in": _("In-flight check-in"), "post-mortem": _("Post-mortem"),
        "retro": _("Retrospective"), "quarterly-review": _("Quarterly review"), "weekly": _("Weekly summary"),
        "meeting": _("Meeting"),
    }[meeting_type]


def lessons_by_tag(sources: list[tuple[Client, Meeting]]) -> dict[str, list[tuple[Client, Meeting, Any]]]:
    """Lessons grouped by tag (untagged under ''), tags in name order."""
    grouped: dict[str, list[tuple[Client, Meeting, Any]]] = {}
    for client, meeting in sources:
        for lesson in meeting.spec.lessons:
            for tag in lesson.tags or [""]:
                grouped.setdefault(tag, []).append((client, meeting, lesson))
    return dict(sorted(grouped.items()))


# --- the agency's portfolio -------------------------------------------------------------


def portfolio_site(agency: Agency, as_of: dict[str, dt.date]) -> SiteSpec:
    """The internal front page: every client at a glance, and every lesson, internal ones included."""
    fmt = Formatter(agency.language)
    renderer = Renderer(fmt, internal=True)
    _ = fmt.gettext
    rows = []
    for client in agency.clients:
        day = as_of[client.slug]
        reports = [campaign_compute.campaign_report(c, day) for c in client.campaigns]
        register = action_compute.register(client.meetings, day)
        scores = satisfaction.scores(client.surveys, day)
        rows.append({
            "client": client, "as_of": day, "reports": reports,
            "open": sum(1 for t in register if t.state == "open"),
            "overdue": sum(1 for t in register if t.state == "overdue"),
            "nps": satisfaction.latest(scores, "nps"), "csi": satisfaction.latest(scores, "csi"),
            "fmt": Formatter(agency.language, client.spec.currency),
        })
    site = SiteSpec("internal", _("Agency portfolio"), agency.language)
    site.pages.append(Page("index.md", _("Portfolio"), renderer.render("portfolio.md.j2", rows=rows)))
    sources = [(c, m) for c in agency.clients for m in c.meetings]
    titles = {m.slug: meeting_title(m, Formatter(c.spec.language)) for c, m in sources}
    site.pages.append(Page("lessons.md", _("Lessons learned"), renderer.render(
        "lessons.md.j2", lessons=lessons_by_tag(sources), titles=titles, link_prefix=None, client=None,
    )))
    site.nav = [{_("Portfolio"): "index.md"}, {_("Lessons learned"): "lessons.md"}]
    return site
