"""Real mail servers on loopback for tests and benchmarks: Dovecot (IMAP) and aiosmtpd (SMTP).

No pytest here: bench scripts use it too. Tests ``import servers`` (pytest puts tests/
on sys.path); a script does ``sys.path.insert(0, "<repo>/tests")`` first.

- ``Dovecot`` runs a private ``dovecot -F`` as root from a fresh temp dir (settings and
  pitfalls: ``../shared/lab/DOVECOT.md``). Each user has its own passwd file
  (``users/<name>``, one ``name:{PLAIN}password`` line), so ``add_user`` works at
  once on a running server: Dovecot re-reads a shared passwd file at most once a
  second, which would make a freshly appended user randomly unknown.
- ``SmtpSink`` is an aiosmtpd ``Controller`` that records (or only counts) what it
  receives, optionally behind STARTTLS or implicit TLS, AUTH, or a refusal policy.
- ``Cert`` is a self-signed certificate for ``localhost``/``127.0.0.1`` shared by both.

A missing ``dovecot``/``openssl`` binary or a non-root user raises ``ServerUnavailable``.
"""

from __future__ import annotations

import asyncio
import atexit
import functools
import os
import pwd
import re
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Self

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session
from imapclient import IMAPClient

HOST = "127.0.0.1"
START_ATTEMPTS = 5
MULTIAPPEND_BATCH = 500
_USER_NAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")


class ServerUnavailable(RuntimeError):
    """This machine cannot run the server (binary missing, not root, ...) or it did not start."""


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that was free a moment ago (callers retry on a clash)."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


# --- TLS -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cert:
    """A self-signed certificate valid for DNS:localhost and IP:127.0.0.1; it is its own CA."""

    certfile: Path
    keyfile: Path

    @classmethod
    def generate(cls, directory: Path) -> Cert:
        """Create ``cert.pem`` and ``key.pem`` (EC P-256, 2 days) in *directory* with openssl."""
        if shutil.which("openssl") is None:
            raise ServerUnavailable("openssl not found: apt-get install -y openssl")
        cert = cls(directory / "cert.pem", directory / "key.pem")
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
             "-nodes", "-days", "2", "-subj", "/CN=localhost",
             "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
             "-keyout", str(cert.keyfile), "-out", str(cert.certfile)],
            check=True, capture_output=True, stdin=subprocess.DEVNULL,
        )  # fmt: skip
        return cert

    @classmethod
    def shared(cls) -> Cert:
        """The one certificate of this process, generated on first use, removed at exit."""
        return _shared_cert()

    def server_context(self) -> ssl.SSLContext:
        """A server-side context presenting this certificate."""
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(self.certfile, self.keyfile)
        return ctx

    def client_context(self) -> ssl.SSLContext:
        """A client context that verifies servers against this certificate only."""
        return ssl.create_default_context(cafile=str(self.certfile))


@functools.cache
def _shared_cert() -> Cert:
    directory = Path(tempfile.mkdtemp(prefix="intake-cert-"))
    atexit.register(shutil.rmtree, directory, True)
    return Cert.generate(directory)


