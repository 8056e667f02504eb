"""Fit a multinomial logistic model over feature dictionaries, into the JSON that
``intake.extract.linear`` reads."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from scipy import sparse as sp
from sklearn.linear_model import LogisticRegression

MIN_COUNT = 2  # a feature seen in fewer examples than this is dropped
C = 0.5  # inverse L2 strength


def matrix(
    found: Sequence[dict[str, float]], min_count: int, dtype: type = np.float64
) -> tuple[list[str], np.ndarray]:
    """The feature names seen in at least ``min_count`` examples, and the examples as rows."""
    names, index = _columns(found, min_count)
    x = np.zeros((len(found), len(names)), dtype=dtype)
    for row, features in enumerate(found):
        for key, value in features.items():
            if key in index:
                x[row, index[key]] = value
    return names, x


def sparse_matrix(found: Sequence[dict[str, float]], min_count: int) -> tuple[list[str], Any]:
    """:func:`matrix` as a sparse matrix (for many examples of few features each)."""
    names, index = _columns(found, min_count)
    rows: list[int] = []
    columns: list[int] = []
    values: list[float] = []
    for row, features in enumerate(found):
        for key in sorted(features):
            if key in index:
                rows.append(row)
                columns.append(index[key])
                values.append(features[key])
    shape = (len(found), len(names))
    return names, sp.csr_matrix((values, (rows, columns)), shape=shape, dtype=np.float64)


def _columns(found: Sequence[dict[str, float]], min_count: int) -> tuple[list[str], dict[str, int]]:
    """The feature names seen in at least ``min_count`` examples, in order, and their columns."""
    counts: dict[str, int] = {}
    for features in found:
        for key in features:
            counts[key] = counts.get(key, 0) + 1
    names = sorted(k for k, n in counts.items() if n >= min_count)
    return names, {k: i for i, k in enumerate(names)}


def fit(
    found: Sequence[dict[str, float]], labels: Sequence[str], about: str, sparse: bool = False
) -> dict[str, Any]:
    """The model document for these feature dictionaries and their labels (``sparse``:
    fitted on a sparse matrix, for many examples)."""
    names, x = sparse_matrix(found, MIN_COUNT) if sparse else matrix(found, MIN_COUNT, np.float32)
    model = LogisticRegression(C=C, max_iter=5000, solver="lbfgs")
    model.fit(x, np.array(labels))
    classes = [str(c) for c in model.classes_]
    coef, bias = model.coef_, model.intercept_
    if len(classes) == 2:  # scikit-learn keeps one row for two classes: make it two
        coef, bias = np.vstack([-coef[0], coef[0]]), np.array([-bias[0], bias[0]])
    weights = {
        name: [round(float(w), 5) for w in coef[:, i]]
        for i, name in enumerate(names)
        if np.any(np.abs(coef[:, i]) >= 1e-4)
    }
    return {
        "about": about,
        "classes": classes,
        "intercepts": [round(float(b), 5) for b in bias],
        "weights": weights,
    }
