"""Read-only views of the record for the CLI, the demo and the digest."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.engine import Connection

from intake.store.schema import (
    audit,
    incidents,
    messages,
    polls,
    replies,
    review,
    signer_messages,
    signers,
    skips,
)


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """One message waiting for (or settled by) the coordinator."""

    id: int
    message_row: int
    sender: str
    subject: str
    kind: str
    reason: str
    status: str
    received: datetime
    sender_name: str = ""


@dataclass(frozen=True, slots=True)
class ReplyLogEntry:
    """One reply and where it stands."""

    id: int
    to_addr: str
    template: str
    subject: str
    status: str
    last_error: str
    created_at: datetime
    sent_at: datetime | None


def review_items(conn: Connection, open_only: bool = True) -> list[ReviewItem]:
    """The review queue, oldest first."""
    query = (
        select(
            review.c.id,
            review.c.message_id,
            messages.c.sender,
            messages.c.subject,
            messages.c.kind,
            review.c.reason,
            review.c.status,
            messages.c.received,
            messages.c.sender_name,
        )
        .join(messages, messages.c.id == review.c.message_id)
        .order_by(review.c.id)
    )
    if open_only:
        query = query.where(review.c.status == "open")
    return [ReviewItem(*row) for row in conn.execute(query)]


def reply_log(conn: Connection, purpose: str = "reply") -> list[ReplyLogEntry]:
    """Replies of one purpose in the order they were queued."""
    query = (
        select(
            replies.c.id,
            replies.c.to_addr,
            replies.c.template,
            replies.c.subject,
            replies.c.status,
            replies.c.last_error,
            replies.c.created_at,
            replies.c.sent_at,
        )
        .where(replies.c.purpose == purpose)
        .order_by(replies.c.id)
    )
    return [ReplyLogEntry(*row) for row in conn.execute(query)]


# -- the coordinator's views: digest sources, review detail, signer search ----


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One change to a signer, decoded: who, when, what, before and after."""

    at: datetime
    actor: str
    action: str
    signer_id: int | None
    message_row: int | None
    before: dict[str, str | None] | None
    after: dict[str, str | None] | None
    note: str


@dataclass(frozen=True, slots=True)
class MessageLine:
    """A recorded message in a line: who wrote, about what, when, and what it was."""

    id: int
    sender: str
    sender_name: str
    subject: str
    kind: str
    received: datetime
    late: bool
    own_text: str


@dataclass(frozen=True, slots=True)
class Incident:
    """An IMAP or SMTP failure noted by the poller or the outbox."""

    at: datetime
    source: str
    kind: str
    detail: str


def _decode(value: str | None) -> dict[str, str | None] | None:
    if not value:
        return None
    decoded = json.loads(value)
    return decoded if isinstance(decoded, dict) else None


def audit_entries(conn: Connection, start: datetime | None, end: datetime) -> list[AuditEntry]:
    """Signer changes logged in ``[start, end)``, oldest first."""
    query = select(audit).where(audit.c.at < end)
    if start is not None:
        query = query.where(audit.c.at >= start)
    return _entries(conn, query)


def signer_history(conn: Connection, signer_id: int) -> list[AuditEntry]:
    """Every logged change to one signer, oldest first."""
    return _entries(conn, select(audit).where(audit.c.signer_id == signer_id))


def _entries(conn: Connection, query: Select[Any]) -> list[AuditEntry]:
    return [
        AuditEntry(
            r.at, r.actor, r.action, r.signer_id, r.message_id, _decode(r.before), _decode(r.after),
            r.note,
        )
        for r in conn.execute(query.order_by(audit.c.id))
    ]  # fmt: skip


_MESSAGE_LINE = (
    messages.c.id,
    messages.c.sender,
    messages.c.sender_name,
    messages.c.subject,
    messages.c.kind,
    messages.c.received,
    messages.c.late,
    func.coalesce(messages.c.own_text, ""),
)


def late_messages(conn: Connection, start: datetime | None, end: datetime) -> list[MessageLine]:
    """Late mail from people (not automatic) recorded in ``[start, end)``."""
    query = (
        select(*_MESSAGE_LINE)
        .where(
            messages.c.late.is_(True),
            messages.c.recorded_at < end,
            messages.c.kind.not_in(["auto_reply", "bounce", "list", "spam"]),
        )
        .order_by(messages.c.received)
    )
    if start is not None:
        query = query.where(messages.c.recorded_at >= start)
    return [MessageLine(*row) for row in conn.execute(query)]


