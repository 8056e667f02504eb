"""The span tagger: a linear-chain CRF marks names, titles and organizations in the signer's text.

It reads the text a signer writes in (the subject line, the sender's own words,
then the words of earlier authors in the chain, each line marked with its zone)
token by token, with features of each word, its shape, its line (a label
before it, a sign-off above it, its place in the block) and its neighbours. The
model was trained by ``python -m training`` on labelled mail (``bench/DATA.md``)
and ships in the package as ``models/tagger.crfsuite``; nothing is downloaded.

The tagger is evidence, not a decider: :mod:`intake.extract.tagged` groups its
spans into signers, and the calibration weighs where that reading and the
rules' reading agree.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any, NamedTuple

from intake.extract import vocab
from intake.extract.text import keeps_end
from intake.extract.zones import Reading

LABELS = ("NAME", "TITLE", "ORG")
MODEL = "tagger.crfsuite"
# A token the most likely labelling leaves outside every span is still marked when the
# tagger's chance that it is outside is below this. The tagger learns only signers'
# values, so it is shy: a name under a sign-off often gets "outside" at 0.5. The
# readers after it (the choice and roster models, the calibration) weigh what it marks
# with its probability. Out of fold on the calibration sets, as many whole readings
# were right for any value from 0.7 to 0.92, and fewer at 0.55 (bench/DATA.md, round
# 19): 0.8 is the middle of that range, not its best point.
OUTSIDE_BELOW = 0.8
_INSIDE = tuple(f"{edge}-{label}" for label in LABELS for edge in "BI")
# A sign-on needs no more than this: a long message is tagged in its first lines. (The
# labelled mail has 80 tokens a message on average; a cap keeps a huge one fast.)
MAX_TOKENS = 800

_TOKEN = re.compile(r"[^\W_](?:[\w'’.&-]*[^\W_])?|[^\w\s]", re.UNICODE)
_LABEL = re.compile(r"^\s*[*_]*([^\W\d_][^:：\n]{0,30}?)[*_]*\s*[:：]")
_CLOSING = re.compile(
    r"^\s*(?:best|regards|warm(?:ly|est)?|kind(?:est)? regards|sincerely|yours|thanks|thank you|"
    r"cheers|blessings|peace|shalom|salaam|respectfully|in (?:faith|peace|solidarity)|"
    r"cordialement|saludos|atentamente|mit freundlichen grüßen|grüße|groeten|"
    r"abraços|atenciosamente|salam|hormat saya)\b[^\n]{0,30}$",
    re.IGNORECASE,
)
_ITEM = re.compile(r"^\d{1,2}[.)]\s")


class Token(NamedTuple):
    """One word or mark of the tagged text, with where it stands."""

    text: str
    start: int
    end: int
    line: int


@dataclass(frozen=True, slots=True)
class Span:
    """A run of tokens the tagger labels, with its mean marginal probability."""

    label: str
    start: int
    end: int
    text: str
    line: int
    probability: float


def document(reading: Reading) -> tuple[str, tuple[str, ...]]:
    """The text the tagger reads for ``reading``, and the zone of each of its lines.

    Zones: the subject, the sender's own words, then each earlier message of the
    chain: ``other`` for anyone else's (a forwarded signer, an earlier reply) and
    ``ours`` for the campaign's own (the call, a confirmation), which is read only
    when the sender typed their answers into it: otherwise it speaks for us, not them.
    """
    parts = [("subject", reading.subject), ("own", reading.own)]
    parts += [
        ("ours" if s.ours else "other", s.text)
        for s in reading.segments
        if reading.inline or not s.ours
    ]
    lines: list[str] = []
    zones: list[str] = []
    for zone, text in parts:
        for line in text.split("\n"):
            lines.append(line)
            zones.append(zone)
    return "\n".join(lines), tuple(zones)


# A Token made as ``Token._make`` makes one, without a call to its Python constructor (a
# message has a few hundred tokens).
_new_token = tuple.__new__


def tokenize(text: str) -> list[Token]:
    """Words and marks of ``text``, each with its offsets and line number."""
    out: list[Token] = []
    line = 0
    next_line = text.find("\n")
    for match in _TOKEN.finditer(text):
        start, end = match.span()
        while 0 <= next_line < start:
            line += 1
            next_line = text.find("\n", next_line + 1)
        out.append(_new_token(Token, (match.group(), start, end, line)))
        if len(out) >= MAX_TOKENS:
            break
    return out


# A word's shape, character by character: Latin small letters "x", decimal digits "d",
# any other letter or digit (capitals, other scripts) and "_" are "u", marks stay; a run
# of three or more of the same character is cut to two. (Capitals read as "u", not "X":
# the shipped model was trained on that shape.) ASCII words, most of them, are mapped
# by one table.
_SHAPE_ASCII = str.maketrans(
    string.ascii_uppercase + "_" + string.ascii_lowercase + string.digits,
    "u" * 27 + "x" * 26 + "d" * 10,
)
_RUN = re.compile(r"(.)\1\1+")


def _shape(word: str) -> str:
    ascii_word = word.isascii()
    shape = word.translate(_SHAPE_ASCII) if ascii_word else "".join(map(_shape_char, word))
    return _RUN.sub(_two, shape)


def _shape_char(char: str) -> str:
    if "a" <= char <= "z" or "ß" <= char <= "ö" or "ø" <= char <= "ÿ":
        return "x"
    if char.isdecimal():
        return "d"
    if char.isalnum() or char == "_":
        return "u"
    return char


def _two(run: re.Match[str]) -> str:
    return run.group(1) * 2


# Every word some class of :func:`_word_class` holds, but for post-nominal letters (asked
# without their dots): a word in none of them, most words, is told at once.
_CLASSED = (
    vocab.HONORIFICS
    | vocab.ROLE_HONORIFICS
    | vocab.ORG_WORDS
    | vocab.TITLE_WORDS
    | vocab.JOB_WORDS
    | vocab.PARTICLES
)


def _word_class(lower: str) -> tuple[str, ...]:
    """The vocabulary classes of a word, given in lower case."""
    key = lower.rstrip(".")
    if key not in _CLASSED and key.replace(".", "") not in vocab.POSTNOMINALS:
        return ()
    found = []
    if key in vocab.HONORIFICS:
        found.append("hon")
    if key in vocab.ROLE_HONORIFICS:
        found.append("role")
    if key.replace(".", "") in vocab.POSTNOMINALS:
        found.append("post")
    if key in vocab.ORG_WORDS:
        found.append("org")
    if key in vocab.TITLE_WORDS or key in vocab.JOB_WORDS:
        found.append("title")
    if key in vocab.PARTICLES:
        found.append("particle")
    return tuple(found)


def _line_facts(text: str, zones: tuple[str, ...]) -> list[dict[str, str]]:
    facts: list[dict[str, str]] = []
    lines = text.split("\n")
    previous_zone = ""
    after_closing = False
    blank_before = True
    for index, line in enumerate(lines):
        stripped = line.strip()
        zone = zones[index] if index < len(zones) else "other"
        fact: dict[str, str] = {"zone": zone}
        if zone != previous_zone:
            after_closing, blank_before = False, True
            fact["zone_start"] = "1"
        previous_zone = zone
        label = _LABEL.match(line) if stripped else None  # a label needs a letter
        if label:
            fact["label"] = " ".join(label.group(1).lower().split())[:20]
        if after_closing:
            fact["after_closing"] = "1"
        if blank_before:
            fact["block_start"] = "1"
        words = len(stripped.split())
        fact["len"] = str(min(words, 8))
        fact["from_end"] = str(min(len(lines) - 1 - index, 12))
        if stripped and _CLOSING.match(stripped):
            after_closing = True
        blank_before = not stripped
        if stripped.startswith(("-", "*", "•")) or (stripped and _ITEM.match(stripped)):
            fact["item"] = "1"
        facts.append(fact)
    return facts


def features(text: str, zones: tuple[str, ...], tokens: list[Token]) -> list[list[str]]:
    """The CRF's features for each token of ``text``, whose lines are in ``zones``
    (``tokens`` in the order of the text, as :func:`tokenize` gives them)."""
    facts = _line_facts(text, zones)
    out: list[list[str]] = []
    count = len(tokens)
    start = 0
    while start < count:
        # One line's tokens at a time: a token sees its neighbours within its line only,
        # so each line's words, padded with the line's edges, are all it looks at.
        line = tokens[start].line
        end = start + 1
        while end < count and tokens[end].line == line:
            end += 1
        near = [_EDGE_WORD, _EDGE_WORD, *[_word(t.text) for t in tokens[start:end]]]
        near += [_EDGE_WORD, _EDGE_WORD]
        # Named only for a line with words (a blank line's facts serve the lines after it).
        shared = _named(facts[line]) if line < len(facts) else ()
        last = end - start - 1
        for k in range(last + 1):
            feats = [
                *near[k + 2][0],
                *_PLACE[k == 0, k == last],
                *shared,
                *near[k][1][0],
                *near[k + 1][1][1],
                *near[k + 3][1][2],
                *near[k + 4][1][3],
            ]
            out.append(feats)
        if start and tokens[start - 1].line == line - 1:
            out[start].append("prevline.last=" + tokens[start - 1].text.lower()[-3:])
        start = end
    return out


def _named(fact: dict[str, str]) -> tuple[str, ...]:
    """A line's facts as the features of each token on it."""
    return tuple([f"line.{key}={value}" for key, value in fact.items()])


