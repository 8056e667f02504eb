"""Signs that a reading may be wrong; each one lowers the confidence.

Every check compares what was read with another cue in the same message that
a careful reader would also weigh: a name or organization in the text that no
signer carries, a labelled line whose label we could not read, a list item
that gave no signer, an organization that the prose says signs while no
record signs for it, a correction that changes nothing. None of them looks
at any one message's words.
"""

from __future__ import annotations

import re

from intake.extract import confidence, labels, names, prose, sender, signature, signers
from intake.extract.draft import Draft, from_group, not_listed, same_org, same_person
from intake.extract.model import Capacity
from intake.extract.signers import Finding
from intake.extract.zones import Reading

_TRUSTED = ("labelled block", "table", "answers typed into the quoted call", "quoted confirmation")
_LIST_ITEM = re.compile(r"^\s*(?:\d{1,2}[.)]|[-*•·–])\s+\S")


def signature_doubts(finding: Finding, reading: Reading) -> list[str]:
    """Doubts about the signers of a signature or a correction."""
    if not finding.signers:
        return ["no signer found"]
    drafts = finding.signers
    checks = (
        (_other_candidates(finding, reading), "several candidate names"),
        (any(_one_word(d) for d in drafts), "a name of one word"),
        (len(drafts) >= 4, "many signers"),
        (_unread_org(finding, reading), "an organization in the text was not recorded"),
        (any(_odd_fields(d) for d in drafts), "title and organization may be swapped"),
        (any(_person_in_field(d) for d in drafts), "a title or organization reads as a name"),
        (any(d.name is None and d.organization is None for d in drafts), "a signer with no name"),
        (any(_unlike_name(d) for d in drafts), "a name that does not read as a person's"),
        (any(_unknown_words(d) for d in drafts), "a title or organization not recognised"),
        (_unread_labels(finding, reading), "a labelled line we could not read"),
        (_unread_items(finding, reading), "a listed line gave no signer"),
        (_org_unsigned(finding, reading), "the organization signs, but no record signs for it"),
        (_mixed_capacity(finding, reading), "capacity read from mixed cues"),
        (
            _extra_name_words(finding, reading),
            "a word before the name that may be a form of address",
        ),
        (_blocks_disagree(finding, reading), "the signature block reads differently"),
        (bool(not_listed(reading.own)), "a field left out at the sender's word"),
        (_unread_request(finding, reading), "a sign-on line we could not read"),
    )
    return [reason for failed, reason in checks if failed]


def correction_doubts(finding: Finding, reading: Reading) -> list[str]:
    """Doubts about a correction: those of any reading, and a change we could not find."""
    doubts = signature_doubts(finding, reading)
    if reading.record is not None and finding.signers and _unchanged(finding, reading):
        doubts.append("no change found")
    return doubts


def _other_candidates(finding: Finding, reading: Reading) -> bool:
    """A person named with title or organization in the text who is not a signer."""
    names_read = [d.name for d in signers.written(reading) if d.name and d.filled >= 2]
    blocks = [b for b in sender.blocks(reading) if b.name and b.filled >= 2]
    closing = blocks[-1].name if blocks else None
    names_read += [b.name for b in blocks if b.name]
    delegated = (
        sender.voice(sender.requests(reading)) == "others"
        or finding.source.startswith("forwarded")
        or sender.cues(reading).sender_out
    )
    extra = confidence.other_names(finding.signers, names_read)
    relayed = delegated or not any(d.name for d in finding.signers)
    return any(not (relayed and same_person(n, closing)) for n in extra)


def _one_word(draft: Draft) -> bool:
    return (
        bool(draft.name)
        and " " not in str(draft.name).strip()
        and not names.looks_like_person(str(draft.name))
    )


def _unread_org(finding: Finding, reading: Reading) -> bool:
    """A signer has no organization, yet the sender's text names one nobody carries."""
    if all(d.organization for d in finding.signers if d.name):
        return False
    if "organization" in not_listed(reading.own):
        return False
    known = [d.organization for d in finding.signers if d.organization]
    named = [m for m in prose.org_mentions(reading.own) if names.org_score(m) >= 2]
    return any(not any(same_org(m, k) for k in known) for m in named)


def _unlike_name(draft: Draft) -> bool:
    return (
        bool(draft.name) and not names.looks_like_person(str(draft.name)) and " " in str(draft.name)
    )


