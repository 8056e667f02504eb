"""The confidence as a probability: how often a reading like this one is entirely right.

The reader's own score comes from hand-set numbers (:mod:`intake.extract.confidence`)
and cannot know where its rules are blind: on mail from new writers, readings it
put at 0.9 were entirely right about 6 times in 10. This module turns a reading
into the observed chance that its kind and every field of every signer are right,
with a logistic model fitted by ``python -m training`` on labelled mail that the
rules never saw (``bench/DATA.md``). Its weights ship in ``models/calibration.json``;
nothing is learned or downloaded at run time.

The features describe the reading, never a case: its kind, the reader's own
score, how many signers and which fields are empty, the reasons the reader
gave (with numbers and quoted values taken out), how far the two readers agree,
and how sure each learned model was of its calls (:mod:`intake.extract.sureness`).
"""

from __future__ import annotations

import re
from dataclasses import replace

from intake.extract import agreement, linear, sureness
from intake.extract.agreement import Agreement
from intake.extract.model import Extraction

MODEL = "calibration.json"
_VARIABLE = re.compile(r"\d+|:.*$|\(.*\)")
_ADDRESS = re.compile(r"\S+@\S+")


def reason_key(reason: str) -> str:
    """A reason without what varies from message to message ("4 spam phrases", an address)."""
    text = _VARIABLE.sub("", reason.lower())
    text = _ADDRESS.sub("", text)
    return " ".join(text.split())


def features(reading: Extraction, agreed: Agreement | None = None) -> dict[str, float]:
    """What the model weighs, for one reading and how far the two readers agree on it."""
    raw = reading.confidence
    found: dict[str, float] = {
        "raw": raw,
        "raw_squared": raw * raw,
        "kind=" + reading.kind.value: 1.0,
        "signers=" + str(min(len(reading.signers), 3)): 1.0,
    }
    for signer in reading.signers[:1]:
        found["first.capacity=" + signer.capacity.value] = 1.0
        for key, value in (
            ("name", signer.name),
            ("title", signer.title),
            ("organization", signer.organization),
        ):
            if not value:
                found[f"first.{key}=none"] = 1.0
    for reason in reading.reasons:
        key = reason_key(reason)
        if key:
            found["reason=" + key] = 1.0
    if agreed is not None:
        found.update(agreement.features(agreed))
        found.update(sureness.features(agreed.sure))
    return found


def probability(reading: Extraction, agreed: Agreement | None = None) -> float | None:
    """The chance that ``reading`` is entirely right, or None without a shipped model."""
    model = linear.load(MODEL)
    if model is None:
        return None
    weights: dict[str, float] = model["weights"]
    total = float(model["intercept"])
    for name, value in features(reading, agreed).items():
        total += weights.get(name, 0.0) * value
    return linear.logistic(total)


def calibrated(reading: Extraction, agreed: Agreement | None = None) -> Extraction:
    """``reading`` with its confidence replaced by the calibrated probability."""
    value = probability(reading, agreed)
    if value is None:
        return reading
    return replace(reading, confidence=round(value, 3))


def threshold() -> float | None:
    """The review threshold the calibration chose, or None without a shipped model."""
    model = linear.load(MODEL)
    return None if model is None else float(model["threshold"])
