"""The rules of a plan, each a small pure function: which reply, why none, why review.

``intake.assess.assess`` puts them together; nothing else calls them.
"""

from __future__ import annotations

from intake import guards
from intake.assess.plan import Policy, Template
from intake.extract import Extraction, Kind
from intake.message import Message

# Parse defects that mean the text intake read is not the text the person wrote.
BROKEN = ("mail-parser failed", "body unreadable", "MIME nesting too deep")
EXTRACTION_FAILED = "extraction failed"


def verdict(message: Message, policy: Policy, replies_today: int) -> guards.Verdict:
    """Every guard: the message's own headers, a usable reply address, the daily limit."""
    context = guards.GuardContext(own_addresses=policy.own_addresses)
    extra = (
        guards.deliverable(message.reply_address.addr),
        guards.over_daily_limit(replies_today, policy.daily_limit),
    )
    checked = guards.check(message, context)
    return guards.Verdict(checked.hits + tuple(hit for hit in extra if hit))


def template(extraction: Extraction, late: bool, policy: Policy) -> Template | None:
    """The reply a message of this kind would get, before anything forbids one."""
    kind = extraction.kind
    if late and kind in (Kind.SIGNATURE, Kind.CORRECTION):
        return Template.CLOSED if policy.closed_reply else None
    if kind is Kind.SIGNATURE:
        return Template.CONFIRMATION if extraction.signers else Template.INCOMPLETE
    if kind is Kind.CORRECTION:
        return Template.CORRECTED
    if kind is Kind.WITHDRAWAL:
        return Template.WITHDRAWN
    return None


def no_reply(
    message: Message,
    kind: Kind,
    reply: Template | None,
    verdict: guards.Verdict,
    backfill: bool,
) -> tuple[str, ...]:
    """Why no reply goes out (empty: the reply goes)."""
    if kind.automatic:
        return (f"{kind.value.replace('_', ' ')}: never answered",)
    if backfill:
        return ("backfill: recorded without a reply",)
    if verdict.no_reply:
        return verdict.reasons
    if message.truncated:
        return ("message over the size limit",)
    if reply is None:
        return (f"{kind.value}: no automatic reply",)
    return ()


def review(message: Message, extraction: Extraction, late: bool, policy: Policy) -> list[str]:
    """Why the coordinator should look at this message (empty: no need)."""
    kind = extraction.kind
    reasons: list[str] = []
    if message.truncated:
        reasons.append("message over the size limit: not read")
    if kind is Kind.QUESTION:
        reasons.append("question: needs an answer from the coordinator")
    if kind.acts_on_signers and not extraction.signers:
        reasons.append(f"{kind.value}: no signer found")
    elif not kind.automatic and extraction.confidence < policy.review_threshold:
        # Unsure readings of any kind a person wrote: a signature misread as
        # "other" must reach the coordinator, not vanish quietly. The reading's
        # own reasons are stored beside it (the desk lists them).
        reasons.append(unsure(extraction.confidence))
    if late and kind in (Kind.CORRECTION, Kind.WITHDRAWAL):
        reasons.append(f"{kind.value} after the deadline")
    if not message.sender.addr:
        reasons.append("no sender address")
    return reasons + _doubts(message, extraction, policy)


def unsure(confidence: float) -> str:
    """The review reason for an unsure reading, in words: "not sure it read this right (62%)"."""
    return f"not sure it read this right ({confidence:.0%} sure)"


def _doubts(message: Message, extraction: Extraction, policy: Policy) -> list[str]:
    """Reasons to doubt what was read at all: a broken parse, a crash, a possible forgery."""
    reasons = [d for d in message.defects if d.startswith(BROKEN)]
    if extraction.reasons and extraction.reasons[0].startswith(EXTRACTION_FAILED):
        reasons.append(extraction.reasons[0])
    forged = guards.sender_authentication(message, policy.authserv_id)
    if forged and extraction.kind.acts_on_signers:
        reasons.append(forged)
    return reasons
