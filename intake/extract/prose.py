"""Signers written in running text.

- entries inside sentences: "please add me: Jane Doe, Pastor, First Church",
  "I'm Peter Haddad, Director of the X Forum, and my colleague is Dr. Nadia
  Saleh, Senior Researcher at the Y Institute", "On behalf of Bishop Daniel
  Reyes, President of the Z Alliance, ...";
- list items ("1. Prof. Hannah Lee, Chair ..., Westbrook College");
- "our Board Chair, Peter Mokoena," (a role, then a name);
- the sender's own role: "as Executive Director of the X Coalition I ...";
- organizations that sign on their own: "please list us as: X", "X signs on".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from intake.extract import entries, labels, names, vocab
from intake.extract.entries import Entry
from intake.extract.gates import Gate
from intake.extract.signature import is_contact, is_sign_off
from intake.extract.text import LIST_MARK, fold, locate, paragraphs, sentences, trim

_WRAP_MIN = 55
_START = re.compile(
    r"(?::\s*|\s[-–—]+\s+|\s--+(?=[A-Z])|[“\"(]\s*|,\s+"
    r"|\b(?:as|add|is|am|I['’]m|of|name is|I,|him|her|me|and)\s+)",
    re.IGNORECASE,
)
_APPOSITIVE = re.compile(
    r"\b(?P<whose>(?i:our|my|their|his|her))\s+(?P<title>(?:[A-Z][\w'’-]*\s+){0,4}[A-Z][\w'’-]*),\s+"
    r"(?P<name>(?:(?:Dr|Rev|Prof|Mr|Mrs|Ms|Fr|Sr)\.?\s+)?(?:[A-Z][\w'’.-]*\s+){1,3}[A-Z][\w'’-]*)"
    r"\s*,"
)
_SELF_ROLE = re.compile(
    r"(?:\b(?i:as)|\bI\s+am|\bI['’]m|\bI\s+serve\s+as|\bI\s+work\s+as)\s+(?:the\s+|an?\s+)?"
    r"(?P<title>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,4}|[a-z][\w'’-]*(?:\s+[a-z][\w'’-]*){0,2})"
    r"\s+(?:of|at|for|with)\s+"
    r"(?:the\s+)?(?P<org>(?:[A-Z][\w'’&.-]*|of|the|for|and|in|on|de|la|&)(?:\s+"
    r"(?:[A-Z][\w'’&.-]*|of|the|for|and|in|on|de|la|&))*)"
)
_ORG_AS = re.compile(
    r"\b(?:list|add|include|record|sign|count)\s+(?:us|me and|the|our)\b[^:]{0,30}"
    r"\bas\s*:\s*(?P<org>.+)$"
    r"|\b(?:list|add|include|record)\s+(?:us|our \w+)\s+as\s*:?\s*$",
    re.IGNORECASE,
)
_ORG_NAME = (
    r"(?P<org>(?:[A-Z][\w'’&.–-]*)(?:\s+"
    r"(?:[A-Z][\w'’&.–-]*|of|the|for|and|in|on|de|la|del|y|&)){1,12})"
)
_ORG_SUBJECT = re.compile(
    _ORG_NAME + r"(?:\s+itself)?\s+(?:signs?\s+on|signs\s+as\s+an?\s+organi[sz]ation|is signing"
    r"|would (?:like|be glad|be honou?red) to (?:sign|join)"
    r"|wishes to (?:sign|join)|wants to (?:sign|join)|will sign|agrees to sign|(?:hereby )?endorses"
    r"|would like to be (?:added|listed|included))\b"
)
_OUR_ORG_NAMED = re.compile(
    r"\bour\s+(?:[\w-]+\s+){0,2}(?:organi[sz]ation|church|congregation|network|group|community|"
    r"parish|mosque|synagogue|temple|ministry|council|society|foundation|institute|centre|center|"
    r"coalition|alliance|association|fellowship)\s*,\s+(?:the\s+)?"
    + _ORG_NAME.replace("?P<org>", "?P<org5>")
    + r"\s*,\s+(?:[\w'’]+\s+){0,3}?(?:would|wishes|wants|will|is|also|signs?|endorses|joins?)\b"
)
_ORG_OBJECT = re.compile(
    r"\b(?:add|include|list|sign)\s+(?:on\s+)?(?:the\s+)?" + _ORG_NAME + r"\s+as\s+(?:an?\s+)?"
    r"organi[sz]ation(?:al)?\b"
    r"|\bWe at (?:the\s+)?"
    + _ORG_NAME.replace("?P<org>", "?P<org2>")
    + r"|\bfor our (?:[\w ]{0,20}),\s+(?:the\s+)?"
    + _ORG_NAME.replace("?P<org>", "?P<org3>")
    + r"|(?:Board|Council|members?|leadership|congregation|trustees)"
    + r"(?: of (?:Directors|Trustees|Elders|Deacons|Governors))? of (?:the\s+)?"
    + _ORG_NAME.replace("?P<org>", "?P<org4>")
    + r"\s+(?:voted|agreed|decided|approved)"
)
_BEHALF = re.compile(r"\bon behalf of (?:the\s+|our\s+)?" + _ORG_NAME)


@dataclass(frozen=True)
class Found:
    """An entry and where it was read (its unit index, for ordering)."""

    entry: Entry
    position: int
    how: str


def units(text: str) -> list[str]:
    """Sentences of the text's logical lines (wrapped lines joined, list items apart).

    Labelled lines ("Name: ...") are left to the label reader.
    """
    out: list[str] = []
    for line in logical_lines(text):
        if labels.parse_line(line) is None:
            out.extend(sentences(LIST_MARK.sub("", line)))
    return out


def logical_lines(text: str) -> list[str]:
    """Lines with soft-wrapped continuations joined back on.

    A line is joined to the next when it is long (a mail client wrapped it)
    and does not end a sentence, and the next line is neither blank, a list
    item nor a sign-off.
    """
    return list(_logical_lines(text))


@lru_cache(maxsize=16)
def _logical_lines(text: str) -> tuple[str, ...]:
    # The entry reader and the people reader join the same sender's text: joined once a
    # message (a whole text is a key: a few kept, as linear.words keeps them).
    out: list[str] = []
    previous = ""
    for line in text.split("\n"):
        stripped = fold(line)
        if out and stripped and _continues(previous, line):
            out[-1] = f"{out[-1]} {stripped}"
        elif stripped:
            out.append(stripped)
        previous = line if stripped else ""
    return tuple(out)


def _continues(previous: str, line: str) -> bool:
    """Whether ``line`` goes on from the physical line before it."""
    if not previous.strip() or LIST_MARK.match(line) or is_sign_off(line):
        return False
    if LIST_MARK.match(previous) and line[:1].isspace():
        return True
    ended = previous.rstrip().endswith((".", ":", "!", "?", ";"))
    if len(previous.strip()) < _WRAP_MIN or ended or _starts_entry(line):
        return False
    if _starts_entry(previous) and not _open_end(previous):
        return False  # a whole "Name, Title, Organization" line; a sentence follows
    return labels.parse_line(line) is None and labels.parse_line(previous) is None


def _open_end(line: str) -> bool:
    """A line that stops mid-phrase ("... Church of", "... and"): the next line goes on."""
    last = line.rstrip().rsplit(" ", 1)[-1].lower()
    return line.rstrip().endswith((",", "-", "&")) or last in _SMALL_END


_ENTRY_SEPARATOR = re.compile(r",|\s[-–—|]\s")
_SMALL_END = vocab.words("of the and for in on at to a an de la del y et du des für und &")


def _starts_entry(line: str) -> bool:
    """A line that opens with a person's name and a separator: the next entry, not a wrap."""
    text = fold(line)
    head = _ENTRY_SEPARATOR.split(text, maxsplit=1)[0]
    return head != text and len(head) < 60 and names.looks_like_person(head)


