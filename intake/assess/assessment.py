"""``assess``: the one decision for one message, shared by the poll, ``intake extract`` and
the benches, so that they cannot disagree.
"""

from __future__ import annotations

import logging

from intake import guards
from intake.assess import rules
from intake.assess.plan import Facts, Plan
from intake.extract import ExtractContext, Extraction, Kind, extract
from intake.message import Message

log = logging.getLogger(__name__)


def assess(message: Message, facts: Facts, extraction: Extraction | None = None) -> Plan:
    """The plan for one message: what to record, whether to reply (or why not), what to review.

    ``extraction`` is what :func:`safe_extract` read from ``message``, when the
    caller already has it (the poll reads in worker processes); None reads it here.
    """
    policy = facts.policy
    if extraction is None:
        extraction = safe_extract(message, ExtractContext(own_addresses=policy.own_addresses))
    late = is_late(message, facts)
    reply = rules.template(extraction, late, policy)
    verdict = rules.verdict(message, policy, facts.replies_today)
    blocked = rules.no_reply(message, extraction.kind, reply, verdict, facts.backfill)
    review = tuple(rules.review(message, extraction, late, policy))
    return Plan(
        kind=extraction.kind,
        signers=extraction.signers,
        late=late,
        reply=None if blocked else reply,
        no_reply_reasons=blocked,
        review_reasons=review,
        confidence=extraction.confidence,
        reasons=extraction.reasons,
        reply_held=policy.hold_for_review and bool(review) and reply is not None and not blocked,
    )


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
