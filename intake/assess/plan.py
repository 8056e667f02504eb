"""What to do with one message, decided as a value before anything is done.

``decide`` is pure: the pipeline records the plan and queues its reply; a dry
run prints it; tests assert on it. It never sends a reply the guards forbid.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from intake.extract import Extraction, Kind, Signer
from intake.guards import Verdict
from intake.message import Message


class Template(StrEnum):
    """Reply templates, by file stem under ``templates/``."""

    CONFIRMATION = "confirmation"
    CLOSED = "closed"
    CORRECTED = "corrected"
    WITHDRAWN = "withdrawn"
    INCOMPLETE = "incomplete"


@dataclass(frozen=True)
class Policy:
    """Campaign settings that shape a plan."""

    closed_reply: bool = True
    review_threshold: float = 0.7
    backfill: bool = False


@dataclass(frozen=True)
class Plan:
    """Record this kind and these signers; reply with ``reply`` (or not, and why); review?"""

    kind: Kind
    signers: tuple[Signer, ...]
    late: bool
    reply: Template | None
    no_reply_reasons: tuple[str, ...] = ()
    review_reasons: tuple[str, ...] = ()
    confidence: float = 1.0
    reasons: tuple[str, ...] = ()

    @property
    def needs_review(self) -> bool:
        return bool(self.review_reasons)

    def describe(self) -> str:
        """One line for ``--dry-run`` and logs."""
        who = "; ".join(s.name or s.organization or "?" for s in self.signers) or "no signer"
        reply = f"reply {self.reply.value}" if self.reply else "no reply"
        if not self.reply and self.no_reply_reasons:
            reply += f" ({self.no_reply_reasons[0]})"
        late = " late" if self.late else ""
        review = f"; review: {self.review_reasons[0]}" if self.review_reasons else ""
        return f"{self.kind.value}{late}: {who}; {reply}{review}"


def _template(kind: Kind, extraction: Extraction, late: bool, policy: Policy) -> Template | None:
    if late and kind in (Kind.SIGNATURE, Kind.CORRECTION):
        return Template.CLOSED if policy.closed_reply else None
    if kind is Kind.SIGNATURE:
        return Template.CONFIRMATION if extraction.signers else Template.INCOMPLETE
    if kind is Kind.CORRECTION:
        return Template.CORRECTED
    if kind is Kind.WITHDRAWAL:
        return Template.WITHDRAWN
    return None


def _review(message: Message, extraction: Extraction, late: bool, policy: Policy) -> list[str]:
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
        # "other" must reach the coordinator, not vanish quietly.
        why = "; ".join(extraction.reasons[:2]) or "unsure reading"
        reasons.append(f"low confidence {extraction.confidence:.2f}: {why}")
    if late and kind in (Kind.CORRECTION, Kind.WITHDRAWAL):
        reasons.append(f"{kind.value} after the deadline")
    if not message.sender.addr:
        reasons.append("no sender address")
    return reasons


def decide(
    message: Message, extraction: Extraction, verdict: Verdict, late: bool, policy: Policy
) -> Plan:
    """The plan for one message: what to record, whether to reply, whether to review."""
    kind = extraction.kind
    reply = _template(kind, extraction, late, policy)
    blocked: tuple[str, ...] = ()
    if kind.automatic:
        blocked = (f"{kind.value.replace('_', ' ')}: never answered",)
    elif policy.backfill:
        blocked = ("backfill: recorded without a reply",)
    elif verdict.no_reply:
        blocked = verdict.reasons
    elif message.truncated:
        blocked = ("message over the size limit",)
    elif reply is None:
        blocked = (f"{kind.value}: no automatic reply",)
    return Plan(
        kind=kind,
        signers=extraction.signers,
        late=late,
        reply=None if blocked else reply,
        no_reply_reasons=blocked,
        review_reasons=tuple(_review(message, extraction, late, policy)),
        confidence=extraction.confidence,
        reasons=extraction.reasons,
    )
