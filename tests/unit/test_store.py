"""The store on a real SQLite file: once-only recording, signer changes, the outbox."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from support.mail import mail, plan_for

from intake.errors import TemplateError
from intake.extract import Capacity, Extraction, Kind, Signer
from intake.store import Checkpoint, Location, ReplyDraft, Store, identity
from intake.store.schema import audit, messages, replies

NOW = datetime(2020, 6, 20, 12, 0, tzinfo=UTC)
JANE = Signer("Jane Smith", "Director", "Center for Conscience", Capacity.INDIVIDUAL)


@pytest.fixture
def store(database_url: str) -> Store:
    db = Store.open(database_url)
    yield db
    db.close()


def plan_of(kind: Kind, *signers: Signer, late: bool = False):
    return plan_for(mail(), Extraction(kind, signers, 0.9), late)


def draft(msgid: str):
    def render(records):
        return ReplyDraft("confirmation", "jane@example.org", msgid, "Re: x", b"bytes")

    return render


def record(
    store: Store, uid: int, kind: Kind, *signers: Signer, headers=None, late=False, render=None
):
    message = mail(headers=headers or {"Message-ID": f"<m{uid}@example.org>"})
    ident = identity(message.message_id, b"")
    location = Location("INBOX", 7, uid)
    return store.record(
        location,
        message,
        plan_of(kind, *signers, late=late),
        ident,
        render or draft(f"<intake.{uid}@c.example>"),
        NOW,
    )


def count(store: Store, table) -> int:
    with store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def test_signature_records_message_signer_reply_and_checkpoint(store: Store) -> None:
    result = record(store, 5, Kind.SIGNATURE, JANE)
    assert result.reply_id is not None and not result.duplicate
    assert [s.name for s in store.signers()] == ["Jane Smith"]
    assert store.checkpoint("INBOX").last_uid == 5
    assert count(store, replies) == 1


def test_the_same_message_is_recorded_once(store: Store) -> None:
    record(store, 5, Kind.SIGNATURE, JANE)
    again = record(store, 5, Kind.SIGNATURE, JANE)
    assert again.duplicate
    assert count(store, messages) == 1 and count(store, replies) == 1
    message = mail(headers={"Message-ID": "<m5@example.org>"})
    ident = identity(message.message_id, b"")
    assert store.known(Location("INBOX", 99, 1), ident)  # after a UIDVALIDITY change


def test_signing_twice_updates_the_record(store: Store) -> None:
    record(store, 1, Kind.SIGNATURE, JANE)
    record(
        store,
        2,
        Kind.SIGNATURE,
        Signer("Jane Smith", "Executive Director", "Center for Conscience"),
    )
    (only,) = store.signers()
    assert only.title == "Executive Director"
    assert count(store, audit) == 2


def test_correction_follows_the_confirmation_it_answers(store: Store) -> None:
    record(store, 1, Kind.SIGNATURE, JANE)
    fixed = Signer("Jane Smith", "Senior Director", "Center for Conscience")
    record(
        store,
        2,
        Kind.CORRECTION,
        fixed,
        headers={
            "Message-ID": "<m2@x.org>",
            "From": "Other <other@example.net>",
            "In-Reply-To": "<intake.1@c.example>",
        },
    )
    (only,) = store.signers()
    assert only.title == "Senior Director"


def test_withdrawal_by_the_same_sender(store: Store) -> None:
    record(store, 1, Kind.SIGNATURE, JANE)
    record(store, 2, Kind.WITHDRAWAL)
    assert store.signers() == []
    assert [s.status for s in store.signers(include_inactive=True)] == ["withdrawn"]


def test_withdrawal_from_a_stranger_changes_nothing_and_is_reviewed(store: Store) -> None:
    record(store, 1, Kind.SIGNATURE, JANE)
    result = record(
        store,
        2,
        Kind.WITHDRAWAL,
        JANE,
        headers={"Message-ID": "<m2@x.org>", "From": "mallory@evil.example"},
    )
    assert result.review
    assert [s.name for s in store.signers()] == ["Jane Smith"]


def test_late_signer_is_kept_off_the_list(store: Store) -> None:
    record(store, 1, Kind.SIGNATURE, JANE, late=True)
    assert store.signers() == []
    assert store.signers(include_inactive=True)[0].late


def test_a_broken_template_keeps_the_message_for_review(store: Store) -> None:
    def broken(records):
        raise TemplateError("template confirmation.txt.j2: boom")

    result = record(store, 1, Kind.SIGNATURE, JANE, render=broken)
    assert result.review and result.reply_id is None
    assert "boom" in store.review_items()[0].reason


def test_a_crash_inside_the_transaction_writes_nothing(store: Store) -> None:
    def crash(records):
        raise RuntimeError("power cut")

    with pytest.raises(RuntimeError):
        record(store, 1, Kind.SIGNATURE, JANE, render=crash)
    assert count(store, messages) == 0 and store.signers() == []
    assert store.checkpoint("INBOX") is None


def record_in(batch, uid: int, kind: Kind, *signers: Signer, render=None, msgid=None):
    """``record`` for a message of a batch: the same message, another connection's view."""
    message = mail(headers={"Message-ID": msgid or f"<m{uid}@example.org>"})
    return batch.record(
        Location("INBOX", 7, uid),
        message,
        plan_of(kind, *signers),
        identity(message.message_id, b""),
        render or draft(f"<intake.{uid}@c.example>"),
        NOW,
    )


