"""Reply rows on their way out: leases, the commit after the server's 250, deferrals.

A reply is leased to the process that sends it (its holder token: host, pid and
start time). A lease is freed early only when that holder is known to be gone;
otherwise it runs out by time. The mark that a reply was sent is written before
the message is handed to the server and committed the instant the server
answers 250, so a crash can repeat a reply only in the few microseconds between
that answer and the commit (with the same Message-ID), never lose one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.engine import Connection

from intake.process import Holder, holder_gone
from intake.store import statements as sql
from intake.store.records import PendingReply
from intake.store.schema import replies


@dataclass(frozen=True, slots=True)
class WaitingReply:
    """A reply still in the outbox after a failed attempt: to whom, which, since when, why."""

    id: int
    to_addr: str
    template: str
    purpose: str
    created_at: datetime
    last_error: str


def claim(
    conn: Connection,
    now: datetime,
    lease: timedelta,
    limit: int,
    only: Sequence[int] | None = None,
) -> list[PendingReply]:
    """Lease up to ``limit`` unsent replies (of ``only``, when given) to this process.

    On PostgreSQL the rows are locked as they are read (``FOR UPDATE SKIP LOCKED``),
    so two processes claiming at once take different replies, never the same one;
    SQLite's write lock, taken by the update, already keeps claims apart.
    """
    query = (
        select(
            replies.c.id, replies.c.to_addr, replies.c.rfc_message_id, replies.c.body,
            replies.c.attempts,
        )
        .where(
            replies.c.status == "pending",
            or_(replies.c.lease_until.is_(None), replies.c.lease_until < now),
        )
        .order_by(replies.c.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )  # fmt: skip
    if only is not None:
        query = query.where(replies.c.id.in_(list(only)))
    rows = conn.execute(query).all()
    if rows:
        conn.execute(
            replies.update()
            .where(replies.c.id.in_([r.id for r in rows]))
            .values(lease_until=now + lease, lease_owner=Holder.current().token)
        )
    return [PendingReply(r.id, r.to_addr, r.rfc_message_id, r.body, r.attempts) for r in rows]


def release_stale(conn: Connection, gone: Callable[[str], bool] = holder_gone) -> int:
    """Free the leases whose holder process has ended (``gone``); others run out by time."""
    me = Holder.current().token
    leased = conn.execute(
        select(replies.c.id, replies.c.lease_owner).where(
            replies.c.status == "pending",
            replies.c.lease_until.is_not(None),
            replies.c.lease_owner != me,
        )
    ).all()
    owners = {row.lease_owner for row in leased}
    dead = {owner for owner in owners if gone(owner)}
    freed = [row.id for row in leased if row.lease_owner in dead]
    if freed:
        conn.execute(
            replies.update().where(replies.c.id.in_(freed)).values(lease_until=None, lease_owner="")
        )
    return len(freed)


class Sending:
    """The open transaction that marks one reply sent; ``refused`` undoes the mark."""

    def __init__(self) -> None:
        self.undone = False

    def refused(self) -> None:
        self.undone = True


class Outgoing:
    """The connection of one sending pass, on which each reply's sent mark is a
    transaction of its own (one connection for the pass, not one for each reply)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    @contextmanager
    def sending(self, reply_id: int, now: datetime) -> Iterator[Sending]:
        """Mark ``reply_id`` sent in a transaction left open while the mail is handed over.

        Leave the block normally once the server has answered 250: the commit is the
        only work between that answer and the record (the driver's own commit, with
        SQLAlchemy's bookkeeping after it). Call ``refused()`` (the server said no) or
        raise (the connection failed) and the mark is rolled back.
        """
        outcome = Sending()
        conn = self.conn
        transaction = conn.begin()
        try:
            conn.execute(sql.MARK_SENT, {"b_id": reply_id, "b_at": now})
            driver = conn.connection.dbapi_connection
            yield outcome
        except BaseException:
            transaction.rollback()
            raise
        if outcome.undone:
            transaction.rollback()
            return
        if driver is not None:
            driver.commit()  # durable now; what follows is bookkeeping
        transaction.commit()


def defer(conn: Connection, reply_ids: Sequence[int], error: str) -> None:
    """Give back the leases of replies SMTP could not take, noting why they wait."""
    if reply_ids:
        conn.execute(
            replies.update()
            .where(replies.c.id.in_(list(reply_ids)), replies.c.status == "pending")
            .values(lease_until=None, last_error=error[:500])
        )


def waiting(conn: Connection) -> list[WaitingReply]:
    """Replies still pending after an attempt failed (SMTP down, or refused for now)."""
    query = (
        select(
            replies.c.id, replies.c.to_addr, replies.c.template, replies.c.purpose,
            replies.c.created_at, replies.c.last_error,
        )
        .where(replies.c.status == "pending", replies.c.last_error != "")
        .order_by(replies.c.id)
    )  # fmt: skip
    return [WaitingReply(*row) for row in conn.execute(query)]
