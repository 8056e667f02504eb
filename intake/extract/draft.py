"""A signer being put together from several readings, and its final form."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from intake.extract import names, vocab
from intake.extract.capacity import from_value
from intake.extract.entries import Entry
from intake.extract.gates import Gate
from intake.extract.labels import Group
from intake.extract.model import Capacity, Signer
from intake.extract.notes import NONE_VALUE, without_notes
from intake.extract.signature import Block
from intake.extract.text import (
    KEPT_BELOW,
    before_unopened,
    first_sentence,
    fold,
    trim,
    unaccented,
)

_NOT_LISTED = re.compile(
    r"\b(?:do not|don['’]t|please don['’]t|no need to) (?:list|include|use)\b", re.I
)


@dataclass(frozen=True)
class Draft:
    """One signer's fields as read so far, and where they were read."""

    name: str | None = None
    title: str | None = None
    organization: str | None = None
    capacity: Capacity | None = None
    role: str | None = None
    source: str = ""
    position: int = 0
    sender: bool = False
    org_from_sender: bool = False

    @property
    def filled(self) -> int:
        return sum(x is not None for x in (self.name, self.title, self.organization))

    def fill(self, other: Draft) -> Draft:
        """Missing fields taken from ``other`` (which reads the same signer)."""
        return replace(
            self,
            name=self.name or other.name,
            title=self.title or other.title,
            organization=self.organization or other.organization,
            capacity=self.capacity or other.capacity,
            role=self.role or other.role,
        )

    def final(self, default: Capacity = Capacity.INDIVIDUAL) -> Signer:
        """The printed signer: a role honorific is the title when none is given."""
        title = self.title or (self.role if self.name else None)
        capacity = self.capacity or default
        if self.name is None:
            capacity = Capacity.ORGANIZATION
        return Signer(
            name=self.name,
            title=printed(title),
            organization=printed(self.organization, organization=True),
            capacity=capacity,
        )


def printed(value: str | None, organization: bool = False) -> str | None:
    """A title or organization as the policy prints it: ended where it runs on into the
    next sentence or past the parenthesis it stood in, no notes, "none" is no value,
    all capitals in normal case (both readers print through this). An ``organization``
    that is one word in capitals is its acronym ("GIPI") and stays."""
    if value is None:
        return None
    # Kept when short (a pure function of its arguments): both readers print each value,
    # the revision prints every span it weighs twice, and titles recur from message to
    # message.
    if len(value) < KEPT_BELOW:
        return _printed_kept(value, organization)
    return _printed(value, organization)


def _printed(value: str, organization: bool) -> str | None:
    text = trim(without_notes(before_unopened(first_sentence(value))))
    while text.endswith("?"):  # "Senior Pastor?": the end of a question, not the title's
        text = trim(text[:-1])
    if not text or NONE_VALUE.match(text):
        return None
    if organization and len(text.split()) == 1:
        return text
    return names.normal_case(text)


_printed_kept = lru_cache(maxsize=4096)(_printed)


def field_value(value: str | None) -> str | None:
    """A label value as a field: "none", "N/A" and "please don't list" are no value."""
    if value is None:
        return None
    text = fold(value)
    if not text or NONE_VALUE.match(trim(text)) or _NOT_LISTED.search(text):
        return None
    return trim(
        re.sub(r"\s*\((?:[^()]*\b(?:for identification|id only|optional)\b[^()]*)\)", "", text)
    )


def from_group(group: Group, source: str, position: int = 0) -> Draft:
    """A draft from labelled values (a block, a table row or inline answers)."""
    raw_name = field_value(group.get("name"))
    cleaned = names.clean_name(raw_name) if raw_name else None
    capacity = from_value(group.get("capacity") or "")
    return Draft(
        name=cleaned.name if cleaned else None,
        title=field_value(group.get("title")),
        organization=field_value(group.get("organization")),
        capacity=capacity,
        role=cleaned.role if cleaned else None,
        source=source,
        position=position,
    )


def from_entry(entry: Entry, source: str, position: int = 0) -> Draft:
    """A draft from a one-line entry."""
    return Draft(
        name=entry.name,
        title=entry.title,
        organization=entry.organization,
        capacity=entry.capacity,
        role=entry.role,
        source=source,
        position=position,
    )


def from_block(block: Block, source: str = "signature block") -> Draft:
    """A draft from a signature block."""
    return Draft(
        name=block.name,
        title=block.title,
        organization=block.organization,
        role=block.role,
        source=source,
        position=block.index,
        sender=True,
    )


