"""The only code that speaks SMTP: one connection per batch, retried with backoff."""

from __future__ import annotations

import base64
import smtplib
import socket
import ssl
from dataclasses import dataclass
from types import TracebackType

from tenacity import (
    retry,
    retry_if_exception_type,
    retry_if_not_exception_type,
    stop_after_attempt,
    wait_exponential,
)

from intake import credentials
from intake.config import SmtpSettings
from intake.errors import SendAuthError, SendError


def tls_context(ca_file: object | None) -> ssl.SSLContext:
    """Certificate and host name verification on; an extra CA file when configured."""
    return ssl.create_default_context(cafile=str(ca_file) if ca_file else None)


@dataclass(frozen=True)
class Refusal:
    """The server refused one message: ``final`` for 5xx, retry later for 4xx."""

    code: int
    text: str

    @property
    def final(self) -> bool:
        return self.code >= 500


class SmtpConnection:
    """An authenticated SMTP session; ``send`` returns None or a Refusal."""

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings
        self.client: smtplib.SMTP | None = None

    @property
    def where(self) -> str:
        return f"SMTP {self.settings.host}:{self.settings.effective_port()}"

    def __enter__(self) -> SmtpConnection:
        self.open()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @retry(
        retry=retry_if_exception_type(SendError) & retry_if_not_exception_type(SendAuthError),
        stop=stop_after_attempt(3),
        wait=wait_exponential(multiplier=1, min=1, max=8),
        reraise=True,
    )
    def open(self) -> None:
        """Connect, secure and log in; transient failures are retried three times."""
        s = self.settings
        try:
            self.client = self._connect(s)
            self._login(s)
        except smtplib.SMTPAuthenticationError as exc:
            self.close()
            raise SendAuthError(f"{self.where}: login refused ({exc.smtp_code})") from None
        except (OSError, smtplib.SMTPException) as exc:
            self.close()
            raise SendError(f"{self.where}: {_describe(exc)}") from exc

    def _connect(self, s: SmtpSettings) -> smtplib.SMTP:
        port = s.effective_port()
        if s.security == "tls":
            return smtplib.SMTP_SSL(s.host, port, timeout=s.timeout, context=tls_context(s.ca_file))
        client = smtplib.SMTP(s.host, port, timeout=s.timeout)
        client.ehlo()
        if s.security == "starttls":
            client.starttls(context=tls_context(s.ca_file))
            client.ehlo()
        return client

    def _login(self, s: SmtpSettings) -> None:
        assert self.client is not None
        if s.auth_method == "oauth2":
            token = credentials.oauth2_token(s, "smtp").reveal()
            blob = base64.b64encode(
                f"user={s.user}\x01auth=Bearer {token}\x01\x01".encode()
            ).decode()
            code, reply = self.client.docmd("AUTH", "XOAUTH2 " + blob)
            if code != 235:
                self.client.docmd("")  # end the SASL exchange after an error challenge
                raise smtplib.SMTPAuthenticationError(code, reply)
        elif s.auth_method == "password":
            secret = credentials.password(s, "smtp")
            if secret is not None:
                self.client.login(s.user, secret.reveal())

    def send(self, mail_from: str, to: str, data: bytes) -> Refusal | None:
        """Send one message; raise SendError when the connection itself fails."""
        assert self.client is not None
        try:
            refused = self.client.sendmail(mail_from, [to], data)
        except smtplib.SMTPRecipientsRefused as exc:
            code, text = next(iter(exc.recipients.values()))
            return Refusal(code, _text(text))
        except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as exc:
            return Refusal(exc.smtp_code, _text(exc.smtp_error))
        except (OSError, smtplib.SMTPException) as exc:
            raise SendError(f"{self.where}: {_describe(exc)}") from exc
        if refused:
            code, text = next(iter(refused.values()))
            return Refusal(code, _text(text))
        return None

    def close(self) -> None:
        if self.client is None:
            return
        try:
            self.client.quit()
        except (OSError, smtplib.SMTPException):
            self.client.close()
        self.client = None


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _describe(exc: BaseException) -> str:
    """A short, secret-free description of a connection failure."""
    if isinstance(exc, ssl.SSLCertVerificationError):
        return (
            f"TLS certificate not trusted ({exc.verify_message}); set smtp.ca_file for a private CA"
        )
    if isinstance(exc, ssl.SSLError):
        return f"TLS failed ({exc.reason}); check smtp.security and smtp.port"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused (is the host and port right?)"
    if isinstance(exc, socket.timeout | TimeoutError):
        return "timed out"
    if isinstance(exc, socket.gaierror):
        return f"host name not found ({exc.strerror})"
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return f"server does not support it: {exc}"
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"{exc.smtp_code} {_text(exc.smtp_error)}"
    return f"{type(exc).__name__}: {exc}"
