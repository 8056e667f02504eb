"""Signature blocks: a name line, then title and organization lines.

"Dr. Anne Kowalski / Professor of Religious Studies / Lakeshore University"
after a sign-off, an Outlook block with "Name | Title", phones, addresses and
a disclaimer, or a stacked block in the middle of the text. Phone, address,
web and mail lines are never fields.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from intake.extract import entries, names, notes, vocab
from intake.extract.gates import AnyOf, Gate
from intake.extract.text import fold, trim

_PHONE = re.compile(
    r"(?:\+?\d[\d\s().-]{6,}\d)|^\s*(?:t|m|p|f|tel|phone|cell|mobile|fax)\b\.?\s*[:+(\d]", re.I
)
_CONTACT = re.compile(r"@|www\.|https?://|\.(?:org|com|net)\b", re.I)
_ADDRESS = re.compile(
    r"^\s*\d+\s+\w+|\b(?:suite|ste\.|p\.?\s?o\.? box|floor)\s*\d|\b[A-Z]{2}\s+\d{5}\b"
    # postcodes: UK ("SL1 3XX", "WX4 7QT"), Canada ("H2X 1Y4"), "10115 Berlin", "1012 AB"
    r"|(?-i:\b[A-Z]{1,2}\d[A-Z\d]?\s+\d[A-Z]{2}\b)|(?-i:\b[A-Z]\d[A-Z]\s?\d[A-Z]\d\b)"
    r"|(?:^|[,|]\s*)\d{4,5}\s+[^\W\d_]{2,}|(?-i:\b\d{4}\s?[A-Z]{2}\b)"
    r"|\b\d{5}(?:-\d{4})?\s*$|\d+\s+(?:[\w.]+\s+){0,4}(?:street|st\.?|avenue|ave\.?|road|rd\.?|"
    r"blvd|boulevard|lane|drive|way)\b",
    re.I,
)
# Every address pattern above holds a digit, as does _PHONE's first alternative.
_DIGIT = re.compile(r"\d")
_NAME_END = re.compile(r"[,|–—]| - ")
_PIPE = re.compile(r"\s*\|\s*")
_SPLIT = re.compile(r"\s+\|\s+|\s+[–—-]\s+|\s*\|\s*|,\s+")
_MAX_FIELDS_LINES = 4


@dataclass(frozen=True)
class Block:
    """A signature block: the name line's index and the fields read from it."""

    index: int
    name: str | None
    title: str | None
    organization: str | None
    role: str | None
    after_sign_off: bool

    @property
    def filled(self) -> int:
        return sum(x is not None for x in (self.name, self.title, self.organization))


@lru_cache(maxsize=4096)
def is_sign_off(line: str) -> bool:
    """True for a closing line: "Best regards," "Blessings," "-- "."""
    key = fold(line).lower().strip(" ,.!:;-—–")
    return key in vocab.SIGN_OFFS or line.rstrip() in ("--", "-- ")


@lru_cache(maxsize=4096)
def is_contact(line: str) -> bool:
    """Phone, address, web, mail or place lines ("Portland, Oregon"): never a field.

    (Cached: the signature, entry and list readers ask of the same lines.)
    """
    digits = _DIGIT.search(line) is not None
    # Without a digit, only _PHONE's "Tel:" alternative can match, and only at the start.
    if _PHONE.search(line) if digits else _PHONE.match(line):
        return True
    if _CONTACT_GATE.search(line):
        return True
    if digits and _ADDRESS_ANY.search(line):
        return True
    return names.is_place(line)


_CONTACT_GATE = Gate(_CONTACT)
_ADDRESS_ANY = AnyOf(_ADDRESS)


def blocks(lines: list[str]) -> list[Block]:
    """Every block that starts with a person's name line, in order."""
    found: list[Block] = []
    for index, line in enumerate(lines):
        head = _name_of(line)
        if head is None:
            continue
        name, rest = head
        fields = rest + _following(lines, index)
        title, org = _fields(fields)
        cleaned = names.clean_name(name)
        if cleaned is None:
            continue
        after = any(is_sign_off(x) for x in lines[max(0, index - 3) : index])
        found.append(Block(index, cleaned.name, title, org, cleaned.role, after))
    return found


