"""Plain values that cross the store's edge (no SQLAlchemy rows escape it)."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from intake.extract import Capacity, Signer


@dataclass(frozen=True, slots=True)
class Location:
    """Where a message lives on the server: its identity there."""

    folder: str
    uidvalidity: int
    uid: int


@dataclass(frozen=True, slots=True)
class SignerRecord:
    """A signer as recorded."""

    id: int
    name: str | None
    title: str | None
    organization: str | None
    capacity: Capacity
    email: str
    status: str
    late: bool

    def as_signer(self) -> Signer:
        return Signer(self.name, self.title, self.organization, self.capacity)


@dataclass(frozen=True, slots=True)
class ReplyDraft:
    """A rendered reply, ready to queue: the bytes are what will be sent."""

    template: str
    to_addr: str
    rfc_message_id: str
    subject: str
    body: bytes


@dataclass(frozen=True, slots=True)
class PendingReply:
    """A queued reply the outbox should send."""

    id: int
    to_addr: str
    rfc_message_id: str
    body: bytes
    attempts: int


@dataclass(frozen=True)
class RecordResult:
    """What recording one message did."""

    message_row: int | None
    signers: tuple[SignerRecord, ...] = ()
    reply_id: int | None = None
    review: bool = False
    duplicate: bool = False


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """The last UID recorded in a folder, under one UIDVALIDITY."""

    folder: str
    uidvalidity: int
    last_uid: int


@dataclass(frozen=True, slots=True)
class PollRecord:
    """One poll cycle's summary, for status and the digest's health report."""

    started_at: datetime
    finished_at: datetime | None
    ok: bool | None
    fetched: int
    recorded: int
    replies_sent: int
    review: int
    error: str


_NOT_WORD = re.compile(r"[^\w]+")


def normalize(text: str | None) -> str:
    """Fold case, accents-as-written, punctuation and spacing for matching."""
    if not text:
        return ""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_NOT_WORD.sub(" ", folded).split())


def match_key(signer: Signer) -> str:
    """The key that says two records are the same signer."""
    if signer.name:
        return "person:" + normalize(signer.name)
    return "org:" + normalize(signer.organization)


def identity(message_id: str, raw: bytes) -> str:
    """A message's identity across folders and UIDVALIDITY changes.

    The Message-ID plus a hash of the whole message except the transport
    headers each delivery adds (Received, Return-Path, ...): Message-IDs
    collide in the wild, and two different messages must never be taken for
    one, while the same mail found again (a rescan, a second folder, a second
    delivery) is the same message. Without a Message-ID, a hash of the bytes.
    """
    if not message_id:
        return "sha256:" + hashlib.sha256(raw).hexdigest()
    return f"{message_id[:200]}#{hashlib.sha256(_without_trace(raw)).hexdigest()[:24]}"


_TRACE = (
    b"received:",
    b"return-path:",
    b"delivered-to:",
    b"x-original-to:",
    b"envelope-to:",
    b"authentication-results:",
    b"received-spf:",
    b"arc-",
    b"x-spam",
    b"x-ms-exchange-",
)


def _without_trace(raw: bytes) -> bytes:
    """The message with the header fields that differ between deliveries left out."""
    head, body = _split(raw)
    kept: list[bytes] = []
    dropping = False
    for line in head.splitlines():
        if line[:1] in (b" ", b"\t"):  # a folded continuation of the field above
            if not dropping:
                kept.append(line)
            continue
        dropping = line.lower().startswith(_TRACE)
        if not dropping:
            kept.append(line)
    return b"\n".join(kept) + b"\n\n" + body


def _split(raw: bytes) -> tuple[bytes, bytes]:
    for separator in (b"\r\n\r\n", b"\n\n"):
        head, found, body = raw.partition(separator)
        if found:
            return head, body
    return raw, b""
