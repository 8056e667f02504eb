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
from functools import lru_cache

from intake.extract.gates import AnyOf, Gate
from intake.extract.model import Capacity
from intake.extract.text import holds_any, sentences
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
ORGANIZATION_WORDS = _ORG  # words that name an organization (intake.extract.signing)

_PERSON = re.compile(
    r"individual|individuel|personal|personnel|person\b|persönlich|einzel|persoonlijk|"
    r"myself|private|частное|лично|فردی|فردي|شخصی|شخصي|\bme\b|\bself\b|個人|个人|개인|"
    r"pessoal|pessoalmente|personalmente",
    re.IGNORECASE,
)
_TEMPLATE = re.compile(r"organi[sz]ation\s*/\s*individual|individual\s*/\s*organi", re.IGNORECASE)


def from_value(value: str) -> Capacity | None:
    """The capacity a label value or a parenthesised note names, if any.

    A value that names a capacity before a note in parentheses is read without the
    note ("individual (the Institute takes no institutional positions)").
    """
    text = value.strip()
    if not text or _TEMPLATE.search(text):
        return None
    bare = re.sub(r"\([^()]*\)", " ", text).strip()
    if bare and bare != text:
        found = from_value(bare)
        if found is not None:
            return found
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
    r"\b(?:list|add|include|count|sign) us\b(?!\s+(?:both\s+)?as individuals)"
    r"|\bus as\b(?!\s+(?:an?\s+)?individuals?)|we (?:sign|are signing|join)|"
    r"\b(?:list|add|include|count|put|sign up|enter)\s+(?:(?:the|our|my)\s+)+(?:[\w'’-]+\s+){0,3}"
    r"(?:church|congregation|parish|mosque|masjid|synagogue|temple|gurdwara|organi[sz]ation|council|"
    r"network|alliance|fellowship|forum|institute|foundation|group|society|centre|center|trust|"
    r"charity|association|community|ministry|ministries|coalition)\b|"
    r"\b(?:and|plus) (?:the|our) [\w'’ -]{0,40}(?:church|congregation|parish|mosque|synagogue|"
    r"temple|alliance|fellowship|organi[sz]ation|council|network|forum|institute|foundation|"
    r"group|society|centre|center|ministr\w+)\b|"
    r"(?<!\bI )(?<!\bto )\bsigns? on\b|\bsigns as an? (?!individual|person)\w+|"
    r"(?:voted|agreed|decided|resolved|approved)\b(?:(?!\bnot\b|n['’]t\b)[^.;!?]){0,40}?"
    r"\bto (?:join|sign|endorse)|"
    r"for our (?:small |whole )?"
    r"(?:group|church|organi[sz]ation|congregation|community|network)|"
    r"como organizaci|en tant qu'organisation|au nom de|im namen|از طرف|от имени|"
    r"a nombre de|en nombre de|em nome d[aoe]|como organiza",
    re.IGNORECASE,
)
_PERSONAL = re.compile(
    r"personally|personal capacity|in my own name|as (?:an )?individual|as myself|"
    r"my own name|\bboth me\b|\bme and\b|\bsign me\b|\badd me\b|my name|"
    r"\band me\b|\bme (?:as well|too)\b|\bmyself (?:as well|too)\b|\bas well as (?:me|myself)\b|"
    r"\balong with (?:me|myself)\b|\b(?:me|myself),? (?:also|too)\b|"
    r"à titre (?:individuel|personnel)|a título personal|به صورت فردی|به صورت فردي|"
    r"как частное лицо|persönlich|persoonlijk|individual capacity|pessoalmente|"
    r"a título (?:pessoal|individual)|personalmente",
    re.IGNORECASE,
)
_EXPLICIT_BOTH = re.compile(
    r"\b(?:sign(?:ing|s)?|add|list|include|register|record)\b[^.;]{0,60}?\bboth\b"
    r"(?!\s+(?:of us|like|want|wish|would|will|agree|sign|signing as individuals))"
    r"|\balso\s+(?:signs?|joins?|endorses?)\b(?:\s+on)?\s+as\s+(?:an?\s+)?organi[sz]ation"
    r"|\b(?:and|plus)\s+I\s+(?:also\s+)?sign\s+(?:personally|as an individual|myself|too)"
    r"|\b(?:as well as|along with)\s+(?:me|myself)\b"
    r"|\bboth\s*(?:personally|as an? |me and|myself|individually|in my|for (?:me|myself)|"
    r"for the|on behalf)"
    r"|(?:i\.e\.|--|—|–|:|\bas)\s*both\b|\bboth\s*[.!)]?\s*$"
    r"|ambos|ambas|les deux|هم\s.*\sو\s+هم\s|\btanto\b[^.]{0,60}\b(?:como|quanto)\b|"
    r"\bà la fois\b|\bsowohl\b[^.]{0,60}\bals auch\b|"
    r"(?:\by|\band|\bet|\bund|\be)\s+(?:también\s+|também\s+|also\s+)?(?:a título personal|"
    r"à titre personnel|as an individual|personally|pessoalmente|personalmente|"
    r"a título pessoal)",
    re.IGNORECASE,
)
_ONLY_INDIVIDUAL = re.compile(
    r"individual only|only as an individual|as an individual only|individuals? only|"
    r"(?:identification|id) (?:purposes )?only|does not sign|doesn['’]t sign|"
    r"not (?:sign|be signing) as an? organi|not [^,;.]{0,40} as an organi|not yet approved|"
    r"remain(?:s|ing)? (?:on (?:the letter )?)?as an? individual|"
    r"stay(?:s|ing)? (?:on )?as an? individual|"
    r"\b(?:us|them|both|all)\b[^.,;]{0,20}\bas individuals\b",
    re.IGNORECASE,
)


