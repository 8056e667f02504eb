"""One-line sign-on entries: "Rev. Jane Doe, Senior Pastor, First Church (individual)".

An entry is a comma-separated run that starts with a person's name (or an
organization's) and goes on with a title and an organization. It is found
after a request ("please add:", "list him as", "Use:"), in quotes, in list
items, or standing alone on a line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from intake.extract import names, vocab
from intake.extract.capacity import from_value
from intake.extract.model import Capacity
from intake.extract.notes import CAPACITY_NOTE, CAPACITY_PART
from intake.extract.text import fold, is_lower, trim

_DASHES = re.compile(r"\s+[-–—|]\s+")
_SLASHES = re.compile(r"\s+/\s+")
_NAME_DASH = re.compile(r"\s+[-–—]\s+")
_NOTE = re.compile(r"\(([^()]*)\)")
_NO_ORG = re.compile(
    r"\b(?:no|without|none|n/?a|not affiliated|unaffiliated|independent of any)\b.*"
    r"(?:affiliation|organi[sz]ation)?|^\s*(?:none|n/?a|-)\s*$",
    re.IGNORECASE,
)
_ORG_SUFFIX = re.compile(
    r"^(?:inc\.?|incorporated|ltd\.?|llc|l\.l\.c\.|plc|e\.v\.|usa|u\.s\.a\.|uk|u\.k\.|"
    r"\(.*\))$",
    re.IGNORECASE,
)
_STOP_SENTENCE = (
    r"\.\s+(?:Thanks?|Thank you|Many thanks|Blessings|Best|Regards|Please|I |We |He |She |My |"
    r"Our |Also)\b.*$"
)
_STOP = re.compile(r"\s(?:--|—|–)\s.*$|\s+-\s+(?=[a-z]).*$|" + _STOP_SENTENCE)
# When a dash follows the name ("Name – Title, Org – individual"), dashes separate fields.
_STOP_DASHED = re.compile(_STOP_SENTENCE)
_OF_AT = re.compile(
    r"^(?P<title>.+?)\s+(?:of|at|with|for|,)\s+(?:the\s+)?(?P<org>[A-Z0-9\u0080-\uffff].*)$"
)
_LOWER_START = re.compile(r"^[a-z]")
DITTO = re.compile(
    r"^[\"'“]?\(?(?:" + vocab.SAME_AS + r"|\"|”)\)?[\"'”]?\.?$",
    re.IGNORECASE,
)
SAME = "(same)"
SAME_ORG = "(same organization)"  # a ditto that names what it repeats ("(same church)")
# A part that starts the next person's entry ("Dr. Ben Li (Professor ...)").
_NEXT_PERSON = re.compile(
    r"^(?:and\s+)?(?:Dr|Rev|Revd|Prof|Mr|Mrs|Ms|Fr|Sr|Br|Rabbi|Imam|Pastor|Bishop)\.?\s+[A-Z]"
)


@dataclass(frozen=True)
class Entry:
    """Fields read from one entry; ``capacity`` only when the entry itself says."""

    name: str | None
    title: str | None
    organization: str | None
    capacity: Capacity | None = None
    role: str | None = None
    no_org: bool = False

    @property
    def filled(self) -> int:
        return sum(x is not None for x in (self.name, self.title, self.organization))


def split_parts(text: str) -> list[str]:
    """Comma-separated parts, commas inside parentheses kept."""
    parts: list[str] = []
    depth = 0
    current = ""
    for char in text:
        depth += (char == "(") - (char == ")")
        if char == "," and depth <= 0:
            parts.append(current)
            current = ""
            continue
        current += char
    parts.append(current)
    if len(parts) == 1 and len(_DASHES.findall(text)) >= 2:
        parts = _DASHES.split(text)
    elif len(parts) == 1 and len(_SLASHES.findall(text)) >= 2:
        parts = _SLASHES.split(text)
    elif _dashed_name(parts[0]):
        # "Name – Trustee, Leeds Welfare Trust – individual": dashes separate fields too
        parts = [piece for part in parts for piece in _DASHES.split(part)]
    return [fold(p) for p in parts if fold(p)]


def _dashed_name(head: str) -> bool:
    """A person's name, then a dash ("Jane Doe – Trustee"): the dash separates fields."""
    pieces = _NAME_DASH.split(head, maxsplit=1)
    return len(pieces) == 2 and names.looks_like_person(pieces[0])


def _notes(parts: list[str]) -> tuple[list[str], Capacity | None, bool]:
    """Take capacity and "(no affiliation)" notes out of the parts."""
    capacity: Capacity | None = None
    no_org = False
    kept: list[str] = []
    for part in parts:
        if DITTO.match(part):
            kept.append(SAME_ORG if names.org_score(part) or "organi" in part.lower() else SAME)
            continue
        for note in _NOTE.findall(part):
            found = from_value(note) if CAPACITY_NOTE.search(note) else None
            if found or _NO_ORG.search(note):
                capacity = capacity or found
                no_org = no_org or (bool(_NO_ORG.search(note)) and not found)
                part = part.replace(f"({note})", " ")
        part = trim(part)
        if CAPACITY_PART.match(part) and len(part.split()) <= 6:
            capacity = capacity or from_value(part)
            continue
        if part:
            kept.append(part)
    return kept, capacity, no_org


