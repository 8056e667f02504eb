"""Who the sender is: their signature block, else their From display name.

The From display name counts only when the body gives no full name; a
shared mailbox ("Grace Church Office") is never a person.
"""

from __future__ import annotations

import re

from intake.extract import capacity, intent, names, people, prose, signature
from intake.extract.draft import Draft, from_block, same_person
from intake.extract.gates import AnyOf, Gate
from intake.extract.zones import Reading

_FIRST_PERSON = re.compile(r"\b(?:I|me|my|myself|mine|I['’](?:d|m|ll|ve))\b")
_SELF_STRONG = re.compile(
    r"\b(?:add|sign|include|list|count|put)\s+(?:me|myself)\b|\bmy (?:own )?name\b|"
    r"\b(?:I|we)\s+(?:would|['’]d|also|too|want|wish|will|hereby)?\s*(?:very much\s+)?"
    r"(?:like|love|want|wish)?\s*(?:to\s+)?(?:sign|join)\b|\bas myself\b|\bme and\b|"
    r"\b(?:I\s+am|I['’]m|we\s+are|we['’]re)\s+(?:hereby\s+|also\s+)?signing\b",
    re.IGNORECASE,
)
_THIRD_PERSON = re.compile(
    r"\b(?:he|him|his|she|her|they|them|their)\b|['’]s\s+(?:note|reply|e-?mail|message|request|"
    r"behalf|answer|response|details)\b|\basked me to\b|\bon behalf of\s+(?:(?:Dr|Rev|Revd|"
    r"Bishop|Pastor|Rabbi|Imam|Fr|Sr|Mr|Mrs|Ms|Prof|Father|Sister)\.?\s|his\b|her\b|(?:my|our)\s+(?:boss|"
    r"director|pastor|bishop|colleague|supervisor|principal|rabbi|imam|president|chair|priest|"
    r"rector|minister|leader|executive director))"
    r"|\b(?:por encargo de|de parte de|a pedido d[eoa]|à la demande de|im auftrag von)\b",
    re.IGNORECASE,
)
_PLURAL = re.compile(r"\b(?:we|us|our|ours)\b", re.IGNORECASE)
_SELF_STRONG_GATE = Gate(_SELF_STRONG)
# Only whether it matches is asked: alternative by alternative, each behind its gate.
_THIRD_PERSON_ANY = AnyOf(_THIRD_PERSON)


def blocks(reading: Reading) -> list[signature.Block]:
    """The signature blocks in the sender's own text (read once per message)."""
    return reading.memo.get("blocks", lambda: signature.blocks(reading.own_lines))


def acts(reading: Reading) -> intent.Acts:
    """What the sender's own sentences do (read once per message)."""
    return reading.memo.get("acts", lambda: intent.read(reading.own))


def cues(reading: Reading) -> capacity.Cues:
    """Capacity cues in the sender's own text (read once per message)."""
    return reading.memo.get("cues", lambda: capacity.cues(reading.own))


def requests(reading: Reading) -> list[str]:
    """The sender's sentences that ask to sign now."""
    return list(acts(reading).request_sentences)


def identity(reading: Reading) -> Draft | None:
    """The sender as a signer: best signature block, else the From display name."""
    return reading.memo.get("identity", lambda: _identity(reading))


def _identity(reading: Reading) -> Draft | None:
    block = best_block(reading)
    if block is not None:
        draft = from_block(block)
    else:
        name = names.from_display(reading.sender_name)
        if name is None or _group_closing(reading.own_lines):
            return None
        draft = Draft(name=name, source="name only from From header", sender=True)
    role = prose.self_role(reading.own)
    if role and not (draft.title and draft.organization):
        draft = draft.fill(Draft(title=role[0], organization=role[1]))
    return draft


_GROUP = re.compile(
    r"^\s*(?:the\s+)?(?:[\w'’-]+\s+){0,6}(?:committee|board|team|staff|office|members|council|"
    r"leadership|elders|trustees|directors|secretariat|volunteers)\b",
    re.IGNORECASE,
)


def _group_closing(lines: list[str]) -> bool:
    """The message closes with a group ("The Board of Directors"), not a person."""
    last = next((x.strip() for x in reversed(lines) if x.strip()), "")
    first_after = _after_sign_off(lines)
    return any(bool(_GROUP.match(x)) and x.lower().startswith("the ") for x in (last, first_after))


def _after_sign_off(lines: list[str]) -> str:
    for index, line in enumerate(lines[:-1]):
        if signature.is_sign_off(line):
            return next((x.strip() for x in lines[index + 1 :] if x.strip()), "")
    return ""


def best_block(reading: Reading) -> signature.Block | None:
    """The block that most likely signs the sender's own text."""
    found = blocks(reading)
    if not found:
        return None
    display = names.from_display(reading.sender_name)

    def rank(block: signature.Block) -> tuple[int, int, int]:
        matches = int(same_person(block.name, display))
        full = int(block.filled >= 2)
        return (full, matches, block.index)

    best = max(found, key=rank)
    if best.filled == 1 and _is_short_form(best.name, display):
        return None
    return best


def _is_short_form(name: str | None, display: str | None) -> bool:
    """ "F. Dupré", "D. Karimi" or a bare first name ("María José") when the From header
    gives the full name ("Hernández, María José")."""
    if not name:
        return True
    if not display:
        return False
    first = name.split()[0]
    if len(first.rstrip(".")) == 1:
        return True
    short, full = name.lower().split(), display.lower().split()
    return len(short) < len(full) and all(w in full for w in short)


def voice(sentences: list[str]) -> str:
    """Whose signature the request sentences ask for: "self", "others" or "plural"."""
    text = " ".join(sentences)
    if _SELF_STRONG_GATE.search(text):
        return "self"
    if any(people.named_subject(s) for s in sentences):
        return "others"
    if _THIRD_PERSON_ANY.search(text):
        return "others"
    if _FIRST_PERSON.search(text):
        return "self"
    if _PLURAL.search(text):
        return "plural"
    return "self"
