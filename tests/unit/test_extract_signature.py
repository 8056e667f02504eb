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


def test_a_role_and_its_unit_over_an_organization_line_are_one_title() -> None:
    text = "Ana Ruiz\nDirector, Office of Peace and Justice\nDiocese of Northfield"
    assert blocks(text) == [
        ("Ana Ruiz", "Director, Office of Peace and Justice", "Diocese of Northfield")
    ]


def test_a_note_a_place_or_the_same_organization_under_the_line_keeps_the_split() -> None:
    for under in (
        "organization for identification only",
        "Portland, Oregon",
        "Hope Baptist Church",
    ):
        text = f"Kwame Asante\nSenior Pastor, Hope Baptist Church\n{under}"
        assert blocks(text) == [("Kwame Asante", "Senior Pastor", "Hope Baptist Church")], under


def test_a_second_role_line_is_not_the_organization() -> None:
    text = "Lee Park\nPartner, Park & Vale LLP\nChair, Committee on Religious Liberty, County Bar"
    assert blocks(text) == [("Lee Park", "Partner", "Park & Vale LLP")]
