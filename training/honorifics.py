"""Learn the words written before names that are not part of them
(``intake/extract/models/honorifics.json``, see :mod:`intake.extract.honorifics`)."""

from __future__ import annotations

import importlib
import re
from collections import Counter, defaultdict
from functools import cache
from typing import Any

from faker.config import AVAILABLE_LOCALES

from intake.extract import names
from intake.extract.honorifics import HONORIFIC, NAME, features, given_form, key
from intake.extract.model import Extraction
from training import linear
from training.examples import Example

Row = tuple[dict[str, float], str]

MIN_MESSAGES = 2  # a word must stand before a labelled name in this many messages,
# or in one, when it is no one's given name in any of Faker's locales ("Don", "Grace")
_WORD = r"[^\W\d_][^\s,;:()<>\"]*"


_GIVEN = ("first_names", "first_names_male", "first_names_female")
_ALSO_GIVEN = (*_GIVEN, "first_names_unisex", "middle_names")


@cache
def _given_names(attributes: tuple[str, ...] = _GIVEN) -> frozenset[str]:
    """The given names Faker ships for every locale (its ``attributes`` of them), in
    the lookup form of :func:`key`."""
    found: set[str] = set()
    for locale in AVAILABLE_LOCALES:
        try:
            module = importlib.import_module(f"faker.providers.person.{locale}")
        except ImportError:
            continue
        for attribute in attributes:
            listed = getattr(module.Provider, attribute, ())
            if isinstance(listed, (list, tuple, dict)):
                found.update(key(str(n)) for n in listed)
    return frozenset(found)


@cache
def _given_forms() -> frozenset[str]:
    """What the model looks given names up by: every given and middle name, unaccented."""
    return frozenset(given_form(n) for n in _given_names(_ALSO_GIVEN))


def learn(examples: list[Example], read: list[Row] | None = None) -> dict[str, Any]:
    """The words that stand right before a labelled name in at least ``MIN_MESSAGES``
    messages of ``examples`` (or in one, when no locale has them as a given name)
    and are never part of a labelled name there; with ``read`` (rows from names the
    reader read, :func:`read_rows`), the model of the words the list does not know,
    fitted on those rows and on the labelled names of ``examples``."""
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
    document: dict[str, Any] = {"about": about, "words": words}
    if read is not None:
        rows = [row for example in examples for row in label_rows(example)] + read
        document["given"] = sorted(_given_forms() | _labelled_given(examples))
        document["model"] = linear.fit([f for f, _ in rows], [label for _, label in rows], about)
    return document


def _labelled_given(examples: list[Example]) -> set[str]:
    """The first words of the labelled names of two words or more ("Dov" of "Dov Ber
    Halpern"): given names too, for the model's lookup at run time (its examples look
    given names up in Faker's lists alone, so that this does not tell it the answer)."""
    return {
        given_form(parts[0])
        for example in examples
        for signer in example.want.get("signers") or []
        if len(parts := (signer.get("name") or "").split()) > 1 and not names.is_initial(parts[0])
    }


def label_rows(example: Example) -> list[Row]:
    """The model's examples in the labels of one message: the first word of each
    labelled name of two words or more (part of it), and the capitalised words (or,
    right before it, any word) written before a labelled name on its line (not)."""
    given = _given_forms()
    sender = (example.reading.sender_name, example.reading.sender_address)
    rows: list[Row] = []
    seen: set[tuple[str, str]] = set()
    for signer in example.want.get("signers") or []:
        name, title = signer.get("name"), signer.get("title")
        if not name:
            continue
        parts = name.split()
        if len(parts) > 1 and not names.is_initial(parts[0]):
            rows.append((features(parts[0], parts[1:], title, sender, given), NAME))
        inside = {key(p) for p in parts}
        pattern = rf"((?:{_WORD}[ \t]+){{1,2}})" + re.escape(name) + r"(?!\w)"
        for match in re.finditer(pattern, example.text):
            before = match.group(1).split()
            for at, word in enumerate(before):
                if at < len(before) - 1 and not word[:1].isupper():
                    continue
                if (word, name) in seen or key(word) in inside:
                    continue
                seen.add((word, name))
                rest = before[at + 1 :] + parts
                rows.append((features(word, rest, title, sender, given), HONORIFIC))
    return rows


def read_rows(example: Example, got: Extraction) -> list[Row]:
    """The model's examples in one reading (names the list has already trimmed): the
    first word of a name read right (part of it), and each word before a labelled
    name that a name read with it begins with (not)."""
    given = _given_forms()
    sender = (example.reading.sender_name, example.reading.sender_address)
    wanted = [s["name"] for s in example.want.get("signers") or [] if s.get("name")]
    rows: list[Row] = []
    for signer in got.signers:
        name = signer.name or ""
        parts = name.split()
        if len(parts) < 2:
            continue
        if name in wanted and not names.is_initial(parts[0]):
            rows.append((features(parts[0], parts[1:], signer.title, sender, given), NAME))
            continue
        for want in wanted:
            if name.endswith(" " + want):
                before = name[: -len(want)].split()
                for at, word in enumerate(before):
                    rest = before[at + 1 :] + want.split()
                    rows.append((features(word, rest, signer.title, sender, given), HONORIFIC))
    return rows
