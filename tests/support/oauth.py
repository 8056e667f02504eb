"""XOAUTH2 on loopback: a token authority, Dovecot's oauth2 passdb, an aiosmtpd XOAUTH2 sink.

No pytest here, like ``servers.py``, which this builds on without changing it.

- ``TokenAuthority`` plays the OAuth2 provider: it issues random access tokens for a
  user, revokes them, and answers RFC 7662 token introspection (``POST /introspect``,
  form body ``token=...``) from a thread on 127.0.0.1. A revoked token is refused at
  once: Dovecot's auth cache is off by default, so every login asks again.
- ``oauth2_dovecot(authority, folder)`` is a ``servers.Dovecot`` with a second passdb,
  ``driver = oauth2``, that asks the authority. ``OAuthAccount`` is a mailbox that only
  the token can open: it has no passwd file, so the harness's passwd-file passdb answers
  "missing passwd file" and the oauth2 passdb alone decides.
- ``XOAuth2Sink`` is a ``servers.SmtpSink`` (STARTTLS by default) that offers only
  ``AUTH XOAUTH2`` and checks the token with the same authority. A refused token is
  answered the way Gmail does (a ``334`` error challenge, then ``535``) or, with
  ``style="microsoft"``, the way Exchange Online does (``535`` at once).
- ``TokenFile`` is the file an ``oauth2_token_command`` of ``cat FILE`` prints.
"""

from __future__ import annotations

import base64
import binascii
import json
import secrets
import shlex
import threading
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Literal, Self
from urllib.parse import parse_qs

from aiosmtpd.smtp import MISSING, SMTP, AuthResult
from imapclient import IMAPClient

from support.servers import HOST, Dovecot, SmtpSink, _appended_uids, _Recorder

TOKEN_PREFIX = "ya29.test-"
GMAIL_ERROR = {"status": "400", "schemes": "Bearer", "scope": "https://mail.google.com/"}
GMAIL_535 = "535 5.7.8 Username and Password not accepted"
MICROSOFT_535 = "535 5.7.3 Authentication unsuccessful"


def xoauth2_blob(user: str, token: str) -> bytes:
    """The SASL XOAUTH2 initial client response, base64-encoded, as a client sends it."""
    return base64.b64encode(f"user={user}\x01auth=Bearer {token}\x01\x01".encode())


def parse_xoauth2(raw: bytes) -> tuple[str, str]:
    """``(user, token)`` from a decoded XOAUTH2 response; ValueError when malformed."""
    fields = dict(part.split("=", 1) for part in raw.decode().split("\x01") if "=" in part)
    scheme, _, token = fields.get("auth", "").partition(" ")
    if "user" not in fields or scheme != "Bearer" or not token:
        raise ValueError("not an XOAUTH2 response")
    return fields["user"], token


# --- the provider ----------------------------------------------------------------------