@lru_cache(maxsize=4096)
def parse(text: str, need_person: bool = True) -> Entry | None:
    """Read one entry, or None when ``text`` does not start with a name."""
    text = _unbracket(fold(text))
    if names.is_place(text):
        return None
    head = _first_part(text)
    if need_person and not _may_be_name(head):
        return _person_of_org(_STOP.sub("", head), None)
    text = (_STOP_DASHED if _dashed_name(text.split(",", 1)[0]) else _STOP).sub("", text)
    parts, capacity, no_org = _notes(split_parts(text))
    parts = _until_clause(parts, typed_lower=is_lower(text))
    if not parts:
        return None
    head, rest = parts[0], _after_letters(parts[1:])
    cleaned = names.clean_name(head) if names.looks_like_person(head) else None
    if cleaned is None and not rest and _person_of_org(head, capacity):
        return _person_of_org(head, capacity)
    if cleaned is None:
        return _org_entry(head, rest, capacity) if not need_person else None
    title, org = assign(rest)
    return Entry(cleaned.name, title, None if no_org else org, capacity, cleaned.role, no_org)


def _after_letters(parts: list[str]) -> list[str]:
    """The parts after a name without its post-nominal letters ("M.Div., BCC")."""
    rest = parts[names.postnominal_run(parts) :]
    return [p for p in rest if not names.is_postnominal(p, library=True)]


_BRACKETED = re.compile(r"^(?P<name>[^(),]{3,60}?)\s*\((?P<inner>[^()]{3,160})\)")


def _unbracket(text: str) -> str:
    """ "Rev. Maria Gonzalez (College Chaplain, Westbrook College) has ..." as a plain entry."""
    match = _BRACKETED.match(text)
    inner = match.group("inner") if match else ""
    if not match or CAPACITY_NOTE.search(inner) or DITTO.match(inner):
        return text
    inner = match.group("inner")
    if "," not in inner and not names.title_score(inner):
        return text
    if not names.looks_like_person(match.group("name")):
        return text
    rest = text[match.end() :].strip().lstrip(",").strip()
    return f"{match.group('name')}, {inner}, {rest}" if rest else f"{match.group('name')}, {inner}"


def _first_part(text: str) -> str:
    """The text up to the first separator that ends a name (a comma, or " - " in a dashed entry)."""
    head = text.split(",", 1)[0]
    if head == text and len(_DASHES.findall(text)) >= 2:
        return _DASHES.split(text, maxsplit=1)[0]
    if _dashed_name(head):
        return _DASHES.split(head, maxsplit=1)[0]
    if head == text and len(_SLASHES.findall(text)) >= 2:
        return _SLASHES.split(text, maxsplit=1)[0]
    return head


def _may_be_name(head: str) -> bool:
    """Cheap test before the full parse: the text up to the first comma can be a name."""
    if head.count(" ") > 12:
        return False
    head = _STOP.sub("", fold(head))
    return len(head) <= 80 and names.looks_like_person(_NOTE.sub("", head))


# Words that open a clause, not a field, in text typed all in lower case.
_CLAUSE_WORDS = vocab.words(
    """please thanks thank i i'm i’m we we're my our and but so it this that if as he she they
    you he's she's signing sign add list also just"""
)


_ARTICLE_ROLE = re.compile(
    r"^(?:a|an|the)\s+(?=(?:[\w'’-]+\s+){0,3}?(?:" + "|".join(sorted(vocab.TITLE_WORDS)) + r")\b)",
    re.IGNORECASE,
)


def _until_clause(parts: list[str], typed_lower: bool = False) -> list[str]:
    """Parts up to the first one that is a clause, not a field ("please add ...").

    In text typed all in lower case a field starts in lower case too; there a
    clause is told by its first word.
    """
    kept: list[str] = []
    for part in parts:
        if part in (SAME, SAME_ORG):
            kept.append(part)
            continue
        if kept and _NEXT_PERSON.match(part):
            break
        first = part.split(" ")[0]
        if kept and _ARTICLE_ROLE.match(part):
            kept.append(_ARTICLE_ROLE.sub("", part))  # "a member of Trinity Church"
            continue
        if typed_lower:
            plain = not names.title_score(part) and not names.org_score(part)
            if first.lower() in _CLAUSE_WORDS or (kept and plain):
                break
        elif _LOWER_START.match(part) and first not in vocab.PARTICLES:
            break
        kept.append(part)
    return kept


_PERSON_OF = re.compile(
    r"^(?P<name>.{3,60}?)\s+(?:of|from|at)\s+(?:the\s+)?(?P<org>[A-Z].{2,90}?)"
    r"(?:\s+(?:to|on|in|for)\s+(?:the|this|your|our)\s+(?:open\s+)?(?:letter|list)\b.*)?\.?$"
)


