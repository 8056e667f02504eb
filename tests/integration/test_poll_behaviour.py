"""Poll behaviour against real servers: once only, rescans, bad mail, dry runs, marking."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from support.campaign import JUNE, signature

from intake.assess.outcome import outcome_of
from intake.message import parse
from intake.run.poll import Poller
from intake.store import Store
from intake.store.schema import messages, signers

pytestmark = pytest.mark.integration
NY = ZoneInfo("America/New_York")


def count(store: Store, table: Any) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def test_dry_run_records_and_sends_nothing(
    imap_user: Any, smtp_sink: Any, settings: Any, store: Store
) -> None:
    imap_user.append("INBOX", signature(1), JUNE)
    report = Poller(settings, store).run(dry_run=True)
    assert len(report.plans) == 1 and "confirmation" in report.plans[0][1]
    assert count(store, messages) == 0 and smtp_sink.messages == []
    assert store.checkpoint("INBOX") is None


def test_a_fresh_process_continues_from_the_checkpoint(
    imap_user: Any, smtp_sink: Any, settings: Any
) -> None:
    imap_user.append("INBOX", signature(1), JUNE)
    first = Store.open(settings.database_url)
    assert Poller(settings, first).run().recorded == 1
    first.close()
    imap_user.append("INBOX", signature(2), JUNE)
    second = Store.open(settings.database_url)  # a new process would do exactly this
    report = Poller(settings, second).run()
    assert (report.fetched, report.recorded) == (1, 1)
    assert smtp_sink.wait_for(2) and len(smtp_sink.messages) == 2
    second.close()


def test_uidvalidity_change_rescans_without_duplicates(
    imap_user: Any, make_settings: Any, smtp_sink: Any
) -> None:
    imap_user.create_folder("Campaign")
    settings = make_settings(folders={"watch": ["Campaign"]})
    store = Store.open(settings.database_url)
    for n in (1, 2):
        imap_user.append("Campaign", signature(n), JUNE)
    Poller(settings, store).run()
    imap_user.rebuild_folder("Campaign")  # a rebuilt folder: same mail, new UIDVALIDITY
    for n in (1, 2, 3):
        imap_user.append("Campaign", signature(n), JUNE)
    report = Poller(settings, store).run()
    assert (report.fetched, report.duplicates, report.recorded) == (3, 2, 1)
    assert count(store, messages) == 3 and count(store, signers) == 3
    assert len(smtp_sink.messages) == 3
    store.close()


def test_broken_and_oversized_mail_is_recorded_for_review(
    imap_user: Any, make_settings: Any
) -> None:
    settings = make_settings(poll={"max_message_bytes": 10_000})
    store = Store.open(settings.database_url)
    imap_user.append("INBOX", b"\x00\xff\xfe garbage without headers \x00\r\n", JUNE)
    big = signature(2).replace(b"Please add", b"x" * 20_000 + b"\r\nPlease add")
    imap_user.append("INBOX", big, JUNE)
    imap_user.append("INBOX", signature(3), JUNE)
    report = Poller(settings, store).run()
    assert report.recorded == 3 and report.errors == 0
    reasons = [item.reason for item in store.review_items()]
    assert any("size limit" in r for r in reasons)
    assert len(reasons) >= 2
    store.close()


def test_move_to_folder_and_never_seen(imap_user: Any, make_settings: Any) -> None:
    settings = make_settings(folders={"move_to": "Processed"})
    store = Store.open(settings.database_url)
    imap_user.append("INBOX", signature(1), JUNE)
    Poller(settings, store).run()
    with imap_user.client() as client:
        assert client.select_folder("INBOX")[b"EXISTS"] == 0
        client.select_folder("Processed", readonly=True)
        flags = client.get_flags(client.search("ALL"))
    (only,) = flags.values()
    assert b"\\Seen" not in only and b"$IntakeProcessed" in only
    store.close()


def test_fifty_messages_from_one_sender_get_at_most_the_daily_limit(
    imap_user: Any, settings: Any, store: Store, smtp_sink: Any
) -> None:
    same = "From: Pat Doe <pat@example.org>\r\n"
    for n in range(50):
        raw = signature(n).replace(
            f"From: Person Number{n} <p{n}@example.org>\r\n".encode(), same.encode()
        )
        imap_user.append("INBOX", raw, JUNE)
    report = Poller(settings, store).run()
    assert report.recorded == 50
    assert len(smtp_sink.messages) == settings.replies.daily_limit


def test_a_message_from_us_is_never_answered(
    imap_user: Any, settings: Any, store: Store, smtp_sink: Any
) -> None:
    imap_user.append(
        "INBOX", signature(1, extra_headers="X-Loop: coordinator@irf-roundtable.example\r\n"), JUNE
    )
    ours = signature(2).replace(b"<sig2@example.org>", b"<intake.abc123@irf-roundtable.example>")
    imap_user.append("INBOX", ours, JUNE)
    report = Poller(settings, store).run()
    assert report.recorded == 2 and smtp_sink.messages == []


def test_backfill_records_everything_and_answers_nobody(
    imap_user: Any, smtp_sink: Any, settings: Any, store: Store
) -> None:
    imap_user.multiappend("INBOX", [(signature(n), JUNE) for n in range(60)])
    shown: list[tuple[int, int]] = []
    poller = Poller(settings, store)  # as in `intake run`: one Poller for every cycle
    report = poller.run(progress=lambda done, total: shown.append((done, total)), backfill=True)
    assert report.recorded == 60 and report.replies_queued == 0
    assert smtp_sink.messages == [] and len(store.signers()) == 60
    assert shown[-1] == (60, 60) and len(shown) == 60 // settings.poll.batch_size + 1
    imap_user.append("INBOX", signature(99), JUNE)
    assert poller.run().replies_sent == 1  # backfill held for that run only: new mail is answered


def test_mail_before_the_opening_date_is_kept_out(
    imap_user: Any, smtp_sink: Any, settings: Any, store: Store
) -> None:
    imap_user.append("INBOX", signature(1), datetime(2020, 5, 20, 10, 0, tzinfo=NY))
    imap_user.append("INBOX", signature(2), datetime(2020, 5, 31, 23, 59, tzinfo=NY))
    imap_user.append("INBOX", signature(3), JUNE)
    report = Poller(settings, store).run()
    assert report.recorded == 1 and count(store, messages) == 1
    assert len(smtp_sink.messages) == 1


def test_intake_extract_and_the_poll_agree_on_every_reply(
    imap_user: Any, smtp_sink: Any, settings: Any, store: Store
) -> None:
    """``should_confirm`` from ``intake extract`` is what the poll does, message by message
    (it once said true for an address the poll would not answer)."""
    mails = {
        "p1@example.org": signature(1),
        "jane@localhost": signature(2).replace(b"p2@example.org", b"jane@localhost"),
        "p3@example.org": signature(3, extra_headers="Auto-Submitted: auto-replied\r\n"),
        "p4@example.org": signature(4).replace(
            b"Please add my name to the letter.", b"Can people outside the US sign?"
        ),
    }
    imap_user.multiappend("INBOX", [(raw, JUNE) for raw in mails.values()])
    assert Poller(settings, store).run().recorded == len(mails)
    answered = {to for received in smtp_sink.messages for to in received.rcpt_tos}
    for address, raw in mails.items():
        said = outcome_of(parse(raw), Path(address), settings.campaign.addresses)
        assert said["should_confirm"] == (address in answered), address
    # The guards' cases are never answered; the question's kind is extraction's call,
    # and whatever it is, the loop above holds extract and the poll to the same answer.
    assert "p1@example.org" in answered
    assert not answered & {"jane@localhost", "p3@example.org"}