@dataclass(frozen=True)
class Unanswered:
    """A recorded message that got no reply, and why (the guards' or the plan's reason)."""

    sender: str
    subject: str
    kind: str
    reason: str


def unanswered(conn: Connection) -> list[Unanswered]:
    """Every recorded message that no reply answers, in received order."""
    query = (
        select(messages.c.sender, messages.c.subject, messages.c.kind, messages.c.no_reply_reason)
        .outerjoin(replies, replies.c.message_id == messages.c.id)
        .where(replies.c.id.is_(None))
        .order_by(messages.c.received)
    )
    return [Unanswered(*row) for row in conn.execute(query)]


def message_line(conn: Connection, message_row: int) -> MessageLine | None:
    row = conn.execute(select(*_MESSAGE_LINE).where(messages.c.id == message_row)).first()
    return MessageLine(*row) if row else None


def incidents_between(conn: Connection, start: datetime | None, end: datetime) -> list[Incident]:
    """IMAP and SMTP failures noted in ``[start, end)``, oldest first."""
    query = select(incidents.c.at, incidents.c.source, incidents.c.kind, incidents.c.detail).where(
        incidents.c.at < end
    )
    if start is not None:
        query = query.where(incidents.c.at >= start)
    return [Incident(*row) for row in conn.execute(query.order_by(incidents.c.id))]


def failed_polls(conn: Connection, start: datetime | None, end: datetime) -> int:
    query = (
        select(func.count())
        .select_from(polls)
        .where(polls.c.ok.is_(False), polls.c.started_at < end)
    )
    if start is not None:
        query = query.where(polls.c.started_at >= start)
    return int(conn.execute(query).scalar_one())


def failed_replies(conn: Connection) -> list[ReplyLogEntry]:
    """Every reply the server refused for good, oldest first (they need a person)."""
    query = (
        select(
            replies.c.id, replies.c.to_addr, replies.c.template, replies.c.subject,
            replies.c.status, replies.c.last_error, replies.c.created_at, replies.c.sent_at,
        )
        .where(replies.c.status == "failed")
        .order_by(replies.c.id)
    )  # fmt: skip
    return [ReplyLogEntry(*row) for row in conn.execute(query)]


def signers_of_message(conn: Connection, message_row: int) -> list[tuple[int, str]]:
    """(signer id, action) for every signer a message signed, corrected or withdrew."""
    rows = conn.execute(
        select(signer_messages.c.signer_id, signer_messages.c.action)
        .where(signer_messages.c.message_id == message_row)
        .order_by(signer_messages.c.signer_id)
    )
    return [(int(r[0]), str(r[1])) for r in rows]


def search_signers(conn: Connection, text: str, include_inactive: bool) -> list[int]:
    """Ids of signers whose name, title, organization or address contains ``text``."""
    query = select(signers.c.id).order_by(signers.c.id)
    if text:
        pattern = f"%{text.strip()}%"
        columns = (signers.c.name, signers.c.title, signers.c.organization, signers.c.email)
        query = query.where(or_(*(c.ilike(pattern) for c in columns)))
    if not include_inactive:
        query = query.where(signers.c.status == "active", signers.c.late.is_(False))
    return [int(r[0]) for r in conn.execute(query)]


@dataclass(frozen=True, slots=True)
class OpenItem:
    """A review item with what the digest needs: when it came and the sender's own words."""

    id: int
    message: MessageLine
    reason: str
    created_at: datetime


def open_items(conn: Connection) -> list[OpenItem]:
    """Every open review item, oldest first."""
    query = (
        select(review.c.id, review.c.reason, review.c.created_at, *_MESSAGE_LINE)
        .join(messages, messages.c.id == review.c.message_id)
        .where(review.c.status == "open")
        .order_by(review.c.id)
    )
    return [OpenItem(r[0], MessageLine(*r[3:]), r[1], r[2]) for r in conn.execute(query)]


def skipped(conn: Connection, start: datetime | None, end: datetime | None) -> int:
    """Messages skipped as received before the campaign opened, counted in ``[start, end)``."""
    query = select(func.coalesce(func.sum(skips.c.count), 0))
    if start is not None:
        query = query.where(skips.c.at >= start)
    if end is not None:
        query = query.where(skips.c.at < end)
    return int(conn.execute(query).scalar_one())
