"""Keeping the record tidy: removing old message text, making backups."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import delete, update
from sqlalchemy.engine import Connection, Engine

from intake.errors import ConfigError, StoreError
from intake.files import create_private
from intake.store.schema import answers, message_raw, messages, replies


def purge_text(conn: Connection) -> int:
    """Remove the stored text of every message and sent reply; return messages changed.

    The signer list, the audit log and each message's metadata stay; so do the
    labelled examples' outcomes, but not the original messages they were read from.
    """
    changed = conn.execute(
        update(messages).where(messages.c.own_text.is_not(None)).values(own_text=None)
    ).rowcount
    conn.execute(
        update(replies).where(replies.c.status != "pending", replies.c.body != b"").values(body=b"")
    )
    conn.execute(delete(message_raw))
    conn.execute(update(answers).where(answers.c.body != "").values(body=""))
    return int(changed or 0)


def backup(engine: Engine, target: Path) -> int:
    """A consistent copy of a SQLite database, safe while intake is running; returns pages."""
    if engine.dialect.name != "sqlite":
        raise ConfigError(
            f"backup copies SQLite files; for {engine.dialect.name} use its own tools"
        )
    try:
        create_private(target, exclusive=True)  # mode 0600 before a byte is copied
    except FileExistsError:
        raise ConfigError(f"{target} already exists; choose a new file") from None
    except OSError as exc:
        raise ConfigError(f"cannot write the backup to {target}: {exc.strerror}") from None
    raw = engine.raw_connection()
    try:
        source = raw.driver_connection
        assert isinstance(source, sqlite3.Connection)
        with sqlite3.connect(target) as copy:
            source.backup(copy)
            pages = int(copy.execute("PRAGMA page_count").fetchone()[0])
            ok = copy.execute("PRAGMA integrity_check").fetchone()[0]
        if ok != "ok":
            raise StoreError(f"the backup in {target} failed its integrity check: {ok}")
        return pages
    except sqlite3.Error as exc:
        raise StoreError(f"backup to {target} failed: {exc}") from exc
    finally:
        raw.close()
