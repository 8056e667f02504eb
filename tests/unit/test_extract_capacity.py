"""Capacity from label values and from prose."""

from __future__ import annotations

import pytest

from intake.extract import capacity, capacity_model
from intake.extract.model import Capacity, Signer


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Both", Capacity.BOTH),
        ("organization and individual", Capacity.BOTH),
        ("individual (org for ID only please)", Capacity.INDIVIDUAL),
        ("Organization", Capacity.ORGANIZATION),
        ("organization / individual / both", None),
        ("", None),
    ],
)
def test_from_value(value: str, expected: Capacity | None) -> None:
    assert capacity.from_value(value) is expected


def test_person_and_organization_make_both() -> None:
    cues = capacity.cues(
        "I'd like to sign personally, and add our Alliance as an organizational signatory."
    )
    assert cues.capacity(has_person=True) is Capacity.BOTH


def test_organization_only() -> None:
    cues = capacity.cues("We at the Collective would like to sign on as an organization.")
    assert cues.capacity(has_person=True) is Capacity.ORGANIZATION


def test_negated_organization_stays_individual() -> None:
    cues = capacity.cues(
        "Our board has not yet approved signing as an organization, "
        "so list me as an individual only."
    )
    assert cues.capacity(has_person=True) is Capacity.INDIVIDUAL


def test_two_people_both_is_not_capacity() -> None:
    cues = capacity.cues("My colleague and I would both like to sign as individuals.")
    assert cues.capacity(has_person=True) is Capacity.INDIVIDUAL


def test_both_after_a_dash() -> None:
    cues = capacity.cues("Please sign me and the church on to the letter -- both.")
    assert cues.capacity(has_person=True) is Capacity.BOTH


def test_no_person_is_organization() -> None:
    assert capacity.cues("").capacity(has_person=False) is Capacity.ORGANIZATION


def test_a_negation_counts_only_in_its_own_clause() -> None:
    got = capacity.cues(
        "Please list the Fellowship as an organization; I sign on its behalf, not in my own name."
    )
    assert got.org_only and got.capacity(has_person=True) is Capacity.ORGANIZATION
    got = capacity.cues("The church cannot sign as an organization, but I sign personally.")
    assert not got.org_signs and got.personal


def test_individuals_named_together() -> None:
    got = capacity.cues("Please add both of us as individuals.")
    assert got.individual_only and not got.org_signs


def test_a_capacity_value_with_a_note() -> None:
    value = "individual (the Institute takes no institutional positions)"
    assert capacity.from_value(value) is Capacity.INDIVIDUAL


def test_the_sender_who_only_passes_it_on() -> None:
    assert capacity.cues(
        "I am writing on the Board's behalf and am not signing personally."
    ).sender_out
    assert not capacity.cues(
        "I'm signing on its behalf as Director, but please don't list me personally."
    ).sender_out


def _signer(name: str, title: str, organization: str) -> Signer:
    return Signer(name=name, title=title, organization=organization)


def test_a_capacity_stated_in_a_cell_of_the_signers_line() -> None:
    ada = _signer("Ada Okafor", "Director", "Hope House")
    table = "Name\tTitle\tOrganization\tAs\nAda Okafor\tDirector\tHope House\tboth\n"
    assert capacity_model._stated(ada, table, 3) is Capacity.BOTH
    entry = "1. Ada Okafor - Director - Hope House - individual only\n"
    assert capacity_model._stated(ada, entry, 2) is Capacity.INDIVIDUAL
    label = "Name: Ada Okafor\nSigning as: Org\n"
    assert capacity_model._stated(ada, label, 1) is Capacity.ORGANIZATION


def test_a_cell_that_repeats_a_value_or_a_label_states_nothing() -> None:
    ada = _signer("Ada Okafor", "Pastor", "Grace Church")
    block = "Name: Ada Okafor\nOrganization: Grace Church\n"
    assert capacity_model._stated(ada, block, 1) is None
    other = "Ada Okafor, Pastor, Grace Church\nBen Cole, Elder, Grace Church, both\n"
    assert capacity_model._stated(ada, other, 2) is None