_DITTO = re.compile(r"^\(?" + vocab.SAME_AS + r"\)?\.?$", re.IGNORECASE)
_DONT_LIST = re.compile(
    r"\b(?:do not|don['’]?t|no need to|not to|rather you didn['’]t|prefer not to|without)\s+"
    r"(?:list|include|use|mention|print|show|add|name)(?:ing)?\s+(?P<what>[^.;:!?()]{1,80})"
    r"|\b(?:leave|leaving|keep|keeping)\s+(?P<what2>[^.;:!?()]{1,60}?)\s+(?:off|out)\b"
    r"|\b(?:leave|leaving|keep|keeping)\s+(?:off|out)\s+(?P<what3>[^.;:!?()]{1,60})"
    r"|\b(?:omit|omitting|drop|dropping|exclude|excluding)\s+(?P<what4>[^.;:!?()]{1,60})"
    r"|\b(?:remove|removing|delete|deleting)\s+(?P<what5>(?:my|the|our|his|her)\s+(?:title|"
    r"position|role|job title|organi[sz]ation|affiliation|employer|church|institution)\b)",
    re.IGNORECASE,
)
# The rest of a sentence after what it asks to leave out: "..., but the affiliation may ...".
_WHAT_END = re.compile(
    r",|\s[-–—]+\s|\bbut\b|\bso\b|\bbecause\b|\bsince\b|\bas (?:a|an|the)\b", re.I
)
# "do not list it as a signatory": the organization does not sign; its name may still print.
_AS_SIGNER = re.compile(
    r"^\s*(?:it|us|them|the \w+(?: \w+){0,3}|our \w+(?: \w+){0,3})\s+as\s+(?:an?\s+)?"
    r"(?:signatory|signer|organi[sz]ation(?:al)?|separate)",
    re.I,
)
_NAME_ONLY = re.compile(r"\b(?:just|only) (?:my|his|her) name\b|\bname only\b", re.IGNORECASE)
_TITLE_WORDS = re.compile(r"\b(?:title|titles|position|role|job)\b", re.IGNORECASE)
_ORG_REF = re.compile(
    r"\b(?:organi[sz]ation|affiliation|employer|institution|org|company|church|congregation|"
    r"university|college|ministry|hospital|school|agency|workplace|parish|mosque|synagogue|"
    r"temple|seminary)\b|(?-i:\bthe [A-Z]\w+)|\b(?:the|my|our)\s+\w+['’]s\s+name\b",
    re.IGNORECASE,
)


def ditto(draft: Draft, previous: Draft) -> Draft:
    """A "(same)" / "ditto" field copied from the signer before."""
    return replace(
        draft,
        title=previous.title if _is_ditto(draft.title) else draft.title,
        organization=previous.organization if _is_ditto(draft.organization) else draft.organization,
    )


def _is_ditto(value: str | None) -> bool:
    return value is not None and bool(_DITTO.match(value.strip()))


def not_listed(text: str) -> set[str]:
    """Fields the sender asks us not to print: ``{"title", "organization"}`` or fewer."""
    return set(_not_listed(text))


@lru_cache(maxsize=256)
def _not_listed(text: str) -> frozenset[str]:
    # Asked of the sender's text up to four times a message (signers, orgs, doubts).
    out: set[str] = set()
    if _NAME_ONLY_GATE.search(text):
        out |= {"title", "organization"}
    if not _DONT_LIST_GATE.may_match(text):
        return frozenset(out)
    for match in _DONT_LIST.finditer(text):
        what = next(g for g in match.groups() if g)
        if _AS_SIGNER.match(what):
            continue
        what = _WHAT_END.split(what, maxsplit=1)[0]
        if _TITLE_WORDS.search(what):
            out.add("title")
        if _ORG_REF.search(what) or names.org_score(what) >= 2:
            out.add("organization")
    return frozenset(out)


# Exact gates before the two patterns (:mod:`intake.extract.gates`).
_NAME_ONLY_GATE = Gate(_NAME_ONLY)
_DONT_LIST_GATE = Gate(_DONT_LIST)
_LISTED_AS = re.compile(
    r"\b(?:list|use|put|print|record|show|give|have|spell|write)\s+(?:my|our|his|her)\s+"
    r"(?P<field>title|position|role|job title|organi[sz]ation|affiliation)\s+as\s*:?\s*"
    r"(?P<value>[\"“'‘]?[^\W\d_][^.;!?\n]{1,100}?)"
    r"(?=\s*,?\s+(?:but|and|please|so|if|though|although)\b|\s+[-–—]+\s|[.;!?]\s|[.;!?]?\s*$|,\s)",
    re.IGNORECASE,
)
_FIELD_OF_WORD = {"title": "title", "position": "title", "role": "title", "job title": "title"}
_MY_FIELD_IS = re.compile(
    r"\bmy\s+(?P<field>title|position|role|job title|organi[sz]ation|affiliation|employer)\s+is\s+"
    r"(?:the\s+)?(?P<value>[^\W\d_][^.;!?\n]{1,100}?)"
    r"(?=\s*,?\s+(?:but|and|please|so|if|where|which|though)\b|\s+[-–—]+\s|[.;!?]\s|[.;!?]?\s*$|,\s)",
    re.IGNORECASE,
)


