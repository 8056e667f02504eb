"""The values of a decision: the campaign's policy, the facts of the moment, and the plan.

All frozen and plain, so a plan can be printed (``--dry-run``), recorded,
asserted on in tests and compared between ``intake extract`` and the poll.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from intake.config import Settings
from intake.extract import Kind, Signer


class Template(StrEnum):
    """Reply templates, by file stem under ``templates/``."""

    CONFIRMATION = "confirmation"
    CLOSED = "closed"
    CORRECTED = "corrected"
    WITHDRAWN = "withdrawn"
    INCOMPLETE = "incomplete"


@dataclass(frozen=True)
class Policy:
    """The campaign's settings that shape a plan (the defaults suit a bare message file)."""

    own_addresses: frozenset[str] = frozenset()
    deadline: datetime | None = None
    closed_reply: bool = True
    review_threshold: float = 0.7
    daily_limit: int = 3
    authserv_id: str = ""
    hold_for_review: bool = False

    @classmethod
    def of(cls, settings: Settings) -> Policy:
        """The policy a campaign's settings describe."""
        campaign = settings.campaign
        return cls(
            own_addresses=campaign.addresses,
            deadline=campaign.deadline_at,
            closed_reply=campaign.closed_reply,
            review_threshold=settings.replies.review_threshold,
            daily_limit=settings.replies.daily_limit,
            authserv_id=settings.security.authserv_id,
            hold_for_review=settings.replies.hold_for_review,
        )


@dataclass(frozen=True)
class Facts:
    """What the decision needs besides the message: the policy and the moment.

    ``now`` stands in for a missing received time (a file has none: then, with
    no ``now`` either, nothing is late). ``replies_today`` counts the replies
    sent to this message's reply address in the last 24 hours. ``backfill``
    records without replying, for one run only.
    """

    policy: Policy = field(default_factory=Policy)
    now: datetime | None = None
    replies_today: int = 0
    backfill: bool = False


@dataclass(frozen=True)
class Plan:
    """Record this kind and these signers; reply with ``reply`` (or not, and why); review?

    ``reply_held``: the reply waits until the coordinator settles the review item
    (``replies.hold_for_review``), and is rendered again then with what they settled on.
    """

    kind: Kind
    signers: tuple[Signer, ...]
    late: bool
    reply: Template | None
    no_reply_reasons: tuple[str, ...] = ()
    review_reasons: tuple[str, ...] = ()
    confidence: float = 1.0
    reasons: tuple[str, ...] = ()
    reply_held: bool = False

    @property
    def needs_review(self) -> bool:
        return bool(self.review_reasons)

    def describe(self) -> str:
        """One line for ``--dry-run`` and logs."""
        who = "; ".join(s.name or s.organization or "?" for s in self.signers) or "no signer"
        reply = f"reply {self.reply.value}" if self.reply else "no reply"
        if self.reply_held:
            reply += " (held until reviewed)"
        if not self.reply and self.no_reply_reasons:
            reply += f" ({self.no_reply_reasons[0]})"
        late = " late" if self.late else ""
        review = f"; review: {self.review_reasons[0]}" if self.review_reasons else ""
        return f"{self.kind.value}{late}: {who}; {reply}{review}"
