"""The learned capacity: whether a signer signs as an individual, an organization or both.

The rules read a capacity from a label ("Signing as: both") or from cues in the
sender's sentences (:mod:`intake.extract.capacity`); on mail from new writers
they were right for about six signers in ten. This model weighs the rules'
capacity, what the signer has (a name, a title, an organization), how many
signers there are, the sender's own words, word pairs and word beginnings, the words
on the lines that name the signer, a capacity stated in a cell of those lines ("both"
in a table's column, "- individual only" after a list entry, "Signing as: Org"), and
whom the sentences that sign speak for
(:mod:`intake.extract.signing`): the writer, the organization, both in one sentence
or in two ("Our organization signs. Please also add me personally."). Fitted by
``python -m training``; its weights ship in ``models/capacity.json``.

The labelling policy stays an explicit rule after it: a signer without a name
signs as an organization, one without an organization as an individual.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from intake.extract import capacity, linear, signing
from intake.extract.model import Capacity, Extraction, Kind, Signer

MODEL = "capacity.json"
MAX_WORDS = 400
MAX_LINE_WORDS = 40  # the words weighed on the lines that name a signer
MAX_CELL_WORDS = 4  # a cell longer than this is a sentence, not a stated capacity
# Where a line's cells part: a tab, a spaced dash or bar, a comma, a semicolon, a
# bracket, a run of spaces (a pasted table). A label's name ends at its colon.
_CELL = re.compile(r"\t|\s[-–—|]\s|[,;()\[\]]|\s{3,}")


def features(signer: Signer, index: int, count: int, subject: str, own: str) -> dict[str, float]:
    """The model's features for the signer at ``index`` of ``count``."""
    found = {
        "rules=" + signer.capacity.value: 1.0,
        "signers=" + str(min(count, 3)): 1.0,
        "first" if index == 0 else "later": 1.0,
    }
    for field in ("name", "title", "organization"):
        found[f"has.{field}" if getattr(signer, field) else f"no.{field}"] = 1.0
    found.update(linear.words(subject, "s", MAX_WORDS))
    found.update(linear.words(own, "w", MAX_WORDS, pairs=True, beginnings=True))
    found.update(_near(signer, own))
    found.update(_who_signs(signer, own))
    stated = _stated(signer, own, count)
    if stated is not None:
        found["stated=" + stated.value] = 1.0
    return found


def _stated(signer: Signer, own: str, count: int) -> Capacity | None:
    """The capacity a cell of the signer's own lines states by itself ("both",
    "Individual only", "Org"), or a short label line's value when the message has one
    signer ("Signing as: both"); None when none does, or cells disagree. A cell that
    repeats the signer's name, title or organization states nothing."""
    name = signing.words(signer.name or "")
    values = signing.words(f"{signer.title or ''} {signer.organization or ''}")
    found: set[Capacity] = set()
    for line, words in zip(own.splitlines(), signing.line_words(own), strict=True):
        label = ":" in line and len(words) <= 2 * MAX_CELL_WORDS
        if not ((name and name <= set(words)) or (count == 1 and label)):
            continue
        body = line.split(":", 1)[1] if ":" in line else line
        for cell in _CELL.split(body):
            cell = cell.strip(" .!*_\"'")
            if not cell or len(cell.split()) > MAX_CELL_WORDS:
                continue
            if signing.words(cell) & (name | values):
                continue
            stated = capacity.from_value(cell)
            if stated is not None:
                found.add(stated)
    return found.pop() if len(found) == 1 else None


def _near(signer: Signer, own: str) -> dict[str, float]:
    """The words on the sender's lines that name the signer, the name left out: a list
    entry's own words ("... Haki na Imani Kenya (binafsi tu)", "... Gospel Hall\tOrg")."""
    if not signer.name:
        return {}
    name = signing.words(signer.name)
    if not name:
        return {}
    near = [
        " ".join(w for w in words if w not in name)
        for words in signing.line_words(own)
        if name <= set(words)
    ]
    return linear.words(" ".join(near), "l", MAX_LINE_WORDS)


def _who_signs(signer: Signer, own: str) -> dict[str, float]:
    """Whom the sentences that sign speak for: the writer, the organization, or both,
    in one sentence or in two, and whether "also", "too" or "both" stands with them."""
    organization = signing.words(signer.organization or "")
    found: dict[str, float] = {}
    me = org = False
    for sentence in signing.sentences(own):
        for_org = sentence.org or signing.names(sentence, organization)
        me, org = me or sentence.me, org or for_org
        if sentence.me and for_org:
            found["x:me+org"] = 1.0
        if sentence.also and (sentence.me or for_org):
            found["x:also+" + ("me" if sentence.me else "org")] = 1.0
    if me:
        found["x:me"] = 1.0
    if org:
        found["x:org"] = 1.0
    if me and org:
        found["x:me,org"] = 1.0
    return found


def apply(
    reading: Extraction, subject: str, own: str, model: dict[str, Any] | None = None
) -> Extraction:
    """``reading`` with each signer's capacity as the model reads it (signatures only).

    ``model``: a model document other than the shipped one (training).
    """
    return read(reading, subject, own, model)[0]


def read(
    reading: Extraction, subject: str, own: str, model: dict[str, Any] | None = None
) -> tuple[Extraction, float | None]:
    """:func:`apply`, and the model's probability of its least sure capacity (None when it
    read none)."""
    model = model or linear.load(MODEL)
    if model is None or reading.kind is not Kind.SIGNATURE or not reading.signers:
        return reading, None
    count = len(reading.signers)
    calls = [
        linear.best(model, features(s, i, count, subject, own))
        for i, s in enumerate(reading.signers)
    ]
    signers = tuple(
        _policy(replace(s, capacity=Capacity(capacity)))
        for s, (capacity, _) in zip(reading.signers, calls, strict=True)
    )
    weakest = min(probability for _, probability in calls)
    if signers == reading.signers:
        return reading, weakest
    reasons = (*reading.reasons, "capacity read by the model")
    return replace(reading, signers=signers, reasons=reasons), weakest


def _policy(signer: Signer) -> Signer:
    if signer.name is None:
        return replace(signer, capacity=Capacity.ORGANIZATION)
    if signer.organization is None:
        return replace(signer, capacity=Capacity.INDIVIDUAL)
    return signer
