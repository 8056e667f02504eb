"""A correction's new values: the rules' reading weighed against the words in the text.

The rules take a correction's new value from the first instruction that fits
("it should be X, not Y", "please use our full name: X"). They often keep the
old value the sender quotes, or a piece of the instruction around the new one
("Senior Cantor please, not Cantor"; an accent retyped; "Inc." added; a middle
initial). For a correction about one signer, each of its name, title and
organization is weighed here against the spans of the sender's own lines and
the subject that could be its new value: a span that shares a word with the old
or the current value, or that starts where a value starts (a line's start,
after a colon, a quote or an instruction word), up to twelve words of one line
that begin and end with a word not in lower case, never across a sentence's end
or a quote. Only the first lines are searched, and only so many spans.

The model is pairwise: from the difference between a span's features and those
of the value the rules read, the chance that the span is right where the rules'
value is not. The best span replaces the rules' value when that chance is over
one half. The features: the span's length and place (subject, line start or end,
the two words on each side, the stop after it), the fields the line names, its
shape (capitals, digits, how much it reads as a person, a title or an
organization) and how like it is to the old value (the quoted record) and to
the rules' value (the same, the same letters without accents, words added or
dropped). Fitted by ``python -m training`` on readings of the calibration sets'
corrections made by models that never saw them; its weights ship in
``models/revision.json``. Without it, nothing changes.
"""

from __future__ import annotations

import itertools
import operator
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from intake.extract import changes, linear, names
from intake.extract.draft import printed
from intake.extract.model import Extraction, Kind, Signer
from intake.extract.text import trim, unaccented
from intake.extract.zones import Reading

MODEL = "revision.json"
BETTER = "better"
WORSE = "worse"
FIELDS = ("name", "title", "organization")
_MAX_WORDS = 12
_MAX_LINES = 40  # a correction states its change near the top; a long text is not searched whole
_MAX_LINE = 300
# Twice the most any correction in the calibration sets gives (76), and a bound for any text.
_MAX_SPANS = 150
_TOKEN = re.compile(r"\S+")
_WORD = re.compile(r"[^\W_]+")
_OPEN = "\"“‘'«("
_CLOSE = "\"”’'»)"
_CLOSING_QUOTES = _CLOSE.replace(")", "")
_QUOTES = frozenset(_OPEN + _CLOSE)
_SENTENCE_INSIDE = re.compile(r"[.!?]\s")
_SUBJECT_PREFIX = re.compile(r"^\s*(?:(?:re|fwd?|aw|sv|wg|tr)\s*:\s*)+", re.IGNORECASE)
# Words after which a new value is often written ("it should be", "print it as", "not").
# Features and candidate starts, never a rule on their own.
_LEADS = frozenset(
    ("is", "be", "as", "to", "read", "reads", "say", "says", "use", "but", "not", "instead",
     "of", "at", "from", "with", "for", "name", "title", "organization", "organisation",
     "please", "me", "us", "spelled", "spelt", "written")
)  # fmt: skip
_FIELD_CUES = {
    "name": re.compile(r"\b(?:name|spell\w*|surname|first name)\b", re.IGNORECASE),
    "title": re.compile(r"\b(?:title|position|role|job)\b", re.IGNORECASE),
    "organization": re.compile(
        r"\b(?:organi[sz]ation|affiliation|church|congregation|acronym|group)\b", re.IGNORECASE
    ),
}


@dataclass(frozen=True, slots=True)
class Candidate:
    """A value a field could take, with what the model weighs."""

    value: str
    features: dict[str, float]


def apply(reading: Extraction, found: Reading, model: dict[str, Any] | None = None) -> Extraction:
    """``reading`` with each field of a one-signer correction replaced by the span the
    model finds better than the rules' value, if any.

    ``model``: a document other than the shipped one (training).
    """
    return read(reading, found, model)[0]


