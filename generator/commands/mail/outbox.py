"""What one ``debrief mail`` run does: choose the messages, compose them, write them, send them, log them.

Every message is written as ``OUT/<key>.eml`` first (for review, or to attach by
hand); with ``send`` it then goes through SMTP and, once the server has taken it
for every recipient, into the sent log beside it. The connection and the login are
made before the first message, so a refused login sends nothing. A failure stops
the run: what was sent before it stays recorded, nothing after it is tried.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, TypeVar

from ... import layout, outputs, pipeline
from ...compute import periodic
from ...models import Client
from ...problems import InvalidSource, Problem
from ...site import base_config
from . import compose, schedule, state, transport
from .schedule import Due
from .settings import MailSettings, SmtpSettings, read_mail_config

T = TypeVar("T")
"""A report period: a week (periodic.Week) or a month (YYYY-MM)."""

MANIFEST_KIND: outputs.Kind = "mail"


@dataclass(frozen=True)
class Request:
    """What to write or send, as the command line asked for it."""

    due: bool = False
    """Everything due on the report date (``--due``)."""
    digest: bool = False
    client: str | None = None
    report: str | None = None
    """``weekly``, ``monthly`` or ``meeting``, with ``client``."""
    period: str | None = None
    """``--week 2026-W47``, ``--month 2026-11`` or the note's name; None: the one due on the report date."""


@dataclass(frozen=True)
class Outcome:
    written: list[Path]
    sent: list[str]
    """Keys of the messages sent in this run."""
    skipped: list[str]
    """Keys asked for by name that the sent log says went out already (``--resend`` sends them again)."""


class MailFailed(Exception):
    """A message could not be sent; ``outcome`` says what was written and sent before it."""

    def __init__(self, message: str, outcome: Outcome):
        super().__init__(message)
        self.outcome = outcome


def mail_settings(source: Path) -> MailSettings:
    _, path = base_config(source)
    return read_mail_config(path)


def _client(clients: tuple[Client, ...], slug: str) -> Client:
    found = next((c for c in clients if c.slug == slug), None)
    if found is None:
        known = ", ".join(c.slug for c in clients)
        raise InvalidSource([Problem("campaigns", 0, f"no client '{slug}' (clients: {known})")])
    return found


def week_of_request(text: str) -> periodic.Week:
    """``2026-W47`` as a week, or an error saying how to write one."""
    try:
        monday = dt.date.fromisocalendar(int(text[:4]), int(text[6:]), 1) if len(text) in (7, 8) and text[4:6].upper() == "-W" else None
    except ValueError:
        monday = None
    if monday is None:
        raise InvalidSource([Problem("--week", 0, f"'{text}' is not an ISO week as YYYY-Www, e.g. 2026-W47")])
    return periodic.Week(monday)


def report_week(client: Client, as_of: dt.date, text: str | None) -> periodic.Week:
    """The week asked for (``--week``), or else the one due on the report date, if the client has a weekly report of it."""
    week = week_of_request(text) if text else schedule.weekly_due(as_of)
    weeks = periodic.report_weeks(client, as_of)
    return _reported(client, as_of, "week", text, week, weeks, [w.slug.upper() for w in weeks], week.slug.upper())


def report_month(client: Client, as_of: dt.date, text: str | None) -> str:
    """The month asked for (``--month``), or else the one due on the report date, if the client has a monthly report of it."""
    month = text or schedule.monthly_due(as_of)
    months = periodic.report_months(client, as_of)
    return _reported(client, as_of, "month", text, month, months, months, month)


def _reported(client: Client, as_of: dt.date, unit: str, text: str | None, wanted: T, reports: list[T],
              names: list[str], name: str) -> T:
    """``wanted`` if the client has a report of it; else an error naming the reports it has, and how to pick one."""
    if wanted in reports:
        return wanted
    adjective = {"week": "weekly", "month": "monthly"}[unit]
    which = f"that {unit}" if text else f"the {unit} due on {as_of.isoformat()} ({name})"
    span = f"from {names[0]} to {names[-1]}" if names else "none yet"
    raise InvalidSource([Problem(f"campaigns/{client.slug}", 0, (
        f"{f'--{unit} {text}: ' if text else ''}no {adjective} report of {client.slug} {which}, which no campaign day or "
        f"meeting falls in on or before {as_of.isoformat()} (its {adjective} reports: {span})"
        + ("" if text or not names else f": name one with --{unit}")))])


def chosen(request: Request, clients: tuple[Client, ...], dates: dict[str, dt.date], day: dt.date,
           sent: set[str]) -> list[Due]:
    """The messages the request names: those due and not sent yet, the digest, or one report by name."""
    found: list[Due] = []
    if request.due:
        found += schedule.unsent([d for c in clients for d in schedule.due_for_client(c, dates[c.slug])], sent)
    if request.digest:
        found.append(Due("", "digest", day.isoformat()))
    if request.client is not None:
        client = _client(clients, request.client)
        as_of = dates[client.slug]
        if request.report == "weekly":
            found.append(Due(client.slug, "weekly", report_week(client, as_of, request.period).slug))
        elif request.report == "monthly":
            found.append(Due(client.slug, "monthly", report_month(client, as_of, request.period)))
        else:
            note = next((m for m in client.for_client_site().meetings if m.slug == request.period), None)
            if note is None:
                raise InvalidSource([Problem(f"content/{client.slug}/meetings/{request.period}.md", 0, (
                    "no client-visible meeting note of that name (an internal note is never e-mailed to a client)"))])
            found.append(Due(client.slug, "meeting", note.slug))
        kind = "meeting" if request.report == "meeting" else request.report
        if not schedule.recipients(client, kind):
            raise InvalidSource([Problem(f"campaigns/{client.slug}/client.yml", 0, (
                f"no contact receives {schedule.RECEIVED_AS[kind]} reports: add one under contacts: "  # type: ignore[index]
                "with its e-mail address"))])
    return found


