"""Split the sender's own text from what they quote or forward."""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate

import quotequail

# A line that opens quoted or forwarded text: "On ... wrote:", an Outlook rule,
# "-----Original Message-----", "---------- Forwarded message ---------".
_INTRO = re.compile(
    r"^\s*>?\s*(?:"
    r"On\b.{0,200}\bwrote:?"
    r"|Le\b.{0,200}a écrit\s*:"
    r"|El\b.{0,200}escribió:"
    r"|Am\b.{0,200}schrieb.{0,120}:"
    r"|Op\b.{0,200}(?:schreef|geschreven).{0,80}:"
    r"|Em\b.{0,200}escreveu:"
    r"|_{10,}"
    r"|-{2,}\s*(?:Original Message|Forwarded message|Mensaje original|Message transféré"
    r"|Ursprüngliche Nachricht|Weitergeleitete Nachricht)\s*-{2,}"
    r"|Begin forwarded message:"
    r")\s*$",
    re.IGNORECASE,
)
# An Outlook header block: "From:" with a "Sent:"/"Date:" line close below it.
_FROM = re.compile(r"^\s*\*?(?:From|De|Von|Van|От)\s*:\*?\s+\S", re.IGNORECASE)
_SENT = re.compile(
    r"^\s*\*?(?:Sent|Date|Envoyé|Enviado|Gesendet|Datum|Fecha|Verzonden|Дата)\s*:",
    re.IGNORECASE,
)


def split_quoted(text: str) -> tuple[str, str]:
    """Return ``(own, quoted)``: the sender's own words and everything quoted.

    quotequail finds the reply header ("On ... wrote:", "-----Original
    Message-----", an Outlook "From: / Sent:" block) and ``>`` lines. An
    Outlook header block with no rule above it also ends the own text, and
    the reply header line itself goes with the quote.
    """
    if not text.strip():
        return "", ""
    try:
        parts = _quote(text)
    except Exception:
        parts = [(True, text)]
    own_chunks: list[str] = []
    quoted_chunks: list[str] = []
    for is_own, chunk in parts:
        if is_own and all(_INTRO.match(x) or not x.strip() for x in chunk.split("\n")):
            quoted_chunks.append(chunk)
            continue
        if is_own:
            own_chunks.append(chunk)
            continue
        kept, below = _bottom_posted(chunk)
        quoted_chunks.append(kept)
        own_chunks.append(below)
    own = "\n".join(c for c in own_chunks if c.strip())
    quoted = "\n".join(quoted_chunks)
    own, moved = _cut_at_header_block(own)
    own, intro = _trailing_intro(own)
    quoted = "\n".join(p for p in (intro, moved, quoted) if p.strip())
    return own.strip("\n"), quoted.strip("\n")


# quotequail tries each of its ~40 reply and forward patterns on every line, joined with
# the next (a wrapped header), from the top: most of the cost of reading a reply. Each
# pattern needs one of these words inside one line of its two-line window (a line break
# becomes a space, which no word can straddle), so lines far from any of them cannot
# start a match and are not offered to it. tests/unit/test_message_quoting.py checks that
# every pattern quotequail has names one of them.
QUOTE_WORDS = (
    "wrote", "schrieb", "écrit", "escribió", "написал", "skrev", "escreveu", "schreef",
    "geschreven", "---", "_" * 32, "Begin", "Anfang", "Début", "Inicio", "Forwarded",
    "Mensaje", "Vidarebefordrat", "Doorgestuurd", "Original", "Ursprüngliche",
    "Oorspronkelijk", "Message", "Origineel", "Пересылаемое",
)  # fmt: skip
_DATE = re.compile(r"\d{4}/\d{1,2}/\d{1,2}")  # a Gmail header's date, found by its "/"
_LIMIT = 1000  # quotequail's own: past this many lines, the rest counts as quoted
_WINDOW = 2  # quotequail's MAX_WRAP_LINES: a header may wrap onto one more line


def _quote(text: str) -> list[tuple[bool, str]]:
    """``quotequail.quote(text)``, asking it only about lines near one of its words.

    A candidate line is offered to quotequail with the line after it (the whole
    window quotequail reads there) and counts only when the match begins on that
    very line, so the split is the one quotequail makes reading every line.
    """
    lines = text.split("\n")
    for start in _candidates(lines):
        window = "\n".join(lines[start : start + _WINDOW])
        if quotequail.quote(window, quote_intro_line=True)[0] != (True, ""):
            continue  # no header begins on this line
        end = start + len(quotequail.quote(window)[0][1].split("\n"))
        return [(True, "\n".join(lines[:end])), (False, "\n".join(lines[end:]))]
    if len(lines) >= _LIMIT:
        return [(True, "\n".join(lines[:_LIMIT])), (False, "\n".join(lines[_LIMIT:]))]
    return [(True, text)]


