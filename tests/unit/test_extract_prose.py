"""Signers written in running text."""

from __future__ import annotations

from intake.extract import prose


def test_two_people_in_one_sentence() -> None:
    text = (
        "My colleague and I would both like to sign. I'm Peter Haddad,\n"
        "Director of the Middle East Christian Forum, and my colleague is Dr. Nadia\n"
        "Saleh, Senior Researcher at the Levant Institute for Minority Rights."
    )
    found = [(f.entry.name, f.entry.title, f.entry.organization) for f in prose.scan(text)]
    assert found == [
        ("Peter Haddad", "Director", "Middle East Christian Forum"),
        ("Nadia Saleh", "Senior Researcher", "Levant Institute for Minority Rights"),
    ]


def test_numbered_list_keeps_items_apart() -> None:
    text = (
        "Please add:\n\n1. Prof. Ann Lee, Chair, Westbrook College\n"
        "2. Dr. Sam Ade, Dean, Westbrook College"
    )
    assert [f.entry.name for f in prose.scan(text)] == ["Ann Lee", "Sam Ade"]


def test_wrapped_line_is_joined_back() -> None:
    text = (
        "Eleanor - please add me (individual): Deborah Klein, Program Director, Jewish\n"
        "Alliance for Global Conscience. Thank you for all your work on this."
    )
    found = prose.scan(text)
    assert found[0].entry.organization == "Jewish Alliance for Global Conscience"


def test_appositive_role_then_name() -> None:
    text = "Our Board Chair, Peter Mokoena, has asked to be added as an individual too."
    found = prose.appositives(text)
    assert [(f.entry.name, f.entry.title, f.how) for f in found] == [
        ("Peter Mokoena", "Board Chair", "appositive-ours")
    ]


def test_self_role() -> None:
    text = "As Executive Director of the Coalition for Conscience I am authorized to add it."
    assert prose.self_role(text) == ("Executive Director", "Coalition for Conscience")
    assert prose.self_role("I'm the pastor of Grace Community Church and I'd like to sign.") == (
        "pastor",
        "Grace Community Church",
    )


def test_signing_organizations() -> None:
    assert prose.signing_orgs(
        "Covenant House of Prayer International signs on to this letter."
    ) == ["Covenant House of Prayer International"]
    assert prose.signing_orgs(
        "Count us in! Please list us as:\n\nCircle of Friends Fellowship"
    ) == ["Circle of Friends Fellowship"]
    assert prose.signing_orgs("We at the Sunni Rights Watch Collective would like to sign.") == [
        "Sunni Rights Watch Collective"
    ]


def test_org_mentions() -> None:
    assert prose.org_mentions("Westbrook College still signs as three individuals.") == [
        "Westbrook College"
    ]
