"""Names as the letter prints them, and what a short phrase is: person, role, organization.

Honorifics and post-nominals come off a person's name; Jr./III stay; a name
typed all in capitals or all in lower case gets normal capitalization; any
other spelling, script and particle stays as typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from nameparser.config import CONSTANTS

from intake.extract import vocab
from intake.extract.text import fold, is_lower, is_upper, trim

_TOKEN_EDGE = ".,;:()\"'“”‘’"  # noqa: S105 (punctuation, not a password)
_CONNECTORS = {"the", "his", "her", "your", "most", "very", "right", "rt"}
_NAME_TOKEN = re.compile(r"^[^\W\d_](?:[^\W\d_]|[-'’.])*$")
_INITIAL = re.compile(r"^[^\W\d_]\.$")
_LIBRARY_POSTNOMINALS = frozenset(CONSTANTS.suffix_acronyms) | frozenset(
    CONSTANTS.suffix_not_acronyms
)
_NOT_NAMES = vocab.words(
    """thanks thank dear hello hi regards best please team committee board office staff
    desk the and for with from sent love peace shalom blessings cheers yours sincerely
    greetings friends all everyone coordinator signatories signature letter church
    information info admin administrator secretary reception contact mail email
    unknown user customer support service help helpdesk noreply no-reply
    i i'm i’m im we my our me he she his her it this that yes no ok hope
    use add list include put see find count record note attached below above
    a an as at by in is of on or to be are was will would can sign signing individual
    individually organization organisation organizational personally same above ditto
    none n/a na name title organization organisation org position role affiliation capacity
    signature"""
)
# Short words that are also surnames ("Nou Her", "Mary Will"): no name after the first
# word only when typed in lower case.
_WORDS_ALSO_NAMES = vocab.words("he she his her it will may hope love an no me we so on")
# A name in a script written without spaces (Chinese, Japanese, Korean): two to five signs.
_CJK_NAME = re.compile(r"^[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]{2,5}$")
_NOT_IN_NAMES = re.compile(r"[\d@:;!?/\\<>=+*#%&]")
_QUOTES = re.compile(r"[\"“”«»]")
_SMALL_WORDS = vocab.words("of the and for in on at to a an de la del y et du des für und")
# Short words that are words, not acronyms, when a title or organization is typed in capitals.
_SHORT_WORDS = vocab.words(
    """new old our one two all god way day his her its who san los las van von st st. mt mt.
    ft ft. inc inc. ltd co co. mr mrs ms dr rev fr sr"""
)
_ACRONYM_KEEP_MAX = 4
# A word alone in brackets after an organization's name is its short form: "(CLASFON)".
_SHORT_FORM = re.compile(r"^\([^\W\d_]{2,10}\)[,.;:]?$")
_LETTER = re.compile(r"[^\W\d_]")
_DOTS_AND_SPACES = re.compile(r"[.\s]")
_OF_WORDS = frozenset({"of", "de", "del", "for", "di", "du", "des", "da", "für", "van", "voor"})


@dataclass(frozen=True, slots=True)
class CleanName:
    """A printed name and the role written before it ("Bishop"), if any."""

    name: str
    role: str | None = None


def compact(token: str) -> str:
    """Lower case without dots, spaces or edge punctuation: "Ph.D." -> "phd"."""
    return _DOTS_AND_SPACES.sub("", token.strip(_TOKEN_EDGE + " ").lower())


def is_postnominal(part: str, library: bool = False) -> bool:
    """True for post-nominal letters ("Ph.D.", "SJ"); with ``library`` also nameparser's list."""
    key = compact(part)
    if not key or key in {"jr", "sr", "ii", "iii", "iv", "junior", "senior"}:
        return False
    if key in vocab.POSTNOMINALS:
        return True
    return library and key in _LIBRARY_POSTNOMINALS and (part.isupper() or "." in part)


def is_suffix(token: str) -> bool:
    """True for a generational suffix (Jr., Sr., III)."""
    return token.strip(",").lower() in vocab.SUFFIXES


def _is_honorific(token: str, previous: str = "") -> bool:
    key = token.lower().strip(_TOKEN_EDGE)
    if key in vocab.STYLED:
        return previous in {"his", "her", "your"}
    return key in vocab.HONORIFICS or key in vocab.ROLE_HONORIFICS


