"""Messages out of the process: ``.eml`` files to look at, or SMTP to the recipients.

A message goes to all its recipients or to none: each recipient is offered to the
server first (``RCPT``), and one refusal cancels the transaction before the message
itself is sent, so no client ever gets a message that the log does not record.
Every failure names the server and quotes its answer.
"""

from __future__ import annotations

import contextlib
import smtplib
import ssl
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Iterator

from .settings import SmtpSettings

TIMEOUT_SECONDS = 60
"""A server that stops answering fails the run instead of holding it."""


class SendFailed(Exception):
    """The SMTP server refused something, or could not be reached; the message says what it answered."""


def write_eml(message: EmailMessage, path: Path) -> None:
    """The message as a ``.eml`` file, which any mail program opens (written whole, then renamed into place)."""
    partial = path.with_name(path.name + ".partial")
    partial.write_bytes(message.as_bytes(policy=policy.default))
    partial.replace(path)


def _answer(code: int, text: bytes | str) -> str:
    words = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    return f"{code} {' '.join(words.split())}"


@contextlib.contextmanager
def connect(settings: SmtpSettings) -> Iterator[smtplib.SMTP]:
    """A connection that is encrypted (unless turned off) and logged in, closed afterwards."""
    server = settings.server
    try:
        if settings.implicit_tls:
            client: smtplib.SMTP = smtplib.SMTP_SSL(settings.host, settings.port, timeout=TIMEOUT_SECONDS,
                                                    context=ssl.create_default_context())
        else:
            client = smtplib.SMTP(settings.host, settings.port, timeout=TIMEOUT_SECONDS)
    except (OSError, smtplib.SMTPException) as exc:
        raise SendFailed(f"cannot reach the SMTP server {server}: {exc}") from exc
    try:
        try:
            client.ehlo()
            if settings.starttls and not settings.implicit_tls:
                client.starttls(context=ssl.create_default_context())
                client.ehlo()
            if settings.user is not None:
                client.login(settings.user, settings.password or "")
        except smtplib.SMTPAuthenticationError as exc:
            raise SendFailed(f"{server} refused the login as {settings.user}: {_answer(exc.smtp_code, exc.smtp_error)}") from exc
        except smtplib.SMTPNotSupportedError as exc:
            what = "STARTTLS" if settings.starttls and not client.has_extn("starttls") else "a login (AUTH)"
            raise SendFailed(f"{server} does not offer {what}: check the SMTP settings in {settings.source}") from exc
        except smtplib.SMTPResponseException as exc:
            raise SendFailed(f"{server} answered {_answer(exc.smtp_code, exc.smtp_error)}") from exc
        except (OSError, smtplib.SMTPException) as exc:
            raise SendFailed(f"the connection to {server} failed: {exc}") from exc
        yield client
    finally:
        with contextlib.suppress(OSError, smtplib.SMTPException):
            client.quit()


def send(client: smtplib.SMTP, server: str, message: EmailMessage, sender: str, recipients: list[str]) -> None:
    """Hand ``message`` over for every recipient, or raise SendFailed having handed it over for none."""
    try:
        code, text = client.mail(sender)
        if code != 250:
            client.rset()
            raise SendFailed(f"{server} refused the sender {sender}: {_answer(code, text)}")
        for recipient in recipients:
            code, text = client.rcpt(recipient)
            if code not in (250, 251):
                client.rset()
                raise SendFailed(f"{server} refused the recipient {recipient}: {_answer(code, text)}")
        client.data(message.as_bytes(policy=policy.SMTP))
    except smtplib.SMTPResponseException as exc:
        raise SendFailed(f"{server} did not accept the message: {_answer(exc.smtp_code, exc.smtp_error)}") from exc
    except (OSError, smtplib.SMTPException) as exc:
        raise SendFailed(f"the connection to {server} failed while sending: {exc}") from exc
