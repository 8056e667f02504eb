"""The desk on a real uvicorn server in a thread, and a campaign seeded with review items.

No pytest here. ``RunningDesk`` serves ``intake.desk`` exactly as ``intake serve``
does (same ``prepare``: bound socket, uvicorn, the printed sign-in link) on a
free loopback port. ``seed`` records messages the way the poll does (``assess``
with the campaign's policy, the reply rendered by the poll's builder, the
original bytes kept), each with the reading a test chooses, so that the review
queue holds one item of every kind whatever the extractor reads today.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Self
from zoneinfo import ZoneInfo

from intake.assess import Facts, Policy, assess
from intake.config import Settings, parse_settings
from intake.desk.server import Listen, prepare
from intake.extract import Capacity, Extraction, Kind, Signer
from intake.message import parse
from intake.outbox import ReplyBuilder, SmtpSession, send_pending
from intake.render import Templates
from intake.store import Location, Store, identity

PASSWORD = "correct horse battery staple"
PASSWORD_ENV = "INTAKE_TEST_DESK_PASSWORD"
NEW_YORK = ZoneInfo("America/New_York")
DAY = datetime(2020, 6, 20, 9, 0, tzinfo=NEW_YORK)
COORDINATOR = "coordinator@irf-roundtable.example"


def desk_settings(folder: Any, smtp_port: int, **sections: dict[str, Any]) -> Settings:
    """The sample campaign with the desk's password from ``PASSWORD_ENV``; no IMAP needed."""
    data: dict[str, Any] = {
        "campaign": {
            "name": "open letter on religious prisoners of conscience in Iran",
            "coordinator": COORDINATOR, "coordinator_name": "Eleanor Whitfield",
            "reply_from": COORDINATOR, "reply_from_name": "IRF Roundtable sign-on desk",
            "timezone": "America/New_York", "opened": "2020-06-01",
            "deadline": "2020-07-01T17:00:00",
        },
        "imap": {"host": "127.0.0.1", "port": 1, "security": "none"},
        "smtp": {"host": "127.0.0.1", "port": smtp_port, "security": "none"},
        "desk": {"password_env": PASSWORD_ENV},
    }  # fmt: skip
    for name, values in sections.items():
        data[name] = {**data.get(name, {}), **values}
    return parse_settings(data, folder)


class RunningDesk:
    """``with RunningDesk(settings, store) as desk: desk.url, desk.link``."""

    def __init__(self, settings: Settings, store: Store) -> None:
        self.server, self.sock, self.link = prepare(settings, store, Listen("127.0.0.1", 0))
        self.url = self.link.split("/login/")[0]
        self.app = self.server.config.app
        self._thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True
        )

    def __enter__(self) -> Self:
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the desk did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self._thread.join(timeout=10)
        self.sock.close()


@dataclass(frozen=True)
class Mail:
    """A message to record, with the reading the test chooses for it."""

    sender: str
    subject: str
    body: str
    kind: Kind
    signers: tuple[Signer, ...] = ()
    confidence: float = 0.95
    extra_headers: str = ""


def raw(mail: Mail, n: int) -> bytes:
    """The message as a mail client would send it (Message-ID ``<seedN@example.org>``)."""
    return (
        f"From: {mail.sender}\r\nTo: {COORDINATOR}\r\nSubject: {mail.subject}\r\n"
        f"Message-ID: <seed{n}@example.org>\r\nDate: Sat, 20 Jun 2020 09:00:00 -0400\r\n"
        f"{mail.extra_headers}MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        f"{mail.body}"
    ).encode()


