"""assess: which template answers which message, why none, and what goes to review."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from support.mail import mail

from intake.assess import Facts, Plan, Policy, Template, assess, rules
from intake.assess.outcome import outcome_of
from intake.extract import Capacity, Extraction, Kind, Signer, kinds
from intake.message import Message

JANE = Signer("Jane Smith", "Director", "Center for Conscience", Capacity.BOTH)
DEADLINE = datetime(2020, 7, 1, 21, 0, tzinfo=UTC)
POLICY = Policy(
    own_addresses=frozenset({"coordinator@campaign.example"}),
    deadline=DEADLINE,
    closed_reply=True,
    review_threshold=0.7,
)
ON_TIME = DEADLINE - timedelta(days=2)


def plan(
    kind: Kind,
    signers: tuple[Signer, ...] = (JANE,),
    confidence: float = 0.9,
    late: bool = False,
    message: Message | None = None,
    facts: Facts | None = None,
) -> Plan:
    extraction = Extraction(kind, signers, confidence, ("test",))
    received = DEADLINE + timedelta(seconds=1) if late else ON_TIME
    return assess(message or mail(received=received), facts or Facts(POLICY), extraction)


def test_signature_is_confirmed() -> None:
    p = plan(Kind.SIGNATURE)
    assert p.reply is Template.CONFIRMATION
    assert not p.needs_review and not p.late


def test_signature_without_a_name_asks_for_details_and_is_reviewed() -> None:
    p = plan(Kind.SIGNATURE, signers=())
    assert p.reply is Template.INCOMPLETE
    assert any("no signer" in r for r in p.review_reasons)


def test_low_confidence_is_reviewed_but_still_confirmed() -> None:
    p = plan(Kind.SIGNATURE, confidence=0.5)
    assert p.reply is Template.CONFIRMATION
    assert p.needs_review and "not sure it read this right" in p.review_reasons[0]


def test_a_sign_on_read_from_its_words_alone_is_reviewed_without_a_reply() -> None:
    extraction = Extraction(Kind.SIGNATURE, (JANE,), 0.95, ("test",), reply_waits=True)
    p = assess(mail(received=ON_TIME), Facts(POLICY), extraction)
    assert p.signers == (JANE,) and p.reply is None
    assert p.no_reply_reasons == (rules.UNFOUNDED,)
    assert p.needs_review and rules.UNFOUNDED in p.review_reasons
    sure = plan(Kind.SIGNATURE, confidence=0.95)
    assert sure.reply is Template.CONFIRMATION and rules.UNFOUNDED not in sure.review_reasons


def test_an_unsure_sign_on_nobody_asked_for_waits_for_the_coordinator() -> None:
    """Signer details with no request to sign (spam with a name, a title and a company
    reads so): more likely wrong than right, the confirmation waits for the review."""
    unsure = Extraction(Kind.SIGNATURE, (JANE,), 0.3, (kinds.NO_REQUEST,))
    p = assess(mail(received=ON_TIME), Facts(POLICY), unsure)
    assert p.reply is Template.CONFIRMATION and p.reply_held
    assert rules.UNASKED in p.review_reasons
    likely = Extraction(Kind.SIGNATURE, (JANE,), 0.6, (kinds.NO_REQUEST,))
    asked = Extraction(Kind.SIGNATURE, (JANE,), 0.3, ("asks to sign",))
    for extraction in (likely, asked):
        got = assess(mail(received=ON_TIME), Facts(POLICY), extraction)
        assert not got.reply_held and rules.UNASKED not in got.review_reasons


def test_late_signature_gets_closed_or_nothing() -> None:
    assert plan(Kind.SIGNATURE, late=True).reply is Template.CLOSED
    quiet_policy = Policy(deadline=DEADLINE, closed_reply=False)
    quiet = plan(Kind.SIGNATURE, late=True, facts=Facts(quiet_policy))
    assert quiet.reply is None and quiet.late


def test_lateness_is_the_received_time_else_now_else_never() -> None:
    no_time = mail()  # a file: no INTERNALDATE
    assert not plan(Kind.SIGNATURE, message=no_time).late
    after = Facts(POLICY, now=DEADLINE + timedelta(hours=1))
    assert plan(Kind.SIGNATURE, message=no_time, facts=after).late
    exactly = mail(received=DEADLINE)  # 17:00:00 itself is on time
    assert not plan(Kind.SIGNATURE, message=exactly, facts=after).late


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


def test_the_threshold_decides_only_where_nothing_else_sends_a_reading_to_review() -> None:
    jane = (Signer("Jane Doe"),)
    for kind, signers in ((Kind.SIGNATURE, jane), (Kind.OTHER, ()), (Kind.WITHDRAWAL, jane)):
        assert rules.threshold_decides(Extraction(kind, signers, 0.2))
        assert not plan(kind, signers=signers, confidence=0.99).needs_review
    for kind, signers in ((Kind.QUESTION, ()), (Kind.SIGNATURE, ()), (Kind.SPAM, ())):
        assert not rules.threshold_decides(Extraction(kind, signers, 0.99))
        assert plan(kind, signers=signers, confidence=0.99).needs_review == (kind is not Kind.SPAM)


def test_a_guard_hit_blocks_even_a_signature() -> None:
    automatic = mail(headers={"Auto-Submitted": "auto-replied"}, received=ON_TIME)
    p = plan(Kind.SIGNATURE, message=automatic)
    assert p.reply is None
    assert p.no_reply_reasons == ("Auto-Submitted: auto-replied",)
    assert p.signers == (JANE,)  # still recorded


def test_the_daily_limit_is_a_fact_of_the_moment() -> None:
    under = plan(Kind.SIGNATURE, facts=Facts(POLICY, replies_today=2))
    over = plan(Kind.SIGNATURE, facts=Facts(POLICY, replies_today=3))
    assert under.reply is Template.CONFIRMATION
    assert over.reply is None and "already 3 replies" in over.no_reply_reasons[0]


def test_backfill_records_without_a_reply() -> None:
    p = plan(Kind.SIGNATURE, facts=Facts(POLICY, backfill=True))
    assert p.reply is None and p.signers == (JANE,)
    assert p.no_reply_reasons == ("backfill: recorded without a reply",)


def test_an_unusable_reply_address_gets_no_reply_from_extract_or_poll() -> None:
    """The case where ``intake extract`` said ``should_confirm: true`` and the poll did not
    reply: the poll checked the reply address after planning, extract never did."""
    local = mail(headers={"From": "Jane Smith <jane@localhost>"}, received=ON_TIME)
    p = plan(Kind.SIGNATURE, message=local)
    assert p.reply is None and "no usable reply address" in p.no_reply_reasons[0]
    extracted = outcome_of(local, Path("local.eml"), POLICY.own_addresses)
    assert extracted["kind"] == "signature" and extracted["should_confirm"] is False


def test_a_broken_parse_or_a_crash_is_reviewed() -> None:
    crashed = Extraction(Kind.OTHER, (), 0.0, ("extraction failed: ValueError",))
    p = assess(mail(received=ON_TIME), Facts(POLICY), crashed)
    assert "extraction failed: ValueError" in p.review_reasons


def test_a_dmarc_failure_at_our_server_holds_the_change() -> None:
    policy = Policy(deadline=DEADLINE, authserv_id="mx.campaign.example")
    header = "mx.campaign.example; dmarc=fail header.from=example.org"
    forged = mail(headers={"Authentication-Results": header}, received=ON_TIME)
    p = plan(Kind.SIGNATURE, message=forged, facts=Facts(policy))
    assert p.change_held and any("possibly forged" in r for r in p.review_reasons)
    assert p.reply is Template.WAITING  # to the address named: they see it, nothing changes yet
    assert p.to.addr == "jane@example.org"


def test_describe_is_one_readable_line() -> None:
    line = plan(Kind.SIGNATURE).describe()
    assert "signature" in line and "Jane Smith" in line and "confirmation" in line
