"""Text from mail made safe to store, print and write into files.

Control characters are removed from every decoded header and body: an ESC or a
BEL in a name would otherwise reach a coordinator's terminal, break a Word file
or hide text in a spreadsheet. So are the explicit bidirectional formatting
characters, which can make a name display as something else; the ordinary
direction marks that right-to-left names use stay.
"""

from __future__ import annotations

import re

# C0 (but tab and line feed), DEL, C1, and explicit bidi embeddings/overrides/isolates.
_IN_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_BREAKS = re.compile("[\u2028\u2029]")
_SPACES = re.compile(r"\s+")

NAME_LIMIT = 200  # characters of a display name kept: a longer one is not a name


def clean_text(text: str) -> str:
    """Multi-line text without control characters (tabs and line breaks stay)."""
    return _IN_TEXT.sub("", _BREAKS.sub("\n", text.replace("\r\n", "\n").replace("\r", "\n")))


def clean_line(text: str, limit: int | None = None) -> str:
    """One line: control characters and breaks become spaces, runs of space collapse."""
    line = _SPACES.sub(" ", _IN_TEXT.sub(" ", text)).strip()
    return shorten(line, limit) if limit else line


def shorten(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, with an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
