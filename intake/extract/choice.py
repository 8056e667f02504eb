"""Which reader's title and organization to keep where the two readers differ.

The rules and the tagger often read the same signer with a different title or
organization: one stops at a comma the other reads past ("Director" against
"Director, Office of Justice and Ecology"), one keeps a city or an acronym the
other drops, one reads a value where the other reads none. Which is right
depends on how the two values differ and on what the extra words are, not on
a fixed order of the readers. This model weighs that: how the values relate
(one extends, contains or differs from the other; one is missing), the extra
words and their punctuation, whether the extra text is the signer's other
field, the values' lengths, first and last words, where each value stands in the
sender's text (a whole line, after a label, nowhere), and the tagger's confidence
in its spans. Fitted by ``python -m training`` on readings of the calibration
sets made by models that never saw them; its weights ship in
``models/choice.json``.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from intake.extract import linear
from intake.extract.text import LIST_MARK, fold

MODEL = "choice.json"
FIELDS = ("title", "organization")
RULES = "rules"
TAGGER = "tagger"

_TEXT = 4000
_PUNCTUATION = ((",", "comma"), ("(", "paren"), ("@", "at"), (":", "colon"), ('"', "quote"))


def features(
    field: str,
    rules: str | None,
    tagger: str | None,
    others: tuple[str | None, str | None],
    probability: float,
    same_count: bool,
    text: str = "",
) -> dict[str, float]:
    """The model's features for ``field`` read as ``rules`` by one reader and ``tagger``
    by the other; ``others``: each reader's value of the signer's other field; ``text``:
    the sender's own text, where each value stands."""
    a, b = _plain(rules), _plain(tagger)
    relation, extra = _relation(a, b)
    found = {
        "f=" + field: 1.0,
        f"{field}|{relation}": 1.0,
        "rel=" + relation: 1.0,
        f"{field}|same_count={same_count}": 1.0,
        "prob<" + _bucket(int(probability * 10), (3, 5, 7, 8, 9)): 1.0,
    }
    if extra:
        found[f"{relation}|extra_words=" + _bucket(len(extra.split()))] = 1.0
        for mark, name in _PUNCTUATION:
            if mark in extra:
                found[f"{relation}|extra_{name}"] = 1.0
        if extra[:1] in ",-–(":
            found[f"{relation}|extra_starts_punct"] = 1.0
        if any(c.isdigit() for c in extra):
            found[f"{relation}|extra_digit"] = 1.0
        if any(o and _plain(o) and _plain(o) in extra for o in others):
            found[f"{relation}|extra_is_other_field"] = 1.0
        for word in linear.words(extra, f"{field}:{relation}:w", 4):
            found[word] = 1.0
    for value, who in ((rules, "r"), (tagger, "t")):
        if not value:
            continue
        found[f"{field}|{who}_words=" + _bucket(len(value.split()))] = 1.0
        if value.isupper():
            found[f"{who}_caps"] = 1.0
        if "(" in value:
            found[f"{field}|{who}_paren"] = 1.0
        if any(c in value for c in ":@") or any(c.isdigit() for c in value):
            found[f"{field}|{who}_odd"] = 1.0
        for place in _places(value, text):
            found[f"{field}|{who}_{place}"] = 1.0
        words = list(linear.words(value, "", 400))
        if words:
            found[f"{field}:{who}:first{words[0]}"] = 1.0
            found[f"{field}:{who}:last{words[-1]}"] = 1.0
    return found


def pick(found: dict[str, float], model: dict[str, Any] | None = None) -> tuple[str, float] | None:
    """:data:`RULES` or :data:`TAGGER` with the model's probability of it, or None when no
    model ships.

    ``model``: a model document other than the shipped one (training).
    """
    model = model or linear.load(MODEL)
    if model is None:
        return None
    return linear.best(model, found)


def _places(value: str, text: str) -> list[str]:
    """Where ``value`` stands in ``text``: not at all, a whole line, after a label, at a
    line's start or end (case and spacing aside)."""
    if not text:
        return []
    lines = _lines(text)
    wanted = " ".join(value.split()).casefold()
    holding = [line for line in lines if wanted in line]
    if not holding:
        return ["absent"]
    found = []
    for line in holding:
        bare = LIST_MARK.sub("", line).strip(" .,;")
        if bare == wanted:
            found.append("line")
        elif bare.endswith(wanted) and bare[: -len(wanted)].rstrip().endswith(":"):
            found.append("labelled")
        elif bare.startswith(wanted):
            found.append("line_start")
        elif bare.endswith(wanted):
            found.append("line_end")
    return found or ["inside"]


@lru_cache(maxsize=8)
def _lines(text: str) -> tuple[str, ...]:
    # Asked for each value of each choice in one message: split once.
    return tuple(" ".join(line.split()).casefold() for line in text[:_TEXT].splitlines())


def _plain(value: str | None) -> str:
    return fold(value) if value else ""


def _relation(a: str, b: str) -> tuple[str, str]:
    """How the tagger's value ``b`` relates to the rules' ``a``, and the words one has
    that the other lacks."""
    if not a:
        return "only_tagger", b
    if not b:
        return "only_rules", a
    if b.startswith(a):
        return "tagger_extends", b[len(a) :].strip()
    if a.startswith(b):
        return "rules_extends", a[len(b) :].strip()
    if b.endswith(a):
        return "tagger_prefixes", b[: len(b) - len(a)].strip()
    if a.endswith(b):
        return "rules_prefixes", a[: len(a) - len(b)].strip()
    if a in b:
        return "tagger_contains", b
    if b in a:
        return "rules_contains", a
    return "disjoint", ""


def _bucket(n: int, edges: tuple[int, ...] = (1, 2, 3, 5, 8)) -> str:
    return linear.bucket(n, edges)