def test_a_failing_message_is_rolled_back_alone_and_the_batch_goes_on(store: Store) -> None:
    def crash(records):
        raise RuntimeError("a bug in one message")

    with store.batch() as batch:
        record_in(batch, 1, Kind.SIGNATURE, JANE)
        with pytest.raises(RuntimeError):
            record_in(batch, 2, Kind.SIGNATURE, Signer("Ann Lee"), render=crash)
        record_in(batch, 3, Kind.SIGNATURE, Signer("Bo Chen"))
    with store.engine.connect() as conn:
        uids = sorted(conn.execute(select(messages.c.uid)).scalars())
    assert uids == [1, 3]
    assert sorted(s.name for s in store.signers()) == ["Bo Chen", "Jane Smith"]
    assert count(store, replies) == 2 and count(store, audit) == 2
    assert store.checkpoint("INBOX").last_uid == 3


def test_a_batch_sees_its_own_messages_and_replies(store: Store) -> None:
    with store.batch() as batch:
        record_in(batch, 1, Kind.SIGNATURE, JANE)
        message = mail(headers={"Message-ID": "<m1@example.org>"})
        assert batch.known(Location("INBOX", 7, 9), identity(message.message_id, b""))
        assert batch.replies_since("jane@example.org", NOW - timedelta(days=1)) == 1
        again = record_in(batch, 2, Kind.SIGNATURE, JANE, msgid="<m1@example.org>")
        assert again.duplicate
        assert count(store, messages) == 0  # nothing is visible outside before the commit
    assert count(store, messages) == 1 and count(store, replies) == 1
    assert store.checkpoint("INBOX").last_uid == 2


def test_what_a_batch_expects_is_read_once_and_kept_up_to_date(store: Store) -> None:
    record(store, 1, Kind.SIGNATURE, JANE)  # an earlier poll: uid 1, <m1@example.org>
    since = NOW - timedelta(days=1)
    old, new, again = (Location("INBOX", 7, uid) for uid in (1, 2, 3))
    ids = {uid: identity(f"<m{uid}@example.org>", b"") for uid in (1, 2)}
    with store.batch() as batch:
        batch.expect([(old, ids[1], "jane@example.org"), (new, ids[2], "jane@example.org")], since)
        batch.expect([(again, ids[2], "jane@example.org")], since)  # a second delivery
        assert batch.known(old, "another identity")  # by location
        assert not batch.known(new, ids[2])
        assert batch.replies_since("jane@example.org", since) == 1
        record_in(batch, 2, Kind.SIGNATURE, JANE)
        assert batch.known(again, ids[2])  # by identity, recorded in this very batch
        assert batch.replies_since("jane@example.org", since) == 2
        assert not batch.known(Location("INBOX", 7, 4), identity("<m4@example.org>", b""))
    assert store.checkpoint("INBOX").last_uid == 2


def test_sender_facts_read_for_a_batch_follow_what_it_records(store: Store) -> None:
    record(store, 1, Kind.SIGNATURE, JANE)  # an earlier poll
    with store.batch() as batch:
        batch.expect_senders(["jane@example.org", "bo@example.org"])
        before = batch.sender_facts("jane@example.org", [])
        assert (before.signups, before.on_list) == (1, ("Jane Smith",))
        assert before.owners == ("jane@example.org",)
        assert batch.sender_facts("bo@example.org", []).signups == 0
        record_in(batch, 2, Kind.SIGNATURE, Signer("Ann Lee", None, "Friends"))
        after = batch.sender_facts("jane@example.org", [])  # read again: it changed
        assert (after.signups, after.on_list) == (2, ("Jane Smith", "Ann Lee"))
        record_in(batch, 3, Kind.WITHDRAWAL, JANE)
        last = batch.sender_facts("jane@example.org", [])
        assert last.on_list == ("Ann Lee",)
    assert store.sender_facts("jane@example.org", []) == last  # as a fresh read says


