"""Raw bytes to :class:`Message`, recording defects instead of raising."""

from __future__ import annotations

import copy
import email
import email.parser
import email.policy
import logging
import re
from datetime import datetime
from email.message import Message as EmailMessage

import mailparser

from intake.message import headers as h
from intake.message.body import Body, walk
from intake.message.clean import clean_text
from intake.message.html import html_to_text
from intake.message.model import Address, Message
from intake.message.quoting import split_quoted

_NOBODY = Address(name="", addr="")
SUBJECT_LIMIT = 500  # characters of a subject kept
# mail-parser logs a warning for every part type it does not render; we walk parts ourselves.
logging.getLogger("mailparser").setLevel(logging.ERROR)
# flufl.bounce logs every detector that trips over odd mail; we only want its answer.
logging.getLogger("flufl.bounce").setLevel(logging.CRITICAL)
_BOUNCE_SUBJECT = re.compile(
    r"undeliver|delivery (?:status|failure|has failed)|returned mail|failure notice|"
    r"mail delivery|delayed mail|non-?delivery|could not be delivered",
    re.IGNORECASE,
)
_BOUNCE_SENDERS = {"mailer-daemon", "postmaster", "mail-daemon", "mailerdaemon"}


def _email(raw: bytes) -> tuple[EmailMessage, list[str]]:
    """The stdlib message mail-parser reads (compat32), plus mail-parser's defect names."""
    try:
        msg = email.message_from_bytes(raw, policy=email.policy.compat32)
    except RecursionError:  # nested past Python's limit: read the header block only
        head = email.parser.BytesHeaderParser(policy=email.policy.compat32).parsebytes(raw)
        return head, ["MIME nesting too deep: body not read"]
    return msg, _defects(msg)


def _defects(msg: EmailMessage) -> list[str]:
    """mail-parser's defect categories for the MIME structure of ``msg``; never raises.

    mail-parser is handed the message with only its MIME header fields: intake
    reads From, To, Date and the rest itself (``_envelope``), and the header
    defects come from that reading (``_header_defects``). Given every field,
    mail-parser would parse the addresses and dates again, split each
    ``Received`` into clauses and decode every field, for results intake never
    reads: over half of its time.
    """
    view = copy.copy(msg)  # shares the parts and their defects; the field list is new
    for name in {k.lower() for k in msg} - _MIME_FIELDS:
        del view[name]
    try:
        return sorted(str(d) for d in mailparser.MailParser(view).defects_categories)
    except Exception as exc:  # mail-parser gives up on some hostile mail
        return [f"mail-parser failed: {type(exc).__name__}"]


_MIME_FIELDS = {
    "mime-version",
    "content-type",
    "content-transfer-encoding",
    "content-disposition",
    "content-id",
    "content-description",
}


def _header_defects(items: list[tuple[str, str]], fields: dict[str, object]) -> list[str]:
    """The header defects mail-parser would name, from intake's own reading of the fields:
    an address field with no address in it, a From none could be read from, an
    unreadable Date."""
    found = []
    blank = any(
        value.strip() and "@" not in value
        for key, value in items
        if key in ("from", "sender", "to", "cc", "reply-to")
    )
    if blank or (_raw_first(items, "from") and fields["sender"] == _NOBODY):
        found.append("AddressHeaderDefect")
    if _raw_first(items, "date") and fields["date"] is None:
        found.append("DateHeaderDefect")
    return found


def _raw_items(msg: EmailMessage) -> list[tuple[str, str]]:
    """Header (name, raw value) pairs; raw 8-bit stays surrogate-escaped for us to decode."""
    try:
        return [(str(k).strip().lower(), str(v)) for k, v in msg.raw_items()]
    except Exception:
        return []


def _raw_all(items: list[tuple[str, str]], name: str) -> list[str]:
    return [value for key, value in items if key == name]


def _raw_first(items: list[tuple[str, str]], name: str) -> str | None:
    values = _raw_all(items, name)
    return values[0] if values else None


