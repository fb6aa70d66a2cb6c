"""Reports by e-mail, received by a real SMTP server on 127.0.0.1 (aiosmtpd): recipients, headers, MIME, figures, the log."""

from __future__ import annotations

import datetime as dt
import email
import json
import socket
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from click.testing import CliRunner

from generator import pipeline
from generator.cli import main
from generator.compute.periodic import Week
from generator.compute.pages import reports as report_pages
from generator.i18n import Formatter
from generator.commands.mail import compose
from generator.render.base import Renderer
from tests.support.agency import CLIENT_YML, CONTACTS, MAIL_CONFIG, write

AS_OF = "2026-03-06"
"""A Friday: the small agency's weekly summary of week 10 is due, and its check-in of 2026-03-02."""
USER, PASSWORD = "reports", "a long smtp passphrase"


@dataclass
class Inbox:
    """What the SMTP server received; addresses in ``refuse`` are refused at RCPT."""

    messages: list[tuple[str, list[str], EmailMessage]] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 (aiosmtpd's names)
        if address in self.refuse:
            return "550 5.1.1 <%s>: no such user here" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp():
    """A real SMTP server on this machine that takes one login, and the environment to send through it."""
    inbox = Inbox()

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (USER.encode(), PASSWORD.encode())
        return AuthResult(success=ok, handled=False)  # handled=False: the server answers 535 itself

    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, authenticator=authenticate,
                            auth_require_tls=False)
    controller.start()
    env = {"DEBRIEF_SMTP_HOST": "127.0.0.1", "DEBRIEF_SMTP_PORT": str(port), "DEBRIEF_SMTP_STARTTLS": "false",
           "DEBRIEF_SMTP_USER": USER, "DEBRIEF_SMTP_PASSWORD": PASSWORD}
    try:
        yield inbox, env
    finally:
        controller.stop()


@pytest.fixture
def mailing(agency: Path) -> Path:
    write(agency, "mkdocs.yml", MAIL_CONFIG)
    write(agency, "campaigns/acme/client.yml", CLIENT_YML + CONTACTS)
    return agency


def mail(agency: Path, *args: str, env: dict[str, str] | None = None):
    out = agency.parent / "mail"
    return CliRunner().invoke(main, ["mail", *args, "--source", str(agency), "--out", str(out), "--as-of", AS_OF],
                              env=env or {}, catch_exceptions=False)


def sent_log(agency: Path) -> list[str]:
    path = agency.parent / "mail" / ".debrief-sent.json"
    return [entry["key"] for entry in json.loads(path.read_text())["sent"]] if path.exists() else []


def parts(message: EmailMessage) -> tuple[str, str, list[EmailMessage]]:
    """The plain text, the HTML and the images related to the HTML."""
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    images = [p for p in message.walk() if p.get_content_type() == "image/png"]
    return text, html, images


def test_due_send_delivers_each_message_to_its_recipients_with_the_headers_mail_systems_expect(mailing, smtp):
    inbox, env = smtp
    result = mail(mailing, "--due", "--send", env=env)
    assert result.exit_code == 0, result.output
    by_subject = {message["Subject"]: (sender, rcpts, message) for sender, rcpts, message in inbox.messages}
    assert sorted(by_subject) == ["Acme Widgets · Meeting summary · In-flight check-in · Mar 2, 2026",
                                  "Acme Widgets · Weekly report · Week 10, 2026"]
    sender, rcpts, weekly = by_subject["Acme Widgets · Weekly report · Week 10, 2026"]
    assert (sender, rcpts) == ("reports@northwind.example", ["bob@acme.example"])  # Carol receives meetings only
    assert by_subject["Acme Widgets · Meeting summary · In-flight check-in · Mar 2, 2026"][1] == ["bob@acme.example", "carol@acme.example"]
    assert weekly["From"] == "Northwind Reports <reports@northwind.example>"
    assert weekly["To"] == "Bob Client <bob@acme.example>"
    assert weekly["Reply-To"] == "Northwind <hello@northwind.example>"
    assert weekly["Message-ID"] == "<acme.weekly.2026-w10@northwind.example>"
    assert weekly["Content-Language"] == "en"
    assert abs(weekly["Date"].datetime - dt.datetime.now(dt.timezone.utc)) < dt.timedelta(minutes=5)
    assert sent_log(mailing) == ["acme.weekly.2026-w10", "acme.meeting.2026-03-02-check-in"]


