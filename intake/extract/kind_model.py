"""The learned kind: what a person's message is, from their words and the rules' reading.

The rules decide the kind with the first rule that applies (:mod:`intake.extract.kinds`);
on mail from new writers they called about one message in five wrongly, most
often a sign-on read as "other". This model weighs the same evidence together:
the rules' kind and the acts they counted, whether signer details are there, and
the sender's own words, word pairs and word beginnings, their first twelve words on
their own (where a message most often says what it is for), and the subject's words.
It is a multinomial logistic model fitted by ``python -m training`` on labelled
mail; its weights ship in ``models/kinds.json``, read with the standard library.

Only mail a person wrote reaches it: the automatic-mail verdict comes first and
stands.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from intake.extract import linear
from intake.extract.intent import Acts
from intake.extract.kinds import KindReading
from intake.extract.model import Kind

MODEL = "kinds.json"
MAX_WORDS = 400
OPENING = 12  # the sender's first words, where what a message is for is most often said


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
    found.update(linear.words(evidence.subject, "s", MAX_WORDS))
    found.update(linear.words(evidence.own, "w", MAX_WORDS, pairs=True, beginnings=True))
    found.update(linear.words(evidence.own, "f", OPENING))
    length = linear.word_count(evidence.own, MAX_WORDS)
    found["words<10" if length < 10 else "words<40" if length < 40 else "words>=40"] = 1.0
    return found


def predict(evidence: Evidence, model: dict[str, Any] | None = None) -> tuple[Kind, float] | None:
    """The most likely kind and its probability, or None without a model.

    ``model``: a model document other than the shipped one (training).
    """
    model = model or linear.load(MODEL)
    if model is None:
        return None
    kind, probability = linear.best(model, features(evidence))
    return Kind(kind), probability
