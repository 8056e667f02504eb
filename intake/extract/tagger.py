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
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any, NamedTuple

from intake.extract import vocab
from intake.extract.zones import Reading

LABELS = ("NAME", "TITLE", "ORG")
MODEL = "tagger.crfsuite"
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
        out.append(Token(match.group(), start, end, line))
        if len(out) >= MAX_TOKENS:
            break
    return out


@lru_cache(maxsize=1 << 16)
def _shape(word: str) -> str:
    shape = re.sub(r"[A-ZÀ-ÖØ-Þ]", "X", word)
    shape = re.sub(r"[a-zß-öø-ÿ]", "x", shape)
    shape = re.sub(r"\d", "d", shape)
    shape = re.sub(r"[^\Wxd]", "u", shape)  # letters of other scripts
    return re.sub(r"(.)\1+", r"\1\1", shape)


@lru_cache(maxsize=1 << 16)
def _word_class(word: str) -> tuple[str, ...]:
    key = word.lower().rstrip(".")
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
        label = _LABEL.match(line)
        if label:
            fact["label"] = " ".join(label.group(1).lower().split())[:20]
        if after_closing:
            fact["after_closing"] = "1"
        if blank_before:
            fact["block_start"] = "1"
        words = len(stripped.split())
        fact["len"] = str(min(words, 8))
        fact["from_end"] = str(min(len(lines) - 1 - index, 12))
        if _CLOSING.match(stripped):
            after_closing = True
        blank_before = not stripped
        if stripped.startswith(("-", "*", "•")) or re.match(r"^\d{1,2}[.)]\s", stripped):
            fact["item"] = "1"
        facts.append(fact)
    return facts


def features(text: str, zones: tuple[str, ...], tokens: list[Token]) -> list[list[str]]:
    """The CRF's features for each token of ``text``, whose lines are in ``zones``."""
    line_feats = [
        [f"line.{key}={value}" for key, value in fact.items()] for fact in _line_facts(text, zones)
    ]
    words = [t.text for t in tokens]
    count = len(tokens)
    out: list[list[str]] = []
    for i, token in enumerate(tokens):
        first_in_line = i == 0 or tokens[i - 1].line != token.line
        feats = list(_own(words[i]))
        feats.append("first" if first_in_line else "inner")
        if i + 1 == count or tokens[i + 1].line != token.line:
            feats.append("last")
        if token.line < len(line_feats):
            feats += line_feats[token.line]
        for offset in (-2, -1, 1, 2):
            j = i + offset
            if 0 <= j < count and tokens[j].line == token.line:
                feats += _neighbour(words[j], offset)
            else:
                feats.append(f"edge[{offset}]")
        if i and first_in_line and tokens[i - 1].line == token.line - 1:
            feats.append("prevline.last=" + words[i - 1].lower()[-3:])
        out.append(feats)
    return out


@lru_cache(maxsize=1 << 16)
def _own(word: str) -> tuple[str, ...]:
    """A word's own features (a word recurs: each is worked out once)."""
    lower = word.lower()
    found = ["b", "w=" + lower, "suf3=" + lower[-3:], "pre2=" + lower[:2]]
    found.append("shape=" + _shape(word))
    found += ["cls=" + c for c in _word_class(word)]
    return tuple(found)


@lru_cache(maxsize=1 << 17)
def _neighbour(word: str, offset: int) -> tuple[str, ...]:
    """What a token sees of ``word`` at ``offset`` from it."""
    found = [f"w[{offset}]=" + word.lower(), f"shape[{offset}]=" + _shape(word)]
    found += [f"cls[{offset}]=" + c for c in _word_class(word)]
    return tuple(found)


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


def spans(text: str, zones: tuple[str, ...], model: Any = None) -> list[Span]:
    """The labelled spans of ``text`` (lines in ``zones``), in order.

    ``model`` is an open ``pycrfsuite.Tagger``; by default, the one that ships.
    """
    tokens = tokenize(text)
    if not tokens or (model is None and not available()):
        return []
    tagger = model or _tagger()
    labels = tagger.tag(features(text, zones, tokens))
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
        first, last = tokens[start], tokens[end - 1]
        found.append(
            Span(kind, first.start, last.end, text[first.start : last.end], first.line, probability)
        )
        start = end
    return found
