"""Tables of the record, and the migrations that build them.

Times are stored in UTC and come back aware. The schema version lives in the
``meta`` table; each migration is a function run once, in order.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    DDL,
    Boolean,
    Column,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    inspect,
    select,
)
from sqlalchemy.engine import Connection
from sqlalchemy.types import DateTime, TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """An aware datetime stored as naive UTC; read back with UTC attached."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        return value.replace(tzinfo=UTC)  # type: ignore[no-any-return]


metadata = MetaData()

meta = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

messages = Table(
    "messages",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("folder", String(255), nullable=False),
    Column("uidvalidity", Integer, nullable=False),
    Column("uid", Integer, nullable=False),
    Column("identity", String(255), nullable=False, unique=True),
    Column("message_id", Text, nullable=False, default=""),
    Column("in_reply_to", Text, nullable=False, default=""),
    Column("received", UTCDateTime, nullable=False),
    Column("sender", Text, nullable=False, default=""),
    Column("sender_name", Text, nullable=False, default=""),
    Column("reply_to", Text, nullable=False, default=""),
    Column("subject", Text, nullable=False, default=""),
    Column("kind", String(20), nullable=False),
    Column("late", Boolean, nullable=False, default=False),
    Column("confidence", Float, nullable=False, default=1.0),
    Column("reasons", Text, nullable=False, default="[]"),
    Column("extracted", Text, nullable=False, default="[]"),
    Column("no_reply_reason", Text, nullable=False, default=""),
    Column("defects", Text, nullable=False, default="[]"),
    Column("size", Integer, nullable=False, default=0),
    Column("own_text", Text, nullable=True),
    Column("recorded_at", UTCDateTime, nullable=False),
    UniqueConstraint("folder", "uidvalidity", "uid", name="uq_messages_location"),
)
Index("ix_messages_message_id", messages.c.message_id)
Index("ix_messages_received", messages.c.received)

signers = Table(
    "signers",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=True),
    Column("title", Text, nullable=True),
    Column("organization", Text, nullable=True),
    Column("capacity", String(20), nullable=False),
    Column("email", Text, nullable=False, default=""),
    Column("match_key", Text, nullable=False),
    Column("status", String(20), nullable=False, default="active"),
    Column("late", Boolean, nullable=False, default=False),
    Column("first_message", ForeignKey("messages.id"), nullable=True),
    Column("last_message", ForeignKey("messages.id"), nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)
Index("ix_signers_match_key", signers.c.match_key)
Index("ix_signers_email", signers.c.email)

signer_messages = Table(
    "signer_messages",
    metadata,
    Column("signer_id", ForeignKey("signers.id"), primary_key=True),
    Column("message_id", ForeignKey("messages.id"), primary_key=True),
    Column("action", String(20), nullable=False),
)

audit = Table(
    "audit",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", UTCDateTime, nullable=False),
    Column("actor", Text, nullable=False),
    Column("action", String(32), nullable=False),
    Column("signer_id", ForeignKey("signers.id"), nullable=True),
    Column("message_id", ForeignKey("messages.id"), nullable=True),
    Column("before", Text, nullable=True),
    Column("after", Text, nullable=True),
    Column("note", Text, nullable=False, default=""),
)

replies = Table(
    "replies",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("message_id", ForeignKey("messages.id"), nullable=True, unique=True),
    Column("purpose", String(20), nullable=False, default="reply"),
    Column("template", String(64), nullable=False),
    Column("to_addr", Text, nullable=False),
    Column("rfc_message_id", Text, nullable=False, unique=True),
    Column("subject", Text, nullable=False),
    Column("body", LargeBinary, nullable=False),
    Column("status", String(20), nullable=False, default="pending"),
    Column("attempts", Integer, nullable=False, default=0),
    Column("last_error", Text, nullable=False, default=""),
    Column("lease_until", UTCDateTime, nullable=True),
    Column("lease_owner", Text, nullable=False, default=""),
    Column("created_at", UTCDateTime, nullable=False),
    Column("sent_at", UTCDateTime, nullable=True),
)
Index("ix_replies_to_created", replies.c.to_addr, replies.c.created_at)
Index("ix_replies_status", replies.c.status)

review = Table(
    "review",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("message_id", ForeignKey("messages.id"), nullable=False, unique=True),
    Column("reason", Text, nullable=False),
    Column("status", String(20), nullable=False, default="open"),
    Column("resolution", Text, nullable=False, default=""),
    Column("created_at", UTCDateTime, nullable=False),
    Column("resolved_at", UTCDateTime, nullable=True),
    Column("resolved_by", Text, nullable=False, default=""),
    Column("change_held", Boolean, nullable=False, default=False),
)

