"""Two readers of one sign-on: the rules' reading, the tagger's, and the reading both make.

The rules and the span tagger look at the same text in different ways: the rules
through labels, blocks and word lists fitted by hand, the tagger through what it
learned from labelled mail. Where they agree, the reading is far more often
right (``bench/DATA.md``); where they differ, the coordinator should look. The
calibration weighs that (:func:`features`). :func:`combine` pairs the two
readers' signers and keeps, field by field, the value that is more often right:
the tagger's name where it read one, and for a title or an organization the
two read differently, the reader the choice model picks
(:mod:`intake.extract.choice`).

Only signatures are combined: a correction names old and new values side by
side, and which is which is the rules' call.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from intake.extract import choice, names, roster, sureness, tagged, tagger, zones
from intake.extract.draft import printed, same_org, same_person, same_signer
from intake.extract.model import Capacity, Extraction, Kind, Signer
from intake.extract.text import fold

FIELDS = ("name", "title", "organization")


@dataclass(frozen=True, slots=True)
class Agreement:
    """How the tagger's reading compares with the rules' (before they are combined), and
    how sure the learned models were of their calls in the reading (``sure``)."""

    read: bool = False
    same_count: bool = False
    same: tuple[str, ...] = ()
    weakest: float = 0.0
    sure: sureness.Sureness = sureness.NONE

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


@dataclass(frozen=True, slots=True)
class Choice:
    """A field the two readers read differently for the rules' signer at ``index``."""

    index: int
    field: str
    rules: str | None
    tagger: str | None
    features: dict[str, float]


def combine(
    rules: Extraction,
    drafts: list[tagged.Draft] | None,
    reading: zones.Reading | None = None,
    models: Learned | None = None,
) -> tuple[Extraction, Agreement]:
    """The reading both readers make of a signature, and how far they agree.

    The signers are the rules' (the tagger's when the rules read none: out of fold,
    the tagger was then right more often than no signer at all); each is paired with
    the tagger's signer at the same place (when both read as many) or with the same
    name. The name comes from the tagger where it read one; where the two differ in
    title or organization, the choice model (:mod:`intake.extract.choice`) picks
    which reader to keep. Where the two count the signers differently, the roster
    model (:mod:`intake.extract.roster`) adds the signers only the tagger read that it
    takes for signers, and then drops a rules' signer the tagger did not read that it
    does not. ``models``: models other than the shipped ones (training).
    """
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
    if not rules.signers and second:
        # The rules read a sign-on but no signer in it: the tagger's signers, if any.
        reasons = (*rules.reasons, "signers read by the tagger alone")
        return replace(rules, signers=tuple(second), reasons=reasons), agreement
    models = models or Learned()
    merged, picks = _merged(rules.signers, second, drafts, models.choice, _own(reading))
    reasons = rules.reasons
    if merged != rules.signers:
        reasons = (*reasons, "the tagger reads some fields differently")
    paired = pairs(merged, second)
    found = _others(merged, second, paired, drafts, reading)
    calls = roster.sureness(found, models.roster)
    agreement = replace(
        agreement,
        sure=sureness.Sureness(
            choice=sureness.weakest(picks),
            choices=len(picks),
            roster=sureness.weakest(calls),
            others=len(calls),
        ),
    )
    kept = roster.chosen(merged, second, paired, found, models.roster)
    if kept != merged:
        merged = kept
        reasons = (*reasons, "signers only the tagger read are added")
    if merged == rules.signers:
        return rules, agreement
    return replace(rules, signers=merged, reasons=reasons), agreement


@dataclass(frozen=True, slots=True)
class Learned:
    """The choice and roster models to use instead of the shipped ones (training)."""

    choice: dict[str, Any] | None = None
    roster: dict[str, Any] | None = None


def others(
    rules: Extraction,
    drafts: list[tagged.Draft] | None,
    reading: zones.Reading | None,
    choice_model: dict[str, Any] | None = None,
) -> tuple[tuple[Signer, ...], list[Signer], list[roster.Other]]:
    """In a sign-on the two readers count differently: the rules' signers with the
    fields ``choice_model`` combined, the tagger's signers, and the signers only one
    of the two read (training)."""
    if drafts is None or rules.kind is not Kind.SIGNATURE or not rules.signers:
        return rules.signers, [], []
    second = [_printed(d) for d in drafts]
    merged, _ = _merged(rules.signers, second, drafts, choice_model, _own(reading))
    return merged, second, _others(merged, second, pairs(merged, second), drafts, reading)


