"""Two people written with one surname (intake.extract.couples), on inline texts."""

from __future__ import annotations

from intake.extract import couples
from intake.extract.model import Capacity, Extraction, Kind, Signer

GIVEN = frozenset({"robert", "grace", "daniel", "ruth", "anneke", "pieter", "helene", "peter"})
GIVEN |= {"justice", "smith", "john"}  # given names somewhere, never here


def _given(word: str) -> bool:
    return word.casefold().replace("é", "e").replace("è", "e") in GIVEN


def _names(own: str, *names: str, kind: Kind = Kind.SIGNATURE) -> list[str | None]:
    signers = tuple(Signer(n, "Elder", "First Church", Capacity.BOTH) for n in names)
    reading = Extraction(kind, signers, 0.8, ("asks to sign",))
    return [s.name for s in couples.apply(reading, own, _given).signers]


def test_the_other_of_a_pair_that_shares_a_surname_is_added_in_text_order() -> None:
    assert _names("Mr. and Mrs. Robert and Grace Chen would like to sign.", "Robert Chen") == [
        "Robert Chen",
        "Grace Chen",
    ]
    assert _names("Please add Daniel and Ruth Abernathy.", "Ruth Abernathy") == [
        "Daniel Abernathy",
        "Ruth Abernathy",
    ]
    assert _names("Anneke and Pieter de Vries, both individually.", "Anneke de Vries") == [
        "Anneke de Vries",
        "Pieter de Vries",
    ]
    assert _names("M. et Mme Pierre et Hélène Marchand signent.", "Pierre Marchand") == [
        "Pierre Marchand",
        "Hélène Marchand",
    ]


def test_the_added_person_has_no_title_or_organization_of_their_own() -> None:
    signers = (Signer("Robert Chen", "Elder", "First Church", Capacity.BOTH),)
    reading = Extraction(Kind.SIGNATURE, signers, 0.8, ())
    got = couples.apply(reading, "Robert and Grace Chen sign.", _given)
    assert got.signers[1] == Signer("Grace Chen", None, None, Capacity.INDIVIDUAL)
    assert got.reasons == (couples.REASON,)


def test_no_one_is_added_where_the_phrase_is_not_two_people() -> None:
    # a surname before "and" is the end of another person's name
    assert _names("John Smith and Ruth Abernathy sign.", "Ruth Abernathy") == ["Ruth Abernathy"]
    # an organization's name, though "Justice" and "Peter" are given names somewhere
    assert _names("Justice and Peace Commission signs.", "Peace Commission") == ["Peace Commission"]
    assert _names("Sts. Peter and Paul Parish signs.", "Paul Parish") == ["Paul Parish"]
    # a given name nobody knows, or in lower case
    assert _names("Zork and Ruth Abernathy sign.", "Ruth Abernathy") == ["Ruth Abernathy"]
    assert _names("daniel and Ruth Abernathy sign.", "Ruth Abernathy") == ["Ruth Abernathy"]
    # already on the roster, or not a sign-on
    both = _names("Daniel and Ruth Abernathy sign.", "Ruth Abernathy", "Daniel Abernathy")
    assert both == ["Ruth Abernathy", "Daniel Abernathy"]
    correction = _names("Daniel and Ruth Abernathy", "Ruth Abernathy", kind=Kind.CORRECTION)
    assert correction == ["Ruth Abernathy"]
