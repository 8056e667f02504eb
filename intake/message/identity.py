"""A message's identity across folders, UIDVALIDITY changes and mailbox rebuilds (pure).

Message-IDs collide in the wild, so the identity is the Message-ID plus a hash of
what makes the message itself: the header fields its author's side wrote (From,
To, Subject, Date, Message-ID, the MIME ``Content-*`` fields, ``Resent-*``, the
sender's DKIM-Signature ...) and its body. What a mailbox adds or rewrites when it
stores the mail is left out: trace fields (Received, Authentication-Results ...)
and state (an mbox round trip's ``Status:``, ``X-Keywords:``, ``X-UID:``,
``Content-Length:``), line endings, mboxo's ``>From`` quoting and the line ends at
the very end (an mbox file adds or drops one; DKIM's canonical form ignores them
too). So the same mail found again (a rescan, a second folder, a rebuilt mailbox)
is the same message, and two different ones never are.
"""

from __future__ import annotations

import hashlib
import re

IDENTITY_VERSION = "v2."  # identities before it hashed every header but the trace fields

_AUTHORED = frozenset(
    {
        b"from", b"sender", b"reply-to", b"to", b"cc", b"subject", b"date", b"message-id",
        b"in-reply-to", b"references", b"mime-version", b"dkim-signature",
    }
)  # fmt: skip
_AUTHORED_PREFIXES = (b"content-", b"resent-")
_MAILBOX_STATE = frozenset({b"content-length"})  # written by mbox tools, not by the author
_SPACE = re.compile(rb"\s+")
_FROM_QUOTE = re.compile(rb"(?m)^>+(?=From )")
_TRAILING = b"\r\n"
_CHUNK = 1 << 20


def identity(message_id: str, raw: bytes) -> str:
    """The Message-ID and a hash of the authored content; without a Message-ID, the hash."""
    digest = content_hash(raw)
    if not message_id:
        return f"{IDENTITY_VERSION}sha256:{digest}"
    return f"{message_id[:200]}#{IDENTITY_VERSION}{digest[:32]}"


def content_hash(raw: bytes) -> str:
    """SHA-256 of the authored header fields (sorted, unfolded) and the normalised body."""
    head_end, body_start = _split(raw)
    digest = hashlib.sha256()
    for field in sorted(_authored_fields(raw[:head_end])):
        digest.update(field + b"\n")
    digest.update(b"\n")
    _hash_body(digest, raw, body_start)
    return digest.hexdigest()


def _split(raw: bytes) -> tuple[int, int]:
    """Where the header ends and the body starts (no body: both at the end)."""
    found = [(at, len(sep)) for sep in (b"\r\n\r\n", b"\n\n") if (at := raw.find(sep)) >= 0]
    if not found:
        return len(raw), len(raw)
    at, size = min(found)
    return at, at + size


def _authored_fields(head: bytes) -> list[bytes]:
    fields: list[bytes] = []
    for line in head.replace(b"\r\n", b"\n").split(b"\n"):
        if line[:1] in (b" ", b"\t"):  # a folded continuation of the field above
            if fields and fields[-1] is not _SKIPPED:
                fields[-1] += b" " + line
            continue
        name, colon, value = line.partition(b":")
        key = name.strip().lower()
        fields.append(key + b":" + value if colon and _authored(key) else _SKIPPED)
    return [_SPACE.sub(b" ", f).strip() for f in fields if f is not _SKIPPED]


_SKIPPED = b"\x00skipped"


def _authored(name: bytes) -> bool:
    if name in _AUTHORED:
        return True
    return name.startswith(_AUTHORED_PREFIXES) and name not in _MAILBOX_STATE


def _hash_body(digest: hashlib._Hash, raw: bytes, start: int) -> None:
    """Hash the body from ``start`` a megabyte at a time (a 24 MB message is not copied
    whole), with LF line ends, ``>From`` unquoted and the final line ends dropped."""
    end = len(raw)
    while end > start and raw[end - 1] in _TRAILING:
        end -= 1
    view = memoryview(raw)
    at = start
    while at < end:
        stop = min(end, at + _CHUNK)
        if stop < end and (newline := raw.rfind(b"\n", at, stop)) > at:
            stop = newline + 1  # chunks end at a line end, so ^ and CRLF are never split
        chunk = view[at:stop].tobytes().replace(b"\r\n", b"\n")
        digest.update(_FROM_QUOTE.sub(b"", chunk))
        at = stop
