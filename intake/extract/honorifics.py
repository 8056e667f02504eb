"""Words written before a name that are not part of it, learned from labelled mail.

The labelling policy prints a name without the honorifics and ranks written
before it ("Rebbetzin Devorah Katz" is printed "Devorah Katz"). The rules know a
hand-made list; traditions and languages have many more. ``python -m training``
learns two things from the labelled sets, shipped in ``models/honorifics.json``:

- a list: a word that stands right before a labelled name in at least two
  messages (or in one, when it is no one's given name in any of Faker's locales)
  and is never part of any labelled name;
- a model for the words the list does not know ("Pasteure", "Rvdo.", "Ustadzah"):
  a logistic model of the first word of a name, on what generalises across
  languages (its letters at either end, its shape, whether it is a given or middle
  name in Faker's lists or the first word of a labelled name, unaccented and
  shipped with the model, and whether the sender's name or address has it). It is
  fitted on the words before labelled names and on the first words of names the
  reader read, where the labels say which were not the name's.

:func:`apply` takes such words off the front of every signer's name, keeping at
least one word; an initial ("J. Thomas Whitaker") is never taken off by the model,
nor a word of a name that does not read as a person's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from intake.extract import linear, names, vocab
from intake.extract.model import Extraction, Signer
from intake.extract.text import fold, unaccented

MODEL = "honorifics.json"
HONORIFIC, NAME = "honorific", "name"
REASON = "a word before a name read as a form of address, not part of it"
_HAND = vocab.HONORIFICS | vocab.ROLE_HONORIFICS


def apply(
    reading: Extraction,
    model: dict[str, Any] | None = None,
    sender: tuple[str, str] = ("", ""),
) -> Extraction:
    """``reading`` with learned honorifics taken off the front of its signers' names.

    ``model``: a document other than the shipped one (training). ``sender``: the
    sender's display name and address, which the model weighs.
    """
    model = model or linear.load(MODEL)
    if model is None or not reading.signers:
        return reading
    signers = tuple(_without(s, _as_set(model["words"])) for s in reading.signers)
    learned = model.get("model")
    guessed = False
    if learned is not None:
        signers, guessed = _guessed(signers, learned, _as_set(model["given"]), sender)
    if signers == reading.signers:
        return reading
    reasons = reading.reasons + ((REASON,) if guessed else ())
    return replace(reading, signers=signers, reasons=reasons)


def given_names(model: dict[str, Any] | None = None) -> frozenset[str]:
    """The given names the model knows (as :func:`given_form` writes them); none without
    a model, or with the word list alone. ``model``: a document other than the shipped
    one (training)."""
    model = model or linear.load(MODEL)
    return _as_set(model["given"]) if model is not None and "given" in model else frozenset()


def key(word: str) -> str:
    """How a word is looked up: lower case, without dots at its ends."""
    return word.lower().strip(".")


def given_form(word: str) -> str:
    """How a word is looked up among given names: as :func:`key` does, unaccented."""
    return unaccented(key(word))


def features(
    word: str,
    rest: Sequence[str],
    title: str | None,
    sender: tuple[str, str],
    given: frozenset[str],
) -> dict[str, float]:
    """What the model weighs about ``word``, written before the words ``rest`` of a
    name whose signer has ``title``, in mail from ``sender`` (display name, address)."""
    k = key(word)
    found = {
        f"start3:{k[:3]}": 1.0,
        f"end3:{k[-3:]}": 1.0,
        f"length:{min(len(k), 8)}": 1.0,
        f"rest:{min(len(rest), 3)}": 1.0,
    }
    if len(k) >= 4:
        found[f"start4:{k[:4]}"] = 1.0
        found[f"end2:{k[-2:]}"] = 1.0
    first = word[:1]
    marks = (
        ("dot", word.endswith(".")),
        ("capitals", word.isupper() and len(k) > 1),
        ("lower case", first.islower()),
        ("no case", first.lower() == first.upper()),
        ("hyphen", "-" in word.strip("-")),
        ("not letters", not k.isalpha()),
        ("hand-made list", k in _HAND),
        ("given name", given_form(word) in given),
        ("next an initial", bool(rest) and names.is_initial(rest[0])),
        ("in the sender's name", k in {key(w) for w in sender[0].split()}),
        ("in the sender's address", len(k) >= 3 and k in sender[1].split("@")[0].lower()),
        ("in the title", bool(title) and k in {key(w) for w in (title or "").split()}),
    )
    found.update({mark: 1.0 for mark, holds in marks if holds})
    return found


_SETS: list[tuple[list[str], frozenset[str]]] = []  # the last few lists, as sets


def _as_set(words: list[str]) -> frozenset[str]:
    """A list of a model document (its words, its given names) as a set, made once per
    document rather than once per reading."""
    for listed, found in _SETS:
        if listed is words:
            return found
    found = frozenset(words)
    _SETS[:] = [(words, found), *_SETS[:3]]
    return found


def _without(signer: Signer, words: frozenset[str]) -> Signer:
    if not signer.name:
        return signer
    parts = signer.name.split()
    while len(parts) > 1:
        if key(parts[0]) in words:
            parts = parts[1:]
        elif len(parts) > 2 and names.is_initial(parts[0]) and key(parts[1]) in words:
            parts = parts[2:]  # "V. Rev." : the initial of a rank
        else:
            break
    name = " ".join(parts)
    return signer if name == fold(signer.name) else replace(signer, name=name)


def _guessed(
    signers: tuple[Signer, ...],
    model: dict[str, Any],
    given: frozenset[str],
    sender: tuple[str, str],
) -> tuple[tuple[Signer, ...], bool]:
    out: list[Signer] = []
    for signer in signers:
        parts = (signer.name or "").split()
        if parts and names.looks_like_person(signer.name or ""):
            while len(parts) > 1 and not names.is_initial(parts[0]):
                found = features(parts[0], parts[1:], signer.title, sender, given)
                if linear.best(model, found)[0] != HONORIFIC:
                    break
                parts = parts[1:]
        name = " ".join(parts)
        out.append(signer if not parts or name == signer.name else replace(signer, name=name))
    kept = tuple(out)
    return kept, kept != signers
