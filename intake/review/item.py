"""One review item as the desk shows it: the message as written beside what intake read.

``item_view`` reads the store once and returns plain values; the desk's
templates only lay them out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from intake.extract import Signer
from intake.message import Message, parse
from intake.review import actions, words
from intake.store import SignerRecord, Store
from intake.store.decisions import Answer, MessageFacts, ReplyState
from intake.store.merges import MergeRecord

ON_LIST_ACTIONS = ("signed", "signed again", "corrected", "withdrawn")


@dataclass(frozen=True)
class Written:
    """The message as the person wrote it: who, when, their own words, the quoted part."""

    sender: str
    address: str
    subject: str
    received: datetime
    own_text: str
    quoted_text: str
    kept: bool


@dataclass(frozen=True)
class SignerLine:
    """A signer the message touched, and how (signed, corrected, withdrawn ...)."""

    record: SignerRecord
    action: str
    by_merge: bool


@dataclass(frozen=True)
class ItemView:
    """Everything the desk shows for one review item."""

    id: int
    status: str
    resolution: str
    resolved_by: str
    resolved_at: datetime | None
    kind: str
    late: bool
    confidence: float
    why: tuple[str, ...]
    evidence: tuple[str, ...]
    written: Written
    read: tuple[Signer, ...]
    signers: tuple[SignerLine, ...]
    reply: ReplyState | None
    no_reply_reason: str
    answers: tuple[Answer, ...]
    merges: tuple[MergeRecord, ...]
    message_row: int
    change_held: bool = False  # what it asks waits: accepting makes the change

    @property
    def open(self) -> bool:
        return self.status == "open"

    @property
    def kind_words(self) -> str:
        return words.kind_words(self.kind)

    @property
    def is_question(self) -> bool:
        return self.kind == "question"

    @property
    def own_signers(self) -> tuple[SignerLine, ...]:
        """The signers this message itself recorded (not those it was merged into)."""
        return tuple(s for s in self.signers if not s.by_merge)

    @property
    def undoable(self) -> tuple[MergeRecord, ...]:
        return tuple(m for m in self.merges if m.undone_at is None)


def item_view(store: Store, review_id: int) -> ItemView:
    """The review item ``review_id`` (a ConfigError when there is none)."""
    found = actions.detail(store, review_id)
    row = found.message.id
    facts = store.decisions.facts(row)
    assert facts is not None
    ids = [record.id for record, _ in found.linked]
    merges = store.review.merges_of(ids) if ids else []
    merged_in = {(m.keep_id, row) for m in merges if m.undone_at is None and row in m.links_added}
    lines = tuple(
        SignerLine(record, action, (record.id, row) in merged_in) for record, action in found.linked
    )
    return ItemView(
        id=found.id, status=found.status, resolution=found.resolution,
        resolved_by=found.resolved_by, resolved_at=found.resolved_at,
        kind=facts.kind, late=facts.late, confidence=facts.confidence,
        why=tuple(words.sentences(found.reason)), evidence=facts.reasons,
        written=written(facts, store.decisions.raw(row)), read=found.extracted, signers=lines,
        reply=store.decisions.reply_of(row), no_reply_reason=facts.no_reply_reason,
        answers=tuple(store.decisions.answers(review_id)), merges=tuple(merges), message_row=row,
        change_held=found.change_held,
    )  # fmt: skip


def original(facts: MessageFacts, raw: bytes | None) -> Message | None:
    """The message parsed again from its kept bytes, or None when they were not kept."""
    return parse(raw, facts.received) if raw is not None else None


def written(facts: MessageFacts, raw: bytes | None) -> Written:
    """The sender's words: from the kept bytes (with the quoted part), else the stored text."""
    message = original(facts, raw)
    if message is None:
        return Written(
            facts.sender_name, facts.sender, facts.subject, facts.received, facts.own_text, "",
            kept=False,
        )  # fmt: skip
    return Written(
        message.sender.name, message.sender.addr, message.subject, facts.received,
        message.own_text or message.text, message.quoted_text, kept=True,
    )  # fmt: skip


def neighbours(store: Store, review_id: int) -> tuple[int | None, int | None]:
    """The open items before and after ``review_id`` in the queue (for keyboard moves)."""
    ids = [i.id for i in store.review_items(open_only=True)]
    before = [i for i in ids if i < review_id]
    after = [i for i in ids if i > review_id]
    return (before[-1] if before else None), (after[0] if after else None)


def merge_candidates(store: Store, record: SignerRecord, limit: int = 12) -> list[SignerRecord]:
    """Signers who may be the same as ``record``: same address, same surname or organization."""
    keys = [record.email]
    if record.name:
        keys.append(record.name.split()[-1])
    elif record.organization:
        keys.append(record.organization)
    found: dict[int, SignerRecord] = {}
    for key in keys:
        for other in actions.search(store, key, include_all=True):
            if other.id != record.id and other.status in ("active", "withdrawn"):
                found.setdefault(other.id, other)
    return sorted(found.values(), key=lambda r: r.id)[:limit]
