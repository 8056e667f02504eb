"""Where each piece of a message's text comes from.

The sender's own words (footers, mobile signatures and legal disclaimers
removed); the earlier messages they quote or forward, each with its author
(so our own call and confirmation are known as ours); answers typed into the
quoted call's labels; and the record our confirmation echoed, which a
correction or withdrawal refers to.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar, cast

from intake.extract import labels, vocab
from intake.extract.gates import Gate
from intake.extract.model import ExtractContext
from intake.message import Message
from intake.message.quoting import cut_at_quote, is_foreign_header_block, is_intro

_HEADER_FROM = re.compile(r"^\s*\*?(?:From|De|Von|Van|От)\s*:\*?\s*(?P<who>.+)$", re.IGNORECASE)
_WROTE = re.compile(
    r"^\s*(?:On|Le|El|Am|Op|Em)\b.*?,\s*(?P<who>[^,]*<[^>]+>|[^,]+?)\s+"
    r"(?:wrote|a écrit|escribió|schrieb|schreef|escreveu)\b",
    re.I,
)
# "Am 16.09.2024 um 10:12 schrieb Priya Natarajan:": the author after the verb.
_WROTE_AFTER = re.compile(
    r"^\s*(?:On|Le|El|Am|Op|Em|Il)\b.*?\b(?:wrote|a écrit|escribió|schrieb|schreef|escreveu|"
    r"ha scritto)\s+(?P<who>[^:]+?)\s*:\s*$",
    re.I,
)
_ANGLE = re.compile(r"<([^<>@\s]+@[^<>\s]+)>|([\w.+-]+@[\w-]+(?:\.[\w-]+)+)")
_QUOTE_PREFIX = re.compile(r"^[ \t]*(?:>[ \t]?)+", re.MULTILINE)
_DISCLAIMER = re.compile(
    r"^\s*(?:confidentiality notice|confidential(?:ity)?:|disclaimer|legal notice|"
    r"this (?:e-?mail|message|communication)\b.{0,60}\b(?:confidential|intended|privileged)|"
    r"the information (?:contained )?in this (?:e-?mail|message)|"
    r"if you (?:are not|have received) (?:the intended|this (?:e-?mail|message) in error))",
    re.IGNORECASE,
)
_HEADER_LINES = re.compile(
    r"\A(?:\s*\*?(?:Sent|Date|To|Cc|Bcc|Subject|Reply-To|Importance|Envoyé|À|Objet|Gesendet|An|"
    r"Betreff|Enviado|Para|Asunto|Datum|Aan|Onderwerp|Дата|Кому|Тема)\s*:\*?[^\n]*\n)+",
    re.IGNORECASE,
)
# How our confirmations introduce the record they echo (templates/*.txt.j2 and the like).
_RECORDED = re.compile(
    r"\brecorded\b|\bwe have you\b|\byour signature\b|\bnow reads\b|"
    r"\bwe have (?:removed|corrected|added|listed)\b|\byour entry\b",
    re.IGNORECASE,
)


T = TypeVar("T")
# Bounds that keep hostile mail cheap: a sign-on never needs more text than this.
_MAX_TEXT = 8000
_TAIL = 3000
_MAX_SUBJECT = 400


class Memo:
    """Values computed once per message (several rules read the same entries and blocks)."""

    def __init__(self) -> None:
        self._values: dict[str, object] = {}

    def get(self, key: str, make: Callable[[], T]) -> T:
        """The value under ``key``, made by ``make`` the first time."""
        if key not in self._values:
            self._values[key] = make()
        return cast(T, self._values[key])


@dataclass(frozen=True)
class Segment:
    """An earlier message inside this one: its author and its own words."""

    name: str
    address: str
    text: str
    ours: bool


@dataclass(frozen=True)
class Reading:
    """The pieces of one message extraction reads."""

    own: str
    subject: str
    sender_name: str
    sender_address: str
    segments: tuple[Segment, ...] = ()
    inline: tuple[labels.Group, ...] = ()
    record: labels.Group | None = None
    quoted: str = ""
    memo: Memo = field(default_factory=Memo, compare=False, repr=False)

    @property
    def own_lines(self) -> list[str]:
        return self.own.split("\n")


def clean_own(text: str) -> str:
    """The sender's own words without client footers, ``>`` lines and disclaimers."""
    out: list[str] = []
    for line in text.split("\n"):
        stripped = line.strip()
        if _DISCLAIMER.match(stripped):
            break
        if stripped.startswith(">") or (stripped and vocab.FOOTER.match(stripped)):
            continue
        out.append(line.rstrip())
    return "\n".join(out).strip("\n")


def read(message: Message, context: ExtractContext) -> Reading:
    """Split ``message`` into what extraction reads."""
    own = clean_own(_bounded(message.own_text or ("" if message.quoted_text else message.text)))
    segments = (*_segments(message, context), *_quoted_inline(message.own_text))
    groups = labels.inline_answers(_bounded(message.text)) or _typed_into_call(segments)
    return Reading(
        own=own,
        subject=message.subject[:_MAX_SUBJECT],
        sender_name=message.sender.name,
        sender_address=message.sender.addr,
        segments=segments,
        inline=tuple(groups),
        record=_record(segments),
        quoted=message.quoted_text,
    )


