"""The only code that speaks IMAP.

imapclient's bytes-keyed dictionaries stop here: the rest of intake sees
:class:`FolderState` and :class:`RawMail`. Bodies are fetched with
``BODY.PEEK[]`` so ``\\Seen`` never changes (a person reads this inbox too),
in batches so a large inbox never sits in memory at once.
"""

from __future__ import annotations

import imaplib
import re
import socket
import ssl
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime, timezone
from types import TracebackType
from typing import Any

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError, LoginError
from tenacity import (
    retry,
    retry_if_exception_type,
    retry_if_not_exception_type,
    stop_after_attempt,
    wait_exponential,
)

from intake import credentials
from intake.config import ImapSettings
from intake.errors import MailboxAuthError, MailboxError, SecretError
from intake.network import as_text, describe
from intake.rawmail import RawMail as RawMail

ClientFactory = Callable[..., Any]


@dataclass(frozen=True, slots=True)
class FetchLimits:
    """How much one batch may hold: ``count`` messages and about ``bytes`` bytes (one
    message bigger than that comes alone); a message over ``max_message`` comes as its
    header only."""

    count: int
    bytes: int
    max_message: int


@dataclass(frozen=True, slots=True)
class FolderState:
    """A selected folder: its UIDVALIDITY, next UID and the flags it keeps."""

    name: str
    uidvalidity: int
    uidnext: int
    exists: int
    permanent_flags: tuple[str, ...]

    def keeps(self, keyword: str) -> bool:
        """Whether the server stores ``keyword`` on messages (pymap, for one, does not)."""
        return "\\*" in self.permanent_flags or keyword in self.permanent_flags