# --- Dovecot ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ImapUser:
    """One account on a ``Dovecot``: its credentials and the server's helpers bound to it."""

    server: Dovecot = field(repr=False)
    name: str
    password: str

    @property
    def host(self) -> str:
        return self.server.host

    @property
    def port(self) -> int:
        return self.server.port

    @property
    def imaps_port(self) -> int | None:
        return self.server.imaps_port

    @property
    def cafile(self) -> Path | None:
        return self.server.cafile

    def client(self) -> IMAPClient:
        """A plain-port IMAPClient logged in as this user (use it as a context manager)."""
        return self.server.client(self.name)

    def append(self, folder: str, raw: bytes, when: datetime) -> int:
        """APPEND *raw* to *folder* with INTERNALDATE *when*; return its UID."""
        return self.server.append(folder, raw, when, user=self.name)

    def multiappend(self, folder: str, messages: Iterable[tuple[bytes, datetime]]) -> list[int]:
        """MULTIAPPEND (raw, INTERNALDATE) pairs to *folder*; return their UIDs."""
        return self.server.multiappend(folder, messages, user=self.name)

    def create_folder(self, name: str) -> None:
        """CREATE folder *name* (``/`` separates levels)."""
        self.server.create_folder(name, user=self.name)

    def renumber_folder(self, name: str, uidvalidity: int, next_uid: int) -> None:
        """Give an empty folder this UIDVALIDITY and start its UIDs at ``next_uid`` (doveadm
        mailbox update): IMAP numbers are unsigned 32-bit, and a server may use them all."""
        assert self.server.dir is not None, "the server is not running"
        conf = self.server.dir / "dovecot.conf"
        subprocess.run(
            ["doveadm", "-c", str(conf), "mailbox", "update", "-u", self.name,
             "--uid-validity", str(uidvalidity), "--min-next-uid", str(next_uid), name],
            check=True, capture_output=True, timeout=30,
        )  # fmt: skip

    def rebuild_folder(self, name: str) -> None:
        """DELETE and CREATE folder *name*: empty, with a new UIDVALIDITY (a rebuilt mailbox)."""
        with self.client() as client:
            client.delete_folder(name)
            client.create_folder(name)