def is_honorific_word(token: str, previous: str = "") -> bool:
    """True for a word that may stand before a name as an honorific ("Dr.", "Rev", "The");
    "Grace" or "Eminence" only after "His", "Her" or "Your"."""
    return _is_honorific(token, previous)


def strip_honorifics(text: str) -> tuple[str, str | None]:
    """Remove leading honorifics; return the rest and the role honorific, if any."""
    tokens = fold(text).split(" ")
    role: str | None = None
    previous = ""
    while len(tokens) > 1 and _is_honorific(tokens[0], previous):
        key = tokens[0].lower().strip(_TOKEN_EDGE)
        if key in _CONNECTORS and not _is_honorific(tokens[1], key):
            break
        if key in vocab.ROLE_HONORIFICS:
            role = key.capitalize()
        previous = key
        tokens = tokens[1:]
    return " ".join(tokens), role


def strip_postnominals(text: str) -> str:
    """Drop post-nominal letters after the name ("..., Ph.D., J.D." or "... SJ").

    Letters come in runs: a short all-capital part right after a known post-nominal
    ("M.Div., BCC") is one too.
    """
    parts = [p.strip() for p in text.split(",")]
    kept = [parts[0]]
    after_letters = False
    for part in parts[1:]:
        letters = is_postnominal(part, library=True) or (after_letters and _lettered(part))
        after_letters = letters
        if not letters:
            kept.append(part)
    tokens = ", ".join(p for p in kept if p).split(" ")
    while len(tokens) > 2 and _trailing_letters(tokens):
        tokens = tokens[:-1]
    return " ".join(tokens).rstrip(", ")


def _lettered(part: str) -> bool:
    """A short run of capitals (with or without dots) that reads as post-nominal letters."""
    bare = part.replace(".", "").strip()
    return 2 <= len(bare) <= 6 and bare.isalpha() and bare.isupper() and not is_suffix(bare)


def postnominal_run(parts: list[str]) -> int:
    """How many of ``parts`` (those after a name) are post-nominal letters, from the start."""
    count = 0
    for part in parts:
        if is_postnominal(part, library=True) or (count and _lettered(part)):
            count += 1
            continue
        break
    return count


def _trailing_letters(tokens: list[str]) -> bool:
    """The last word is post-nominal letters: a known one, or capitals without a vowel.

    (The cheap conditions are asked first: most last words are a surname.)
    """
    last = tokens[-1]
    if _looks_lettered(last) and is_postnominal(last, library=True):
        return True
    capitalized = last[:1].isupper()
    if capitalized and is_postnominal(last) and sum(c.isupper() for c in last) >= 2:
        return True  # "MSc", "PhD", "DMin"
    bare = last.strip(",").replace(".", "")
    if not (2 <= len(bare) <= 6 and bare.isupper()) or set(bare) & set("AEIOUY"):
        return False
    return any(not t.isupper() for t in tokens[:-1])


def _looks_lettered(token: str) -> bool:
    bare = token.strip(",")
    return bare.isupper() or "." in bare


def fix_case(text: str) -> str:
    """Normal capitalization for a name typed all in capitals or all in lower case."""
    if not (is_upper(text) or is_lower(text)):
        return text
    tokens = text.split(" ")
    return " ".join(_cap_token(t, i == 0) for i, t in enumerate(tokens))


def _cap_token(token: str, first: bool) -> str:
    lower = token.lower()
    if lower.strip(".,") in {"ii", "iii", "iv"}:
        return token.upper()
    if not first and lower in vocab.PARTICLES:
        return lower
    pieces = re.split(r"([-'’])", lower)
    # A possessive or contraction ("mary's", "don't") keeps its last letter small.
    out = "".join(
        p if p in "-'’" or (i > 1 and pieces[i - 1] in "'’" and len(p) == 1) else _upper_first(p)
        for i, p in enumerate(pieces)
    )
    if re.match(r"^Ma?c[a-z]{3,}", out) and lower.startswith("mc"):
        out = out[:2] + out[2].upper() + out[3:]
    return out


def _upper_first(piece: str) -> str:
    """``piece`` with its first letter in capitals, past any opening mark ("(the")."""
    found = _LETTER.search(piece)
    if found is None:
        return piece
    at = found.start()
    return piece[:at] + piece[at].upper() + piece[at + 1 :]


