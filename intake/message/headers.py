"""Header decoding that never raises: RFC 2047 words, raw 8-bit, broken labels."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.header import decode_header
from email.utils import getaddresses, parsedate_to_datetime

from intake.message.charset import decode_bytes
from intake.message.clean import NAME_LIMIT, clean_line
from intake.message.model import Address

_FOLD = re.compile(r"\r?\n[ \t]*")
_MSGID = re.compile(r"<[^<>\s]+>")


def _unsurrogate(value: str) -> str:
    """Undo surrogateescape from a raw 8-bit header (compat32 keeps bytes that way)."""
    if value.isascii() or not any("\udc80" <= ch <= "\udcff" for ch in value):
        return value
    raw = value.encode("ascii", "surrogateescape")
    return decode_bytes(raw, None)


VALUE_LIMIT = 10_000  # characters of one decoded header value kept


def decode_value(value: str | None, limit: int = VALUE_LIMIT) -> str:
    """Decode one header value to readable text: one line, no control characters, at
    most ``limit`` characters; never raises."""
    if not value:
        return ""
    if (
        len(value) <= limit
        and value.isascii()
        and value.isprintable()
        and "  " not in value
        and "=?" not in value
    ):
        return value.strip()  # what decode_folded makes of it (most fields of most mail)
    return decode_folded(value, limit)


def decode_folded(value: str, limit: int = VALUE_LIMIT) -> str:
    """``decode_value`` the long way: unfold, undo raw 8-bit, decode words, clean."""
    text = _unsurrogate(_FOLD.sub(" ", str(value)[: limit * 4]))
    if "=?" in text:
        text = _decode_words(text)
    return clean_line(text, limit)


def _decode_words(text: str) -> str:
    try:
        parts = decode_header(text)
    except Exception:  # malformed encoded word: keep the raw text
        return text
    out: list[str] = []
    for chunk, charset in parts:
        out.append(decode_bytes(chunk, charset) if isinstance(chunk, bytes) else chunk)
    return "".join(out)


def _ends(value: str, keep: int = 2_000) -> str:
    """A hostile-length address header cut to its ends (where the display name starts and
    the address is), so parsing it stays quick; ordinary ones are untouched."""
    return value if len(value) <= 10 * keep else value[:keep] + value[-keep:]


def addresses(values: list[str] | tuple[str, ...]) -> tuple[Address, ...]:
    """Parse address headers: display names decoded, addresses lower-cased."""
    raw = [_unsurrogate(_FOLD.sub(" ", _ends(str(v)))) for v in values if v]
    try:
        pairs = getaddresses(raw)
    except Exception:
        return ()
    found: list[Address] = []
    for name, addr in pairs:
        addr = addr.strip().strip("<>").replace("\r", "").replace("\n", "")
        if not addr or "@" not in addr:
            continue
        found.append(Address(name=decode_value(name, NAME_LIMIT), addr=clean_line(addr).lower()))
    return tuple(found)


def message_ids(value: str | None) -> tuple[str, ...]:
    """Every ``<id>`` in a Message-ID / In-Reply-To / References value."""
    if not value:
        return ()
    value = _unsurrogate(str(value))
    ids = _MSGID.findall(value)
    if not ids and str(value).strip():
        token = str(value).strip().split()[0]
        ids = [f"<{token.strip('<>')}>"]
    return tuple(ids)


def parse_date(value: str | None) -> datetime | None:
    """The Date header as an aware datetime, or None when it cannot be read."""
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(str(value))
    except Exception:
        return None
    if parsed is None:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
