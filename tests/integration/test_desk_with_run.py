"""``intake serve`` and ``intake run`` on one database at the same time, as two processes.

While ``intake run`` (polling a real Dovecot every 5 s, replying through a real
aiosmtpd) records new signers as they arrive, the coordinator keeps editing the
earlier signers on the desk over HTTP, round after round. Afterwards every edit is there once, every
message is recorded once, and every signer got one reply.
"""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from support.campaign import JUNE, PASSWORD_ENV, campaign_data, signature, toml

from intake.store import Store
from intake.store.schema import audit, messages

pytestmark = pytest.mark.integration
DESK_PASSWORD_ENV = "INTAKE_TEST_DESK_PASSWORD"
FIRST, SECOND = range(1, 11), range(11, 31)


def start(config: Path, env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "intake", "-c", str(config), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **env},
    )


def first_line(proc: subprocess.Popen[str], pattern: str, timeout: float = 30) -> str:
    """The first stdout line matching ``pattern`` (the desk prints its link)."""
    lines: queue.Queue[str] = queue.Queue()
    assert proc.stdout is not None
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout], daemon=True).start()
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            line = lines.get(timeout=0.5)
        except queue.Empty:
            assert proc.poll() is None, "the desk exited before it printed its address"
            continue
        if found := re.search(pattern, line):
            return found[0]
    raise AssertionError(f"no line matching {pattern!r}")


def stop(proc: subprocess.Popen[str]) -> str:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
    try:
        _, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        _, err = proc.communicate()
    return err


def wait_until(condition: Any, *procs: subprocess.Popen[str], timeout: float = 90) -> None:
    """Wait for ``condition``; on a timeout, say what the processes wrote."""
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise AssertionError("timed out: " + " | ".join(stop(p)[-2000:] for p in procs))
        time.sleep(0.2)


def recorded(db: Store) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(messages)).scalar_one())


def replies(sink: Any) -> list[str]:
    """Where the replies went (not the coordinator's digest)."""
    return [m.rcpt_tos[0] for m in sink.messages if not m.rcpt_tos[0].startswith("coordinator@")]


def edit_title(client: httpx.Client, signer_id: int, title: str) -> httpx.Response:
    page = client.get(f"/signers/{signer_id}").text
    token = re.search(r'name="csrf" value="([^"]+)"', page)[1]
    shown = dict(re.findall(r'name="(was\.[a-z]+\.\d+)" value="([^"]*)"', page))
    form = {**shown, f"title.{signer_id}": title, "csrf": token, "step": "apply"}
    for field in ("name", "organization", "capacity"):
        form[f"{field}.{signer_id}"] = shown[f"was.{field}.{signer_id}"]
    return client.post(f"/signers/{signer_id}/edit", data=form)


def test_desk_edits_during_polls_are_neither_lost_nor_doubled(
    imap_user: Any, smtp_sink: Any, tmp_path: Path
) -> None:
    config = tmp_path / "intake.toml"
    data = campaign_data(
        imap_user, smtp_sink, poll={"interval_seconds": 5}, desk={"password_env": DESK_PASSWORD_ENV}
    )
    config.write_text(toml(data))
    env = {PASSWORD_ENV: imap_user.password, DESK_PASSWORD_ENV: "a desk password"}
    db = Store.open(f"sqlite:///{tmp_path / 'intake.sqlite'}")
    run = start(config, env, "run")
    desk = start(config, env, "serve", "--port", "0")
    try:
        link = first_line(desk, r"http://127\.0\.0\.1:\d+/login/link\?token=\S+")
        for n in FIRST:
            imap_user.append("INBOX", signature(n), JUNE + timedelta(minutes=n))
        wait_until(lambda: recorded(db) == len(FIRST), run, desk)

        def deliver() -> None:  # one at a time, so polls keep starting while the desk edits
            for n in SECOND:
                imap_user.append("INBOX", signature(n), JUNE + timedelta(minutes=n))
                time.sleep(0.4)

        mail = threading.Thread(target=deliver)
        client = httpx.Client(base_url=link.split("/login")[0], timeout=30)
        assert client.get(link).status_code == 303
        mail.start()
        answers, rounds = [], 0
        while mail.is_alive() or rounds < 3:  # edit all through the polls that record them
            rounds += 1
            answers += [edit_title(client, n, f"Pastor {n}.{rounds}") for n in FIRST]
        mail.join()
        wait_until(lambda: recorded(db) == len(FIRST) + len(SECOND), run, desk)
        wait_until(lambda: len(replies(smtp_sink)) >= len(FIRST) + len(SECOND), run, desk)
        assert smtp_sink.wait_idle()
    finally:
        desk_err, run_err = stop(desk), stop(run)
    assert [a.status_code for a in answers] == [303] * len(FIRST) * rounds, desk_err
    assert "database is locked" not in run_err + desk_err
    titles = {s.id: s.title for s in db.signers()}
    assert len(titles) == len(FIRST) + len(SECOND)
    assert all(titles[n] == f"Pastor {n}.{rounds}" for n in FIRST)  # no edit lost
    assert all(titles[n] == "Pastor" for n in SECOND)
    with db.engine.connect() as conn:
        edits = (
            conn.execute(select(audit.c.signer_id).where(audit.c.action == "edited"))
            .scalars()
            .all()
        )
        identities = conn.execute(select(messages.c.identity)).scalars().all()
    assert sorted(edits) == sorted([*FIRST] * rounds)  # each edit once
    assert len(set(identities)) == len(identities) == len(FIRST) + len(SECOND)
    assert sorted(replies(smtp_sink)) == sorted(
        f"p{n}@example.org" for n in (*FIRST, *SECOND)
    )  # one reply each
    if os.environ.get("INTAKE_SHOW_OVERLAP"):
        with db.engine.connect() as conn:
            rows = conn.execute(select(audit.c.at, audit.c.action).order_by(audit.c.id)).all()
        print("\n".join(f"{at:%H:%M:%S.%f} {action}" for at, action in rows[len(FIRST) :]))
    db.close()
