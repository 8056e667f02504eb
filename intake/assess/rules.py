"""The rules of a plan, each a small pure function: which reply, why none, why review.

``intake.assess.assess`` puts them together; nothing else calls them.
"""

from __future__ import annotations

from intake import guards
from intake.assess.plan import Facts, Policy, Template
from intake.extract import Extraction, Kind, Signer, kinds
from intake.message import Address, Message

# Parse defects that mean the text intake read is not the text the person wrote.
BROKEN = ("mail-parser failed", "body unreadable", "MIME nesting too deep")
EXTRACTION_FAILED = "extraction failed"


def verdict(message: Message, policy: Policy, to: Address, replies_today: int) -> guards.Verdict:
    """Every guard: the message's own headers, a usable reply address, the daily limit."""
    context = guards.GuardContext(own_addresses=policy.own_addresses)
    extra = (
        guards.deliverable(to.addr),
        guards.over_daily_limit(replies_today, policy.daily_limit),
    )
    checked = guards.check(message, context)
    return guards.Verdict(checked.hits + tuple(hit for hit in extra if hit))


def _mailbox(address: str) -> tuple[str, str]:
    local, _, domain = address.lower().rpartition("@")
    return local.split("+", 1)[0], domain


def same_person(one: str, other: str) -> bool:
    """The same mailbox, give or take case and a ``+tag`` (jack+letters@ is jack@)."""
    return bool(one and other) and _mailbox(one) == _mailbox(other)


def _theirs(address: str, sender: str, policy: Policy) -> bool:
    """Whether a Reply-To ``address`` is the sender's own, as the policy reads it."""
    if same_person(address, sender):
        return True
    return policy.reply_to == "same-domain" and _mailbox(address)[1] == _mailbox(sender)[1]


def reply_target(message: Message, policy: Policy) -> tuple[Address, str]:
    """Where a reply goes, and why a Reply-To was not trusted ("" when it was or there
    was none). Replies go to the address being signed up (From), so a forged signature
    is seen by the person it names; a Reply-To only when it is the same person's."""
    sender = message.sender
    others = [a for a in message.reply_to if not _theirs(a.addr, sender.addr, policy)]
    if others:
        return sender, f"Reply-To {others[0].addr} is not the sender's address {sender.addr}"
    if message.reply_to and policy.reply_to != "never":
        return message.reply_to[0], ""
    return sender, ""


def kind_of(message: Message, extraction: Extraction) -> Kind:
    """The kind to record: a "signature" with no one named that asks something is a
    question for the coordinator, not a request for a name."""
    text = message.own_text or message.text
    if extraction.kind is Kind.SIGNATURE and not extraction.signers and "?" in text:
        return Kind.QUESTION
    return extraction.kind


def template(
    kind: Kind, signers: tuple[Signer, ...], late: bool, policy: Policy
) -> Template | None:
    """The reply a message of this kind would get, before anything forbids one."""
    if late and kind in (Kind.SIGNATURE, Kind.CORRECTION):
        return Template.CLOSED if policy.closed_reply else None
    if kind is Kind.SIGNATURE:
        return Template.CONFIRMATION if signers else Template.INCOMPLETE
    if kind is Kind.CORRECTION:
        return Template.CORRECTED
    if kind is Kind.WITHDRAWAL:
        return Template.WITHDRAWN
    return None


def hold(
    message: Message, kind: Kind, signers: tuple[Signer, ...], facts: Facts, third_party: str
) -> list[str]:
    """Why a change must wait for the coordinator before it takes effect (empty: it need
    not): a third party's address, a failed sender check, someone else's record, or
    more sign-ups from one address than one person plausibly sends one by one."""
    if not kind.acts_on_signers or not (signers or kind is Kind.WITHDRAWAL):
        return []
    policy, sender = facts.policy, message.sender.addr
    reasons = [third_party] if third_party else []
    if forged := guards.sender_authentication(message, policy.authserv_id):
        reasons.append(forged)
    others = [o for o in facts.owners if not same_person(o, sender)]
    if others and kind in (Kind.CORRECTION, Kind.WITHDRAWAL):
        reasons.append(f"it changes a signer recorded from {others[0]}")
    if kind is Kind.SIGNATURE and facts.signups >= policy.signups_per_sender:
        known = {n.casefold() for n in facts.on_list}
        if any((s.name or s.organization or "").casefold() not in known for s in signers):
            reasons.append(
                f"{facts.signups} earlier messages from {sender} already added signers "
                f"(security.signups_per_sender = {policy.signups_per_sender})"
            )
    return [f"change held: {reason}" for reason in reasons]


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


def threshold_decides(extraction: Extraction) -> bool:
    """Whether the review threshold decides if this reading is reviewed: not for mail no
    person wrote (never reviewed for its reading), a question (always reviewed: it needs
    the coordinator's answer) or a change to the list with no signer found (always
    reviewed). The calibration chooses the threshold on the readings it decides."""
    kind = extraction.kind
    if kind.automatic or kind is Kind.QUESTION:
        return False
    return not (kind.acts_on_signers and not extraction.signers)


def review(
    message: Message, extraction: Extraction, kind: Kind, late: bool, policy: Policy
) -> list[str]:
    """Why the coordinator should look at this message (empty: no need)."""
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
    return reasons + _doubts(message, extraction)


UNFOUNDED = "read as a change to the list from its words alone: no automatic reply"
UNASKED = "no request to sign in it: the reply waits for you"


# The confidence is the chance the reading is right: below this, more likely wrong.
MORE_LIKELY_WRONG = 0.5


def unasked(extraction: Extraction) -> bool:
    """A sign-on read from signer details alone (no request to sign, no reply to the
    call) that is more likely wrong than right: its reply waits for the coordinator.
    Spam that lists a name, a title and a company reads this way, and must get no
    confirmation by itself."""
    return (
        extraction.kind is Kind.SIGNATURE
        and kinds.NO_REQUEST in extraction.reasons
        and extraction.confidence < MORE_LIKELY_WRONG
    )


def unsure(confidence: float) -> str:
    """The review reason for an unsure reading, in words: "not sure it read this right (62%)"."""
    return f"not sure it read this right ({confidence:.0%} sure)"


def _doubts(message: Message, extraction: Extraction) -> list[str]:
    """Reasons to doubt what was read at all: a broken parse, a crash."""
    reasons = [d for d in message.defects if d.startswith(BROKEN)]
    if extraction.reasons and extraction.reasons[0].startswith(EXTRACTION_FAILED):
        reasons.append(extraction.reasons[0])
    return reasons
