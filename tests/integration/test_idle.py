"""mode = "idle": a cycle as soon as Dovecot announces mail; reconnects; falls back to polling."""

from __future__ import annotations

import ssl
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from support.campaign import JUNE, PASSWORD_ENV, settings_for, signature
from support.proxy import TcpProxy
from support.servers import Dovecot

from intake.errors import MailboxError
from intake.mailbox import Mailbox
from intake.run.poll import Poller
from intake.run.watch import IdleWatch
from intake.store import Store

pytestmark = pytest.mark.integration


class Cycles:
    """What each cycle of a watch did: the messages it recorded, or the error it raised."""

    def __init__(self) -> None:
        self.recorded: list[int] = []
        self.errors: list[Exception] = []
        self.changed = threading.Condition()

    def run(self, poller: Poller) -> None:
        """One cycle; an error is kept (and asserted on) rather than ending the watch."""
        try:
            recorded = poller.run().recorded
        except Exception as exc:
            with self.changed:
                self.errors.append(exc)
                self.changed.notify_all()
            return
        with self.changed:
            self.recorded.append(recorded)
            self.changed.notify_all()

    def wait_for(self, count: int, timeout: float = 60) -> bool:
        """Block until ``count`` cycles have finished (well or not); False on timeout."""
        with self.changed:
            done = lambda: len(self.recorded) + len(self.errors) >= count  # noqa: E731
            return self.changed.wait_for(done, timeout)


@contextmanager
def watching(settings: Any) -> Iterator[tuple[Cycles, Store]]:
    """Run an IdleWatch in a thread, one Poller for all its cycles (as ``intake run`` does)."""
    store = Store.open(settings.database_url)
    cycles, poller = Cycles(), Poller(settings, store)
    stop = threading.Event()
    watch = IdleWatch(settings, lambda: cycles.run(poller), stop)
    thread = threading.Thread(target=watch.run, daemon=True)
    thread.start()
    try:
        yield cycles, store
    finally:
        stop.set()
        thread.join(timeout=30)
        store.close()
    assert not thread.is_alive(), "the watch stops when asked"


def test_new_mail_is_answered_without_waiting_for_an_interval(
    imap_user: Any, smtp_sink: Any, make_settings: Any
) -> None:
    settings = make_settings(poll={"mode": "idle", "interval_seconds": 3600})
    with watching(settings) as (cycles, _):
        assert cycles.wait_for(1), "the first cycle runs at once (on an empty inbox)"
        imap_user.append("INBOX", signature(1), JUNE)
        assert smtp_sink.wait_for(1, timeout=20)
        imap_user.append("INBOX", signature(2), JUNE)
        assert smtp_sink.wait_for(2, timeout=20)
    assert cycles.errors == []
    assert sum(cycles.recorded) == 2


@pytest.mark.parametrize("security", ["none", "tls"])
def test_mail_announced_as_idle_starts_is_seen(
    imap_user: Any, make_settings: Any, security: str
) -> None:
    # Dovecot tells of mail that came since the last command right after "+ idling", in
    # the same packet: the announcement waits in imaplib's buffer, not on the socket.
    imap = {"security": "none"}
    if security == "tls":
        port, cafile = imap_user.imaps_port, str(imap_user.cafile)
        imap = {"security": "tls", "port": port, "host": "localhost", "ca_file": cafile}
    settings = make_settings(poll={"mode": "idle"}, imap=imap)
    with Mailbox(settings.imap) as box:
        assert isinstance(box.client.socket(), ssl.SSLSocket) == (security == "tls")
        box.select("INBOX")
        imap_user.append("INBOX", signature(1), JUNE)  # another connection, before IDLE
        assert box.idle(time.monotonic() + 30, lambda: False), "announced, not left unread"
        assert not box.idle(time.monotonic() + 1, lambda: False)  # nothing new since


def test_a_renewal_noop_tells_of_mail_that_came_meanwhile(
    imap_user: Any, make_settings: Any
) -> None:
    settings = make_settings(poll={"mode": "idle"})
    with Mailbox(settings.imap) as box:
        box.select("INBOX")
        assert box.noop() is False
        imap_user.append("INBOX", signature(1), JUNE)
        assert box.noop() is True
        assert box.noop() is False  # told once


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
        with watching(settings) as (cycles, store):
            assert cycles.wait_for(1), "the first cycle runs at once (on an empty inbox)"
            imap_user.append("INBOX", signature(1), JUNE)
            assert smtp_sink.wait_for(1, timeout=20)
            proxy.cut()
            imap_user.append("INBOX", signature(2), JUNE)  # arrives while the link is down
            proxy.restore()
            assert smtp_sink.wait_for(2, timeout=30), "reconnected and caught up"
            imap_user.append("INBOX", signature(3), JUNE)
            assert smtp_sink.wait_for(3, timeout=20)
            assert len(store.signers()) == 3 and len(smtp_sink.messages) == 3
        assert proxy.connections >= 4  # the first IDLE, the cycles, and the replacement
    assert all(isinstance(e, MailboxError) for e in cycles.errors), cycles.errors  # the cut


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
        with watching(settings) as (cycles, _):
            user.append("INBOX", signature(1), JUNE)
            assert smtp_sink.wait_for(1, timeout=30)
            assert cycles.wait_for(2), "the next cycle came on the interval"
    assert cycles.errors == []
    assert sum(cycles.recorded) == 1