class Mailbox:
    """A logged-in IMAP session on the coordinator's mailbox."""

    def __init__(self, settings: ImapSettings, factory: ClientFactory = IMAPClient) -> None:
        self.settings = settings
        self.factory = factory
        self.client: Any = None

    @property
    def where(self) -> str:
        return f"IMAP {self.settings.host}:{self.settings.effective_port()}"

    def __enter__(self) -> Mailbox:
        self.connect()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @contextmanager
    def _errors(self, doing: str) -> Iterator[None]:
        """Turn library and socket errors into MailboxError, naming what failed."""
        try:
            yield
        except SecretError as exc:
            raise MailboxAuthError(f"{self.where}: no login possible: {exc}") from None
        except LoginError as exc:
            raise MailboxAuthError(
                f"{self.where}: login refused: {as_text(exc.args[0] if exc.args else '')}"
            ) from None
        except (IMAPClientError, imaplib.IMAP4.error, OSError) as exc:
            raise MailboxError(f"{self.where}: {doing} failed: {describe(exc, 'imap')}") from exc

    @retry(
        retry=retry_if_exception_type(MailboxError) & retry_if_not_exception_type(MailboxAuthError),
        stop=stop_after_attempt(3),
        wait=wait_exponential(multiplier=1, min=1, max=8),
        reraise=True,
    )
    def connect(self) -> None:
        """Connect, secure and log in; transient failures are retried with backoff."""
        self.close()
        s = self.settings
        with self._errors("connect"):
            context = ssl.create_default_context(cafile=str(s.ca_file) if s.ca_file else None)
            use_tls = s.security == "tls"
            client = self.factory(
                s.host, port=s.effective_port(), ssl=use_tls, ssl_context=context, timeout=s.timeout
            )
            self.client = client
            client.normalise_times = False
            if s.security == "starttls":
                client.starttls(context)
            _nodelay(client)
            self._login(client)

    def _login(self, client: Any) -> None:
        s = self.settings
        if s.auth_method == "oauth2":
            client.oauth2_login(s.user, credentials.oauth2_token(s, "imap").reveal())
            return
        secret = credentials.password(s, "imap")
        client.login(s.user, secret.reveal() if secret else "")

    def close(self) -> None:
        """Log out; a dead connection is just dropped."""
        if self.client is None:
            return
        try:
            self.client.logout()
        except Exception:
            with suppress(Exception):
                self.client.shutdown()
        self.client = None

    def select(self, folder: str) -> FolderState:
        """Select ``folder`` read-write (flags may be set) and describe it."""
        with self._errors(f"select {folder}"):
            info = self.client.select_folder(folder)
        flags = tuple(as_text(f) for f in info.get(b"PERMANENTFLAGS", ()))
        return FolderState(
            name=folder,
            uidvalidity=int(info[b"UIDVALIDITY"]),
            uidnext=int(info.get(b"UIDNEXT", 0)),
            exists=int(info.get(b"EXISTS", 0)),
            permanent_flags=flags,
        )

    def new_uids(self, after_uid: int, since: date | None) -> list[int]:
        """UIDs above ``after_uid`` (received on or after ``since``), ascending."""
        return self._search(after_uid, ["SINCE", since] if since is not None else [])

    def uids_before(self, after_uid: int, before: date) -> list[int]:
        """UIDs above ``after_uid`` received (by the server's date) before ``before``."""
        return self._search(after_uid, ["BEFORE", before])

    def _search(self, after_uid: int, extra: list[Any]) -> list[int]:
        with self._errors("search"):
            found = self.client.search(["UID", f"{after_uid + 1}:*", *extra])
        # "n:*" always matches the highest UID, even when it is below n.
        return sorted(uid for uid in found if uid > after_uid)

    def sizes(self, uids: Sequence[int]) -> dict[int, int]:
        """RFC822.SIZE of each UID (cheap: no bodies)."""
        if not uids:
            return {}
        with self._errors("fetch sizes"):
            data = self.client.fetch(list(uids), ["RFC822.SIZE"])
        return {uid: int(item.get(b"RFC822.SIZE", 0)) for uid, item in data.items()}

    def fetch(self, uids: Sequence[int], limits: FetchLimits) -> Iterator[list[RawMail]]:
        """Yield batches of messages, bounded by count and by bytes, so that memory stays
        bounded however big the mail; one over ``limits.max_message`` comes as its header."""
        for start in range(0, len(uids), limits.count):
            # Sizes per batch: one command naming every new UID overruns the
            # server's line limit on a big inbox (Dovecot: "Too long argument").
            sizes = self.sizes(uids[start : start + limits.count])
            batch = [u for u in uids[start : start + limits.count] if u in sizes]
            for group in by_bytes(batch, sizes, limits):
                small = [u for u in group if sizes[u] <= limits.max_message]
                big = [u for u in group if sizes[u] > limits.max_message]
                found = self._fetch(small, "BODY.PEEK[]", b"BODY[]") + self._fetch(
                    big, "BODY.PEEK[HEADER]", b"BODY[HEADER]", truncated=True
                )
                yield sorted(found, key=lambda m: m.uid)

    def _fetch(
        self, uids: list[int], item: str, key: bytes, truncated: bool = False
    ) -> list[RawMail]:
        if not uids:
            return []
        with self._errors("fetch"):
            data = self.client.fetch(uids, [item, "INTERNALDATE", "RFC822.SIZE"])
        mails = []
        for uid, parts in data.items():
            if key not in parts:
                continue  # expunged meanwhile
            mails.append(
                RawMail(
                    uid=uid,
                    internaldate=_aware(parts.get(b"INTERNALDATE")),
                    size=int(parts.get(b"RFC822.SIZE", 0)),
                    data=bytes(parts[key]),
                    truncated=truncated,
                )
            )
        return mails

    def recent_headers(self, count: int, fields: str = "AUTHENTICATION-RESULTS") -> list[RawMail]:
        """The header ``fields`` of the latest ``count`` messages of the selected folder."""
        with self._errors("search"):
            uids = sorted(self.client.search(["ALL"]))[-count:]
        item = f"BODY.PEEK[HEADER.FIELDS ({fields})]"
        if not uids:
            return []
        with self._errors("fetch"):
            data = self.client.fetch(uids, [item, "INTERNALDATE", "RFC822.SIZE"])
        return [
            RawMail(uid, _aware(parts.get(b"INTERNALDATE")), int(parts.get(b"RFC822.SIZE", 0)),
                    bytes(_field(parts, b"BODY[HEADER.FIELDS")), truncated=True)
            for uid, parts in sorted(data.items())
        ]  # fmt: skip

    def mark(self, state: FolderState, uids: Sequence[int], keyword: str, move_to: str) -> str:
        """Mark processed messages as a courtesy; never deletes. Returns what was done."""
        if not uids:
            return "nothing to mark"
        done = []
        with self._errors("mark"):
            if keyword and state.keeps(keyword):
                self.client.add_flags(list(uids), [keyword], silent=True)
                done.append(f"keyword {keyword}")
            if move_to and move_to != state.name and self.client.has_capability("MOVE"):
                self.client.move(list(uids), move_to)
                done.append(f"moved to {move_to}")
        return ", ".join(done) or "not marked (server keeps no keywords)"

    def noop(self) -> bool:
        """NOOP (keeps the session alive); True when the server announces new mail in its
        answer (mail that came since the last command is told there, and not again)."""
        with self._errors("noop"):
            _, responses = self.client.noop()
        return _announces_mail(responses)

    def has_idle(self) -> bool:
        """Whether the server supports IMAP IDLE (RFC 2177)."""
        with self._errors("capability"):
            return bool(self.client.has_capability("IDLE"))

    def idle(self, until: float, stop: Callable[[], bool]) -> bool:
        """Wait in IDLE until new mail (True), ``until`` (a monotonic time) or ``stop()``.

        imapclient's ``idle_check`` returns nothing at once, again and again, on a
        dead socket; three such instant returns in a row mean the connection is
        gone, and ``idle_done`` then raises the real error.
        """
        with self._errors("idle"):
            self.client.idle()
            try:
                return self._already_told() or self._wait(until, stop)
            finally:
                self.client.idle_done()

    def _already_told(self) -> bool:
        """Whether the server announced new mail with its "+ idling".

        Mail that came since the last command is announced as IDLE starts, often in the
        same packet as the "+ idling" that imaplib has read: the lines after it then wait
        in imaplib's buffer, where ``idle_check`` (which waits on the socket) never sees
        them, and the mail would wait for the next renewal. The buffered lines are read
        here, without waiting for more.
        """
        reader = self.client._imap.file  # imaplib's buffered reader of the socket
        sock = self.client.socket()
        lines: list[bytes] = []
        sock.setblocking(False)
        try:
            while b"\n" in (reader.peek(1) or b""):
                lines.append(reader.readline())
        except (BlockingIOError, ssl.SSLWantReadError):
            pass  # nothing more has arrived
        finally:
            sock.setblocking(True)
        return any(_EXISTS.match(line) for line in lines)

    def _wait(self, until: float, stop: Callable[[], bool]) -> bool:
        instant = 0
        while not stop() and (left := until - time.monotonic()) > 0:
            started = time.monotonic()
            responses = self.client.idle_check(timeout=min(1.0, left))
            if _announces_mail(responses):
                return True
            quick = not responses and time.monotonic() - started < min(0.5, left / 2)
            instant = instant + 1 if quick else 0
            if instant >= 3:
                raise MailboxError(f"{self.where}: the IDLE connection went silent")
        return False


