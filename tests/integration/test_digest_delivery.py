"""The digest through a real aiosmtpd server: once per day, CSV intact, caught up after downtime."""

from __future__ import annotations

import csv
import email
import io
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from support.known_day import NOW, Filler, fill, settings_for

from intake import digest, export
from intake.config import Settings
from intake.extract import Kind, Signer
from intake.outbox.reply import reply_message_id
from intake.run import scheduler
from intake.run.poll import Poller
from intake.store import Store
from intake.store.schema import digests, signers

pytestmark = pytest.mark.integration
EXTRA = "board@campaign.example"


def clock_at(moment: datetime) -> Any:
    return lambda: moment


@pytest.fixture
def settings(tmp_path: Path, smtp_sink: Any, database_url: str) -> Settings:
    return settings_for(tmp_path, smtp_port=smtp_sink.port, database_url=database_url, to=[EXTRA])


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    db = Store.open(settings.database_url)
    yield db
    db.close()


def parsed(raw: bytes) -> EmailMessage:
    return email.message_from_bytes(raw, policy=default)  # type: ignore[return-value]


def digest_rows(store: Store) -> list[tuple[str, datetime | None, datetime]]:
    with store.engine.connect() as conn:
        query = select(digests.c.key, digests.c.window_start, digests.c.window_end)
        return [tuple(r) for r in conn.execute(query.order_by(digests.c.id))]  # type: ignore[misc]


def test_digest_arrives_with_both_forms_and_the_csv_intact(
    settings: Settings, store: Store, smtp_sink: Any
) -> None:
    fill(store)
    delivery = digest.run_due(settings, store, clock_at(NOW))
    assert delivery is not None and delivery.key == "daily:2020-07-02" and delivery.sent == 2
    assert smtp_sink.wait_for(2)
    by_rcpt = {m.rcpt_tos: parsed(m.data) for m in smtp_sink.messages}
    assert set(by_rcpt) == {("coordinator@campaign.example",), (EXTRA,)}
    mail = by_rcpt[("coordinator@campaign.example",)]
    assert mail["Auto-Submitted"] == "auto-generated"
    assert mail["Message-ID"] == reply_message_id(
        "digest:daily:2020-07-02:coordinator@campaign.example", "digest", "campaign.example"
    )
    assert mail["Subject"].startswith("Digest: Letter on prisoners of conscience: 4 new signers")
    text = mail.get_body(("plain",)).get_content()
    html = mail.get_body(("html",)).get_content()
    assert "NEW SIGNERS (4)" in text and "Corrections and edits (1)" in html
    (attachment,) = list(mail.iter_attachments())
    assert attachment.get_filename() == "signatories-2020-07-02.csv"
    data = attachment.get_payload(decode=True)
    letter = export.build_letter(settings.campaign.name, store.signers())
    assert data == export.render(letter, "csv")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [r["name"] for r in rows if r["section"] == "individual"] == [
        p.name for p in letter.individuals
    ]
    assert "Jane Smith" in [r["name"] for r in rows]


def test_once_a_day_and_each_window_starts_where_the_last_ended(
    settings: Settings, store: Store, smtp_sink: Any
) -> None:
    fill(store)
    assert digest.run_due(settings, store, clock_at(NOW)) is not None
    assert digest.run_due(settings, store, clock_at(NOW + timedelta(hours=3))) is None
    assert smtp_sink.wait_for(2) and len(smtp_sink.messages) == 2
    later = Filler(store)
    later.uid = 100  # after fill()'s messages
    later.record(
        Kind.SIGNATURE, Signer("Noor Haddad"), sender="noor@x.example", at=NOW + timedelta(hours=5)
    )
    next_day = NOW + timedelta(days=1)
    assert digest.run_due(settings, store, clock_at(next_day)) is not None
    assert [r[0] for r in digest_rows(store)] == [
        "daily:2020-07-01", "daily:2020-07-02", "daily:2020-07-03"
    ]  # fmt: skip
    assert digest_rows(store)[2][1:] == (NOW, next_day)
    assert smtp_sink.wait_for(4)
    latest = parsed(smtp_sink.messages[-1].data).get_body(("plain",)).get_content()
    assert "NEW SIGNERS (1)" in latest and "- Noor Haddad" in latest
    assert "Jane Smith" not in latest.split("TOTALS")[0]  # reported yesterday


def test_after_days_down_one_digest_covers_the_gap(
    settings: Settings, store: Store, smtp_sink: Any
) -> None:
    fill(store)
    back = NOW + timedelta(days=4, hours=3)
    assert digest.run_due(settings, store, clock_at(back)).key == "daily:2020-07-06"  # type: ignore[union-attr]
    assert digest.run_due(settings, store, clock_at(back + timedelta(minutes=1))) is None
    assert smtp_sink.wait_for(2) and len(smtp_sink.messages) == 2
    assert digest_rows(store)[-1][1] == datetime(2020, 7, 1, 12, 0, tzinfo=UTC)


def test_final_digest_goes_once_with_the_whole_list(
    settings: Settings, store: Store, smtp_sink: Any
) -> None:
    fill(store)
    before = settings.campaign.deadline_at - timedelta(minutes=1)
    assert digest.run_final(settings, store, clock_at(before)) is None
    assert digest.run_final(settings, store, clock_at(NOW)).sent == 2  # type: ignore[union-attr]
    assert digest.run_final(settings, store, clock_at(NOW + timedelta(days=1))) is None
    assert not digest.send_now(settings, store, clock_at(NOW), final=True).queued
    assert smtp_sink.wait_for(2) and len(smtp_sink.messages) == 2
    mail = parsed(smtp_sink.messages[0].data)
    assert mail["Subject"].strip().startswith("Final list:")
    assert "THE SIGNATORY LIST" in mail.get_body(("plain",)).get_content()


