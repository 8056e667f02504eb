"""The Store: a handle on the campaign's database, each method a small transaction.

Every processed message is recorded exactly once, keyed by its location
(folder, UIDVALIDITY, UID) and its identity (Message-ID). The message row, the
signer changes, the review item, the queued reply and the folder checkpoint
are written in one transaction, so a crash leaves either all or none of them;
a poll records a whole batch in one (:mod:`intake.store.batch`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, event, func, select
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from intake.assess.plan import Plan
from intake.errors import StoreError
from intake.files import create_private
from intake.message import Message
from intake.process import Holder
from intake.store import batch as recording
from intake.store import locks, maintenance, outbox, schema, senders, views
from intake.store import statements as sql
from intake.store.batch import RAW_KEPT_UP_TO, Batch, Render
from intake.store.decisions import DecisionStore
from intake.store.digests import DigestStore
from intake.store.failures import database_errors, describe
from intake.store.locks import SessionLock
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
log = logging.getLogger(__name__)


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.close()


class Store:
    """A handle on the database; methods are small transactions."""

    def __init__(self, engine: Engine, path: Path | None = None) -> None:
        self.engine = engine
        self.path = path  # the SQLite file, when the database is one
        self._presence: SessionLock | None = None  # this process's, while it leases replies

    @classmethod
    def open(cls, url: str) -> Store:
        """Open (and create or migrate) the database at ``url``.

        A SQLite file is created mode 0600 (its -wal and -shm files follow it), and
        an existing one that others can read is narrowed to 0600.
        """
        path = _sqlite_file(url)
        try:
            if path is not None:
                _private(path)
            engine = create_engine(url)
            if engine.dialect.name == "sqlite":
                event.listen(engine, "connect", _sqlite_pragmas)
            with engine.begin() as conn:
                schema.migrate(conn)
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot open the database {_safe_url(url)}: {describe(exc)}") from exc
        return cls(engine, path)

    def close(self) -> None:
        if self._presence is not None:
            self._presence.release()
        self.engine.dispose()

    # -- locks shared by hosts (PostgreSQL) ------------------------------

    @property
    def shared(self) -> bool:
        """Whether processes on several hosts may share this database (PostgreSQL):
        its locks then live in the database, not in files."""
        return self.engine.dialect.name == "postgresql"

    @property
    def where(self) -> str:
        """The database, for messages (its URL with any password masked)."""
        return self.engine.url.render_as_string(hide_password=True)

    def campaign_lock(self) -> SessionLock:
        """The campaign's advisory lock (not yet taken); PostgreSQL only."""
        return SessionLock(self.engine, locks.CAMPAIGN)

    def campaign_holder(self) -> str:
        """Who holds the campaign lock, as recorded by its holder ("" if unknown)."""
        return locks.holder_record(self.engine)

    def _present(self) -> None:
        """On PostgreSQL, hold this process's presence lock: its leases are then taken
        over only once that lock is gone (the process, its host or its session ended)."""
        if self.shared and (self._presence is None or not self._presence.alive()):
            presence = SessionLock(self.engine, locks.holder_key(Holder.current().token))
            presence.try_acquire()  # held already by another store of this process: fine
            self._presence = presence

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        """A connection for reads only: no commit (it is rolled back when closed)."""
        with database_errors(), self.engine.connect() as conn:
            yield conn

    @contextmanager
    def _tx(self) -> Iterator[Connection]:
        with database_errors(), self.engine.begin() as conn:
            yield conn

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

    def known(self, location: Location, ident: str, message: Message | None = None) -> bool:
        """True if this location or this identity is already recorded.

        With ``message``, a message recorded by an older intake (whose identity
        hashed the mailbox's own headers too) is known by its Message-ID, sender
        and subject.
        """
        with self._read() as conn:
            return recording.known(conn, location, ident, message)

    def skip(self, location: Location, count: int, now: datetime) -> None:
        """Count ``count`` messages received before the campaign opened, and move the
        checkpoint past ``location``, in one transaction (so each is counted once)."""
        with self.batch() as batch:
            batch.skip(location, count, now)

    def skipped(self, start: datetime | None = None, end: datetime | None = None) -> int:
        """Messages counted as received before the campaign opened (in ``[start, end)``)."""
        with self._read() as conn:
            return views.skipped(conn, start, end)

    def sender_facts(self, address: str, refs: Sequence[str]) -> senders.SenderFacts:
        """What the record holds from ``address``: signups, signers on the list, and whose
        records a correction or withdrawal referring to ``refs`` would change."""
        with self._read() as conn:
            return senders.facts(conn, address, refs)

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
        self._present()
        with self._tx() as conn:
            return outbox.claim(conn, now, lease, limit, only)

    def release_stale_leases(self) -> int:
        """Free leases whose holder has ended: on PostgreSQL, whose presence lock is gone
        (any host); on SQLite, whose process has (pid and start time). A live holder's
        lease runs out by time instead."""
        with self._tx() as conn:
            if self.shared:
                return outbox.release_stale(conn, lambda token: locks.holder_gone(conn, token))
            return outbox.release_stale(conn)

    @contextmanager
    def outgoing(self) -> Iterator[outbox.Outgoing]:
        """A sending pass: its ``sending(reply_id, now)`` marks one reply sent, committed
        as that block ends (see :meth:`outbox.Outgoing.sending`)."""
        with self.engine.connect() as conn:
            yield outbox.Outgoing(conn)

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

    def release(self, reply_ids: Sequence[int], error: str = "") -> None:
        """Give back leases on replies that were not attempted (``error``: why they wait)."""
        if not reply_ids:
            return
        with self._tx() as conn:
            if error:
                outbox.defer(conn, reply_ids, error)
                return
            conn.execute(
                replies.update().where(replies.c.id.in_(list(reply_ids))).values(lease_until=None)
            )

    def waiting_replies(self) -> list[outbox.WaitingReply]:
        """Replies that wait after a failed attempt (SMTP down or refused for now)."""
        with self._read() as conn:
            return outbox.waiting(conn)

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

    def backup(self, target: Path) -> str:
        """A consistent copy of the database at ``target`` (SQLite's own backup, or
        ``pg_dump``), safe while running; returns what was written, in a few words."""
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


def _sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL (None for another database or an in-memory one)."""
    try:
        parsed = make_url(url)
    except Exception:
        return None
    name = parsed.database or ""
    if parsed.get_backend_name() != "sqlite" or name in ("", ":memory:"):
        return None
    return Path(name).resolve()


def _private(path: Path) -> None:
    """Create the database file 0600, or narrow an existing one that others can read."""
    try:
        if path.exists() and path.stat().st_mode & 0o077:
            log.warning("%s could be read by other users: now readable by its owner only", path)
        create_private(path)
        for suffix in ("-wal", "-shm"):
            companion = path.with_name(path.name + suffix)
            if companion.exists():
                create_private(companion)
    except OSError:
        pass  # a folder we cannot write to: SQLite says so in its own words


def _safe_url(url: str) -> str:
    """A database URL with any password masked."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "(unreadable URL)"
