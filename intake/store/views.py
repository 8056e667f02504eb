"""Read-only views of the record for the CLI, the demo and the digest."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.engine import Connection

from intake.store.schema import messages, replies, review


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
