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


def _read(own: str, *names: str) -> list[Signer]:
    signers = tuple(Signer(n, None, None, Capacity.INDIVIDUAL) for n in names)
    reading = Extraction(Kind.SIGNATURE, signers, 0.8, ("asks to sign",))
    return list(couples.apply(reading, own, _given).signers)


def test_a_wife_or_husband_named_in_full_in_a_sentence_that_signs_is_added() -> None:
    own = "Please add Daniel Sato (St. Andrew) and my wife Ruth Sato, Nurse -- no hospital."
    assert [s.name for s in _read(own, "Daniel Sato")] == ["Daniel Sato", "Ruth Sato"]
    own = "Dr. Hannah Birch, Professor of Law, and her husband the Rev. Peter Birch, Rector."
    assert [s.name for s in _read(own, "Hannah Birch")] == ["Hannah Birch", "Peter Birch"]
    # The title and organization written after the name, as in a one-line entry.
    own = "Imam Khalid Mir and his wife Dr. Grace Mir (Physician, Fairview Hospital) sign."
    assert _read(own, "Khalid Mir")[1] == Signer("Grace Mir", "Physician", "Fairview Hospital")
    own = "Hannah Birch and her husband the Rev. Peter Birch, Rector, St Aidan's Church. Both."
    assert _read(own, "Hannah Birch")[1] == Signer("Peter Birch", "Rector", "St Aidan's Church")
    own = "My husband Pastor Robert Carter of Grace Church asked me to send this."
    assert _read(own, "Ann Poe")[1] == Signer("Robert Carter", "Pastor")  # no entry form
    own = "Por favor añada al Pastor Rubén Díaz y a su esposa, la hermana Grace\nDíaz, ambos."
    assert [s.name for s in _read(own, "Rubén Díaz")][1] == "Grace Díaz"
    # The form of address that is a role is the title; the added one is placed after
    # the signer named before the phrase.
    own = "I sign, John Roe.\n\nAlso Ann Poe. And my husband Pastor Robert Carter signs too."
    got = _read(own, "Ann Poe", "John Roe")
    assert [s.name for s in got] == ["Ann Poe", "Robert Carter", "John Roe"]
    assert got[1] == Signer("Robert Carter", "Pastor", None, Capacity.INDIVIDUAL)
    assert (
        couples.SPOUSE
        in couples.apply(Extraction(Kind.SIGNATURE, (Signer("Ann Poe"),)), own, _given).reasons
    )


def test_no_spouse_is_added_without_a_full_name_or_where_the_sentence_declines() -> None:
    for own in (
        "My wife and I would both like to sign. Daniel Mensah",  # no name after the word
        "My wife Grace and I wish to add our names.",  # a given name alone
        "My husband Robert Chen does not wish to sign, only me.",  # says no
        "My wife Grace Chen doesn't want her name on it.",
        "My husband Robert Chen will not sign.",  # declines
        "My husband, who is a deacon, signs too.",
        "My wife Bertha Jones signs too.",  # not a given name the models know
    ):
        assert _read(own, "Ann Poe") == [Signer("Ann Poe", None, None, Capacity.INDIVIDUAL)]
    # Someone already on the roster is not added twice.
    own = "Please add me and my husband Robert Chen."
    assert [s.name for s in _read(own, "Robert Chen", "Grace Chen")] == [
        "Robert Chen",
        "Grace Chen",
    ]
