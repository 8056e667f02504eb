"""Cheap necessary conditions for costly patterns: pieces of text every match holds.

A long alternation of cue phrases, most of them case-insensitive, is tried at every
position of a sentence; that costs far more than looking for a few words in the
sentence. For such a pattern, :class:`Gate` works out once, from the pattern itself,
pieces of plain text such that every match holds at least one of them (for each
alternative, a run of literal characters it must match). A text that holds none of
them is not searched: the pattern could not have matched it.

The gate is exact, not a heuristic. Pieces are compared in lower case, so a gate
holds for case-sensitive and case-insensitive parts alike. Four characters that are
not ASCII match ASCII letters when case is ignored ("ſ" matches "s"): a text that
holds one of them is always searched. An alternative written in another script
needs a character that is not ASCII. A pattern for which no piece can be proven
(an alternative with no literal text) passes every text.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator
from typing import Any

from intake.extract.text import holds_any

# The standard library's own parser of regular expressions (``re._parser``, Python 3.11+).
try:
    _PARSER: Any = importlib.import_module("re._parser")
except ImportError:  # a Python without it: no gates, every text is searched
    _PARSER = None
# Characters that a case-insensitive pattern matches to ASCII letters, though they are not
# ASCII: "İ" and "K" (the Kelvin sign) lower to "i" and "k", "ı" and "ſ" upper to "I" and "S".
FOLDS_TO_ASCII = "\u0130\u0131\u017f\u212a"
_ODD_CASE = re.compile(f"[{FOLDS_TO_ASCII}]")
_OTHER_SCRIPT = "\x00"  # stands for "a character that is not ASCII" among the pieces
_Pieces = frozenset[str] | None  # one of these must be in the text; None: no condition


class Gate:
    """A condition any text ``pattern`` matches meets; checked before the costly search.

    The pieces are worked out from the pattern the first time the gate is asked.
    """

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self._pieces: tuple[tuple[str, ...] | None, bool] | None = None

    @property
    def pieces(self) -> tuple[str, ...] | None:
        """The pieces of text one of which a match holds (None: no condition)."""
        return self.read()[0]

    def may_match(self, text: str, low: str | None = None) -> bool:
        """False only when the pattern matches nowhere in ``text`` (``low``: ``text.lower()``)."""
        pieces, other_script = self._pieces or self.read()
        if pieces is None:
            return True
        if not text.isascii() and (other_script or _ODD_CASE.search(text)):
            return True
        low = text.lower() if low is None else low
        return holds_any(low, pieces)

    def search(self, text: str, low: str | None = None) -> re.Match[str] | None:
        """``pattern.search(text)``, asked only where the gate lets ``text`` through."""
        return self.pattern.search(text) if self.may_match(text, low) else None

    def match(self, text: str, low: str | None = None) -> re.Match[str] | None:
        """``pattern.match(text)``, asked only where the gate lets ``text`` through."""
        return self.pattern.match(text) if self.may_match(text, low) else None

    def finditer(self, text: str, low: str | None = None) -> Iterator[re.Match[str]]:
        """``pattern.finditer(text)``, asked only where the gate lets ``text`` through."""
        return self.pattern.finditer(text) if self.may_match(text, low) else iter(())

    def read(self) -> tuple[tuple[str, ...] | None, bool]:
        """The pieces (None: no condition), and whether a text not in ASCII may match."""
        if self._pieces is None:
            found = _required(self.pattern)
            if found is None:
                self._pieces = (None, False)
            else:
                plain = tuple(sorted(p for p in found if p != _OTHER_SCRIPT))
                self._pieces = (plain, _OTHER_SCRIPT in found)
        return self._pieces


def _required(pattern: re.Pattern[str]) -> _Pieces:
    if _PARSER is None:
        return None
    return _sequence(list(_PARSER.parse(pattern.pattern, pattern.flags)))


def _sequence(items: list[tuple[Any, Any]]) -> _Pieces:
    """The best condition of a sequence: a run of literal characters, or one item's own."""
    best: _Pieces = None
    run: list[str] = []
    for op, value in [*items, (None, None)]:
        if op is _PARSER.LITERAL and value < 128:
            run.append(chr(value).lower())
            continue
        if run:
            best = _better(best, frozenset({"".join(run)}))
            run = []
        best = _better(best, _item(op, value))
    return best


