"""A store filled with a known day around the deadline, for the digest and review tests.

The last digest went out Wed 1 Jul 2020 08:00 EDT; the next is Thu 2 Jul
08:00 EDT; signing closed Wed 1 Jul 17:00 EDT (21:00 UTC). ``fill`` records
that day the way the poll does; ``settings_for`` is the campaign, no servers.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from intake.config import Settings, parse_settings
from intake.extract import Capacity, Extraction, Kind, Signer
from intake.store import Location, ReplyDraft, Store, identity
from intake.store.digests import DigestRecord
from support.mail import mail, plan_for

PREVIOUS = datetime(2020, 7, 1, 12, 0, tzinfo=UTC)
NOW = datetime(2020, 7, 2, 12, 0, tzinfo=UTC)
BEFORE = datetime(2020, 6, 30, 15, 0, tzinfo=UTC)
DURING = datetime(2020, 7, 1, 18, 0, tzinfo=UTC)
LATE = datetime(2020, 7, 1, 22, 30, tzinfo=UTC)

JANE = Signer("Jane Smith", "Director", "Center for Conscience", Capacity.INDIVIDUAL)
ALLIANCE = Signer(None, None, "The Interfaith Alliance", Capacity.ORGANIZATION)
TOM = Signer("Tom Oldham", "Elder", "First Church", Capacity.INDIVIDUAL)
ANA = Signer("Ana de la Cruz", "Pastor", "Iglesia San Pablo", Capacity.INDIVIDUAL)
MOON = Signer(None, None, "Bright Moon Buddhist Alliance", Capacity.ORGANIZATION)
HAN = Signer("Ji-woo Han", "Executive Director", "Bright Moon Buddhist Alliance", Capacity.BOTH)
UNSURE = Signer("Amina Al-Yacoubi", None, None, Capacity.INDIVIDUAL)
LARRY = Signer("Larry Late", "Imam", "Masjid Late", Capacity.INDIVIDUAL)


def settings_for(
    folder: Path,
    smtp_port: int = 2525,
    deadline: str = "2020-07-01T17:00:00",
    database_url: str = "",
    **digest: object,
) -> Settings:
    """The test campaign (New York time); ``digest`` sets [digest] keys; ``database_url``
    names the database (default: a SQLite file in ``folder``)."""
    data: dict[str, object] = {
        "campaign": {
            "name": "Letter on prisoners of conscience",
            "coordinator": "coordinator@campaign.example",
            "reply_from": "coordinator@campaign.example",
            "reply_from_name": "Sign-on desk",
            "timezone": "America/New_York",
            "deadline": deadline,
        },
        "imap": {"host": "127.0.0.1", "security": "none"},
        "smtp": {"host": "127.0.0.1", "security": "none", "port": smtp_port},
        "digest": {"time": "08:00", **digest},
        "database": {"url": database_url},
    }
    return parse_settings(data, folder)


class Filler:
    """Records messages into a store the way the poller does."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.uid = 0

    def record(
        self,
        kind: Kind,
        *signers: Signer,
        sender: str = "Jane Smith <jane@example.org>",
        at: datetime = DURING,
        late: bool = False,
        confidence: float = 0.95,
        body: str = "Please add my name.\n",
        subject: str = "Sign-on letter",
        reply_to: str | None = None,
    ) -> int:
        self.uid += 1
        headers = {"From": sender, "Message-ID": f"<m{self.uid}@x.example>", "Subject": subject}
        if reply_to:
            headers["Reply-To"] = reply_to
        message = mail(body, headers, received=at)
        plan = plan_for(message, Extraction(kind, signers, confidence), late)
        ident = identity(message.message_id, b"")
        result = self.store.record(
            Location("INBOX", 1, self.uid), message, plan, ident, lambda _: None, at
        )
        assert result.message_row is not None
        return result.message_row


def fill(store: Store) -> None:
    """A known campaign: old signers, then a day of new ones, changes, late mail and trouble."""
    f = Filler(store)
    f.record(Kind.SIGNATURE, JANE, at=BEFORE)
    f.record(Kind.SIGNATURE, ALLIANCE, sender="office@alliance.example", at=BEFORE)
    f.record(Kind.SIGNATURE, TOM, sender="Tom <tom@first.example>", at=BEFORE)
    store.digests.save_digest(
        DigestRecord("daily:2020-07-01", "daily", PREVIOUS, None, PREVIOUS), [], PREVIOUS
    )
    f.record(Kind.SIGNATURE, ANA, sender="Ana <ana@sanpablo.example>")
    f.record(Kind.SIGNATURE, MOON, HAN, sender="Ji-woo Han <jw@brightmoon.example>")
    fixed = Signer("Jane Smith", "Senior Director", "Center for Conscience")
    f.record(Kind.CORRECTION, fixed)
    f.record(Kind.WITHDRAWAL, sender="Tom <tom@first.example>")
    f.record(
        Kind.SIGNATURE, UNSURE, sender="amina@alnoor.example", confidence=0.4, subject="RE: letter"
    )
    f.record(
        Kind.QUESTION,
        sender="Veronia Girgis <v@stmina.example>",
        body="Hello, can non-US residents sign? We would like to.\n",
        subject="Question about signing",
    )
    f.record(Kind.SIGNATURE, LARRY, sender="larry@late.example", at=LATE, late=True)
    _trouble(store)


def _trouble(store: Store) -> None:
    draft = ReplyDraft("confirmation", "gone@nowhere.example", "<r1@x>", "Re: Sign", b"x")
    reply = store.queue_reply(draft, DURING, "reply")
    assert reply is not None
    store.mark_failed(reply, "550 5.1.1 no such user", DURING, final=True)
    store.incident("imap", "connection", "IMAP imap.example.org:993: timed out", DURING)
    store.incident("smtp", "connection", "before the window", BEFORE)
    bad = store.start_poll(DURING)
    store.finish_poll(bad, DURING, False, {}, "IMAP timed out")
    good = store.start_poll(NOW - timedelta(minutes=5))
    store.finish_poll(good, NOW - timedelta(minutes=4), True, {})