_BOTH_FIELDS = re.compile(
    r"\b(?:my\s+)?(?:title|position|role)\s*(?:and|&|/|\+)\s*(?:my\s+)?(?:org|organi[sz]ation|"
    r"affiliation|church|employer)\b[^:.!?\n]{0,50}:\s*(?P<value>[^\n]{3,120}?)\s*(?:[.;!]\s|[.;!]?$)",
    re.IGNORECASE,
)


def listed_as(text: str) -> dict[str, str]:
    """Fields the sender words themselves: "list my title as Hospital Chaplain"."""
    out: dict[str, str] = {}
    for match in _BOTH_FIELDS_GATE.finditer(text):
        parts = [trim(p) for p in match.group("value").split(",") if trim(p)]
        if len(parts) >= 2 and parts[0][:1].isupper():
            out.setdefault("title", ", ".join(parts[:-1]))
            out.setdefault("organization", parts[-1])
    for match in [*_LISTED_AS_GATE.finditer(text), *_MY_FIELD_IS_GATE.finditer(text)]:
        value = trim(match.group("value"))
        if not value or not (value[0].isupper() or value[0].lower() == value[0].upper()):
            continue
        field = _FIELD_OF_WORD.get(match.group("field").lower(), "organization")
        out.setdefault(field, value)
    return out


# Exact gates (:mod:`intake.extract.gates`): most messages name no field to word.
_BOTH_FIELDS_GATE = Gate(_BOTH_FIELDS)
_LISTED_AS_GATE = Gate(_LISTED_AS)
_MY_FIELD_IS_GATE = Gate(_MY_FIELD_IS)


def same_person(a: str | None, b: str | None) -> bool:
    """True when two names read as the same person (case and honorifics aside)."""
    if not a or not b:
        return False
    ka, kb = _key(a), _key(b)
    if not ka or not kb:
        return False
    return (
        ka == kb
        or (ka.split()[-1:] == kb.split()[-1:] and _same_given(ka.split()[0], kb.split()[0]))
        or _abbreviated(ka, kb)
        or _abbreviated(kb, ka)
    )


def _same_given(a: str, b: str) -> bool:
    """Two first words that can be one person's: the same, an initial of the other, or
    a short form at its start ("Chris", "Christopher"); "Andrei" and "Anna" are two
    people who share a surname and an initial."""
    a, b = a.rstrip("."), b.rstrip(".")
    if not a or not b or a[0] != b[0]:
        return False
    short, full = sorted((a, b), key=len)
    return len(short) == 1 or full.startswith(short)


def same_signer(a: Signer, b: Signer) -> bool:
    """True when two signers read as the same one: the same person, or, neither named,
    the same organization."""
    if a.name and b.name:
        return same_person(a.name, b.name)
    if a.name or b.name:
        return False
    return same_org(a.organization, b.organization)


def _abbreviated(short: str, full: str) -> bool:
    """ "naomi f-l" or "naomi f." for "naomi fairweather-lutz": same first name, initials."""
    s, f = short.split(), full.split()
    if len(s) != 2 or len(f) < 2 or s[0] != f[0]:
        return False
    letters = _NOT_WORD.sub("", s[1])
    initials = "".join(p[:1] for p in _HYPHEN_OR_SPACE.split(" ".join(f[1:])) if p)
    return 0 < len(letters) <= 3 and letters == initials[: len(letters)]


@lru_cache(maxsize=4096)
def _key(name: str) -> str:
    plain = unaccented(names.strip_honorifics(name.replace("’", "'"))[0])
    return " ".join(t.lower().strip(".,") for t in plain.split() if not names.is_suffix(t))


def same_org(a: str | None, b: str | None) -> bool:
    """True when two organization names read as the same one ("the Coalition" in the full name)."""
    if not a or not b:
        return False
    ka, kb = _org_key(a), _org_key(b)
    return bool(ka and kb) and (ka == kb or ka in kb or kb in ka)


def _org_key(org: str) -> str:
    text = _ORG_ARTICLE.sub("", fold(org).lower())
    return _NOT_WORD_OR_SPACE.sub("", text).strip()


_NOT_WORD = re.compile(r"[^\w]")
_HYPHEN_OR_SPACE = re.compile(r"[-\s]")
_ORG_ARTICLE = re.compile(r"^(?:the|our|my)\s+")
_NOT_WORD_OR_SPACE = re.compile(r"[^\w ]")