class TokenAuthority:
    """Valid access tokens (token -> user) and an RFC 7662 introspection endpoint."""

    def __init__(self) -> None:
        self._valid: dict[str, str] = {}
        self._lock = threading.Lock()
        self.introspected: list[str] = []  # every token Dovecot asked about, in order
        self._server: ThreadingHTTPServer | None = None

    def issue(self, user: str) -> str:
        """A fresh access token for ``user``, valid until revoked."""
        token = TOKEN_PREFIX + secrets.token_urlsafe(24)
        with self._lock:
            self._valid[token] = user
        return token

    def revoke(self, token: str) -> None:
        """The token expires (or the user withdraws consent): refused from now on."""
        with self._lock:
            self._valid.pop(token, None)

    def holder(self, token: str) -> str | None:
        """Whose token this is, or None when it is not (or no longer) valid."""
        with self._lock:
            return self._valid.get(token)

    def introspect(self, token: str) -> dict[str, object]:
        """The RFC 7662 answer: ``active`` and, for a valid token, its ``username``."""
        with self._lock:
            self.introspected.append(token)
            user = self._valid.get(token)
        return {"active": True, "username": user} if user else {"active": False}

    @property
    def url(self) -> str:
        assert self._server is not None, "start() the authority first"
        return f"http://{HOST}:{self._server.server_address[1]}/introspect"

    def start(self) -> Self:
        self._server = ThreadingHTTPServer((HOST, 0), _introspection_handler(self))
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _introspection_handler(authority: TokenAuthority) -> type[BaseHTTPRequestHandler]:
    class Introspection(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            form = parse_qs(self.rfile.read(length).decode())
            answer = authority.introspect(form.get("token", [""])[0])
            body = json.dumps(answer).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            """Silent: http.server would print every request (and its path) to stderr."""

    return Introspection


# --- IMAP: Dovecot's oauth2 passdb -----------------------------------------------------


def oauth2_conf_lines(authority: TokenAuthority) -> list[str]:
    """``dovecot-oauth2.conf.ext`` for Dovecot 2.3: introspect every token by POST."""
    return [
        "introspection_mode = post",
        f"introspection_url = {authority.url}",
        "username_attribute = username",
        "active_attribute = active",
        "active_value = true",
        "timeout_msecs = 5000",
    ]


def oauth2_dovecot(authority: TokenAuthority, folder: Path) -> Dovecot:
    """A (not yet started) Dovecot that also accepts XOAUTH2/OAUTHBEARER via ``authority``.

    ``folder`` receives ``oauth2.conf.ext``; the auth process runs as root, so any
    folder works (unlike the mail dir, which the ``dovecot`` user must reach).
    """
    conf = folder / "oauth2.conf.ext"
    conf.write_text("\n".join(oauth2_conf_lines(authority)) + "\n")
    return Dovecot(
        extra_conf=[
            "auth_mechanisms = plain login xoauth2 oauthbearer",
            "passdb {",
            "  driver = oauth2",
            "  mechanisms = xoauth2 oauthbearer",
            f"  args = {conf}",
            "}",
        ]
    )


@dataclass(frozen=True)
class OAuthAccount:
    """A mailbox on an ``oauth2_dovecot`` that only a valid token opens.

    It has the attributes ``campaign.settings_for`` reads (host, port, name).
    """

    server: Dovecot = field(repr=False)
    authority: TokenAuthority = field(repr=False)
    name: str

    @property
    def host(self) -> str:
        return self.server.host

    @property
    def port(self) -> int:
        return self.server.port

    @property
    def imaps_port(self) -> int:
        assert self.server.imaps_port is not None, "the Dovecot needs tls=True"
        return self.server.imaps_port

    @property
    def cafile(self) -> Path:
        assert self.server.cafile is not None, "the Dovecot needs tls=True"
        return self.server.cafile

    def client(self, token: str | None = None) -> IMAPClient:
        """A plain-port IMAPClient logged in with XOAUTH2 (a token of its own by default)."""
        client = IMAPClient(self.host, self.port, ssl=False, timeout=10)
        try:
            client.oauth2_login(self.name, token or self.authority.issue(self.name))
        except BaseException:
            client.shutdown()
            raise
        return client

    def append(self, folder: str, raw: bytes, when: datetime) -> int:
        """APPEND ``raw`` with INTERNALDATE ``when``; return its UID."""
        with self.client() as client:
            return _appended_uids(client.append(folder, raw, msg_time=when))[0]

    def flags(self, folder: str = "INBOX") -> dict[int, tuple[bytes, ...]]:
        """Every message's flags in ``folder``, read-only."""
        with self.client() as client:
            client.select_folder(folder, readonly=True)
            return dict(client.get_flags(client.search("ALL")))


# --- SMTP: aiosmtpd with an XOAUTH2 mechanism ------------------------------------------


Style = Literal["gmail", "microsoft"]


@dataclass(frozen=True)
class AuthAttempt:
    """One AUTH XOAUTH2 as the sink saw it; ``after_error`` is the client's answer to the
    error challenge (it should be empty), or None when no challenge was sent."""

    user: str
    token: str
    ok: bool
    after_error: bytes | None = None


class _XOAuth2Recorder(_Recorder):
    """The harness's recording handler plus an ``AUTH XOAUTH2`` mechanism."""

    def __init__(self, authority: TokenAuthority, style: Style) -> None:
        super().__init__(keep=True, refuse=None)
        self.authority, self.style = authority, style
        self.attempts: list[AuthAttempt] = []

    async def auth_XOAUTH2(self, server: SMTP, args: list[str]) -> AuthResult:
        if len(args) > 1:
            response: Any = args[1].encode()
            try:
                response = base64.b64decode(response, validate=True)
            except binascii.Error:
                return AuthResult(success=False, handled=False, message="501 5.5.2 Bad base64")
        else:
            response = await server.challenge_auth("", encode_to_b64=False)
            if response is MISSING:
                return AuthResult(success=False, handled=True)
        try:
            user, token = parse_xoauth2(response)
        except ValueError:
            return AuthResult(success=False, handled=False, message="501 5.5.2 Bad XOAUTH2")
        if self.authority.holder(token) == user:
            self.attempts.append(AuthAttempt(user, token, ok=True))
            return AuthResult(success=True, handled=False, auth_data=user)
        return await self._refuse(server, user, token)

    async def _refuse(self, server: SMTP, user: str, token: str) -> AuthResult:
        if self.style == "microsoft":
            self.attempts.append(AuthAttempt(user, token, ok=False))
            return AuthResult(success=False, handled=False, message=MICROSOFT_535)
        answer = await server.challenge_auth(json.dumps(GMAIL_ERROR))
        after = b"*" if answer is MISSING else bytes(answer)
        self.attempts.append(AuthAttempt(user, token, ok=False, after_error=after))
        if answer is MISSING:
            return AuthResult(success=False, handled=True)
        return AuthResult(success=False, handled=False, message=GMAIL_535)


class XOAuth2Sink(SmtpSink):
    """An SMTP sink that requires ``AUTH XOAUTH2`` (the only mechanism it offers)."""

    def __init__(
        self,
        authority: TokenAuthority,
        *,
        tls: bool = True,
        implicit_tls: bool = False,
        style: Style = "gmail",
    ) -> None:
        super().__init__(tls=tls, implicit_tls=implicit_tls)
        self._xoauth2 = _XOAuth2Recorder(authority, style)
        self._recorder = self._xoauth2

    @property
    def attempts(self) -> list[AuthAttempt]:
        """Every AUTH XOAUTH2 so far, in order."""
        with self._xoauth2.changed:
            return list(self._xoauth2.attempts)

    def _smtp_options(self) -> dict[str, Any]:
        return super()._smtp_options() | {
            "auth_required": True,
            "auth_exclude_mechanism": ["LOGIN", "PLAIN"],
        }


# --- the token helper ------------------------------------------------------------------


@dataclass(frozen=True)
class TokenFile:
    """What a token helper would print: ``command`` is ``cat`` of this file."""

    path: Path

    @property
    def command(self) -> str:
        return f"cat {shlex.quote(str(self.path))}"

    def write(self, token: str) -> None:
        """Replace the token atomically (a helper renewing it while intake reads)."""
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(token + "\n")
        tmp.chmod(0o600)
        tmp.replace(self.path)


def leaked(haystack: bytes, credentials: list[tuple[str, str]]) -> list[str]:
    """Tokens of ``(user, token)`` pairs found in ``haystack``: whole, either half of the
    random part (a truncated token in a log line is still a leak), base64-encoded, or as
    the XOAUTH2 blob a client sends."""
    found = []
    for user, token in credentials:
        secret = token.removeprefix(TOKEN_PREFIX)
        half = len(secret) // 2
        needles = [secret[:half], secret[half:], token]
        forms = [n.encode() for n in needles]
        forms += [base64.b64encode(token.encode()), xoauth2_blob(user, token)]
        if any(form in haystack for form in forms):
            found.append(token)
    return found
