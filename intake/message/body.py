"""Find the sender's own body text in a MIME tree.

A delivery report's returned original and a vCard are never the sender's
text; a forwarded ``message/rfc822`` is kept apart so extraction can decide
whether the signer wrote it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from email.message import Message as EmailMessage

from intake.message.charset import decode_bytes
from intake.message.html import html_to_text
from intake.message.model import Attachment

_NOT_TEXT = {"text/calendar", "text/x-vcard", "text/vcard", "text/directory", "text/rfc822-headers"}
_MAX_DEPTH = 20


@dataclass
class Body:
    """What the walk found; turned into ``Message`` fields by ``parse``."""

    plain: list[str] = field(default_factory=list)
    html: list[str] = field(default_factory=list)
    forwarded: list[str] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    defects: list[str] = field(default_factory=list)


def part_text(part: EmailMessage) -> str:
    """A leaf part's decoded text, format=flowed undone; never raises."""
    try:
        payload = part.get_payload(decode=True)
    except Exception:
        payload = None
    if not isinstance(payload, bytes):
        raw = part.get_payload()
        payload = raw.encode("utf-8", "surrogateescape") if isinstance(raw, str) else b""
    try:
        label = part.get_content_charset()
    except Exception:
        label = None
    text = decode_bytes(payload, label).replace("\r\n", "\n").replace("\r", "\n")
    if part.get_param("format", header="content-type") == "flowed":
        delsp = str(part.get_param("delsp", header="content-type") or "").lower() == "yes"
        text = unflow(text, delsp)
    return text


def _is_attachment(part: EmailMessage) -> bool:
    disposition = str(part.get("Content-Disposition", "")).lower()
    return disposition.startswith("attachment")


def _attachment(part: EmailMessage) -> Attachment:
    try:
        name = part.get_filename() or ""
    except Exception:
        name = ""
    try:
        payload = part.get_payload(decode=True)
    except Exception:
        payload = None
    size = len(payload) if isinstance(payload, bytes) else 0
    return Attachment(filename=str(name), content_type=part.get_content_type(), size=size)


def walk(msg: EmailMessage) -> Body:
    """Collect plain and HTML text, forwarded messages and attachments."""
    body = Body()
    _walk(msg, body, depth=0)
    return body


def _walk(part: EmailMessage, body: Body, depth: int) -> None:
    if depth > _MAX_DEPTH:
        body.defects.append("MIME nesting too deep")
        return
    ctype = part.get_content_type()
    if part.is_multipart():
        _walk_multipart(part, ctype, body, depth)
    elif (
        ctype == "message/rfc822"
        or ctype.startswith("message/")
        or ctype in _NOT_TEXT
        or not ctype.startswith("text/")
        or _is_attachment(part)
    ):
        body.attachments.append(_attachment(part))
    elif ctype == "text/html":
        body.html.append(part_text(part))
    else:
        body.plain.append(part_text(part))


def _children(part: EmailMessage) -> list[EmailMessage]:
    payload = part.get_payload()
    return [p for p in payload if isinstance(p, EmailMessage)] if isinstance(payload, list) else []


def _walk_multipart(part: EmailMessage, ctype: str, body: Body, depth: int) -> None:
    children = _children(part)
    if ctype == "multipart/report":
        # Only the human-readable notice; the returned original is not the sender's.
        if children:
            _walk(children[0], body, depth + 1)
        body.attachments.extend(_attachment(c) for c in children[1:])
        return
    if ctype == "multipart/alternative":
        _walk_alternative(children, body, depth)
        return
    if ctype == "multipart/signed" and children:
        children = children[:1]
    if ctype == "message/rfc822":
        children = []
    for child in children:
        if child.get_content_type() == "message/rfc822" and not _is_report(part):
            body.forwarded.append(_forwarded_text(child, depth))
            body.attachments.append(_attachment(child))
        else:
            _walk(child, body, depth + 1)


def _is_report(part: EmailMessage) -> bool:
    return part.get_content_type() == "multipart/report"


def _walk_alternative(children: list[EmailMessage], body: Body, depth: int) -> None:
    inner = Body()
    for child in children:
        _walk(child, inner, depth + 1)
    if any(t.strip() for t in inner.plain):
        body.plain.extend(inner.plain)
    elif inner.html:
        body.html.extend(inner.html)
    body.html.extend(inner.html if body.plain and inner.html else [])
    body.forwarded.extend(inner.forwarded)
    body.attachments.extend(inner.attachments)


def _forwarded_text(part: EmailMessage, depth: int) -> str:
    payload = part.get_payload()
    inner = payload[0] if isinstance(payload, list) and payload else None
    if not isinstance(inner, EmailMessage):
        return ""
    from intake.message.headers import decode_value

    found = Body()
    _walk(inner, found, depth + 1)
    text = "\n".join(found.plain) or "\n".join(html_to_text(h) for h in found.html)
    head = [
        f"{name}: {decode_value(inner.get(name))}"
        for name in ("From", "Date", "Subject")
        if inner.get(name)
    ]
    return "\n".join([*head, "", text]).strip()


_FLOWED_QUOTE = re.compile(r"^(>+)")


def unflow(text: str, delsp: bool = False) -> str:
    """Undo RFC 3676 format=flowed soft breaks (a line ending in a space)."""
    out: list[str] = []
    buffer = ""
    depth_of_buffer = -1
    for line in text.split("\n"):
        match = _FLOWED_QUOTE.match(line)
        depth = len(match.group(1)) if match else 0
        content = line[depth:]
        if content.startswith(" "):
            content = content[1:]  # space-stuffing
        if buffer and depth != depth_of_buffer:
            out.append(">" * depth_of_buffer + (" " if depth_of_buffer else "") + buffer)
            buffer = ""
        if content.endswith(" ") and content != "-- ":
            buffer += content[:-1] if delsp else content
            depth_of_buffer = depth
            continue
        full = buffer + content
        buffer = ""
        out.append(">" * depth + (" " if depth else "") + full)
    if buffer:
        out.append(">" * depth_of_buffer + (" " if depth_of_buffer else "") + buffer)
    return "\n".join(out)
