"""Corrections and withdrawals."""

from __future__ import annotations

from intake.extract import changes
from intake.extract.draft import Draft


def test_change_values_and_their_fields() -> None:
    text = (
        'It should be Katarzyna Nowak, not Katarina Nowak. Dr. Sam Ade\'s title should be "Dean".'
    )
    assert changes.changes(text) == [
        (None, "Katarzyna Nowak", None),
        ("title", "Dean", "Dr. Sam Ade"),
    ]


def test_use_full_name_rather_than_acronym() -> None:
    text = "Please use our full name rather than the acronym: Assyrian Church Council for Rights."
    ((field, value, _),) = changes.changes(text)
    assert value == "Assyrian Church Council for Rights"
    assert field == "organization"


def test_place_by_likeness_to_the_old_value() -> None:
    base = Draft(name="Ninos Youk", title="Secretary", organization="ACCR")
    assert changes.place(None, "Assyrian Church Council for Rights", base) == "organization"
    assert changes.place(None, "Ninos Youkhana", base) == "name"


def test_apply_cleans_a_name() -> None:
    base = Draft(name="Old Name")
    assert changes.apply(base, "name", "Dr. New Name").name == "New Name"
    assert changes.apply(base, "title", "Dean").title == "Dean"


def test_value_on_the_line_below_the_instruction() -> None:
    text = (
        "Could you please print my name correctly as:\n\nZdeněk Kučera\n\nEverything else is fine."
    )
    assert changes.changes(text) == [("name", "Zdeněk Kučera", None)]


def test_surname_and_capacity_changes() -> None:
    base = Draft(name="Ann Lee", title="Pastor", organization="First Church")
    field, value, _ = changes.changes("My surname is spelled Leigh, not Lee.")[0]
    assert changes.apply(base, changes.place(field, value, base), value).name == "Ann Leigh"
    assert changes.place(None, '"both"', base) == "capacity"


def test_added_affiliation() -> None:
    text = (
        "Could you add my affiliation after all, for identification only: "
        "Centre for Law, X University."
    )
    assert changes.changes(text) == [("organization", "Centre for Law, X University", None)]