def scan(text: str) -> list[Found]:
    """Every entry with a person's name and a title or organization, in order of appearance."""
    found: dict[str, Found] = {}
    for unit in units(text):
        for entry in _entries_in(unit):
            if entry.name is None:
                continue
            key = entry.name.lower()
            if key not in found or _better(entry, found[key].entry):
                found[key] = Found(entry, _position(text, entry.name), "entry")
    return sorted(found.values(), key=lambda f: f.position)


def _position(text: str, name: str) -> int:
    return locate(text, name)


def _better(new: Entry, old: Entry) -> bool:
    """More fields, or the same fields where a line-wrapped value goes on."""
    if new.filled != old.filled:
        return new.filled > old.filled
    both = [(new.title, old.title), (new.organization, old.organization)]
    pairs = [(n or "", o) for n, o in both if o is not None]
    if not pairs or any(n != o for n, o in pairs[:-1]):
        return False
    grown, was = pairs[-1]
    return grown.startswith(was) and len(grown) > len(was)


def _entries_in(unit: str) -> list[Entry]:
    if is_contact(unit):  # an address or phone line is nobody's entry
        return []
    starts = [0] + [m.end() for m in _START.finditer(unit)]
    out: list[Entry] = []
    lower = unit.islower()
    for start in starts:
        if lower and start == 0:
            continue  # in text typed in lower case only a cue (":", "I'm") opens an entry
        if not lower and not _two_capitals(unit[start : start + 60]):
            continue
        entry = entries.parse(unit[start:])
        if entry is not None and (entry.filled >= 2 or (start > 0 and _ends_after(unit, start))):
            out.append(entry)
    return out