class Dovecot:
    """A private Dovecot IMAP server on 127.0.0.1, in a fresh temp dir per ``start()``.

    With ``tls`` it offers STARTTLS on ``port`` and implicit TLS on ``imaps_port``,
    signed by ``cafile``. ``extra_conf`` lines are appended to dovecot.conf (a later
    setting overrides an earlier one). ``parent`` must be traversable by the
    ``dovecot`` user (pytest's ``tmp_path`` is not).
    """

    host = HOST

    def __init__(
        self,
        users: Mapping[str, str] | None = None,
        *,
        tls: bool = True,
        extra_conf: Sequence[str] = (),
        parent: Path | None = None,
        start_timeout: float = 10.0,
    ) -> None:
        self.users: dict[str, str] = {}
        self.tls = tls
        self.extra_conf = list(extra_conf)
        self.parent = Path(parent or tempfile.gettempdir())
        self.start_timeout = start_timeout
        self.dir: Path | None = None
        self.port = 0
        self.imaps_port: int | None = None
        self.cafile: Path | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self._user_seq = 0
        for name, password in (users or {"alice": "secret"}).items():
            self.add_user(name, password)

    @property
    def pid(self) -> int | None:
        """PID of the master process, which is also its process group id; None when down."""
        return self._proc.pid if self._proc else None

    @property
    def default_user(self) -> str:
        """The first user given to the constructor."""
        return next(iter(self.users))

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # lifecycle

    def start(self) -> Self:
        """Start on fresh ports in a fresh dir; return once the ``* OK`` greeting arrives."""
        if self._proc is not None:
            raise RuntimeError("Dovecot is already running; stop() or kill() it first")
        if problem := dovecot_problem():
            raise ServerUnavailable(problem)
        binary = shutil.which("dovecot") or "dovecot"
        self._remove_dir()
        self.dir = _make_server_dir(self.parent)
        for name, password in self.users.items():
            _write_passwd(self.dir, name, password)
        self.cafile = Cert.shared().certfile if self.tls else None
        for _ in range(START_ATTEMPTS):
            if self._launch(binary):
                _RUNNING.add(self)
                return self
        raise ServerUnavailable(f"dovecot did not start in {START_ATTEMPTS} tries\n{self.log()}")

    def stop(self) -> None:
        """SIGTERM the process group, SIGKILL what is left, reap, and remove the dir."""
        self._end(signal.SIGTERM)
        self._remove_dir()

    def kill(self) -> None:
        """SIGKILL the whole process group at once (an outage); the dir stays until stop()."""
        self._end(signal.SIGKILL)

    def log(self) -> str:
        """Dovecot's log and the master's output, for failure messages."""
        logs = [self.dir / "dovecot.log", self.dir / "master.out"] if self.dir else []
        return "\n".join(p.read_text(errors="replace") for p in logs if p.exists())

    # users and mail

    def add_user(self, name: str | None = None, password: str = "secret") -> ImapUser:
        """Create a user (a unique ``userN`` if no *name*); usable at once, even while running."""
        if name is None:
            self._user_seq += 1
            name = f"user{self._user_seq}"
        if not _USER_NAME.fullmatch(name) or name in self.users:
            raise ValueError(f"bad or duplicate IMAP user name: {name!r}")
        self.users[name] = password
        if self.dir is not None:
            _write_passwd(self.dir, name, password)
        return ImapUser(self, name, password)

    def client(self, user: str | None = None) -> IMAPClient:
        """A plain-port IMAPClient logged in as *user* (default: the first user)."""
        name = user or self.default_user
        client = IMAPClient(self.host, self.port, ssl=False, timeout=10)
        try:
            client.login(name, self.users[name])
        except BaseException:
            client.shutdown()
            raise
        return client

    def append(self, folder: str, raw: bytes, when: datetime, *, user: str | None = None) -> int:
        """APPEND *raw* to *folder* with INTERNALDATE *when* (aware); return its UID."""
        _require_aware(when)
        with self.client(user) as client:
            return _appended_uids(client.append(folder, raw, msg_time=when))[0]

    def multiappend(
        self,
        folder: str,
        messages: Iterable[tuple[bytes, datetime]],
        *,
        user: str | None = None,
    ) -> list[int]:
        """Seed *folder* fast with MULTIAPPEND, 500 messages per command; return the UIDs."""
        items = [{"msg": raw, "date": _require_aware(when)} for raw, when in messages]
        uids: list[int] = []
        with self.client(user) as client:
            for start in range(0, len(items), MULTIAPPEND_BATCH):
                batch = items[start : start + MULTIAPPEND_BATCH]
                _typ, data = client.multiappend(folder, batch)
                uids += _appended_uids(data[-1])
        return uids

    def create_folder(self, name: str, *, user: str | None = None) -> None:
        """CREATE folder *name* for *user* (default: the first user)."""
        with self.client(user) as client:
            client.create_folder(name)

    # internals

    def _launch(self, binary: str) -> bool:
        """One start attempt on new ports; False if the master died (a port clash)."""
        assert self.dir is not None
        self.port = free_port()
        self.imaps_port = _other_free_port(self.port) if self.tls else None
        conf = self.dir / "dovecot.conf"
        cert = Cert.shared() if self.tls else None
        conf.write_text(_dovecot_conf(self.dir, self.port, self.imaps_port, cert, self.extra_conf))
        with (self.dir / "master.out").open("ab") as out:
            self._proc = subprocess.Popen(
                [binary, "-F", "-c", str(conf)],
                stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        if _wait_greeting(self._proc, self.port, self.start_timeout):
            return True
        self._end(signal.SIGKILL)
        return False

    def _end(self, sig: signal.Signals) -> None:
        """Signal our process group, SIGKILL leftovers while the master still holds the PGID."""
        proc, self._proc = self._proc, None
        _RUNNING.discard(self)
        if proc is None:
            return
        if proc.returncode is None:
            _signal_group(proc.pid, sig)
            _wait_exit_unreaped(proc.pid, timeout=5.0)
            _signal_group(proc.pid, signal.SIGKILL)
        proc.wait()

    def _remove_dir(self) -> None:
        if self.dir is not None:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None


_RUNNING: set[Dovecot] = set()


@atexit.register
def _stop_leftovers() -> None:
    """A script that ends without stop() must not leave its Dovecot running (it is setsid)."""
    for server in list(_RUNNING):
        server.stop()


def dovecot_problem() -> str | None:
    """Why this machine cannot run a private Dovecot, or None if it can."""
    if shutil.which("dovecot") is None:
        return "dovecot is not on PATH: apt-get install -y dovecot-imapd"
    if os.geteuid() != 0:
        return "a private Dovecot must be started as root"
    for user in ("dovecot", "dovenull"):
        try:
            pwd.getpwnam(user)
        except KeyError:
            return f"no system user {user!r}: reinstall dovecot-core"
    return None


def _make_server_dir(parent: Path) -> Path:
    """A fresh 0755 dir with run/, state/, users/ and a ``dovecot``-owned mail/."""
    _check_traversable(parent)
    directory = Path(tempfile.mkdtemp(prefix="intake-dovecot-", dir=parent))
    directory.chmod(0o755)
    for sub in ("run", "state", "users", "mail"):
        (directory / sub).mkdir()
    entry = pwd.getpwnam("dovecot")
    os.chown(directory / "mail", entry.pw_uid, entry.pw_gid)
    return directory


def _check_traversable(parent: Path) -> None:
    """Mail processes run as ``dovecot``: every ancestor of the dir needs o+x."""
    for path in [parent.resolve(), *parent.resolve().parents]:
        if not path.stat().st_mode & 0o001:
            raise ServerUnavailable(
                f"{path} is not world-traversable (o+x); mail processes (user dovecot) "
                "could not reach their maildirs. Pass another parent dir."
            )


def _write_passwd(directory: Path, name: str, password: str) -> None:
    """Write ``users/<name>`` atomically, so a concurrent auth lookup never sees half a file."""
    if ":" in password or "\n" in password:
        raise ValueError("an IMAP test password cannot contain ':' or a newline")
    tmp = directory / "users" / f".{name}.tmp"
    tmp.write_text(f"{name}:{{PLAIN}}{password}\n")
    tmp.chmod(0o600)
    tmp.replace(directory / "users" / name)


def _other_free_port(taken: int) -> int:
    port = free_port()
    while port == taken:
        port = free_port()
    return port


def _dovecot_conf(
    directory: Path, port: int, imaps_port: int | None, cert: Cert | None, extra: list[str]
) -> str:
    """dovecot.conf for a private server; each setting's reason is in DOVECOT.md."""
    d = directory
    imaps, tls = "", "ssl = no\n"
    if imaps_port is not None and cert is not None:
        imaps = f"  inet_listener imaps {{\n    address = {HOST}\n    port = {imaps_port}\n  }}\n"
        tls = f"ssl = yes\nssl_cert = <{cert.certfile}\nssl_key = <{cert.keyfile}\n"
    return f"""# written by tests/servers.py
protocols = imap
listen = {HOST}
base_dir = {d}/run
state_dir = {d}/state
log_path = {d}/dovecot.log
default_internal_user = root
default_internal_group = root
mail_uid = dovecot
mail_gid = dovecot
first_valid_uid = 1
first_valid_gid = 1
mail_location = maildir:{d}/mail/%u
mail_fsync = never
mail_max_userip_connections = 50
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_verbose = yes
auth_failure_delay = 0
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {d}/users/%u
}}
userdb {{
  driver = static
  args = home={d}/mail/%u
}}
namespace inbox {{
  inbox = yes
  separator = /
  mailbox Processed {{
    auto = create
  }}
}}
service anvil {{
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
service imap-login {{
  inet_listener imap {{
    address = {HOST}
    port = {port}
  }}
{imaps}}}
{tls}""" + "".join(f"{line}\n" for line in extra)


def _wait_greeting(proc: subprocess.Popen[bytes], port: int, timeout: float) -> bool:
    """True once the server greets with ``* OK``; False if the master exits first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        with suppress(OSError), socket.create_connection((HOST, port), timeout=1) as sock:
            if sock.recv(64).startswith(b"* OK"):
                return True
        time.sleep(0.01)
    raise ServerUnavailable(f"no IMAP greeting on {HOST}:{port} within {timeout} s")


def _signal_group(pgid: int, sig: signal.Signals) -> None:
    with suppress(ProcessLookupError):
        os.killpg(pgid, sig)


def _wait_exit_unreaped(pid: int, timeout: float) -> None:
    """Wait until our child *pid* exits but leave it a zombie, so its PGID stays ours."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None:
            return
        time.sleep(0.005)


def _require_aware(when: datetime) -> datetime:
    if when.tzinfo is None or when.utcoffset() is None:
        raise ValueError(f"INTERNALDATE needs an aware datetime, got {when!r}")
    return when


def _appended_uids(response: bytes) -> list[int]:
    """UIDs from an ``[APPENDUID <validity> <uid-set>]`` response, e.g. ``1:3,7``."""
    match = re.search(rb"\[APPENDUID \d+ ([\d:,]+)\]", response)
    if match is None:
        raise ValueError(f"no APPENDUID in {response!r}")
    uids: list[int] = []
    for part in match.group(1).decode().split(","):
        low, _, high = part.partition(":")
        uids += range(int(low), int(high or low) + 1)
    return uids


# --- SMTP ------------------------------------------------------------------------------

RefusePolicy = Callable[[str], str | None]
"""Given a recipient address, an SMTP reply to refuse it with (``"550 5.1.1 ..."``) or None."""


@dataclass(frozen=True)
class Received:
    """One message as the sink received it; ``data`` is the raw bytes (CRLF line ends)."""

    mail_from: str
    rcpt_tos: tuple[str, ...]
    data: bytes
    login: str | None


def refuse_all(address: str) -> str:
    """The ``refuse=True`` policy: a temporary failure for every recipient."""
    return "451 4.3.0 Sink refuses mail for now"


class _Recorder:
    """aiosmtpd handler: applies the refusal policy, then stores or counts each message."""

    def __init__(self, keep: bool, refuse: RefusePolicy | None, hold_at: int = 0) -> None:
        self.keep = keep
        self.refuse = refuse
        self.messages: list[Received] = []
        self.count = 0
        self.sessions = 0
        self.changed = threading.Condition()
        self.hold_at = hold_at
        self.holding = threading.Event()  # set while the ``hold_at``-th DATA waits
        self.released = threading.Event()

    def session(self, change: int) -> None:
        """A client connected (+1) or went away (-1)."""
        with self.changed:
            self.sessions += change
            self.changed.notify_all()

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        reply = self.refuse(address) if self.refuse else None
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        with self.changed:
            hold = self.hold_at and not self.holding.is_set() and self.count + 1 == self.hold_at
            if hold:
                self.holding.set()
        if hold:  # answer this DATA only once the test calls release()
            await asyncio.get_running_loop().run_in_executor(None, self.released.wait)
        message = Received(
            mail_from=envelope.mail_from or "",
            rcpt_tos=tuple(envelope.rcpt_tos),
            data=bytes(envelope.original_content or b""),
            login=session.auth_data if session.authenticated else None,
        )
        with self.changed:
            self.count += 1
            if self.keep:
                self.messages.append(message)
            self.changed.notify_all()
        return "250 OK"


def _authenticator(login: str, password: str) -> Callable[..., AuthResult]:
    """An aiosmtpd authenticator accepting exactly one login; the login becomes auth_data."""

    def check(
        server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any
    ) -> AuthResult:
        ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
            login.encode(),
            password.encode(),
        )
        return AuthResult(success=ok, handled=False, auth_data=login if ok else None)

    return check


