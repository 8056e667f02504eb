"""Corrections and withdrawals: who they are about and what changes.

A correction's unchanged fields are those of the record it corrects: the
record our confirmation echoed (quoted in the reply), else what the sender
restates. Changed values come from the sender's instruction ("it should be
X, not Y", "please use our full name: X", "Dr. Z's title should be 'W'"),
placed in the field the sentence names or whose old value they resemble. A
withdrawal names who is leaving, else the quoted record does.
"""

from __future__ import annotations

import re
from dataclasses import replace

from intake.extract import capacity, entries, intent, names, prose, sender, signers
from intake.extract.draft import (
    Draft,
    from_entry,
    from_group,
    listed_as,
    not_listed,
    same_person,
)
from intake.extract.model import Capacity
from intake.extract.signers import Finding
from intake.extract.text import fold, sentences, trim
from intake.extract.zones import Reading

_I = re.IGNORECASE
_VALUE_END = r"(?=,?\s+(?:not|instead|rather)\b|\s+--|\s+[-–—]\s|[.;!]\s|[.;!]?$)"
_CHANGES = (
    re.compile(
        r"(?P<who>[A-Z][\w.'’ -]{2,60}?)['’]s\s+(?P<field>name|title|position|role|"
        r"organi[sz]ation|affiliation)\s+should\s+(?:be|read)\s*:?\s*(?P<value>.+?)" + _VALUE_END
    ),
    re.compile(
        r"\b(?:my|our|his|her|their|the)\s+(?P<field>name|title|position|role|organi[sz]ation|"
        r"affiliation|surname|last name|family name|first name|given name)\s+(?:is|was|should be|"
        r"should read)\s+(?:actually\s+|now\s+)?(?:(?:spelled|spelt|written|printed|listed|given|"
        r"shown)\s+)?(?:(?:out|in full)\s*)*:?\s*"
        r"(?P<value>.+?)" + _VALUE_END,
        _I,
    ),
    re.compile(r"\bshould\s+(?:be|read|say)\s*:?\s*(?P<value>.+?)" + _VALUE_END, _I),
    re.compile(
        r"\b(?:use|list|record|print|spell)\b[^:]{0,60}?(?:rather than|instead of)[^:]{0,40}:\s*"
        r"(?P<value>.+?)" + _VALUE_END,
        _I,
    ),
    re.compile(
        r"\b(?:change|update|correct|amend)\b[^.:]{0,50}?\bto\s*:?\s*(?P<value>[\"“].+?[\"”]|.+?)"
        + _VALUE_END,
        _I,
    ),
    re.compile(r"\bnot\s+[^,.]{2,60},?\s+but\s+(?P<value>.+?)" + _VALUE_END, _I),
    re.compile(r"^\W*(?:it['’]s|it is|that['’]s|it should be)\s+(?P<value>.+?)" + _VALUE_END, _I),
    re.compile(
        r"\b(?:add|include|use|list|print|put)\s+(?:my|our|his|her|their|the)\s+(?P<field>title|"
        r"position|role|organi[sz]ation|affiliation|name)\b[^:]{0,60}:\s*(?P<value>.+?)"
        + _VALUE_END,
        _I,
    ),
)
# An instruction whose new value stands alone on the next line ("print my name as:").
_VALUE_NEXT = re.compile(
    r"\b(?:print|spell|write|list|record|show|use|put|change|update|correct|amend|read|be)\b"
    r"[^:]{0,80}\b(?:as|to|is|be|read)\s*:$",
    _I,
)
_MAX_VALUE_WORDS = 12
_FIELD_WORDS = (
    ("surname", re.compile(r"\b(?:surname|last name|family name)\b", _I)),
    ("first name", re.compile(r"\b(?:first name|given name)\b", _I)),
    ("title", re.compile(r"\b(?:title|position|role|job)\b", _I)),
    (
        "organization",
        re.compile(r"\b(?:organi[sz]ation|affiliation|acronym|church|our (?:full )?name)\b", _I),
    ),
    ("name", re.compile(r"\b(?:my name|own name|name|spelling|spelled|surname|first name)\b", _I)),
)


def record_draft(reading: Reading) -> Draft | None:
    """The quoted record as a draft (its capacity included)."""
    if reading.record is None:
        return None
    return from_group(reading.record, "quoted confirmation record")


def changes(text: str) -> list[tuple[str | None, str, str | None]]:
    """``(field or None, new value, person named)`` for each change the sender asks for."""
    out: list[tuple[str | None, str, str | None]] = []
    parts = sentences(text)
    for index, sentence in enumerate(parts):
        below = parts[index + 1] if index + 1 < len(parts) else ""
        short = len(below.split()) <= _MAX_VALUE_WORDS
        if _VALUE_NEXT.search(sentence) and _reads_as_value(below) and short:
            out.append((_field_word(sentence), trim(below), None))
            continue
        for pattern in _CHANGES:
            match = pattern.search(sentence)
            if not match:
                continue
            value = trim(_NOTE_AFTER.sub("", match.group("value")))
            if not _reads_as_value(match.group("value")):
                continue
            groups = match.groupdict()
            field = _field_word(groups.get("field") or sentence[: match.start("value")])
            who = trim(groups["who"]) if groups.get("who") else None
            if value:
                out.append((field, value, who))
            break
    return out