def test_signer_rows_read_for_a_batch_follow_what_it_records(store: Store) -> None:
    """``expect_signers`` reads the rows under the batch's name keys at once; a signer
    written earlier in the batch, or earlier in the same message, is found as it stands."""
    record(store, 1, Kind.SIGNATURE, JANE)  # an earlier poll
    ann = Signer("Ann Lee", None, "Friends")
    with store.batch() as batch:
        batch.expect_signers([JANE, ann, ann])
        record_in(batch, 2, Kind.SIGNATURE, ann, ann)  # twice in one message: one record
        record_in(batch, 3, Kind.SIGNATURE, ann)  # again in the batch: the same record
        again = record_in(batch, 4, Kind.SIGNATURE, JANE)  # as read before the batch
    assert sorted(s.name for s in store.signers()) == ["Ann Lee", "Jane Smith"]
    assert [r.name for r in again.signers] == ["Jane Smith"]
    with store.engine.connect() as conn:
        actions = conn.execute(select(audit.c.action).order_by(audit.c.id)).scalars().all()
    assert actions == ["signed", "signed", "signed again", "signed again", "signed again"]


def test_a_batch_that_is_not_finished_writes_nothing(store: Store) -> None:
    with pytest.raises(KeyboardInterrupt), store.batch() as batch:
        record_in(batch, 1, Kind.SIGNATURE, JANE)
        record_in(batch, 2, Kind.SIGNATURE, Signer("Bo Chen"))
        raise KeyboardInterrupt  # the poll is stopped between two messages
    assert count(store, messages) == 0 and store.signers() == []
    assert store.checkpoint("INBOX") is None


def test_outbox_lease_send_and_daily_count(store: Store) -> None:
    record(store, 1, Kind.SIGNATURE, JANE)
    assert store.replies_since("jane@example.org", NOW - timedelta(days=1)) == 1
    claimed = store.claim_pending(NOW, timedelta(minutes=10))
    assert [p.rfc_message_id for p in claimed] == ["<intake.1@c.example>"]
    assert store.claim_pending(NOW, timedelta(minutes=10)) == []  # leased
    store.mark_sent(claimed[0].id, NOW)
    assert store.claim_pending(NOW + timedelta(hours=1), timedelta(minutes=10)) == []
    assert store.counts()["replies_sent"] == 1


def test_a_version_1_database_is_migrated_forward(database_url: str) -> None:
    from sqlalchemy import create_engine, inspect

    from intake.store import schema

    engine = create_engine(database_url)
    with engine.begin() as conn:  # the schema as version 1 shipped it: no lease_owner column
        schema.metadata.create_all(conn)
        conn.exec_driver_sql("ALTER TABLE replies DROP COLUMN lease_owner")
        conn.execute(schema.meta.insert().values(key="schema_version", value="1"))
    engine.dispose()
    store = Store.open(database_url)
    record(store, 1, Kind.SIGNATURE, JANE)
    assert len(store.claim_pending(NOW, timedelta(minutes=1))) == 1
    with store.engine.connect() as conn:
        version = conn.execute(
            select(schema.meta.c.value).where(schema.meta.c.key == "schema_version")
        ).scalar_one()
        tables = set(inspect(conn).get_table_names())
    store.close()
    assert int(version) == schema.SCHEMA_VERSION and "digests" in tables