class _CountedSMTP(SMTP):
    """An SMTP session that tells the recorder when its client comes and goes.

    aiosmtpd cancels a session's handler when the connection is lost, so once
    every session is gone the count of accepted messages can no longer change.
    """

    def connection_made(self, transport: Any) -> None:
        super().connection_made(transport)
        self.event_handler.session(+1)

    def connection_lost(self, error: Exception | None) -> None:
        super().connection_lost(error)
        self.event_handler.session(-1)


class _SinkController(Controller):
    """A Controller on a socket bound beforehand, so no port can be taken in between.

    (Given a port, aiosmtpd 1.4 waits its whole ready_timeout when the bind fails,
    and port 0 does not work.) With ``implicit_tls`` AUTH is allowed from the first
    byte: aiosmtpd counts only STARTTLS as TLS, and ``auth_require_tls=False`` would
    warn "Requiring AUTH while not requiring TLS" on every connection.
    """

    def __init__(self, handler: _Recorder, *, implicit_tls: bool, **kwargs: Any) -> None:
        self._sock = socket.create_server((HOST, 0))
        self._implicit_tls = implicit_tls
        super().__init__(handler, hostname=HOST, port=self._sock.getsockname()[1], **kwargs)

    def _create_server(self) -> Any:
        return self.loop.create_server(self._factory_invoker, sock=self._sock, ssl=self.ssl_context)

    def factory(self) -> SMTP:
        server = _CountedSMTP(self.handler, **self.SMTP_kwargs)
        if self._implicit_tls:
            server._auth_require_tls = False
        return server


