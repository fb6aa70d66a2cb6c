"""The demo agency's e-mails as a reader sees them: every message of ``debrief mail --due`` (and the digest) opened
in headless Chromium at 600 and 375 px, as a mail client shows it (its ``cid:`` images from the message itself),
photographed into ``build/screenshots/``, checked by axe-core, and never wider than the screen."""

from __future__ import annotations

import base64
import email
import re
from email import policy
from email.message import EmailMessage
from pathlib import Path

import pytest

from generator.mail import outbox
from tests.conftest import PROJECT_ROOT, chromium_path
from tests.test_experience import SCREENSHOTS, axe_script, axe_violations, debrief  # noqa: F401 (axe_script is a fixture)

WIDTHS = (600, 375)
"""A desktop mail client's reading column, and a phone."""


@pytest.fixture(scope="module")
def demo_mail(tmp_path_factory: pytest.TempPathFactory) -> dict[str, EmailMessage]:
    """``debrief mail --due --digest --out`` on the demo agency: file name -> message."""
    out = tmp_path_factory.mktemp("demo-mail") / "mail"
    outbox.run(PROJECT_ROOT, out, outbox.Request(due=True, digest=True))
    return {path.name: email.message_from_bytes(path.read_bytes(), policy=policy.default) for path in sorted(out.glob("*.eml"))}


def as_a_mail_client_shows_it(message: EmailMessage) -> str:
    """The HTML part with each ``cid:`` image taken from the message, as mail clients do."""
    markup = message.get_body(("html",)).get_content()
    for part in message.walk():
        cid = part["Content-ID"]
        if cid:
            data = base64.b64encode(part.get_content()).decode()
            markup = markup.replace(f"cid:{cid.strip('<>')}", f"data:{part.get_content_type()};base64,{data}")
    return markup


def test_the_demo_writes_the_weeks_the_months_and_the_latest_meetings_messages_in_four_languages(demo_mail):
    kinds = {(m["Content-Language"], name.split(".")[1]) for name, m in demo_mail.items() if not name.startswith("digest.")}
    assert kinds == {(language, kind) for language in ("en", "ru", "ko", "zh") for kind in ("weekly", "monthly", "meeting")}
    subjects = {m["Content-Language"]: m["Subject"] for name, m in demo_mail.items() if ".weekly." in name}
    assert subjects["ru"].startswith("Волга Тревел · Еженедельный отчёт · ")
    assert subjects["ko"].startswith("한빛 뷰티 · 주간 리포트 · ")
    assert subjects["zh"].startswith("翠玉茶庄 · 周报 · ")
    assert [name for name in demo_mail if name.startswith("digest.")] == ["digest.2026-11-20.eml"]


def test_each_message_reads_at_600_and_375_px_with_no_serious_accessibility_violation(demo_mail, browser, axe_script):
    chromium_path()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems: dict[str, list[str]] = {}
    for name, message in demo_mail.items():
        markup = as_a_mail_client_shows_it(message)
        assert "cid:" not in markup, f"{name}: an image the message does not carry"
        for width in WIDTHS:
            page = browser.new_page(viewport={"width": width, "height": 900})
            try:
                requests: list[str] = []
                page.on("request", lambda request: requests.append(request.url) if not request.url.startswith("data:") else None)
                page.set_content(markup, wait_until="load")
                found = [f"loads {url}" for url in requests]
                scrolled = page.evaluate("document.documentElement.scrollWidth")
                if scrolled > width:
                    found.append(f"{scrolled} px wide at {width} px")
                broken = page.evaluate("Array.from(document.images).filter(i => !i.complete || !i.naturalWidth).length")
                if broken:
                    found.append(f"{broken} image(s) not drawn")
                if width == WIDTHS[0]:
                    found += axe_violations(page)
                page.screenshot(path=str(SCREENSHOTS / f"mail-{name.removesuffix('.eml')}-{width}.png"), full_page=True)
            finally:
                page.close()
            if found:
                problems[f"{name} at {width}"] = found
    assert problems == {}


def test_the_plain_text_reads_on_its_own(demo_mail):
    for name, message in demo_mail.items():
        text = message.get_body(("plain",)).get_content()
        assert "<" not in re.sub(r"<[^>]*@[^>]*>", "", text), f"{name}: markup in the plain text"
        assert "&amp;" not in text and "&#" not in text, f"{name}: HTML entities in the plain text"
        assert "\n\n\n" not in text.replace("\r\n", "\n")


def test_attach_pdf_attaches_the_report_printed_as_debrief_pdf_prints_it(agency):
    from tests.test_mail import CLIENT_YML, CONTACTS, MAIL_CONFIG, write

    chromium_path()
    write(agency, "mkdocs.yml", MAIL_CONFIG)
    write(agency, "campaigns/acme/client.yml", CLIENT_YML + CONTACTS)
    out = agency.parent / "mail"
    # In its own process, as test_experience runs `debrief pdf`: this session's browser holds Playwright here.
    result = debrief("mail", "acme", "weekly", "--week", "2026-W10", "--attach-pdf", "--source", str(agency), "--out", str(out))
    assert result.returncode == 0, result.stderr
    message = email.message_from_bytes((out / "acme.weekly.2026-w10.eml").read_bytes(), policy=policy.default)
    assert message.get_content_type() == "multipart/mixed"
    [attachment] = list(message.iter_attachments())
    assert (attachment.get_content_type(), attachment.get_filename()) == ("application/pdf", "acme-reports-2026-w10.pdf")
    assert attachment.get_content().startswith(b"%PDF-")
    assert message.get_body(("html",)) is not None and message.get_body(("plain",)) is not None
