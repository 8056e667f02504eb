"""Outages: IMAP cut mid-fetch, refused or slow; SMTP down for cycles; login alerts once."""

from __future__ import annotations

import email
import email.policy
from typing import Any

import pytest
from sqlalchemy import select
from support.campaign import JUNE, PASSWORD_ENV, alerts_at, settings_for, signature
from support.mailboxes import AfterBatch
from support.proxy import TcpProxy
from support.servers import SmtpSink

from intake.errors import MailboxAuthError, MailboxError
from intake.run.poll import Poller
from intake.store import Store
from intake.store.schema import incidents, messages

pytestmark = pytest.mark.integration


def seed(user: Any, count: int) -> None:
    user.multiappend("INBOX", [(signature(n), JUNE) for n in range(count)])


def test_imap_cut_mid_fetch_loses_nothing_and_resumes(
    imap_user: Any, smtp_sink: Any, tmp_path: Any, monkeypatch: Any
) -> None:
    monkeypatch.setenv(PASSWORD_ENV, imap_user.password)
    seed(imap_user, 60)
    with TcpProxy(imap_user.host, imap_user.port) as proxy:
        settings = settings_for(
            imap_user, smtp_sink, tmp_path, imap={"port": proxy.port}, poll={"batch_size": 10}
        )
        store = Store.open(settings.database_url)
        with pytest.raises(MailboxError) as failed:
            Poller(settings, store, mailbox=lambda: AfterBatch(settings.imap, 2, proxy.cut)).run()
        assert str(failed.value).startswith(f"IMAP 127.0.0.1:{proxy.port}: fetch")
        assert store.checkpoint("INBOX").last_uid == 20
        with imap_user.client() as client:
            client.select_folder("INBOX", readonly=True)
            marked = [
                uid
                for uid, f in client.get_flags(client.search("ALL")).items()
                if b"$IntakeProcessed" in f
            ]
        with store.engine.connect() as conn:
            recorded = sorted(r.uid for r in conn.execute(select(messages.c.uid)))
        assert set(marked) <= set(recorded) and recorded == list(range(1, 21))
        assert store.last_poll().ok is False
        proxy.restore()
        report = Poller(settings, store).run()
        assert (report.recorded, report.duplicates) == (40, 0)
        assert smtp_sink.wait_for(60) and len(smtp_sink.messages) == 60
        store.close()


def test_refused_login_alerts_once_and_once_on_recovery(
    imap_user: Any, smtp_sink: Any, tmp_path: Any, monkeypatch: Any
) -> None:
    settings = settings_for(imap_user, smtp_sink, tmp_path)
    store = Store.open(settings.database_url)
    monkeypatch.setenv(PASSWORD_ENV, "expired-password")
    for _ in range(3):
        with pytest.raises(MailboxAuthError, match="login refused"):
            Poller(settings, store).run()
    assert alerts_at(smtp_sink) == ["intake cannot log in to the mailbox (IMAP)"]
    monkeypatch.setenv(PASSWORD_ENV, imap_user.password)
    Poller(settings, store).run()
    Poller(settings, store).run()
    assert alerts_at(smtp_sink) == [
        "intake cannot log in to the mailbox (IMAP)",
        "intake can log in to the mailbox (IMAP) again",
    ]
    assert all(m.rcpt_tos == ("coordinator@irf-roundtable.example",) for m in smtp_sink.messages)
    store.close()


def test_a_hung_server_times_out_and_is_not_hammered(
    imap_user: Any, smtp_sink: Any, tmp_path: Any, monkeypatch: Any
) -> None:
    monkeypatch.setenv(PASSWORD_ENV, imap_user.password)
    with TcpProxy(imap_user.host, imap_user.port) as proxy:
        proxy.delay = 3.0
        settings = settings_for(
            imap_user, smtp_sink, tmp_path, imap={"port": proxy.port, "timeout": 1}
        )
        store = Store.open(settings.database_url)
        with pytest.raises(MailboxError, match="timed out"):
            Poller(settings, store).run()
        assert proxy.connections == 3  # three attempts with backoff, then the cycle gives up
        with store.engine.connect() as conn:
            logged = conn.execute(select(incidents.c.source, incidents.c.detail)).all()
        assert logged and logged[0].source == "imap" and "timed out" in logged[0].detail
        store.close()


def test_smtp_down_for_cycles_then_everything_goes_once(
    imap_user: Any, smtp_sink: Any, tmp_path: Any, monkeypatch: Any
) -> None:
    monkeypatch.setenv(PASSWORD_ENV, imap_user.password)
    with TcpProxy("127.0.0.1", smtp_sink.port) as proxy:
        settings = settings_for(imap_user, smtp_sink, tmp_path, smtp={"port": proxy.port})
        store = Store.open(settings.database_url)
        proxy.cut()
        for cycle in range(3):
            imap_user.append("INBOX", signature(cycle), JUNE)
            report = Poller(settings, store).run()
            assert report.recorded == 1 and report.send_errors
        assert smtp_sink.messages == [] and store.counts()["replies_pending"] == 3
        with store.engine.connect() as conn:
            assert (
                len(conn.execute(select(incidents).where(incidents.c.source == "smtp")).all()) == 3
            )
        proxy.restore()
        report = Poller(settings, store).run()
        assert report.replies_sent == 3 and report.send_errors == []
        Poller(settings, store).run()
        ids = [email.message_from_bytes(m.data)["Message-ID"] for m in smtp_sink.messages]
        assert len(ids) == 3 == len(set(ids))
        store.close()


def test_smtp_login_failure_is_reported_once_when_it_works_again(
    imap_user: Any, tmp_path: Any, monkeypatch: Any
) -> None:
    monkeypatch.setenv(PASSWORD_ENV, imap_user.password)
    with SmtpSink(tls=True, auth=("mailer", "right")) as sink:
        smtp = {
            "security": "starttls",
            "user": "mailer",
            "password_env": "TEST_SMTP_PW",
            "ca_file": str(sink.cafile),
        }
        settings = settings_for(imap_user, sink, tmp_path, smtp=smtp)
        store = Store.open(settings.database_url)
        monkeypatch.setenv("TEST_SMTP_PW", "wrong")
        for n in range(2):
            imap_user.append("INBOX", signature(n), JUNE)
            assert "login refused" in Poller(settings, store).run().send_errors[0]
        monkeypatch.setenv("TEST_SMTP_PW", "right")
        report = Poller(settings, store).run()
        assert report.replies_sent == 2
        assert alerts_at(sink) == [
            "intake can log in to the mail server that sends replies (SMTP) again"
        ]
        assert all(m.login == "mailer" for m in sink.messages)
        store.close()
