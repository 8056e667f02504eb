"""Every signer a sign-on message asks for, in the order they appear.

Which reading wins: a labelled block, table or answers typed into the quoted
call; else entries in the text ("please add: Jane Doe, Pastor, First
Church"); else, when the request is for someone else, the message that
someone wrote (a forwarded chain); else the sender's own signature block or
From display name. Organizations that sign on their own are added, or joined
to the person who signs for them.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, replace

from intake.extract import capacity, intent, labels, names, orgs, people, prose, sender, signature
from intake.extract.draft import (
    Draft,
    ditto,
    from_block,
    from_entry,
    from_group,
    listed_as,
    not_listed,
    same_person,
)
from intake.extract.model import Capacity
from intake.extract.text import locate
from intake.extract.zones import Reading


@dataclass(frozen=True)
class Finding:
    """The signers found and how they were read."""

    signers: tuple[Draft, ...]
    source: str
    notes: tuple[str, ...] = ()


def structured(reading: Reading) -> tuple[list[Draft], str]:
    """Signers from a table, labelled blocks, or answers typed into the quoted call."""
    drafts, source = reading.memo.get("structured", lambda: _structured(reading))
    return list(drafts), source


def _structured(reading: Reading) -> tuple[list[Draft], str]:
    lines = reading.own_lines
    for source, groups in (
        ("table", labels.table(lines)),
        ("labelled block", labels.blocks(lines)),
        ("answers typed into the quoted call", list(reading.inline)),
    ):
        if groups:
            labels.fill_dittos(groups)
            return [from_group(g, source, i) for i, g in enumerate(groups)], source
    return [], ""


def written(reading: Reading) -> list[Draft]:
    """Signers named in entries and appositions in the sender's text."""
    return list(reading.memo.get("written", lambda: _written(reading)))


def subject_written(reading: Reading) -> list[Draft]:
    """Signers named in entries and appositions in the subject line (read once per message)."""
    return list(reading.memo.get("subject written", lambda: written(_subject(reading))))


def _subject(reading: Reading) -> Reading:
    return Reading(own=reading.subject, subject="", sender_name="", sender_address="")


def _written(reading: Reading) -> list[Draft]:
    found = prose.scan(reading.own) + prose.appositives(reading.own)
    known = {f.entry.name for f in found}
    found += [f for f in people.named_roles(reading.own) if f.entry.name not in known]
    known = {f.entry.name for f in found}
    found += [f for f in people.named_subjects(reading.own) if f.entry.name not in known]
    known = {f.entry.name for f in found}
    found += [f for f in people.name_is(reading.own) if f.entry.name not in known]
    drafts: list[Draft] = []
    for item in sorted(found, key=lambda f: f.position):
        draft = from_entry(
            item.entry, "sign-on line" if item.how == "entry" else "named in the text"
        )
        draft = replace(
            draft, position=item.position, org_from_sender=item.how == "appositive-ours"
        )
        if drafts:
            draft = ditto(draft, drafts[-1])
        _merge_into(drafts, draft)
    return drafts


def listed_blocks(reading: Reading) -> list[Draft]:
    """Stacked name / title / organization blocks in the body (not the closing signature)."""
    every = sender.blocks(reading)
    closing = every[-1] if every and _is_closing(every[-1], reading.own_lines) else None
    blocks = [b for b in every if b.filled >= 2 and not b.after_sign_off and b is not closing]
    drafts: list[Draft] = []
    for block in blocks:
        draft = replace(from_block(block, "signer details block"), sender=False)
        _merge_into(drafts, ditto(draft, drafts[-1]) if drafts else draft)
    return drafts


def _is_closing(block: signature.Block, lines: list[str]) -> bool:
    """The last block closes the message unless a list introduces it or a sentence follows it."""
    before = [x.strip() for x in lines[: block.index] if x.strip()]
    if before and before[-1].endswith(":") and not block.after_sign_off:
        return False
    after = [x.strip() for x in lines[block.index + 1 :] if x.strip()]
    if not block.after_sign_off and any(signature.is_sign_off(x) for x in after):
        return False
    rest = after[block.filled - 1 :] if block.filled > 1 else after
    return block.after_sign_off or all(_is_note(x) for x in rest)


def _is_note(line: str) -> bool:
    """A short note or contact line under a signature ("(individual)"), not a sentence."""
    if signature.is_contact(line):
        return True
    return len(line) < 40 and (line.startswith("(") or not line.endswith((".", "!", "?")))


def _merge_into(drafts: list[Draft], draft: Draft) -> None:
    for index, known in enumerate(drafts):
        if same_person(known.name, draft.name):
            drafts[index] = known.fill(draft)
            return
    drafts.append(draft)


def find(reading: Reading, depth: int = 0) -> Finding:
    """The signers of a sign-on message (``depth`` limits reading forwarded chains)."""
    drafts, source = structured(reading)
    requests = sender.requests(reading) or intent.request_sentences(reading.subject)
    voice = sender.voice(requests)
    notes: list[str] = []
    if drafts:
        drafts = _complete_structured(drafts, reading)
    else:
        drafts = written(reading) or listed_blocks(reading)
        source = drafts[0].source if drafts else ""
        drafts = _with_sender(drafts, reading, voice)
    if not drafts and depth == 0 and (voice == "others" or not requests):
        found = _from_segments(reading)
        if found.signers:
            return found
    if not drafts and reading.subject:
        drafts = subject_written(reading)
        source = "sign-on line in the subject" if drafts else source
    if not drafts and voice != "others":
        ident = sender.identity(reading)
        if ident is not None:
            drafts, source = [ident], ident.source
    drafts, org_note = orgs.with_orgs(drafts, reading, voice)
    notes += org_note
    drafts = orgs.shared_org(drafts, reading)
    if drafts and not source:
        source = "organization signs"
    drafts, named = orgs.org_named(drafts, reading)
    notes += named
    cues = sender.cues(reading)
    if "organization signs too" in notes and not cues.org_signs:
        cues = dataclasses.replace(cues, org_signs=True)
    drafts = orgs.without_sender(drafts, cues)
    drafts, apart = orgs.org_apart(drafts, reading, cues)
    notes += apart
    drafts = _capacities(drafts, cues)
    drafts = _worded(drafts, reading.own)
    drafts = _unlisted(drafts, reading.own)
    return Finding(tuple(_in_order(drafts, reading.own)), source or "no signer found", tuple(notes))