def _reads_as_value(raw: str) -> bool:
    """A new value starts with a capital, a quote or a letter of a script without case."""
    text = raw.strip()
    first = text[:1]
    return bool(first) and (first in "\"“'‘" or first.isupper() or first.lower() == first.upper())


def _field_word(text: str) -> str | None:
    for field, pattern in _FIELD_WORDS:
        if pattern.search(text):
            return field
    return None


_NOTE_AFTER = re.compile(r"\s*\([^()]*\)\s*$")
_CAPACITY_VALUE = re.compile(
    r"^[\"“'‘]?(?:both|individual(?:ly)?|organi[sz]ation(?:al)?|personal(?:ly)?)[\"”'’]?$", _I
)


def place(field: str | None, value: str, base: Draft) -> str:
    """The field a changed value goes in: the one named, else by likeness to old values."""
    if _CAPACITY_VALUE.match(value.strip()):
        return "capacity"
    if field is not None:
        return field
    if names.looks_like_person(value) and (base.name is None or _alike(value, base.name)):
        return "name"
    if base.organization and _alike(value, base.organization):
        return "organization"
    if base.title and _alike(value, base.title):
        return "title"
    if names.looks_like_person(value):
        return "name"
    return "organization" if names.org_score(value) > names.title_score(value) else "title"


def _alike(new: str, old: str) -> bool:
    """Same initials (an acronym spelled out), or mostly the same letters."""
    initials = "".join(w[0] for w in new.split() if w[:1].isupper())
    if old.replace(".", "").isupper() and initials.startswith(old.replace(".", "")[:3]):
        return True
    a, b = set(new.lower().split()), set(old.lower().split())
    return bool(a & b) or _near(new.lower(), old.lower())


