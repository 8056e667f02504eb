"""Keeping the record tidy: removing old message text, making backups.

A SQLite database is copied with SQLite's online backup; a PostgreSQL one is
dumped by ``pg_dump`` (custom format, for ``pg_restore``) from the same URL, the
password handed over in its environment, never on its command line.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
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


PG_ADVICE = "or back up with your database's own tools (pg_dump -Fc, or the host's snapshots)"


def backup(engine: Engine, target: Path) -> str:
    """A consistent copy of the database at ``target``, safe while intake is running;
    returns what was written, in a few words."""
    if engine.dialect.name == "postgresql":
        return _pg_dump(engine, target)
    if engine.dialect.name != "sqlite":
        raise ConfigError(f"intake backup copies SQLite and PostgreSQL; for {engine.dialect.name} "
                          "use its own tools")  # fmt: skip
    _new_private(target)
    return f"{_sqlite_copy(engine, target)} pages, integrity ok"


def _new_private(target: Path) -> None:
    try:
        create_private(target, exclusive=True)  # mode 0600 before a byte is copied
    except FileExistsError:
        raise ConfigError(f"{target} already exists; choose a new file") from None
    except OSError as exc:
        raise ConfigError(f"cannot write the backup to {target}: {exc.strerror}") from None


def _pg_dump(engine: Engine, target: Path) -> str:
    """``pg_dump -Fc`` of the database, into a new 0600 file."""
    program = shutil.which("pg_dump")
    if program is None:
        raise ConfigError(f"pg_dump is not installed: apt install postgresql-client, {PG_ADVICE}")
    _new_private(target)
    url = engine.url.set(drivername="postgresql", password=None)
    env = dict(os.environ)
    if engine.url.password is not None:
        env["PGPASSWORD"] = str(engine.url.password)
    command = [program, "--format=custom", f"--file={target}",
               url.render_as_string(hide_password=False)]  # fmt: skip
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        target.unlink(missing_ok=True)
        why = (done.stderr.strip().splitlines() or ["no reason given"])[-1]
        raise StoreError(f"pg_dump failed: {why}")
    return f"pg_dump custom format, {target.stat().st_size} bytes; restore with pg_restore"


def _sqlite_copy(engine: Engine, target: Path) -> int:
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