def test_a_version_5_database_takes_imap_numbers_above_2_to_the_31(database_url: str) -> None:
    """Version 6 widens UIDVALIDITY and UID columns (INTEGER on PostgreSQL is signed 32-bit)."""
    from sqlalchemy import create_engine

    from intake.store import schema

    engine = create_engine(database_url)
    with engine.begin() as conn:  # as version 5 left it: 32-bit IMAP numbers
        for number in range(1, 6):
            schema.MIGRATIONS[number](conn)
        if conn.dialect.name == "postgresql":
            narrow = [("messages", "uid"), ("messages", "uidvalidity")]
            narrow += [("checkpoints", "uidvalidity"), ("checkpoints", "last_uid")]
            for table, column in narrow:
                conn.exec_driver_sql(f"ALTER TABLE {table} ALTER COLUMN {column} TYPE INTEGER")
        schema._set_version(conn, 5)
    engine.dispose()
    store = Store.open(database_url)
    try:
        big = Location("INBOX", 3_000_000_000, 4_000_000_000)
        message = mail(headers={"Message-ID": "<big@example.org>"})
        plan = plan_of(Kind.SIGNATURE, JANE)
        store.record(big, message, plan, "big", draft("<intake.big@c.example>"), NOW)
        assert store.checkpoint("INBOX") == Checkpoint("INBOX", 3_000_000_000, 4_000_000_000)
        assert store.known(big, "another identity")
    finally:
        store.close()


def test_identity_is_the_same_for_another_delivery_and_different_for_another_message() -> None:
    base = b"Message-ID: <a@x.org>\r\nFrom: a@x.org\r\nSubject: s\r\n\r\nbody\r\n"
    delivered = b"Received: from mx by mx\r\n\tid 1\r\nReturn-Path: <a@x.org>\r\n" + base
    other_header = base.replace(b"Subject: s", b"Subject: s\r\nMIME-Version: 1.0")
    other_body = base.replace(b"body", b"another body")
    assert identity("<a@x.org>", base) == identity("<a@x.org>", delivered)
    assert identity("<a@x.org>", base) != identity("<a@x.org>", other_header)
    assert identity("<a@x.org>", base) != identity("<a@x.org>", other_body)
    assert identity("", base).startswith("v2.sha256:")


def test_identity_survives_an_mbox_round_trip() -> None:
    base = (
        b"Message-ID: <a@x.org>\r\nFrom: a@x.org\r\nSubject: a long\r\n subject\r\n\r\n"
        b"body\r\nFrom here on\r\n"
    )
    rebuilt = (
        b"Message-ID: <a@x.org>\nFrom: a@x.org\nSubject: a long subject\nStatus: RO\n"
        b"X-Keywords: $IntakeProcessed\nX-UID: 7\nContent-Length: 24\n\nbody\n>From here on\n\n"
    )
    assert identity("<a@x.org>", base) == identity("<a@x.org>", rebuilt)
    assert identity("", base) == identity("", rebuilt)
    assert identity("<a@x.org>", base) != identity("<a@x.org>", base.replace(b"here", b"there"))


def test_nul_and_control_characters_are_left_out_of_what_is_stored(store: Store) -> None:
    """PostgreSQL refuses a NUL in text; the store drops it (and C0 controls) at its edge."""
    from dataclasses import replace

    message = replace(
        mail(headers={"Message-ID": "<nul@example.org>"}),
        subject="Sign\x00-on\x1b letter",
        own_text="Add me.\x00\n\tThanks\r\n",
    )
    nul = Signer("Jane\x00 Smith", "Director", "Center\x7f for Conscience")
    plan = plan_of(Kind.SIGNATURE, nul)
    store.record(Location("INBOX", 7, 1), message, plan, "nul", draft("<i.nul@c.example>"), NOW)
    (jane,) = store.signers()
    assert (jane.name, jane.title, jane.organization) == (
        "Jane Smith",
        "Director",
        "Center for Conscience",
    )
    with store.engine.connect() as conn:
        subject, text = conn.execute(select(messages.c.subject, messages.c.own_text)).one()
    assert (subject, text) == ("Sign-on letter", "Add me.\n\tThanks\r\n")
    assert store.known(Location("INBOX", 7, 2), "nul")


def test_a_database_failure_is_told_without_the_statement_or_its_values() -> None:
    from sqlalchemy.exc import DataError

    from intake.errors import StoreValueError
    from intake.store.failures import database_errors, describe

    secret = "Please add my name, Jane Secret"
    cause = ValueError("PostgreSQL text fields cannot contain NUL (0x00) bytes\nDETAIL: " + secret)
    failure = DataError(f"INSERT INTO messages VALUES ('{secret}')", {"own_text": secret}, cause)
    assert secret in str(failure)  # what SQLAlchemy would have printed
    told = describe(failure)
    assert told == "ValueError: PostgreSQL text fields cannot contain NUL (0x00) bytes"
    with pytest.raises(StoreValueError) as raised, database_errors():
        raise failure
    assert secret not in str(raised.value) and "\n" not in str(raised.value)