def _near(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 3:
        return False
    same = sum(x == y for x, y in zip(a, b, strict=False))
    return same >= max(len(a), len(b)) - 3


def apply(base: Draft, field: str, value: str) -> Draft:
    """``base`` with one field changed (a name is cleaned of honorifics first)."""
    if field in ("surname", "first name"):
        tokens = (base.name or "").split()
        if not tokens or " " in value.strip():
            field = "name"
        else:
            tokens[-1 if field == "surname" else 0] = value.strip()
            return replace(base, name=" ".join(tokens))
    if field == "name":
        cleaned = names.clean_name(value)
        return replace(base, name=cleaned.name if cleaned else base.name)
    if field == "capacity":
        return replace(base, capacity=capacity.from_value(value.strip("\"“”'‘’")) or base.capacity)
    if field == "title":
        return replace(base, title=value)
    return replace(base, organization=value)


def correction(reading: Reading) -> Finding:
    """Who a correction is about, with the changed and the unchanged fields."""
    record = record_draft(reading)
    found, source = signers.structured(reading)
    if not found:
        found = [d for d in signers.written(reading) if d.filled >= 2]
        source = found[0].source if found else source
    if found:
        drafts = [_with_record(d, record) for d in found]
        return Finding(tuple(_capacity(d, reading, record) for d in drafts), source)
    base = record or Draft(source="sender's restatement")
    changed: set[str] = set()
    for field, value, who in changes(reading.own):
        if who and not same_person(who, base.name):
            cleaned = names.clean_name(who)
            base = replace(base, name=cleaned.name if cleaned else who)
        changed.add(place(field, value, base))
        base = apply(base, place(field, value, base), value)
    for field, value in listed_as(reading.own).items():  # "please list my position as X"
        changed.add(field)
        base = apply(base, field, value)
    base = _removed(_restated(base, reading), reading.own, keep=changed)
    if base.name is None and base.organization is None:
        return Finding((), "no signer found")
    return Finding((_capacity(base, reading, record),), base.source or "correction")


def _removed(base: Draft, text: str, keep: set[str] | frozenset[str] = frozenset()) -> Draft:
    """Fields the sender asks to take off ("please remove the title"), but for those
    ``keep`` names (a new value given in the same message wins)."""
    gone = not_listed(text) - keep
    return replace(
        base,
        title=None if "title" in gone else base.title,
        organization=None if "organization" in gone else base.organization,
        role=None if "title" in gone else base.role,
    )


def _with_record(draft: Draft, record: Draft | None) -> Draft:
    if record is not None and (draft.name is None or same_person(draft.name, record.name)):
        return draft.fill(record)
    return draft


def _restated(base: Draft, reading: Reading) -> Draft:
    """Fields restated when no record is quoted: parentheses, signature, the one org named."""
    for part in re.findall(r"\(([^()]{5,200})\)", fold(reading.own)):
        title, org = entries.assign(
            [p for p in entries.split_parts(part) if not capacity.from_value(p)]
        )
        if title and org:
            base = base.fill(Draft(title=title, organization=org))
    ident = sender.identity(reading)
    if ident is not None and (base.name is None or same_person(ident.name, base.name)):
        base = base.fill(ident)
    if base.organization is None:
        base = replace(base, organization=_single_org(reading.own + "\n" + reading.subject))
    return base


def _single_org(text: str) -> str | None:
    """The one organization the text names, if it names exactly one."""
    found = prose.org_mentions(text)
    return found[0] if len(found) == 1 else None


def _capacity(draft: Draft, reading: Reading, record: Draft | None) -> Draft:
    cues = sender.cues(reading)
    acts = sender.acts(reading)
    old = (record.capacity if record else None) or draft.capacity
    if cues.individual_only or (acts.withdrawals and acts.stays):
        new = Capacity.INDIVIDUAL
    elif cues.org_only:
        new = Capacity.ORGANIZATION
    elif cues.both or (cues.org_signs and old is Capacity.INDIVIDUAL):
        new = Capacity.BOTH
    else:
        new = draft.capacity or old or Capacity.INDIVIDUAL
    return replace(draft, capacity=new)


def withdrawal(reading: Reading) -> Finding:
    """Who asks to be removed: someone the sender names, else the quoted record, else the sender."""
    named = _named_for_removal(reading)
    if named:
        return Finding(tuple(named), "named in the withdrawal")
    record = record_draft(reading)
    if record is not None:
        return Finding((record,), record.source)
    org = _withdrawing_org(reading)
    if org is not None:
        return Finding((Draft(organization=org, capacity=Capacity.ORGANIZATION),), "organization")
    found = signers.find(reading)
    return Finding(found.signers, found.source, found.notes)


_SELF = re.compile(r"\b(?:I|me|my|myself)\b(?!\s+(?:am sorry|apologi[sz]e|regret))")
_ORG_REF = re.compile(
    r"\b(?:our|the)\s+(?:organi[sz]ation|church|congregation|parish|council|board|group|"
    r"network|alliance|fellowship|society|institute|foundation|community|ministry)\b",
    _I,
)


def _withdrawing_org(reading: Reading) -> str | None:
    """The organization itself withdraws ("our board voted to withdraw the Council's signature")."""
    for sentence in sentences(reading.own):
        if not intent.is_withdrawal(sentence) or _SELF.search(sentence):
            continue
        named = _single_org(sentence)
        if named:
            return (
                re.sub(r"^(?:the|our)\s+", "", named, flags=_I)
                .removesuffix("'s")
                .removesuffix("’s")
            )
        if _ORG_REF.search(sentence):
            ident = sender.identity(reading)
            return ident.organization if ident else None
    return None


_MENTION = re.compile(
    r"(?<!Dear )(?<!Hi )(?<!Hello )(?P<who>(?:(?:Dr|Rev|Revd|Prof|Mr|Mrs|Ms|Fr|Sr|Br|Pastor|Rabbi|"
    r"Imam|Bishop|Deacon|Elder)\.?\s+)*(?:[A-Z][\w'’.-]*\s+){0,3}[A-Z][\w'’-]+)"
)


def _named_for_removal(reading: Reading) -> list[Draft]:
    """People other than the sender whom a withdrawal sentence names."""
    known = {d.name: d for d in signers.written(reading) if d.name}
    me = names.from_display(reading.sender_name)
    out: list[Draft] = []
    for sentence in sentences(reading.own):
        if not intent.is_withdrawal(sentence) or _SELF.search(sentence):
            continue
        for entry in _people_in(sentence):
            if entry.name is None or same_person(entry.name, me):
                continue
            draft = known.get(entry.name, from_entry(entry, "named in the withdrawal"))
            if draft.organization is None:
                draft = replace(
                    draft, organization=_single_org(reading.own + "\n" + reading.subject)
                )
            capacity = draft.capacity or Capacity.INDIVIDUAL
            out.append(replace(draft, source="named in the withdrawal", capacity=capacity))
    return out


def _people_in(sentence: str) -> list[entries.Entry]:
    """Entries ("Rev. X (Chaplain, Y College)") and bare names in one sentence."""
    found = [f.entry for f in prose.scan(sentence)]
    for match in _MENTION.finditer(sentence):
        who = match.group("who")
        cleaned = names.clean_name(who) if names.looks_like_person(who) else None
        if cleaned and not any(same_person(cleaned.name, e.name) for e in found):
            found.append(entries.Entry(cleaned.name, None, None, role=cleaned.role))
    return found
