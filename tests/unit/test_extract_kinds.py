"""The kind of a human message."""

from __future__ import annotations

from intake.extract import intent, kinds
from intake.extract.model import Kind


def kind(text: str, record: bool = False, details: bool = False, subject: str = "") -> Kind:
    return kinds.classify(intent.read(text), intent.read(subject), record, details).kind


def test_signature() -> None:
    assert kind("Please add my name.") is Kind.SIGNATURE


def test_signature_with_questions_is_still_a_signature() -> None:
    assert kind("Please add my name. Will the letter be public?") is Kind.SIGNATURE


def test_deferred_is_a_question() -> None:
    assert kind("We will sign after our board meets.") is Kind.QUESTION


def test_reply_to_confirmation() -> None:
    assert kind("Thanks for confirming!", record=True) is Kind.OTHER
    assert kind("Please add the Fellowship as an organization too.", record=True) is Kind.CORRECTION
    assert kind("Please take me off.", record=True) is Kind.WITHDRAWAL


def test_details_without_words() -> None:
    assert kind("", details=True) is Kind.SIGNATURE
    assert kind("", subject="Sign on: Jo Moyo, Youth Director, Shalom Fellowship") is Kind.SIGNATURE


def test_thanks_is_other_with_low_confidence() -> None:
    reading = kinds.classify(intent.read("Thank you for this."), intent.read(""), False, False)
    assert reading.kind is Kind.OTHER
    assert reading.confidence < 0.7
