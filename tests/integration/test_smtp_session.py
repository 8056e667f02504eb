"""A poll sends over one SMTP connection, and opens another only when that one fails."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from support.campaign import JUNE, PASSWORD_ENV, settings_for, signature
from support.mailboxes import AfterBatch
from support.proxy import TcpProxy

from intake.run.poll import CycleReport, Poller
from intake.store import Store

pytestmark = pytest.mark.integration

MESSAGES, BATCH = 60, 10


@pytest.fixture
def proxy(smtp_sink: Any) -> Iterator[TcpProxy]:
    """A loopback path to the sink that counts connections and can drop them."""
    with TcpProxy("127.0.0.1", smtp_sink.port) as path:
        yield path


def poll(user: Any, sink: Any, proxy: TcpProxy, folder: Any, drop_after: int = 0) -> CycleReport:
    """One poll over ``MESSAGES`` sign-ons in batches of ``BATCH``, sending through ``proxy``;
    with ``drop_after``, the open SMTP connection is dropped after that many batches."""
    user.multiappend("INBOX", [(signature(n), JUNE) for n in range(MESSAGES)])
    settings = settings_for(
        user, sink, folder, smtp={"port": proxy.port}, poll={"batch_size": BATCH}
    )

    def drop() -> None:  # as a server's idle timeout does; new connections are taken
        proxy.cut()
        proxy.restore()

    mailbox = lambda: AfterBatch(settings.imap, drop_after, drop)  # noqa: E731
    store = Store.open(settings.database_url)
    try:
        return Poller(settings, store, mailbox=mailbox).run()
    finally:
        assert store.counts()["replies_pending"] == 0
        store.close()


def test_a_poll_of_many_batches_sends_over_one_connection(
    imap_user: Any, smtp_sink: Any, proxy: TcpProxy, tmp_path: Any, monkeypatch: Any
) -> None:
    monkeypatch.setenv(PASSWORD_ENV, imap_user.password)
    report = poll(imap_user, smtp_sink, proxy, tmp_path)
    assert report.replies_sent == MESSAGES and report.send_errors == []
    assert smtp_sink.count == MESSAGES
    assert proxy.connections == 1


def test_a_dropped_connection_is_replaced_and_the_poll_goes_on(
    imap_user: Any, smtp_sink: Any, proxy: TcpProxy, tmp_path: Any, monkeypatch: Any
) -> None:
    monkeypatch.setenv(PASSWORD_ENV, imap_user.password)
    report = poll(imap_user, smtp_sink, proxy, tmp_path, drop_after=2)
    assert report.replies_sent == MESSAGES and report.send_errors == []
    assert smtp_sink.count == MESSAGES
    assert proxy.connections == 2