def read(
    reading: Extraction, found: Reading, model: dict[str, Any] | None = None
) -> tuple[Extraction, float | None]:
    """:func:`apply`, and how sure the model was of its least sure call (the logistic of
    the margin between the best span and the rules' value; None when it made none)."""
    model = model or linear.load(MODEL)
    if model is None or reading.kind is not Kind.CORRECTION or len(reading.signers) != 1:
        return reading, None
    signer = reading.signers[0]
    changed: dict[str, str] = {}
    margins: list[float] = []
    for field, (spans, mine) in candidates(found, old_values(found), signer).items():
        if not spans:
            continue
        weights: dict[str, float] = model["weights"][field]
        scores = [_score(weights, c.features) for c in spans]
        top = max(range(len(spans)), key=scores.__getitem__)
        margin = scores[top] - _score(weights, mine) + model["bias"]
        margins.append(abs(margin))
        if margin > 0:
            changed[field] = spans[top].value
    sure = linear.logistic(min(margins)) if margins else None
    if not changed:
        return reading, sure
    reasons = reading.reasons + tuple(f"the {f} read from the correction's words" for f in changed)
    return replace(reading, signers=(replace(signer, **changed),), reasons=reasons), sure  # type: ignore[arg-type]


def candidates(
    found: Reading, old: Signer | None, current: Signer
) -> dict[str, tuple[list[Candidate], dict[str, float]]]:
    """For each field, the spans that could be its new value (other than ``current``'s),
    and the features of ``current``'s value (from where it is written, if it is)."""
    olds = {f: getattr(old, f) if old else None for f in FIELDS}
    currents = {f: getattr(current, f) for f in FIELDS}
    keys = set().union(*(_words(v) for v in (*olds.values(), *currents.values())))
    seen: dict[str, dict[str, Candidate]] = {f: {} for f in FIELDS}
    mine: dict[str, dict[str, float]] = {}
    placed = (
        (line, subject, span) for line, subject in _lines(found) for span in _spans(line, keys)
    )
    for line, in_subject, (start, end) in itertools.islice(placed, _MAX_SPANS):
        raw = trim(line.text[line.starts[start] : line.ends[end]])
        if not raw:
            continue
        context: dict[str, float] | None = None
        for field, value in _as_fields(raw).items():
            is_current = value == currents[field]
            if value is None or value in seen[field] or (is_current and field in mine):
                continue
            context = context or _context(line, start, end, in_subject)
            features = context | _valued(value, olds[field], currents[field])
            features["cue is field"] = float(field in line.cues)
            features["cue is other"] = float(any(cue != field for cue in line.cues))
            if is_current:
                mine[field] = features
            else:
                seen[field][value] = Candidate(value, features)
    return {
        f: (list(seen[f].values()), mine.get(f) or _unplaced(currents[f], olds[f])) for f in FIELDS
    }


def for_field(field: str, features: dict[str, float]) -> dict[str, float]:
    """The features the model is fitted on: each as it is, and again for the field
    alone (training; the shipped weights are the two summed, per field)."""
    return features | {f"{field}|{k}": v for k, v in features.items()}


def pair(better: dict[str, float], worse: dict[str, float]) -> dict[str, float]:
    """The features of a pair: the first's minus the second's (training)."""
    out = dict(better)
    for key, value in worse.items():
        out[key] = out.get(key, 0.0) - value
    return {k: v for k, v in out.items() if v}


def old_values(found: Reading) -> Signer | None:
    """The values the correction corrects: the quoted record's, if one is quoted."""
    record = changes.record_draft(found)
    return record.final() if record is not None else None


def _score(weights: dict[str, float], features: dict[str, float]) -> float:
    # Each feature's weight times its value, summed in order (the products and the sum
    # made in C: a correction weighs thousands of features).
    known = map(weights.get, features, itertools.repeat(0.0))
    total: float = sum(map(operator.mul, known, features.values()))
    return total


@dataclass(frozen=True, slots=True)
class _Line:
    text: str
    tokens: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    words: tuple[str, ...]  # each token as a bare lower-case word without accents
    cues: tuple[str, ...]  # the fields the line names, in _FIELD_CUES order