@lru_cache(maxsize=8192)
def clean_name(raw: str) -> CleanName | None:
    """The printed form of a person's name, or None when nothing is left."""
    text = trim(_without_remark(raw))
    text, role = strip_honorifics(text)
    text = trim(strip_postnominals(text))
    if not text or not any(c.isalpha() for c in text):
        return None
    return CleanName(fix_case(text), role)


# A bracket that ends a name, set off by a space, closed or left open.
_BRACKET = re.compile(r"\s+[(\[](?P<inner>[^()\[\]]*)[)\]]?\s*$")
_REMARK_WORDS = 2
_SPACES_OR_SLASHES = re.compile(r"[\s/]+")


def _without_remark(raw: str) -> str:
    """A name without a remark in brackets after it ("Suparmi (I only have one name)",
    "박지훈 (in English: Park Ji-hoon, if you need it)", "(she/her)"): a bracket at its
    end, set off by a space, that holds words of prose in lower case that are no name's
    particles. Another spelling or script in brackets stays ("Ιερώνυμος (Ieronymos)"),
    and so does anything that is not prose: markup or a formula is printed as written."""
    found = _BRACKET.search(raw) if "(" in raw or "[" in raw else None
    if found is None or found.start() == 0:
        return raw
    tokens = (t.strip(",.;:!?\"'") for t in _SPACES_OR_SLASHES.split(found.group("inner")))
    words = [t for t in tokens if t.isalpha() and t.islower() and t not in vocab.PARTICLES]
    if len(words) < _REMARK_WORDS:
        return raw
    return raw[: found.start()]


def tokens_of(text: str) -> list[str]:
    """Words of ``text`` with edge punctuation and a possessive "'s" removed."""
    out: list[str] = []
    for token in fold(text).split(" "):
        bare = token.strip(_TOKEN_EDGE)
        if len(bare) > 3 and bare[-2:] in ("'s", "’s"):
            bare = bare[:-2]
        if bare:
            out.append(bare)
    return out


@lru_cache(maxsize=8192)
def looks_like_person(text: str) -> bool:
    """True when ``text`` reads as a person's full name (two to six name words)."""
    if len(text) > 80 or text.count(" ") > 9 or _NOT_IN_NAMES.search(text):
        return False
    if _one_plain_word(text):
        return False  # told before the name is cleaned: most texts asked are no names
    cleaned = clean_name(text)
    if cleaned is None or not _comma_ok(cleaned.name) or _QUOTES.search(cleaned.name):
        return False
    tokens = tokens_of(cleaned.name.replace(",", " "))
    tokens = [t for t in tokens if not is_suffix(t)]
    if len(tokens) == 1 and _CJK_NAME.match(tokens[0]):
        return True
    if not 2 <= len(tokens) <= 6:
        return False
    if tokens[0].lower() in vocab.TITLE_WORDS and tokens[1].lower() in _OF_WORDS:
        return False  # "Obispo de Villa Esperanza", "Director of Programs"
    return all(_name_token(t, i) for i, t in enumerate(tokens)) and not _has_vocab(tokens)


def _one_plain_word(text: str) -> bool:
    """One word in ASCII, without a comma: cleaned, it is at most one word still, and a
    name of one word is read only in a script written without spaces (``_CJK_NAME``)."""
    return text.isascii() and "," not in text and len(text.split()) <= 1


def _comma_ok(name: str) -> bool:
    """A comma in a name only before a generational suffix ("Robert Ellis, Jr.")."""
    return all(is_suffix(part.strip()) for part in name.split(",")[1:])


def is_initial(token: str) -> bool:
    """One letter and a full stop ("A." in "Reginald A. Coleman", "V." in "V. Rev.")."""
    return _INITIAL.match(token) is not None


def _name_token(token: str, index: int) -> bool:
    if not _NAME_TOKEN.match(token) and not is_initial(token):
        return False
    first = token[0]
    if first.lower() == first.upper():  # scripts without case (Persian, Hebrew ...)
        return True
    if first.isupper():
        return True
    return index > 0 and token.lower() in vocab.PARTICLES


_NEVER_IN_NAMES = vocab.ORG_WORDS | _NOT_NAMES | vocab.SIGN_OFFS | vocab.JOB_WORDS


