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
import operator
import re
from functools import cache, lru_cache
from importlib import resources
from typing import Any

_WORD = re.compile(r"[^\W\d_]+")


@cache
def load(name: str) -> dict[str, Any] | None:
    """The model document ``models/<name>`` that ships in the package, or None."""
    path = resources.files("intake.extract").joinpath("models", name)
    if not path.is_file():
        return None
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def best(model: dict[str, Any], features: dict[str, float]) -> tuple[str, float]:
    """A multinomial model's most likely class for ``features``, and its probability."""
    classes: list[str] = model["classes"]
    weights: dict[str, list[float]] = model["weights"]
    scores = list(model["intercepts"])
    for name, value in features.items():
        row = weights.get(name)
        if row is None:
            continue
        # A row holds one weight a class. Most features are 1.0, and w * 1.0 is w: the
        # same sums, class by class and in the same order, without the products.
        if value == 1.0:
            scores = list(map(operator.add, scores, row))
        else:
            scores = [s + w * value for s, w in zip(scores, row, strict=True)]
    top = max(scores)
    total = sum(math.exp(s - top) for s in scores)
    chosen = max(range(len(classes)), key=lambda i: scores[i])
    return classes[chosen], math.exp(scores[chosen] - top) / total


def words(text: str, prefix: str, limit: int, pairs: bool = False) -> dict[str, float]:
    """The first ``limit`` words of ``text`` (and word pairs) as features named ``prefix``."""
    found = _words_of(text)[:limit]
    out = {f"{prefix}:{w}": 1.0 for w in found}
    if pairs:
        out.update({f"{prefix}2:{a} {b}": 1.0 for a, b in itertools.pairwise(found)})
    return out


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
