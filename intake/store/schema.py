"""Tables of the record, and the migrations that build them.

Times are stored in UTC and come back aware. The schema version lives in the
``meta`` table; each migration is a function run once, in order.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    DDL,
    BigInteger,
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
    func,
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


class StoredText(TypeDecorator[str]):
    """Text stored without NUL and other C0 control characters (tab and line breaks stay).

    PostgreSQL refuses a NUL in a text value, and one message that carries one would
    otherwise stop the campaign; no reader of the record wants the others either. The
    column (and every value compared with it) is cleaned here, at the edge.
    """

    impl: type[String] = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else clean_stored(value)


class StoredString(StoredText):
    """A short string, cleaned as :class:`StoredText` is."""

    impl = String
    cache_ok = True


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_stored(value: str) -> str:
    """``value`` without NUL and the C0 control characters other than tab, LF and CR."""
    return _CONTROL.sub("", value) if _CONTROL.search(value) else value


metadata = MetaData()

meta = Table(
    "meta",
    metadata,
    Column("key", StoredString(64), primary_key=True),
    Column("value", StoredText, nullable=False),
)

messages = Table(
    "messages",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("folder", StoredString(255), nullable=False),
    Column("uidvalidity", BigInteger, nullable=False),
    Column("uid", BigInteger, nullable=False),
    Column("identity", StoredString(255), nullable=False, unique=True),
    Column("message_id", StoredText, nullable=False, default=""),
    Column("in_reply_to", StoredText, nullable=False, default=""),
    Column("received", UTCDateTime, nullable=False),
    Column("sender", StoredText, nullable=False, default=""),
    Column("sender_name", StoredText, nullable=False, default=""),
    Column("reply_to", StoredText, nullable=False, default=""),
    Column("subject", StoredText, nullable=False, default=""),
    Column("kind", StoredString(20), nullable=False),
    Column("late", Boolean, nullable=False, default=False),
    Column("confidence", Float, nullable=False, default=1.0),
    Column("reasons", StoredText, nullable=False, default="[]"),
    Column("extracted", StoredText, nullable=False, default="[]"),
    Column("no_reply_reason", StoredText, nullable=False, default=""),
    Column("defects", StoredText, nullable=False, default="[]"),
    Column("size", Integer, nullable=False, default=0),
    Column("own_text", StoredText, nullable=True),
    Column("recorded_at", UTCDateTime, nullable=False),
    UniqueConstraint("folder", "uidvalidity", "uid", name="uq_messages_location"),
)
Index("ix_messages_message_id", messages.c.message_id)
Index("ix_messages_received", messages.c.received)

signers = Table(
    "signers",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", StoredText, nullable=True),
    Column("title", StoredText, nullable=True),
    Column("organization", StoredText, nullable=True),
    Column("capacity", StoredString(20), nullable=False),
    Column("email", StoredText, nullable=False, default=""),
    Column("match_key", StoredText, nullable=False),
    Column("status", StoredString(20), nullable=False, default="active"),
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
    Column("action", StoredString(20), nullable=False),
)

audit = Table(
    "audit",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", UTCDateTime, nullable=False),
    Column("actor", StoredText, nullable=False),
    Column("action", StoredString(32), nullable=False),
    Column("signer_id", ForeignKey("signers.id"), nullable=True),
    Column("message_id", ForeignKey("messages.id"), nullable=True),
    Column("before", StoredText, nullable=True),
    Column("after", StoredText, nullable=True),
    Column("note", StoredText, nullable=False, default=""),
)

replies = Table(
    "replies",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("message_id", ForeignKey("messages.id"), nullable=True, unique=True),
    Column("purpose", StoredString(20), nullable=False, default="reply"),
    Column("template", StoredString(64), nullable=False),
    Column("to_addr", StoredText, nullable=False),
    Column("rfc_message_id", StoredText, nullable=False, unique=True),
    Column("subject", StoredText, nullable=False),
    Column("body", LargeBinary, nullable=False),
    Column("status", StoredString(20), nullable=False, default="pending"),
    Column("attempts", Integer, nullable=False, default=0),
    Column("last_error", StoredText, nullable=False, default=""),
    Column("lease_until", UTCDateTime, nullable=True),
    Column("lease_owner", StoredText, nullable=False, default=""),
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
    Column("reason", StoredText, nullable=False),
    Column("status", StoredString(20), nullable=False, default="open"),
    Column("resolution", StoredText, nullable=False, default=""),
    Column("created_at", UTCDateTime, nullable=False),
    Column("resolved_at", UTCDateTime, nullable=True),
    Column("resolved_by", StoredText, nullable=False, default=""),
    Column("change_held", Boolean, nullable=False, default=False),
)

checkpoints = Table(
    "checkpoints",
    metadata,
    Column("folder", StoredString(255), primary_key=True),
    Column("uidvalidity", BigInteger, nullable=False),
    Column("last_uid", BigInteger, nullable=False),
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
    Column("error", StoredText, nullable=False, default=""),
)

incidents = Table(
    "incidents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", UTCDateTime, nullable=False),
    Column("source", StoredString(16), nullable=False),
    Column("kind", StoredString(32), nullable=False),
    Column("detail", StoredText, nullable=False),
)

# Version 2: digests sent to the coordinator. ``key`` is what makes a digest
# once-only ("daily:2020-06-20", "final", "manual:<time>"); the window is what
# it reported on, so the next one starts exactly where this one ended.
v2 = MetaData()

digests = Table(
    "digests",
    v2,
    Column("id", Integer, primary_key=True),
    Column("key", StoredString(64), nullable=False, unique=True),
    Column("kind", StoredString(16), nullable=False),
    Column("slot", UTCDateTime, nullable=False),
    Column("window_start", UTCDateTime, nullable=True),
    Column("window_end", UTCDateTime, nullable=False),
    Column("recipients", StoredText, nullable=False, default=""),
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
    Column("body", StoredText, nullable=False),
    Column("actor", StoredText, nullable=False),
    Column("at", UTCDateTime, nullable=False),
)

merges = Table(
    "merges",
    v4,
    Column("id", Integer, primary_key=True),
    Column("keep_id", Integer, nullable=False),
    Column("other_id", Integer, nullable=False),
    Column("review_id", Integer, nullable=True),
    Column("keep_before", StoredText, nullable=False),
    Column("keep_after", StoredText, nullable=False),
    Column("other_before", StoredText, nullable=False),
    Column("links_added", StoredText, nullable=False, default="[]"),
    Column("actor", StoredText, nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("undone_at", UTCDateTime, nullable=True),
    Column("undone_by", StoredText, nullable=False, default=""),
)

examples = Table(
    "examples",
    v4,
    Column("id", Integer, primary_key=True),
    Column("review_id", Integer, nullable=False, index=True),
    Column("message_id", Integer, nullable=False),
    Column("decision", StoredString(32), nullable=False),
    Column("outcome", StoredText, nullable=False),
    Column("actor", StoredText, nullable=False),
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
    Column("folder", StoredString(255), nullable=False),
    Column("count", Integer, nullable=False),
)
Index("ix_skips_at", skips.c.at)

SCHEMA_VERSION = 6


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


def _widen_imap_numbers(conn: Connection) -> None:
    """Version 6: UIDVALIDITY and UIDs are unsigned 32-bit; PostgreSQL's INTEGER is signed.

    SQLite's INTEGER already holds 64 bits, so only PostgreSQL's columns change.
    """
    if conn.dialect.name != "postgresql":
        return
    for table, columns in (("messages", ("uidvalidity", "uid")),
                           ("checkpoints", ("uidvalidity", "last_uid"))):  # fmt: skip
        changes = ", ".join(f"ALTER COLUMN {c} TYPE BIGINT" for c in columns)
        conn.execute(DDL(f"ALTER TABLE {table} {changes}"))  # type: ignore[no-untyped-call]


MIGRATIONS: dict[int, Callable[[Connection], None]] = {
    1: _create_all,
    2: _add_digests,
    3: _add_lease_owner,
    4: _add_desk,
    5: _add_skips_and_held_changes,
    6: _widen_imap_numbers,
}

# The key of PostgreSQL's transaction-level advisory lock that migrations run under
# (any 64-bit number no other lock of intake uses; see intake.store.locks).
MIGRATION_LOCK = 0x696E74616B65_0001


def current_version(conn: Connection) -> int:
    """The schema version recorded in ``meta`` (0 for an empty database)."""
    if not conn.dialect.has_table(conn, "meta"):
        return 0
    row = conn.execute(select(meta.c.value).where(meta.c.key == "schema_version")).first()
    return int(row[0]) if row else 0


def migrate(conn: Connection) -> int:
    """Run every migration newer than the database; return the resulting version.

    The database is locked first (PostgreSQL: an advisory lock held until the
    transaction ends; SQLite: its write lock), so processes that open a new
    database at once take turns: the first builds it, the others find it built.
    """
    if current_version(conn) >= SCHEMA_VERSION:
        return SCHEMA_VERSION  # nothing to do: no lock, so a read-only user can open it
    _lock_for_migration(conn)
    version = current_version(conn)  # again: another process may have just migrated
    for number in sorted(MIGRATIONS):
        if number <= version:
            continue
        MIGRATIONS[number](conn)
        _set_version(conn, number)
        version = number
    return version


def _lock_for_migration(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(select(func.pg_advisory_xact_lock(MIGRATION_LOCK)))
    elif conn.dialect.name == "sqlite":  # a constant statement, straight to the driver
        conn.connection.dbapi_connection.execute("BEGIN IMMEDIATE")  # type: ignore[union-attr]


def _set_version(conn: Connection, number: int) -> None:
    if conn.execute(select(meta.c.key).where(meta.c.key == "schema_version")).first():
        conn.execute(meta.update().where(meta.c.key == "schema_version").values(value=str(number)))
    else:
        conn.execute(meta.insert().values(key="schema_version", value=str(number)))