def _person_of_org(head: str, capacity: Capacity | None) -> Entry | None:
    """ "Pastor Dwayne Carter of Mount Zion Baptist Church (to the letter)"."""
    match = _PERSON_OF.match(head) if len(head) < 160 else None
    if not match or not names.looks_like_person(match.group("name")):
        return None
    org = trim(match.group("org"))
    cleaned = names.clean_name(match.group("name"))
    if cleaned is None or names.org_score(org) == 0:
        return None
    return Entry(cleaned.name, None, org, capacity, cleaned.role)


_CLAUSE_START = re.compile(r"^(?:I|I['’]m|I['’]ve|we|we['’]re|my|our|it|this|they|he|she)\b", re.I)
_MAX_ORG_WORDS = 12


def _org_entry(
    head: str, rest: list[str], capacity: Capacity | None, named: bool = False
) -> Entry | None:
    """An organization alone; with ``named`` (the text says the items are organizations),
    no organization word is needed."""
    if rest or (names.org_score(head) == 0 and not named):
        return None
    clause = _CLAUSE_START.match(head) or re.search(r"[.!?]\s+[A-Z]", head)
    if clause or len(head.split()) > _MAX_ORG_WORDS:
        return None
    return Entry(None, None, trim(head), capacity or Capacity.ORGANIZATION)


def organization(text: str) -> Entry | None:
    """An item the text says is an organization ("Members, all as organisations: 1. X")."""
    parts, capacity, _ = _notes(split_parts(fold(text)))
    return _org_entry(parts[0], [], capacity, named=True) if len(parts) == 1 else None


# "Portland OR", "Austin, TX", "Lagos, Nigeria" at the end of an entry: where, not who.
_CITY_CODE = re.compile(r"^(?:[A-Z][\w'’.-]+ ){1,3}[A-Z]{2}\.?$")
_STATE_CODE = re.compile(r"^[A-Z]{2}\.?$")


def _without_place(parts: list[str]) -> list[str]:
    """The parts without a trailing place ("..., Portland OR" or "..., Austin, TX")."""
    if len(parts) < 2:
        return parts
    town = parts[-2] if len(parts) >= 3 else ""
    short_town = bool(town) and len(town.split()) <= 3 and town[:1].isupper()
    if _STATE_CODE.match(parts[-1]) and short_town and not names.org_score(town):
        return parts[:-2]
    if len(parts) >= 2 and _CITY_CODE.match(parts[-1]) and not names.org_score(parts[-1]):
        return parts[:-1]
    if len(parts) >= 4 and names.is_place(", ".join(parts[-2:])):
        return parts[:-2]
    if len(parts) >= 2 and _bare_place(parts[-1]) and any(names.org_score(p) for p in parts[:-1]):
        return parts[:-1]  # "..., Iglesia Bautista Central, Santiago"
    return parts


def _bare_place(part: str) -> bool:
    """A short capitalized part that reads as neither a title nor an organization (a city)."""
    words = part.split()
    return (
        1 <= len(words) <= 2
        and all(w[:1].isupper() for w in words)
        and not names.org_score(part)
        and not names.title_score(part)
        and not names.looks_like_person(part)
        and not part.isupper()
    )


def assign(parts: list[str]) -> tuple[str | None, str | None]:
    """Split the parts after a name into (title, organization)."""
    parts = _without_place(_join_suffixes(parts))
    if not parts:
        return None, None
    if len(parts) == 1:
        return _single(parts[0])
    org_index = _org_index(parts)
    title = ", ".join(parts[:org_index]) or None
    org = SAME if parts[org_index] == SAME_ORG else parts[org_index]
    return (SAME if title == SAME_ORG else title), org


def _join_suffixes(parts: list[str]) -> list[str]:
    joined: list[str] = []
    for part in parts:
        dittos = (SAME, SAME_ORG)
        if joined and part not in dittos and joined[-1] not in dittos and _ORG_SUFFIX.match(part):
            joined[-1] = f"{joined[-1]}, {part}"
        else:
            joined.append(part)
    return joined


def _org_index(parts: list[str]) -> int:
    """Index of the organization: the last part that reads as one (at least the second)."""
    if parts[-1] in (SAME, SAME_ORG):
        return len(parts) - 1
    scored = [i for i in range(1, len(parts)) if names.org_score(parts[i]) > 0]
    if scored and names.org_score(parts[scored[-1]]) >= names.title_score(parts[scored[-1]]):
        return scored[-1]
    return len(parts) - 1


def _single(part: str) -> tuple[str | None, str | None]:
    """One part after the name: a title, an organization, or "Title of the Org"."""
    if part == SAME_ORG:
        return None, SAME
    split = split_title_org(part)
    if split:
        return split
    if names.org_score(part) > names.title_score(part):
        return None, part
    return part, None


def split_title_org(text: str) -> tuple[str, str] | None:
    """ "Director of the Middle East Forum" -> ("Director", "Middle East Forum")."""
    for match in re.finditer(r"\s+(?:of|at)\s+(?:the\s+)?", text):
        title, org = text[: match.start()], text[match.end() :]
        capital = org[:1].isupper() or is_lower(text)
        ok = names.title_score(title) and names.org_score(org) and capital
        if ok and names.org_score(title) == 0:
            return trim(title), trim(org)
    return None
