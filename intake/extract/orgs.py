"""Organizations that sign: listed, named in the prose, joined to the person who signs
for them, or signing apart from the people listed with them.

"Please add: - X Fellowship - Y Network"; "I sign personally and on behalf of
our church, Z"; "our board voted to sign as an organization; two of our
leaders add their own names as individuals"; a sender who only passes the
sign-on on and does not sign.
"""

from __future__ import annotations

import re
from dataclasses import replace

from intake.extract import capacity, entries, names, prose, sender
from intake.extract.draft import Draft, not_listed, same_org
from intake.extract.model import Capacity
from intake.extract.zones import Reading

_LIST_ITEM = re.compile(r"^\s*(?:\d{1,2}[.)]|[-*•·–])\s+(?P<item>.+)$")


def org_items(reading: Reading) -> list[str]:
    """Organizations listed one per item after a request ending in a colon."""
    lines = reading.own_lines
    out: list[str] = []
    for index, line in enumerate(lines):
        match = _LIST_ITEM.match(line)
        intro = _intro(lines, index)
        if not match or not intro.endswith(":"):
            continue
        item = match.group("item").strip()
        named = _ORGS_INTRO.search(intro)
        entry = (named and entries.organization(item)) or entries.parse(item, need_person=False)
        if entry and entry.name is None and entry.organization:
            out.append(entry.organization)
    return out


# "Members who have asked to be added, all as organisations:": every item is one.
_ORGS_INTRO = re.compile(
    r"\borgani[sz]ations\b|\b(?:member|partner) (?:groups|bodies|churches|congregations)\b", re.I
)


def _intro(lines: list[str], index: int) -> str:
    """The line that introduces a list item (the last line above it that is no item)."""
    for line in reversed(lines[:index]):
        if line.strip() and not _LIST_ITEM.match(line):
            return line.rstrip()
    return ""


def without_sender(drafts: list[Draft], cues: capacity.Cues) -> list[Draft]:
    """A sender who only passes the sign-on on is no signer; their organization may be."""
    if not cues.sender_out:
        return drafts
    out: list[Draft] = []
    for draft in drafts:
        if not draft.sender:
            out.append(draft)
        elif (
            draft.organization
            and cues.org_signs
            and not any(same_org(draft.organization, d.organization) for d in out)
        ):
            out.append(Draft(organization=draft.organization, capacity=Capacity.ORGANIZATION))
    return out


def shared_org(drafts: list[Draft], reading: Reading) -> list[Draft]:
    """Several people listed without an organization, when the text names exactly one.

    "Four of us on the faculty of X would like to sign: - A, Dean - B, Lecturer":
    each of them is of X (the sender's own signature may name it too).
    """
    people = [d for d in drafts if d.name]
    if len(people) < 2 or any(d.organization for d in people if not d.sender):
        return drafts
    if "organization" in not_listed(reading.own):
        return drafts
    known = [d.organization for d in drafts if d.organization]
    asking = " ".join(sender.requests(reading))
    named = [m for m in prose.org_mentions(asking) if names.org_score(m) >= 2]
    distinct: list[str] = []
    for org in known + named:
        if not any(same_org(org, o) for o in distinct):
            distinct.append(org)
    if len(distinct) != 1:
        return drafts
    return [
        replace(d, organization=distinct[0]) if d.name and not d.organization else d for d in drafts
    ]


_AS_INDIVIDUALS = re.compile(
    r"\bas individuals\b|\bin (?:a|their) (?:personal|individual) capacit|\bpersonally\b"
    r"|\b(?:their|his|her) own names?\b|\bseparately\b|\bas well as individuals\b",
    re.IGNORECASE,
)


def org_apart(
    drafts: list[Draft], reading: Reading, cues: capacity.Cues
) -> tuple[list[Draft], list[str]]:
    """The organization signs on its own, with the people listed apart as individuals.

    The sender relays it and does not sign: "our board voted to sign as an
    organization; in addition, two of our leaders would like to add their own
    names as individuals". One organization record, then one per person.
    """
    people = [d for d in drafts if d.name]
    if not people or not cues.org_signs or cues.individual_only or cues.both:
        return drafts, []
    if any(d.sender for d in people) or any(d.name is None for d in drafts):
        return drafts, []
    if any(d.capacity in (Capacity.ORGANIZATION, Capacity.BOTH) for d in people):
        return drafts, []
    if not _AS_INDIVIDUALS.search(reading.own):
        return drafts, []
    org = _signing_org(people, reading)
    if org is None:
        return drafts, []
    people_apart = [replace(d, capacity=d.capacity or Capacity.INDIVIDUAL) for d in drafts]
    record = Draft(organization=org, capacity=Capacity.ORGANIZATION, source="organization")
    return [record, *people_apart], ["the organization signs apart from its people"]


def _signing_org(people: list[Draft], reading: Reading) -> str | None:
    behalf = prose.behalf_orgs(reading.own)
    if behalf:
        return behalf[0]
    orgs = {d.organization for d in people if d.organization}
    if len(orgs) == 1:
        return orgs.pop()
    ident = sender.identity(reading)
    return ident.organization if ident is not None else None


def org_named(drafts: list[Draft], reading: Reading) -> tuple[list[Draft], list[str]]:
    """When the organization signs but no reading named it, the one organization the text names."""
    people = [d for d in drafts if d.name]
    if len(people) != 1 or people[0].organization or not sender.cues(reading).org_signs:
        return drafts, []
    mentions = [m for m in prose.org_mentions(reading.own) if names.org_score(m) >= 2]
    if len(mentions) != 1:
        return drafts, []
    index = drafts.index(people[0])
    drafts[index] = replace(people[0], organization=mentions[0])
    return drafts, ["organization taken from a mention in the text"]


def with_orgs(drafts: list[Draft], reading: Reading, voice: str) -> tuple[list[Draft], list[str]]:
    """Join signing organizations to the person who signs for them, or add them alone."""
    listed = org_items(reading)
    behalf = prose.behalf_orgs(reading.own) if voice == "self" else []
    orgs = behalf + prose.signing_orgs(reading.own) + listed
    notes: list[str] = []
    people = [d for d in drafts if d.name]
    sender_draft = next((d for d in people if d.sender), people[0] if len(people) == 1 else None)
    for org in orgs:
        if org in listed:
            if not any(d.name is None and same_org(org, d.organization) for d in drafts):
                drafts.append(
                    Draft(organization=org, capacity=Capacity.ORGANIZATION, source="list")
                )
            continue
        if any(same_org(org, d.organization) for d in drafts if d is not sender_draft):
            continue
        if sender_draft is not None and (
            sender_draft.organization is None
            or same_org(org, sender_draft.organization)
            or org in behalf
        ):
            index = drafts.index(sender_draft)
            keep = sender_draft.organization if org not in behalf else None
            sender_draft = replace(sender_draft, organization=keep or org)
            drafts[index] = sender_draft
            notes.append("organization signs too")
            continue
        drafts.append(
            Draft(organization=org, capacity=Capacity.ORGANIZATION, source="organization")
        )
    return _org_from_sender(drafts, sender_draft), notes


def _org_from_sender(drafts: list[Draft], sender_draft: Draft | None) -> list[Draft]:
    org = sender_draft.organization if sender_draft else None
    return [
        replace(d, organization=org) if d.org_from_sender and not d.organization else d
        for d in drafts
    ]
