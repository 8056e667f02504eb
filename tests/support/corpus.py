"""Where the shared corpus is (``../shared/corpus`` beside the repository), and what its
absence means: a skip on a developer's machine, a failure in CI (``CI`` set)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CORPUS_DIR = Path(__file__).resolve().parents[3] / "shared" / "corpus"


def in_ci() -> bool:
    """True when the ``CI`` variable is set (CI sets ``CI=true``; ``.ci/run`` exports it)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def missing(folder: Path = CORPUS_DIR) -> None:
    """Stop the current test: ``folder`` is absent (a failure in CI, a skip elsewhere)."""
    why = f"corpus not found at {folder}"
    if in_ci():
        pytest.fail(f"{why}: CI must run the corpus tests", pytrace=False)
    pytest.skip(why)
