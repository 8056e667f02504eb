"""Sort keys a letter's list is ordered by: surnames with particles, folded accents, any script.

A surname sorts under its core ("van Gogh" under G, "al-Yacoubi" under Y, as
English-language lists of signatories usually do); accents fold ("Çelik" with
C); a name in a script other than Latin (or written without spaces, as Chinese,
Japanese and Korean names often are) sorts as written, after the Latin ones.
"""

from __future__ import annotations

import re
import unicodedata

from nameparser import HumanName

from intake.extract.text import unaccented

PARTICLES = frozenset(
    {"van", "von", "der", "den", "de", "del", "della", "dei", "di", "da", "das", "do", "dos"}
    | {"du", "des", "la", "le", "lo", "ter", "ten", "bin", "ibn", "bint"}
)
_ARTICLE = re.compile(r"^(?:al|el)[-\u2010\u2011](?=\w)", re.IGNORECASE)
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)

SortKey = tuple[int, str, str, str]


def fold(text: str | None) -> str:
    """Case- and accent-free text for comparison ("Çelik-Öztürk" -> "celik-ozturk")."""
    return " ".join(unaccented(text or "").casefold().split())


def script_rank(text: str) -> int:
    """0 for Latin script (or no letters), 1 for any other: Latin names come first."""
    for char in text:
        if char.isalpha():
            return 0 if unicodedata.name(char, "").startswith("LATIN") else 1
    return 0


def surname(name: str) -> str:
    """The part of a surname a list sorts by: particles and an Arabic article dropped."""
    parsed = HumanName(name)
    last = parsed.last or name
    words = last.split()
    while len(words) > 1 and words[0].casefold() in PARTICLES:
        words.pop(0)
    return _ARTICLE.sub("", " ".join(words))


def person_key(name: str | None) -> SortKey:
    """Sort by surname, then given name, then the name as written."""
    if not name or " " not in name.strip():
        return (script_rank(name or ""), fold(name), "", fold(name))
    core = surname(name)
    return (script_rank(core), fold(core), fold(HumanName(name).first), fold(name))


def organization_key(name: str | None) -> tuple[int, str]:
    """Sort an organization by its name without a leading "The"."""
    text = _LEADING_THE.sub("", (name or "").strip())
    return (script_rank(text), fold(text))
