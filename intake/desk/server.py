"""``intake serve``: the desk on a real ASGI server (uvicorn), loopback unless made safe.

A host other than loopback is refused unless TLS files are given (uvicorn
serves HTTPS itself) or ``behind_proxy`` says a reverse proxy in front does
(then the session cookie is marked Secure and the proxy's forwarded client
address is trusted, for the sign-in limits). The socket is bound before the
server starts, so a port in use is one clear line, and the printed link
names the port that was really bound.
"""

from __future__ import annotations

import errno
import logging
import signal
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import uvicorn

from intake.config import Settings, is_loopback
from intake.desk.app import create_app
from intake.desk.auth import Access
from intake.errors import ConfigError
from intake.store import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Listen:
    """Where and how the desk listens."""

    host: str
    port: int
    tls_cert: Path | None = None
    tls_key: Path | None = None
    behind_proxy: bool = False

    @property
    def scheme(self) -> str:
        return "https" if self.tls_cert else "http"

    def check(self, has_password: bool) -> None:
        """Refuse to listen beyond loopback without TLS or a proxy, or without a password."""
        if (self.tls_cert is None) != (self.tls_key is None):
            raise ConfigError("give both --tls-cert and --tls-key, or neither")
        for path in (self.tls_cert, self.tls_key):
            if path is not None and not path.is_file():
                raise ConfigError(f"TLS file not found: {path}")
        if is_loopback(self.host):
            return
        if not (self.tls_cert or self.behind_proxy):
            raise ConfigError(
                f"--host {self.host} is not loopback: the desk would be open in plain HTTP; "
                "give --tls-cert and --tls-key, or put a reverse proxy with TLS in front "
                "and pass --behind-proxy (see the README)"
            )
        if not has_password:
            raise ConfigError(
                "beyond loopback the desk needs a password: set desk.password_env or "
                "desk.password_command in intake.toml"
            )


def bind(listen: Listen) -> socket.socket:
    """The listening socket, or a ConfigError saying why it cannot be had."""
    family = socket.AF_INET6 if ":" in listen.host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((listen.host.strip("[]"), listen.port))
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise ConfigError(
                f"port {listen.port} on {listen.host} is in use: is the desk already running? "
                "(choose another with --port)"
            ) from None
        raise ConfigError(f"cannot listen on {listen.host}:{listen.port}: {exc.strerror}") from None
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def link(listen: Listen, sock: socket.socket, token: str) -> str:
    """The sign-in link to print: the bound address and the one-time token."""
    port = sock.getsockname()[1]
    host = f"[{listen.host}]" if ":" in listen.host else listen.host
    return f"{listen.scheme}://{host}:{port}/login/link?token={token}"


def prepare(
    settings: Settings, store: Store, listen: Listen
) -> tuple[uvicorn.Server, socket.socket, str]:
    """The server, its bound socket and the link to print, ready to ``run``."""
    secure = listen.tls_cert is not None or listen.behind_proxy
    access = Access.of(settings.desk, secure_cookie=secure)
    listen.check(access.hashed is not None)
    app = create_app(settings, store, access)
    sock = bind(listen)
    config = uvicorn.Config(
        app,
        ssl_certfile=str(listen.tls_cert) if listen.tls_cert else None,
        ssl_keyfile=str(listen.tls_key) if listen.tls_key else None,
        proxy_headers=listen.behind_proxy,
        forwarded_allow_ips="127.0.0.1,::1" if listen.behind_proxy else None,
        server_header=False,
        log_level="warning",
        access_log=False,
        lifespan="off",
    )
    return uvicorn.Server(config), sock, link(listen, sock, access.link_token)


def serve(settings: Settings, store: Store, listen: Listen, say: Callable[[str], None]) -> None:
    """Run the desk in the foreground until Ctrl-C or SIGTERM, then stop cleanly (exit 0)."""
    server, sock, url = prepare(settings, store, listen)
    say(f"The desk is at {url}")
    say("Open that link to sign in (it works while this server runs). Stop with Ctrl-C.")
    try:
        with _stops_quietly():
            server.run(sockets=[sock])
    finally:
        sock.close()
    say("The desk has stopped.")


@contextmanager
def _stops_quietly() -> Iterator[None]:
    """uvicorn finishes its requests on SIGTERM or Ctrl-C, then raises the signal again for
    the handler it found; this one takes it, so the desk ends with exit 0, not a traceback."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    before = {sig: signal.signal(sig, lambda *_: None) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in before.items():
            signal.signal(sig, handler)
