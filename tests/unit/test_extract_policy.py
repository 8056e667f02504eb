"""The labelling policy's last rules on a whole reading (intake.extract.policy)."""

from __future__ import annotations

from intake.extract import policy
from intake.extract.model import Capacity, Extraction, Kind, Signer
from intake.extract.text import trim

ORG = Capacity.ORGANIZATION


def _reading(*signers: Signer) -> Extraction:
    return Extraction(Kind.SIGNATURE, signers, 0.9, ("read",))


def test_an_organization_signing_with_no_named_person_has_no_title() -> None:
    bishop = Signer("Peter Worrall-Hughes", "Assistant Bishop", "Anglican Diocese of Perth")
    office = Signer(None, "Assistant Bishop", "Anglican Diocese of Perth", ORG)
    got = policy.apply(_reading(bishop, office))
    assert got.signers == (bishop, Signer(None, None, "Anglican Diocese of Perth", ORG))
    assert got.reasons == ("read", policy.NO_ROLE)


def test_the_same_signer_read_twice_is_kept_once_in_reading_order() -> None:
    council = Signer(None, None, "Harbor Interfaith Council", ORG)
    ana = Signer("Ana Lima", "Pastor", "Igreja da Paz")
    got = policy.apply(_reading(council, ana, council))
    assert got.signers == (council, ana)
    assert got.reasons == ("read", policy.ONCE)


def test_a_reading_the_policy_already_holds_is_returned_as_it_is() -> None:
    reading = _reading(
        Signer("Ana Lima", "Pastor", "Igreja da Paz"),
        Signer("Ana Lima", "Pastor", "Igreja da Paz", Capacity.BOTH),  # differs in capacity
        Signer(None, None, "Igreja da Paz", ORG),
    )
    assert policy.apply(reading) is reading
    assert policy.apply(Extraction(Kind.QUESTION)) == Extraction(Kind.QUESTION)


def test_a_closing_quote_whose_opening_one_is_inside_the_value_stays() -> None:
    assert (
        trim('Center for Freedom of Conscience "Sova"') == 'Center for Freedom of Conscience "Sova"'
    )
    assert trim("Iglesia “La Roca”.") == "Iglesia “La Roca”"
    assert trim("Verein „Brücke“") == "Verein „Brücke“"
    assert trim("Centre «Sova»") == "Centre «Sova»"
    # Quotes around the whole value, or one left alone at its end, are not the value's.
    assert trim('"Primera Iglesia Bautista La Roca"') == "Primera Iglesia Bautista La Roca"
    assert trim("“Grace Church”") == "Grace Church"
    assert trim("Saints’") == "Saints"