def _in_order(drafts: list[Draft], text: str) -> list[Draft]:
    """Signers in the order the text names them (unless one of them is not found in it)."""
    if len(drafts) < 2:
        return drafts
    places = [locate(text, d.name or d.organization or "") for d in drafts]
    if any(p >= len(text) for p in places):
        return drafts
    return [d for _, d in sorted(zip(places, drafts, strict=True), key=lambda x: x[0])]


def _unlisted(drafts: list[Draft], text: str) -> list[Draft]:
    """Fields the sender asks not to print ("please don't list my church")."""
    fields = not_listed(text)
    if not fields or not drafts:
        return drafts
    people = [d for d in drafts if d.name]
    lead = next((d for d in people if d.sender), people[0] if people else None)
    return [
        replace(
            d,
            title=None if "title" in fields else d.title,
            organization=None if "organization" in fields else d.organization,
        )
        if d is lead
        else d
        for d in drafts
    ]


def _worded(drafts: list[Draft], text: str) -> list[Draft]:
    """The sender's own wording of a field ("list my title as X") wins for the sender."""
    fields = listed_as(text)
    lead = _lead(drafts)
    if not fields or lead is None:
        return drafts
    changed = replace(
        lead,
        title=fields.get("title", lead.title),
        organization=fields.get("organization", lead.organization),
    )
    return [changed if d is lead else d for d in drafts]


def _lead(drafts: list[Draft]) -> Draft | None:
    """The signer the sender's own words are about: the sender, else the only person."""
    people = [d for d in drafts if d.name]
    return next((d for d in people if d.sender), people[0] if len(people) == 1 else None)


def _complete_structured(drafts: list[Draft], reading: Reading) -> list[Draft]:
    """A labelled block without a name: the sender's name, when they sign themselves."""
    first = drafts[0]
    if first.name is None and (first.title or first.capacity is not Capacity.ORGANIZATION):
        ident = sender.identity(reading)
        if ident is not None:
            drafts[0] = first.fill(replace(ident, title=None, organization=None))
    return drafts


def _with_sender(drafts: list[Draft], reading: Reading, voice: str) -> list[Draft]:
    """Mark the entry that is the sender; add the sender when they sign too but are not listed."""
    if not drafts:
        return drafts
    ident = sender.identity(reading)
    display = names.from_display(reading.sender_name)
    marked = [
        _as_sender(d, ident, reading.own)
        if same_person(d.name, display) or (ident and same_person(d.name, ident.name))
        else d
        for d in drafts
    ]
    if voice == "self" and not any(d.sender for d in marked) and ident and _signs_too(reading):
        marked.insert(0, ident)
    return marked


def _as_sender(draft: Draft, ident: Draft | None, text: str) -> Draft:
    """The sender's entry; read on the name line of their own signature block, the block's
    lines below it complete it ("Jane Doe – Director" over "Center for Peace")."""
    marked = replace(draft, sender=True)
    if ident is None or ident.source != "signature block":
        return marked
    line = text[: draft.position].count("\n")
    return marked.fill(ident) if line == ident.position else marked


_SIGNS_TOO = re.compile(
    r"\b(?:add|sign|include)\s+me\b|\bmy (?:own )?name\b"
    r"|\bI (?:would|'d|also|too)\b[^.]{0,30}\bsign",
    re.IGNORECASE,
)


def _signs_too(reading: Reading) -> bool:
    return bool(_SIGNS_TOO.search(reading.own))


def _from_segments(reading: Reading) -> Finding:
    """Signers from the earlier message a forwarder or assistant passes on."""
    for segment in reading.segments:
        if segment.ours:
            continue
        sub = Reading(
            own=segment.text,
            subject="",
            sender_name=segment.name,
            sender_address=segment.address,
        )
        if not intent.request_sentences(segment.text):
            continue
        found = find(sub, depth=1)
        if found.signers:
            both = capacity.cues(reading.own + "\n" + segment.text)
            signers = _capacities([replace(d, capacity=None) for d in found.signers], both)
            return Finding(tuple(signers), "forwarded message from the signer", found.notes)
    return Finding((), "")


def _capacities(drafts: list[Draft], cues: capacity.Cues) -> list[Draft]:
    """The sender (or the only signer) takes the prose's capacity; others default to individual."""
    people = [d for d in drafts if d.name]
    lead = next((d for d in people if d.sender), people[0] if len(people) == 1 else None)
    out: list[Draft] = []
    for draft in drafts:
        if draft.capacity is None and draft is lead:
            draft = replace(draft, capacity=cues.capacity(has_person=True))
        elif draft.capacity is None:
            default = Capacity.ORGANIZATION if draft.name is None else Capacity.INDIVIDUAL
            draft = replace(draft, capacity=default)
        out.append(draft)
    return out
