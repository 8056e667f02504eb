"""Small text helpers: folding spaces and accents, trimming punctuation, splitting sentences."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

_EDGE = " \t\"'“”‘’«»„`*_.,;:-–—|/\\[]<>"
# Abbreviations whose full stop does not end a sentence.
_ABBREV = re.compile(
    r"\b(?:Dr|Rev|Revd|Mr|Mrs|Ms|Mx|Prof|Fr|Sr|Br|St|Ste|Mt|Jr|Inc|Ltd|Co|Corp|No|Hon|Rt|Msgr|"
    r"Ph\.D|D\.Min|Th\.D|J\.D|M\.Div|U\.S|U\.K|e\.g|i\.e|etc|vs|Sen|Gov|Dept|Univ|Assn|Ave|"
    r"Mons|Mgr|Pbro|Hna|Hno|Sra|Srta|Dra|Profa|Revdo|Mme|Mlle|Pr|Pe|Ev|Luth|Dn|Dcn|Fra|"
    r"[A-Z])\.$"
)
# A match of ``_ABBREV`` is six characters at most ("D.Min."), and ends at the end of the
# text or before a line break there: it is looked for in the text's last characters only
# (a search of a whole sentence tries the pattern at every position). The reach keeps
# characters before the longest match, so that its word boundary reads as in the whole.
_ABBREV_REACH = 16
_SENTENCE_END = re.compile(r"(?<=[.!?؟。])[\"'”’)]*\s+")
_BLANK = re.compile(r"\n\s*\n")
_INITIALS_END = re.compile(r"\b[A-Za-z]\.[A-Za-z]\.$")
_ITEM = re.compile(r"\n(?=[ \t]*(?:\d{1,2}[.)]|[-*•·–])[ \t]+\S)")
# A list item's mark ("1.", "2)", "a.", "-", "•"), and one at a line's start with its spaces.
LIST_MARKER = r"(?:\d{1,2}[.)]|[a-z][.)]|[-*•·–])"
LIST_MARK = re.compile(rf"^\s*{LIST_MARKER}\s+")


def unaccented(text: str) -> str:
    """``text`` without its accents: decomposed (NFKD), combining marks dropped ("Ç" -> "C")."""
    if text.isascii():
        return text  # nothing to decompose, and no marks
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# Pure functions of a short text are kept (the readers fold and trim the same short
# pieces, a line, a name, a field, over and over within a message and from one to the
# next); a longer text is worked out each time, so that a cache holds small entries only.
KEPT_BELOW = 512


def fold(text: str) -> str:
    """Runs of white space (line breaks and no-break spaces too) become one space; trimmed."""
    return _fold_kept(text) if len(text) < KEPT_BELOW else _fold(text)


def _fold(text: str) -> str:
    if "\u200b" in text or "\ufeff" in text:
        text = text.replace("\u200b", "").replace("\ufeff", "")
    return " ".join(text.split())


_fold_kept = lru_cache(maxsize=8192)(_fold)


def trim(text: str) -> str:
    """Fold spaces and strip surrounding quotes, brackets and punctuation.

    A closing bracket, quote or full stop that belongs to the text ("(UK)",
    "“Sova”", "Inc.", "Jr.") is kept.
    """
    return _trim_kept(text) if len(text) < KEPT_BELOW else _trim(text)


def _trim(text: str) -> str:
    text = fold(text)
    while text and text[0] in _EDGE + "()":
        text = text[1:].lstrip()
    while text and text[-1] in _EDGE + "()":
        if keeps_end(text):
            break
        text = text[:-1].rstrip()
    return text


_trim_kept = lru_cache(maxsize=8192)(_trim)


def first_sentence(text: str) -> str:
    """``text`` up to its first full stop that ends a sentence: a value that runs on
    into the next sentence ("Iglesia Bautista Monte Sion de Maracay. Bendiciones") ends
    there. A full stop after a known abbreviation or a word of one or two letters
    ("St.", "г.", "św.") ends nothing."""
    for match in _SENTENCE_END.finditer(text):
        head = text[: match.start()].rstrip("\"'”’)")
        if not head.endswith("."):
            continue  # "Why Not? Foundation": a question or an exclamation may be a name
        word = head.rsplit(None, 1)[-1]
        if len(word.rstrip(".!?")) < 3 or _after_abbreviation(head):
            continue
        return text[: match.start()].strip()
    return text


def before_unopened(text: str) -> str:
    """``text`` up to a closing bracket that closes nothing: a value read on past the
    end of a parenthesis it stood in ("St. Andrew Kim Catholic Church) and my wife")."""
    depth = 0
    for at, char in enumerate(text):
        if char == "(":
            depth += 1
        elif char == ")" and depth:
            depth -= 1
        elif char == ")" and text[:at].strip():
            return text[:at].rstrip()
    return text


def _after_abbreviation(head: str) -> bool:
    """Whether ``head`` ends with a known abbreviation ("St.", "ST."): its full stop
    ends no sentence."""
    typed = _capitalized_end(head)
    return bool(_ABBREV.search(head[-_ABBREV_REACH:]) or _ABBREV.search(typed[-_ABBREV_REACH:]))


def _capitalized_end(text: str) -> str:
    """The last word as it would be written in normal case ("ST." -> "St.")."""
    word = text.rsplit(" ", 1)[-1]
    return word.capitalize() if word.isupper() else word


# A closing quote and the opening one it closes ("Center for Conscience “Sova”").
_QUOTE_PAIRS = {'"': '"', "”": "“", "“": "„", "»": "«", "«": "»", "’": "‘"}


def keeps_end(text: str) -> bool:
    """Whether the mark that ends ``text`` belongs to it: a bracket or quote that closes
    one opened inside it, the full stop of an abbreviation or an initial."""
    last = text[-1]
    if last == ")":
        return text.count("(") >= text.count(")")
    if last in _QUOTE_PAIRS:
        opening, inner = _QUOTE_PAIRS[last], text[:-1]
        return inner.count(opening) % 2 == 1 if opening == last else opening in inner
    if last == ".":
        typed = _capitalized_end(text)  # "SR." as typed in capitals
        return bool(_ABBREV.search(typed)) or bool(_INITIALS_END.search(text))
    return False


def paragraphs(text: str) -> list[str]:
    """Blank-line separated paragraphs, each joined into one folded line; each item of a
    numbered or bulleted list stands alone."""
    text = _ITEM.sub("\n\n", text)
    return [fold(p.replace("\n", " ")) for p in _BLANK.split(text) if p.strip()]


def sentences(text: str) -> list[str]:
    """Sentences of ``text``: paragraphs split at ., ! or ? (not after an abbreviation)."""
    return list(_sentences(text))


@lru_cache(maxsize=2048)
def _sentences(text: str) -> tuple[str, ...]:
    # Several readers split the same text; the split is kept (a pure function of the text).
    out: list[str] = []
    for para in paragraphs(text):
        out.extend(_split_sentences(para))
    return tuple(out)


def _split_sentences(para: str) -> list[str]:
    pieces: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(para):
        head = para[start : match.start()].rstrip("\"'”’)")
        if _after_abbreviation(head):
            continue
        pieces.append(para[start : match.start()].strip())
        start = match.end()
    pieces.append(para[start:].strip())
    return [p for p in pieces if p]


def holds_any(text: str, pieces: Iterable[str]) -> bool:
    """Whether ``text`` holds one of ``pieces`` (a plain loop: the cheap gates before costly
    patterns run on every sentence, and any() over a generator costs half as much again)."""
    for piece in pieces:  # noqa: SIM110 (a loop, not any() over a generator: faster)
        if piece in text:
            return True
    return False


def word_set(text: str) -> set[str]:
    """Lower-case words of ``text`` (letters, digits, apostrophes, hyphens)."""
    return set(re.findall(r"[\w’'-]+", text.lower()))


def is_upper(text: str) -> bool:
    """True when every cased letter is a capital (and there are at least two letters)."""
    return text.isupper() and sum(c.isalpha() for c in text) >= 2


def is_lower(text: str) -> bool:
    """True when every cased letter is lower case (and there are at least two letters)."""
    return text.islower() and sum(c.isalpha() for c in text) >= 2


def locate(text: str, phrase: str) -> int:
    """Where ``phrase`` starts in ``text``, line breaks and runs of spaces aside (else the end)."""
    words = phrase.split()
    if not words:
        return len(text)
    # Where the phrase is typed with single spaces and its first word is nowhere before,
    # the pattern below would match there first: found without building the pattern
    # (built from the phrase, it is compiled afresh for each message).
    single = text.find(" ".join(words))
    if single >= 0 and text.find(words[0]) == single:
        return single
    pattern = r"\s+".join(re.escape(p) for p in words)
    match = re.search(pattern, text) or re.search(pattern, text, re.IGNORECASE)
    return match.start() if match else len(text)
