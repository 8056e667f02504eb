"""In what capacity a signer signs: individual, organization or both.

A value typed after a label ("Signing as: Both") is read by
:func:`from_value`; prose ("as an organisational signatory", "both me and
our church") by :func:`cues`, which never counts a sentence that negates or
defers the organization's signature ("our board has not yet approved").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from intake.extract.model import Capacity
from intake.extract.text import sentences
from intake.extract.vocab import words

_BOTH = re.compile(
    r"\b(?:both|ambos|ambas|les deux|beide[ns]?|beides|обоих|оба)\b"
    r"|هم\s.*\sو\s+هم\s|両方|两者|둘 다",
    re.IGNORECASE,
)
_ORG = re.compile(
    r"organi[sz]ation|organi[sz]ational|\borg\b|institution|corporate|"
    r"organización|organizacion|organisatie|organização|организаци|سازمان|بنیاد|بنياد|"
    r"\bcongregation\b|\bchurch\b|\bcollective(?:ly)?\b|on behalf of|団体|組織|团体|组织|단체",
    re.IGNORECASE,
)
_PERSON = re.compile(
    r"individual|individuel|personal|personnel|person\b|persönlich|einzel|persoonlijk|"
    r"myself|private|частное|лично|فردی|فردي|شخصی|شخصي|\bme\b|\bself\b|個人|个人|개인",
    re.IGNORECASE,
)
_TEMPLATE = re.compile(r"organi[sz]ation\s*/\s*individual|individual\s*/\s*organi", re.IGNORECASE)


def from_value(value: str) -> Capacity | None:
    """The capacity a label value or a parenthesised note names, if any."""
    text = value.strip()
    if not text or _TEMPLATE.search(text):
        return None
    has_org, has_person = bool(_ORG.search(text)), bool(_PERSON.search(text))
    if _BOTH.search(text) or (has_org and has_person and not _ID_ONLY.search(text)):
        return Capacity.BOTH
    if has_person or _ID_ONLY.search(text):
        return Capacity.INDIVIDUAL
    if has_org:
        return Capacity.ORGANIZATION
    return None


_ID_ONLY = re.compile(
    r"identification|\bid only\b|for id\b|affiliation only|individual only|only as an individual|"
    r"only individual|as individuals?\b(?!.*\band\b)",
    re.IGNORECASE,
)
# A sentence that says the organization itself signs.
_ORG_SIGNS = re.compile(
    r"as (?:an? )?organi[sz]ation(?:al)?(?: signatory| signer| sign-?on)?|"
    r"as organi[sz]ations|organi[sz]ational signatory|"
    r"on behalf of (?:the |our |my )?(?!him\b|her\b|them\b)[\w ]{0,60}"
    r"(?:church|organi[sz]ation|alliance|council|fellowship|congregation|group|institute|"
    r"foundation|network|society|parish|mosque|synagogue|community|board|ministr\w+|center|centre)|"
    r"\b(?:list|add|include|count|sign) us\b|\bus as\b|we (?:sign|are signing|join)|"
    r"\b(?:and|plus) (?:the|our) [\w'’ -]{0,40}(?:church|congregation|parish|mosque|synagogue|"
    r"temple|alliance|fellowship|organi[sz]ation|council|network|forum|institute|foundation|"
    r"group|society|centre|center|ministr\w+)\b|"
    r"\bsigns? on\b|voted to (?:join|sign|endorse)|for our (?:small |whole )?"
    r"(?:group|church|organi[sz]ation|congregation|community|network)|"
    r"como organizaci|en tant qu'organisation|au nom de|im namen|از طرف|от имени|"
    r"a nombre de|en nombre de",
    re.IGNORECASE,
)
_PERSONAL = re.compile(
    r"personally|personal capacity|in my own name|as (?:an )?individual|as myself|"
    r"my own name|\bboth me\b|\bme and\b|\bsign me\b|\badd me\b|my name|"
    r"\band me\b|\bme (?:as well|too)\b|\bmyself (?:as well|too)\b|"
    r"à titre (?:individuel|personnel)|a título personal|به صورت فردی|به صورت فردي|"
    r"как частное лицо|persönlich|persoonlijk|individual capacity",
    re.IGNORECASE,
)
_EXPLICIT_BOTH = re.compile(
    r"\b(?:sign(?:ing|s)?|add|list|include|register|record)\b[^.;]{0,60}?\bboth\b"
    r"(?!\s+(?:of us|like|want|wish|would|will|agree|sign|signing as individuals))"
    r"|\bboth\s*(?:personally|as an? |me and|myself|individually|in my|for (?:me|myself)|"
    r"for the|on behalf)"
    r"|(?:i\.e\.|--|—|–|:|\bas)\s*both\b|\bboth\s*[.!)]?\s*$"
    r"|ambos|ambas|les deux|هم\s.*\sو\s+هم\s|"
    r"(?:\by|\band|\bet|\bund)\s+(?:también\s+|also\s+)?(?:a título personal|à titre personnel|"
    r"as an individual|personally)",
    re.IGNORECASE,
)
_ONLY_INDIVIDUAL = re.compile(
    r"individual only|only as an individual|as an individual only|individuals? only|"
    r"(?:identification|id) (?:purposes )?only|does not sign|doesn['’]t sign|"
    r"not (?:sign|be signing) as an? organi|not .* as an organi|not yet approved|"
    r"remain(?:s|ing)? (?:on (?:the letter )?)?as an? individual|"
    r"stay(?:s|ing)? (?:on )?as an? individual",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Cues:
    """What the prose says about capacity."""

    org_signs: bool = False
    personal: bool = False
    both: bool = False
    individual_only: bool = False

    def capacity(self, has_person: bool) -> Capacity:
        """The capacity these cues give a signer (a named person or not)."""
        if not has_person:
            return Capacity.ORGANIZATION
        if self.individual_only:
            return Capacity.INDIVIDUAL
        if self.both or (self.org_signs and self.personal):
            return Capacity.BOTH
        return Capacity.ORGANIZATION if self.org_signs else Capacity.INDIVIDUAL


def cues(text: str) -> Cues:
    """Capacity cues in the sender's prose."""
    org = personal = both = only = False
    for sentence in sentences(text):
        low = sentence.lower()
        only = only or (_has(low, _ONLY_PIECES) and bool(_ONLY_INDIVIDUAL.search(sentence)))
        negated = _negated(low)
        if not negated and _has(low, _ORG_PIECES) and _ORG_SIGNS.search(sentence):
            org = True
        personal = personal or (_has(low, _PERSON_PIECES) and bool(_PERSONAL.search(sentence)))
        if not negated and _has(low, _BOTH_PIECES) and _EXPLICIT_BOTH.search(sentence):
            both = both or _signing_words(sentence)
    return Cues(org_signs=org, personal=personal, both=both, individual_only=only)


# Cheap gates: a pattern can only match a sentence that holds one of these pieces.
_ONLY_PIECES = ("only", "does", "not", "n't", "n’t")
_ORG_PIECES = words(
    """organi behalf us as we sign on voted for our and the and our plus como tant au nom
    namen طرف имени nombre institution"""
)
_PERSON_PIECES = words(
    "person individual myself me my name titre título فرد частное persön persoon"
)
_BOTH_PIECES = words("both ambos ambas deux هم también also et und and")
_NEGATION_WORDS = words(
    "not cannot separately later yet unable without if only policy never longer"
)


def _has(low: str, pieces: Iterable[str]) -> bool:
    return any(piece in low for piece in pieces)


def _negated(low: str) -> bool:
    return bool(_NEGATION_WORDS & set(re.findall(r"\w+", low))) or "n't" in low or "n’t" in low


def _signing_words(sentence: str) -> bool:
    return bool(
        re.search(r"sign|add|list|include|firm|agreg|ajout|امضا|подпис|добав", sentence, re.I)
    )