checkpoints = Table(
    "checkpoints",
    metadata,
    Column("folder", String(255), primary_key=True),
    Column("uidvalidity", Integer, nullable=False),
    Column("last_uid", Integer, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)

polls = Table(
    "polls",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("started_at", UTCDateTime, nullable=False),
    Column("finished_at", UTCDateTime, nullable=True),
    Column("ok", Boolean, nullable=True),
    Column("fetched", Integer, nullable=False, default=0),
    Column("recorded", Integer, nullable=False, default=0),
    Column("replies_sent", Integer, nullable=False, default=0),
    Column("review", Integer, nullable=False, default=0),
    Column("error", Text, nullable=False, default=""),
)

incidents = Table(
    "incidents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", UTCDateTime, nullable=False),
    Column("source", String(16), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("detail", Text, nullable=False),
)

# Version 2: digests sent to the coordinator. ``key`` is what makes a digest
# once-only ("daily:2020-06-20", "final", "manual:<time>"); the window is what
# it reported on, so the next one starts exactly where this one ended.
v2 = MetaData()

digests = Table(
    "digests",
    v2,
    Column("id", Integer, primary_key=True),
    Column("key", String(64), nullable=False, unique=True),
    Column("kind", String(16), nullable=False),
    Column("slot", UTCDateTime, nullable=False),
    Column("window_start", UTCDateTime, nullable=True),
    Column("window_end", UTCDateTime, nullable=False),
    Column("recipients", Text, nullable=False, default=""),
    Column("created_at", UTCDateTime, nullable=False),
)
Index("ix_digests_window_end", digests.c.window_end)

# Version 4: the coordinator's desk. The original bytes of a message sent to
# review (to show it as written, to re-render a held reply, and to export the
# coordinator's decisions as labelled examples); answers written on the desk;
# merges, so that one can be undone; and each review decision as an example.
v4 = MetaData()

message_raw = Table(
    "message_raw",
    v4,
    Column("message_id", Integer, primary_key=True),  # messages.id (kept apart: only review mail)
    Column("data", LargeBinary, nullable=False),
)

answers = Table(
    "answers",
    v4,
    Column("id", Integer, primary_key=True),
    Column("review_id", Integer, nullable=False, index=True),
    Column("message_id", Integer, nullable=False),
    Column("reply_id", Integer, nullable=True),
    Column("body", Text, nullable=False),
    Column("actor", Text, nullable=False),
    Column("at", UTCDateTime, nullable=False),
)

merges = Table(
    "merges",
    v4,
    Column("id", Integer, primary_key=True),
    Column("keep_id", Integer, nullable=False),
    Column("other_id", Integer, nullable=False),
    Column("review_id", Integer, nullable=True),
    Column("keep_before", Text, nullable=False),
    Column("keep_after", Text, nullable=False),
    Column("other_before", Text, nullable=False),
    Column("links_added", Text, nullable=False, default="[]"),
    Column("actor", Text, nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("undone_at", UTCDateTime, nullable=True),
    Column("undone_by", Text, nullable=False, default=""),
)

examples = Table(
    "examples",
    v4,
    Column("id", Integer, primary_key=True),
    Column("review_id", Integer, nullable=False, index=True),
    Column("message_id", Integer, nullable=False),
    Column("decision", String(32), nullable=False),
    Column("outcome", Text, nullable=False),
    Column("actor", Text, nullable=False),
    Column("at", UTCDateTime, nullable=False),
)

# Version 5: messages skipped as received before the campaign opened (counted in
# the same transaction that moves the checkpoint past them), and review items whose
# change waits until the coordinator accepts it (a third party, a failed check).
v5 = MetaData()

skips = Table(
    "skips",
    v5,
    Column("id", Integer, primary_key=True),
    Column("at", UTCDateTime, nullable=False),
    Column("folder", String(255), nullable=False),
    Column("count", Integer, nullable=False),
)
Index("ix_skips_at", skips.c.at)

SCHEMA_VERSION = 5


def _create_all(conn: Connection) -> None:
    metadata.create_all(conn)


def _add_digests(conn: Connection) -> None:
    v2.create_all(conn)


def _add_lease_owner(conn: Connection) -> None:
    """Version 3: which process holds a reply's lease (a killed sender's are freed)."""
    columns = {c["name"] for c in inspect(conn).get_columns("replies")}
    if "lease_owner" not in columns:  # new databases have it from version 1's table
        add = DDL("ALTER TABLE replies ADD COLUMN lease_owner TEXT NOT NULL DEFAULT ''")  # type: ignore[no-untyped-call]
        conn.execute(add)


def _add_desk(conn: Connection) -> None:
    v4.create_all(conn)


def _add_skips_and_held_changes(conn: Connection) -> None:
    """Version 5: the ``skips`` table and ``review.change_held``."""
    v5.create_all(conn)
    columns = {c["name"] for c in inspect(conn).get_columns("review")}
    if "change_held" not in columns:  # new databases have it from version 1's table
        add = DDL("ALTER TABLE review ADD COLUMN change_held BOOLEAN NOT NULL DEFAULT FALSE")  # type: ignore[no-untyped-call]
        conn.execute(add)


MIGRATIONS: dict[int, Callable[[Connection], None]] = {
    1: _create_all,
    2: _add_digests,
    3: _add_lease_owner,
    4: _add_desk,
    5: _add_skips_and_held_changes,
}


def current_version(conn: Connection) -> int:
    """The schema version recorded in ``meta`` (0 for an empty database)."""
    if not conn.dialect.has_table(conn, "meta"):
        return 0
    row = conn.execute(select(meta.c.value).where(meta.c.key == "schema_version")).first()
    return int(row[0]) if row else 0


def migrate(conn: Connection) -> int:
    """Run every migration newer than the database; return the resulting version."""
    version = current_version(conn)
    for number in sorted(MIGRATIONS):
        if number <= version:
            continue
        MIGRATIONS[number](conn)
        _set_version(conn, number)
        version = number
    return version


def _set_version(conn: Connection, number: int) -> None:
    if conn.execute(select(meta.c.key).where(meta.c.key == "schema_version")).first():
        conn.execute(meta.update().where(meta.c.key == "schema_version").values(value=str(number)))
    else:
        conn.execute(meta.insert().values(key="schema_version", value=str(number)))
