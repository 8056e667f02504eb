"""Composing mail: fixed MIME boundaries that the encoded text cannot hold, and header
fields written as the stdlib would write them."""

from __future__ import annotations

import email
import email.policy
from email.policy import Compat32, compat32

from hypothesis import given, settings
from hypothesis import strategies as st

from intake.outbox.mime import (
    ALTERNATIVE_BOUNDARY,
    MIXED_BOUNDARY,
    Attachment,
    _Wire,
    assemble,
    compose,
    mime_body,
)

FIELDS = [("From", "Desk <desk@campaign.example>"), ("Subject", "Re: Sign-on")]
TRAPS = (
    f"--{ALTERNATIVE_BOUNDARY}",
    f"--{MIXED_BOUNDARY}--",
    "=_ and =_intake and ==_",
    "-- \nA signature",
    "a line of = signs ========",
)
LINE = st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"))


def parts(data: bytes) -> list[tuple[str, str]]:
    """(content type, decoded text) of every leaf, read back with the stdlib's modern parser."""
    mail = email.message_from_bytes(data, policy=email.policy.default)
    return [
        (p.get_content_type(), p.get_content().replace("\r\n", "\n"))
        for p in mail.walk()
        if not p.is_multipart()
    ]


def test_the_boundaries_are_fixed_and_neither_starts_the_other() -> None:
    data = compose(FIELDS, "text", "<p>html</p>", [Attachment("a.csv", "text", "csv", b"x,y")])
    assert f'boundary="{ALTERNATIVE_BOUNDARY}"'.encode() in data
    assert f'boundary="{MIXED_BOUNDARY}"'.encode() in data
    assert not ALTERNATIVE_BOUNDARY.startswith(MIXED_BOUNDARY)
    assert not MIXED_BOUNDARY.startswith(ALTERNATIVE_BOUNDARY)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(TRAPS) | st.text(LINE, max_size=60), max_size=8).map("\n".join),
    st.booleans(),
)
def test_text_that_spells_a_boundary_comes_back_whole(text: str, attach: bool) -> None:
    """quoted-printable writes '=' as '=3D', so no encoded line can open a delimiter."""
    html = "<p>" + text + "</p>"
    attachments = [Attachment("list.txt", "text", "plain", text.encode())] if attach else []
    read = parts(compose(FIELDS, text + "\n", html + "\n", attachments))
    assert [kind for kind, _ in read[:2]] == ["text/plain", "text/html"]
    assert read[0][1] == text + "\n" and read[1][1] == html + "\n"
    assert len(read) == 2 + len(attachments)


WIRE = _Wire(linesep="\r\n", max_line_length=78)
STDLIB = compat32.clone(linesep="\r\n", max_line_length=78)
NAMES = st.sampled_from(["Subject", "To", "Message-ID", "References", "X-Auto-Response-Suppress"])


@settings(max_examples=1000, deadline=None)
@given(NAMES, st.text(max_size=120))
def test_a_field_is_written_as_the_stdlib_writes_it(name: str, value: str) -> None:
    """The same bytes, or the same refusal ("\r0:" would start a new field: both raise)."""
    assert _folded(WIRE, name, value) == _folded(STDLIB, name, value)


def _folded(policy: Compat32, name: str, value: str) -> bytes | str:
    try:
        return policy.fold_binary(name, value)
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"


def generated_whole(fields: list[tuple[str, str]], text: str, html: str) -> bytes:
    """The mail as the stdlib writes it with every field set on the message first."""
    from email.mime.multipart import MIMEMultipart
    from email.mime.text import MIMEText

    from intake.outbox.mime import _UTF8

    top = MIMEMultipart("alternative", boundary=ALTERNATIVE_BOUNDARY)
    top.attach(MIMEText(text, "plain", _UTF8))  # type: ignore[arg-type]
    top.attach(MIMEText(html, "html", _UTF8))  # type: ignore[arg-type]
    for name, value in fields:
        top[name] = value
    return top.as_bytes(policy=WIRE)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(NAMES, st.text(LINE, max_size=120)), max_size=6),
    st.text(LINE, max_size=200),
)
def test_a_body_made_apart_gives_the_bytes_of_one_generated_whole(
    fields: list[tuple[str, str]], text: str
) -> None:
    """The body is made ahead (in a worker) and the header fields set later: the same bytes."""
    html = f"<p>{text}</p>"
    body = mime_body(text, html)
    assert assemble(fields, body) == generated_whole(fields, text, html)
    assert compose(fields, text, html) == generated_whole(fields, text, html)
