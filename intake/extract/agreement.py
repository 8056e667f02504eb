"""Two readers of one sign-on: the rules' reading, the tagger's, and the reading both make.

The rules and the span tagger look at the same text in different ways: the rules
through labels, blocks and word lists fitted by hand, the tagger through what it
learned from labelled mail. Where they agree, the reading is far more often
right (``bench/DATA.md``); where they differ, the coordinator should look. The
calibration weighs that (:func:`features`), and :func:`combine` takes each
field from the tagger where it read one, from the rules otherwise, when both
find the same number of signers: measured out of fold on the calibration sets,
that reading is right more often than either alone.

Only signatures are combined: a correction names old and new values side by
side, and which is which is the rules' call.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from intake.extract import names, tagged, tagger, zones
from intake.extract.draft import same_org, same_person
from intake.extract.model import Capacity, Extraction, Kind, Signer
from intake.extract.notes import without_notes

FIELDS = ("name", "title", "organization")


@dataclass(frozen=True, slots=True)
class Agreement:
    """How the tagger's reading compares with the rules' (before they are combined)."""

    read: bool = False
    same_count: bool = False
    same: tuple[str, ...] = ()
    weakest: float = 0.0

    @property
    def complete(self) -> bool:
        """Same signers, the same in every field."""
        return self.read and self.same_count and len(self.same) == len(FIELDS)


def second_reading(reading: zones.Reading, model: Any = None) -> list[tagged.Draft] | None:
    """The tagger's signers for ``reading``, or None when no model ships.

    ``model``: an open ``pycrfsuite.Tagger`` other than the shipped one (training).
    """
    if model is None and not tagger.available():
        return None
    text, line_zones = tagger.document(reading)
    found = tagger.spans(text, line_zones, model)
    return tagged.signers(found, line_zones)


def combine(rules: Extraction, drafts: list[tagged.Draft] | None) -> tuple[Extraction, Agreement]:
    """The reading both readers make of a signature, and how far they agree."""
    if drafts is None or rules.kind is not Kind.SIGNATURE:
        return rules, Agreement()
    second = [_printed(d) for d in drafts]
    same_count = len(second) == len(rules.signers)
    same = tuple(
        f
        for f in FIELDS
        if same_count and all(_same(f, a, b) for a, b in zip(rules.signers, second, strict=True))
    )
    weakest = min((d.probability for d in drafts), default=0.0)
    agreement = Agreement(True, same_count, same, weakest)
    if not same_count or agreement.complete:
        return rules, agreement
    merged = tuple(_merge(a, b) for a, b in zip(rules.signers, second, strict=True))
    reasons = rules.reasons
    if merged != rules.signers:
        reasons = (*reasons, "the tagger reads some fields differently")
    return replace(rules, signers=merged, reasons=reasons), agreement


def features(agreement: Agreement) -> dict[str, float]:
    """What the calibration weighs of the agreement."""
    if not agreement.read:
        return {}
    found = {"second.read": 1.0, "second.weakest": agreement.weakest}
    if agreement.same_count:
        found["agree.count"] = 1.0
    for field in agreement.same:
        found["agree." + field] = 1.0
    if agreement.complete:
        found["agree.all"] = 1.0
    return found


def _printed(draft: tagged.Draft) -> Signer:
    """The tagger's signer as the policy prints it; a "name" that does not read as a
    person's (a formula, a fragment of a sentence) is no name."""
    person = draft.name and names.looks_like_person(draft.name)
    clean = names.clean_name(draft.name) if draft.name and person else None
    title = draft.title or (clean.role if clean else None)
    capacity = Capacity.INDIVIDUAL if clean else Capacity.ORGANIZATION
    return Signer(
        clean.name if clean else None, _value(title), _value(draft.organization), capacity
    )


def _value(text: str | None) -> str | None:
    return (without_notes(text) or None) if text else None


def _same(field: str, a: Signer, b: Signer) -> bool:
    left, right = getattr(a, field), getattr(b, field)
    if not left or not right:
        return not left and not right
    if field == "name":
        return same_person(left, right)
    if field == "organization":
        return same_org(left, right)
    return " ".join(left.casefold().split()) == " ".join(right.casefold().split())


def _merge(rules: Signer, second: Signer) -> Signer:
    """The name and organization from the tagger where it read them, the title from
    the rules where they read one (the order each field is more often right in, out
    of fold: bench/DATA.md); the rules' capacity, and no name where the rules print
    none (an organization signing as such)."""
    return Signer(
        (second.name or rules.name) if rules.name else None,
        rules.title or second.title,
        second.organization or rules.organization,
        rules.capacity,
    )