def _name_of(line: str) -> tuple[str, list[str]] | None:
    """``(name, [rest of the line])`` for a line that starts with a person's name."""
    text = fold(line)
    if not text or len(text) > 90 or not _may_name(text) or is_contact(text):
        return None
    if names.looks_like_person(text):
        return text, []
    pieces = [p for p in _SPLIT.split(text, maxsplit=1) if p]
    if len(pieces) == 2 and names.looks_like_person(pieces[0]) and not pieces[1][:1].islower():
        parts = entries.split_parts(pieces[1])
        rest = [
            p for p in parts[names.postnominal_run(parts) :] if not names.is_postnominal(p, True)
        ]
        head = entries.split_parts(text)[0] if "," in text else pieces[0]
        if rest or head != pieces[0]:
            return pieces[0], [", ".join(rest)] if rest else []
    return None


def _may_name(text: str) -> bool:
    """Cheap test: a name line starts with a letter and has few words before any separator."""
    first = _NAME_END.split(text, maxsplit=1)[0]
    return text[:1].isalpha() and len(first.split()) <= 8


def _following(lines: list[str], index: int) -> list[str]:
    """Field lines under the name line, up to a blank line; contact lines skipped."""
    out: list[str] = []
    for line in lines[index + 1 : index + 1 + _MAX_FIELDS_LINES + 2]:
        text = fold(line)
        if not text or vocab.FOOTER.match(text) or is_sign_off(text):
            break
        if is_contact(text):
            continue
        if names.looks_like_person(text) or len(text) > 90 or text.endswith((".", "?", "!")):
            break
        out.append(text)
        if len(out) == _MAX_FIELDS_LINES:
            break
    return out


def _fields(lines: list[str]) -> tuple[str | None, str | None]:
    """Title and organization from the lines under a name."""
    parts = [p for line in lines for p in _pieces(line)]
    if len(parts) >= 2 and "," in parts[0] and _reads_as_org(parts[1], parts[0]):
        # "Senior Fellow, Religious Freedom Program" over "Meridian Policy Institute":
        # the organization has a line of its own, so the comma only joins the title's
        # parts (a role and the unit it serves in), as "Title, Unit, Organization" does
        # on one line (``entries.assign``).
        return parts[0], parts[1]
    title: str | None = None
    org: str | None = None
    for part in parts:
        alone = len(parts) == 1
        title, org = _place(part, title, org, alone)
        if title and org:
            break
    return title, org


def _reads_as_org(text: str, above: str) -> bool:
    """Whether ``text``, the line under a "Title, Something" line (``above``), reads as
    an organization's name of its own: not a role, a place, a note on how someone
    signs, another person, a second "Role, Organization" line, or the same
    organization again."""
    score = names.org_score(text)
    if not score or score < names.title_score(text) or names.is_place(text):
        return False
    if notes.CAPACITY_NOTE.search(text) or _name_of(text) is not None:
        return False
    first = entries.split_parts(text)[0]
    if "," in text and names.title_score(first) > names.org_score(first):
        return False
    if notes.NONE_VALUE.match(entries.split_parts(above)[0]):
        return False  # "none, I'm retired": no title, and the comma is not the title's
    return fold(text).casefold() not in fold(above).casefold()


def _pieces(line: str) -> list[str]:
    """The "|" pieces of a line; beside pieces that read as a title or organization, a piece
    that reads as neither is a translation or a note ("Cyfarwyddwr | Director")."""
    pieces = [trim(p) for p in _PIPE.split(line) if trim(p)]
    known = [p for p in pieces if names.title_score(p) or names.org_score(p)]
    return known if known and len(pieces) > 1 else pieces


def _place(
    part: str, title: str | None, org: str | None, alone: bool
) -> tuple[str | None, str | None]:
    """Put one line (or "|" piece) in the title or organization slot."""
    if title is None and org is None and "," in part:
        got_title, got_org = entries.assign(entries.split_parts(part))
        if got_title and got_org:
            return got_title, got_org
    t_score, o_score = names.title_score(part), names.org_score(part)
    if title is None and (t_score > o_score or (t_score == o_score and org is None)):
        split = entries.split_title_org(part) if alone else None
        return split if split else (part, org)
    if org is None:
        return title, part
    return title, org
