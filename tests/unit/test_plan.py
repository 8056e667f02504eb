"""The plan: which template answers which message, and what goes to review."""

from __future__ import annotations

from support.mail import mail

from intake.assess.plan import Policy, Template, decide
from intake.extract import Capacity, Extraction, Kind, Signer
from intake.guards import Hit, Verdict

JANE = Signer("Jane Smith", "Director", "Center for Conscience", Capacity.BOTH)
CLEAN = Verdict()
POLICY = Policy(closed_reply=True, review_threshold=0.7)


def plan(kind: Kind, signers=(JANE,), confidence=0.9, late=False, verdict=CLEAN, policy=POLICY):
    extraction = Extraction(kind, tuple(signers), confidence, ("test",))
    return decide(mail(), extraction, verdict, late, policy)


def test_signature_is_confirmed() -> None:
    p = plan(Kind.SIGNATURE)
    assert p.reply is Template.CONFIRMATION
    assert not p.needs_review


def test_signature_without_a_name_asks_for_details_and_is_reviewed() -> None:
    p = plan(Kind.SIGNATURE, signers=())
    assert p.reply is Template.INCOMPLETE
    assert any("no signer" in r for r in p.review_reasons)


def test_low_confidence_is_reviewed_but_still_confirmed() -> None:
    p = plan(Kind.SIGNATURE, confidence=0.5)
    assert p.reply is Template.CONFIRMATION
    assert p.needs_review and "low confidence" in p.review_reasons[0]


def test_late_signature_gets_closed_or_nothing() -> None:
    assert plan(Kind.SIGNATURE, late=True).reply is Template.CLOSED
    quiet = plan(Kind.SIGNATURE, late=True, policy=Policy(closed_reply=False))
    assert quiet.reply is None and quiet.late


def test_corrections_and_withdrawals_are_acknowledged() -> None:
    assert plan(Kind.CORRECTION).reply is Template.CORRECTED
    assert plan(Kind.WITHDRAWAL).reply is Template.WITHDRAWN


def test_question_goes_to_review_without_reply() -> None:
    p = plan(Kind.QUESTION, signers=())
    assert p.reply is None
    assert p.review_reasons and "question" in p.review_reasons[0]


def test_other_is_recorded_quietly() -> None:
    p = plan(Kind.OTHER, signers=())
    assert p.reply is None and not p.needs_review


def test_automatic_kinds_are_never_answered() -> None:
    for kind in (Kind.AUTO_REPLY, Kind.BOUNCE, Kind.LIST, Kind.SPAM):
        p = plan(kind, signers=())
        assert p.reply is None
        assert p.no_reply_reasons


def test_a_guard_hit_blocks_even_a_signature() -> None:
    blocked = Verdict((Hit("auto_submitted", "Auto-Submitted: auto-replied"),))
    p = plan(Kind.SIGNATURE, verdict=blocked)
    assert p.reply is None
    assert p.no_reply_reasons == ("Auto-Submitted: auto-replied",)
    assert p.signers == (JANE,)  # still recorded


def test_describe_is_one_readable_line() -> None:
    line = plan(Kind.SIGNATURE).describe()
    assert "signature" in line and "Jane Smith" in line and "confirmation" in line
