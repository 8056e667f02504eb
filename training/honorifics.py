"""Learn the words written before names that are not part of them
(``intake/extract/models/honorifics.json``, see :mod:`intake.extract.honorifics`)."""

from __future__ import annotations

import importlib
import re
from collections import Counter, defaultdict
from functools import cache
from typing import Any

from faker.config import AVAILABLE_LOCALES

from intake.extract.honorifics import key
from training.examples import Example

MIN_MESSAGES = 2  # a word must stand before a labelled name in this many messages,
# or in one, when it is no one's given name in any of Faker's locales ("Don", "Grace")
_WORD = r"[^\W\d_][^\s,;:()<>\"]*"


@cache
def _given_names() -> frozenset[str]:
    """The given names Faker ships for every locale, in the lookup form of :func:`key`."""
    found: set[str] = set()
    for locale in AVAILABLE_LOCALES:
        try:
            module = importlib.import_module(f"faker.providers.person.{locale}")
        except ImportError:
            continue
        for attribute in ("first_names", "first_names_male", "first_names_female"):
            names = getattr(module.Provider, attribute, ())
            if isinstance(names, (list, tuple, dict)):
                found.update(key(str(n)) for n in names)
    return frozenset(found)


def learn(examples: list[Example]) -> dict[str, Any]:
    """The words that stand right before a labelled name in at least ``MIN_MESSAGES``
    messages of ``examples`` (or in one, when no locale has them as a given name)
    and are never part of a labelled name there."""
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
    given = _given_names()
    words = sorted(
        w
        for w, seen in before.items()
        if (len(seen) >= MIN_MESSAGES or w not in given) and not inside[w] and w.isalpha()
    )
    about = "intake.extract.honorifics: learned by python -m training"
    return {"about": about, "words": words}