def _envelope(
    items: list[tuple[str, str]], msg: EmailMessage, received: datetime | None, size: int
) -> dict[str, object]:
    """Header-derived fields shared by the full and the headers-only parse."""
    senders = h.addresses(_raw_all(items, "from")) or h.addresses(_raw_all(items, "sender"))
    ids = h.message_ids(_raw_first(items, "message-id"))
    in_reply = h.message_ids(_raw_first(items, "in-reply-to"))
    return {
        "sender": senders[0] if senders else _NOBODY,
        "subject": h.decode_value(_raw_first(items, "subject"), SUBJECT_LIMIT),
        "message_id": ids[0] if ids else "",
        "in_reply_to": in_reply[0] if in_reply else "",
        "references": h.message_ids(" ".join(_raw_all(items, "references"))),
        "reply_to": h.addresses(_raw_all(items, "reply-to")),
        "to": h.addresses(_raw_all(items, "to")),
        "cc": h.addresses(_raw_all(items, "cc")),
        "headers": tuple((k, h.decode_value(v)) for k, v in items),
        "date": h.parse_date(_raw_first(items, "date")),
        "received": received,
        "content_type": _content_type(msg),
        "size": size,
    }


def _content_type(msg: EmailMessage) -> str:
    try:
        return msg.get_content_type()
    except Exception:
        return "text/plain"


def _text(body: Body) -> tuple[str, str, str]:
    """``(text, html, source)`` from the walked body."""
    html = "\n".join(body.html)
    plain = "\n\n".join(p for p in body.plain if p.strip())
    if plain.strip():
        return plain, html, "plain"
    if html.strip():
        return html_to_text(html), html, "html"
    return "", html, "none"


def _may_bounce(fields: dict[str, object]) -> bool:
    """Cheap signs of a delivery report, so flufl.bounce only reads likely ones."""
    sender = fields["sender"]
    local = sender.addr.split("@", 1)[0] if isinstance(sender, Address) else ""
    headers = fields["headers"]
    return_path = (
        [v for k, v in headers if k == "return-path"] if isinstance(headers, tuple) else []
    )
    return (
        fields["content_type"] == "multipart/report"
        or local in _BOUNCE_SENDERS
        or bool(return_path and return_path[-1].replace(" ", "") in ("<>", ""))
        or bool(_BOUNCE_SUBJECT.search(str(fields["subject"])))
    )


def bounce_recipients(raw: bytes) -> tuple[str, ...]:
    """Addresses a delivery report says failed (flufl.bounce); empty when none or unreadable."""
    from flufl.bounce import all_failures  # compiles its detectors' patterns: only when needed

    try:
        report = email.message_from_bytes(raw, policy=email.policy.default)
        temporary, permanent = all_failures(report)
    except Exception:  # a detector that trips over odd mail: no answer, not an error
        return ()
    found = {a.decode("utf-8", "replace").lower() for a in (*temporary, *permanent)}
    return tuple(sorted(found))


def parse(raw: bytes, received: datetime | None = None) -> Message:
    """Parse a whole message. Never raises; problems land in ``defects``."""
    msg, defects = _email(raw)
    items = _raw_items(msg)
    fields = _envelope(items, msg, received, len(raw))
    defects = sorted({*defects, *_header_defects(items, fields)})
    try:
        body = walk(msg)
    except Exception as exc:
        body = Body(defects=[f"body unreadable: {type(exc).__name__}"])
    text, html, source = _text(body)
    text = clean_text(text)
    own, quoted = split_quoted(text)
    if not fields["sender"] or fields["sender"] == _NOBODY:
        defects.append("no From address")
    return Message(
        **fields,  # type: ignore[arg-type]
        text=text,
        html=html,
        own_text=own,
        quoted_text=quoted,
        forwarded=tuple(clean_text(f) for f in body.forwarded),
        attachments=tuple(body.attachments),
        defects=tuple(defects + body.defects),
        text_source=source,
        bounce_recipients=bounce_recipients(raw) if _may_bounce(fields) else (),
    )


def parse_headers_only(header_bytes: bytes, size: int, received: datetime | None) -> Message:
    """Parse just the header block of an oversized message; the body is not read."""
    try:
        msg = email.message_from_bytes(header_bytes, policy=email.policy.compat32)
    except Exception:
        msg = EmailMessage()
    fields = _envelope(_raw_items(msg), msg, received, size)
    return Message(**fields, defects=("message over the size limit",), truncated=True)  # type: ignore[arg-type]
