"""Two people written with one surname: "Anneke and Pieter de Vries", "Please add
Robert and Carol Hale", "M. et Mme Pierre et Hélène Marchand".

Both readers read such a pair as one person at most. Where a signer's name stands in
the sender's text joined to one more given name ("Daniel and <Ruth Abernathy>", "<Robert>
and Grace <Chen>"), the other person is added next to it, as an individual with no
title or organization (the phrase gives none of their own). The added given name must
be one the models know as a given name (the lists the forms-of-address model ships),
so that "Peter and Paul Parish" or "Justice and Peace Commission" never reads as two
people, and never someone already on the roster.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from intake.extract import names
from intake.extract.draft import same_person
from intake.extract.model import Capacity, Extraction, Kind, Signer

REASON = "two people who share a surname read from one phrase"
_AND = r"\s+(?:and|&|\+|y|e|et|und|i|og|en|и|ve)\s+"
_GIVEN = r"(?P<given>[^\W\d_][^\W\d_'’-]*(?:-[^\W\d_]+)?)"


def apply(reading: Extraction, own: str, is_given: Callable[[str], bool]) -> Extraction:
    """``reading`` (a sign-on) with the other person of each "A and B Surname" phrase in
    ``own`` that names one of its signers; ``is_given``: whether a word is a given name."""
    if reading.kind is not Kind.SIGNATURE or not reading.signers or not own:
        return reading
    out = list(reading.signers)
    for signer in reading.signers:
        found = _partner(signer, own, is_given)
        if found is None:
            continue
        partner, before = found
        if any(same_person(partner.name, s.name) for s in out):
            continue
        at = out.index(signer)
        out.insert(at if before else at + 1, partner)
    if len(out) == len(reading.signers):
        return reading
    return replace(reading, signers=tuple(out), reasons=(*reading.reasons, REASON))


def _partner(
    signer: Signer, own: str, is_given: Callable[[str], bool]
) -> tuple[Signer, bool] | None:
    """The person joined to ``signer`` in ``own``, and whether they are written first."""
    parts = (signer.name or "").split()
    if len(parts) < 2 or parts[-1] not in own or not names.looks_like_person(signer.name or ""):
        return None
    whole = r"\s+".join(re.escape(p) for p in parts)
    first, surname = re.escape(parts[0]), r"\s+".join(re.escape(p) for p in parts[1:])
    shapes = (  # "Daniel and <Ruth Abernathy>", "<Robert> and Grace <Chen>"
        (rf"(?<![\w'’.-]){_GIVEN}{_AND}{whole}(?![\w'’-])", True),
        (rf"(?<![\w'’.-]){first}{_AND}{_GIVEN}\s+{surname}(?![\w'’-])", False),
    )
    for pattern, before in shapes:
        for match in re.finditer(pattern, own):
            given = match.group("given")
            if given != parts[0] and _given_alone(own[: match.start("given")], given, is_given):
                name = " ".join([given, *parts[1:]])
                if names.looks_like_person(name):
                    return Signer(name, None, None, Capacity.INDIVIDUAL), before
    return None


def _given_alone(before: str, given: str, is_given: Callable[[str], bool]) -> bool:
    """``given`` is a capitalized given name that starts a name: no capitalized word of a
    name stands before it ("John Smith and Ruth Abernathy": "Smith" is no given name
    here), though a form of address may ("Mrs. Robert and Grace Chen")."""
    if not given[:1].isupper() or not is_given(given) or names.is_honorific_word(given):
        return False
    previous = before.split()[-1:]
    if not previous:
        return True
    word = previous[0]
    return not word[:1].isupper() or word.endswith(".") or names.is_honorific_word(word)
