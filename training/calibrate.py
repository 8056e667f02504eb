"""Fit the confidence calibration (``intake/extract/models/calibration.json``).

A logistic regression from :func:`intake.extract.calibration.features` (the
reading, and how far the tagger agrees with the rules) to "the reading is
entirely right": kind, signer count, every field of every signer. It is fitted
on readings of the calibration sets made with a tagger that never saw them
(``training.__main__`` cross-fits it). The review threshold is chosen from
five-fold out-of-fold predictions, among the readings it decides (not automatic
mail, questions or a change with no signer, which are reviewed whatever the
confidence: ``intake.assess.rules.threshold_decides``): the one that costs least,
counting each reading sent to review as one unit of the coordinator's time and each
wrong reading no one reviews as ``COST_OF_A_MISS`` (the signer still sees the recorded
details in the confirmation and can correct them, so a miss is not final).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from intake.assess import rules
from intake.extract import calibration
from intake.extract.agreement import Agreement
from intake.extract.model import Extraction
from training import linear

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

from extraction import BUCKETS, align, norm  # noqa: E402

# A wrong reading that no one reviews puts a name on the letter that should not be
# there (or leaves one off): it costs as much as this many reviews of the coordinator.
COST_OF_A_MISS = 5
MIN_COUNT = 3  # a feature seen fewer times than this is dropped
FOLDS = 5
FIELDS = ("name", "title", "organization", "capacity")


def entirely_right(want: dict[str, Any], got: Extraction) -> bool:
    """Kind, signer count and every field of every signer as labelled."""
    if want["kind"] != got.kind.value:
        return False
    expected: list[dict[str, str | None]] = want["signers"]
    found = [s.as_dict() for s in got.signers]
    if len(expected) != len(found):
        return False
    pairs = align(expected, found)
    return all(
        p is not None and all(norm(e.get(f)) == norm(p.get(f)) for f in FIELDS)
        for e, p in zip(expected, pairs, strict=True)
    )


def field_marks(want: dict[str, Any], got: Extraction) -> dict[str, int]:
    """How many expected signers there are, and how many of them each field gets right."""
    expected: list[dict[str, str | None]] = want["signers"]
    pairs = align(expected, [s.as_dict() for s in got.signers]) if expected else []
    marks = {"signers": len(expected)} | dict.fromkeys(FIELDS, 0)
    for e, p in zip(expected, pairs, strict=True):
        for f in FIELDS:
            marks[f] += p is not None and norm(e.get(f)) == norm(p.get(f))
    return marks


def fit(readings: Sequence[tuple[Extraction, Agreement, bool]], sets: list[str]) -> dict[str, Any]:
    """The calibration document for ``readings`` (reading, agreement, entirely right)."""
    found = [calibration.features(got, agreed) for got, agreed, _ in readings]
    names, x = linear.matrix(found, MIN_COUNT)
    y = np.array([right for _, _, right in readings], dtype=int)
    reviewable = np.array([rules.threshold_decides(got) for got, _, _ in readings])

    def model(rows: np.ndarray) -> LogisticRegression:
        fitted = LogisticRegression(C=1.0, max_iter=5000, solver="lbfgs")
        fitted.fit(x[rows], y[rows])
        return fitted

    oof = np.zeros(len(readings))
    folds = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=0)
    for train, test in folds.split(x, y):
        oof[test] = model(train).predict_proba(x[test])[:, 1]
    threshold = _threshold(oof[reviewable], y[reviewable])
    final = model(np.arange(len(readings)))
    weights = {k: round(float(w), 6) for k, w in zip(names, final.coef_[0], strict=True)}
    handled = reviewable & (oof >= threshold)
    print(f"{len(readings)} readings, {int(y.sum())} entirely right; {len(names)} features")
    print(
        f"threshold {threshold}: out-of-fold, {int(handled.sum())} of {int(reviewable.sum())}"
        f" readings it decides above it, {int((handled & (y == 0)).sum())} of them wrong"
    )
    document = {
        "about": "intake.extract.calibration: logistic weights fitted by python -m training",
        "sets": sets,
        "cases": len(readings),
        "threshold": threshold,
        "intercept": round(float(final.intercept_[0]), 6),
        "weights": weights,
        "reliability": _reliability(oof, y),
    }
    for row in document["reliability"]:
        print(f"  {row['bucket']}  {row['right']}/{row['count']}")
    for t in (0.8, 0.85, 0.9, 0.93, 0.95, 0.97, 0.98):
        above = reviewable & (oof >= t)
        print(f"  at {t}: {int(above.sum())} handled, {int((above & (y == 0)).sum())} wrong")
    return document


def _threshold(probs: np.ndarray, marks: np.ndarray) -> float:
    best, best_cost = 0.99, float("inf")
    for step in range(99, 49, -1):  # from the top: a tie keeps the stricter threshold
        t = step / 100
        above = probs >= t
        cost = COST_OF_A_MISS * int((marks[above] == 0).sum()) + int((~above).sum())
        if cost < best_cost:
            best, best_cost = t, cost
    return best


def _reliability(probs: np.ndarray, marks: np.ndarray) -> list[dict[str, object]]:
    rows = []
    for low, high in BUCKETS:
        inside = (probs >= low) & (probs < high)
        rows.append(
            {
                "bucket": f"{low:.2f}-{min(high, 1):.2f}",
                "count": int(inside.sum()),
                "right": int(marks[inside].sum()),
            }
        )
    return rows
