"""Split the sender's own text from what they quote or forward."""

from __future__ import annotations

import quotequail


def split_quoted(text: str) -> tuple[str, str]:
    """Return ``(own, quoted)``: the sender's own words and everything quoted.

    quotequail finds the reply header ("On ... wrote:", "-----Original
    Message-----", an Outlook "From: / Sent:" block) and ``>`` lines.
    """
    if not text.strip():
        return "", ""
    try:
        parts = quotequail.quote(text)
    except Exception:
        return text, ""
    own = "\n".join(chunk for is_own, chunk in parts if is_own)
    quoted = "\n".join(chunk for is_own, chunk in parts if not is_own)
    return own.strip("\n"), quoted.strip("\n")
