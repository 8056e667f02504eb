"""Replies are sent once: one lock per campaign, leases freed only when their holder is
gone, and a rebuilt mailbox is not answered again. Real Dovecot, aiosmtpd, processes."""

from __future__ import annotations

import email
import email.policy
import os
import queue
import signal
import subprocess
import sys
import threading
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update
from support.campaign import JUNE, PASSWORD_ENV, campaign_data, signature, toml
from support.servers import SmtpSink, free_port

from intake.run.poll import Poller
from intake.store import Store
from intake.store.schema import replies

pytestmark = pytest.mark.integration


def write_config(path: Path, user: Any, smtp_port: int, **sections: Any) -> Path:
    sink = type("Sink", (), {"port": smtp_port})
    path.write_text(toml(campaign_data(user, sink, **sections)))
    return path


def command(config: Path, user: Any, *args: str) -> list[str]:
    return [sys.executable, "-m", "intake", "-c", str(config), *args]


def env_for(user: Any) -> dict[str, str]:
    return {**os.environ, PASSWORD_ENV: user.password}


def message_ids(sink: SmtpSink) -> Counter[str]:
    found: Counter[str] = Counter()
    for received in sink.messages:
        mail = email.message_from_bytes(received.data, policy=email.policy.default)
        found[str(mail["Message-ID"])] += 1
    return found


def test_digest_send_and_a_poll_never_send_one_reply_twice(imap_user: Any, tmp_path: Path) -> None:
    config = write_config(tmp_path / "intake.toml", imap_user, free_port())  # SMTP down
    imap_user.multiappend("INBOX", [(signature(n), JUNE) for n in range(41)])
    run = lambda *a: subprocess.run(  # noqa: E731
        command(config, imap_user, *a), capture_output=True, text=True, env=env_for(imap_user),
        timeout=120, check=False,
    )  # fmt: skip
    run("poll")  # 41 replies wait in the outbox
    with SmtpSink(hold_at=5) as sink:
        write_config(config, imap_user, sink.port)
        digest = subprocess.Popen(
            command(config, imap_user, "digest", "--send"),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env_for(imap_user),
        )  # fmt: skip
        try:
            assert sink.holding.wait(60), "the digest run started sending"
            racing = run("poll")  # while digest --send is mid-way through the outbox
        finally:
            sink.release()
            digest.communicate(timeout=120)
        run("poll")
        assert sink.wait_idle()
        sent = message_ids(sink)
    assert {mid: n for mid, n in sent.items() if n > 1} == {}
    assert sum(sent.values()) == 42  # 41 replies and the digest, each once
    assert racing.returncode == 1 and len(racing.stderr.strip().splitlines()) == 1
    assert "digest" in racing.stderr and str(digest.pid) in racing.stderr


# A process that could hold leases: its store has claimed (nothing), so on PostgreSQL
# it holds its presence lock; then it waits to be killed.
LEASE_HOLDER = (
    "import sys, time; from datetime import UTC, datetime, timedelta\n"
    "from intake.store import Store\n"
    "store = Store.open(sys.argv[1])\n"
    "store.claim_pending(datetime.now(UTC), timedelta(0), only=[])\n"
    "print('present', flush=True); time.sleep(600)\n"
)


def test_a_lease_is_freed_only_when_its_holder_process_is_gone(
    imap_user: Any, smtp_sink: Any, make_settings: Any
) -> None:
    from intake.process import Holder

    down = make_settings(smtp={"port": free_port()})
    store = Store.open(down.database_url)
    imap_user.append("INBOX", signature(1), JUNE)
    Poller(down, store).run()  # the reply waits
    holder = subprocess.Popen([sys.executable, "-c", LEASE_HOLDER, down.database_url],
                              stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "present\n"
        for owner in (Holder.of(holder.pid).token, Holder(Holder.current().host, holder.pid,
                      "0").token):  # fmt: skip
            with store.engine.begin() as conn:
                conn.execute(
                    update(replies).values(
                        lease_owner=owner, lease_until=datetime.now(UTC) + timedelta(minutes=10)
                    )
                )
            Poller(make_settings(), store).run()
            if owner == Holder.of(holder.pid).token:  # alive: its lease stands
                assert smtp_sink.messages == []
        assert smtp_sink.wait_for(1) and len(smtp_sink.messages) == 1  # pid reused: freed
    finally:
        holder.kill()
        holder.wait()
    with store.engine.connect() as conn:
        assert conn.execute(select(replies.c.status)).scalar_one() == "sent"
    store.close()


def test_a_rebuilt_mailbox_with_mbox_headers_is_not_answered_again(
    imap_user: Any, smtp_sink: Any, make_settings: Any
) -> None:
    imap_user.create_folder("Campaign")
    settings = make_settings(folders={"watch": ["Campaign"]})
    store = Store.open(settings.database_url)
    originals = [
        signature(n).replace(b"Title: Pastor", b"From here on I sign.\r\nTitle: Pastor")
        for n in range(3)
    ]
    for raw in originals:
        imap_user.append("Campaign", raw, JUNE)
    assert Poller(settings, store).run().recorded == 3
    imap_user.rebuild_folder("Campaign")  # exported to mbox and imported again
    for n, raw in enumerate(originals):
        head, body = raw.split(b"\r\n\r\n", 1)
        state = f"Status: RO\r\nX-Status: A\r\nX-Keywords: $IntakeProcessed\r\nX-UID: {n + 1}\r\n"
        lines = body.count(b"\r\n")
        state += f"Content-Length: {len(body)}\r\nLines: {lines}\r\n"
        body = body.replace(b"\r\nFrom here", b"\r\n>From here")  # mboxo quoting
        rebuilt = (head + b"\r\n" + state.encode() + b"\r\n" + body).replace(b"\r\n", b"\n")
        imap_user.append("Campaign", rebuilt, JUNE)
    report = Poller(settings, store).run()
    assert (report.fetched, report.duplicates, report.recorded) == (3, 3, 0)
    assert smtp_sink.wait_idle() and len(smtp_sink.messages) == 3
    store.close()


def _lines(proc: subprocess.Popen[str]) -> queue.Queue[str]:
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            lines.put(line)

    threading.Thread(target=pump, daemon=True).start()
    return lines


def test_a_second_intake_run_is_refused_in_one_line(
    imap_user: Any, smtp_sink: Any, tmp_path: Path
) -> None:
    config = write_config(
        tmp_path / "intake.toml", imap_user, smtp_sink.port, poll={"interval_seconds": 3600}
    )
    first = subprocess.Popen(
        command(config, imap_user, "run"), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        text=True, env=env_for(imap_user),
    )  # fmt: skip
    try:
        lines = _lines(first)
        while "poll:" not in lines.get(timeout=60):  # its first cycle is done
            pass
        for args in (["run"], ["poll"], ["digest", "--send"]):
            second = subprocess.run(
                command(config, imap_user, *args), capture_output=True, text=True,
                env=env_for(imap_user), timeout=60, check=False,
            )  # fmt: skip
            assert second.returncode == 1, args
            [line] = second.stderr.strip().splitlines()
            assert "intake run" in line and str(first.pid) in line, line
    finally:
        first.send_signal(signal.SIGTERM)
        first.wait(60)
    assert first.returncode == 0
