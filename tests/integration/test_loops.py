"""Two intake instances that write to each other exchange at most one message each."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from support.servers import ImapUser, free_port

from intake.config import parse_settings
from intake.run.poll import Poller
from intake.store import Store

pytestmark = pytest.mark.integration


class Delivery:
    """An SMTP server that delivers each message into the recipient's Dovecot INBOX."""

    def __init__(self, mailboxes: dict[str, ImapUser]) -> None:
        self.mailboxes = mailboxes
        self.sent_by: dict[str, int] = {}
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.lock:
            self.sent_by[envelope.mail_from] = self.sent_by.get(envelope.mail_from, 0) + 1
        for rcpt in envelope.rcpt_tos:
            if rcpt in self.mailboxes:
                self.mailboxes[rcpt].append("INBOX", envelope.original_content, datetime.now(UTC))
        return "250 OK"


def instance(
    user: ImapUser, address: str, smtp_port: int, folder: Any, monkeypatch: Any
) -> tuple[Any, Store]:
    env = f"LOOP_PW_{address.split('@')[0].upper().replace('-', '_')}"
    monkeypatch.setenv(env, user.password)
    data = {
        "campaign": {
            "name": f"letter of {address}",
            "coordinator": address,
            "reply_from": address,
            "timezone": "UTC",
            "opened": "2020-01-01",
            "deadline": "2099-01-01T17:00:00",
        },
        "imap": {
            "host": user.host,
            "port": user.port,
            "security": "none",
            "user": user.name,
            "password_env": env,
        },
        "smtp": {"host": "127.0.0.1", "port": smtp_port, "security": "none"},
    }
    folder.mkdir()
    settings = parse_settings(data, folder)
    return settings, Store.open(settings.database_url)


def opener(sender: str, to: str) -> bytes:
    return (
        f"From: Desk <{sender}>\r\nTo: {to}\r\nSubject: Please add our name\r\n"
        f"Message-ID: <{sender.split('@')[0]}-opener@loop.example>\r\n\r\n"
        "Please add my name.\r\n\r\nName: Pat Doe\r\nTitle: Clerk\r\nOrganization: Loop Meeting\r\n"
    ).encode()


@pytest.mark.parametrize("strip_auto_submitted", [False, True])
def test_two_instances_writing_to_each_other_stop_at_once(
    dovecot: Any, tmp_path: Any, monkeypatch: Any, strip_auto_submitted: bool
) -> None:
    a_user, b_user = dovecot.add_user(), dovecot.add_user()
    delivery = Delivery({"desk-a@a-loop.example": a_user, "desk-b@b-loop.example": b_user})
    if strip_auto_submitted:  # a relay that drops Auto-Submitted: X-Loop must still stop it
        original = delivery.handle_DATA

        async def stripping(server: Any, session: Any, envelope: Any) -> str:
            envelope.original_content = envelope.original_content.replace(
                b"Auto-Submitted: auto-replied\r\n", b""
            )
            return await original(server, session, envelope)

        delivery.handle_DATA = stripping  # type: ignore[method-assign]
    port = free_port()
    controller = Controller(delivery, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        a, a_store = instance(a_user, "desk-a@a-loop.example", port, tmp_path / "a", monkeypatch)
        b, b_store = instance(b_user, "desk-b@b-loop.example", port, tmp_path / "b", monkeypatch)
        now = datetime.now(UTC)
        a_user.append("INBOX", opener("desk-b@b-loop.example", "desk-a@a-loop.example"), now)
        b_user.append("INBOX", opener("desk-a@a-loop.example", "desk-b@b-loop.example"), now)
        for _ in range(5):
            Poller(a, a_store).run()
            Poller(b, b_store).run()
        assert delivery.sent_by == {"desk-a@a-loop.example": 1, "desk-b@b-loop.example": 1}
        assert a_store.counts()["messages"] == 2 and b_store.counts()["messages"] == 2
    finally:
        controller.stop()
