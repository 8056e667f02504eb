"""People named in running text outside any "Name, Title, Organization" entry.

- "my name is Jane Doe", "name is małgorzata wiśniewska-kłos";
- a named person who wants to sign: "Dr. Sarah Cohen would like to sign the
  letter. Her title is President, X Seminary.";
- a name with a role of an organization: "Bishop Michael Grant asks that his
  name be added as Bishop of the Diocese of X".
"""

from __future__ import annotations

import re

from intake.extract import entries, names
from intake.extract.entries import Entry
from intake.extract.gates import Gate
from intake.extract.prose import Found, logical_lines, trim_org
from intake.extract.text import is_lower, locate, sentences

_AS_ROLE = re.compile(
    r"\bas\s+(?:the\s+|an?\s+)?(?P<title>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,4})\s+(?:of|at|for)\s+"
    r"(?:the\s+)?(?P<org>[A-Z][\w'’&.-]*(?:\s+(?:[A-Z][\w'’&.-]*|of|the|for|and|in|on|de|la|&))*)"
)
_NAMED = re.compile(
    r"(?P<who>(?:(?:The|the)\s+)?(?:(?:Most|Right|Very|Rt\.?|Rev\.?|Revd\.?|Dr\.?|Prof\.?|Mr\.?|Mrs\.?|"
    r"Ms\.?|Fr\.?|Sr\.?|Bishop|Archbishop|Pastor|Rabbi|Imam|Father|Sister|Deacon|Elder|Canon|"
    r"Cardinal|Reverend)\s+)+(?:[A-Z][\w'’.-]*\s+){0,3}[A-Z][\w'’-]+)"
)


_SUBJECT_ASKS = re.compile(
    r"^\W*(?P<who>(?:[A-Z][\w'’.-]*\s+){1,5}?[A-Z][\w'’-]+)\s+(?:would (?:very much )?like|wishes|"
    r"wants|asks|has asked|is (?:happy|glad|pleased|honou?red)|has agreed|agrees|will sign|"
    r"would be (?:glad|happy|honou?red|pleased))\b"
)
_HIS_FIELDS = re.compile(
    r"^\W*(?:his|her|their)\s+(?P<field>title|position|role|organi[sz]ation|affiliation)\s+"
    r"(?:is|would be|should be|should read)\s*:?\s*(?P<rest>.+?)[.]?$",
    re.IGNORECASE,
)


_NAME_IS = re.compile(
    r"\b(?:my\s+(?:full\s+)?)?name\s+is\s*:?\s+(?P<name>[^\W\d_][\w'’.-]*(?:\s+[^\W\d_][\w'’.-]*){1,3}?)"
    r"(?=\s*(?:$|[,.;!?)\n]|\s+(?:and|thank|thanks|thx|i|my|please|but|so|if|for)\b))",
    re.IGNORECASE,
)


# An exact gate (:mod:`intake.extract.gates`): most lines say no "name is".
_NAME_IS_GATE = Gate(_NAME_IS)


def name_is(text: str) -> list[Found]:
    """ "my name is Jane Doe", "name is małgorzata wiśniewska-kłos": the sender's own name."""
    out: list[Found] = []
    for line in logical_lines(text):
        for match in _NAME_IS_GATE.finditer(line):
            raw = match.group("name")
            cleaned = names.clean_name(raw) if names.looks_like_person(raw) else None
            if cleaned is None and is_lower(raw):
                fixed = names.fix_case(raw)
                cleaned = names.clean_name(fixed) if names.looks_like_person(fixed) else None
            if cleaned is not None:
                entry = Entry(cleaned.name, None, None, role=cleaned.role)
                out.append(Found(entry, locate(text, raw), "entry"))
    return out


def named_subject(sentence: str) -> str | None:
    """The person a sentence says wants to sign ("Dr. Sarah Cohen would like to sign")."""
    match = _SUBJECT_ASKS.match(sentence)
    if match is None or not names.looks_like_person(match.group("who")):
        return None
    cleaned = names.clean_name(match.group("who"))
    return cleaned.name if cleaned else None


def named_subjects(text: str) -> list[Found]:
    """People the sender says want to sign, with "Her title is ..." read from what follows."""
    out: list[Found] = []
    parts = sentences(text)
    for index, sentence in enumerate(parts):
        name = named_subject(sentence)
        if name is None:
            continue
        cleaned = names.clean_name(_SUBJECT_ASKS.match(sentence).group("who"))  # type: ignore[union-attr]
        title = org = None
        for after in parts[index + 1 : index + 3]:
            fields = _HIS_FIELDS.match(after)
            if fields is None:
                continue
            rest = entries.split_parts(fields.group("rest"))
            if fields.group("field").lower() in ("title", "position", "role"):
                got_title, got_org = entries.assign(rest) if len(rest) > 1 else (rest[0], None)
                title, org = title or got_title, org or got_org
            else:
                org = org or fields.group("rest")
        role = cleaned.role if cleaned else None
        out.append(Found(Entry(name, title, org, role=role), locate(text, name), "entry"))
    return out


def named_roles(text: str) -> list[Found]:
    """ "Bishop Michael Grant asks that his name be added as Bishop of the Diocese of X"."""
    out: list[Found] = []
    for sentence in sentences(text):
        role = _AS_ROLE.search(sentence)
        if role is None or not names.title_score(role.group("title")):
            continue
        who = next((m for m in _NAMED.finditer(sentence[: role.start()])), None)
        org = trim_org(role.group("org"))
        if who is None or not names.org_score(org):
            continue
        cleaned = names.clean_name(who.group("who"))
        if cleaned and names.looks_like_person(who.group("who")):
            entry = Entry(cleaned.name, role.group("title"), org, role=cleaned.role)
            out.append(Found(entry, locate(text, cleaned.name), "entry"))
    return out
