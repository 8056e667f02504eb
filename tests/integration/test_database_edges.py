"""What made PostgreSQL unsafe (issue 14), on a real poll, on whichever database is chosen.

A NUL in a message's decoded text, IMAP numbers above 2^31, and three processes
opening an empty database at once. Each ran fine on SQLite and failed on PostgreSQL;
the CI's PostgreSQL pass runs them there.
"""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest
from support.campaign import JUNE, letter, signature
from support.database import query

from intake.run.poll import Poller
from intake.store import Checkpoint, Store

pytestmark = pytest.mark.integration

NUL_MAIL = (
    b"From: Nadia Null <nadia@example.org>\r\nTo: coordinator@irf-roundtable.example\r\n"
    b"Subject: Sign-on=00 letter\r\nMessage-ID: <nul@example.org>\r\n"
    b"Date: Sat, 20 Jun 2020 10:00:00 -0400\r\nMIME-Version: 1.0\r\n"
    b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n"
    b"\r\nPlease add my name to the letter.=00\r\n\r\nName: Nadia Null=00\r\nTitle: Pastor\r\n"
    b"Organization: Church=00 of the Open Door\r\n"
)


def test_a_nul_in_a_message_is_left_out_and_the_poll_goes_on(
    imap_user: Any, settings: Any, store: Store, smtp_sink: Any
) -> None:
    imap_user.append("INBOX", NUL_MAIL, JUNE)
    imap_user.append("INBOX", signature(2), JUNE)
    report = Poller(settings, store).run()
    assert (report.recorded, report.errors) == (2, 0)
    last = store.last_poll()
    assert last is not None and last.ok and last.error == ""
    texts = query(settings.database_url, "SELECT own_text, subject FROM messages")
    assert len(texts) == 2 and all("\x00" not in (t or "") + s for t, s in texts)
    assert any("Please add my name" in (t or "") for t, _ in texts)
    names = {s.name for s in store.signers()}
    assert names == {"Nadia Null", "Person Number2"}
    assert smtp_sink.wait_for(2) and len(smtp_sink.messages) == 2
    imap_user.append("INBOX", signature(3), JUNE)  # the checkpoint moved: the next poll goes on
    assert Poller(settings, store).run().recorded == 1


def test_a_uidvalidity_and_uids_above_2_to_the_31_round_trip(
    imap_user: Any, make_settings: Any, smtp_sink: Any
) -> None:
    imap_user.create_folder("Campaign")
    imap_user.renumber_folder("Campaign", uidvalidity=3_000_000_000, next_uid=3_000_000_001)
    settings = make_settings(folders={"watch": ["Campaign"]})
    first = imap_user.append("Campaign", signature(1), JUNE)
    assert first > 2**31
    store = Store.open(settings.database_url)
    try:
        assert Poller(settings, store).run().recorded == 1
        second = imap_user.append("Campaign", signature(2), JUNE)
        assert Poller(settings, store).run().recorded == 1  # after the checkpoint: only the new
        assert store.checkpoint("Campaign") == Checkpoint("Campaign", 3_000_000_000, second)
        again = Poller(settings, store).run()
        assert (again.fetched, again.recorded) == (0, 0)
    finally:
        store.close()
    rows = query(settings.database_url, "SELECT uidvalidity, uid FROM messages ORDER BY uid")
    assert rows == [(3_000_000_000, first), (3_000_000_000, second)]
    assert smtp_sink.wait_for(2) and len(smtp_sink.messages) == 2


OPEN = "import sys; from intake.store import Store; Store.open(sys.argv[1]).close()"


def test_three_processes_opening_an_empty_database_at_once_take_turns(
    database_url: str,
) -> None:
    starts = [
        subprocess.Popen([sys.executable, "-c", OPEN, database_url], stderr=subprocess.PIPE)
        for _ in range(3)
    ]
    failures = [p.stderr.read().decode() for p in starts if p.wait(60) != 0 and p.stderr]
    assert failures == []
    store = Store.open(database_url)
    try:
        assert store.counts()["messages"] == 0
    finally:
        store.close()


def test_a_letter_with_control_characters_in_every_header_is_stored_clean(
    imap_user: Any, settings: Any, store: Store
) -> None:
    raw = letter("Eve\x01 <eve@example.org>", "Add me.\x07\n\nName: Eve Esc\nTitle: Imam\n",
                 subject="Sign\x1b[31m on")  # fmt: skip
    imap_user.append("INBOX", raw, JUNE)
    assert Poller(settings, store).run().errors == 0
    stored = query(settings.database_url, "SELECT subject, sender_name, own_text FROM messages")
    assert len(stored) == 1
    assert not any(ch in "".join(v or "" for v in stored[0]) for ch in "\x00\x01\x07\x1b")