_EXISTS = re.compile(rb"^\* \d+ EXISTS\r?\n?$")


def _announces_mail(responses: Sequence[Any]) -> bool:
    """Whether parsed untagged responses hold an EXISTS (new mail in the folder)."""
    return any(len(r) > 1 and r[1] == b"EXISTS" for r in responses)


def by_bytes(uids: Sequence[int], sizes: dict[int, int], limits: FetchLimits) -> list[list[int]]:
    """``uids`` in order, cut into groups of about ``limits.bytes`` each (a message read as
    its header only counts as small)."""
    groups: list[list[int]] = []
    total = 0
    for uid in uids:
        size = sizes[uid] if sizes[uid] <= limits.max_message else 0
        if not groups or (total + size > limits.bytes and groups[-1]):
            groups.append([])
            total = 0
        groups[-1].append(uid)
        total += size
    return groups


def _field(parts: dict[bytes, Any], prefix: bytes) -> bytes:
    """The fetched item whose key starts with ``prefix`` (servers echo the field list)."""
    return next((v for k, v in parts.items() if k.startswith(prefix)), b"")


def _aware(value: object) -> datetime:
    """INTERNALDATE with a stdlib time zone (imapclient's FixedOffset does not pickle)."""
    if not isinstance(value, datetime):
        return datetime.now(UTC)
    offset = value.utcoffset()
    if offset is None:
        return value.replace(tzinfo=UTC)
    return value.replace(tzinfo=timezone(offset))


def _nodelay(client: Any) -> None:
    """Send each command at once (pymap waits ~40 ms for the rest of a split write)."""
    with suppress(AttributeError, OSError):
        client.socket().setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