# Where a token stands in its line, by (first in it, last in it).
_PLACE = {
    (True, True): ("first", "last"),
    (True, False): ("first",),
    (False, True): ("inner", "last"),
    (False, False): ("inner",),
}
_OFFSETS = (-2, -1, 1, 2)
_EDGES = tuple(f"edge[{offset}]" for offset in _OFFSETS)
# What a token sees of a neighbour at each of _OFFSETS: its word, its shape, its classes.
_NEAR = tuple((f"w[{offset}]=", f"shape[{offset}]=", f"cls[{offset}]=") for offset in _OFFSETS)
# A word's own features, and what a token sees of it at each of _OFFSETS.
_Word = tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]
# What a token sees past either end of its line, at each of _OFFSETS.
_EDGE_WORD: _Word = ((), tuple((edge,) for edge in _EDGES))


@lru_cache(maxsize=1 << 14)
def _word(word: str) -> _Word:
    # Words recur within a text and from one message to the next ("the", "Church"):
    # their features (tuples, never changed) are worked out once. An entry holds a
    # dozen short strings. (Its shape and classes are not kept apart: asked only here.)
    lower = word.lower()
    shape = _shape(word)
    classes = _word_class(lower)
    own: tuple[str, ...] = ("b", "w=" + lower, "suf3=" + lower[-3:], "pre2=" + lower[:2])
    own += ("shape=" + shape,)
    # _NEAR's word and shape names, written out: a new word costs a loop less.
    near: tuple[tuple[str, ...], ...] = (
        ("w[-2]=" + lower, "shape[-2]=" + shape),
        ("w[-1]=" + lower, "shape[-1]=" + shape),
        ("w[1]=" + lower, "shape[1]=" + shape),
        ("w[2]=" + lower, "shape[2]=" + shape),
    )
    if classes:  # most words have none
        own += tuple(["cls=" + c for c in classes])
        near = tuple(
            [n + tuple([k[2] + c for c in classes]) for n, k in zip(near, _NEAR, strict=True)]
        )
    return own, near


