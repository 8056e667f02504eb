"""The reader: a parsed message in, an :class:`Extraction` out.

1. mail no person wrote to us (headers, then the text): no signers;
2. the pieces of text (own words, quoted chain, quoted record);
3. the kind, from what the sender's sentences do;
4. the signers, by the kind's own rules;
5. the confidence and its reasons.
"""

from __future__ import annotations

from intake.extract import automatic, changes, confidence, intent, kinds, sender, signers, zones
from intake.extract.draft import Draft, not_listed, same_org, same_person
from intake.extract.model import ExtractContext, Extraction, Kind
from intake.extract.names import looks_like_person, org_score, title_score
from intake.extract.prose import org_mentions
from intake.extract.signers import Finding
from intake.message import Message


def extract(message: Message, context: ExtractContext) -> Extraction:
    """Read the kind and the signers of ``message``."""
    reading = zones.read(message, context)
    verdict = automatic.classify(message, reading.own, context)
    if verdict is not None:
        return Extraction(verdict.kind, (), verdict.confidence, verdict.reasons)
    acts = sender.acts(reading)
    kind = kinds.classify(
        acts,
        intent.read(reading.subject),
        replies_to_record=reading.record is not None,
        has_details=_has_details(reading),
    )
    if not kind.kind.acts_on_signers:
        return Extraction(kind.kind, (), kind.confidence, (kind.reason,))
    finding = _signers(kind.kind, reading)
    doubts = _doubts(finding, reading) if kind.kind is not Kind.WITHDRAWAL else []
    value, reasons = confidence.score(kind, finding, doubts)
    return Extraction(kind.kind, tuple(d.final() for d in finding.signers), value, reasons)


def _signers(kind: Kind, reading: zones.Reading) -> Finding:
    if kind is Kind.CORRECTION:
        return changes.correction(reading)
    if kind is Kind.WITHDRAWAL:
        return changes.withdrawal(reading)
    return signers.find(reading)


def _has_details(reading: zones.Reading) -> bool:
    drafts, _ = signers.structured(reading)
    return bool(drafts) or any(d.filled >= 2 for d in signers.written(reading))


def _doubts(finding: Finding, reading: zones.Reading) -> list[str]:
    """Signs that this reading may be wrong; each lowers the confidence."""
    if not finding.signers:
        return ["no signer found"]
    checks = (
        (_other_candidates(finding, reading), "several candidate names"),
        (any(_one_word(d) for d in finding.signers), "a name of one word"),
        (len(finding.signers) >= 4, "many signers"),
        (_unread_org(finding, reading), "an organization in the text was not recorded"),
        (any(_odd_fields(d) for d in finding.signers), "title and organization may be swapped"),
        (
            any(d.name is None and d.organization is None for d in finding.signers),
            "a signer with no name",
        ),
        (any(_unlike_name(d) for d in finding.signers), "a name that does not read as a person's"),
        (any(_unknown_words(d) for d in finding.signers), "a title or organization not recognised"),
    )
    return [reason for failed, reason in checks if failed]


def _other_candidates(finding: Finding, reading: zones.Reading) -> bool:
    """A person named with title or organization in the text who is not a signer."""
    names_read = [d.name for d in signers.written(reading) if d.name and d.filled >= 2]
    blocks = [b for b in sender.blocks(reading) if b.name and b.filled >= 2]
    closing = blocks[-1].name if blocks else None
    names_read += [b.name for b in blocks if b.name]
    delegated = sender.voice(sender.requests(reading)) == "others" or finding.source.startswith(
        "forwarded"
    )
    extra = confidence.other_names(finding.signers, names_read)
    return any(not (delegated and same_person(n, closing)) for n in extra)


def _one_word(draft: Draft) -> bool:
    return (
        bool(draft.name)
        and " " not in str(draft.name).strip()
        and not looks_like_person(str(draft.name))
    )


def _unread_org(finding: Finding, reading: zones.Reading) -> bool:
    """A signer has no organization, yet the sender's text names one nobody carries."""
    if all(d.organization for d in finding.signers if d.name):
        return False
    if "organization" in not_listed(reading.own):
        return False
    known = [d.organization for d in finding.signers if d.organization]
    named = [m for m in org_mentions(reading.own) if org_score(m) >= 2]
    return any(not any(same_org(m, k) for k in known) for m in named)


def _unlike_name(draft: Draft) -> bool:
    return bool(draft.name) and not looks_like_person(str(draft.name)) and " " in str(draft.name)


_TRUSTED = ("labelled block", "table", "answers typed into the quoted call", "quoted confirmation")


def _unknown_words(draft: Draft) -> bool:
    """Outside labelled answers, a title or organization with no word we know is doubtful."""
    if draft.source.startswith(_TRUSTED):
        return False
    title_unknown = bool(draft.title) and title_score(str(draft.title)) == 0
    org_unknown = bool(draft.organization) and org_score(str(draft.organization)) == 0
    return title_unknown or org_unknown


def _odd_fields(draft: Draft) -> bool:
    title, org = draft.title or "", draft.organization or ""
    swapped_org = bool(org) and org_score(org) == 0 and title_score(org) > 0
    swapped_title = bool(title) and title_score(title) == 0 and org_score(title) >= 2
    return swapped_org or swapped_title
