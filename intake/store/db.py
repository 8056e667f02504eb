"""The Store: a handle on the campaign's database, each method a small transaction.

Every processed message is recorded exactly once, keyed by its location
(folder, UIDVALIDITY, UID) and its identity (Message-ID). The message row, the
signer changes, the review item, the queued reply and the folder checkpoint
are written in one transaction, so a crash leaves either all or none of them;
a poll records a whole batch in one (:mod:`intake.store.batch`).
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, event, func, or_, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from intake.assess.plan import Plan
from intake.errors import StoreError
from intake.message import Message
from intake.store import batch as recording
from intake.store import maintenance, schema, views
from intake.store import statements as sql
from intake.store.batch import RAW_KEPT_UP_TO, Batch, Render
from intake.store.decisions import DecisionStore
from intake.store.digests import DigestStore
from intake.store.queue import queue_reply
from intake.store.records import (
    Checkpoint,
    Location,
    PendingReply,
    PollRecord,
    RecordResult,
    ReplyDraft,
    SignerRecord,
)
from intake.store.review import ReviewStore
from intake.store.schema import checkpoints, incidents, messages, polls, replies, review
from intake.store.schema import signers as signer_table  # not "signers": the submodule
from intake.store.signers import to_record

__all__ = ["RAW_KEPT_UP_TO", "Render", "Store"]


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.close()


class Store:
    """A handle on the database; methods are small transactions."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def open(cls, url: str) -> Store:
        """Open (and create or migrate) the database at ``url``."""
        try:
            engine = create_engine(url)
            if engine.dialect.name == "sqlite":
                event.listen(engine, "connect", _sqlite_pragmas)
            with engine.begin() as conn:
                schema.migrate(conn)
        except SQLAlchemyError as exc:
            detail = f"{type(exc).__name__}: {exc.args[0] if exc.args else ''}"
            raise StoreError(f"cannot open the database {_safe_url(url)}: {detail}") from exc
        return cls(engine)

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        """A connection for reads only: no commit (it is rolled back when closed)."""
        try:
            with self.engine.connect() as conn:
                yield conn
        except SQLAlchemyError as exc:
            raise StoreError(f"database error: {exc.__class__.__name__}: {exc}") from exc

    @contextmanager
    def _tx(self) -> Iterator[Connection]:
        try:
            with self.engine.begin() as conn:
                yield conn
        except IntegrityError:
            raise
        except SQLAlchemyError as exc:
            raise StoreError(f"database error: {exc.__class__.__name__}: {exc}") from exc

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """A transaction that takes SQLite's write lock before it reads.

        A hand edit reads a signer and then writes it; in a plain transaction a
        poll could commit in between (and SQLite would refuse the late write).
        ``BEGIN IMMEDIATE`` waits for the poll's commit instead, then reads.
        """
        with self._tx() as conn:
            if conn.dialect.name == "sqlite":  # a constant statement, straight to the driver
                conn.connection.dbapi_connection.execute("BEGIN IMMEDIATE")  # type: ignore[union-attr]
            yield conn

    @contextmanager
    def batch(self) -> Iterator[Batch]:
        """One transaction for a batch of messages, committed when the block ends.

        It holds SQLite's write lock from the start (``_write``): the batch reads
        what it is about to write, and a desk edit committed in between would
        make SQLite refuse the batch's first write.
        """
        with self._write() as conn:
            batch = Batch(conn)
            yield batch
            batch.flush()

    # -- messages --------------------------------------------------------

    def checkpoint(self, folder: str) -> Checkpoint | None:
        with self._tx() as conn:
            row = conn.execute(select(checkpoints).where(checkpoints.c.folder == folder)).first()
        return Checkpoint(row.folder, row.uidvalidity, row.last_uid) if row else None

    def known(self, location: Location, ident: str) -> bool:
        """True if this location or this identity is already recorded."""
        with self._read() as conn:
            return recording.known(conn, location, ident)

    def advance(self, location: Location, now: datetime) -> None:
        """Move the checkpoint past a message that is skipped, not recorded."""
        with self.batch() as batch:
            batch.advance(location, now)

    def record(
        self,
        location: Location,
        message: Message,
        plan: Plan,
        ident: str,
        render: Render,
        now: datetime,
        raw: bytes | None = None,
    ) -> RecordResult:
        """Record one message and everything it causes, in one transaction.

        A message already recorded (same location or identity) is a duplicate:
        nothing is written but the checkpoint. ``raw`` (the message as received)
        is kept when the message goes to review: the desk shows it as written,
        a held reply is rendered from it again, and the coordinator's decision
        on it becomes a labelled example.
        """
        with self.batch() as batch:
            return batch.record(location, message, plan, ident, render, now, raw)

    # -- replies ---------------------------------------------------------

    def replies_since(self, address: str, since: datetime) -> int:
        """Replies queued or sent to ``address`` since ``since`` (the daily limit)."""
        with self._read() as conn:
            return recording.replies_since(conn, address, since)

    def claim_pending(
        self,
        now: datetime,
        lease: timedelta,
        limit: int = 500,
        only: Sequence[int] | None = None,
    ) -> list[PendingReply]:
        """Take up to ``limit`` unsent replies (of ``only``, when given), leasing them."""
        query = (
            select(
                replies.c.id,
                replies.c.to_addr,
                replies.c.rfc_message_id,
                replies.c.body,
                replies.c.attempts,
            )
            .where(
                replies.c.status == "pending",
                or_(replies.c.lease_until.is_(None), replies.c.lease_until < now),
            )
            .order_by(replies.c.id)
            .limit(limit)
        )
        if only is not None:
            query = query.where(replies.c.id.in_(list(only)))
        with self._tx() as conn:
            rows = conn.execute(query).all()
            if rows:
                conn.execute(
                    replies.update()
                    .where(replies.c.id.in_([r.id for r in rows]))
                    .values(lease_until=now + lease, lease_owner=process_owner())
                )
        return [PendingReply(r.id, r.to_addr, r.rfc_message_id, r.body, r.attempts) for r in rows]

    def release_stale_leases(self) -> int:
        """Free leases held by other processes. Call only while holding the poll lock,
        when no other process can be sending (a killed sender leaves its leases behind)."""
        with self._tx() as conn:
            result = conn.execute(
                replies.update()
                .where(replies.c.status == "pending", replies.c.lease_owner != process_owner())
                .where(replies.c.lease_until.is_not(None))
                .values(lease_until=None, lease_owner="")
            )
        return int(result.rowcount or 0)

    def mark_sent(self, reply_id: int, now: datetime) -> None:
        with self._tx() as conn:
            conn.execute(sql.MARK_SENT, {"b_id": reply_id, "b_at": now})

    def mark_failed(self, reply_id: int, error: str, now: datetime, final: bool) -> None:
        """Record a failed attempt; a final failure stops retrying."""
        with self._tx() as conn:
            conn.execute(
                replies.update()
                .where(replies.c.id == reply_id)
                .values(
                    status="failed" if final else "pending",
                    last_error=error[:500],
                    lease_until=None,
                    attempts=replies.c.attempts + 1,
                )
            )

    def release(self, reply_ids: Sequence[int]) -> None:
        """Give back leases on replies that were not attempted."""
        if not reply_ids:
            return
        with self._tx() as conn:
            conn.execute(
                replies.update().where(replies.c.id.in_(list(reply_ids))).values(lease_until=None)
            )

    def queue_reply(self, draft: ReplyDraft, now: datetime, purpose: str) -> int | None:
        """Queue a reply not tied to a message (digest, alert); None if already queued."""
        try:
            with self._tx() as conn:
                return queue_reply(conn, None, draft, now, purpose)
        except IntegrityError:
            return None

    # -- health ----------------------------------------------------------

    def get_state(self, key: str) -> str | None:
        """A small persistent value (alert state and the like), or None."""
        with self._tx() as conn:
            row = conn.execute(select(schema.meta.c.value).where(schema.meta.c.key == key)).first()
        return str(row[0]) if row else None

    def set_state(self, key: str, value: str | None) -> None:
        """Set or (with None) clear a persistent value."""
        with self._tx() as conn:
            conn.execute(schema.meta.delete().where(schema.meta.c.key == key))
            if value is not None:
                conn.execute(schema.meta.insert().values(key=key, value=value))

    def start_poll(self, now: datetime) -> int:
        with self._tx() as conn:
            result = conn.execute(polls.insert().values(started_at=now))
        return int(result.inserted_primary_key[0])  # type: ignore[index]

    def finish_poll(
        self, poll_id: int, now: datetime, ok: bool, counts: dict[str, int], error: str = ""
    ) -> None:
        with self._tx() as conn:
            conn.execute(
                polls.update()
                .where(polls.c.id == poll_id)
                .values(finished_at=now, ok=ok, error=error[:500], **counts)
            )

    def incident(self, source: str, kind: str, detail: str, now: datetime) -> None:
        """Note an IMAP or SMTP failure for the digest's health report."""
        with self._tx() as conn:
            conn.execute(
                incidents.insert().values(at=now, source=source, kind=kind, detail=detail[:500])
            )

    def last_poll(self, ok_only: bool = False) -> PollRecord | None:
        query = select(polls).order_by(polls.c.id.desc()).limit(1)
        if ok_only:
            query = query.where(polls.c.ok.is_(True))
        with self._tx() as conn:
            row = conn.execute(query).mappings().first()
        if row is None:
            return None
        return PollRecord(
            row["started_at"],
            row["finished_at"],
            row["ok"],
            row["fetched"],
            row["recorded"],
            row["replies_sent"],
            row["review"],
            row["error"],
        )

    # -- maintenance -----------------------------------------------------

    def purge_text(self) -> int:
        """Remove stored message and reply text (retention); the signer list stays."""
        with self._tx() as conn:
            return maintenance.purge_text(conn)

    def backup(self, target: Path) -> int:
        """A consistent copy of the SQLite database at ``target``, safe while running."""
        return maintenance.backup(self.engine, target)

    # -- the coordinator -------------------------------------------------

    @property
    def review(self) -> ReviewStore:
        """The review queue settled and signers edited by hand."""
        return ReviewStore(self._write)

    @property
    def decisions(self) -> DecisionStore:
        """What the desk adds to review: held replies, answers, merges undone, examples."""
        return DecisionStore(self._write)

    @property
    def digests(self) -> DigestStore:
        """Digests sent to the coordinator."""
        return DigestStore(self._tx)

    # -- views -----------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """Headline numbers for ``intake status``."""
        with self._tx() as conn:

            def one(query: object) -> int:
                return int(conn.execute(query).scalar_one())  # type: ignore[call-overload]

            return {
                "messages": one(select(func.count()).select_from(messages)),
                "signers": one(
                    select(func.count())
                    .select_from(signer_table)
                    .where(signer_table.c.status == "active", signer_table.c.late.is_(False))
                ),
                "withdrawn": one(
                    select(func.count())
                    .select_from(signer_table)
                    .where(signer_table.c.status == "withdrawn")
                ),
                "late": one(
                    select(func.count())
                    .select_from(signer_table)
                    .where(signer_table.c.late.is_(True), signer_table.c.status == "active")
                ),
                "review_open": one(
                    select(func.count()).select_from(review).where(review.c.status == "open")
                ),
                "replies_pending": one(
                    select(func.count()).select_from(replies).where(replies.c.status == "pending")
                ),
                "replies_held": one(
                    select(func.count()).select_from(replies).where(replies.c.status == "held")
                ),
                "replies_sent": one(
                    select(func.count()).select_from(replies).where(replies.c.status == "sent")
                ),
                "replies_failed": one(
                    select(func.count()).select_from(replies).where(replies.c.status == "failed")
                ),
            }

    def review_items(self, open_only: bool = True) -> list[views.ReviewItem]:
        with self._tx() as conn:
            return views.review_items(conn, open_only)

    def reply_log(self, purpose: str = "reply") -> list[views.ReplyLogEntry]:
        with self._tx() as conn:
            return views.reply_log(conn, purpose)

    def unanswered(self) -> list[views.Unanswered]:
        with self._tx() as conn:
            return views.unanswered(conn)

    def signers(self, include_inactive: bool = False) -> list[SignerRecord]:
        """Signers in arrival order; by default only those on the list (active, on time)."""
        query = select(signer_table).order_by(signer_table.c.id)
        if not include_inactive:
            query = query.where(signer_table.c.status == "active", signer_table.c.late.is_(False))
        with self._tx() as conn:
            return [to_record(r) for r in conn.execute(query).mappings()]


def process_owner() -> str:
    """Who holds a lease: this host and process."""
    return f"{socket.gethostname()}:{os.getpid()}"


def _safe_url(url: str) -> str:
    """A database URL with any password masked."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "(unreadable URL)"