def _two_capitals(text: str) -> bool:
    """Cheap test: after any honorifics, two words that start like names (or one in CJK)."""
    words = [w for w in text.split(" ", 6)[:6] if w]
    previous = ""
    while words and names.is_honorific_word(words[0], previous):
        previous = words[0].lower().strip(".,")
        words = words[1:]
    if not words or not _starts_name(words[0]):
        return False
    if len(words) == 1 or _starts_name(words[1]) or words[1].lower() in vocab.PARTICLES:
        return True
    return len(words[0]) >= 2 and not words[0][0].isascii()


def _starts_name(word: str) -> bool:
    first = word.lstrip('"“(-–—')[:1]
    return bool(first) and first.isalpha() and (first.isupper() or first.lower() == first.upper())


def _ends_after(unit: str, start: int) -> bool:
    """A name alone is an entry only right after a colon and up to the end of the unit."""
    head = unit[:start].rstrip()
    rest = trim(unit[start:])
    return head.endswith(":") and names.looks_like_person(rest)


def appositives(text: str) -> list[Found]:
    """ "our Board Chair, Peter Mokoena," -> a person with a title."""
    out: list[Found] = []
    for sentence in sentences(text):
        for match in _APPOSITIVE.finditer(sentence):
            title, name = match.group("title"), match.group("name")
            cleaned = names.clean_name(name) if names.looks_like_person(name) else None
            if cleaned and names.title_score(title):
                ours = match.group("whose").lower() in ("our", "my")
                how = "appositive-ours" if ours else "appositive"
                out.append(Found(Entry(cleaned.name, title, None), locate(text, name), how))
    return out


def self_role(text: str) -> tuple[str, str | None] | None:
    """ "as Executive Director of the X Coalition" -> (title, organization).

    "I am the Executive Director." gives the title alone.
    """
    bare: tuple[str, str | None] | None = None
    for sentence in sentences(text):
        match = _SELF_ROLE.search(sentence)
        if match and names.title_score(match.group("title")) and _role_words(match.group("title")):
            org = trim_org(match.group("org"))
            if org and names.org_score(org):
                return match.group("title"), org
        alone = _SELF_TITLE.search(sentence)
        title = alone.group("title") if alone else ""
        if bare is None and names.title_score(title) and names.org_score(title) < 2:
            bare = title, None
    return bare


_SELF_TITLE = re.compile(
    r"\bI(?:(?:\s+am|['’]m)\s+(?:the|its|our|their|an?)|\s+(?:serve|work)\s+as(?:\s+(?:the|an?))?)\s+"
    r"(?P<title>[A-Z][\w'’-]*(?:\s+(?:[A-Z][\w'’-]*|of|for))*?(?:\s+[A-Z][\w'’-]*)?)\s*[.;,]?$"
)