def _merged(
    ours: tuple[Signer, ...],
    second: list[Signer],
    drafts: list[tagged.Draft],
    model: dict[str, Any] | None,
    text: str,
) -> tuple[tuple[Signer, ...], list[float]]:
    """The rules' signers with the tagger's names and, where the two readers differ in
    title or organization, the value the choice model picks; and the model's probability
    of each pick."""
    merged = list(ours)
    paired = pairs(ours, second)
    for index, other in paired:
        a, b = ours[index], second[other]
        merged[index] = replace(a, name=(b.name or a.name) if a.name else None)
    probabilities = [d.probability for d in drafts]
    picks: list[float] = []
    for found in _choices(ours, second, probabilities, paired, text):
        picked = choice.pick(found.features, model)
        if picked is not None:
            picks.append(picked[1])
        reader = picked[0] if picked else _fallback(found)
        value = found.tagger if reader == choice.TAGGER else found.rules
        signer = merged[found.index]
        merged[found.index] = (
            replace(signer, title=value)
            if found.field == "title"
            else replace(signer, organization=value)
        )
    return tuple(merged), picks


def _own(reading: zones.Reading | None) -> str:
    return reading.own if reading else ""


def _others(
    merged: tuple[Signer, ...],
    second: list[Signer],
    paired: list[tuple[int, int]],
    drafts: list[tagged.Draft],
    reading: zones.Reading | None,
) -> list[roster.Other]:
    own, sender_name = (reading.own, reading.sender_name) if reading else ("", "")
    probabilities = [d.probability for d in drafts]
    return roster.others(merged, second, probabilities, paired, own, sender_name)


def pairs(ours: tuple[Signer, ...], theirs: list[Signer]) -> list[tuple[int, int]]:
    """The rules' signers paired with the tagger's: by place when both read as many,
    otherwise by the same name (or, for signers without one, the same organization)."""
    if len(ours) == len(theirs):
        return [(i, i) for i in range(len(ours))]
    found: list[tuple[int, int]] = []
    taken: set[int] = set()
    for i, a in enumerate(ours):
        for j, b in enumerate(theirs):
            if j not in taken and same_signer(a, b):
                found.append((i, j))
                taken.add(j)
                break
    return found


def choices(ours: tuple[Signer, ...], drafts: list[tagged.Draft], text: str = "") -> list[Choice]:
    """Every title and organization the two readers read differently, paired signer by
    paired signer, with the choice model's features (``text``: the sender's own)."""
    theirs = [_printed(d) for d in drafts]
    probabilities = [d.probability for d in drafts]
    return _choices(ours, theirs, probabilities, pairs(ours, theirs), text)


def _choices(
    ours: tuple[Signer, ...],
    theirs: list[Signer],
    probabilities: list[float],
    paired: list[tuple[int, int]],
    text: str,
) -> list[Choice]:
    same_count = len(ours) == len(theirs)
    found: list[Choice] = []
    for i, j in paired:
        a, b = ours[i], theirs[j]
        for field in choice.FIELDS:
            left, right = getattr(a, field), getattr(b, field)
            if fold(left or "") == fold(right or ""):
                continue
            other = "organization" if field == "title" else "title"
            features = choice.features(
                field,
                left,
                right,
                (getattr(a, other), getattr(b, other)),
                probabilities[j],
                same_count,
                text,
            )
            found.append(Choice(i, field, left, right, features))
    return found


def _fallback(found: Choice) -> str:
    """Without a choice model: the title from the rules where they read one, the
    organization from the tagger where it read one."""
    if found.field == "title":
        return choice.RULES if found.rules else choice.TAGGER
    return choice.TAGGER if found.tagger else choice.RULES


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
        clean.name if clean else None,
        printed(title),
        printed(draft.organization, organization=True),
        capacity,
    )


def _same(field: str, a: Signer, b: Signer) -> bool:
    left, right = getattr(a, field), getattr(b, field)
    if not left or not right:
        return not left and not right
    if field == "name":
        return same_person(left, right)
    if field == "organization":
        return same_org(left, right)
    return " ".join(left.casefold().split()) == " ".join(right.casefold().split())
