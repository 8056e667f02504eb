"""Property tests: hostile bytes never crash parse, guards or extraction, and no reply is
ever proposed for mail that says it is automatic or bulk.

Messages are built from arbitrary header names and values (CR/LF, NUL, 8-bit bytes,
RFC 2047 words in random charsets, very long lines) and arbitrary bodies under random
Content-Type, charset and Content-Transfer-Encoding labels, single-part or multipart.
"""

from __future__ import annotations

import base64
import dataclasses
import os
import sys
from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intake import guards
from intake.assess import Facts, Plan, Policy, assess
from intake.extract import Capacity, ExtractContext, Extraction, Kind, Signer, extract
from intake.message import Address, Message, parse

OWN = frozenset({"coordinator@irf-roundtable.example"})


def read(message: Message) -> tuple[Extraction, Plan]:
    """What extraction reads in ``message`` and the plan ``assess`` makes of it."""
    extraction = extract(message, ExtractContext(own_addresses=OWN))
    return extraction, assess(message, Facts(Policy(own_addresses=OWN)), extraction)


FAST = settings(
    max_examples=int(os.environ.get("INTAKE_PROPERTY_EXAMPLES", "100")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# --- building blocks --------------------------------------------------------------------

COMMON_NAMES = (
    "From", "To", "Cc", "Reply-To", "Sender", "Subject", "Message-ID", "In-Reply-To",
    "References", "Date", "Return-Path", "Auto-Submitted", "Precedence", "List-Id",
    "Content-Type", "Content-Transfer-Encoding", "MIME-Version", "X-Loop", "Received",
    "Authentication-Results", "X-Autoreply", "X-Auto-Response-Suppress", "Content-Disposition",
)  # fmt: skip
CHARSETS = (
    "utf-8", "us-ascii", "iso-8859-1", "iso-8859-15", "windows-1252", "koi8-r", "shift_jis",
    "iso-2022-jp", "euc-kr", "gb2312", "big5", "utf-16", "utf-7", "utf-32", "x-unknown",
    "unknown-8bit", "ks_c_5601-1987", "bogus-charset", "", "utf-8*en", "\"utf-8\"", "cp65001",
)  # fmt: skip
ENCODINGS = (
    "7bit", "8bit", "binary", "base64", "quoted-printable", "x-uuencode", "uuencode",
    "BASE64", "bogus", "", "quoted-printable; x=1",
)  # fmt: skip
LEAF_TYPES = (
    "text/plain", "text/html", "text/enriched", "application/octet-stream", "text/calendar",
    "message/rfc822", "message/delivery-status", "application/ms-tnef",
    "application/pkcs7-mime", "text/rfc822-headers", "image/png", "garbage", "",
)  # fmt: skip
MULTI_TYPES = (
    "multipart/mixed", "multipart/alternative", "multipart/report", "multipart/signed",
    "multipart/related", "multipart/digest",
)  # fmt: skip
NEWLINES = (b"\r\n", b"\n", b"\r")

charset = st.one_of(st.sampled_from(CHARSETS), st.text(max_size=12))
any_text = st.text(max_size=80)


@st.composite
def encoded_word(draw: st.DrawFn) -> bytes:
    """An RFC 2047 word, well-formed or not, in a random charset."""
    label = draw(charset).encode("utf-8", "replace")
    payload = draw(st.binary(max_size=40))
    if draw(st.booleans()):
        body = base64.b64encode(payload)
        if draw(st.booleans()):
            body = body[: draw(st.integers(0, len(body)))]  # broken padding
        return b"=?" + label + b"?B?" + body + b"?="
    quoted = b"".join(
        bytes([c]) if 33 <= c < 127 and c not in b"=?_" else b"=%02X" % c for c in payload
    )
    return b"=?" + label + b"?Q?" + quoted + draw(st.sampled_from((b"?=", b"", b"?")))


header_name = st.one_of(
    st.sampled_from(COMMON_NAMES).map(str.encode),
    st.text(
        st.characters(min_codepoint=33, max_codepoint=126, exclude_characters=":"),
        min_size=1,
        max_size=30,
    ).map(str.encode),
    st.binary(min_size=1, max_size=20).filter(lambda b: b":" not in b),
)
header_value = st.one_of(
    st.binary(max_size=120),  # CR, LF, NUL, 8-bit: anything
    any_text.map(lambda s: s.encode("utf-8", "surrogatepass")),
    st.lists(st.one_of(encoded_word(), any_text.map(str.encode)), max_size=4).map(b" ".join),
    st.integers(998, 5000).map(lambda n: b"x" * n),  # a very long line
    st.sampled_from((b"<>", b"<a@b>", b"no", b"auto-replied", b"bulk", b"multipart/report")),
    st.tuples(st.binary(max_size=20), st.binary(max_size=20)).map(  # an 8-bit Message-ID
        lambda parts: b"<" + parts[0] + b"@" + parts[1] + b">"
    ),
)


def content_type(kind: str, label: bytes, boundary: bytes | None = None) -> bytes:
    value = kind.encode() + b"; charset=" + label
    return value + (b'; boundary="' + boundary + b'"' if boundary else b"")


@st.composite
def leaf(draw: st.DrawFn) -> tuple[list[bytes], bytes]:
    """(header lines, body) of a leaf part with random labels."""
    kind = draw(st.sampled_from(LEAF_TYPES))
    label = draw(charset).encode("utf-8", "replace")
    cte = draw(st.sampled_from(ENCODINGS)).encode()
    body = draw(
        st.one_of(
            st.binary(max_size=400),
            any_text.map(lambda s: s.encode("utf-8", "surrogatepass")),
            st.binary(max_size=300).map(base64.encodebytes),
        )
    )
    return [
        b"Content-Type: " + content_type(kind, label),
        b"Content-Transfer-Encoding: " + cte,
    ], body


@st.composite
def part(draw: st.DrawFn, depth: int = 0) -> tuple[list[bytes], bytes]:
    if depth >= 3 or draw(st.integers(0, 2)) > 0:
        return draw(leaf())
    boundary = draw(st.sampled_from((b"b1", b"=_x", b"", b"a" * 80))) + str(depth).encode()
    kind = draw(st.sampled_from(MULTI_TYPES))
    children = draw(st.lists(part(depth + 1), min_size=0, max_size=3))
    nl = draw(st.sampled_from(NEWLINES))
    chunks = [draw(st.binary(max_size=30))]  # preamble
    for headers, body in children:
        chunks.append(b"--" + boundary + nl + nl.join(headers) + nl + nl + body)
    if draw(st.booleans()):
        chunks.append(b"--" + boundary + b"--" + nl)  # sometimes missing, as in the wild
    header = b"Content-Type: " + content_type(kind, b"utf-8", boundary)
    return [header], nl.join(chunks)


@st.composite
def raw_message(draw: st.DrawFn) -> bytes:
    """A message of arbitrary headers over a random body (single or multipart)."""
    nl = draw(st.sampled_from(NEWLINES))
    headers = [
        n + b":" + draw(st.sampled_from((b" ", b"", b"\t"))) + v
        for n, v in draw(st.lists(st.tuples(header_name, header_value), max_size=12))
    ]
    mime_headers, body = draw(part())
    order = draw(st.permutations(headers + mime_headers))
    return nl.join(order) + nl + nl + body


def _strings(message: Message) -> list[str]:
    """Every text value in a parsed message (what the store writes)."""
    found: list[str] = []
    for item in dataclasses.fields(message):
        value = getattr(message, item.name)
        values = value if isinstance(value, tuple) else (value,)
        for one in values:
            if isinstance(one, str):
                found.append(one)
            elif isinstance(one, Address):
                found += [one.name, one.addr]
            elif isinstance(one, tuple):
                found += [x for x in one if isinstance(x, str)]
    return found


def _check_extraction(extraction: Extraction) -> None:
    assert isinstance(extraction, Extraction)
    assert isinstance(extraction.kind, Kind)
    assert isinstance(extraction.confidence, float | int)
    assert 0.0 <= extraction.confidence <= 1.0
    assert all(isinstance(r, str) for r in extraction.reasons)
    for signer in extraction.signers:
        assert isinstance(signer, Signer)
        assert isinstance(signer.capacity, Capacity)
        for value in (signer.name, signer.title, signer.organization):
            assert value is None or isinstance(value, str)


# --- parse ------------------------------------------------------------------------------


@FAST
@given(st.binary(max_size=3000))
def test_parse_never_raises_on_arbitrary_bytes(raw: bytes) -> None:
    message = parse(raw)
    assert isinstance(message, Message)
    assert message.size == len(raw)
    assert all(isinstance(d, str) for d in message.defects)


@FAST
@given(raw_message(), st.booleans())
def test_parse_never_raises_on_hostile_messages(raw: bytes, with_time: bool) -> None:
    when = datetime(2020, 6, 20, 14, 0, tzinfo=UTC) if with_time else None
    message = parse(raw, when)
    assert isinstance(message, Message)
    assert message.received == when and message.size == len(raw)
    assert isinstance(message.sender, Address)
    assert all(isinstance(s, str) for s in _strings(message))
    assert message.text_source in ("plain", "html", "none")


@FAST
@given(raw_message())
def test_parsed_text_has_no_raw_line_breaks_in_headers_and_is_storable(raw: bytes) -> None:
    """Header-derived text is one line, and every string is valid Unicode (the store
    writes them to SQLite, which refuses lone surrogates)."""
    message = parse(raw)
    one_line = [message.subject, message.message_id, message.in_reply_to, message.sender.name]
    one_line += [message.sender.addr, *message.references, *(v for _, v in message.headers)]
    assert [v for v in one_line if "\r" in v or "\n" in v] == []
    unstorable = [v for v in _strings(message) if not _encodable(v)]
    assert unstorable == []


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# --- guards and extraction --------------------------------------------------------------


@FAST
@given(raw_message())
def test_guards_and_extraction_never_raise_and_return_their_types(raw: bytes) -> None:
    message = parse(raw)
    verdict = guards.check(message, guards.GuardContext(own_addresses=OWN))
    assert isinstance(verdict, guards.Verdict)
    assert all(isinstance(h, guards.Hit) and h.reason for h in verdict.hits)
    assert verdict.no_reply == bool(verdict.hits)
    _check_extraction(extract(message, ExtractContext(own_addresses=OWN)))


# --- no reply to automatic or bulk mail -------------------------------------------------

GUARDED = {b"auto-submitted", b"precedence", b"list-id"}
AUTOMATIC_HEADERS = (
    b"Auto-Submitted: auto-replied",
    b"Precedence: bulk",
    b"List-Id: Campaign friends <friends.lists.example.org>",
)
SIGN_ON = (
    "Dear coordinator,\r\n\r\nPlease add my name to the open letter.\r\n\r\n"
    "Name: {name}\r\nTitle: {title}\r\nOrganization: {org}\r\n\r\nThank you,\r\n{name}\r\n"
)
word = st.text(st.characters(categories=("Lu", "Ll")), min_size=2, max_size=12)
clean_value = st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=60).map(
    str.encode
)
clean_header = st.tuples(
    st.one_of(
        st.sampled_from(COMMON_NAMES).map(str.encode), st.from_regex(rb"\AX-[A-Za-z]{1,12}\Z")
    ),
    clean_value,
).filter(lambda h: h[0].lower() not in GUARDED and h[0].lower() != b"content-type")


# A harmless value of the same field, written by another hop or a confused mailer.
BENIGN_FIRST = {
    b"auto-submitted": b"Auto-Submitted: no",
    b"precedence": b"Precedence: first-class",
    b"list-id": b"",
}


@st.composite
def automatic_sign_on(draw: st.DrawFn, benign_first: bool = False) -> bytes:
    """A sign-on that would be confirmed, but for one header saying it is automatic or bulk;
    other (well-formed) headers around it, anything after the signature block. With
    ``benign_first``, a harmless header of the same name comes before the marker."""
    name = f"{draw(word).title()} {draw(word).title()}"
    body = SIGN_ON.format(name=name, title=draw(word).title(), org=f"{draw(word).title()} Church")
    body += draw(any_text)
    base = [
        f"From: {name} <signer@example.org>".encode(),
        b"To: coordinator@irf-roundtable.example",
        b"Subject: Sign-on letter",
        b"Message-ID: <prop@example.org>",
        b"Content-Type: text/plain; charset=utf-8",
    ]
    extra = [n + b": " + v for n, v in draw(st.lists(clean_header, max_size=6))]
    marker = draw(st.sampled_from(AUTOMATIC_HEADERS))
    marker = draw(st.sampled_from((marker, marker.lower(), marker.upper())))
    lines = draw(st.permutations([*base, *extra, marker]))
    benign = BENIGN_FIRST[marker.split(b":")[0].lower()]
    if benign_first and benign:
        lines.insert(draw(st.integers(0, lines.index(marker))), benign)
    return b"\r\n".join(lines) + b"\r\n\r\n" + body.encode()


@FAST
@given(automatic_sign_on())
def test_no_reply_is_ever_proposed_for_automatic_or_bulk_mail(raw: bytes) -> None:
    extraction, plan = read(parse(raw))
    _check_extraction(extraction)
    assert plan.reply is None
    assert plan.no_reply_reasons


@FAST
@given(automatic_sign_on(benign_first=True))
def test_a_harmless_earlier_copy_of_the_header_does_not_hide_the_marker(raw: bytes) -> None:
    """``Auto-Submitted: no`` (or ``Precedence: first-class``) above ``Auto-Submitted:
    auto-replied`` (or ``Precedence: bulk``): the message still says it is automatic."""
    _, plan = read(parse(raw))
    assert plan.reply is None


def nested(depth: int, kind: str = "multipart/mixed", boundary: bytes = b"b") -> bytes:
    """A message whose text sits ``depth`` multiparts deep."""
    head, tail = b"", b""
    for level in range(depth):
        mark = boundary + str(level).encode() if boundary else b""
        head += b"Content-Type: " + content_type(kind, b"utf-8", mark) + b"\r\n\r\n--" + mark
        head += b"\r\n"
        tail = b"\r\n--" + mark + b"--\r\n" + tail
    text = b"Content-Type: text/plain\r\n\r\nPlease add my name.\r\n"
    return b"From: a@example.org\r\n" + head + text + tail


@settings(FAST, max_examples=30)
@given(st.integers(0, 80), st.sampled_from(MULTI_TYPES), st.sampled_from((b"", b"b")))
def test_nested_mime_never_raises(depth: int, kind: str, boundary: bytes) -> None:
    message = parse(nested(depth, kind, boundary))
    assert isinstance(message, Message)
    _check_extraction(extract(message, ExtractContext(own_addresses=OWN)))


def test_mime_nested_past_the_recursion_limit_never_raises() -> None:
    """About 90 KB of nesting is enough to exhaust Python's recursion in the stdlib parser."""
    message = parse(nested(sys.getrecursionlimit() + 200))
    assert any("nesting" in d or "unreadable" in d for d in message.defects)


def test_the_same_sign_on_without_the_marker_is_confirmed() -> None:
    """The property above is not vacuous: the base message does get a reply."""
    body = SIGN_ON.format(name="Ruth Abernathy", title="Pastor", org="Salem Church")
    raw = (
        "From: Ruth Abernathy <signer@example.org>\r\nTo: coordinator@irf-roundtable.example\r\n"
        "Subject: Sign-on letter\r\nMessage-ID: <prop@example.org>\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body
    ).encode()
    extraction, plan = read(parse(raw))
    assert extraction.kind is Kind.SIGNATURE and plan.reply is not None
    for marker in AUTOMATIC_HEADERS:
        _, plan = read(parse(raw.replace(b"\r\n\r\n", b"\r\n" + marker + b"\r\n\r\n", 1)))
        assert plan.reply is None, marker
