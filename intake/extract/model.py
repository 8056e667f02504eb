"""What extraction returns: plain frozen values, ready for the store and JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    """What a message is, in the corpus schema's words."""

    SIGNATURE = "signature"
    CORRECTION = "correction"
    WITHDRAWAL = "withdrawal"
    QUESTION = "question"
    AUTO_REPLY = "auto_reply"
    BOUNCE = "bounce"
    LIST = "list"
    SPAM = "spam"
    OTHER = "other"

    @property
    def acts_on_signers(self) -> bool:
        """Signatures, corrections and withdrawals change the signatory list."""
        return self in (Kind.SIGNATURE, Kind.CORRECTION, Kind.WITHDRAWAL)

    @property
    def automatic(self) -> bool:
        """Mail no person wrote to us: never answered."""
        return self in (Kind.AUTO_REPLY, Kind.BOUNCE, Kind.LIST, Kind.SPAM)


class Capacity(StrEnum):
    """In what capacity a signer signs."""

    INDIVIDUAL = "individual"
    ORGANIZATION = "organization"
    BOTH = "both"


@dataclass(frozen=True, slots=True)
class Signer:
    """One person and/or organization as the letter should print them."""

    name: str | None
    title: str | None = None
    organization: str | None = None
    capacity: Capacity = Capacity.INDIVIDUAL

    def as_dict(self) -> dict[str, str | None]:
        return {
            "name": self.name,
            "title": self.title,
            "organization": self.organization,
            "capacity": self.capacity.value,
        }


@dataclass(frozen=True)
class Extraction:
    """The reading of one message: its kind, every signer, and how sure we are.

    ``reasons`` are short readable phrases ("labelled block", "name from the
    From header") that explain the confidence; they reach the review queue.
    ``reply_waits``: the reading rests on the learned kind alone (no request, no
    signer details, no reply to the campaign's mail): it is recorded and reviewed,
    but no automatic reply goes (spam past the automatic-mail checks looks like this).
    """

    kind: Kind
    signers: tuple[Signer, ...] = ()
    confidence: float = 1.0
    reasons: tuple[str, ...] = field(default_factory=tuple)
    reply_waits: bool = False


@dataclass(frozen=True)
class ExtractContext:
    """Campaign settings extraction may use: our own addresses (to ignore our text)."""

    own_addresses: frozenset[str] = frozenset()