_ORG_ONLY = re.compile(
    r"\borgani[sz]ation(?:al)?(?: signatory| signer)? only\b"
    r"|\bonly (?:as )?(?:an? )?organi[sz]ation"
    r"|\bnot (?:me |myself )?(?:as an? |in an? )?(?:individual(?:ly)?|personal(?:ly)?)\b"
    r"|\bnot in my (?:own|personal) (?:name|capacity)\b|\bnot (?:on|for) my own\b"
    r"|\b(?:don['’]t|do not|not)\s+(?:list|add|include|count|sign)\s+(?:me\s+)?(?:personally|"
    r"as an individual|individually)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Cues:
    """What the prose says about capacity."""

    org_signs: bool = False
    personal: bool = False
    both: bool = False
    individual_only: bool = False
    org_only: bool = False
    sender_out: bool = False

    def capacity(self, has_person: bool) -> Capacity:
        """The capacity these cues give a signer (a named person or not)."""
        if not has_person:
            return Capacity.ORGANIZATION
        if self.individual_only:
            return Capacity.INDIVIDUAL
        if self.org_only:
            return Capacity.ORGANIZATION
        if self.both or (self.org_signs and self.personal):
            return Capacity.BOTH
        return Capacity.ORGANIZATION if self.org_signs else Capacity.INDIVIDUAL


@lru_cache(maxsize=1024)
def cues(text: str) -> Cues:
    """Capacity cues in the sender's prose.

    A cue counts unless a negation stands before it in its own clause ("the
    church cannot sign as an organization", "not me as an individual").
    """
    org = personal = both = only = org_only = False
    for sentence in sentences(text):
        low = sentence.lower()
        only = only or (_has(low, _ONLY_PIECES) and _searched(_ONLY_INDIVIDUAL, sentence, low))
        org_only = org_only or (
            _has(low, _ORG_ONLY_PIECES) and _found(_ORG_ONLY, sentence, low, False)
        )
        if _has(low, _ORG_PIECES) and _found(_ORG_SIGNS, sentence, low):
            org = True
        personal = personal or (_has(low, _PERSON_PIECES) and _found(_PERSONAL, sentence, low))
        if _has(low, _BOTH_PIECES) and _found(_EXPLICIT_BOTH, sentence, low):
            both = both or _signing_words(sentence)
    out = _NOT_ME_ANY.search(text) and not _FOR_IT.search(text)
    return Cues(
        org_signs=org or org_only,
        personal=personal,
        both=both and not org_only,
        individual_only=only,
        org_only=org_only and not only,
        sender_out=out,
    )


# The sender passes the sign-on on and does not sign at all.
_NOT_ME = re.compile(
    r"\b(?:no need to|don['’]t|do not|please don['’]t|please do not)\s+(?:list|add|include|"
    r"count|name)\s+me\b"
    r"|\b(?:not|never|won['’]t|cannot|can['’]t)\s+(?:be\s+)?"
    r"sign(?:ing)?\s+(?:personally|myself|in my own name|as an individual)\b"
    r"|\b(?:only|just)\s+passing\s+(?:this|it)\s+(?:along|on)\b",
    re.IGNORECASE,
)
# ... unless they sign for the organization ("I am signing on its behalf").
_FOR_IT = re.compile(
    r"\b(?:I['’]m|I am|I)\s+(?:also\s+)?(?:sign(?:ing)?|sign on)\s+(?:(?:it\s+)?on\s+"
    r"(?:its|our|their|the \w+['’]s)\s+behalf|on behalf of|for (?:the|our))\b",
    re.IGNORECASE,
)


def _found(pattern: re.Pattern[str], sentence: str, low: str, negatable: bool = True) -> bool:
    """Whether ``pattern`` matches ``sentence`` (``low``: in lower case) somewhere no
    negation governs."""
    key = id(pattern)
    if not _GATES[key].may_match(sentence, low) or not _ANY[key].search(sentence, low):
        return False  # no match at all: found alternative by alternative, behind gates
    for match in pattern.finditer(sentence):
        if not negatable or not _negated(_clause_before(sentence, match.start())):
            return True
    return False


def _searched(pattern: re.Pattern[str], sentence: str, low: str) -> bool:
    key = id(pattern)
    return _GATES[key].may_match(sentence, low) and _ANY[key].search(sentence, low)


# Exact gates before the cue patterns, each a long alternation tried at every position
# of a sentence (:mod:`intake.extract.gates`). Kept by the pattern's id: a compiled
# pattern's hash is worked out afresh from its whole code each time it is asked (for
# these long alternations, more than the gate itself costs).
_CUES = (_ORG_SIGNS, _PERSONAL, _EXPLICIT_BOTH, _ONLY_INDIVIDUAL, _ORG_ONLY)
_GATES = {id(p): Gate(p) for p in _CUES}
_ANY = {id(p): AnyOf(p) for p in _CUES}
_NOT_ME_ANY = AnyOf(_NOT_ME)
_CLAUSE_BREAK = re.compile(r"[,;:()]|\s[-–—]+\s|\bbut\b|\bhowever\b", re.IGNORECASE)


def _clause_before(sentence: str, at: int) -> str:
    """The words of the clause that stand before position ``at``."""
    head = sentence[:at]
    pieces = _CLAUSE_BREAK.split(head)
    return pieces[-1].lower() if pieces else ""


# Cheap gates: a pattern can only match a sentence that holds one of these pieces.
_ONLY_PIECES = ("only", "does", "not", "n't", "n’t", "individuals", "stay")
_ORG_ONLY_PIECES = ("only", "not", "n't", "n’t")
_ORG_PIECES = words(
    """organi behalf us as we sign on voted for our and the and our plus como tant au nom
    namen طرف имени nombre nome institution"""
)
_PERSON_PIECES = words(
    "person individual myself me my name titre título فرد частное persön persoon pessoal"
)
_BOTH_PIECES = words(
    "both ambos ambas deux هم también também also et und and pessoal personal tanto fois sowohl"
)
_NEGATION_WORDS = words("not cannot separately later yet unable without if never longer")


def _has(low: str, pieces: Iterable[str]) -> bool:
    return holds_any(low, pieces)


def _negated(low: str) -> bool:
    return bool(_NEGATION_WORDS & set(_WORDS.findall(low))) or "n't" in low or "n’t" in low


def _signing_words(sentence: str) -> bool:
    return bool(_SIGNING.search(sentence))


_WORDS = re.compile(r"\w+")
_SIGNING = re.compile(r"sign|add|list|include|firm|agreg|ajout|امضا|подпис|добав", re.I)