def _unknown_words(draft: Draft) -> bool:
    """Outside labelled answers, a title or organization with no word we know is doubtful."""
    if draft.source.startswith(_TRUSTED):
        return False
    title_unknown = bool(draft.title) and names.title_score(str(draft.title)) == 0
    org_unknown = bool(draft.organization) and names.org_score(str(draft.organization)) == 0
    return title_unknown or org_unknown


def _odd_fields(draft: Draft) -> bool:
    title, org = draft.title or "", draft.organization or ""
    swapped_org = bool(org) and names.org_score(org) == 0 and names.title_score(org) > 0
    swapped_title = bool(title) and names.title_score(title) == 0 and names.org_score(title) >= 2
    return swapped_org or swapped_title


def _person_in_field(draft: Draft) -> bool:
    """A title that reads as a person's name, or one that repeats the signer's name.

    Only in a script with capitals: in others any short phrase reads as a name.
    """
    title = draft.title or ""
    cased = title[:1].isupper()
    if cased and names.looks_like_person(title) and not names.title_score(title):
        return True
    return any(draft.name and v and same_person(v, draft.name) for v in (title, draft.organization))


def _unread_labels(finding: Finding, reading: Reading) -> bool:
    """Beside the labelled lines we read, a "Label: value" line whose label we do not know."""
    if not finding.source.startswith(("labelled block", "table")):
        return False
    return labels.unread_labels(reading.own_lines) > 0


def _unread_items(finding: Finding, reading: Reading) -> bool:
    """More list items under a request than signers read from them (a correction's items
    are its changes, not signers)."""
    if finding.source == "quoted confirmation record":
        return False
    lines = reading.own_lines
    items = [x for x in lines if _LIST_ITEM.match(x) and not signature.is_contact(x)]
    if len(items) < 2:
        return False
    return len(items) > len(finding.signers)


def _org_unsigned(finding: Finding, reading: Reading) -> bool:
    """The prose says the organization signs, yet every record signs as an individual."""
    cues = sender.cues(reading)
    if not cues.org_signs or cues.individual_only:
        return False
    return all(d.capacity is Capacity.INDIVIDUAL for d in finding.signers)


def _mixed_capacity(finding: Finding, reading: Reading) -> bool:
    """ "Both" inferred from prose that names the organization and the person, not said."""
    if finding.source.startswith(_TRUSTED):
        return False
    cues = sender.cues(reading)
    inferred = cues.org_signs and cues.personal and not cues.both and not cues.org_only
    return inferred and any(d.capacity is Capacity.BOTH for d in finding.signers)


def _extra_name_words(finding: Finding, reading: Reading) -> bool:
    """The sender's name has leading words the From header lacks ("Father John Smith")."""
    display = names.from_display(reading.sender_name)
    if not display:
        return False
    shown = display.lower().split()
    for draft in finding.signers:
        if not draft.name or not same_person(draft.name, display):
            continue
        words = draft.name.lower().split()
        extra_first = words[0] not in shown and shown[0] in words[1:]
        if len(words) > len(shown) and extra_first and words[-1] == shown[-1]:
            return True
    return False


def _blocks_disagree(finding: Finding, reading: Reading) -> bool:
    """The sender's own signature block gives the same person another organization."""
    if len(finding.signers) != 1 or not finding.source.startswith(("labelled block", "table")):
        return False
    ident = sender.identity(reading)
    draft = finding.signers[0]
    if (
        ident is None
        or ident.source != "signature block"
        or not same_person(ident.name, draft.name)
    ):
        return False
    if not ident.organization or not draft.organization or not names.org_score(ident.organization):
        return False
    return not same_org(ident.organization, draft.organization)


def _unread_request(finding: Finding, reading: Reading) -> bool:
    """The signer came from the From header, yet a request introduces details with a colon."""
    if finding.source != "name only from From header":
        return False
    for sentence in sender.requests(reading):
        _, colon, rest = sentence.partition(":")
        if colon and len(rest.split()) >= 2:
            return True
    return False


def _unchanged(finding: Finding, reading: Reading) -> bool:
    """The corrected record reads exactly as the quoted one: the change was not found."""
    if reading.record is None:
        return False
    old = from_group(reading.record, "record").final()
    new = finding.signers[0].final()
    return old == new
