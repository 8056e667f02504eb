"""The learned kind: what a person's message is, from their words and the rules' reading.

The rules decide the kind with the first rule that applies (:mod:`intake.extract.kinds`);
on mail from new writers they called about one message in five wrongly, most
often a sign-on read as "other". This model weighs the same evidence together:
the rules' kind and the acts they counted, whether signer details are there, and
the sender's own words and word pairs (the subject apart). It is a multinomial
logistic model fitted by ``python -m training`` on labelled mail; its weights
ship in ``models/kinds.json``, read with the standard library.

Only mail a person wrote reaches it: the automatic-mail verdict comes first and
stands.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from intake.extract.intent import Acts
from intake.extract.kinds import KindReading
from intake.extract.model import Kind

MODEL = "kinds.json"
MAX_WORDS = 400
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True, slots=True)
class Evidence:
    """What the kind is read from."""

    subject: str
    own: str
    rules: KindReading
    acts: Acts
    subject_acts: Acts
    has_details: bool
    replies_to_record: bool
    replies_to_call: bool


def features(evidence: Evidence) -> dict[str, float]:
    """The model's features for one message."""
    found: dict[str, float] = {"rules=" + evidence.rules.kind.value: 1.0}
    for name in ("requests", "deferred", "questions", "withdrawals", "corrections", "declines"):
        if getattr(evidence.acts, name):
            found["acts." + name] = 1.0
        if getattr(evidence.subject_acts, name):
            found["subject_acts." + name] = 1.0
    for flag in ("has_details", "replies_to_record", "replies_to_call"):
        if getattr(evidence, flag):
            found[flag] = 1.0
    for word in _WORD.findall(evidence.subject.lower()):
        found["s:" + word] = 1.0
    words = _WORD.findall(evidence.own.lower())[:MAX_WORDS]
    for word in words:
        found["w:" + word] = 1.0
    for first, second in itertools.pairwise(words):
        found[f"b:{first} {second}"] = 1.0
    length = len(words)
    found["words<10" if length < 10 else "words<40" if length < 40 else "words>=40"] = 1.0
    return found


@cache
def _model() -> dict[str, Any] | None:
    path = resources.files("intake.extract").joinpath("models", MODEL)
    if not path.is_file():
        return None
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def predict(evidence: Evidence, model: dict[str, Any] | None = None) -> tuple[Kind, float] | None:
    """The most likely kind and its probability, or None without a model.

    ``model``: a model document other than the shipped one (training).
    """
    model = model or _model()
    if model is None:
        return None
    classes: list[str] = model["classes"]
    weights: dict[str, list[float]] = model["weights"]
    scores = list(model["intercepts"])
    for name, value in features(evidence).items():
        row = weights.get(name)
        if row is not None:
            for i, w in enumerate(row):
                scores[i] += w * value
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    best = max(range(len(classes)), key=lambda i: scores[i])
    return Kind(classes[best]), exps[best] / sum(exps)
