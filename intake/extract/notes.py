"""Notes written into a value that are not part of it: "(for identification only)",
"- individual", "Email: ...".

People add how they sign, or why the affiliation is there, right after the title
or organization: "Diocese of St Albans (for identification only)", "Senior
Pastor - Individual", "UMD Cru (just ID)". The labelling policy prints the
title and the organization without them, in whatever language the note is in;
both readers print their values through ``draft.printed``, which uses this.
"""

from __future__ import annotations

import re

# Words that make a parenthesis or a value's tail a note about how someone signs.
CAPACITY_NOTE = re.compile(
    r"individual|organi[sz]ation|\bboth\b|personal|capacity|behalf|identification|\bid\b|"
    r"myself|\bsigning\b|affiliation|\bnone\b|\bn/?a\b",
    re.IGNORECASE,
)
# "(none)" and "(none: the organization signs)" as our confirmation prints a missing value.
NONE_VALUE = re.compile(
    r"^(?:none|n/?a|no|-+|—|nil|null|not applicable|no affiliation|unaffiliated|independent|"
    r"ninguna|ninguno|no aplica|não se aplica|nao se aplica|aucune|aucun|sans objet|keine|"
    r"нет|ندارد)(?:\.|\s*[,:;–—-]\s*[^\n]{0,60}|\s+\([^\n]{0,60}\)?)?$",
    re.IGNORECASE,
)
# A part of an entry that is only a capacity: "both", "signing as an individual".
CAPACITY_PART = re.compile(
    r"^(?:(?:signing|sign|signs)\s+)?(?:as\s+)?(?:an?\s+)?(?:both|individual(?:ly)?|"
    r"organi[sz]ation(?:al)?|personally|in (?:a|my) personal capacity)\b",
    re.IGNORECASE,
)
# A parenthesis that is a note, not a part of a name ("(OCA)", "(Kuala Lumpur)"
# stay): closed, or left open at the end of the value.
_NOTE_PARENTHESIS = re.compile(
    r"\s*\((?P<inner>[^()]*?(?:identifi[ck]a\w*|идентифика\w*|\bid\b|affiliation|"
    r"individual\w*|personal\w*|capacity|\bboth\b|\bonly\b)[^()]*)(?:\)|$)",
    re.IGNORECASE,
)
# A tail that says how the signer signs: "- Individual", ": individual", "both me and
# the org"; at most a few words after the cue.
_CAPACITY_TAIL = re.compile(
    r"(?:\s*[-–—:;,]\s*|\s+)(?:(?:signing|signs?)\s+)?(?:as\s+)?(?:an?\s+)?"
    r"(?:both|individual(?:ly)?|personally|in (?:a|my|their|his|her) personal capacity)"
    r"(?:\s+[^\s,;()]+){0,5}\s*$",
    re.IGNORECASE,
)
# Contact details run on after the value: "Email: jane@...", "Tel. +1 ...".
_CONTACT_TAIL = re.compile(
    r"[\s,;|]+(?:e-?mail|tel|phone|mobile|cell|fax|web(?:site)?)\s*[:.]\s*\S.*$",
    re.IGNORECASE,
)


# A cue after one of these words is part of a name: "Center for the Individual".
_JOINING = frozenset({"a", "an", "and", "for", "in", "of", "on", "the", "to", "with"})


def without_notes(value: str) -> str:
    """``value`` without capacity and identification notes or contact details after it."""
    text = _NOTE_PARENTHESIS.sub("", _CONTACT_TAIL.sub("", value))
    tail = _CAPACITY_TAIL.search(text)
    if tail is None:
        return text.strip()
    head = text[: tail.start()].strip()
    last = head.split()[-1].lower() if head else ""
    return text.strip() if not head or last in _JOINING else head
