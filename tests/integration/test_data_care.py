"""Data care: retention removes message text but keeps signers; backups while running, and
on PostgreSQL a ``pg_dump`` that restores into a fresh database."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from support.campaign import JUNE, PASSWORD_ENV, campaign_data, signature, toml
from support.database import Databases, query

from intake.run.poll import Poller
from intake.store import Store
from intake.store.schema import messages, replies

pytestmark = pytest.mark.integration


def test_retention_removes_text_after_the_set_days_and_keeps_signers(
    imap_user: Any, make_settings: Any
) -> None:
    settings = make_settings(retention={"message_text_days": 30})
    store = Store.open(settings.database_url)
    imap_user.append("INBOX", signature(1), JUNE)
    deadline = settings.campaign.deadline_at
    Poller(settings, store, clock=lambda: deadline + timedelta(days=29)).run()
    with store.engine.connect() as conn:
        assert conn.execute(select(messages.c.own_text)).scalar_one()
    Poller(settings, store, clock=lambda: deadline + timedelta(days=30)).run()
    with store.engine.connect() as conn:
        assert conn.execute(select(messages.c.own_text)).scalar_one() is None
        assert conn.execute(select(replies.c.body)).scalar_one() == b""
    assert [s.name for s in store.signers()] == ["Person Number1"]
    with imap_user.client() as client:  # intake never deletes mail
        assert client.select_folder("INBOX")[b"EXISTS"] == 1
    store.close()


def test_backup_is_consistent_while_intake_run_is_running(
    imap_user: Any, smtp_sink: Any, tmp_path: Path, databases: Databases
) -> None:
    if databases.kind != "sqlite":
        pytest.skip("SQLite's online backup (the SQLite pass runs it); pg_dump is tested below")
    config = tmp_path / "intake.toml"
    config.write_text(
        toml(campaign_data(imap_user, smtp_sink, poll={"interval_seconds": 5, "batch_size": 5}))
    )
    imap_user.multiappend("INBOX", [(signature(n), JUNE) for n in range(200)])
    env = {**os.environ, PASSWORD_ENV: imap_user.password}
    run = subprocess.Popen(
        [sys.executable, "-m", "intake", "-c", str(config), "run"],
        env=env,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert smtp_sink.wait_for(20, timeout=60), "the poll is under way"
        copy = tmp_path / "copy.sqlite"
        done = subprocess.run(
            [sys.executable, "-m", "intake", "-c", str(config), "backup", str(copy)],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert "integrity ok" in done.stdout
    finally:
        run.terminate()
        run.wait(timeout=60)
    with sqlite3.connect(copy) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        recorded = db.execute("SELECT count(*) FROM messages").fetchone()[0]
        linked = db.execute(
            "SELECT count(*) FROM signers WHERE first_message IN (SELECT id FROM messages)"
        ).fetchone()[0]
    assert recorded > 0 and linked == recorded  # a snapshot: every message with its signer
    again = subprocess.run(
        [sys.executable, "-m", "intake", "-c", str(config), "backup", str(copy)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert again.returncode == 2 and "already exists" in again.stderr


def test_backup_on_postgresql_is_a_pg_dump_of_the_same_database_that_restores(
    on_postgresql: None,
    databases: Databases,
    imap_user: Any,
    smtp_sink: Any,
    database_url: str,
    tmp_path: Path,
) -> None:
    assert databases.cluster is not None
    config = tmp_path / "intake.toml"
    sections = {"database": {"url": database_url}}
    config.write_text(toml(campaign_data(imap_user, smtp_sink, **sections)))
    imap_user.multiappend("INBOX", [(signature(n), JUNE) for n in (1, 2)])
    # The private cluster's own pg_dump and pg_restore, first on PATH.
    path = f"{databases.cluster.bin}{os.pathsep}{os.environ.get('PATH', '')}"
    env = {**os.environ, PASSWORD_ENV: imap_user.password, "PATH": path}

    def intake(*args: str, **extra: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "intake", "-c", str(config), *args]
        return subprocess.run(
            command, capture_output=True, text=True, env={**env, **extra}, check=False
        )

    assert intake("poll").returncode == 0
    dump = tmp_path / "campaign.dump"
    done = intake("backup", str(dump))
    assert done.returncode == 0, done.stderr
    assert "pg_dump custom format" in done.stdout
    assert dump.read_bytes()[:5] == b"PGDMP" and dump.stat().st_mode & 0o777 == 0o600

    fresh = databases.cluster.create_database("restored")
    restore = [str(databases.cluster.bin / "pg_restore"), "--no-owner", "--exit-on-error",
               f"--dbname={fresh.replace('+psycopg', '')}", str(dump)]  # fmt: skip
    restored = subprocess.run(restore, capture_output=True, text=True, check=False)
    assert restored.returncode == 0, restored.stderr
    signers = "SELECT email FROM signers ORDER BY email"
    assert query(fresh, signers) == query(database_url, signers)
    assert query(fresh, signers) == [("p1@example.org",), ("p2@example.org",)]

    again = intake("backup", str(dump))  # never over an existing file
    assert again.returncode != 0 and "already exists" in again.stderr
    missing = intake("backup", str(tmp_path / "other.dump"), PATH=str(tmp_path / "no-bin"))
    assert missing.returncode != 0 and "pg_dump is not installed" in missing.stderr
    assert not (tmp_path / "other.dump").exists()
