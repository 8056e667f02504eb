"""Where each piece of text comes from."""

from __future__ import annotations

from dataclasses import replace

from intake.extract import zones
from intake.extract.model import ExtractContext
from intake.message import Address, Message

CONTEXT = ExtractContext(own_addresses=frozenset({"desk@campaign.example"}))


def reading(own: str, quoted: str = "", forwarded: tuple[str, ...] = ()) -> zones.Reading:
    msg = Message(sender=Address("Jo Doe", "jo@example.org"))
    msg = replace(
        msg, own_text=own, quoted_text=quoted, text=own + "\n" + quoted, forwarded=forwarded
    )
    return zones.read(msg, CONTEXT)


def test_footers_and_disclaimers_go() -> None:
    got = reading(
        "Please add me.\n\nSent from my iPhone\n\nCONFIDENTIALITY NOTICE: This e-mail is private."
    )
    assert got.own == "Please add me."


def test_quoted_chain_is_split_by_author() -> None:
    quoted = (
        "From: Aaron Feld <af@example.org>\nSent: Monday\nTo: Jo Doe <jo@example.org>\n"
        "Subject: RE: letter\n\nYes, please sign me on.\n\n"
        "From: Desk <desk@campaign.example>\nSent: Tuesday\nSubject: letter\n\nTo sign, reply."
    )
    got = reading("See Aaron's note below.", quoted)
    assert [(s.name, s.ours) for s in got.segments] == [("Aaron Feld", False), ("Desk", True)]
    assert got.segments[0].text.strip() == "Yes, please sign me on."


def test_lines_quoted_without_a_reply_header_are_an_earlier_message() -> None:
    own = (
        "TAKE ME OFF PLEASE.\n\n> Thank you, we have recorded:\n> Name: George Abernathy\n"
        "> Title: Steward\n> Signing as: individual"
    )
    got = reading(own)
    assert got.own == "TAKE ME OFF PLEASE."
    assert [(s.name, s.ours) for s in got.segments] == [("", True)]
    assert got.record is not None and got.record.get("title") == "Steward"
    other = reading("Yes, me too.\n> Jane wrote that she signs\n> as Elder")
    assert [(s.ours, s.text) for s in other.segments] == [
        (False, "Jane wrote that she signs\nas Elder")
    ]
    assert reading("Yes.\n> one quoted line").segments == ()
    unwrapped = (
        "Please list me under my married name.\n\n> Thank you, we have recorded: "
        "Name: Ann Poe, Title: Elder, Organization: First Church, Signing as: individual"
    )
    got = reading(unwrapped)
    assert [(s.name, s.ours) for s in got.segments] == [("", True)]
    assert got.record is not None and got.record.get("organization") == "First Church"


def test_record_from_our_confirmation() -> None:
    quoted = (
        "On Jun 18, 2020, Desk <desk@campaign.example> wrote:\n> We have recorded:\n"
        ">   Name: Tim Wu\n>   Title: Pastor\n>   Organization: Bay Church\n"
        ">   Signing as: individual"
    )
    got = reading("Please update my title.", quoted)
    assert got.record is not None
    assert got.record.values["organization"] == "Bay Church"


def test_a_record_run_on_after_the_words_that_introduce_it_is_read() -> None:
    quoted = (
        "On Jun 18, 2020, Desk <desk@campaign.example> wrote:\n"
        "> Thank you, we have recorded: Name: Tim Wu, Title: Pastor,\n"
        "> Organization: Bay Church, Oakland, Signing as:\n> individual"
    )
    got = reading("Please sign the church too.", quoted)
    assert got.record is not None
    assert got.record.values == {
        "name": "Tim Wu",
        "title": "Pastor",
        "organization": "Bay Church, Oakland",
        "capacity": "individual",
    }
    one_line = (
        "On Jun 18, 2020, Desk <desk@campaign.example> wrote:\n> Thank you, we have recorded: "
        "Name: Ann Poe, Title: Elder, Organization: First Church, Signing as: both"
    )
    got = reading("Change my title to Deacon.", one_line)
    assert got.record is not None and got.record.get("title") == "Elder"


def test_someone_elses_filled_block_is_no_record() -> None:
    quoted = "On Jun 18, 2020, Bob Lee <bob@example.org> wrote:\n> Name: Bob Lee\n> Title: Pastor"
    assert reading("+1, add me too", quoted).record is None


def test_forwarded_attachment_is_a_segment() -> None:
    got = reading(
        "See attached.", forwarded=("From: Bishop Em Ok <em@example.org>\n\nSign me on.",)
    )
    assert got.segments[0].name == "Bishop Em Ok"
    assert "Sign me on." in got.segments[0].text


def test_memo_makes_once() -> None:
    memo = zones.Memo()
    calls: list[int] = []
    assert memo.get("k", lambda: calls.append(1) or 5) == 5
    assert memo.get("k", lambda: calls.append(1) or 6) == 5
    assert calls == [1]


def test_header_block_in_labels_we_do_not_know() -> None:
    quoted = (
        "Od: Desk <desk@campaign.example>\nOdesláno: středa 12. března 2025 22:40\n"
        "Komu: Jo Doe <jo@example.org>\nPředmět: Your signature\n\nWe have recorded:\n\n"
        "  Name: Jo Doe\n  Title: Chair\n  Organization: Forum\n  Signing as: individual\n"
    )
    got = reading("Please print my name with accents.", quoted)
    assert got.segments[0].ours
    assert got.record is not None and got.record.get("title") == "Chair"


def test_answers_typed_into_our_call() -> None:
    quoted = (
        "From: Desk <desk@campaign.example>\nSent: Monday, March 3, 2025 10:12 AM\n"
        "Subject: Sign-on\n\nTo sign, reply with:\n\n  Name: Rev. Jo Doe\n  Title: Pastor\n"
        "  Organization: First Church\n  Signing as: organization / individual / both --> both\n"
    )
    got = reading("My answers are typed into your message below.", quoted)
    assert got.record is None
    assert got.inline and got.inline[0].get("name") == "Rev. Jo Doe"


def test_author_after_the_verb() -> None:
    quoted = (
        "Am 16.09.2024 um 10:12 schrieb Desk:\nWe have recorded:\n\n"
        "  Name: Jo Doe\n  Title: Pfarrer\n"
    )
    got = reading("Please list my position as Beauftragter.", quoted)
    assert got.record is not None and got.record.get("title") == "Pfarrer"