def _quoted_inline(own_text: str) -> tuple[Segment, ...]:
    """The ``>`` lines a reply keeps among the sender's own words (a quote with no
    reply header above it: "TAKE ME OFF" over "> Thank you, we have recorded: ..."),
    as one earlier message whose author is unknown; ours when it echoes a record. One
    line alone is a quote only when it echoes a record (a client that unwraps the
    confirmation puts the whole record on one ">" line)."""
    lines = [
        _QUOTE_PREFIX.sub("", line)
        for line in _bounded(own_text).split("\n")
        if line.lstrip().startswith(">")
    ]
    text = "\n".join(lines).strip("\n")
    if not text.strip():
        return ()
    echoes = _echoes_record(text)
    if len(lines) < 2 and not echoes:
        return ()
    return (Segment("", "", text, echoes),)


def _bounded(text: str) -> str:
    """Very long text keeps its head and its tail: sign-ons and signatures live there."""
    if len(text) <= _MAX_TEXT:
        return text
    return text[: _MAX_TEXT - _TAIL] + "\n\n" + text[-_TAIL:]


def _segments(message: Message, context: ExtractContext) -> list[Segment]:
    chunks = _split_chain(_QUOTE_PREFIX.sub("", _bounded(message.quoted_text)))
    chunks += [_split_chain(_bounded(text))[0] for text in message.forwarded if text.strip()]
    our_names = _our_names(message, context)
    out: list[Segment] = []
    for name, address, text in chunks:
        own = cut_at_quote(_HEADER_LINES.sub("", text, count=1))
        ours = address.lower() in context.own_addresses or (
            not address and name.lower() in our_names
        )
        if own.strip() or address:
            out.append(Segment(name, address.lower(), clean_own(own), ours))
    return out


def _our_names(message: Message, context: ExtractContext) -> set[str]:
    """Display names the sender's client gives our own addresses (To, Cc)."""
    people = (*message.to, *message.cc)
    return {a.name.lower() for a in people if a.name and a.addr in context.own_addresses}


def _split_chain(text: str) -> list[tuple[str, str, str]]:
    """``(author name, address, text)`` for each message in a quoted chain."""
    chunks: list[tuple[str, str, str]] = []
    author = ("", "")
    body: list[str] = []
    lines = text.split("\n")
    for index, line in enumerate(lines):
        who = _author(lines, index)
        if who is not None:
            if any(x.strip() for x in body):
                chunks.append((*author, "\n".join(body)))
            author, body = who, []
            continue
        body.append(line)
    chunks.append((*author, "\n".join(body)))
    return [c for c in chunks if c[2].strip() or c[1]]


def _author(lines: list[str], index: int) -> tuple[str, str] | None:
    line = lines[index]
    match = _HEADER_FROM.match(line)
    if match and (index == 0 or _header_below(lines, index)):
        return _who(match.group("who"))
    match = _wrote(line)
    if match:
        return _who(match.group("who"))
    if is_foreign_header_block(lines, index):
        return _who(line.split(":", 1)[1])
    if is_intro(line):
        return "", ""  # a reply header whose author we cannot read still starts a message
    return None


def _wrote(line: str) -> re.Match[str] | None:
    """A reply header ("On ..., Jane Doe wrote:"), read only when the line holds its verb."""
    low = line.lower()
    return _WROTE_GATE.match(line, low) or _WROTE_AFTER_GATE.match(line, low)


_WROTE_GATE = Gate(_WROTE)
_WROTE_AFTER_GATE = Gate(_WROTE_AFTER)


def _header_below(lines: list[str], index: int) -> bool:
    """The line under ``index`` is another header line ("Sent: ...")."""
    return index + 1 < len(lines) and bool(_HEADER_LINE.match(lines[index + 1]))


_HEADER_LINE = re.compile(r"^\s*\*?\w[\w ]{0,20}:")


def _who(text: str) -> tuple[str, str]:
    found = _ANGLE.search(text)
    address = (found.group(1) or found.group(2)) if found else ""
    name = _ANGLE.sub("", text).strip(" \"'<>[]")
    return name, address


def _typed_into_call(segments: tuple[Segment, ...]) -> list[labels.Group]:
    """Answers the sender typed into our own call below their reply (its labels, filled in).

    Our call's labels are empty; filled ones in a message of ours that echoes no
    record were typed by the sender.
    """
    for segment in segments:
        if not segment.ours or _echoes_record(segment.text):
            continue
        found = [g for g in labels.blocks(segment.text.split("\n")) if g.get("name")]
        if found:
            return found[:1]
    return []


def _echoes_record(text: str) -> bool:
    """The text introduces a record our confirmation echoed ("We have recorded: ...")."""
    return bool(_RECORDED_GATE.search(text))


_RECORDED_GATE = Gate(_RECORDED)


def _record(segments: tuple[Segment, ...]) -> labels.Group | None:
    """The filled record our confirmation echoed ("We have recorded: Name: ..."), on
    lines of its own or run on after the words that introduce it ("Thank you, we have
    recorded: Name: X, Title: Y, Organization: Z, Signing as: individual")."""
    for segment in segments:
        found = _RECORDED_GATE.search(segment.text)
        if found is None:
            continue
        after = segment.text[found.end() :].lstrip(" :.-–—")
        for text in (after, segment.text):
            for group in labels.blocks(text.split("\n")):
                if group.get("name") or group.get("organization"):
                    return group
    return None