def _lines(found: Reading) -> Iterator[tuple[_Line, bool]]:
    """The subject (without "Re:"), then the sender's lines, each with whether it is the
    subject; read only as far as the spans are taken."""
    subject = _SUBJECT_PREFIX.sub("", found.subject).strip()
    if subject:
        yield _line(subject[:_MAX_LINE]), True
    for text in found.own[: _MAX_LINES * _MAX_LINE].splitlines()[:_MAX_LINES]:
        text = text.strip()[:_MAX_LINE]
        if text:
            yield _line(text), False


def _line(text: str) -> _Line:
    tokens = list(_TOKEN.finditer(text))
    return _Line(
        text,
        tuple(t.group() for t in tokens),
        tuple(t.start() for t in tokens),
        tuple(t.end() for t in tokens),
        tuple(_bare(t.group()) for t in tokens),
        tuple(f for f, cue in _FIELD_CUES.items() if cue.search(text)),
    )


@lru_cache(maxsize=8192)
def _bare(token: str) -> str:
    return "".join(_WORD.findall(unaccented(token).lower()))


def _words(value: str | None) -> set[str]:
    return {w for w in (_bare(t) for t in (value or "").split()) if len(w) > 1}


def _spans(line: _Line, keys: set[str]) -> Iterator[tuple[int, int]]:
    """Token ranges (first, last) of ``line`` that could hold a value: a value starts
    and ends with a word that is not in lower case."""
    count = len(line.tokens)
    for start in range(count):
        first = line.tokens[start]
        if not line.words[start] or _lower(first):
            continue
        opens = _value_start(line, start)
        shared = False
        for end in range(start, min(count, start + _MAX_WORDS)):
            token = line.tokens[end]
            if end > start and token[:1] in _OPEN:
                break  # a quote opens inside: a value does not run into it
            shared = shared or line.words[end] in keys
            if line.words[end] and (opens or shared) and not _lower(token):
                yield start, end
            if _stops(token if end > start or first[:1] not in _OPEN else token[1:]):
                break


def _lower(token: str) -> bool:
    return token.lstrip(_OPEN)[:1].islower()


def _value_start(line: _Line, index: int) -> bool:
    if index == 0:
        return True
    token, before = line.tokens[index], line.tokens[index - 1]
    return token[:1] in _OPEN or before.endswith(":") or line.words[index - 1] in _LEADS


def _stops(token: str) -> bool:
    """A token after which a value does not go on: a sentence's end or a closing quote."""
    if token.endswith((":", ";")):
        return True
    bare = token.rstrip(",")
    if not bare:
        return False
    if bare[-1] in "!?" or bare[-1] in _CLOSING_QUOTES:
        return True
    if bare.endswith("."):
        word = bare.rstrip(".")
        return len(word) > 3 and not names.is_initial(bare) and "." not in word
    return False


def _as_fields(raw: str) -> dict[str, str | None]:
    """A span (trimmed) as each field prints it, or None where it prints as nothing: a
    name as names print, a title and an organization alike."""
    cleaned = names.clean_name(raw)
    name = cleaned.name if cleaned else None
    return {"name": name, "title": printed(raw), "organization": printed(raw, organization=True)}


def _context(line: _Line, start: int, end: int, in_subject: bool) -> dict[str, float]:
    """Where a span stands: its line, the words and marks around it."""
    out = {"placed": 1.0, "subject": float(in_subject)}
    out["line start"] = float(start == 0)
    out["line end"] = float(end == len(line.starts) - 1)
    for k in (1, 2):
        out[f"before{k}:{line.words[start - k] if start - k >= 0 else '^'}"] = 1.0
        after = end + k
        out[f"after{k}:{line.words[after] if after < len(line.words) else '$'}"] = 1.0
    last = line.text[line.ends[end] - 1]
    at_end = end == len(line.starts) - 1
    out[f"stop:{last if not last.isalnum() else '$' if at_end else ' '}"] = 1.0
    first = line.tokens[start][0]
    before = line.text[: line.starts[start]].rstrip()[-1:] or "^"
    out[f"mark before:{before if not before.isalnum() else 'a'}"] = 1.0
    out[f"opens with:{first if not first.isalnum() else 'a'}"] = 1.0
    for cue in line.cues:
        out[f"cue:{cue}"] = 1.0
    return out


