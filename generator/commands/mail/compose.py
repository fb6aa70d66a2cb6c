"""A page model becomes a message: HTML that mail clients render, a plain text that reads on its own, charts as PNG.

Every figure and word comes from the same page model as the page on the client's
site (``compute.pages``), formatted by the site's own formatters and catalog, so a
message never disagrees with the report it links to. A client's message is made
from the client as its own site sees it (no internal note, nothing after the report
date); only the staff digest sees internal notes.

The HTML is written with a stylesheet, which ``css-inline`` moves into ``style``
attributes as mail clients need (media queries stay in a ``<style>`` block for the
clients that read them); layout is tables; there is no script, no web font and no
image from another host: charts travel inside the message (``multipart/related``,
``cid:``), drawn offline by vl-convert from the site's chart specs.
"""

from __future__ import annotations

import copy
import datetime as dt
import html
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any, Callable

import css_inline
import vl_convert
from jinja2 import Environment, PackageLoader, StrictUndefined

from ... import charts, colours, layout
from ...compute import periodic
from ...compute.internal import refuse_internal
from ...compute.pages import alerts as alerts_pages
from ...compute.pages import campaign as campaign_pages
from ...compute.pages import meetings as meeting_pages
from ...compute.pages import reports as report_pages
from ...compute.pages.common import known_on
from ...i18n import Formatter
from ...models import Client, Meeting
from ...problems import Problem
from ...render.base import STATUS_ICONS, Renderer, note_html
from ...render.reports import campaign_charts
from .schedule import Due, recipients
from .settings import MailSettings

CHART_WIDTH = 560
"""Pixels the charts are drawn for: the message's column is 600 wide with 20 of padding each side."""
CHART_SCALE = 2
"""Drawn at twice the size, so they stay sharp on high-density screens."""
SHARED_FILTERS = ("num", "dec", "pct", "money", "date", "month", "kpi", "delta", "status")
"""The site's own formatters: a figure reads the same in the message as on the page."""
STATUS_COLOURS = {
    "on-track": "#1E6B34", "met": "#1E6B34", "at-risk": "#8A4B00", "off-track": "#B3261E", "missed": "#B3261E",
    "not-started": "#555555", "no-data": "#555555",
}
"""Status words in the message, each readable on white (contrast 4.5:1 or more); an icon and a word, never colour alone."""


@dataclass(frozen=True)
class Chart:
    cid: str
    """The Content-ID the HTML refers to (``cid:...``)."""
    label: str
    """What the chart shows, as its alternative text; its figures are in the table beside it."""
    png: bytes


@dataclass(frozen=True)
class Composed:
    """A message before it becomes MIME: what it says, to whom, in which language."""

    due: Due
    subject: str
    language: str
    to: tuple[Address, ...]
    html: str
    text: str
    charts: tuple[Chart, ...]
    page: str | None
    """The page of the client's site the message reports (``reports/2026-w47.html``); None for the digest."""


# --- the words and figures: the site's formatters in two mail templates -------------------------


def _plain(formatter: Callable[..., Any]) -> Callable[..., str]:
    """A site formatter for the plain-text part: its HTML escaping undone."""
    return lambda *args, **kwargs: html.unescape(str(formatter(*args, **kwargs)))


class MailRenderer:
    """Renders one message in one language, HTML and plain text, with the site's formatters."""

    def __init__(self, fmt: Formatter, internal: bool = False):
        self.fmt = fmt
        self.site = Renderer(fmt, internal)
        site = self.site
        shared_globals = {
            "status_icon": STATUS_ICONS, "status_colour": STATUS_COLOURS, "meeting_name": site.meeting_name,
            "week_title": site.week_title, "week_dates": site.week_dates, "question": site.question,
            "type_label": site.env.globals["type_label"], "rhythm_label": site.env.globals["rhythm_label"],
            "alert_label": site.env.globals["alert_label"],
        }
        self.html = self._environment(autoescape=True)
        self.html.filters.update({name: site.env.filters[name] for name in SHARED_FILTERS}, note=note_html)
        self.text = self._environment(autoescape=False)
        self.text.filters.update({name: _plain(site.env.filters[name]) for name in SHARED_FILTERS}, note=str.strip)
        for env in (self.html, self.text):
            env.globals.update(shared_globals)

    def _environment(self, autoescape: bool) -> Environment:
        env = Environment(
            loader=PackageLoader("generator", "templates/mail"), autoescape=autoescape, undefined=StrictUndefined,
            trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, extensions=["jinja2.ext.i18n"],
        )
        env.install_gettext_callables(self.fmt.gettext, self.fmt.ngettext, newstyle=True)  # type: ignore[attr-defined]
        return env

    def render(self, kind: str, **context: Any) -> tuple[str, str]:
        """The HTML (styles inlined) and the plain text of a ``kind`` message."""
        markup = self.html.get_template(f"{kind}.html.j2").render(**context)
        inliner = css_inline.CSSInliner(keep_at_rules=True, load_remote_stylesheets=False)
        text = self.text.get_template(f"{kind}.txt.j2").render(**context)
        return inliner.inline(markup), _tidy(text)


