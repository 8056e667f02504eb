"""Digests sent to the coordinator: once-only keys, and what a digest reads.

A digest row and its queued mail are written in one transaction, keyed so
that the same digest can never be queued twice.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from intake.store import signers as rows
from intake.store import views
from intake.store.queue import queue_reply
from intake.store.records import ReplyDraft, SignerRecord
from intake.store.schema import digests, meta, signers

Transaction = Callable[[], AbstractContextManager[Connection]]
SCHEDULE_SINCE = "digest_schedule_since"  # meta: when the daily schedule began


@dataclass(frozen=True, slots=True)
class DigestRecord:
    """A digest as sent: its once-only key and the window it reported on."""

    key: str
    kind: str
    slot: datetime
    window_start: datetime | None
    window_end: datetime
    recipients: tuple[str, ...] = ()


@dataclass(frozen=True)
class DigestSources:
    """Everything a digest reads from the record for one window, as plain values."""

    changes: tuple[views.AuditEntry, ...]
    late: tuple[views.MessageLine, ...]
    open_items: tuple[views.OpenItem, ...]
    failed_replies: tuple[views.ReplyLogEntry, ...]
    incidents: tuple[views.Incident, ...]
    failed_polls: int
    signers: Mapping[int, SignerRecord]


class DigestStore:
    """Small transactions for the coordinator's digests."""

    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    def last_digest(self, kind: str | None = None) -> DigestRecord | None:
        """The most recent digest (of ``kind``, when given)."""
        query = select(digests).order_by(digests.c.window_end.desc(), digests.c.id.desc())
        if kind is not None:
            query = query.where(digests.c.kind == kind)
        with self._tx() as conn:
            row = conn.execute(query.limit(1)).mappings().first()
        if row is None:
            return None
        return DigestRecord(
            row["key"], row["kind"], row["slot"], row["window_start"], row["window_end"],
            tuple(a for a in row["recipients"].split(",") if a),
        )  # fmt: skip

    def schedule_since(self, now: datetime | None = None) -> datetime | None:
        """When the daily schedule began (None if it has not); with ``now``, begin it
        then unless it already has. The first writer wins, on any number of hosts."""
        where = meta.c.key == SCHEDULE_SINCE
        if now is not None:
            begin = meta.insert().values(key=SCHEDULE_SINCE, value=now.isoformat())
            try:
                with self._tx() as conn:
                    if conn.execute(select(meta.c.value).where(where)).first() is None:
                        conn.execute(begin)
            except IntegrityError:
                pass  # another process began it at the same moment: its time stands
        with self._tx() as conn:
            row = conn.execute(select(meta.c.value).where(where)).first()
        return datetime.fromisoformat(row[0]) if row else None

    def has_digest(self, key: str) -> bool:
        with self._tx() as conn:
            return (
                conn.execute(select(digests.c.id).where(digests.c.key == key)).first() is not None
            )

    def save_digest(
        self, record: DigestRecord, drafts: Sequence[ReplyDraft], now: datetime
    ) -> bool:
        """Record a digest and queue its mail together; False if this key was already sent."""
        try:
            with self._tx() as conn:
                conn.execute(
                    digests.insert().values(
                        key=record.key, kind=record.kind, slot=record.slot,
                        window_start=record.window_start, window_end=record.window_end,
                        recipients=",".join(record.recipients), created_at=now,
                    )
                )  # fmt: skip
                for draft in drafts:
                    queue_reply(conn, None, draft, now, "digest")
        except IntegrityError:
            return False
        return True

    def digest_sources(self, start: datetime | None, end: datetime) -> DigestSources:
        """What happened in ``[start, end)`` and what is still open, in one snapshot."""
        with self._tx() as conn:
            everyone = conn.execute(select(signers).order_by(signers.c.id)).mappings()
            return DigestSources(
                changes=tuple(views.audit_entries(conn, start, end)),
                late=tuple(views.late_messages(conn, start, end)),
                open_items=tuple(views.open_items(conn)),
                failed_replies=tuple(views.failed_replies(conn)),
                incidents=tuple(views.incidents_between(conn, start, end)),
                failed_polls=views.failed_polls(conn, start, end),
                signers={r["id"]: rows.to_record(r) for r in everyone},
            )
