"""The reader: a parsed message in, an :class:`Extraction` out.

1. mail no person wrote to us (headers, then the text): no signers;
2. the pieces of text (own words, quoted chain, quoted record);
3. the kind, from what the sender's sentences do;
4. the signers, by the kind's own rules;
5. the confidence and its reasons.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from intake.extract import (
    agreement,
    automatic,
    calibration,
    capacity_model,
    changes,
    confidence,
    couples,
    doubts,
    honorifics,
    intent,
    kind_model,
    kinds,
    policy,
    revision,
    sender,
    signers,
    sureness,
    tagged,
    title_pieces,
    zones,
)
from intake.extract.model import ExtractContext, Extraction, Kind
from intake.extract.signers import Finding
from intake.message import Message


def extract(message: Message, context: ExtractContext) -> Extraction:
    """Read the kind and the signers of ``message``, with a calibrated confidence."""
    combined, found = both(message, context)
    return calibration.calibrated(combined, found)


@dataclass(frozen=True)
class Models:
    """Learned parts to use instead of the shipped ones (training cross-fits them)."""

    tagger: Any = None
    kinds: dict[str, Any] | None = None
    capacity: dict[str, Any] | None = None
    choice: dict[str, Any] | None = None
    roster: dict[str, Any] | None = None
    honorifics: dict[str, Any] | None = None
    revision: dict[str, Any] | None = None


def both(
    message: Message, context: ExtractContext, models: Models | None = None
) -> tuple[Extraction, agreement.Agreement]:
    """The rules' reading combined with the tagger's, and how far the two agree;
    the confidence is still the reader's own score."""
    models = models or Models()
    return joined(readers(message, context, models), models)


@dataclass(frozen=True)
class Readings:
    """What each reader makes of one message, before they are combined."""

    reading: zones.Reading
    rules: Extraction
    drafts: list[tagged.Draft] | None
    sure: sureness.Sureness = sureness.NONE  # the kind model's, so far


def readers(message: Message, context: ExtractContext, models: Models | None = None) -> Readings:
    """The rules' reading of ``message`` and, for a signature, the tagger's signers."""
    models = models or Models()
    reading = zones.read(message, context)
    rules, sure = _read(message, reading, context, models.kinds)
    if rules.kind is not Kind.SIGNATURE:
        return Readings(reading, rules, None, sure)
    return Readings(reading, rules, agreement.second_reading(reading, models.tagger), sure)


def joined(found: Readings, models: Models) -> tuple[Extraction, agreement.Agreement]:
    """The two readings combined (a correction's values revised), the learned capacity
    applied, names that are pieces of another signer's title left out, learned
    honorifics taken off, the other of two people who share a surname added, the
    policy's last rules applied (:mod:`intake.extract.policy`), and the agreement."""
    if found.rules.kind is not Kind.SIGNATURE:
        revised, revising = revision.read(found.rules, found.reading, models.revision)
        final = honorifics.apply(title_pieces.apply(revised), models.honorifics, _sender(found))
        return policy.apply(final), agreement.Agreement(sure=replace(found.sure, revision=revising))
    learned = agreement.Learned(models.choice, models.roster)
    combined, agreed = agreement.combine(found.rules, found.drafts, found.reading, learned)
    subject, own = found.reading.subject, found.reading.own
    combined, capacity = capacity_model.read(combined, subject, own, models.capacity)
    combined = title_pieces.apply(combined)
    kind, kind_rules = found.sure.kind, found.sure.kind_rules
    sure = replace(agreed.sure, kind=kind, kind_rules=kind_rules, capacity=capacity)
    agreed = replace(agreed, sure=sure)
    combined = honorifics.apply(combined, models.honorifics, _sender(found))
    given = honorifics.given_names(models.honorifics)
    combined = couples.apply(combined, own, lambda word: honorifics.given_form(word) in given)
    return policy.apply(combined), agreed


def _sender(found: Readings) -> tuple[str, str]:
    return found.reading.sender_name, found.reading.sender_address


def read(
    message: Message, context: ExtractContext, kinds_model: dict[str, Any] | None = None
) -> Extraction:
    """The rules' reading of ``message`` (the tagger not asked), with its own score.

    ``kinds_model``: a kind model other than the shipped one (training).
    """
    return _read(message, zones.read(message, context), context, kinds_model)[0]


