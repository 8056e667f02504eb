"""Fit the confidence calibration (``intake/extract/models/calibration.json``).

    python -m training            # needs the train extra: pip install -e '.[train]'

Reads the calibration sets (``bench/labelled/wA`` to ``wE``, which the rules never
saw; see ``bench/DATA.md``), runs the rules reader on each message, marks whether
its reading is entirely right (kind, signer count, every field of every signer),
and fits a logistic regression from :func:`intake.extract.calibration.features`
to that mark. The review threshold is chosen from five-fold out-of-fold
predictions: the one that costs least, counting each reading sent to review as
one unit of the coordinator's time and each wrong reading no one reviews as
``COST_OF_A_MISS``. The sealed sets (wF, wG) are
never read here. Deterministic: the same data gives the same file, byte for byte.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from intake.extract import ExtractContext, calibration, pipeline
from intake.extract.model import Extraction
from intake.message import parse

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

from extraction import BUCKETS, align, norm  # noqa: E402

SETS = ("wA", "wB", "wC", "wD", "wE")
OWN = frozenset({"coordinator@irf-roundtable.example"})
OUT = REPO / "intake" / "extract" / "models" / calibration.MODEL
# A wrong reading that no one reviews puts a name on the letter that should not be
# there (or leaves one off): it costs as much as this many reviews of the coordinator.
COST_OF_A_MISS = 5
MIN_COUNT = 3  # a feature seen fewer times than this is dropped
FOLDS = 5
FIELDS = ("name", "title", "organization", "capacity")


def entirely_right(want: dict[str, object], got: Extraction) -> bool:
    """Kind, signer count and every field of every signer as labelled."""
    if want["kind"] != got.kind.value:
        return False
    expected: list[dict[str, str | None]] = want["signers"]  # type: ignore[assignment]
    found = [s.as_dict() for s in got.signers]
    if len(expected) != len(found):
        return False
    pairs = align(expected, found)
    return all(
        p is not None and all(norm(e.get(f)) == norm(p.get(f)) for f in FIELDS)
        for e, p in zip(expected, pairs, strict=True)
    )


def readings() -> list[tuple[str, Extraction, bool]]:
    context = ExtractContext(own_addresses=OWN)
    out = []
    for name in SETS:
        for eml in sorted((REPO / "bench" / "labelled" / name).glob("*.eml")):
            want = json.loads(eml.with_suffix(".json").read_text(encoding="utf-8"))
            got = pipeline.read(parse(eml.read_bytes()), context)
            out.append((f"{name}/{eml.name}", got, entirely_right(want, got)))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Fit the confidence calibration.")
    parser.add_argument("--out", type=Path, default=OUT, help="where to write the model")
    out: Path = parser.parse_args(argv).out
    cases = readings()
    found = [calibration.features(got) for _, got, _ in cases]
    counts: dict[str, int] = {}
    for features in found:
        for key in features:
            counts[key] = counts.get(key, 0) + 1
    names = sorted(k for k, n in counts.items() if n >= MIN_COUNT)
    index = {k: i for i, k in enumerate(names)}
    x = np.zeros((len(cases), len(names)))
    for row, features in enumerate(found):
        for key, value in features.items():
            if key in index:
                x[row, index[key]] = value
    y = np.array([right for _, _, right in cases], dtype=int)
    reviewable = np.array([not got.kind.automatic for _, got, _ in cases])

    def fit(rows: np.ndarray) -> LogisticRegression:
        model = LogisticRegression(C=1.0, max_iter=5000, solver="lbfgs")
        model.fit(x[rows], y[rows])
        return model

    oof = np.zeros(len(cases))
    folds = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=0)
    for train, test in folds.split(x, y):
        oof[test] = fit(train).predict_proba(x[test])[:, 1]
    threshold = _threshold(oof[reviewable], y[reviewable])
    final = fit(np.arange(len(cases)))
    weights = {k: round(float(w), 6) for k, w in zip(names, final.coef_[0], strict=True)}
    out.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "about": "intake.extract.calibration: logistic weights fitted by python -m training",
        "sets": list(SETS),
        "cases": len(cases),
        "threshold": threshold,
        "intercept": round(float(final.intercept_[0]), 6),
        "weights": weights,
        "reliability": _reliability(oof, y),
    }
    out.write_text(json.dumps(document, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    handled = reviewable & (oof >= threshold)
    print(f"{len(cases)} readings, {int(y.sum())} entirely right; {len(names)} features")
    print(
        f"threshold {threshold}: out-of-fold, {int(handled.sum())} of {int(reviewable.sum())}"
        f" reviewable readings above it, {int((handled & (y == 0)).sum())} of them wrong"
    )
    for row in document["reliability"]:
        print(f"  {row['bucket']}  {row['right']}/{row['count']}")
    print(f"wrote {out}")
    return 0


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