SIGNATURE_SEPARATOR = "-- "
"""The line above a signature, trailing space included: mail programs recognise it."""


def _tidy(text: str) -> str:
    """A blank line before each heading, never two in a row, no trailing spaces: plain text as a person types it."""
    lines = []
    for line in text.splitlines():
        line = line if line == SIGNATURE_SEPARATOR else line.rstrip()
        if line.startswith("== ") and lines and lines[-1]:
            lines.append("")
        if line or (lines and lines[-1]):
            lines.append(line)
    return "\n".join(lines).strip() + "\n"


# --- charts -----------------------------------------------------------------------------------------


def chart_png(spec: dict[str, Any]) -> bytes:
    """A site chart spec drawn as a PNG for a message: a fixed width, a white background, no hover."""
    drawn = copy.deepcopy(spec)
    drawn["width"] = CHART_WIDTH - 16
    drawn["config"]["background"] = "#FFFFFF"
    return vl_convert.vegalite_to_png(drawn, scale=CHART_SCALE)


def chart(key: str, spec: dict[str, Any], label: str) -> Chart:
    return Chart(f"{key}@debrief", label, chart_png(spec))


# --- what every message shares ----------------------------------------------------------------------


@dataclass(frozen=True)
class Frame:
    """Around each message: whose it is, where its full report is, who sent it."""

    client: str
    agency: str
    brand: str
    """The accent colour, readable on white."""
    link: str | None
    language: str


def frame(client: Client | None, settings: MailSettings, page: str | None, language: str) -> Frame:
    brand = client.spec.brand.color if client and client.spec.brand and client.spec.brand.color else charts.DEFAULT_ACCENT
    link = f"{settings.site_url}{client.slug}/{layout.as_html(page)}" if client and page else None
    agency = settings.sender.display_name or settings.sender.domain
    return Frame(client.spec.name if client else agency, agency, colours.readable_on(brand, "#FFFFFF"), link, language)


def client_view(client: Client, as_of: dt.date) -> Client:
    """The client exactly as its own site sees it on the report date: no internal note, nothing later."""
    return known_on(client.for_client_site(), as_of)


def _compose(due: Due, client: Client, settings: MailSettings, subject: str, path: str, renderer: MailRenderer,
             charts_of: dict[str, tuple[Chart, ...]], **context: Any) -> Composed:
    """A message to the client's contacts who receive ``due.kind``, from the template of that kind;
    ``charts_of`` holds each campaign's charts."""
    refuse_internal(context.get("page"), f"{client.slug} {due.kind} e-mail")
    around = frame(client, settings, path, renderer.fmt.language)
    drawn = tuple(c for campaign in charts_of.values() for c in campaign)
    markup, text = renderer.render(due.kind, subject=subject, frame=around, charts_of=charts_of, **context)
    to = tuple(Address(display_name=c.name, addr_spec=c.email) for c in recipients(client, due.kind))
    return Composed(due, subject, renderer.fmt.language, to, markup, text, drawn, path)


def _client_renderer(client: Client) -> MailRenderer:
    return MailRenderer(Formatter(client.spec.language, client.spec.currency))


# --- the three messages to a client --------------------------------------------------------------


def weekly_message(client: Client, week: periodic.Week, as_of: dt.date, settings: MailSettings) -> Composed:
    """The Friday summary: the week's KPIs against the week before, decisions, done and next week, actions due;
    each campaign's first (main) KPI drawn over time."""
    client = client_view(client, as_of)
    renderer = _client_renderer(client)
    _ = renderer.fmt.gettext
    model = report_pages.weekly_page(client, week, as_of)
    charts_of = {}
    for number, c in enumerate(model.campaigns, start=1):
        campaign = c.figures.report.campaign
        kpi = campaign.spec.kpis[0]
        drawn = campaign_charts(campaign_pages.campaign_page(client, campaign, model.report.last_day),
                                charts.Theme.of(client, renderer.fmt))
        spec = drawn.progress.get(kpi.id)
        label = _("{name} over time against the target").format(name=kpi.name)
        charts_of[campaign.slug] = () if spec is None else (chart(f"weekly-{number}", spec, label),)
    title = renderer.site.week_title(week)
    subject = _("{client} · Weekly report · {week}").format(client=client.spec.name, week=title)
    return _compose(Due(client.slug, "weekly", week.slug), client, settings, subject, layout.weekly(week.slug),
                    renderer, charts_of, page=model, title=title)


