"""Linear models that ship as JSON: loading them, scoring with them, and word features.

The learned kind and the learned capacity are multinomial logistic models, the
confidence a binary one; ``python -m training`` fits them with scikit-learn and
writes their weights to ``models/``. A campaign reads them with the standard
library: no array library, nothing downloaded.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from intake.extract.text import unaccented

_WORD = re.compile(r"[^\W\d_]+")


@cache
def load(name: str) -> dict[str, Any] | None:
    """The model document ``models/<name>`` that ships in the package, or None."""
    path = resources.files("intake.extract").joinpath("models", name)
    if not path.is_file():
        return None
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def logistic(score: float) -> float:
    """A binary model's probability for ``score`` (clamped so that ``exp`` stays finite)."""
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))


def best(model: dict[str, Any], features: dict[str, float]) -> tuple[str, float]:
    """A multinomial model's most likely class for ``features``, and its probability."""
    classes: list[str] = model["classes"]
    scores = _scores(model["intercepts"], model["weights"], features)
    top = max(scores)
    total = sum(math.exp(s - top) for s in scores)
    chosen = max(range(len(classes)), key=lambda i: scores[i])
    return classes[chosen], math.exp(scores[chosen] - top) / total


def _scores(
    intercepts: list[float], weights: dict[str, list[float]], features: dict[str, float]
) -> list[float]:
    """Each class's intercept plus, feature by feature in order, its weight times the value
    (a row holds one weight a class; a feature the model does not know weighs nothing)."""
    if _all_ones(features):
        # Most features are 1.0, and w * 1.0 is w: each class's weights are added to its
        # intercept, row by row in the features' order (a plain loop: the same sums, in the
        # same order, as adding the columns with functools.reduce, and faster).
        rows = list(filter(None, map(weights.get, features)))
        scores: list[float] = []
        for k, score in enumerate(intercepts):
            for known in rows:
                score += known[k]
            scores.append(score)
        return scores
    scores = list(intercepts)
    for name, value in features.items():
        row = weights.get(name)
        if row:
            scores = [s + w * value for s, w in zip(scores, row, strict=True)]
    return scores


def _all_ones(features: dict[str, float]) -> bool:
    """Every value is 1.0 (asked of the set of values, in C: most features are flags)."""
    values = set(features.values())
    return not values or values == _ONE


_ONE = {1.0}


def words(
    text: str, prefix: str, limit: int, pairs: bool = False, beginnings: bool = False
) -> dict[str, float]:
    """The first ``limit`` words of ``text`` (and word pairs) as features named ``prefix``.

    ``beginnings``: also the first letters of each long word, accents aside, so that
    one feature stands for a word's forms and its neighbours in related languages
    ("correction", "corrección", "corregir" share "corre").
    """
    return dict(_word_features(text, prefix, limit, pairs, beginnings))


@lru_cache(maxsize=64)
def _word_features(
    text: str, prefix: str, limit: int, pairs: bool, beginnings: bool
) -> dict[str, float]:
    # The kind model and the capacity model (once per signer) ask for the same words of
    # one message: named once (callers get a copy).
    found = _words_of(text)[:limit]
    out = {f"{prefix}:{w}": 1.0 for w in found}
    if pairs:
        out.update({f"{prefix}2:{a} {b}": 1.0 for a, b in itertools.pairwise(found)})
    if beginnings:
        out.update({f"{prefix}5:{w}": 1.0 for w in _beginnings(found)})
    return out


_BEGINNING = 5


def _beginnings(found: tuple[str, ...]) -> tuple[str, ...]:
    # In the order first met, not a set's: a model's score is summed in the order of its
    # features, and a set's order follows the hash seed (the last bit of a probability
    # would change from run to run, and with it what training fits on it).
    return tuple(dict.fromkeys(unaccented(w)[:_BEGINNING] for w in found if len(w) >= _BEGINNING))


def bucket(n: int, edges: tuple[int, ...]) -> str:
    """A count as a feature value: the first of ``edges`` that ``n`` is at most, or "more"."""
    for edge in edges:
        if n <= edge:
            return str(edge)
    return "more"


def word_count(text: str, limit: int) -> int:
    """How many words ``text`` has, counting no further than ``limit``."""
    return min(len(_words_of(text)), limit)


@lru_cache(maxsize=64)
def _words_of(text: str) -> tuple[str, ...]:
    # The kind model and the capacity model (once per signer) read the same subject
    # and words of one message: split once.
    return tuple(_WORD.findall(text.lower()))
