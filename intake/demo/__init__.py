"""``intake demo``: the whole pipeline on loopback with no settings at all.

An embedded IMAP server (pymap) and a recording SMTP server (aiosmtpd) start
on 127.0.0.1; the sample mailbox that ships in this package is delivered with
each message's received time as its INTERNALDATE; one real poll cycle runs
over IMAP and SMTP against a SQLite file in a temporary folder.
"""

from __future__ import annotations

import json
import os
import secrets
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from imapclient import IMAPClient

from intake import config, resources
from intake.config import Settings
from intake.demo.imap_server import EmbeddedImap
from intake.demo.smtp_server import Received, RecordingSmtp
from intake.run.poll import CycleReport, Poller
from intake.setup import starter
from intake.setup.answers import Answers, MailServer
from intake.store import Store

MAILBOX_USER = "letters@freedomofbelief.example"
PASSWORD_ENV = "INTAKE_DEMO_IMAP_PASSWORD"  # noqa: S105 (the variable's name, not a password)


@dataclass(frozen=True)
class DemoMail:
    """One sample message and the outcome its manifest expects."""

    path: Path
    received: datetime
    kind: str
    should_confirm: bool


@dataclass
class DemoRun:
    """What a demo run produced, for printing (the store stays open until the run ends)."""

    settings: Settings
    store: Store
    report: CycleReport
    delivered: list[DemoMail]
    sent: list[Received]
    imap_port: int
    smtp_port: int
    config_path: Path


def sample_mailbox() -> list[DemoMail]:
    """The shipped sample messages, in received order."""
    folder = resources.demo_mailbox()
    entries = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    mails = [
        DemoMail(
            path=folder / entry["file"],
            received=datetime.fromisoformat(entry["received"]),
            kind=entry["kind"],
            should_confirm=bool(entry["should_confirm"]),
        )
        for entry in entries
    ]
    return sorted(mails, key=lambda m: m.received)


def demo_answers(imap_port: int, smtp_port: int) -> Answers:
    """The demo campaign, as ``intake init`` would have written it: loopback servers, plain."""
    return Answers(
        name="open letter on religious prisoners of conscience",
        coordinator=MAILBOX_USER,
        coordinator_name="Maya Lindqvist",
        reply_from_name="Freedom of Belief letter desk",
        letter_url="https://freedomofbelief.example/letter",
        timezone="America/New_York",
        opened=date(2026, 11, 2),
        deadline=datetime(2026, 11, 20, 17, 0),
        imap=MailServer("127.0.0.1", "none", imap_port, MAILBOX_USER, password_env=PASSWORD_ENV),
        smtp=MailServer("127.0.0.1", "none", smtp_port),
    )


def _deliver(port: int, password: str, mails: list[DemoMail]) -> None:
    client = IMAPClient("127.0.0.1", port=port, ssl=False, timeout=30)
    try:
        client.login(MAILBOX_USER, password)
        for mail in mails:
            client.append("INBOX", mail.path.read_bytes(), msg_time=mail.received)
    finally:
        client.logout()


@contextmanager
def run_demo(keep: Path | None = None) -> Iterator[DemoRun]:
    """Start both servers, deliver the sample mailbox, run one poll; yield what happened.

    The campaign (``intake.toml``, ``templates/``, ``intake.sqlite``) is written to
    ``keep`` and left there, or to a temporary folder that is removed afterwards.
    """
    password = secrets.token_urlsafe(16)
    os.environ[PASSWORD_ENV] = password
    mails = sample_mailbox()
    with (
        tempfile.TemporaryDirectory(prefix="intake-demo-") as tmp,
        EmbeddedImap(MAILBOX_USER, password) as imap,
        RecordingSmtp() as smtp,
    ):
        folder = keep or Path(tmp)
        written = starter.write(folder, demo_answers(imap.port, smtp.port))
        settings = config.load(written[0])
        _deliver(imap.port, password, mails)
        store = Store.open(settings.database_url)
        try:
            report = Poller(settings, store).run()
            yield DemoRun(
                settings, store, report, mails, smtp.messages, imap.port, smtp.port, written[0]
            )
        finally:
            store.close()
