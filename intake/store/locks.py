"""Locks that live in the database: PostgreSQL session advisory locks.

On PostgreSQL a campaign may run from several hosts, so its locks cannot be files:

- the **campaign lock** (one key per database) is held by ``intake run``, ``intake
  poll`` and ``intake digest --send`` for as long as they work, so only one process
  on any host polls or sends at a time;
- each process that leases replies holds a **presence lock** keyed by its holder token
  (host, pid, start time) for as long as its store is open, so that a lease is taken
  over only when its holder's lock is gone (the process ended, or its host or its
  connection died: the server ends the session and the lock with it).

Each lock is held on a connection of its own, outside the pool and in autocommit,
so it is never reset by the pool nor left "idle in transaction". The server frees
it when that connection ends, however its process ends. A process forked from one
that holds a lock (an analysis worker) keeps the connection object untouched and
never closes it, since closing the child's copy would end the parent's session.
"""

from __future__ import annotations

import os
import zlib
from contextlib import suppress
from typing import Any

from sqlalchemy import column, delete, func, insert, select, table
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from intake.store.schema import meta

# Keys of the two-int advisory lock space: (namespace, key), both signed 32-bit.
# MIGRATION_LOCK in schema.py lives in the one-bigint space, apart from these.
NAMESPACE = 0x696E7461  # "inta"
CAMPAIGN = 1
HOLDER_RECORD = "lock:campaign"  # meta key naming who holds the campaign lock
_PG_LOCKS = table(  # PostgreSQL's view of the locks held, as far as these need it
    "pg_locks",
    column("locktype"),
    column("granted"),
    column("classid"),
    column("objid"),
    column("objsubid"),
)

_orphans: list[Any] = []  # a forked child's copies of its parent's lock connections
_live: set[SessionLock] = set()


def _forget_in_child() -> None:
    for lock in list(_live):
        if lock._conn is not None:
            _orphans.append(lock._conn)  # never collected, so never closed by the child
            lock._conn = None
    _live.clear()


os.register_at_fork(after_in_child=_forget_in_child)


def holder_key(token: str) -> int:
    """The presence lock's key for a holder token (a 31-bit hash)."""
    return zlib.crc32(token.encode()) & 0x7FFFFFFF


class SessionLock:
    """One advisory lock ``(NAMESPACE, key)`` held on a connection of its own."""

    def __init__(self, engine: Engine, key: int) -> None:
        self.engine, self.key = engine, key
        self._conn: Connection | None = None

    @property
    def held(self) -> bool:
        return self._conn is not None

    def try_acquire(self, record: str = "") -> bool:
        """Take the lock if it is free (``record``: who holds it, kept in ``meta``)."""
        if self._conn is not None:
            return True
        conn = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        conn.detach()  # closing it ends the session (and the lock), never pools it
        try:
            got = conn.execute(select(func.pg_try_advisory_lock(NAMESPACE, self.key))).scalar()
            if got and record:
                conn.execute(delete(meta).where(meta.c.key == HOLDER_RECORD))
                conn.execute(insert(meta).values(key=HOLDER_RECORD, value=record))
        except BaseException:
            conn.close()
            raise
        if not got:
            conn.close()
            return False
        self._conn = conn
        _live.add(self)
        return True

    def alive(self) -> bool:
        """Whether the lock's connection still answers (the lock is then still held)."""
        if self._conn is None:
            return False
        try:
            self._conn.execute(select(1))
        except SQLAlchemyError:
            self.release()
            return False
        return True

    def release(self) -> None:
        """End the lock's session, and with it the lock."""
        conn, self._conn = self._conn, None
        _live.discard(self)
        if conn is not None:
            with suppress(SQLAlchemyError):  # the session is gone already, and the lock too
                conn.close()


def held_by_anyone(conn: Connection, key: int) -> bool:
    """Whether any session holds the lock ``(NAMESPACE, key)``."""
    locks = _PG_LOCKS.c
    query = select(locks.objid).where(
        locks.locktype == "advisory",
        locks.granted.is_(True),
        locks.classid == NAMESPACE,
        locks.objid == key,
        locks.objsubid == 2,  # the (int, int) form of advisory lock
    )
    return conn.execute(query).first() is not None


def holder_gone(conn: Connection, token: str) -> bool:
    """Whether the lease holder ``token`` has ended: no session holds its presence lock."""
    return not held_by_anyone(conn, holder_key(token))


def holder_record(engine: Engine) -> str:
    """Who holds the campaign lock, as its holder wrote it ("" if unknown)."""
    try:
        with engine.connect() as conn:
            row = conn.execute(select(meta.c.value).where(meta.c.key == HOLDER_RECORD)).first()
    except SQLAlchemyError:
        return ""
    return str(row[0]) if row else ""
