"""The values of a decision: the campaign's policy, the facts of the moment, and the plan.

All frozen and plain, so a plan can be printed (``--dry-run``), recorded,
asserted on in tests and compared between ``intake extract`` and the poll.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from intake.config import ReplyTo, Settings
from intake.extract import Kind, Signer
from intake.message import Address


class Template(StrEnum):
    """Reply templates, by file stem under ``templates/``."""

    CONFIRMATION = "confirmation"
    CLOSED = "closed"
    CORRECTED = "corrected"
    WITHDRAWN = "withdrawn"
    INCOMPLETE = "incomplete"
    WAITING = "waiting"


@dataclass(frozen=True)
class Policy:
    """The campaign's settings that shape a plan (the defaults suit a bare message file)."""

    own_addresses: frozenset[str] = frozenset()
    deadline: datetime | None = None
    closed_reply: bool = True
    review_threshold: float = 0.8
    daily_limit: int = 3
    authserv_id: str = ""
    hold_for_review: bool = False
    reply_to: ReplyTo = "same-person"
    signups_per_sender: int = 5

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
            reply_to=settings.replies.reply_to,
            signups_per_sender=settings.security.signups_per_sender,
        )


@dataclass(frozen=True)
class Facts:
    """What the decision needs besides the message: the policy and the moment.

    ``now`` stands in for a missing received time (a file has none: then, with
    no ``now`` either, nothing is late). ``replies_today`` counts the replies
    sent to the address a reply would go to in the last 24 hours. ``backfill``
    records without replying, for one run only. What the record holds from the
    sender: ``signups``, earlier messages of theirs that put someone new on the
    list; ``on_list``, the names from their address on the list now; ``owners``,
    the addresses of the records a correction or withdrawal would change.
    """

    policy: Policy = field(default_factory=Policy)
    now: datetime | None = None
    replies_today: int = 0
    backfill: bool = False
    signups: int = 0
    on_list: tuple[str, ...] = ()
    owners: tuple[str, ...] = ()


@dataclass(frozen=True)
class Plan:
    """Record this kind and these signers; reply with ``reply`` to ``to`` (or not, and
    why); review?

    ``reply_held``: the reply waits until the coordinator settles the review item
    (``replies.hold_for_review``), and is rendered again then with what they settled on.
    ``hold_reasons``: the change itself waits (a third party's address, a failed sender
    check ...): the message is recorded but no signer changes until the coordinator
    accepts the item; the person named is told at once (the ``waiting`` reply).
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
    to: Address = field(default_factory=lambda: Address("", ""))
    hold_reasons: tuple[str, ...] = ()
    on_list: tuple[str, ...] = ()

    @property
    def needs_review(self) -> bool:
        return bool(self.review_reasons)

    @property
    def change_held(self) -> bool:
        return bool(self.hold_reasons)

    def describe(self) -> str:
        """One line for ``--dry-run`` and logs."""
        who = "; ".join(s.name or s.organization or "?" for s in self.signers) or "no signer"
        reply = f"reply {self.reply.value}" if self.reply else "no reply"
        if self.reply_held:
            reply += " (held until reviewed)"
        if not self.reply and self.no_reply_reasons:
            reply += f" ({self.no_reply_reasons[0]})"
        late = " late" if self.late else ""
        held = " (change held for review)" if self.change_held else ""
        review = f"; review: {self.review_reasons[0]}" if self.review_reasons else ""
        return f"{self.kind.value}{late}{held}: {who}; {reply}{review}"
