"""Two hosts on one PostgreSQL database: two ``intake run --standby`` under SIGKILL.

Two campaign folders (as two hosts would have) name one IMAP mailbox, one SMTP server
and one PostgreSQL database. Both run ``intake run --standby``: one holds the campaign's
advisory lock and works, the other waits. Mail arrives in waves while a random one of
the two is SIGKILLed and started again, ``KILLS`` times; then both run until the work is
done. Every signer must be recorded once and answered once: a reply may reach the server
twice only as the very same mail, and only as rarely as the documented send window
allows (one kill in twenty); each digest goes out once.
"""

from __future__ import annotations

import email
import email.policy
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.exc import SQLAlchemyError
from support.campaign import JUNE, PASSWORD_ENV, campaign_data, signature, toml
from support.database import query

pytestmark = [pytest.mark.slow, pytest.mark.integration]

KILLS = 12
WAVE = 4  # messages that arrive before each kill
DRAIN_TIMEOUT = 120.0


def _start(config: Path, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "intake", "-c", str(config), "run", "--standby"],
            env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip


def _header(data: bytes, name: str) -> str:
    return str(email.message_from_bytes(data, policy=email.policy.default)[name] or "")


def _counts(url: str) -> tuple[int, int]:
    """(messages recorded, replies sent); (0, 0) before either host has made the tables."""
    try:
        ((recorded,),) = query(url, "SELECT count(*) FROM messages")
    except SQLAlchemyError:
        return 0, 0
    ((sent,),) = query(
        url, "SELECT count(*) FROM replies WHERE status = 'sent' AND purpose = 'reply'"
    )
    return recorded, sent


def test_two_hosts_under_kills_answer_each_signer_once(
    on_postgresql: None,
    imap_user: Any,
    smtp_sink: Any,
    database_url: str,
    tmp_path: Path,
) -> None:
    seed = int(os.environ.get("INTAKE_CRASH_SEED") or random.randrange(2**32))
    print(f"\ntwo-host seed: {seed}")
    rng = random.Random(seed)
    env = {**os.environ, PASSWORD_ENV: imap_user.password}
    sections = {"poll": {"interval_seconds": 5}, "database": {"url": database_url}}
    configs = []
    for host in ("host-a", "host-b"):
        (tmp_path / host).mkdir()
        config = tmp_path / host / "intake.toml"
        config.write_text(toml(campaign_data(imap_user, smtp_sink, **sections)))
        configs.append(config)
    logs = [c.parent / "run.log" for c in configs]
    procs = [_start(c, env, log) for c, log in zip(configs, logs, strict=True)]
    sent_mail = 0
    try:
        for kill in range(KILLS):
            imap_user.multiappend("INBOX", [(signature(sent_mail + n), JUNE) for n in range(WAVE)])
            sent_mail += WAVE
            time.sleep(rng.uniform(0.5, 6.0))
            victim = rng.randrange(2)
            procs[victim].send_signal(signal.SIGKILL)
            procs[victim].wait(30)
            print(f"  kill {kill + 1}: host {'ab'[victim]}, {_counts(database_url)} so far")
            procs[victim] = _start(configs[victim], env, logs[victim])
        deadline = time.monotonic() + DRAIN_TIMEOUT
        while _counts(database_url) != (sent_mail, sent_mail) and time.monotonic() < deadline:
            time.sleep(1)
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    text = "\n".join(f"--- {log}\n{log.read_text(errors='replace')[-3000:]}" for log in logs)
    assert _counts(database_url) == (sent_mail, sent_mail), text

    emails = query(database_url, "SELECT email FROM signers WHERE status = 'active'")
    assert sorted(e for (e,) in emails) == sorted(f"p{n}@example.org" for n in range(sent_mail))

    replies = [m for m in smtp_sink.messages if _header(m.data, "In-Reply-To")]
    by_message: dict[str, set[str]] = {}
    for mail in replies:
        by_message.setdefault(_header(mail.data, "In-Reply-To"), set()).add(
            _header(mail.data, "Message-ID")
        )
    assert set(by_message) == {f"<sig{n}@example.org>" for n in range(sent_mail)}
    assert all(len(ids) == 1 for ids in by_message.values())  # never two different replies
    doubled = sum(c - 1 for c in Counter(_header(m.data, "Message-ID") for m in replies).values())
    print(f"  {KILLS} kills, {len(replies)} replies at the server, {doubled} doubled")
    assert doubled * 20 <= KILLS, f"{doubled} replies doubled in {KILLS} kills"

    digests = query(database_url, "SELECT key FROM digests")
    assert len({k for (k,) in digests}) == len(digests)
    at_sink = [m for m in smtp_sink.messages if not _header(m.data, "In-Reply-To")]
    subjects = Counter(_header(m.data, "Subject") for m in at_sink)
    print(f"  digests recorded: {[k for (k,) in digests]}, mailed: {dict(subjects)}")
    assert len(digests) >= 1  # the deadline has passed: the final digest went out ...
    assert all(n == 1 for n in subjects.values())  # ... and each digest once
