"""The only code that speaks SMTP: one connection for a whole poll, retried with backoff."""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Callable
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
from intake.errors import SecretError, SendAuthError, SendError
from intake.network import as_text, describe, plain_port_hint


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
            reply = as_text(exc.smtp_error).splitlines()[0][:200] if exc.smtp_error else ""
            raise SendAuthError(f"{self.where}: login refused ({exc.smtp_code} {reply})") from None
        except SecretError as exc:
            self.close()
            raise SendAuthError(f"{self.where}: no login possible: {exc}") from None
        except smtplib.SMTPNotSupportedError as exc:
            self.close()
            raise SendAuthError(f"{self.where}: {_unsupported(exc)}") from None
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
            self.client.auth("XOAUTH2", _xoauth2(s.user, token))
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
            code, reply = next(iter(exc.recipients.values()))
            return Refusal(code, as_text(reply))
        except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as exc:
            return Refusal(exc.smtp_code, as_text(exc.smtp_error))
        except (OSError, smtplib.SMTPException) as exc:
            raise SendError(f"{self.where}: {_describe(exc)}") from exc
        if refused:
            code, reply = next(iter(refused.values()))
            return Refusal(code, as_text(reply))
        return None

    def close(self) -> None:
        if self.client is None:
            return
        try:
            self.client.quit()
        except (OSError, smtplib.SMTPException):
            self.client.close()
        self.client = None


class SmtpSession:
    """The one connection a poll (or a digest) sends over: opened when the first mail
    goes out, kept until the session ends, opened again only when it fails."""

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings
        self.connection: SmtpConnection | None = None
        self.opened = 0  # connections opened so far

    @property
    def connected(self) -> bool:
        """Whether a connection was opened (and logged in) in this session."""
        return self.opened > 0

    def __enter__(self) -> SmtpSession:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def send(self, mail_from: str, to: str, data: bytes) -> Refusal | None:
        """Send one message; raise SendError when no connection can carry it.

        A connection kept open since the last batch may have been closed by the
        server meanwhile (an idle timeout): it is replaced once, and a second
        failure stands.
        """
        if self.connection is not None:
            try:
                return self.connection.send(mail_from, to, data)
            except SendError:
                self.close()
        return self._open().send(mail_from, to, data)

    def _open(self) -> SmtpConnection:
        connection = SmtpConnection(self.settings)
        connection.open()
        self.connection = connection
        self.opened += 1
        return connection

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def _xoauth2(user: str, token: str) -> Callable[..., str]:
    """SASL XOAUTH2 for ``smtplib.SMTP.auth``: the initial response, then an empty
    answer to an error challenge, after which the server sends its final 535."""

    def answer(challenge: bytes | None = None) -> str:
        return "" if challenge is not None else f"user={user}\x01auth=Bearer {token}\x01\x01"

    return answer


def _unsupported(exc: smtplib.SMTPNotSupportedError) -> str:
    if "STARTTLS" in str(exc).upper():
        return 'the server does not offer STARTTLS here; use smtp.security = "tls" on port 465'
    return "the server offers no login here; check smtp.security and smtp.port"


def _describe(exc: BaseException) -> str:
    """A short, secret-free description of an SMTP failure."""
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return f"server does not support it: {exc}"
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return f"the server closed the connection ({exc}); {plain_port_hint('smtp')}"
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"{exc.smtp_code} {as_text(exc.smtp_error)}"
    return describe(exc, "smtp")
