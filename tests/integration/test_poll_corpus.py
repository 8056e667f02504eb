"""The whole dev corpus through a real poll: Dovecot in, aiosmtpd out, SQLite on disk."""

from __future__ import annotations

import email
import email.policy
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from support.campaign import PASSWORD_ENV, Case, load_cases, settings_for
from support.database import Databases
from support.servers import Dovecot, ImapUser, SmtpSink

from intake.run.poll import CycleReport, Poller
from intake.store import Store
from intake.store.schema import messages, replies

pytestmark = pytest.mark.integration

AUTOMATIC = {"auto_reply", "bounce", "list", "spam"}
# Cases whose reply differs from should_confirm because extraction misreads them
# (the extraction issue shrinks this list); each with the reason.
KNOWN_MISSES: dict[str, str] = {}


def seed(user: Any, cases: list[Case]) -> dict[int, Case]:
    """APPEND every case with its received time as INTERNALDATE; map UID -> case."""
    return {user.append("INBOX", case.raw, case.received): case for case in cases}


def replies_by_case(store: Store, by_uid: dict[int, Case]) -> dict[str, tuple[str, str]]:
    """case name -> (template, Message-ID) of the reply queued for it."""
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(messages.c.uid, replies.c.template, replies.c.rfc_message_id).join(
                replies, replies.c.message_id == messages.c.id
            )
        ).all()
    return {by_uid[uid].name: (template, msgid) for uid, template, msgid in rows}


@dataclass(frozen=True)
class Polled:
    """The corpus seeded into a user of its own and read by one poll, and what it used."""

    by_uid: dict[int, Case]
    report: CycleReport
    user: ImapUser
    sink: SmtpSink
    store: Store


@pytest.fixture(scope="module")
def polled(
    dovecot: Dovecot,
    databases: Databases,
    corpus_dir: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Polled]:
    """One poll of the whole corpus, shared by the tests that only read what it left
    (a poll of the corpus takes seconds); the test that polls again has its own."""
    folder = tmp_path_factory.mktemp("poll-corpus")
    user = dovecot.add_user(f"u{len(dovecot.users)}-poll-corpus")
    with SmtpSink() as sink, pytest.MonkeyPatch.context() as env:
        env.setenv(PASSWORD_ENV, user.password)
        settings = settings_for(user, sink, folder, database={"url": databases.new(folder)})
        store = Store.open(settings.database_url)
        try:
            by_uid = seed(user, load_cases(corpus_dir))
            yield Polled(by_uid, Poller(settings, store).run(), user, sink, store)
        finally:
            store.close()


def test_every_message_is_recorded_exactly_once(polled: Polled) -> None:
    by_uid, report, store = polled.by_uid, polled.report, polled.store
    with store.engine.connect() as conn:
        uids = [row.uid for row in conn.execute(select(messages.c.uid))]
    assert sorted(uids) == sorted(by_uid)
    assert report.recorded == len(by_uid) and report.errors == 0


def test_no_reply_to_automatic_or_bulk_mail(polled: Polled) -> None:
    by_uid, store = polled.by_uid, polled.store
    answered = replies_by_case(store, by_uid)
    automatic = {c.name for c in by_uid.values() if c.kind in AUTOMATIC}
    assert automatic, "the corpus has automatic mail"
    assert automatic.isdisjoint(answered)
    no_reply_headers = {
        c.name
        for c in by_uid.values()
        if b"\nAuto-Submitted: auto" in c.raw or b"\nReturn-Path: <>" in c.raw
    }
    assert no_reply_headers.isdisjoint(answered)


def test_replies_match_should_confirm_with_closed_for_late(polled: Polled) -> None:
    by_uid, store, smtp_sink = polled.by_uid, polled.store, polled.sink
    answered = replies_by_case(store, by_uid)
    wrong = {}
    for case in by_uid.values():
        expected = case.expected["should_confirm"]
        got = answered.get(case.name)
        if bool(got) != expected:
            wrong[case.name] = f"expected reply={expected}, got {got}"
        elif got and case.expected["late"] and got[0] != "closed":
            wrong[case.name] = f"late but answered with {got[0]}"
    assert {k: v for k, v in wrong.items() if k not in KNOWN_MISSES} == {}
    stale = set(KNOWN_MISSES) - set(wrong)
    assert not stale, f"now right, remove from KNOWN_MISSES: {sorted(stale)}"
    # What the SMTP server received is exactly what was queued, once each.
    received_ids = [
        email.message_from_bytes(m.data, policy=email.policy.default)["Message-ID"]
        for m in smtp_sink.messages
    ]
    assert sorted(received_ids) == sorted(msgid for _, msgid in answered.values())


def test_seen_is_untouched_and_processed_keyword_set(polled: Polled) -> None:
    by_uid = polled.by_uid
    with polled.user.client() as client:
        client.select_folder("INBOX", readonly=True)
        flags = client.get_flags(list(by_uid))
    assert all(b"\\Seen" not in f for f in flags.values())
    assert all(b"$IntakeProcessed" in f for f in flags.values())


def test_a_second_poll_finds_nothing_and_sends_nothing(
    imap_user: Any, smtp_sink: Any, settings: Any, store: Store, corpus_dir: Path
) -> None:
    seed(imap_user, load_cases(corpus_dir))
    Poller(settings, store).run()
    sent_before = len(smtp_sink.messages)
    again = Poller(settings, store).run()
    assert (again.fetched, again.recorded, again.replies_sent) == (0, 0, 0)
    assert len(smtp_sink.messages) == sent_before
