"""A big first run parses in worker processes: same record, and no worker outlives a killed poll."""

from __future__ import annotations

import contextlib
import os
import select
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy
from support.campaign import JUNE, LATE, PASSWORD_ENV, campaign_data, signature, toml

from intake.run.poll import Poller
from intake.store import Store
from intake.store.schema import replies

pytestmark = pytest.mark.integration


def children(pid: int) -> set[int]:
    """Processes whose parent is ``pid`` (from /proc)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(entry.name))
    return found


def exit_watch(pids: set[int]) -> dict[int, int]:
    """A pidfd for each process (fd -> pid): readable once it exits; immune to PID reuse."""
    fds: dict[int, int] = {}
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            fds[os.pidfd_open(pid)] = pid
    return fds


def still_running(fds: dict[int, int], timeout: float) -> list[int]:
    """The watched processes that have not exited within ``timeout`` (it wakes as the last
    one goes: no polling); closes the pidfds."""
    deadline = time.monotonic() + timeout
    try:
        while fds and (left := deadline - time.monotonic()) > 0:
            ready, _, _ = select.select(list(fds), [], [], left)
            for fd in ready:
                os.close(fd)
                del fds[fd]
        return sorted(fds.values())
    finally:
        for fd in fds:
            os.close(fd)


def test_workers_record_exactly_what_one_process_would(
    imap_user: Any, smtp_sink: Any, make_settings: Any, caplog: Any
) -> None:
    imap_user.multiappend("INBOX", [(signature(n), JUNE) for n in range(60)])
    settings = make_settings(poll={"parallel_from": 10, "batch_size": 10})
    store = Store.open(settings.database_url)
    caplog.set_level("INFO")
    report = Poller(settings, store).run()
    assert "parsing in" in caplog.text and "worker" in caplog.text
    assert "died" not in caplog.text
    assert (report.recorded, report.replies_sent) == (60, 60)
    names = sorted(s.name or "" for s in store.signers())
    assert names == sorted(f"Person Number{n}" for n in range(60))
    store.close()


def test_replies_rendered_in_workers_are_the_bytes_one_process_sends(
    imap_user: Any, smtp_sink: Any, make_settings: Any, tmp_path: Path
) -> None:
    """Workers render each reply's body ahead; the replies are the very bytes one process
    renders (a fixed clock, so that the Date fields agree too)."""
    imap_user.multiappend("INBOX", [(signature(n), JUNE) for n in range(30)])
    imap_user.multiappend("INBOX", [(signature(n), LATE) for n in range(30, 35)])

    def clock() -> datetime:
        return datetime(2020, 7, 3, 12, 0, tzinfo=UTC)

    sent = []
    for name, parallel_from in (("workers", 10), ("one-process", 0)):
        settings = make_settings(
            poll={"parallel_from": parallel_from, "batch_size": 10},
            database={"url": f"sqlite:///{tmp_path / name}.sqlite"},
        )
        store = Store.open(settings.database_url)
        assert Poller(settings, store, clock=clock).run().replies_sent == 35
        with store.engine.connect() as conn:
            rows = conn.execute(sqlalchemy.select(replies.c.to_addr, replies.c.body)).all()
        sent.append(sorted((row.to_addr, row.body) for row in rows))
        store.close()
    assert sent[0] == sent[1]


def test_no_worker_outlives_a_killed_poll(imap_user: Any, smtp_sink: Any, tmp_path: Path) -> None:
    imap_user.multiappend("INBOX", [(signature(n), JUNE) for n in range(400)])
    config = tmp_path / "intake.toml"
    config.write_text(
        toml(campaign_data(imap_user, smtp_sink, poll={"parallel_from": 10, "batch_size": 20}))
    )
    env = {**os.environ, PASSWORD_ENV: imap_user.password}
    poll = subprocess.Popen(
        [sys.executable, "-m", "intake", "-c", str(config), "--debug", "poll"],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        env=env,
        text=True,
    )
    assert poll.stderr is not None
    workers: dict[int, int] = {}
    for line in poll.stderr:
        if "phase record" in line:
            workers = exit_watch(children(poll.pid))
            break
    os.kill(poll.pid, signal.SIGKILL)
    poll.wait()
    assert workers, "the poll had worker processes when it was killed"
    left = still_running(workers, timeout=15)  # a worker checks for its parent twice a second
    for pid in left:  # ours: do not leave them behind even when the test fails
        os.kill(pid, signal.SIGKILL)
    assert left == []
