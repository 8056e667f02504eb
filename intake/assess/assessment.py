"""``assess``: the one decision for one message, shared by the poll, ``intake extract`` and
the benches, so that they cannot disagree.
"""

from __future__ import annotations

import logging

from intake import guards
from intake.assess import rules
from intake.assess.plan import Facts, Plan, Template
from intake.extract import ExtractContext, Extraction, Kind, Signer, extract
from intake.message import Message
from intake.message.clean import clean_line

FIELD_LIMITS = {"name": 200, "title": 200, "organization": 300}

log = logging.getLogger(__name__)


def assess(message: Message, facts: Facts, extraction: Extraction | None = None) -> Plan:
    """The plan for one message: what to record, whether to reply (or why not), what to review.

    ``extraction`` is what :func:`safe_extract` read from ``message``, when the
    caller already has it (the poll reads in worker processes); None reads it here.
    """
    policy = facts.policy
    if extraction is None:
        extraction = safe_extract(message, ExtractContext(own_addresses=policy.own_addresses))
    signers, shortened = fitted(extraction.signers)
    kind = rules.kind_of(message, extraction)
    late = is_late(message, facts)
    to, third_party = rules.reply_target(message, policy)
    held = rules.hold(message, kind, signers, facts, third_party)
    reply = rules.template(kind, signers, late, policy)
    if held and reply is not None and reply is not Template.CLOSED:
        reply = Template.WAITING  # tell the person named; change nothing yet
    verdict = rules.verdict(message, policy, to, facts.replies_today)
    blocked = rules.no_reply(message, kind, reply, verdict, facts.backfill)
    unfounded = not blocked and reply is not None and extraction.reply_waits
    if unfounded:
        blocked = (rules.UNFOUNDED,)
    review = (*held, *rules.review(message, extraction, kind, late, policy), *shortened)
    if unfounded:
        review = (*review, rules.UNFOUNDED)
    # A reply may wait for the review (replies.hold_for_review, or a sign-on nobody
    # asked for in words); the note that a change waits goes at once: it is how the
    # person named learns of it.
    hold_reply = reply is not None and reply is not Template.WAITING and not blocked
    unasked = hold_reply and rules.unasked(extraction)
    if unasked:
        review = (*review, rules.UNASKED)
    return Plan(
        kind=kind,
        signers=signers,
        late=late,
        reply=None if blocked else reply,
        no_reply_reasons=blocked,
        review_reasons=review,
        confidence=extraction.confidence,
        reasons=extraction.reasons,
        reply_held=hold_reply and bool(review) and (policy.hold_for_review or unasked),
        to=to,
        hold_reasons=tuple(held),
        on_list=facts.on_list,
    )


def fitted(signers: tuple[Signer, ...]) -> tuple[tuple[Signer, ...], list[str]]:
    """Signers with every field on one clean line and of a plausible length; a field cut
    short is a reason to review (an 800 KB "name" is not one)."""
    notes: list[str] = []

    def fit(key: str, value: str | None) -> str | None:
        limit = FIELD_LIMITS[key]
        if value and len(value) > limit:
            notes.append(f"{key} of {len(value)} characters shortened")
        return (clean_line(value, limit) or None) if value else value

    found = tuple(
        Signer(
            fit("name", s.name), fit("title", s.title), fit("organization", s.organization),
            s.capacity,
        )
        for s in signers
    )  # fmt: skip
    return found, notes


def is_late(message: Message, facts: Facts) -> bool:
    """Received after the deadline (by the server's clock, never the sender's ``Date:``)."""
    received = message.received or facts.now
    deadline = facts.policy.deadline
    return received is not None and deadline is not None and guards.is_late(received, deadline)


def safe_extract(message: Message, context: ExtractContext) -> Extraction:
    """Extraction that turns a crash into a low-confidence 'other' for review."""
    try:
        return extract(message, context)
    except Exception as exc:
        log.exception("extraction failed on %s", message.message_id or "a message")
        reason = f"{rules.EXTRACTION_FAILED}: {type(exc).__name__}"
        return Extraction(Kind.OTHER, (), 0.0, (reason,))


def unreadable(reason: str) -> Plan:
    """The plan for a message that broke the pipeline: keep it for review, never reply."""
    return Plan(Kind.OTHER, (), False, None, ("not read",), (reason,), 0.0)