def monthly_message(client: Client, month: str, as_of: dt.date, settings: MailSettings) -> Composed:
    """The monthly report: plan against fact for the month, comments, recommendations, decisions."""
    client = client_view(client, as_of)
    renderer = _client_renderer(client)
    _ = renderer.fmt.gettext
    model = report_pages.monthly_page(client, month, as_of)
    charts_of = {}
    for number, c in enumerate(model.campaigns, start=1):
        campaign = c.figures.report.campaign
        drawn = campaign_charts(campaign_pages.campaign_page(client, campaign, model.report.last_day),
                                charts.Theme.of(client, renderer.fmt))
        charts_of[campaign.slug] = tuple(
            chart(f"monthly-{number}-{kpi.id}", drawn.monthly[kpi.id], _("{name}: plan vs fact by month").format(name=kpi.name))
            for kpi in campaign.spec.kpis if kpi.id in drawn.monthly
        )
    title = renderer.fmt.month(month)
    subject = _("{client} · Monthly report · {month}").format(client=client.spec.name, month=title)
    return _compose(Due(client.slug, "monthly", month), client, settings, subject, layout.monthly(month),
                    renderer, charts_of, page=model, title=title)


def meeting_message(client: Client, meeting: Meeting, as_of: dt.date, settings: MailSettings) -> Composed:
    """After a meeting: its decisions, then its actions with owner and deadline, then what was carried over."""
    client = client_view(client, as_of)
    renderer = _client_renderer(client)
    _ = renderer.fmt.gettext
    model = meeting_pages.meeting_page(client, meeting, as_of, internal=False)
    title = renderer.site.meeting_name(meeting)
    subject = _("{client} · Meeting summary · {meeting}").format(client=client.spec.name, meeting=title)
    return _compose(Due(client.slug, "meeting", meeting.slug), client, settings, subject,
                    layout.meeting(meeting.slug), renderer, {}, page=model, title=title)


# --- the staff digest ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DigestClient:
    client: Client
    as_of: dt.date
    actions: meeting_pages.ActionsPage
    """The register with internal notes: the digest lists its overdue actions."""
    overdue_actions: tuple[meeting_pages.ActionRow, ...]
    rhythm: tuple[meeting_pages.Rhythm, ...]
    """Meetings and surveys overdue by the rhythm."""
    alerts: alerts_pages.AlertsPage
    """The alerts of its running campaigns, as its internal Alerts page lists them."""


def digest_client(client: Client, as_of: dt.date) -> DigestClient:
    client = known_on(client, as_of)
    actions = meeting_pages.actions_page(client, as_of)
    overdue = tuple(sorted((row for owner in actions.owners for row in owner.actions if row.tracked.state == "overdue"),
                           key=lambda row: (row.tracked.action.due, row.tracked.action.id)))
    health = meeting_pages.health_page(client, as_of)
    return DigestClient(client, as_of, actions, overdue, tuple(r for r in health.rhythm if r.state == "overdue"),
                        alerts_pages.alerts_page(client, as_of))


def digest_message(clients: tuple[Client, ...], as_of: dict[str, dt.date], day: dt.date, warnings: list[Problem],
                   language: str, settings: MailSettings) -> Composed:
    """For the agency only: across clients, overdue actions, meetings overdue by the rhythm, warnings."""
    renderer = MailRenderer(Formatter(language), internal=True)
    _ = renderer.fmt.gettext
    rows = tuple(digest_client(c, as_of[c.slug]) for c in clients)
    subject = _("Staff digest · {date}").format(date=renderer.fmt.date(day, "long"))
    around = frame(None, settings, None, language)
    markup, text = renderer.render("digest", subject=subject, frame=around, rows=rows, warnings=warnings,
                                   warning_count=len(warnings),
                                   day=day, overdue_actions=sum(len(r.overdue_actions) for r in rows),
                                   overdue_meetings=sum(len(r.rhythm) for r in rows),
                                   alert_count=sum(len(r.alerts.rows) for r in rows))
    return Composed(Due("", "digest", day.isoformat()), subject, language, (settings.staff,), markup, text, (), None)


# --- MIME -----------------------------------------------------------------------------------------


def message_id(due: Due, settings: MailSettings, resend: int = 0) -> str:
    """Stable: the same report has the same Message-ID on every run; a resend gets its own (mail systems
    drop a second message with an ID they have seen)."""
    suffix = f".resend-{resend}" if resend else ""
    return f"<{due.key}{suffix}@{settings.domain}>"


def mime(composed: Composed, settings: MailSettings, when: dt.datetime, resend: int = 0,
         attachment: tuple[str, bytes] | None = None) -> EmailMessage:
    """The message as mail systems expect it: text and HTML alternatives, the charts related to the HTML,
    the report's PDF attached when asked."""
    message = EmailMessage()
    message["From"] = settings.sender
    message["To"] = composed.to
    message["Reply-To"] = settings.reply_to
    message["Subject"] = composed.subject
    message["Date"] = format_datetime(when)
    message["Message-ID"] = message_id(composed.due, settings, resend)
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(composed.text, cte="quoted-printable")
    message.add_alternative(composed.html, subtype="html", cte="quoted-printable")
    html_part = message.get_payload()[1]
    for drawn in composed.charts:
        html_part.add_related(drawn.png, "image", "png", cid=f"<{drawn.cid}>", filename=f"{drawn.cid.split('@')[0]}.png",
                              disposition="inline")
    if attachment is not None:
        name, data = attachment
        message.add_attachment(data, "application", "pdf", filename=name)
    message["Content-Language"] = composed.language  # after the parts: setting content clears Content-* headers
    return message

