"""Signers written in running text."""

from __future__ import annotations

from intake.extract import people, prose


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


def test_name_given_at_the_end_of_lower_case_text() -> None:
    found = people.name_is(
        "yes i want to sign please just as me, name is małgorzata wiśniewska-kłos"
    )
    assert [f.entry.name for f in found] == ["Małgorzata Wiśniewska-Kłos"]


def test_a_named_person_who_wants_to_sign() -> None:
    found = people.named_subjects(
        "Dr. Sarah Cohen would like to sign the letter. "
        "Her title is President, Hebrew Union Seminary."
    )
    assert [(f.entry.name, f.entry.title, f.entry.organization) for f in found] == [
        ("Sarah Cohen", "President", "Hebrew Union Seminary")
    ]


def test_a_name_with_a_role_of_an_organization() -> None:
    found = people.named_roles(
        "Bishop Michael Grant asks that his name be added as Bishop of the Diocese of Eastbrook."
    )
    assert [(f.entry.name, f.entry.organization) for f in found] == [
        ("Michael Grant", "Diocese of Eastbrook")
    ]


def test_own_title_alone() -> None:
    assert prose.self_role("I'd like to sign. I am the Executive Director.") == (
        "Executive Director",
        None,
    )


def test_an_organization_named_in_apposition_signs() -> None:
    text = "our organization, Caritas Manila, would like to sign as an organization."
    assert prose.signing_orgs(text) == ["Caritas Manila"]
    assert prose.signing_orgs("Three of us in the Department of Theology would like to sign.") == []
