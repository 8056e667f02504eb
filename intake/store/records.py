"""Plain values that cross the store's edge (no SQLAlchemy rows escape it)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from intake.extract import Capacity, Signer
from intake.message.identity import identity as identity


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

    @classmethod
    def signed(cls, id: int, signer: Signer, email: str, late: bool) -> SignerRecord:
        """The record a new signature makes: ``signer`` as read, active."""
        return cls(
            id, signer.name, signer.title, signer.organization, signer.capacity, email,
            "active", late,
        )  # fmt: skip


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
    reply_to: str | None = None  # where the queued reply goes


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