def test_a_message_is_text_and_html_alternatives_with_the_charts_related_to_the_html(mailing, smtp):
    inbox, env = smtp
    assert mail(mailing, "acme", "weekly", "--send", env=env).exit_code == 0
    [(_, _, message)] = inbox.messages
    assert message.get_content_type() == "multipart/alternative"
    plain, related = message.get_payload()
    assert plain.get_content_type() == "text/plain"
    assert related.get_content_type() == "multipart/related"
    html_part, *images = related.get_payload()
    assert html_part.get_content_type() == "text/html"
    assert [i.get_content_type() for i in images] == ["image/png"]
    assert images[0].get_content().startswith(b"\x89PNG\r\n")
    html = html_part.get_content()
    assert f'src="cid:{images[0]["Content-ID"].strip("<>")}"' in html
    assert "<script" not in html and "@font-face" not in html and "<link" not in html
    assert "http://" not in html and 'src="https' not in html  # nothing loads from another host
    assert 'style="' in html and "<style>" in html  # inlined, media queries kept for the clients that read them
    assert "https://reports.northwind.example/acme/reports/2026-w10.html" in html


def test_the_figures_in_both_parts_are_those_of_the_page_model(mailing, smtp):
    inbox, env = smtp
    assert mail(mailing, "acme", "weekly", "--send", env=env).exit_code == 0
    [(_, _, message)] = inbox.messages
    text, html, _ = parts(message)
    acme = next(c for c in pipeline.load(mailing).agency.clients if c.slug == "acme")
    as_of = dt.date.fromisoformat(AS_OF)
    model = report_pages.weekly_page(compose.client_view(acme, as_of), Week(dt.date(2026, 3, 2)), as_of)
    site = Renderer(Formatter("en", "USD"), internal=False)
    [campaign] = model.campaigns
    checked = 0
    for item in campaign.figures.kpis:
        for figure in (item.change.current, item.change.delta):
            shown = str(site.kpi_delta(figure, item.kpi.unit) if figure is item.change.delta else site.kpi_value(figure, item.kpi.unit))
            assert shown in text and shown in html, (item.kpi.name, shown)
            checked += 1
    spend = str(site.kpi_value(campaign.figures.spend.current, "currency"))
    assert spend in text and spend in html
    assert checked == 6
    orders = campaign.figures.kpis[0].change.current
    assert f"Orders: Week to date {site.kpi_value(orders, 'number')} ·" in text  # the week so far, labelled as on the site
    assert "Shift budget to search" in text and "Shift budget to search" in html  # the week's decision


def test_a_second_due_send_sends_nothing(mailing, smtp):
    inbox, env = smtp
    assert mail(mailing, "--due", "--send", env=env).exit_code == 0
    assert len(inbox.messages) == 2
    again = mail(mailing, "--due", "--send", env=env)
    assert again.exit_code == 0
    assert "Nothing to write: no message is due on the report date" in again.output
    assert len(inbox.messages) == 2
    by_name = mail(mailing, "acme", "weekly", "--send", env=env)
    assert "Not sent again: acme.weekly.2026-w10 is in the sent log (pass --resend to send it again)" in by_name.output
    assert len(inbox.messages) == 2
    assert mail(mailing, "acme", "weekly", "--send", "--resend", env=env).exit_code == 0
    assert inbox.messages[-1][2]["Message-ID"] == "<acme.weekly.2026-w10.resend-1@northwind.example>"


def test_a_refused_login_is_an_error_with_the_servers_answer_and_nothing_is_sent(mailing, smtp):
    inbox, env = smtp
    result = mail(mailing, "--due", "--send", env=env | {"DEBRIEF_SMTP_PASSWORD": "the wrong passphrase"})
    assert result.exit_code == 1
    assert f"Error: 127.0.0.1:{env['DEBRIEF_SMTP_PORT']} refused the login as reports: 535 5.7.8 Authentication credentials invalid" in result.output
    assert "Traceback" not in result.output
    assert inbox.messages == [] and sent_log(mailing) == []


