"""Two hosts on one PostgreSQL database: two ``intake run --standby`` under SIGKILL.

Two campaign folders (as two hosts would have) name one IMAP mailbox, one SMTP server
and one PostgreSQL database. Both run ``intake run --standby``: one holds the campaign's
advisory lock and works, the other waits. Mail arrives in waves while a random one of
the two is SIGKILLed and started again, ``KILLS`` times; then both run until the work is
done. Every signer must be recorded once and answered once: a reply may reach the server
twice only as the very same mail, and only as rarely as the documented send window
allows (one kill in twenty).

The coordinator's clock (``$INTAKE_TEST_CLOCK_FILE``, a file the test writes) moves one
day on with each wave, so a daily digest comes due in every round of kills, and past
the deadline at the end: each day's digest and the final list reach the server exactly
once, none doubled, none skipped. A second test kills ``intake run`` while it is
recording a due digest (held there by a table lock the test takes): the digest is still
due when intake starts again, and goes out once.
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
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import SQLAlchemyError
from support.campaign import COORDINATOR, JUNE, PASSWORD_ENV, campaign_data, signature, toml
from support.database import query

from intake.outbox.reply import reply_message_id
from intake.run.scheduler import CLOCK_FILE_ENV

pytestmark = [pytest.mark.slow, pytest.mark.integration]

KILLS = 12
WAVE = 4  # messages that arrive before each kill
DRAIN_TIMEOUT = 120.0
WAIT = 90.0  # the most any one step may take before the test gives up on it
NY = ZoneInfo("America/New_York")
FIRST_MORNING = datetime(2020, 6, 19, 9, 0, tzinfo=NY)  # digests at 08:00; deadline 1 July 17:00
AFTER_DEADLINE = datetime(2020, 7, 1, 18, 0, tzinfo=NY)


def _set_clock(path: Path, moment: datetime) -> None:
    """The coordinator's time for both hosts (written whole: a reader never sees half)."""
    part = path.with_suffix(".new")
    part.write_text(moment.isoformat())
    os.replace(part, path)


def _until(done: Callable[[], bool], timeout: float = WAIT) -> bool:
    """Wait for ``done`` (checked every tenth of a second) up to ``timeout``; its last answer."""
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def _rows(url: str, sql: str) -> list[tuple[Any, ...]]:
    """The rows of ``sql``, or none before either host has made the tables."""
    try:
        return query(url, sql)
    except SQLAlchemyError:
        return []


def _digest_keys(url: str) -> list[str]:
    return [k for (k,) in _rows(url, "SELECT key FROM digests ORDER BY id")]


def _schedule_began(url: str) -> bool:
    return bool(_rows(url, "SELECT value FROM meta WHERE key = 'digest_schedule_since'"))


def _tails(logs: list[Path]) -> str:
    return "\n".join(f"--- {log}\n{log.read_text(errors='replace')[-3000:]}" for log in logs)


def _digest_id(key: str) -> str:
    return reply_message_id(f"digest:{key}:{COORDINATOR}", "digest", COORDINATOR.split("@")[1])


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
    clock = tmp_path / "clock"
    _set_clock(clock, FIRST_MORNING)
    env = {**os.environ, PASSWORD_ENV: imap_user.password, CLOCK_FILE_ENV: str(clock)}
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
    days: list[str] = []
    try:
        assert _until(lambda: _schedule_began(database_url)), "neither host began the schedule"
        for kill in range(KILLS):
            morning = FIRST_MORNING + timedelta(days=kill + 1)  # 09:00: that day's 08:00 is due
            _set_clock(clock, morning)
            days.append(f"daily:{morning.date().isoformat()}")
            imap_user.multiappend("INBOX", [(signature(sent_mail + n), JUNE) for n in range(WAVE)])
            sent_mail += WAVE
            time.sleep(rng.uniform(0.5, 6.0))
            victim = rng.randrange(2)
            procs[victim].send_signal(signal.SIGKILL)
            procs[victim].wait(30)
            print(f"  kill {kill + 1}: host {'ab'[victim]}, {_counts(database_url)} so far, "
                  f"digests {len(_digest_keys(database_url))}")  # fmt: skip
            procs[victim] = _start(configs[victim], env, logs[victim])
            # The day's digest goes out before the clock moves on (else, by design, the
            # next day's would cover both): a day never sent is a skipped digest.
            done = _until(lambda key=days[-1]: key in _digest_keys(database_url))
            assert done, f"{days[-1]} never sent: {_tails(logs)}"
        _set_clock(clock, AFTER_DEADLINE)
        days.append("final")
        deadline = time.monotonic() + DRAIN_TIMEOUT
        while (
            _counts(database_url) != (sent_mail, sent_mail)
            or "final" not in _digest_keys(database_url)
        ) and time.monotonic() < deadline:
            time.sleep(1)
        smtp_sink.wait_for(sent_mail + len(days), timeout=30)
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    assert _counts(database_url) == (sent_mail, sent_mail), _tails(logs)

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

    assert _digest_keys(database_url) == days  # one record a day, in order, and the final
    digest_mail = [m for m in smtp_sink.messages if not _header(m.data, "In-Reply-To")]
    at_sink = Counter(_header(m.data, "Message-ID") for m in digest_mail)
    per_period = {key: at_sink[_digest_id(key)] for key in days}
    print(f"  {len(days)} periods, digests at the server per period: {per_period}")
    assert set(at_sink) == {_digest_id(key) for key in days}  # no other digest went out
    assert all(n == 1 for n in per_period.values())  # each day's, and the final, once


def test_a_kill_while_a_due_digest_is_being_recorded_leaves_it_due(
    on_postgresql: None, imap_user: Any, smtp_sink: Any, database_url: str, tmp_path: Path
) -> None:
    clock = tmp_path / "clock"
    _set_clock(clock, FIRST_MORNING)
    env = {**os.environ, PASSWORD_ENV: imap_user.password, CLOCK_FILE_ENV: str(clock)}
    config = tmp_path / "intake.toml"
    sections = {"poll": {"interval_seconds": 5}, "database": {"url": database_url}}
    config.write_text(toml(campaign_data(imap_user, smtp_sink, **sections)))
    log = tmp_path / "run.log"
    proc = _start(config, env, log)
    engine = create_engine(database_url)
    try:
        assert _until(lambda: _schedule_began(database_url)), _tails([log])
        with engine.connect() as held:
            # The digests table locked: the due digest's INSERT waits, mid-transaction.
            held.execute(text("LOCK TABLE digests IN EXCLUSIVE MODE"))
            morning = FIRST_MORNING + timedelta(days=1)
            _set_clock(clock, morning)
            waiting = (
                "SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = 'digests'::regclass"
            )
            assert _until(lambda: query(database_url, waiting) == [(1,)]), _tails([log])
            proc.send_signal(signal.SIGKILL)  # due, being recorded, not recorded
            proc.wait(30)
            held.rollback()
        assert _digest_keys(database_url) == []
        proc = _start(config, env, log)  # the same day: nothing moved on
        key = f"daily:{morning.date().isoformat()}"
        assert _until(lambda: _digest_keys(database_url) == [key]), _tails([log])
        assert smtp_sink.wait_for(1, timeout=WAIT)
    finally:
        engine.dispose()
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    assert [_header(m.data, "Message-ID") for m in smtp_sink.messages] == [_digest_id(key)]
    assert _digest_keys(database_url) == [key]