class SmtpSink:
    """An aiosmtpd server on 127.0.0.1 that records what it receives.

    ``tls``: STARTTLS offered and required; ``implicit_tls``: TLS from the first byte
    (SMTPS, port-465 style). ``auth=(login, password)``: AUTH required (after TLS when
    TLS is on). ``refuse``: True answers 451 to every RCPT; a ``RefusePolicy`` decides
    per recipient. ``count_only``: keep no messages, only ``count`` (for benchmarks).
    ``hold_at=n``: the n-th message's DATA is answered only after ``release()`` (a
    sender caught mid-send, without sleeping); ``holding`` is set while it waits.
    """

    host = HOST

    def __init__(
        self,
        *,
        tls: bool = False,
        implicit_tls: bool = False,
        auth: tuple[str, str] | None = None,
        refuse: bool | RefusePolicy = False,
        count_only: bool = False,
        hold_at: int = 0,
    ) -> None:
        if tls and implicit_tls:
            raise ValueError("choose STARTTLS (tls) or implicit TLS, not both")
        self.tls, self.implicit_tls, self.auth = tls, implicit_tls, auth
        policy = refuse_all if refuse is True else refuse or None
        self._recorder = _Recorder(keep=not count_only, refuse=policy, hold_at=hold_at)
        self._controller: _SinkController | None = None
        self.port = 0
        self.cafile: Path | None = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> Self:
        """Listen on a fresh loopback port; return once it answers."""
        self.cafile = Cert.shared().certfile if self.tls or self.implicit_tls else None
        self._controller = _SinkController(
            self._recorder, implicit_tls=self.implicit_tls, **self._smtp_options()
        )
        self._controller.start()
        self.port = self._controller.port
        return self

    @property
    def holding(self) -> threading.Event:
        """Set once the ``hold_at``-th message waits for ``release()``."""
        return self._recorder.holding

    def release(self) -> None:
        """Let the held message (and any later one) through."""
        self._recorder.released.set()

    def stop(self) -> None:
        """Stop listening; recorded messages stay readable."""
        self.release()
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def messages(self) -> list[Received]:
        """A snapshot of the messages received so far (empty with ``count_only``)."""
        with self._recorder.changed:
            return list(self._recorder.messages)

    @property
    def count(self) -> int:
        """How many messages were accepted so far."""
        with self._recorder.changed:
            return self._recorder.count

    def wait_for(self, n: int, timeout: float = 5.0) -> bool:
        """Block until at least *n* messages arrived; False on timeout."""
        with self._recorder.changed:
            return self._recorder.changed.wait_for(lambda: self._recorder.count >= n, timeout)

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Block until no client is connected (so ``count`` is final); False on timeout."""
        with self._recorder.changed:
            return self._recorder.changed.wait_for(lambda: self._recorder.sessions == 0, timeout)

    def clear(self) -> None:
        """Forget everything received so far."""
        with self._recorder.changed:
            self._recorder.messages.clear()
            self._recorder.count = 0

    def _smtp_options(self) -> dict[str, Any]:
        """Controller keyword arguments for the chosen TLS and AUTH modes."""
        options: dict[str, Any] = {"server_hostname": "sink.test", "ready_timeout": 5.0}
        if self.tls:
            options |= {"tls_context": Cert.shared().server_context(), "require_starttls": True}
        if self.implicit_tls:
            options["ssl_context"] = Cert.shared().server_context()
        if self.auth:
            options |= {"authenticator": _authenticator(*self.auth), "auth_required": True}
        return options