def test_a_refused_recipient_stops_the_run_and_the_message_is_neither_half_sent_nor_logged(mailing, smtp):
    inbox, env = smtp
    inbox.refuse.add("carol@acme.example")  # she receives the meeting summary, not the weekly one
    result = mail(mailing, "--due", "--send", env=env)
    assert result.exit_code == 1
    assert f"127.0.0.1:{env['DEBRIEF_SMTP_PORT']} refused the recipient carol@acme.example: 550 5.1.1 <carol@acme.example>: no such user here" in result.output
    assert "Sent 1 of 2 message(s) before it" in result.output
    assert [m["Subject"] for _, _, m in inbox.messages] == ["Acme Widgets · Weekly report · Week 10, 2026"]  # not to Bob either
    assert sent_log(mailing) == ["acme.weekly.2026-w10"]
    inbox.refuse.clear()
    assert mail(mailing, "--due", "--send", env=env).exit_code == 0
    assert [m["Message-ID"] for _, _, m in inbox.messages][1:] == ["<acme.meeting.2026-03-02-check-in@northwind.example>"]


def test_out_writes_eml_files_and_sends_nothing(mailing, smtp):
    inbox, _ = smtp
    result = mail(mailing, "--due", "--digest")
    assert result.exit_code == 0, result.output
    out = mailing.parent / "mail"
    assert sorted(p.name for p in out.iterdir()) == [
        ".debrief-manifest.json", "acme.meeting.2026-03-02-check-in.eml", "acme.weekly.2026-w10.eml", "digest.2026-03-06.eml",
    ]
    digest = email.message_from_bytes((out / "digest.2026-03-06.eml").read_bytes(), policy=policy.default)
    assert digest["To"] == "team@northwind.example"
    assert "Approve the landing page" in parts(digest)[0]  # Bob's action, overdue since March 3
    assert inbox.messages == [] and sent_log(mailing) == []


def test_bad_requests_are_clear_errors(mailing):
    assert mail(mailing).exit_code == 2
    assert mail(mailing, "acme", "meeting").exit_code == 2
    outside = mail(mailing, "acme", "weekly", "--week", "2026-W30")
    assert outside.exit_code == 1
    assert ("campaigns/acme: --week 2026-W30: no weekly report of acme that week, which no campaign day or meeting "
            "falls in on or before 2026-03-06 (its weekly reports: from 2026-W09 to 2026-W10)") in outside.output
    internal = mail(mailing, "acme", "meeting", "2026-03-03-post-mortem")
    assert internal.exit_code == 1 and "an internal note is never e-mailed to a client" in internal.output
    nobody = mail(mailing, "globex", "weekly")
    assert nobody.exit_code == 1 and "campaigns/globex/client.yml: no contact receives weekly reports" in nobody.output
    write(mailing, "campaigns/acme/client.yml", CLIENT_YML + "contacts:\n  - {name: Bob, email: bob-at-acme}\n")
    bad = mail(mailing, "--due")
    assert bad.exit_code == 1 and "campaigns/acme/client.yml:12: 'contacts.0.email': value is not a valid email address" in bad.output
    assert not (mailing.parent / "mail").exists()
    no_server = mail(mailing, "globex", "weekly", "--send")
    assert no_server.exit_code == 1 and "no SMTP server to send through" in no_server.output


@pytest.mark.parametrize("report, as_of, says", [
    ("weekly", "2026-06-05", "no weekly report of acme the week due on 2026-06-05 (2026-W23)"),
    ("weekly", "2026-02-20", "no weekly report of acme the week due on 2026-02-20 (2026-W08)"),
    ("monthly", "2026-02-02", "no monthly report of acme the month due on 2026-02-02 (2026-01)"),
    ("monthly", "2026-09-01", "no monthly report of acme the month due on 2026-09-01 (2026-08)"),
])
def test_the_report_due_by_default_must_exist_like_one_asked_for_by_name(mailing, report, as_of, says):
    """Without --week or --month the due period is taken: a week after the campaigns ended is no report, not a traceback."""
    out = mailing.parent / "mail"
    result = CliRunner().invoke(main, ["mail", "acme", report, "--source", str(mailing), "--out", str(out), "--as-of", as_of],
                                catch_exceptions=False)
    assert result.exit_code == 1, result.output
    assert f"campaigns/acme: {says}" in result.output
    assert not out.exists()
