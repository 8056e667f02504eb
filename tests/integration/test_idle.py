"""mode = "idle": a cycle as soon as Dovecot announces mail; reconnects; falls back to polling."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from support.campaign import JUNE, PASSWORD_ENV, settings_for, signature
from support.proxy import TcpProxy
from support.servers import Dovecot

from intake.run.poll import Poller
from intake.run.watch import IdleWatch
from intake.store import Store

pytestmark = pytest.mark.integration


@contextmanager
def watching(settings: Any) -> Iterator[list[int]]:
    """Run an IdleWatch in a thread; yield the list of cycle results (records per cycle)."""
    store = Store.open(settings.database_url)
    cycles: list[int] = []

    def cycle() -> None:
        try:
            cycles.append(Poller(settings, store).run().recorded)
        except Exception:
            cycles.append(-1)

    stop = threading.Event()
    thread = threading.Thread(target=IdleWatch(settings, cycle, stop).run, daemon=True)
    thread.start()
    try:
        yield cycles
    finally:
        stop.set()
        thread.join(timeout=30)
        store.close()
    assert not thread.is_alive(), "the watch stops when asked"


def test_new_mail_is_answered_without_waiting_for_an_interval(
    imap_user: Any, smtp_sink: Any, make_settings: Any
) -> None:
    settings = make_settings(poll={"mode": "idle", "interval_seconds": 3600})
    with watching(settings) as cycles:
        imap_user.append("INBOX", signature(1), JUNE)
        assert smtp_sink.wait_for(1, timeout=20)
        imap_user.append("INBOX", signature(2), JUNE)
        assert smtp_sink.wait_for(2, timeout=20)
    assert sum(c for c in cycles if c > 0) == 2


def test_a_cut_connection_is_replaced_and_nothing_is_missed(
    imap_user: Any, smtp_sink: Any, tmp_path: Any, monkeypatch: Any
) -> None:
    monkeypatch.setenv(PASSWORD_ENV, imap_user.password)
    with TcpProxy(imap_user.host, imap_user.port) as proxy:
        settings = settings_for(
            imap_user,
            smtp_sink,
            tmp_path,
            imap={"port": proxy.port},
            poll={"mode": "idle", "interval_seconds": 3600},
        )
        with watching(settings):
            imap_user.append("INBOX", signature(1), JUNE)
            assert smtp_sink.wait_for(1, timeout=20)
            proxy.cut()
            imap_user.append("INBOX", signature(2), JUNE)  # arrives while the link is down
            proxy.restore()
            assert smtp_sink.wait_for(2, timeout=30), "reconnected and caught up"
            imap_user.append("INBOX", signature(3), JUNE)
            assert smtp_sink.wait_for(3, timeout=20)
        assert proxy.connections >= 4  # the first IDLE, the cycles, and the replacement


def test_without_idle_it_polls_on_the_interval(
    smtp_sink: Any, tmp_path: Any, monkeypatch: Any, require_dovecot: None
) -> None:
    with Dovecot(
        tls=False, extra_conf=["imap_capability = IMAP4rev1 LITERAL+ UIDPLUS MOVE"]
    ) as server:
        user = server.add_user()
        monkeypatch.setenv(PASSWORD_ENV, user.password)
        settings = settings_for(
            user, smtp_sink, tmp_path, poll={"mode": "idle", "interval_seconds": 5}
        )
        with watching(settings) as cycles:
            user.append("INBOX", signature(1), JUNE)
            assert smtp_sink.wait_for(1, timeout=30)
            for _ in range(100):  # wait for the next interval cycle
                if len(cycles) >= 2:
                    break
                threading.Event().wait(0.2)
        assert len(cycles) >= 2 and sum(cycles) == 1
