"""Signature blocks."""

from __future__ import annotations

from intake.extract import signature


def blocks(text: str) -> list[tuple[str | None, str | None, str | None]]:
    return [(b.name, b.title, b.organization) for b in signature.blocks(text.split("\n"))]


def test_outlook_block_with_contact_lines() -> None:
    text = (
        "Best regards,\n\nMichael O'Connor | Director of Advocacy\nGlobal Relief Network\n"
        "1420 Larkspur Avenue NW, Suite 500 | Washington, DC 20005\nT +1 202-555-0143\n"
        "www.gcrn.example.org"
    )
    assert blocks(text) == [("Michael O'Connor", "Director of Advocacy", "Global Relief Network")]


def test_title_and_organization_on_one_line() -> None:
    assert blocks("Rev. Kwame Asante\nSenior Pastor, Hope Baptist Church") == [
        ("Kwame Asante", "Senior Pastor", "Hope Baptist Church")
    ]


def test_place_is_not_a_field() -> None:
    assert blocks("Karen Liu\nPortland, Oregon") == [("Karen Liu", None, None)]


def test_street_in_an_organization_name_is_kept() -> None:
    assert blocks("Ben Ford\nPastor, Elm Street Church") == [
        ("Ben Ford", "Pastor", "Elm Street Church")
    ]


def test_sign_off_lines() -> None:
    assert signature.is_sign_off("Kind regards,")
    assert signature.is_sign_off("-- ")
    assert signature.is_sign_off("С уважением,")
    assert not signature.is_sign_off("Please add me.")


def test_postcodes_and_translations_are_not_fields() -> None:
    text = (
        "Dr Helen Marchetti-Boyd FHEA\nSenior Lecturer in Human Rights Law\n"
        "University of Wexcombe\n"
        "Ambrose Building | Clayhill Road | Wexcombe WX4 7QT"
    )
    assert blocks(text) == [
        ("Helen Marchetti-Boyd", "Senior Lecturer in Human Rights Law", "University of Wexcombe")
    ]
    got = blocks("Gethin Pritchard\nCyfarwyddwr | Director\nRhyddid Cymru | Freedom Network")
    assert got[0] == ("Gethin Pritchard", "Director", "Freedom Network")
