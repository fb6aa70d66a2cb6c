"""Who sends the reports and through which server: ``extra: mail:`` of mkdocs.yml, and the SMTP settings.

The sender, the staff address and where the sites are hosted belong to the agency's
repository (``mkdocs.yml``). The SMTP server's password never does: it comes from the
environment (``DEBRIEF_SMTP_*``) or from a file outside the repository, refused by the
same rules as the hosting credentials (a file git tracks, or would pick up, is an error).
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass
from email.headerregistry import Address
from email.utils import parseaddr
from pathlib import Path
from typing import Annotated, Mapping
from urllib.parse import urlsplit

from email_validator import EmailNotValidError, validate_email
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from .. import load
from ..hosting import FOUND_VALUE, published_by_git
from ..models import Contract
from ..problems import InvalidSource, Problem, Report
from ..validate import check_model

ENVIRONMENT_PREFIX = "DEBRIEF_SMTP_"
IMPLICIT_TLS_PORT = 465
"""SMTP over TLS from the first byte (``smtps``); any other port speaks plain SMTP, with STARTTLS unless turned off."""


def _mailbox(value: str) -> str:
    """``Name <address>`` or a bare address, the address checked as a mail system checks it."""
    name, address = parseaddr(value)
    if not address or "<" in name:
        raise ValueError("expected an e-mail address, or a name and an address as 'Agency Reports <reports@agency.com>'")
    try:
        validate_email(address, check_deliverability=False)
    except EmailNotValidError as exc:
        raise ValueError(f"'{address}' is not a valid e-mail address: {exc}") from exc
    return value


def _web_address(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ValueError("expected the address the sites are served at, as https://reports.agency.com/")
    return value.rstrip("/") + "/"


Mailbox = Annotated[str, AfterValidator(_mailbox)]


class MailConfig(Contract):
    """``extra: mail:`` in the agency's mkdocs.yml."""

    sender: Mailbox = Field(alias="from")
    """The From of every message: ``Agency Reports <reports@agency.com>``."""
    reply_to: Mailbox | None = None
    """Where the clients' replies go (default: the sender)."""
    staff: Mailbox
    """The agency's own address: the staff digest goes here, and only here."""
    site_url: Annotated[str, AfterValidator(_web_address)]
    """Where ``debrief hosting`` serves the sites: each message links to its full report there."""


def address(mailbox: str) -> Address:
    name, spec = parseaddr(mailbox)
    return Address(display_name=name, addr_spec=spec)


@dataclass(frozen=True)
class MailSettings:
    sender: Address
    reply_to: Address
    staff: Address
    site_url: str

    @property
    def domain(self) -> str:
        """The sender's domain, which stable Message-IDs end in."""
        return self.sender.domain


class _Extra(BaseModel):
    model_config = ConfigDict(extra="allow")
    mail: MailConfig


class _BaseConfig(BaseModel):
    """The agency's mkdocs.yml as far as e-mail is concerned: every other key is MkDocs' business."""

    model_config = ConfigDict(extra="allow")
    extra: _Extra


def read_mail_config(path: Path) -> MailSettings:
    """``extra.mail`` of ``path`` (the agency's mkdocs.yml), or InvalidSource naming the line to fix."""
    path = path.resolve()
    report = Report(path.parent)
    doc = load.read_yaml(path, report)
    config = check_model(_BaseConfig, doc, path, report) if doc else None
    if report.errors or config is None:
        raise InvalidSource(report.errors or [Problem(report.where(path), 0, "empty file: add extra: mail: (see README)")])
    mail = config.extra.mail
    return MailSettings(address(mail.sender), address(mail.reply_to or mail.sender), address(mail.staff), mail.site_url)


# --- the SMTP server ----------------------------------------------------------------------------


