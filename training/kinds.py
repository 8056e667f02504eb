"""Fit the learned kind (``intake/extract/models/kinds.json``) with scikit-learn."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression

from intake.extract import kind_model

MIN_COUNT = 2  # a feature seen in fewer messages than this is dropped
C = 0.5  # inverse L2 strength: chosen by cross-validation on the calibration sets (DATA.md)


def fit(evidences: Sequence[kind_model.Evidence], kinds: Sequence[str]) -> dict[str, Any]:
    """The model document for messages with this evidence and these labelled kinds."""
    found = [kind_model.features(e) for e in evidences]
    counts: dict[str, int] = {}
    for features in found:
        for key in features:
            counts[key] = counts.get(key, 0) + 1
    names = sorted(k for k, n in counts.items() if n >= MIN_COUNT)
    index = {k: i for i, k in enumerate(names)}
    x = np.zeros((len(found), len(names)), dtype=np.float32)
    for row, features in enumerate(found):
        for key, value in features.items():
            if key in index:
                x[row, index[key]] = value
    model = LogisticRegression(C=C, max_iter=5000, solver="lbfgs")
    model.fit(x, np.array(kinds))
    classes = [str(c) for c in model.classes_]
    coef = model.coef_ if len(classes) > 2 else np.vstack([-model.coef_[0], model.coef_[0]])
    intercepts = (
        model.intercept_
        if len(classes) > 2
        else np.array([-model.intercept_[0], model.intercept_[0]])
    )
    weights = {
        name: [round(float(w), 5) for w in coef[:, i]]
        for i, name in enumerate(names)
        if np.any(np.abs(coef[:, i]) >= 1e-4)
    }
    return {
        "about": "intake.extract.kind_model: logistic weights fitted by python -m training",
        "classes": classes,
        "intercepts": [round(float(b), 5) for b in intercepts],
        "weights": weights,
    }
