"""A message's identity across folders and UIDVALIDITY changes (pure, for any process)."""

from __future__ import annotations

import hashlib


def identity(message_id: str, raw: bytes) -> str:
    """A message's identity across folders and UIDVALIDITY changes.

    The Message-ID plus a hash of the whole message except the transport
    headers each delivery adds (Received, Return-Path, ...): Message-IDs
    collide in the wild, and two different messages must never be taken for
    one, while the same mail found again (a rescan, a second folder, a second
    delivery) is the same message. Without a Message-ID, a hash of the bytes.
    """
    if not message_id:
        return "sha256:" + hashlib.sha256(raw).hexdigest()
    return f"{message_id[:200]}#{hashlib.sha256(_without_trace(raw)).hexdigest()[:24]}"


_TRACE = (
    b"received:",
    b"return-path:",
    b"delivered-to:",
    b"x-original-to:",
    b"envelope-to:",
    b"authentication-results:",
    b"received-spf:",
    b"arc-",
    b"x-spam",
    b"x-ms-exchange-",
)


def _without_trace(raw: bytes) -> bytes:
    """The message with the header fields that differ between deliveries left out."""
    head, body = _split(raw)
    kept: list[bytes] = []
    dropping = False
    for line in head.splitlines():
        if line[:1] in (b" ", b"\t"):  # a folded continuation of the field above
            if not dropping:
                kept.append(line)
            continue
        dropping = line.lower().startswith(_TRACE)
        if not dropping:
            kept.append(line)
    return b"\n".join(kept) + b"\n\n" + body


def _split(raw: bytes) -> tuple[bytes, bytes]:
    for separator in (b"\r\n\r\n", b"\n\n"):
        head, found, body = raw.partition(separator)
        if found:
            return head, body
    return raw, b""
