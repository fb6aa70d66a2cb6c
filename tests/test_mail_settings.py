"""The e-mail contract: contacts in client.yml, ``extra: mail:`` in mkdocs.yml, SMTP settings never from the repository."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from generator import pipeline
from generator.mail import settings
from generator.problems import InvalidSource
from tests.agency import CLIENT_YML, write

MAIL_CONFIG = """\
site_name: Agency
extra:
  mail:
    from: Northwind Reports <reports@northwind.example>
    staff: team@northwind.example
    site_url: https://reports.northwind.example
"""


def problems(exc: pytest.ExceptionInfo[InvalidSource]) -> list[str]:
    return [str(p) for p in exc.value.problems]


def test_contacts_receive_every_report_unless_they_say_which(agency):
    write(agency, "campaigns/acme/client.yml", CLIENT_YML + """\
contacts:
  - {name: Julia Hart, email: julia@acme.example}
  - {name: Sam Whitaker, email: sam@acme.example, reports: [monthly]}
""")
    acme = next(c for c in pipeline.load(agency).agency.clients if c.slug == "acme")
    julia, sam = acme.spec.contacts
    assert julia.reports == ["weekly", "monthly", "meetings"]
    assert (sam.receives("monthly"), sam.receives("weekly")) == (True, False)


def test_a_contact_without_a_valid_address_is_an_error_naming_the_file_and_line(agency):
    write(agency, "campaigns/acme/client.yml", CLIENT_YML + """\
contacts:
  - {name: Julia Hart, email: julia@acme.example}
  - {name: Sam Whitaker, email: sam.acme.example}
  - {name: Lee, email: lee@acme.example, reports: [weekly, daily]}
""")
    with pytest.raises(InvalidSource) as exc:
        pipeline.load(agency)
    found = problems(exc)
    assert any(p.startswith("campaigns/acme/client.yml:13: 'contacts.1.email': value is not a valid email address") for p in found), found
    assert any(p.startswith("campaigns/acme/client.yml:14: 'contacts.2.reports.1'") and "'weekly', 'monthly' or 'meetings'" in p
               for p in found), found


def test_mail_settings_from_mkdocs_yml(tmp_path):
    write(tmp_path, "mkdocs.yml", MAIL_CONFIG)
    mail = settings.read_mail_config(tmp_path / "mkdocs.yml")
    assert (str(mail.sender), str(mail.reply_to), mail.staff.addr_spec) == (
        "Northwind Reports <reports@northwind.example>", "Northwind Reports <reports@northwind.example>", "team@northwind.example")
    assert (mail.site_url, mail.domain) == ("https://reports.northwind.example/", "northwind.example")


def test_mail_settings_errors_name_the_line(tmp_path):
    write(tmp_path, "mkdocs.yml", MAIL_CONFIG.replace("team@northwind.example", "team.northwind")
          .replace("https://reports.northwind.example", "reports.northwind.example") + "    bcc: x@y.example\n")
    with pytest.raises(InvalidSource) as exc:
        settings.read_mail_config(tmp_path / "mkdocs.yml")
    assert problems(exc) == [
        "mkdocs.yml:5: 'extra.mail.staff': 'team.northwind' is not a valid e-mail address: An email address must have "
        "an @-sign. (found 'team.northwind')",
        "mkdocs.yml:6: 'extra.mail.site_url': expected the address the sites are served at, as https://reports.agency.com/ "
        "(found 'reports.northwind.example')",
        "mkdocs.yml:7: unknown key 'bcc'; allowed here: from, reply_to, staff, site_url",
    ]
    write(tmp_path, "mkdocs.yml", "site_name: Agency\n")
    with pytest.raises(InvalidSource) as exc:
        settings.read_mail_config(tmp_path / "mkdocs.yml")
    assert problems(exc) == ["mkdocs.yml:1: missing required key 'extra'"]


def test_smtp_settings_from_the_environment():
    found = settings.smtp_settings(None, {"DEBRIEF_SMTP_HOST": "smtp.example.com", "DEBRIEF_SMTP_USER": "me",
                                          "DEBRIEF_SMTP_PASSWORD": "secret"})
    assert (found.server, found.user, found.password, found.starttls) == ("smtp.example.com:587", "me", "secret", True)
    with pytest.raises(InvalidSource) as exc:
        settings.smtp_settings(None, {})
    assert "no SMTP server to send through: set DEBRIEF_SMTP_HOST" in problems(exc)[0]
    with pytest.raises(InvalidSource) as exc:
        settings.smtp_settings(None, {"DEBRIEF_SMTP_HOST": "smtp.example.com", "DEBRIEF_SMTP_STARTTLS": "false",
                                      "DEBRIEF_SMTP_USER": "me", "DEBRIEF_SMTP_PASSWORD": "secret"})
    assert "STARTTLS is off: the password for smtp.example.com:587 would cross the network readable" in problems(exc)[0]
    plain_on_this_machine = settings.smtp_settings(None, {"DEBRIEF_SMTP_HOST": "127.0.0.1", "DEBRIEF_SMTP_PORT": "2525",
                                                          "DEBRIEF_SMTP_STARTTLS": "no"})
    assert (plain_on_this_machine.port, plain_on_this_machine.starttls) == (2525, False)


def git(folder: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True)


def test_an_smtp_file_that_git_could_publish_is_refused_and_its_password_never_quoted(tmp_path):
    repo = tmp_path / "agency"
    repo.mkdir()
    git(repo, "init", "-q")
    secret = repo / "smtp.yml"
    secret.write_text("host: smtp.example.com\nuser: me\npassword: hunter2-long-enough\n", encoding="utf-8")
    with pytest.raises(InvalidSource) as exc:
        settings.smtp_settings(secret)
    assert "passwords inside a git repository and not ignored" in problems(exc)[0]
    outside = tmp_path / "smtp.yml"
    outside.write_text("host: smtp.example.com\nport: 465\nuser: me\npassword: [hunter2]\n", encoding="utf-8")
    with pytest.raises(InvalidSource) as exc:
        settings.smtp_settings(outside)
    assert "hunter2" not in " ".join(problems(exc)) and ":4: 'password'" in problems(exc)[0]
    outside.write_text("host: smtp.example.com\nport: 465\nuser: me\npassword: hunter2-long-enough\n", encoding="utf-8")
    found = settings.smtp_settings(outside, {"DEBRIEF_SMTP_HOST": "ignored.example.com"})
    assert (found.server, found.implicit_tls, found.source) == ("smtp.example.com:465", True, outside.as_posix())
