"""The sender's sentences that sign, and whom each speaks for.

"Our organization signs. Please also add me personally.": a sentence with a signing
word ("sign", "add", "list", "endorse") names the writer ("I", "me", "my name",
"personally"), an organization ("we", "our church", "the Trust", or the signer's own
organization by name), and perhaps "also", "too" or "both". The capacity model weighs
these as features (:mod:`intake.extract.capacity_model`); they decide nothing on their
own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from intake.extract.capacity import ORGANIZATION_WORDS
from intake.extract.text import sentences as split

MAX_SENTENCES = 60  # the sentences weighed


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of the sender's that signs: its words (three letters or more, in
    lower case), and whether it names the writer, an organization, and "also"."""

    words: frozenset[str]
    me: bool
    org: bool
    also: bool


def sentences(own: str) -> tuple[Sentence, ...]:
    """The sentences of ``own`` that sign, in order."""
    return _sentences(own)


@lru_cache(maxsize=16)
def _sentences(own: str) -> tuple[Sentence, ...]:
    # Asked once per signer of one message: split once.
    return tuple(_sentence(s) for s in split(own)[:MAX_SENTENCES] if _SIGNS.search(s))


def _sentence(text: str) -> Sentence:
    return Sentence(
        words=frozenset(words(text)),
        me=bool(_ME.search(text)),
        org=bool(_WE.search(text) or ORGANIZATION_WORDS.search(text) or _THE_NAMED.search(text)),
        also=bool(_ALSO.search(text)),
    )


def names(sentence: Sentence, value: set[str]) -> bool:
    """Whether ``sentence`` names a value of these words: at least half of them."""
    return bool(value) and len(value & sentence.words) * 2 >= len(value)


@lru_cache(maxsize=16)
def line_words(own: str) -> tuple[tuple[str, ...], ...]:
    """The words of each line of ``own``, in lower case (all of them, in order)."""
    return tuple(tuple(_WORD.findall(line.casefold())) for line in own.splitlines())


def words(text: str) -> set[str]:
    """The words of ``text`` of three letters or more, in lower case."""
    return {w for w in _WORD.findall(text.casefold()) if len(w) >= 3}


_WORD = re.compile(r"\w+")
_SIGNS = re.compile(
    r"\b(?:sign\w*|add|list|include|count|put|endorse\w*|join\w*|record|firm\w*)\b", re.I
)
_ME = re.compile(r"\b(?:I|me|my|myself|mine|personally|individually)\b", re.I)
_WE = re.compile(r"\b(?:we|us|our|ours)\b", re.I)
# "... for myself and the Diocese", "on behalf of our Trust": a body named with a capital.
_THE_NAMED = re.compile(r"\b(?:and|for|of)\s+(?:the|our|my)\s+[A-Z]\w+")
_ALSO = re.compile(r"\b(?:also|too|as well|both|plus)\b", re.I)
