"""Forged or abusive mail cannot change the letter: a real poll on Dovecot and aiosmtpd.

The reply goes to the address being signed up (From), so a forged signature is seen
by the person it names; a change asked through a third party's address, or by a
sender our server saw fail DMARC or DKIM, waits in review before it takes effect; one
address cannot put an unbounded number of people on the list.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from support.campaign import JUNE, PASSWORD_ENV, campaign_data, letter, signature, text_of, toml

from intake.run.poll import Poller
from intake.store import Store

pytestmark = pytest.mark.integration

SIGN = "Please add my name to the letter.\n\nName: {name}\nTitle: Pastor\nOrganization: {org}\n"
WITHDRAW = "Please withdraw my name from the letter.\n\nJane Smith\n"
OUR_SERVER = "mx.irf-roundtable.example"
JANE = "Jane Smith <jane@example.org>"
BOARD = [
    ("Rev. Anna Berg", "Pastor", "Grace Church"),
    ("Imam Yusuf Khan", "Imam", "Masjid Noor"),
    ("Rabbi Sara Levi", "Rabbi", "Beth Shalom"),
    ("Rev. Tomas Ruiz", "Pastor", "Iglesia de la Paz"),
    ("Sister Mary Okafor", "Director", "Justice Office"),
    ("Dr. Helen Park", "Professor", "Union Seminary"),
    ("Rev. David Moss", "Elder", "First Baptist Church"),
    ("Ms. Leila Ahmadi", "Chair", "Baha'i Community"),
]


def poll(settings: Any, store: Store) -> Any:
    return Poller(settings, store).run()


def names(store: Store) -> list[str | None]:
    return [s.name for s in store.signers()]


def held(store: Store) -> list[str]:
    return [i.reason for i in store.review_items() if "change held" in i.reason]


def jack_signs(imap_user: Any, smtp_sink: Any, settings: Any, store: Store, reply_to: str) -> Any:
    """Jack Turner signs with ``reply_to``; the one reply the sink got."""
    body = SIGN.format(name="Jack Turner", org="First Church")
    raw = letter("Jack Turner <jack@example.org>", body, reply_to=reply_to)
    imap_user.append("INBOX", raw, JUNE)
    poll(settings, store)
    assert smtp_sink.wait_for(1)
    [reply] = smtp_sink.messages
    return reply


def test_a_third_party_reply_to_gets_nothing_and_the_named_person_is_asked(
    imap_user: Any, smtp_sink: Any, settings: Any, store: Store
) -> None:
    reply = jack_signs(imap_user, smtp_sink, settings, store, "victim@third.example")
    assert reply.rcpt_tos == ("jack@example.org",)  # the person named, not the Reply-To
    assert names(store) == []  # not on the list until the coordinator has looked
    assert len(held(store)) == 1 and "victim@third.example" in held(store)[0]
    assert "Jack Turner" in text_of(reply.data) and "coordinator" in text_of(reply.data)


def test_a_reply_to_of_the_same_person_is_used(
    imap_user: Any, smtp_sink: Any, settings: Any, store: Store
) -> None:
    reply = jack_signs(imap_user, smtp_sink, settings, store, "Jack <JACK+letters@example.org>")
    assert reply.rcpt_tos == ("jack+letters@example.org",)
    assert names(store) == ["Jack Turner"] and held(store) == []


def jane_signs(imap_user: Any, smtp_sink: Any, settings: Any, store: Store) -> bytes:
    """Jane Smith signs; her confirmation, as the sink got it."""
    imap_user.append("INBOX", letter(JANE, SIGN.format(name="Jane Smith", org="Hope Church")), JUNE)
    poll(settings, store)
    assert smtp_sink.wait_for(1)
    return smtp_sink.messages[0].data


def test_a_forged_withdrawal_with_the_attackers_reply_to_removes_no_one(
    imap_user: Any, smtp_sink: Any, settings: Any, store: Store
) -> None:
    jane_signs(imap_user, smtp_sink, settings, store)
    forged = letter(JANE, WITHDRAW, subject="Withdraw", reply_to="attacker@evil.example")
    imap_user.append("INBOX", forged, JUNE)
    poll(settings, store)
    assert smtp_sink.wait_for(2)
    assert names(store) == ["Jane Smith"]
    assert len(held(store)) == 1
    assert [m.rcpt_tos for m in smtp_sink.messages] == [("jane@example.org",)] * 2
    assert "withdraw" in text_of(smtp_sink.messages[1].data).lower()


def test_a_withdrawal_through_someone_elses_address_waits_in_review(
    imap_user: Any, smtp_sink: Any, settings: Any, store: Store
) -> None:
    confirmation = jane_signs(imap_user, smtp_sink, settings, store)
    confirmation = confirmation.split(b"Message-ID: ", 1)[1].split(b"\r\n")[0]
    answer = letter(  # someone answers Jane's confirmation from another address
        "Mallory <mallory@example.net>",
        "Please withdraw Jane Smith.\n",
        subject="Re: Sign-on letter",
        headers=f"In-Reply-To: {confirmation.decode()}\r\n",
    )
    imap_user.append("INBOX", answer, JUNE)
    poll(settings, store)
    assert names(store) == ["Jane Smith"]
    assert len(held(store)) == 1 and "jane@example.org" in held(store)[0]


def test_one_address_cannot_put_two_hundred_people_on_the_list(
    imap_user: Any, smtp_sink: Any, make_settings: Any
) -> None:
    settings = make_settings(poll={"batch_size": 100})
    store = Store.open(settings.database_url)
    mails = [
        (letter(f"Person {n} <spammer@example.net>", SIGN.format(name=f"Person Number{n}",
         org=f"Church Number {n}"), message_id=f"<spam{n}@example.net>"), JUNE)
        for n in range(200)
    ]  # fmt: skip
    imap_user.multiappend("INBOX", mails)
    poll(settings, store)
    limit = settings.security.signups_per_sender
    assert len(store.signers()) == limit
    assert len(held(store)) == 200 - limit
    store.close()


def test_a_list_in_one_message_is_not_held(
    imap_user: Any, smtp_sink: Any, settings: Any, store: Store
) -> None:
    people = "\n".join(f"{n + 1}. {name}, {title}, {org}" for n, (name, title, org) in
                       enumerate(BOARD))  # fmt: skip
    body = f"Please add the following people to the letter:\n\n{people}\n\nThank you,\nRuth\n"
    imap_user.append("INBOX", letter("Ruth Clerk <ruth@example.org>", body), JUNE)
    poll(settings, store)
    assert len(store.signers()) == len(BOARD) and held(store) == []


def test_sender_checks_run_without_an_authserv_id(
    imap_user: Any, smtp_sink: Any, settings: Any, store: Store
) -> None:
    assert settings.security.authserv_id == ""  # the default: nothing set
    ours = (
        f"Authentication-Results: {OUR_SERVER}; spf=fail smtp.mailfrom=example.org;\r\n"
        " dkim=none; dmarc=fail (p=reject) header.from=example.org\r\n"
    )
    imap_user.append("INBOX", signature(1, extra_headers=ours), JUNE)
    imap_user.append("INBOX", signature(2), JUNE)
    poll(settings, store)
    assert names(store) == ["Person Number2"]
    assert len(held(store)) == 1 and "DMARC" in held(store)[0]
    assert smtp_sink.wait_for(2)
    assert sorted(m.rcpt_tos[0] for m in smtp_sink.messages) == [
        "p1@example.org",
        "p2@example.org",
    ]


def test_a_result_written_below_our_servers_does_not_count(
    imap_user: Any, smtp_sink: Any, settings: Any, store: Store
) -> None:
    ours = f"Authentication-Results: {OUR_SERVER}; dkim=pass; dmarc=pass\r\n"
    theirs = f"Authentication-Results: {OUR_SERVER}; dmarc=fail\r\n"  # the sender wrote it
    imap_user.append("INBOX", signature(1, extra_headers=ours + theirs), JUNE)
    poll(settings, store)
    assert names(store) == ["Person Number1"] and held(store) == []


def test_check_shows_the_authentication_results_id_of_recent_mail(
    imap_user: Any, smtp_sink: Any, tmp_path: Path
) -> None:
    config = tmp_path / "intake.toml"
    config.write_text(toml(campaign_data(imap_user, smtp_sink)))
    header = f"Authentication-Results: {OUR_SERVER}; dkim=pass; dmarc=pass\r\n"
    for n in range(3):
        imap_user.append("INBOX", signature(n, extra_headers=header), JUNE)
    done = subprocess.run(
        [sys.executable, "-m", "intake", "-c", str(config), "check"],
        capture_output=True,
        text=True,
        env={**os.environ, PASSWORD_ENV: imap_user.password},
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert f'authserv_id = "{OUR_SERVER}"' in done.stdout
    assert "3 of 3" in done.stdout