def _has_vocab(tokens: list[str]) -> bool:
    # An initial ("A." in "Reginald A. Coleman") is no word, even when it spells one.
    lowered = {
        t.lower()
        for i, t in enumerate(tokens)
        if not (len(t) == 1 and t.isupper())
        and not (i > 0 and t[:1].isupper() and t.lower() in _WORDS_ALSO_NAMES)
    }
    if lowered & _NEVER_IN_NAMES:
        return True
    if any(_compound_org(t) for t in lowered):
        return True
    if lowered & vocab.TITLE_WORDS and len(lowered & vocab.TITLE_WORDS) * 2 >= len(tokens):
        return True
    return all(t.isupper() and len(t) > 1 for t in tokens) and len(tokens) < 2


# "City, State" or "City, Country": one to three capitalized words either side of a comma.
_PLACE = re.compile(
    r"^[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,2},\s*[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,2}\.?$"
)


def is_place(text: str) -> bool:
    """True for a line that names only a place ("Portland, Oregon", "San Antonio, TX").

    A name with letters after it ("Hannah Okonkwo-Reid, MSW") or a generational
    suffix ("Robert Ellis, Jr.") is no place.
    """
    text = fold(text)
    if not _PLACE.match(text) or title_score(text) or org_score(text):
        return False
    after = text.rsplit(",", 1)[1].strip()
    return not (is_postnominal(after, library=True) or is_suffix(after))


@lru_cache(maxsize=8192)
def org_score(text: str) -> int:
    """How strongly ``text`` reads as an organization's name (0: not at all)."""
    tokens = [t.lower() for t in tokens_of(text)]
    if not tokens:
        return 0
    score = 2 * sum(t in vocab.ORG_WORDS or _compound_org(t) for t in tokens)
    if len(tokens) >= 3 and any(
        t in {"of", "for", "de", "del", "voor", "für", "pour"} for t in tokens
    ):
        score += 1
    return score


def _compound_org(token: str) -> bool:
    """A compound word that ends in an organization word ("Kirchenkreis", "Landeskirche")."""
    return len(token) > 8 and token.endswith(vocab.ORG_ENDINGS)


@lru_cache(maxsize=8192)
def title_score(text: str) -> int:
    """How strongly ``text`` reads as a role or job title (0: not at all)."""
    tokens = [t.lower() for t in tokens_of(text)]
    if not tokens or len(tokens) > 10:
        return 0
    score = 2 * sum(t in vocab.TITLE_WORDS for t in tokens[:4])
    if tokens[0] in vocab.TITLE_WORDS or tokens[-1] in vocab.TITLE_WORDS:
        score += 1
    return score


def first_name_of(name: str) -> str:
    """The first word of a name (for matching a sign-off like "Sarah")."""
    tokens = tokens_of(name)
    return tokens[0].lower() if tokens else ""


def from_display(display: str) -> str | None:
    """A person's name from a From display name ("Last, First" turned around), or None."""
    text = trim(display.replace('"', ""))
    if "," in text:
        last, _, first = text.partition(",")
        suffix = [t for t in first.split() if is_suffix(t)]
        first = " ".join(t for t in first.split() if not is_suffix(t))
        if looks_like_person(f"{first} {last}"):
            text = " ".join([first.strip(), last.strip(), *suffix])
    if not looks_like_person(text):
        return None
    cleaned = clean_name(text)
    return cleaned.name if cleaned else None


def _is_acronym(word: str) -> bool:
    """A short all-capital word that is no common word (AME, UK, USA) stays as typed."""
    key = word.lower()
    return (
        len(word) < _ACRONYM_KEEP_MAX and word.isalpha() and key not in _SMALL_WORDS | _SHORT_WORDS
    )


def normal_case(text: str) -> str:
    """A title or organization typed all in capitals, in normal capitalization.

    Short all-capital words that are not common small words stay (AME, UK).
    """
    if not is_upper(text):
        return text
    out: list[str] = []
    for index, token in enumerate(text.split(" ")):
        bare = token.strip(_TOKEN_EDGE)
        if bare.lower() in _SMALL_WORDS and index > 0:
            out.append(token.lower())
        elif _is_acronym(bare) or _SHORT_FORM.match(token):
            out.append(token)
        else:
            out.append(_cap_token(token, True))
    return " ".join(out)
