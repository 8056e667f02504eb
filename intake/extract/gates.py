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
holds one of them is always searched. A letter of another script is a piece in its
lower case, with the few other letters the regular expression engine takes for it
when case is ignored (Cyrillic "о" also matches the rounded "ᲂ"; both are pieces).
A pattern for which no piece can be proven (an alternative with no literal text)
passes every text.

When several patterns are asked about the same text, :class:`Scan` looks for all
their pieces in one pass.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Collection, Iterable, Iterator
from typing import Any

# The standard library's own parser of regular expressions (``re._parser``, Python 3.11+),
# and the table of letters its engine takes for one another when case is ignored, beyond
# plain lower case (``re._casefix``: "о" and the rounded "ᲂ").
try:
    _PARSER: Any = importlib.import_module("re._parser")
    _EXTRA_CASES: dict[int, tuple[int, ...]] = importlib.import_module("re._casefix")._EXTRA_CASES
except (ImportError, AttributeError):  # a Python without them: no gates, every text is searched
    _PARSER = None
    _EXTRA_CASES = {}
# Characters that a case-insensitive pattern matches to ASCII letters, though they are not
# ASCII: "İ" and "K" (the Kelvin sign) lower to "i" and "k", "ı" and "ſ" upper to "I" and "S".
FOLDS_TO_ASCII = "\u0130\u0131\u017f\u212a"
_ODD_CASE = re.compile(f"[{FOLDS_TO_ASCII}]")
_Pieces = frozenset[str] | None  # one of these must be in the text; None: no condition


class Gate:
    """A condition any text ``pattern`` matches meets; checked before the costly search.

    The pieces are worked out from the pattern the first time the gate is asked.
    """

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        # The pieces, and those of them in ASCII (all a text in ASCII can hold).
        self._pieces: tuple[tuple[str, ...] | None, tuple[str, ...]] | None = None

    @property
    def pieces(self) -> tuple[str, ...] | None:
        """The pieces of text one of which a match holds, in lower case and sorted (None:
        no condition)."""
        return (self._pieces or self._worked_out())[0]

    def may_match(
        self, text: str, low: str | None = None, present: frozenset[str] | None = None
    ) -> bool:
        """False only when the pattern matches nowhere in ``text`` (``low``: ``text.lower()``;
        ``present``: the pieces ``low`` holds, from a :class:`Scan` that covers this gate)."""
        every, in_ascii = self._pieces or self._worked_out()
        if every is None:
            return True
        if text.isascii():
            plain = in_ascii  # the pieces a text in ASCII can hold
        elif _ODD_CASE.search(text):
            return True
        else:
            plain = every
        if present is not None:
            return not present.isdisjoint(plain)
        low = text.lower() if low is None else low
        for piece in plain:  # noqa: SIM110 (a loop, not any() over a generator: faster)
            if piece in low:
                return True
        return False

    def search(
        self, text: str, low: str | None = None, present: frozenset[str] | None = None
    ) -> re.Match[str] | None:
        """``pattern.search(text)``, asked only where the gate lets ``text`` through."""
        return self.pattern.search(text) if self.may_match(text, low, present) else None

    def match(self, text: str, low: str | None = None) -> re.Match[str] | None:
        """``pattern.match(text)``, asked only where the gate lets ``text`` through."""
        return self.pattern.match(text) if self.may_match(text, low) else None

    def finditer(self, text: str, low: str | None = None) -> Iterator[re.Match[str]]:
        """``pattern.finditer(text)``, asked only where the gate lets ``text`` through."""
        return self.pattern.finditer(text) if self.may_match(text, low) else iter(())

    def _worked_out(self) -> tuple[tuple[str, ...] | None, tuple[str, ...]]:
        found = _required(self.pattern)
        if found is None:
            self._pieces = (None, ())
        else:
            every = tuple(sorted(found))
            self._pieces = (every, tuple(p for p in every if p.isascii()))
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
        if op is _PARSER.LITERAL and len(forms := _forms(value)) == 1:
            run.append(forms[0])
            continue
        if run:
            best = _better(best, frozenset({"".join(run)}))
            run = []
        best = _better(best, _item(op, value))
    return best


def _forms(code: int) -> tuple[str, ...]:
    """The lower-case forms of the text a literal character matches (empty: not known).

    ASCII letters stand for themselves: the four characters that fold to them send a text
    to the costly search whole. Of another letter the engine, ignoring case, matches any
    character whose (simple) lower case is the letter's lower case, or one of the few it
    takes for the same letter (``re._casefix``); ``str.lower`` gives that same lower case,
    but for "İ" (which folds to ASCII) and a final "Σ" ("ς": the table pairs "σ" and "ς").
    """
    char = chr(code)
    if code < 128:
        return (char.lower(),)
    if char in FOLDS_TO_ASCII:
        return ()
    low = char.lower()
    return (low, *(chr(other) for other in _EXTRA_CASES.get(ord(low), ())))


