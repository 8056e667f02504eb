"""Bytes to text when the charset label is wrong, missing or unknown."""

from __future__ import annotations

import codecs

# Labels that mailers write for Windows code pages (as browsers read them).
_ALIASES = {
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "tis-620": "cp874",
    "ks_c_5601-1987": "cp949",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-unknown": "utf-8",
    "unknown-8bit": "utf-8",
    "utf8": "utf-8",
}


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    name = label.strip().strip('"').lower()
    name = _ALIASES.get(name, name)
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError):  # unknown, or a label with a NUL in it
        return None
    # "undefined", "hex", "rot13" ... are codecs Python knows but no mail charset.
    return (
        info.name if getattr(info, "_is_text_encoding", True) and info.name != "undefined" else None
    )


def decode_bytes(data: bytes, label: str | None) -> str:
    """Decode ``data`` labelled ``label``; never raises.

    Valid UTF-8 wins over a single-byte label (a common mislabel); a label that
    fails falls back to UTF-8, then Windows-1252 with replacement characters.
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
        label = "utf-8"
    codec = _codec(label)
    if codec in (None, "cp1252") and _is_utf8(data):
        codec = "utf-8"
    for candidate in (codec, "utf-8"):
        if candidate is None:
            continue
        try:
            return data.decode(candidate)
        except (UnicodeError, LookupError, ValueError):
            continue
    return data.decode("cp1252", errors="replace")


def _is_utf8(data: bytes) -> bool:
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
