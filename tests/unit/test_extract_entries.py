"""One-line entries: "Rev. Jane Doe, Senior Pastor, First Church (individual)"."""

from __future__ import annotations

from intake.extract import entries
from intake.extract.model import Capacity


def test_name_title_organization() -> None:
    entry = entries.parse("Rev. Jane Doe, Senior Pastor, First Church (individual)")
    assert entry is not None
    assert (entry.name, entry.title, entry.organization) == (
        "Jane Doe",
        "Senior Pastor",
        "First Church",
    )
    assert entry.capacity is Capacity.INDIVIDUAL


def test_postnominals_and_sentence_end() -> None:
    entry = entries.parse("Aaron Feldman, Ph.D., Senior Fellow, Center for Pluralism. Thanks!")
    assert entry is not None
    assert (entry.name, entry.title, entry.organization) == (
        "Aaron Feldman",
        "Senior Fellow",
        "Center for Pluralism",
    )


def test_commas_inside_title_and_organization() -> None:
    entry = entries.parse("Ola Bak, Director, Office of Relations, Apostolic Fellowship, Inc.")
    assert entry is not None
    assert entry.title == "Director, Office of Relations"
    assert entry.organization == "Apostolic Fellowship, Inc."


def test_title_of_organization() -> None:
    entry = entries.parse("Peter Haddad, Director of the Middle East Christian Forum")
    assert entry is not None
    assert (entry.title, entry.organization) == ("Director", "Middle East Christian Forum")


def test_no_affiliation_note() -> None:
    entry = entries.parse("Shirin Ahmadi, Independent Researcher (no affiliation).")
    assert entry is not None
    assert entry.organization is None
    assert entry.title == "Independent Researcher"


def test_stops_at_a_clause() -> None:
    entry = entries.parse("Bishop Dan Reyes, President of the Hispanic Alliance, please add him")
    assert entry is not None
    assert (entry.name, entry.role, entry.organization) == (
        "Dan Reyes",
        "Bishop",
        "Hispanic Alliance",
    )


def test_bracketed_details() -> None:
    entry = entries.parse("Rev. Maria Gonzalez (College Chaplain, Westbrook College) has asked")
    assert entry is not None
    assert (entry.title, entry.organization) == ("College Chaplain", "Westbrook College")


def test_person_of_organization() -> None:
    entry = entries.parse("Pastor Dwayne Carter of Mount Zion Baptist Church to the letter.")
    assert entry is not None
    assert (entry.name, entry.role, entry.organization) == (
        "Dwayne Carter",
        "Pastor",
        "Mount Zion Baptist Church",
    )


def test_not_an_entry() -> None:
    assert entries.parse("Thank you for circulating this, it matters.") is None
    assert entries.parse("San Antonio, TX") is None


def test_organization_alone() -> None:
    entry = entries.parse("Armenian Heritage Fellowship", need_person=False)
    assert entry is not None
    assert (entry.name, entry.organization) == (None, "Armenian Heritage Fellowship")


def test_dash_after_the_name_separates_fields() -> None:
    got = entries.parse("Mohammed Saleem Akhtar – Trustee, Leeds Welfare Trust – individual")
    assert got is not None
    assert (got.name, got.title, got.organization) == (
        "Mohammed Saleem Akhtar",
        "Trustee",
        "Leeds Welfare Trust",
    )
    assert got.capacity is not None and got.capacity.value == "individual"


def test_slash_separated_entry() -> None:
    got = entries.parse("Pat Quinn / Social Worker / Catholic Charities of Boston")
    assert got is not None and got.organization == "Catholic Charities of Boston"


def test_a_trailing_place_is_not_the_organization() -> None:
    got = entries.parse("Rabbi Rachel Stern, Congregation Beth Shalom, Portland OR")
    assert got is not None and got.organization == "Congregation Beth Shalom"
    got = entries.parse("Pastor Luis Mendoza, Iglesia Bautista Central, Santiago")
    assert got is not None and got.organization == "Iglesia Bautista Central"


def test_a_ditto_that_names_the_organization() -> None:
    got = entries.parse("Pastor Grace Osei-Bonsu - (same church)")
    assert got is not None and got.title is None and got.organization == entries.SAME


def test_entry_typed_in_lower_case() -> None:
    got = entries.parse("naomi fairweather-lutz, youth pastor at grace mennonite church.")
    assert got is not None
    assert (got.name, got.title, got.organization) == (
        "Naomi Fairweather-Lutz",
        "youth pastor",
        "grace mennonite church",
    )


def test_items_said_to_be_organizations() -> None:
    got = entries.organization("Lajna Ima'illah Edinburgh")
    assert got is not None and got.organization == "Lajna Ima'illah Edinburgh"
    assert entries.organization("I'm also Chair of the Trust. The trustees agreed") is None