@cache
def _tagger() -> Any:
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    model = resources.files("intake.extract").joinpath("models", MODEL)
    with resources.as_file(model) as path:
        tagger.open(str(path))
    return tagger


@cache
def available() -> bool:
    """True when the trained model ships with this install (an install does not change
    while it runs: asked once)."""
    return resources.files("intake.extract").joinpath("models", MODEL).is_file()


def _closed(text: str, tokens: list[Token], start: int, end: int) -> int:
    """The end of the span ``tokens[start:end]`` with the marks typed right after it that
    belong to it: a bracket or quote closing one it opens ("(Vienna office)", "“Sova”"),
    the full stop of an abbreviation ("Inc."). The model labels marks less surely than
    words, and a value cut before its closing mark is printed wrong."""
    while end < len(tokens):
        mark = tokens[end]
        if mark.line != tokens[start].line or mark.start != tokens[end - 1].end:
            break
        if len(mark.text) != 1 or not keeps_end(text[tokens[start].start : mark.end]):
            break
        end += 1
    return end


def _marked(tagger: Any, labels: list[str]) -> list[str]:
    """``labels`` (the most likely labelling) with each token it leaves outside every
    span given its most likely label inside one when the tagger gives "outside" a
    chance below ``OUTSIDE_BELOW``."""
    marked = list(labels)
    for k, label in enumerate(labels):
        if label == "O" and tagger.marginal("O", k) < OUTSIDE_BELOW:
            chances = {inside: tagger.marginal(inside, k) for inside in _INSIDE}
            marked[k] = max(chances, key=chances.__getitem__)
    return marked


def spans(text: str, zones: tuple[str, ...], model: Any = None) -> list[Span]:
    """The labelled spans of ``text`` (lines in ``zones``), in order.

    ``model`` is an open ``pycrfsuite.Tagger``; by default, the one that ships.
    """
    tokens = tokenize(text)
    if not tokens or (model is None and not available()):
        return []
    tagger = model or _tagger()
    labels = _marked(tagger, tagger.tag(features(text, zones, tokens)))
    found: list[Span] = []
    start = 0
    while start < len(tokens):
        label = labels[start]
        if label == "O":
            start += 1
            continue
        kind = label[2:]
        end = start + 1
        while (
            end < len(tokens)
            and labels[end] == "I-" + kind
            and tokens[end].line == tokens[start].line
        ):
            end += 1
        probability = sum(tagger.marginal(labels[k], k) for k in range(start, end)) / (end - start)
        first, last = tokens[start], tokens[_closed(text, tokens, start, end) - 1]
        found.append(
            Span(kind, first.start, last.end, text[first.start : last.end], first.line, probability)
        )
        start = end
    return found