def _role_words(title: str) -> bool:
    """A lower-case phrase is a role only when every word is a title word ("pastor")."""
    if title[:1].isupper():
        return True
    return all(w.lower() in vocab.TITLE_WORDS for w in title.split())


def trim_org(org: str) -> str:
    """An organization name without a trailing clause ("X and I ...") or small words."""
    org = re.split(r"\s+(?:and|but|so|where|which|who)\s+(?:I|we|my|our)\b|\s+I['’]", org)[0]
    tokens = org.split(" ")
    while tokens and tokens[-1].lower() in {"of", "the", "for", "and", "in", "on", "de", "la", "&"}:
        tokens.pop()
    while tokens and tokens[-1][:1].isupper() and tokens[-1] in {"I", "We", "He", "She"}:
        tokens.pop()
    return trim(" ".join(tokens))


def signing_orgs(text: str) -> list[str]:
    """Organizations the prose says sign ("list us as: X", "X signs on", "add X as an org")."""
    found: list[str] = []
    paras = paragraphs(text)
    for index, para in enumerate(paras):
        for sentence in sentences(para):
            found.extend(_orgs_in(sentence, paras[index + 1] if index + 1 < len(paras) else ""))
    out: list[str] = []
    for org in found:
        if org and org.lower() not in {o.lower() for o in out}:
            out.append(org)
    return out


def behalf_orgs(text: str) -> list[str]:
    """Organizations a sender signs for: "I am signing on behalf of the X Community"."""
    found: list[str] = []
    for sentence in sentences(text):
        for match in _BEHALF.finditer(sentence):
            org = trim_org(fold(match.group("org")))
            if names.org_score(org) and not names.looks_like_person(org) and org not in found:
                found.append(org)
    return found


_AFTER_PREPOSITION = re.compile(
    r"\b(?:in|at|of|from|with|within|for|by|to|on|inside)\s+(?:the\s+|our\s+|my\s+)?$", re.I
)


# How far back "in the " / "at our " can start before an organization's name; reading
# only that far keeps a very long sentence linear.
_PREPOSITION_REACH = 40


def _orgs_in(sentence: str, next_para: str) -> list[str]:
    out: list[str] = []
    match = _ORG_AS.search(sentence)
    if match:
        org = match.group("org") or next_para
        out.append(trim(org.split("\n")[0]))
    for pattern, gate in _ORG_GATES:
        for m in gate.finditer(sentence):
            before = sentence[max(0, m.start() - _PREPOSITION_REACH) : m.start()]
            if pattern is _ORG_SUBJECT and _AFTER_PREPOSITION.search(before):
                continue  # "Three of us in the Department of X would like to sign": not X
            org = next((g for g in m.groups() if g), "")
            out.append(trim_org(fold(org)))
    out = [o for o in out if names.org_score(o) and not names.looks_like_person(o)]
    # "our organization, Caritas Manila, would like to sign": the frame says it is one.
    named = [trim_org(fold(m.group("org5"))) for m in _OUR_ORG_GATE.finditer(sentence)]
    return out + [o for o in named if o]


# Exact gates before the organization patterns (:mod:`intake.extract.gates`): most
# sentences hold none of the verbs and nouns they turn on. Paired with their patterns, not
# looked up by them: a compiled pattern's hash is worked out afresh from its whole code
# each time it is asked.
_ORG_GATES = tuple((p, Gate(p)) for p in (_ORG_SUBJECT, _ORG_OBJECT))
_OUR_ORG_GATE = Gate(_OUR_ORG_NAMED)


_ORG_MENTION = re.compile(
    r"(?:[A-Z][\w'’&.-]*[ \t]+){0,5}(?:[A-Z][\w'’&.-]*)"
    r"(?:[ \t]+(?:of|for|and|de|del|&)[ \t]+(?:the[ \t]+)?(?:[A-Z][\w'’&.-]*[ \t]*){1,4})?"
)


def org_mentions(text: str) -> list[str]:
    """Capitalized phrases in ``text`` that name an organization ("Westbrook College")."""
    found: list[str] = []
    for match in _ORG_MENTION.finditer(text):
        phrase = trim(match.group(0))
        if names.org_score(phrase) and not names.title_score(phrase) and phrase not in found:
            found.append(phrase)
    return found
