"""Capacity from label values and from prose."""

from __future__ import annotations

import pytest

from intake.extract import capacity
from intake.extract.model import Capacity


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
