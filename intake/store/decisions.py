"""What the desk adds to review: held replies, answers, labelled examples, message facts.

Each method is one small transaction. An answer is queued, recorded and its
review item closed in the same transaction, and only while the item is open,
so a double click or a second tab never sends a second answer.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from intake.store import signers as rows
from intake.store.queue import queue_reply
from intake.store.records import ReplyDraft
from intake.store.schema import answers, examples, message_raw, messages, replies, review

Transaction = Callable[[], AbstractContextManager[Connection]]


@dataclass(frozen=True, slots=True)
class MessageFacts:
    """A recorded message as the desk needs it: identity, threading, what was read."""

    id: int
    identity: str
    message_id: str
    received: datetime
    late: bool
    kind: str
    sender: str
    sender_name: str
    subject: str
    confidence: float
    reasons: tuple[str, ...]
    no_reply_reason: str
    own_text: str


@dataclass(frozen=True, slots=True)
class ReplyState:
    """The automatic reply to a message: which template, where it stands."""

    id: int
    template: str
    to_addr: str
    status: str
    created_at: datetime
    sent_at: datetime | None
    last_error: str


@dataclass(frozen=True, slots=True)
class Answer:
    """An answer the coordinator wrote on the desk, and where its mail stands."""

    id: int
    review_id: int
    body: str
    actor: str
    at: datetime
    reply_status: str
    last_error: str


@dataclass(frozen=True, slots=True)
class Example:
    """A review decision as a labelled example: the message and the outcome settled on."""

    review_id: int
    message_row: int
    decision: str
    outcome: dict[str, object]
    actor: str
    at: datetime


class DecisionStore:
    """Small transactions for the desk's side of review."""

    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    def facts(self, message_row: int) -> MessageFacts | None:
        with self._tx() as conn:
            row = conn.execute(select(messages).where(messages.c.id == message_row)).first()
        if row is None:
            return None
        return MessageFacts(
            row.id, row.identity, row.message_id, row.received, bool(row.late), row.kind,
            row.sender, row.sender_name, row.subject, float(row.confidence),
            tuple(_strings(row.reasons)), row.no_reply_reason, row.own_text or "",
        )  # fmt: skip

    def raw(self, message_row: int) -> bytes | None:
        """The message's original bytes, when they were kept (review items only)."""
        with self._tx() as conn:
            data = conn.execute(
                select(message_raw.c.data).where(message_raw.c.message_id == message_row)
            ).scalar_one_or_none()
        return bytes(data) if data is not None else None

    def reply_of(self, message_row: int) -> ReplyState | None:
        """The automatic reply queued for a message, if any."""
        with self._tx() as conn:
            row = conn.execute(select(replies).where(replies.c.message_id == message_row)).first()
        if row is None:
            return None
        return ReplyState(
            row.id, row.template, row.to_addr, row.status, row.created_at, row.sent_at,
            row.last_error,
        )  # fmt: skip

    def release_held(self, reply_id: int, draft: ReplyDraft | None, now: datetime) -> bool:
        """Let a held reply go (rendered again as ``draft`` when given); False if not held."""
        values: dict[str, object] = {"status": "pending", "created_at": now}
        if draft is not None:
            values |= {
                "body": draft.body, "subject": draft.subject, "to_addr": draft.to_addr,
                "template": draft.template, "rfc_message_id": draft.rfc_message_id,
            }  # fmt: skip
        with self._tx() as conn:
            done = conn.execute(
                replies.update()
                .where(replies.c.id == reply_id, replies.c.status == "held")
                .values(**values)
            ).rowcount
        return bool(done)

    def queue_reply(self, message_row: int, draft: ReplyDraft, now: datetime) -> int | None:
        """Queue a reply to a message that had none; None if one is there already."""
        try:
            with self._tx() as conn:
                return queue_reply(conn, message_row, draft, now, "reply")
        except IntegrityError:
            return None

    def drop_held(self, message_row: int) -> bool:
        """A held reply that must never go (the message was not a signature)."""
        with self._tx() as conn:
            done = conn.execute(
                replies.update()
                .where(replies.c.message_id == message_row, replies.c.status == "held")
                .values(status="dropped")
            ).rowcount
        return bool(done)

    def answer(
        self,
        review_id: int,
        draft: ReplyDraft,
        body: str,
        actor: str,
        now: datetime,
    ) -> int | None:
        """Queue the coordinator's answer, record it and close the item, all at once.

        Returns the queued reply's id, or None when the item is no longer open
        (answered already, in another tab or by a double click).
        """
        with self._tx() as conn:
            item = conn.execute(select(review).where(review.c.id == review_id)).first()
            if item is None or item.status != "open":
                return None
            conn.execute(
                review.update()
                .where(review.c.id == review_id)
                .values(
                    status="resolved", resolution="answered", resolved_at=now, resolved_by=actor
                )
            )
            reply_id = queue_reply(conn, None, draft, now, "answer")
            conn.execute(
                answers.insert().values(
                    review_id=review_id, message_id=item.message_id, reply_id=reply_id,
                    body=body, actor=actor, at=now,
                )
            )  # fmt: skip
            note = f"review #{review_id}: answered {draft.to_addr}"
            rows.log(conn, now, "answered", None, item.message_id, actor=actor, note=note)
            return reply_id

    def answers(self, review_id: int) -> list[Answer]:
        """The answers written to one review item, oldest first."""
        query = (
            select(answers, replies.c.status, replies.c.last_error)
            .join(replies, replies.c.id == answers.c.reply_id, isouter=True)
            .where(answers.c.review_id == review_id)
            .order_by(answers.c.id)
        )
        with self._tx() as conn:
            return [
                Answer(r.id, r.review_id, r.body, r.actor, r.at, r.status or "", r.last_error or "")
                for r in conn.execute(query)
            ]

    def save_example(
        self,
        review_id: int,
        message_row: int,
        decision: str,
        outcome: Mapping[str, object],
        actor: str,
        now: datetime,
    ) -> None:
        """Keep one review decision as a labelled example."""
        with self._tx() as conn:
            conn.execute(
                examples.insert().values(
                    review_id=review_id, message_id=message_row, decision=decision,
                    outcome=json.dumps(dict(outcome), ensure_ascii=False), actor=actor, at=now,
                )
            )  # fmt: skip

    def examples(self) -> list[Example]:
        """The latest decision on each settled review item, in review order."""
        latest = (
            select(func.max(examples.c.id))
            .join(review, review.c.id == examples.c.review_id)
            .where(review.c.status == "resolved")
            .group_by(examples.c.review_id)
        )
        query = select(examples).where(examples.c.id.in_(latest)).order_by(examples.c.review_id)
        with self._tx() as conn:
            return [
                Example(r.review_id, r.message_id, r.decision, json.loads(r.outcome), r.actor, r.at)
                for r in conn.execute(query)
            ]


def _strings(text: str | None) -> list[str]:
    try:
        value = json.loads(text or "[]")
    except ValueError:
        return []
    return [str(v) for v in value] if isinstance(value, list) else []