def test_smtp_down_leaves_the_digest_queued_not_lost(settings: Settings, store: Store) -> None:
    fill(store)
    down = settings.model_copy(update={"smtp": settings.smtp.model_copy(update={"port": 1})})
    delivery = digest.run_due(down, store, clock_at(NOW))
    assert delivery is not None and delivery.queued and delivery.error
    assert digest.run_due(down, store, clock_at(NOW)) is None  # recorded: never queued twice
    assert store.counts()["replies_pending"] == 2


# -- intake run's coordinator: the record decides what is due ------------------------


class Clock:
    """The coordinator's time, moved by the test."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment


def _future_deadline(tmp_path: Path, smtp_sink: Any, database_url: str) -> Settings:
    return settings_for(
        tmp_path, smtp_port=smtp_sink.port, deadline="2020-07-31T17:00:00",
        database_url=database_url,
    )  # fmt: skip


def test_starting_intake_sends_no_digest_and_then_one_a_day(
    tmp_path: Path, smtp_sink: Any, database_url: str
) -> None:
    settings = _future_deadline(tmp_path, smtp_sink, database_url)
    store = Store.open(settings.database_url)
    clock = Clock(NOW)  # 08:00 EDT this instant: intake begins with it, no digest yet
    try:
        first = scheduler.Coordinator(settings, store, clock)
        first.begin()
        first.tick()
        assert digest_rows(store) == []
        clock.moment = NOW + timedelta(hours=23, minutes=59)  # 07:59 EDT the next day
        first.tick()
        assert digest_rows(store) == []
        clock.moment = NOW + timedelta(hours=24)  # 08:00 EDT
        first.tick()
        first.tick()
        second = scheduler.Coordinator(settings, store, clock)  # restarted, or another host
        second.begin()  # the schedule began once, with the first
        second.tick()
        assert store.digests.schedule_since() == NOW
        assert [r[0] for r in digest_rows(store)] == ["daily:2020-07-03"]
        assert smtp_sink.wait_for(1) and len(smtp_sink.messages) == 1
    finally:
        store.close()


def test_a_digest_missed_while_down_runs_once_on_restart(
    tmp_path: Path, smtp_sink: Any, database_url: str
) -> None:
    settings = _future_deadline(tmp_path, smtp_sink, database_url)
    store = Store.open(settings.database_url)
    clock = Clock(NOW)
    try:
        scheduler.Coordinator(settings, store, clock).begin()  # ran, then went down at once
        clock.moment = NOW + timedelta(days=3, hours=2)  # back on the 5th at 10:00 EDT
        again = scheduler.Coordinator(settings, store, clock)
        again.begin()
        again.tick()
        again.tick()
        assert [r[0] for r in digest_rows(store)] == ["daily:2020-07-05"]  # one covers the gap
        assert smtp_sink.wait_for(1) and len(smtp_sink.messages) == 1
    finally:
        store.close()


def _reading(settings: Settings, imap_user: Any, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """``settings`` polling the test user's mailbox (its password in the environment)."""
    monkeypatch.setenv("DIGEST_PW", imap_user.password)
    imap = settings.imap.model_copy(
        update={"port": imap_user.port, "user": imap_user.name, "password_env": "DIGEST_PW"}
    )
    return settings.model_copy(update={"imap": imap})


def test_at_the_deadline_a_last_poll_then_the_final_digest_once(
    imap_user: Any, tmp_path: Path, smtp_sink: Any, database_url: str, monkeypatch: Any
) -> None:
    from support.campaign import signature

    settings = settings_for(tmp_path, smtp_port=smtp_sink.port, database_url=database_url)
    settings = _reading(settings, imap_user, monkeypatch)
    store = Store.open(settings.database_url)
    deadline = settings.campaign.deadline_at
    clock = Clock(deadline - timedelta(minutes=1))
    try:
        coordinator = scheduler.Coordinator(settings, store, clock)
        coordinator.begin()
        imap_user.append("INBOX", signature(1), NOW - timedelta(days=2))
        coordinator.tick()
        assert digest_rows(store) == [] and store.signers() == []
        clock.moment = deadline
        coordinator.tick()
        coordinator.tick()
        assert [r[0] for r in digest_rows(store)] == ["final"]
        assert [s.name for s in store.signers()] == ["Person Number1"]  # polled first
        assert smtp_sink.wait_for(2) and len(smtp_sink.messages) == 2  # the reply, the list
    finally:
        store.close()


def test_our_own_digest_in_the_inbox_is_never_a_signer(
    imap_user: Any, smtp_sink: Any, tmp_path: Path, database_url: str, monkeypatch: Any
) -> None:
    settings = settings_for(tmp_path, smtp_port=smtp_sink.port, database_url=database_url)
    settings = _reading(settings, imap_user, monkeypatch)
    store = Store.open(settings.database_url)
    try:
        fill(store)
        digest.run_due(settings, store, clock_at(NOW))
        assert smtp_sink.wait_for(1)
        before = store.signers(include_inactive=True)
        imap_user.append("INBOX", smtp_sink.messages[0].data, NOW)
        report = Poller(settings, store).run()
        assert report.recorded == 1 and report.replies_queued == 0
        assert store.signers(include_inactive=True) == before
        with store.engine.connect() as conn:
            assert len(conn.execute(select(signers.c.id)).all()) == len(before)
    finally:
        store.close()