def seed(settings: Settings, store: Store, mails: list[Mail], send: bool = True) -> list[int]:
    """Record ``mails`` as the poll would (one minute apart); send what was queued.

    Returns each message's row id.
    """
    policy = Policy.of(settings)
    builder = ReplyBuilder(settings.campaign, Templates(settings.templates_dir))
    rows = []
    for n, mail in enumerate(mails, start=1):
        data = raw(mail, n)
        at = DAY + timedelta(minutes=n)
        message = parse(data, at)
        plan = assess(
            message, Facts(policy, now=at), Extraction(mail.kind, mail.signers, mail.confidence)
        )
        ident = identity(message.message_id, data)

        def render(
            records: Any, m: Any = message, p: Any = plan, i: str = ident, t: Any = at
        ) -> Any:
            return builder.draft(m, i, p.reply.value, records, t)

        result = store.record(Location("INBOX", 1, n), message, plan, ident, render, at, data)
        assert result.message_row is not None
        rows.append(result.message_row)
    if send:
        with SmtpSession(settings.smtp) as smtp:
            send_pending(
                store, smtp, settings.campaign.reply_from, lambda: DAY + timedelta(hours=1)
            )
    return rows


JANE = Signer("Jane Smith", "Director", "Center for Conscience", Capacity.INDIVIDUAL)
PAIR = Signer(
    "Naomi Sokolov and Farhad Mehrabani", "Clergy", "Fairhaven Council", Capacity.INDIVIDUAL
)
LYDIA = Signer("Lydia Ellsworth", "Presiding Clerk", "Green Hollow Friends", Capacity.INDIVIDUAL)
AMINA = Signer("Amina Yacoubi", None, None, Capacity.INDIVIDUAL)
NEWSLETTER = Signer("Weekly Digest", None, None, Capacity.INDIVIDUAL)

LYDIA_TEXT = (
    "I would like to add my name:\r\n"
    "Lydia Ellsworth, Presiding Clerk, Green Hollow Friends Meeting\r\n\r\n"
    "On Mon, 15 Jun 2020 at 10:00, Eleanor Whitfield wrote:\r\n"
    "> Dear friends, the letter on prisoners of conscience is open for signatures.\r\n"
    "> Please reply to sign.\r\n"
)
QUEUE = [
    # not in review (sure): the earlier record of Amina, whom review #4 duplicates
    Mail(
        "Amina Yacoubi <amina@alnoor.example>", "Signing",
        "Please add me.\r\n\r\nAmina Yacoubi, Director, Al-Noor Institute\r\n",
        Kind.SIGNATURE, (Signer("Amina Yacoubi", "Director", "Al-Noor Institute"),), 0.97,
    ),
    # review #1: an unsure reading that was right: accept
    Mail(
        "Jane Smith <jane@conscience.example>", "Sign-on letter",
        "Please add my name.\r\n\r\nJane Smith\r\nDirector, Center for Conscience\r\n",
        Kind.SIGNATURE, (JANE,), 0.55,
    ),
    # review #2: a field read short: edit it
    Mail(
        "Lydia Ellsworth <lydia@greenhollow.example>", "Adding my name", LYDIA_TEXT,
        Kind.SIGNATURE, (LYDIA,), 0.5,
    ),
    # review #3: two people read as one: split
    Mail(
        "Naomi Sokolov <naomi@fairhaven.example>", "We both sign",
        "Please add Naomi Sokolov and Farhad Mehrabani, clergy of the Fairhaven Council.\r\n",
        Kind.SIGNATURE, (PAIR,), 0.4,
    ),
    # review #4: Amina again, from home: merge into the first record
    Mail(
        "Amina <amina.y@home.example>", "RE: letter", "Add me please, Amina Yacoubi\r\n",
        Kind.SIGNATURE, (AMINA,), 0.45,
    ),
    # review #5: a newsletter read as a signature: not a signature
    Mail(
        "Weekly Digest <news@digest.example>", "This week in faith news",
        "Our weekly roundup of stories.\r\n", Kind.SIGNATURE, (NEWSLETTER,), 0.3,
    ),
    # review #6: a question to answer
    Mail(
        "Veronia Girgis <v.girgis@stmina.example>", "Question about signing",
        "Hello, can non-US residents sign? We would like to.\r\n", Kind.QUESTION, (), 0.9,
    ),
]  # fmt: skip