def _item(op: Any, value: Any) -> _Pieces:
    """What one item of a pattern requires of the text (None: nothing sure)."""
    p = _PARSER
    if op is p.LITERAL:  # not ASCII: another script, unless it folds to an ASCII letter
        return None if chr(value) in FOLDS_TO_ASCII else frozenset({_OTHER_SCRIPT})
    if op is p.SUBPATTERN:
        return _sequence(list(value[3]))
    if op is p.ATOMIC_GROUP:
        return _sequence(list(value))
    if op is p.BRANCH:
        found: set[str] = set()
        for alternative in value[1]:
            pieces = _sequence(list(alternative))
            if pieces is None:
                return None
            found |= pieces
        return frozenset(found)
    if op in (p.MAX_REPEAT, p.MIN_REPEAT, p.POSSESSIVE_REPEAT) and value[0] >= 1:
        return _sequence(list(value[2]))
    return None  # a class, any character, an anchor, a look-around, an optional part


def _better(a: _Pieces, b: _Pieces) -> _Pieces:
    """Of two conditions that both hold, the one more texts fail: longer, fewer pieces."""
    if a is None or b is None:
        return b if a is None else a
    return a if _strength(a) >= _strength(b) else b


def _strength(pieces: frozenset[str]) -> tuple[int, int]:
    return min(3 if p == _OTHER_SCRIPT else len(p) for p in pieces), -len(pieces)


class AnyOf:
    """Whether a pattern matches somewhere in a text, asked of its top-level alternatives
    one by one, each behind its own :class:`Gate`: only the alternatives whose pieces the
    text holds are searched. (Whether it matches, not where: a pattern matches a text
    exactly when one of its alternatives does.) A pattern that cannot be split safely
    (verbose, or with back-references) is asked whole.
    """

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self._index: _Index | None = None

    def search(self, text: str, low: str | None = None) -> bool:
        """Whether the pattern matches ``text`` (``low``: ``text.lower()``, if known)."""
        index = self._index or self._indexed()
        other = not text.isascii()
        if other and _ODD_CASE.search(text):
            return self.pattern.search(text) is not None
        low = text.lower() if low is None else low
        # Every piece of every alternative looked for once, in one loop (most texts hold
        # none): then only the alternatives a piece found lets through are searched, in
        # the pattern's order, as alternative-by-alternative gates would.
        found = [p for p in index.pieces if p in low]
        if not found and not index.always and not (other and index.other_script):
            return False
        wanted = set(index.always)
        if other:
            wanted.update(index.other_script)
        for piece in found:
            wanted.update(index.by_piece[piece])
        parts = index.parts
        return any(parts[i].search(text) for i in sorted(wanted))

    def _indexed(self) -> _Index:
        index = _Index()
        for number, part in enumerate(alternatives(self.pattern)):
            pieces, other_script = Gate(part).read()
            index.parts.append(part)
            if pieces is None:
                index.always.append(number)
                continue
            if other_script:
                index.other_script.append(number)
            for piece in pieces:
                index.by_piece.setdefault(piece, []).append(number)
        index.pieces = tuple(index.by_piece)
        self._index = index
        return index


class _Index:
    """An :class:`AnyOf` pattern's alternatives, and which of them each piece lets through."""

    def __init__(self) -> None:
        self.parts: list[re.Pattern[str]] = []
        self.always: list[int] = []  # no condition: always searched
        self.other_script: list[int] = []  # searched in any text not in ASCII
        self.by_piece: dict[str, list[int]] = {}
        self.pieces: tuple[str, ...] = ()


_BACK_REFERENCE = re.compile(r"\\[1-9]|\(\?P=|\(\?\(")


def alternatives(pattern: re.Pattern[str]) -> list[re.Pattern[str]]:
    """The top-level alternatives of ``pattern``, each compiled with its flags."""
    source = pattern.pattern
    if pattern.flags & re.VERBOSE or _BACK_REFERENCE.search(source):
        return [pattern]
    parts = _split(source)
    if "|".join(parts) != source or len(parts) < 2:
        return [pattern]
    return [re.compile(part, pattern.flags) for part in parts]


def _split(source: str) -> list[str]:
    """``source`` cut at each "|" outside brackets, parentheses and escapes."""
    parts: list[str] = []
    depth, start, index, in_class = 0, 0, 0, False
    while index < len(source):
        char = source[index]
        if char == "\\":
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            index += 1
            index += source[index : index + 1] == "^"
            index += source[index : index + 1] == "]"  # a "]" first is a member
            continue
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(source[start:index])
            start = index + 1
        index += 1
    parts.append(source[start:])
    return parts
