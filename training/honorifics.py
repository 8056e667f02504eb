"""Learn the words written before names that are not part of them
(``intake/extract/models/honorifics.json``, see :mod:`intake.extract.honorifics`)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Any

from intake.extract.honorifics import key
from training.examples import Example

MIN_MESSAGES = 1  # a word must stand before a labelled name in this many messages
_WORD = r"[^\W\d_][^\s,;:()<>\"]*"


def learn(examples: list[Example]) -> dict[str, Any]:
    """The words that stand right before a labelled name in at least ``MIN_MESSAGES``
    messages of ``examples`` and are never part of a labelled name there."""
    before: dict[str, set[str]] = defaultdict(set)
    inside: Counter[str] = Counter()
    for example in examples:
        for signer in example.want.get("signers") or []:
            name = signer.get("name")
            if not name:
                continue
            inside.update(key(w) for w in name.split())
            pattern = rf"({_WORD})[ \t]+" + re.escape(name) + r"(?!\w)"
            for match in re.finditer(pattern, example.text):
                before[key(match.group(1))].add(example.key)
    words = sorted(
        w
        for w, seen in before.items()
        if len(seen) >= MIN_MESSAGES and not inside[w] and w.isalpha()
    )
    about = "intake.extract.honorifics: learned by python -m training"
    return {"about": about, "words": words}
