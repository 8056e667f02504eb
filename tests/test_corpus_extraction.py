"""Every case of the shared dev corpus, read as ``intake extract`` reads it.

The corpus lives beside the repository (``../shared/corpus``); its answers are
read from its own ``.json`` files, never copied here. A case that is known to
be read wrong is listed in ``KNOWN_FAILURES`` with the reason, and runs as a
strict expected failure (so fixing it is noticed).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from support import corpus

from intake.assess.outcome import outcome

CORPUS = corpus.CORPUS_DIR / "dev"
OWN = frozenset({"coordinator@irf-roundtable.example"})
FIELDS = ("name", "title", "organization", "capacity")

# Case name -> why it is still read wrong.
KNOWN_FAILURES: dict[str, str] = {}


def _cases() -> list[object]:
    if not CORPUS.is_dir():  # one case that says so: a skip here, a failure in CI
        return [pytest.param(None, id="corpus-missing")]
    params: list[object] = []
    for eml in sorted(CORPUS.glob("*.eml")):
        marks = []
        if eml.stem in KNOWN_FAILURES:
            marks.append(pytest.mark.xfail(reason=KNOWN_FAILURES[eml.stem], strict=True))
        params.append(pytest.param(eml, id=eml.stem, marks=marks))
    return params


def _norm(value: object) -> str | None:
    text = re.sub(r"\s+", " ", str(value)).strip() if value is not None else ""
    return text or None


@pytest.mark.parametrize("eml", _cases())
def test_case(eml: Path | None) -> None:
    if eml is None:
        corpus.missing(CORPUS)
    expected = json.loads(eml.with_suffix(".json").read_text(encoding="utf-8"))
    got = outcome(eml, OWN)
    assert got["kind"] == expected["kind"]
    assert got["should_confirm"] == expected["should_confirm"]
    signers = got["signers"]
    assert isinstance(signers, list)
    assert len(signers) == len(expected["signers"])
    for want, found in zip(expected["signers"], signers, strict=True):
        for field in FIELDS:
            assert _norm(found.get(field)) == _norm(want.get(field)), field


def test_corpus_has_cases() -> None:
    if not CORPUS.is_dir():
        corpus.missing(CORPUS)
    assert len(list(CORPUS.glob("*.eml"))) >= 100