def evidence(message: Message, context: ExtractContext) -> kind_model.Evidence | None:
    """What the kind is read from, or None for mail no person wrote (training)."""
    reading = zones.read(message, context)
    if automatic.classify(message, reading.own, context, _relayed(reading)) is not None:
        return None
    return _evidence(reading)


def _evidence(reading: zones.Reading) -> kind_model.Evidence:
    acts = sender.acts(reading)
    if not acts.wants_something and not acts.questions:
        acts = _forwarded_acts(reading) or acts
    subject = intent.read(reading.subject)
    replies_to_record = reading.record is not None
    has_details = _has_details(reading)
    replies_to_call = any(s.ours for s in reading.segments) and reading.record is None
    rules = kinds.classify(acts, subject, replies_to_record, has_details, replies_to_call)
    return kind_model.Evidence(
        reading.subject,
        reading.own,
        rules,
        acts,
        subject,
        has_details,
        replies_to_record,
        replies_to_call,
    )


def _read(
    message: Message,
    reading: zones.Reading,
    context: ExtractContext,
    kinds_model: dict[str, Any] | None = None,
) -> tuple[Extraction, sureness.Sureness]:
    """The rules' reading, with the kind the kind model reads, and how sure that model is."""
    verdict = automatic.classify(message, reading.own, context, _relayed(reading))
    if verdict is not None:
        extraction = Extraction(verdict.kind, (), verdict.confidence, verdict.reasons)
        return extraction, sureness.NONE
    found = _evidence(reading)
    kind = found.rules
    learned = kind_model.predict(found, kinds_model)
    waits = False
    sure = sureness.NONE
    if learned is not None:
        sure = sureness.Sureness(kind=learned[1], kind_rules=learned[0] is kind.kind)
    if learned is not None and learned[0] is not kind.kind:
        kind = kinds.KindReading(learned[0], learned[1], f"the kind model reads a {learned[0]}")
        waits = learned[0].acts_on_signers and not _footing(found)
    if not kind.kind.acts_on_signers:
        return Extraction(kind.kind, (), kind.confidence, (kind.reason,)), sure
    finding = _signers(kind.kind, reading)
    value, reasons = confidence.score(kind, finding, _doubts(kind.kind, finding, reading))
    signers = tuple(d.final() for d in finding.signers)
    return Extraction(kind.kind, signers, value, reasons, reply_waits=waits), sure


def _relayed(reading: zones.Reading) -> tuple[str, ...]:
    """The texts of the messages ``reading`` quotes or forwards that are not ours."""
    return tuple(s.text for s in reading.segments if not s.ours)


def _footing(found: kind_model.Evidence) -> bool:
    """Whether a change to the signatory list has something besides the learned kind to
    stand on: an act the rules counted, signer details, or a reply to the campaign's
    own mail. Without it (a stranger's few words, spam past the automatic-mail checks)
    the reading is kept and reviewed, but no automatic reply goes."""
    return bool(
        found.acts.wants_something
        or found.subject_acts.wants_something
        or found.has_details
        or found.replies_to_call
        or found.replies_to_record
    )


def _forwarded_acts(reading: zones.Reading) -> intent.Acts | None:
    """A message that only passes on someone's request: what that request asks.

    Only when the sender's own words are next to nothing (a bare forward, a
    greeting): a sender who writes something of their own speaks for themselves.
    """
    if len(reading.own.split()) > _BARE_FORWARD_WORDS:
        return None
    for segment in reading.segments:
        if segment.ours:
            continue
        acts = intent.read(segment.text)
        if acts.wants_something:
            return acts
    return None


_BARE_FORWARD_WORDS = 12


def _signers(kind: Kind, reading: zones.Reading) -> Finding:
    if kind is Kind.CORRECTION:
        return changes.correction(reading)
    if kind is Kind.WITHDRAWAL:
        return changes.withdrawal(reading)
    return signers.find(reading)


def _has_details(reading: zones.Reading) -> bool:
    """The message gives a signer's name with a title or organization (the subject counts)."""
    drafts, _ = signers.structured(reading)
    if drafts or any(d.filled >= 2 for d in signers.written(reading)):
        return True
    return any(d.filled >= 2 for d in signers.subject_written(reading))


def _doubts(kind: Kind, finding: Finding, reading: zones.Reading) -> list[str]:
    if kind is Kind.WITHDRAWAL:
        return [] if finding.signers else ["no signer found"]
    if kind is Kind.CORRECTION:
        return doubts.correction_doubts(finding, reading)
    return doubts.signature_doubts(finding, reading)