def composed(due: Due, clients: tuple[Client, ...], dates: dict[str, dt.date], warnings: list[Problem],
             language: str, settings: MailSettings) -> compose.Composed:
    if due.kind == "digest":
        return compose.digest_message(clients, dates, dt.date.fromisoformat(due.period), warnings, language, settings)
    client = _client(clients, due.client)
    as_of = dates[client.slug]
    if due.kind == "weekly":
        week = next(w for w in periodic.report_weeks(client, as_of) if w.slug == due.period)
        return compose.weekly_message(client, week, as_of, settings)
    if due.kind == "monthly":
        return compose.monthly_message(client, due.period, as_of, settings)
    meeting = next(m for m in client.meetings if m.slug == due.period)
    return compose.meeting_message(client, meeting, as_of, settings)


def check_out(out: Path, source: Path) -> None:
    """OUT is new or empty, or a mail folder Debrief wrote; never inside the source's own folders."""
    outputs.check_location(out, f"--out {out}", source)
    outputs.check_replaceable(out, MANIFEST_KIND, f"--out {out}")


def report_pdfs(source: Path, messages: list[compose.Composed], as_of: dt.date | None) -> dict[str, tuple[str, bytes]]:
    """Each client message's report page printed to PDF, from the client's own site built afresh."""
    from playwright.sync_api import sync_playwright

    from .. import browser, pdf

    executable = browser.find_chromium()
    if executable is None:
        raise pdf.ChromiumMissing("--attach-pdf prints with Chromium: install it with `apt-get install chromium`")
    wanted = [m for m in messages if m.page is not None]
    found: dict[str, tuple[str, bytes]] = {}
    if not wanted:
        return found
    with tempfile.TemporaryDirectory(prefix="debrief-mail-pdf-") as work:
        built = Path(work) / "site"
        pipeline.build(source, built, tuple(sorted({m.due.client for m in wanted})), as_of)
        with sync_playwright() as playwright:
            chromium = browser.launch(playwright, executable)
            try:
                for message in wanted:
                    page = layout.as_html(message.page)
                    [printed] = pdf.print_pages(chromium, built / message.due.client, [page], Path(work) / "pdf",
                                                message.due.client)
                    found[message.due.key] = (printed.name, printed.read_bytes())
            finally:
                chromium.close()
    return found


def run(source: Path, out: Path, request: Request, *, as_of: dt.date | None = None, send: bool = False,
        resend: bool = False, smtp: SmtpSettings | None = None, attach_pdf: bool = False,
        now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.timezone.utc).astimezone(),
        progress: Callable[[str], None] = lambda line: None) -> Outcome:
    """Write (and with ``send``, send) the messages ``request`` names; see the module's docstring."""
    check_out(out, source)
    settings = mail_settings(source)
    loaded = pipeline.load(source)
    agency = loaded.agency
    dates = pipeline.as_of_dates(agency, as_of)
    day = as_of or max(dates.values(), default=dt.date.today())
    log = state.read_log(out)
    due = chosen(request, agency.clients, dates, day, set() if resend else log.sent)
    named = request.client is not None or request.digest
    skipped = [d.key for d in due if named and not resend and d.key in log.sent and send]
    due = [d for d in due if d.key not in skipped]
    messages = [composed(d, agency.clients, dates, loaded.warnings, agency.language, settings) for d in due]
    pdfs = report_pdfs(source, messages, as_of) if attach_pdf else {}
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    built = []
    for message in messages:
        resent = log.times_sent(message.due.key) if send else 0
        mime = compose.mime(message, settings, now(), resent, pdfs.get(message.due.key))
        path = out / f"{message.due.key}.eml"
        transport.write_eml(mime, path)
        written.append(path)
        built.append((message, mime))
        progress(f"Wrote {path}")
    earlier = (outputs.read_manifest(out) or {}).get("files", [])
    kept = {name for name in earlier if (out / name).is_file()}
    outputs.write_manifest(out, MANIFEST_KIND, kept | {p.name for p in written} | {state.LOG_NAME})
    sent: list[str] = []
    if send and built:
        assert smtp is not None
        try:
            with transport.connect(smtp) as connection:
                for message, mime in built:
                    to = [a.addr_spec for a in message.to]
                    transport.send(connection, smtp.server, mime, settings.sender.addr_spec, to)
                    log = state.record(log, state.Sending(message.due.key, mime["Message-ID"], now(), tuple(to), message.subject))
                    sent.append(message.due.key)
                    progress(f"Sent {message.due.key} to {', '.join(to)}")
        except transport.SendFailed as exc:
            raise MailFailed(str(exc), Outcome(written, sent, skipped)) from exc
    return Outcome(written, sent, skipped)
