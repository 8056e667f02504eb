"""Parsing: bounce recipients read by flufl.bounce."""

from __future__ import annotations

from email.message import EmailMessage

from hypothesis import given, settings
from hypothesis import strategies as st

from intake.message import parse

DSN = """\
From: Mail Delivery System <MAILER-DAEMON@mx.example.org>
To: desk@campaign.example
Subject: Undelivered Mail Returned to Sender
Message-ID: <dsn1@mx.example.org>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: text/plain

I'm sorry to have to inform you that your message could not be delivered.

--B
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.org

Final-Recipient: rfc822; gone@example.org
Action: failed
Status: 5.1.1

--B--
"""


def test_bounce_recipients() -> None:
    assert parse(DSN.encode()).bounce_recipients == ("gone@example.org",)


def test_human_mail_has_no_bounce_recipients() -> None:
    msg = EmailMessage()
    msg["From"] = "Jo <jo@example.org>"
    msg["Subject"] = "Sign on"
    msg.set_content("Please add my name.")
    assert parse(msg.as_bytes()).bounce_recipients == ()


def test_a_charset_python_knows_but_mail_never_uses_is_ignored() -> None:
    from intake.message.charset import decode_bytes

    for label in ("undefined", "UNDEFINED", "hex", "rot13"):
        assert decode_bytes(b"caf\xc3\xa9", label) == "café"


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=127), max_size=60))
def test_a_plain_header_value_reads_the_same_the_short_way(value: str) -> None:
    from intake.message.headers import decode_folded, decode_value

    assert decode_value(value) == (decode_folded(value) if value else "")


def test_defects_name_broken_headers_and_broken_mime() -> None:
    """Header defects come from intake's own reading of the fields; MIME defects from
    mail-parser over the structure, which sees no address or date field."""
    raw = (
        b"From: nobody at all\r\nTo: coordinator@example.org\r\n"
        b"Date: the day after tomorrow\r\nSubject: sign\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="b1"\r\n\r\n'
        b"no boundary ever comes\r\n"
    )
    defects = parse(raw).defects
    assert "AddressHeaderDefect" in defects
    assert "DateHeaderDefect" in defects
    assert "StartBoundaryNotFoundDefect" in defects
    assert "no From address" in defects


def test_well_formed_mail_has_no_defects() -> None:
    raw = (
        b"From: Ana Lima <ana@example.org>\r\nTo: coordinator@example.org\r\n"
        b"Date: Tue, 16 Jun 2020 13:03:12 -0400\r\nSubject: sign\r\n"
        b"Received: from a by b; Tue, 16 Jun 2020 13:03:12 -0400\r\n\r\nI sign.\r\n"
    )
    assert parse(raw).defects == ()
