"""Names that are pieces of another signer's title, not people.

A title of several parts ("Senior Lecturer in Religion and Cultural Studies",
"Archbishop of the Diocese of East Shewa") can be read twice: once as the title,
and once more, cut at "of", "in" or "and", as the name of one more signer
("Cultural Studies", "East Shewa"). A signer whose name is another signer's
title, or such an end of it, is left out of the reading. Only another signer's
title counts (never the signer's own, so a reading is never emptied), and not a
title that names someone after "to" or "for" ("Assistant to Bishop Mathewos"):
the person it names may sign too.
"""

from __future__ import annotations

import re
from dataclasses import replace

from intake.extract.model import Extraction, Signer
from intake.extract.text import fold

REASON = "a name that is a piece of another signer's title left out"
_JOINS = r"(?:of|in|and|de|del|di|des|du|da|do)"


def apply(reading: Extraction) -> Extraction:
    """``reading`` without the signers whose names are pieces of another's title."""
    if len(reading.signers) < 2:
        return reading
    kept = tuple(s for s in reading.signers if not _piece(s, reading.signers))
    if len(kept) == len(reading.signers):
        return reading
    return replace(reading, signers=kept, reasons=(*reading.reasons, REASON))


def _piece(signer: Signer, signers: tuple[Signer, ...]) -> bool:
    name = fold(signer.name or "")
    if not name:
        return False
    end = re.compile(rf"\b{_JOINS}\s+(?:the\s+)?{re.escape(name)}(?!\w)", re.IGNORECASE)
    for other in signers:
        title = fold(other.title or "")
        if other is signer or not title:
            continue
        if title.casefold() == name.casefold() or end.search(title):
            return True
    return False
