"""The whole dev corpus through a real poll: Dovecot in, aiosmtpd out, SQLite on disk."""

from __future__ import annotations

import email
import email.policy
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from support.campaign import Case, load_cases

from intake.run.poll import Poller
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


@pytest.fixture
def polled(imap_user: Any, smtp_sink: Any, settings: Any, store: Store, corpus_dir: Path):
    by_uid = seed(imap_user, load_cases(corpus_dir))
    report = Poller(settings, store).run()
    return by_uid, report


def test_every_message_is_recorded_exactly_once(polled, store: Store) -> None:
    by_uid, report = polled
    with store.engine.connect() as conn:
        uids = [row.uid for row in conn.execute(select(messages.c.uid))]
    assert sorted(uids) == sorted(by_uid)
    assert report.recorded == len(by_uid) and report.errors == 0


def test_no_reply_to_automatic_or_bulk_mail(polled, store: Store) -> None:
    by_uid, _ = polled
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


def test_replies_match_should_confirm_with_closed_for_late(
    polled, store: Store, smtp_sink: Any
) -> None:
    by_uid, _ = polled
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


def test_seen_is_untouched_and_processed_keyword_set(polled, imap_user: Any) -> None:
    by_uid, _ = polled
    with imap_user.client() as client:
        client.select_folder("INBOX", readonly=True)
        flags = client.get_flags(list(by_uid))
    assert all(b"\\Seen" not in f for f in flags.values())
    assert all(b"$IntakeProcessed" in f for f in flags.values())


def test_a_second_poll_finds_nothing_and_sends_nothing(
    polled, settings: Any, store: Store, smtp_sink: Any
) -> None:
    sent_before = len(smtp_sink.messages)
    again = Poller(settings, store).run()
    assert (again.fetched, again.recorded, again.replies_sent) == (0, 0, 0)
    assert len(smtp_sink.messages) == sent_before
