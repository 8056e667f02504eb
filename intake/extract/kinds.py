"""The kind of a message a person wrote: signature, correction, withdrawal, question or other.

Read from the acts in the sender's own sentences (:mod:`intake.extract.intent`),
whether the message answers our confirmation (it quotes the record), and
whether the sender typed signer details at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from intake.extract.intent import Acts
from intake.extract.model import Kind

# A sign-on read from signer details alone: no request to sign, no reply to the call.
NO_REQUEST = "signer details without a request"


@dataclass(frozen=True)
class KindReading:
    """A kind, how sure we are of it, and why."""

    kind: Kind
    confidence: float
    reason: str


def classify(
    acts: Acts,
    subject: Acts,
    replies_to_record: bool,
    has_details: bool,
    replies_to_call: bool = False,
) -> KindReading:
    """Decide the kind; the first rule that applies wins.

    A reading that holds back a full set of signer details (a question, a
    deferral, "other") is never sure: the details may be a sign-on we misread.
    """
    reading = _classify(acts, subject, replies_to_record, has_details, replies_to_call)
    if has_details and reading.kind in (Kind.QUESTION, Kind.OTHER):
        return KindReading(reading.kind, min(reading.confidence, _HELD_BACK), reading.reason)
    return reading


_HELD_BACK = 0.62


def _classify(
    acts: Acts, subject: Acts, replies_to_record: bool, has_details: bool, replies_to_call: bool
) -> KindReading:
    if acts.withdrawals and acts.stays:
        return KindReading(Kind.CORRECTION, 0.8, "the organization leaves, the signer stays")
    if acts.withdrawals:
        sure = 0.9 if not acts.requests or replies_to_record else 0.75
        return KindReading(Kind.WITHDRAWAL, sure, "asks to be removed")
    if acts.unsubscribes:
        return KindReading(Kind.QUESTION, 0.8, "asks to leave the mailing list")
    if acts.corrections or (replies_to_record and acts.requests):
        sure = 0.9 if acts.corrections and (replies_to_record or has_details) else 0.8
        return KindReading(Kind.CORRECTION, sure, "changes what was recorded")
    if acts.requests:
        return _signature(acts)
    if acts.deferred or acts.questions or acts.declines:
        return _question(acts, has_details)
    if replies_to_record:
        return KindReading(Kind.OTHER, 0.85, "reply to our confirmation that asks nothing")
    if has_details and replies_to_call:
        return KindReading(Kind.SIGNATURE, 0.85, "signer details in reply to the call")
    if has_details or subject.requests:
        return KindReading(Kind.SIGNATURE, 0.75, NO_REQUEST)
    return KindReading(Kind.OTHER, 0.6, "no request, question or change")


def _signature(acts: Acts) -> KindReading:
    if acts.deferred or acts.declines:
        if acts.about_others:
            return KindReading(Kind.SIGNATURE, 0.66, "asks to sign; defers only for another party")
        return KindReading(Kind.SIGNATURE, 0.65, "asks to sign, but also defers or declines")
    if acts.questions:
        return KindReading(Kind.SIGNATURE, 0.85, "asks to sign (and asks a question)")
    return KindReading(Kind.SIGNATURE, 0.95, "asks to sign")


def _question(acts: Acts, has_details: bool) -> KindReading:
    if acts.deferred:
        return KindReading(Kind.QUESTION, 0.85, "defers or conditions signing")
    if acts.declines:
        return KindReading(Kind.QUESTION, 0.8, "declines to sign")
    sure = 0.7 if has_details else 0.85
    return KindReading(Kind.QUESTION, sure, "asks a question")