class SmtpFile(Contract):
    """The SMTP settings file (``--smtp FILE``), kept outside the repository like the hosting credentials."""

    host: Annotated[str, StringConstraints(min_length=1)]
    port: Annotated[int, Field(ge=1, le=65535)] = 587
    user: str | None = None
    password: str | None = None
    starttls: bool = True
    """Upgrade the connection with STARTTLS before logging in (on port 465 the connection is TLS from the start)."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    user: str | None
    password: str | None
    starttls: bool
    source: str
    """Where the settings came from, for messages: the file, or the environment."""

    @property
    def implicit_tls(self) -> bool:
        return self.port == IMPLICIT_TLS_PORT

    @property
    def server(self) -> str:
        return f"{self.host}:{self.port}"


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _checked(settings: SmtpSettings) -> SmtpSettings:
    if (settings.user is None) != (settings.password is None):
        raise InvalidSource([Problem(settings.source, 0, "give both the SMTP user and its password, or neither")])
    if settings.user and not (settings.starttls or settings.implicit_tls or _loopback(settings.host)):
        raise InvalidSource([Problem(settings.source, 0, (
            f"STARTTLS is off: the password for {settings.server} would cross the network readable; "
            "turn STARTTLS on, or use port 465"))])
    return settings


def smtp_from_file(path: Path) -> SmtpSettings:
    """The SMTP settings of ``path``; refused when git tracks the file or would pick it up."""
    path = path.resolve()
    refusal = published_by_git(path)
    if refusal:
        raise InvalidSource([Problem(path.as_posix(), 0, refusal)])
    report = Report(path.parent)
    doc = load.read_yaml(path, report)
    smtp = check_model(SmtpFile, doc, path, report) if doc else None
    if report.errors or smtp is None:
        # A message quotes the offending value; here that may be the password, so leave the quote out.
        raise InvalidSource([Problem(path.as_posix(), p.line, FOUND_VALUE.sub("", p.message)) for p in report.errors]
                            or [Problem(path.as_posix(), 0, "empty file: expected host, port, user, password, starttls")])
    return _checked(SmtpSettings(smtp.host, smtp.port, smtp.user, smtp.password, smtp.starttls, path.as_posix()))


def smtp_from_environment(environ: Mapping[str, str]) -> SmtpSettings | None:
    """``DEBRIEF_SMTP_HOST``, ``_PORT``, ``_USER``, ``_PASSWORD``, ``_STARTTLS``; None without a host."""
    def get(name: str) -> str | None:
        value = environ.get(ENVIRONMENT_PREFIX + name, "").strip()
        return value or None

    host = get("HOST")
    if host is None:
        return None
    where = "the environment"
    port_text = get("PORT") or "587"
    if not port_text.isdigit() or not 1 <= int(port_text) <= 65535:
        raise InvalidSource([Problem(where, 0, f"{ENVIRONMENT_PREFIX}PORT: expected a port number, found {port_text!r}")])
    starttls_text = (get("STARTTLS") or "true").lower()
    if starttls_text not in ("1", "true", "yes", "on", "0", "false", "no", "off"):
        raise InvalidSource([Problem(where, 0, f"{ENVIRONMENT_PREFIX}STARTTLS: expected true or false, found {starttls_text!r}")])
    return _checked(SmtpSettings(host, int(port_text), get("USER"), environ.get(ENVIRONMENT_PREFIX + "PASSWORD") or None,
                                 starttls_text in ("1", "true", "yes", "on"), where))


def smtp_settings(path: Path | None, environ: Mapping[str, str] = os.environ) -> SmtpSettings:
    """The file's settings when one is given, else the environment's; InvalidSource when there are none."""
    if path is not None:
        return smtp_from_file(path)
    found = smtp_from_environment(environ)
    if found is None:
        raise InvalidSource([Problem("the environment", 0, (
            f"no SMTP server to send through: set {ENVIRONMENT_PREFIX}HOST (and _PORT, _USER, _PASSWORD, _STARTTLS) "
            "or pass --smtp FILE"))])
    return found
