"""Words written before a name that are not part of it, learned from labelled mail.

The labelling policy prints a name without the honorifics and ranks written
before it ("Rebbetzin Devorah Katz" is printed "Devorah Katz"). The rules know a
hand-made list; traditions and languages have many more. ``python -m training``
learns the rest from the labelled sets: a word that stands right before a
labelled name in at least two messages (or in one, when it is no one's given name
in any of Faker's locales) and is never part of any labelled name.
The list ships in ``models/honorifics.json``; :func:`apply` takes such words off
the front of every signer's name, keeping at least one word.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from intake.extract import linear, names
from intake.extract.model import Extraction, Signer
from intake.extract.text import fold

MODEL = "honorifics.json"


def apply(reading: Extraction, model: dict[str, Any] | None = None) -> Extraction:
    """``reading`` with learned honorifics taken off the front of its signers' names.

    ``model``: a document other than the shipped one (training).
    """
    model = model or linear.load(MODEL)
    if model is None or not reading.signers:
        return reading
    words = frozenset(model["words"])
    signers = tuple(_without(s, words) for s in reading.signers)
    return reading if signers == reading.signers else replace(reading, signers=signers)


def key(word: str) -> str:
    """How a word is looked up: lower case, without dots at its ends."""
    return word.lower().strip(".")


def _without(signer: Signer, words: frozenset[str]) -> Signer:
    if not signer.name:
        return signer
    parts = signer.name.split()
    while len(parts) > 1:
        if key(parts[0]) in words:
            parts = parts[1:]
        elif len(parts) > 2 and names.is_initial(parts[0]) and key(parts[1]) in words:
            parts = parts[2:]  # "V. Rev." : the initial of a rank
        else:
            break
    name = " ".join(parts)
    return signer if name == fold(signer.name) else replace(signer, name=name)