def _candidates(lines: list[str]) -> list[int]:
    """Non-empty lines within the limit whose two-line window holds a word of quotequail's."""
    hits = quote_word_lines(lines[: _LIMIT + 1])
    near = {j for i in hits for j in (i - 1, i) if 0 <= j < _LIMIT and lines[j]}
    return sorted(near)


def quote_word_lines(lines: list[str]) -> set[int]:
    """The indexes of the lines that hold one of ``QUOTE_WORDS`` or a Gmail date.

    The words are looked for in the whole text at once with ``str.find`` (a regular
    expression of alternatives tries each one at every position: ten times slower).
    """
    text = "\n".join(lines)
    found = []
    for word in QUOTE_WORDS:
        at = text.find(word)
        while at >= 0:
            found.append(at)
            at = text.find(word, at + 1)
    at = text.find("/")
    while at >= 0:
        if at >= 4 and _DATE.match(text, at - 4):
            found.append(at)
        at = text.find("/", at + 1)
    starts = list(accumulate((len(line) + 1 for line in lines[:-1]), initial=0))
    return {bisect_right(starts, at) - 1 for at in found}


def _bottom_posted(chunk: str) -> tuple[str, str]:
    """Split a ``>``-quoted chunk from the sender's own lines written below it."""
    lines = chunk.split("\n")
    first = next((x for x in lines if x.strip() and not _INTRO.match(x)), "")
    if not first.lstrip().startswith(">"):
        return chunk, ""
    last = max(i for i, x in enumerate(lines) if x.lstrip().startswith(">"))
    below = lines[last + 1 :]
    if not any(x.strip() for x in below) or any(_INTRO.match(x) for x in below):
        return chunk, ""
    return "\n".join(lines[: last + 1]), "\n".join(below)


def _cut_at_header_block(own: str) -> tuple[str, str]:
    """Cut ``own`` at the first Outlook-style header block or intro line."""
    lines = own.split("\n")
    for index, line in enumerate(lines):
        if (_INTRO.match(line) and index > 0) or _is_header_block(lines, index):
            return "\n".join(lines[:index]), "\n".join(lines[index:])
    return own, ""


# Any client's header line, in any language: a short label, a colon, a value.
_HEADER_LINE = re.compile(r"^\s*\*?[^\W\d_][^\W\d_.-]{0,14}(?: [^\W\d_]{1,12})?\s*:\*?[ \t]+\S")
_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}\b")
_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _is_header_block(lines: list[str], index: int) -> bool:
    if _FROM.match(lines[index]):
        return any(_SENT.match(line) for line in lines[index + 1 : index + 4])
    return is_foreign_header_block(lines, index)


def is_foreign_header_block(lines: list[str], index: int) -> bool:
    """A reply header block in labels we do not know ("Od: / Odesláno: / Komu: / Předmět:").

    Its shape gives it away: an author line with an address, then at least two
    more header lines, one of which carries a time of day.
    """
    if not _HEADER_LINE.match(lines[index]) or not _ADDRESS.search(lines[index]):
        return False
    below = lines[index + 1 : index + 4]
    headers = [line for line in below if _HEADER_LINE.match(line)]
    return len(headers) >= 2 and any(_TIME.search(line) for line in headers)


def _trailing_intro(own: str) -> tuple[str, str]:
    """Move trailing reply-header lines ("On ... wrote:") from the own text to the quote."""
    lines = own.rstrip().split("\n")
    cut = len(lines)
    while cut > 0 and (not lines[cut - 1].strip() or _INTRO.match(lines[cut - 1])):
        cut -= 1
    if cut == len(lines) or not any(_INTRO.match(x) for x in lines[cut:]):
        return own, ""
    return "\n".join(lines[:cut]), "\n".join(lines[cut:])


def is_intro(line: str) -> bool:
    """True for a line that opens quoted or forwarded text ("On ... wrote:", a rule)."""
    return bool(_INTRO.match(line))


def cut_at_quote(text: str) -> str:
    """The text above its first quoted line or reply header (a cheap split for inner messages)."""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if line.lstrip().startswith(">") or _INTRO.match(line) or _is_header_block(lines, index):
            return "\n".join(lines[:index])
    return text