def _item(op: Any, value: Any) -> _Pieces:
    """What one item of a pattern requires of the text (None: nothing sure)."""
    p = _PARSER
    if op is p.LITERAL:  # a letter the engine takes in more than one form: any of them
        return frozenset(_forms(value)) or None
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
    """How rarely a text holds one of ``pieces``: the shortest, a letter not in ASCII
    counted as three (most mail is English), then the fewer pieces the better."""
    return min(len(p) + 2 * sum(not c.isascii() for c in p) for p in pieces), -len(pieces)


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

    @property
    def pieces(self) -> tuple[str, ...]:
        """The pieces of all the gated alternatives."""
        return (self._index or self._indexed()).pieces

    def search(
        self, text: str, low: str | None = None, present: frozenset[str] | None = None
    ) -> bool:
        """Whether the pattern matches ``text`` (``low``: ``text.lower()``, if known;
        ``present``: the pieces ``low`` holds, from a :class:`Scan` that covers this pattern)."""
        index = self._index or self._indexed()
        if not text.isascii() and _ODD_CASE.search(text):
            return self.pattern.search(text) is not None
        # Every piece of every alternative looked for once (most texts hold none): then
        # only the alternatives a piece found lets through are searched, in the pattern's
        # order, as alternative-by-alternative gates would.
        by_piece = index.by_piece
        found: Collection[str]
        if present is not None:
            found = present & index.piece_set
        else:
            low = text.lower() if low is None else low
            found = [p for p in index.pieces if p in low]
        if not found and not index.always:
            return False
        wanted = set(index.always)
        for piece in found:
            wanted.update(by_piece[piece])
        parts = index.parts
        return any(parts[i].search(text) for i in sorted(wanted))

    def _indexed(self) -> _Index:
        index = _Index()
        for number, part in enumerate(alternatives(self.pattern)):
            pieces = Gate(part).pieces
            index.parts.append(part)
            if pieces is None:
                index.always.append(number)
                continue
            for piece in pieces:
                index.by_piece.setdefault(piece, []).append(number)
        index.pieces = tuple(index.by_piece)
        index.piece_set = frozenset(index.by_piece)
        self._index = index
        return index


class _Index:
    """An :class:`AnyOf` pattern's alternatives, and which of them each piece lets through."""

    def __init__(self) -> None:
        self.parts: list[re.Pattern[str]] = []
        self.always: list[int] = []  # no condition: always searched
        self.by_piece: dict[str, list[int]] = {}
        self.pieces: tuple[str, ...] = ()
        self.piece_set: frozenset[str] = frozenset()


class Scan:
    """The pieces of several gates and :class:`AnyOf` patterns (and of plain word lists),
    looked for in one pass over a text asked about by all of them.

    One regular expression, a trie of all the pieces in a look-ahead, finds at each
    position of the lower-case text the longest piece that starts there; the pieces that
    start there are exactly that one's prefixes among the pieces. So :meth:`pieces_in`
    gives every piece the text holds, as one ``piece in low`` test per piece would, for
    one search in place of a loop over a few hundred pieces. A text in ASCII (most
    sentences) is searched for the pieces in ASCII only: the others cannot be in it, and
    each first character of a piece is one more branch tried at every position.
    """

    def __init__(self, *sources: Gate | AnyOf | Iterable[str]) -> None:
        self._sources = sources
        self._finders: tuple[re.Pattern[str], re.Pattern[str]] | None = None
        self._closure: dict[str, frozenset[str]] = {}

    def pieces_in(self, low: str) -> frozenset[str]:
        """The pieces that ``low`` (a text in lower case) holds."""
        in_ascii, every = self._finders or self._compiled()
        if len(low) > _SCANNED_UP_TO:  # a piece found at each position would be a long list
            return frozenset(piece for piece in self._closure if piece in low)
        longest = (in_ascii if low.isascii() else every).findall(low)
        if not longest:
            return _NO_PIECES
        closure = self._closure
        if len(longest) == 1:
            return closure[longest[0]]
        return _NO_PIECES.union(*[closure[piece] for piece in set(longest)])

    def _compiled(self) -> tuple[re.Pattern[str], re.Pattern[str]]:
        pieces: set[str] = set()
        for source in self._sources:
            found = source.pieces if isinstance(source, Gate | AnyOf) else tuple(source)
            pieces.update(found or ())
        pieces.discard("")
        self._closure = {
            piece: frozenset(
                piece[:end] for end in range(1, len(piece) + 1) if piece[:end] in pieces
            )
            for piece in pieces
        }
        in_ascii = _longest_at_each_position(sorted(p for p in pieces if p.isascii()))
        self._finders = (in_ascii, _longest_at_each_position(sorted(pieces)))
        return self._finders


def _longest_at_each_position(pieces: list[str]) -> re.Pattern[str]:
    """A pattern whose ``findall`` gives, at each position of a text where one of ``pieces``
    starts, the longest that starts there."""
    return re.compile(f"(?=({_trie(pieces)}))" if pieces else "(?!)")


_NO_PIECES: frozenset[str] = frozenset()
# Longer texts (hostile mail: a megabyte without a full stop) are looked for piece by piece.
_SCANNED_UP_TO = 4096


def _trie(words: list[str]) -> str:
    """A pattern that matches exactly ``words``, the longest first where one starts another,
    with the words' common beginnings written once (a trie: one branch per character)."""
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _branches(root)


def _branches(node: dict[str, Any]) -> str:
    ways = [re.escape(char) + _branches(after) for char, after in sorted(node.items()) if char]
    if not ways:
        return ""
    body = ways[0] if len(ways) == 1 else "(?:" + "|".join(ways) + ")"
    return f"(?:{body})?" if "" in node else body


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