def _valued(value: str, old: str | None, current: str | None) -> dict[str, float]:
    """What a value is like: its shape, and its likeness to the old and the rules' value."""
    return _shape(value) | _likeness("old", value, old) | _likeness("current", value, current)


def _unplaced(value: str | None, old: str | None) -> dict[str, float]:
    """The rules' value where no line of the text holds it (or no value)."""
    if value is None:
        return {"empty": 1.0}
    return {"unplaced": 1.0} | _valued(value, old, value)


@lru_cache(maxsize=4096)
def _shape(value: str) -> dict[str, float]:
    """The value's own look (cached: do not change the dictionary)."""
    words = value.split()
    capitals = sum(w[:1].isupper() for w in words)
    lower = len(words) - capitals
    return {
        f"words:{linear.bucket(len(words), (1, 2, 3, 5, 8))}": 1.0,
        f"lower words:{linear.bucket(lower, (0, 1, 2))}": 1.0,
        "all capitals": float(value.isupper()),
        "digit": float(any(map(str.isdigit, value))),
        "full stop": float(value.endswith(".")),
        "quote inside": float(not _QUOTES.isdisjoint(value)),
        "sentence inside": float(bool(_SENTENCE_INSIDE.search(value))),
        "person": float(names.looks_like_person(value)),
        f"org score:{linear.bucket(names.org_score(value), (0, 1, 2, 4))}": 1.0,
        f"title score:{linear.bucket(names.title_score(value), (0, 1, 2, 4))}": 1.0,
    }


@dataclass(frozen=True, slots=True)
class _Ref:
    """A value as it is compared: lower case, without accents, its words and letters."""

    lower: str
    folded: str
    words: frozenset[str]
    count: int
    letters: Counter[str]


@lru_cache(maxsize=4096)
def _ref(value: str) -> _Ref:
    lower = value.lower()
    words = frozenset(_words(value))
    return _Ref(lower, unaccented(lower), words, len(value.split()), Counter(lower))


def _likeness(to: str, value: str, other: str | None) -> dict[str, float]:
    if other is None:
        return {f"{to}:none": 1.0}
    if value == other:
        return {f"{to}:same": 1.0}
    a, b = _ref(value), _ref(other)
    out: dict[str, float] = {}
    if a.folded == b.folded:
        out[f"{to}:same letters"] = 1.0
    out[f"{to}:ratio:{linear.bucket(round(_ratio(a, b) * 100), (50, 70, 85, 95))}"] = 1.0
    if a.words == b.words:
        out[f"{to}:same words"] = 1.0
    elif a.words > b.words:
        out[f"{to}:adds words"] = 1.0
    elif a.words < b.words:
        out[f"{to}:drops words"] = 1.0
    union = a.words | b.words
    share = len(a.words & b.words) / len(union) if union else 0.0
    out[f"{to}:share:{linear.bucket(round(share * 100), (0, 33, 66, 99))}"] = 1.0
    out[f"{to}:word delta:{max(-2, min(2, a.count - b.count))}"] = 1.0
    return out


def _ratio(a: _Ref, b: _Ref) -> float:
    """How many letters the two share, as a share of both (difflib's quick ratio: the
    same letters in another order, "Obi Ada" for "Ada Obi", are alike)."""
    size = len(a.lower) + len(b.lower)
    if not size:
        return 1.0
    # The letters both hold, each as often as the one holding it fewer times (the size
    # of the two Counters' intersection, counted without building it).
    common = a.letters.keys() & b.letters.keys()
    shared = sum(map(min, map(a.letters.__getitem__, common), map(b.letters.__getitem__, common)))
    return 2 * shared / size
