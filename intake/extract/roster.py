"""Which signers only the tagger read join the rules' signers of a sign-on.

The rules read most sign-ons' signers well but often stop at the first person of
several ("my wife and I", a list of two, a colleague added in a sentence); the
tagger finds people the rules pass by, and also names and organizations that do
not sign (a bishop an assistant writes for, a contact person, the organization of
a signature block). Where the two count the signers differently, this model
decides for each signer only the tagger read whether it joins the roster: from
whether it has a name, how sure the tagger is, whether it is the sender or a name
the rules read in another form, the line its name stands on (a list line, alone,
the words before it, next to another signer's line, after a sign-off, among the
last lines), and plural words in the sender's own text. Where it adds
one, a rules' signer the tagger did not read stays only if the model keeps it too
(the rules read the assistant who writes, the tagger the bishop she writes for). A
signer already on the roster (the same person in another form, the same
organization alone) is never added again. Fitted by ``python -m training`` on
readings of the calibration sets made by models that never saw them; its weights
ship in ``models/roster.json``. Without it, no signer is added.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from intake.extract import linear
from intake.extract.draft import same_person, same_signer
from intake.extract.model import Signer
from intake.extract.signature import is_sign_off
from intake.extract.text import LIST_MARKER, unaccented

MODEL = "roster.json"
KEEP = "keep"
LEAVE = "leave"
RULES = "rules"
TAGGER = "tagger"
_TEXT = 4000
_BEFORE = 3
_LAST_LINES = 4

# Words by which a sender speaks of more than one signer. They are features the
# model weighs, never a rule on their own.
_PLURAL = frozenset(
    ("we", "us", "our", "ours", "both", "together", "also", "too", "two", "three", "four",
     "each", "all", "everyone", "wife", "husband", "spouse", "colleague", "colleagues",
     "friend", "friends", "names")
)  # fmt: skip
_MARKER = r"[ \t]*" + LIST_MARKER + r"[ \t]+"
_LIST_LINE = re.compile(r"^" + _MARKER + r"\S", re.MULTILINE)
_LEADING_MARKER = re.compile(_MARKER)
_WORD = re.compile(r"[^\W\d_]+")
# A line that signs or joins ("... signs the letter as an organization").
_SIGNS = re.compile(r"\b(?:signs?|signing|endorses?|endorsing|joins?|joining)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Other:
    """A signer only one reader read: ``index`` among the tagger's signers (``TAGGER``)
    or the rules' (``RULES``), with the features the model weighs to keep it."""

    source: str
    index: int
    features: dict[str, float]


def others(
    ours: tuple[Signer, ...],
    theirs: list[Signer],
    probabilities: list[float],
    paired: list[tuple[int, int]],
    own: str,
    sender_name: str,
) -> list[Other]:
    """Where the two readers count differently: each of the tagger's signers that none
    of ``ours`` (the rules' signers, their fields already combined) is paired with or
    is already (the same person in another form, the same organization alone), then
    each of ours the tagger did not read."""
    if len(ours) == len(theirs) or not ours:
        return []
    rules_of = {j: i for i, j in paired}
    extra = [
        j
        for j in range(len(theirs))
        if j not in rules_of and not any(_same_signer(theirs[j], s) for s in ours)
    ]
    read_by_both = {i for i, _ in paired}
    alone = [i for i in range(len(ours)) if i not in read_by_both]
    shared = {
        "rules=" + _bucket(len(ours)): 1.0,
        "tagger=" + _bucket(len(theirs)): 1.0,
        "extra=" + _bucket(len(extra)): 1.0,
        "alone=" + _bucket(len(alone)): 1.0,
        **_text(own),
    }
    lines = own[:_TEXT].splitlines()
    found = [
        Other(TAGGER, j, shared | _signer(theirs[j], probabilities[j], ours, lines, sender_name))
        for j in extra
    ]
    rest = tuple(s for k, s in enumerate(ours) if k not in alone)
    return found + [
        Other(
            RULES, i, shared | {"from_rules": 1.0} | _signer(ours[i], 1.0, rest, lines, sender_name)
        )
        for i in alone
    ]


def chosen(
    ours: tuple[Signer, ...],
    theirs: list[Signer],
    paired: list[tuple[int, int]],
    found: list[Other],
    model: dict[str, Any] | None = None,
) -> tuple[Signer, ...]:
    """``ours`` with the tagger's signers the model keeps added; where some are added,
    without the rules' signers the tagger did not read that the model does not keep
    (the rules read an assistant, the tagger the bishop she writes for)."""
    added = [o.index for o in found if o.source == TAGGER and keeps(o.features, model)]
    if not added:
        return ours
    dropped = {o.index for o in found if o.source == RULES and not keeps(o.features, model)}
    kept = [(i, s) for i, s in enumerate(ours) if i not in dropped]
    order = {old: new for new, (old, _) in enumerate(kept)}
    return joined(
        tuple(s for _, s in kept),
        theirs,
        [(order[i], j) for i, j in paired if i in order],
        added,
    )


def joined(
    ours: tuple[Signer, ...],
    theirs: list[Signer],
    paired: list[tuple[int, int]],
    added: list[int],
) -> tuple[Signer, ...]:
    """``ours`` with the tagger's signers at ``added``, each placed after the rules'
    signer the tagger read just before it (text order, as far as both readers tell)."""
    rules_of = {j: i for i, j in paired}
    after: dict[int, list[Signer]] = {}
    for j in added:
        before = max((rules_of[k] for k in rules_of if k < j), default=-1)
        after.setdefault(before, []).append(theirs[j])
    out = list(after.get(-1, []))
    for i, signer in enumerate(ours):
        out.append(signer)
        out.extend(after.get(i, []))
    return tuple(out)


def sureness(found: list[Other], model: dict[str, Any] | None = None) -> list[float]:
    """The model's probability of its call (keep or not) on each of ``found``."""
    model = model or linear.load(MODEL)
    if model is None:
        return []
    return [linear.best(model, o.features)[1] for o in found]


def keeps(found: dict[str, float], model: dict[str, Any] | None = None) -> bool:
    """Whether the model keeps the signer with features ``found`` (without a model, a
    signer only the tagger read is not added). ``model``: a model document other than
    the shipped one (training)."""
    model = model or linear.load(MODEL)
    if model is None:
        return False
    return linear.best(model, found)[0] == KEEP


def _signer(
    signer: Signer,
    probability: float,
    ours: tuple[Signer, ...],
    lines: list[str],
    sender_name: str,
) -> dict[str, float]:
    """What tells a signer the rules missed from a person the tagger read by mistake:
    a name or an organization alone, how sure the tagger is, the sender, names the
    rules read, and the line the name stands on."""
    found = {
        "named" if signer.name else "org_only": 1.0,
        "prob<" + _bucket(int(probability * 10), (3, 5, 7, 8, 9)): 1.0,
    }
    if signer.title:
        found["has_title"] = 1.0
    if signer.organization:
        found["has_org"] = 1.0
    name = signer.name
    if not name:
        org = (signer.organization or "").casefold()
        if any(org and org in (s.organization or "").casefold() for s in ours):
            found["org_in_rules_org"] = 1.0
        found.update(_org_line(signer.organization or "", lines, ours))
        return found
    if sender_name and same_person(name, sender_name):
        found["is_sender"] = 1.0
    words = set(name.casefold().split())
    for other in (s.name for s in ours if s.name):
        theirs = set(other.casefold().split())
        if _surname(name) == _surname(other):
            found["shares_surname"] = 1.0
        if words <= theirs or theirs <= words:
            found["within_rules_name"] = 1.0
    if name.islower() or name.isupper():
        found["name_one_case"] = 1.0
    stands = _stands(name, lines)
    if stands is None:
        found["name_not_on_a_line"] = 1.0
        return found
    at, before, listed = stands
    found.update(_around(lines, at, name, ours))
    if listed:
        found["list_line"] = 1.0
    found["line_starts_with_name"] = 1.0 if not before.strip() else 0.0
    if lines[at].strip() == name:
        found["name_alone"] = 1.0
    for word in _WORD.findall(before.casefold())[-_BEFORE:]:
        found["before:" + word] = 1.0
    return found


def _org_line(org: str, lines: list[str], ours: tuple[Signer, ...]) -> dict[str, float]:
    """The line an organization the tagger read alone stands on, as for a name (prefixed
    "org."), and whether that line signs ("The X Alliance signs the letter")."""
    stands = _stands(org, lines) if org else None
    if stands is None:
        return {"org.not_on_a_line": 1.0}
    at, before, listed = stands
    found = {"org." + key: value for key, value in _around(lines, at, org, ours).items()}
    if listed:
        found["org.list_line"] = 1.0
    if not before.strip():
        found["org.line_starts_with_it"] = 1.0
    if lines[at].strip() == org:
        found["org.alone"] = 1.0
    if _SIGNS.search(lines[at]):
        found["org.line_signs"] = 1.0
    return found


def _stands(value: str, lines: list[str]) -> tuple[int, str, bool] | None:
    """Where ``value`` first stands: its line's index, the text before it on that line
    (a list marker taken off), and whether that is a list line; None when on no line."""
    at = next((k for k, text in enumerate(lines) if value in text), None)
    if at is None:
        return None
    before = lines[at][: lines[at].index(value)]
    marker = _LEADING_MARKER.match(before)
    return at, before[marker.end() :] if marker else before, marker is not None


def _around(lines: list[str], at: int, name: str, ours: tuple[Signer, ...]) -> dict[str, float]:
    """Where the name's line stands: by another signer's name (on it or a line next to
    it), after a sign-off, among the last lines, and what follows the name."""
    found: dict[str, float] = {}
    others = [s.name for s in ours if s.name and s.name != name]
    line = lines[at]
    if any(other in line for other in others):
        found["line_has_other_signer"] = 1.0
    near = [lines[k] for k in (at - 1, at + 1) if 0 <= k < len(lines)]
    if any(other in text for other in others for text in near):
        found["next_to_other_signer"] = 1.0
    previous = next((lines[k] for k in range(at - 1, -1, -1) if lines[k].strip()), "")
    if is_sign_off(previous):
        found["after_sign_off"] = 1.0
    if sum(1 for text in lines[at:] if text.strip()) <= _LAST_LINES:
        found["in_last_lines"] = 1.0
    after = line[line.index(name) + len(name) :].strip()
    found[
        "after:" + (after[0] if after and not after[0].isalnum() else "word" if after else "end")
    ] = 1.0
    return found


def _text(own: str) -> dict[str, float]:
    """Plural words and list lines in the sender's own text."""
    words = [w.casefold() for w in _WORD.findall(own[:_TEXT])]
    found = {"w:" + w: 1.0 for w in dict.fromkeys(words) if w in _PLURAL}  # in order met
    found["list_lines=" + _bucket(len(_LIST_LINE.findall(own[:_TEXT])))] = 1.0
    if "|" in own or "\t" in own:
        found["columns"] = 1.0
    return found


def _same_signer(other: Signer, signer: Signer) -> bool:
    """``other`` is ``signer`` again: the same signer (``draft.same_signer``), or the
    same person whatever form the name takes."""
    if same_signer(other, signer):
        return True
    if other.name and signer.name:
        return _another_form(other.name, signer.name)
    return False


def _another_form(name: str, other: str) -> bool:
    """The same person's name written another way: its words all in the other's, or
    the other's all in its own, in any order ("Park Ji-hoon", "Ji-hoon Park")."""
    a, b = _name_words(name), _name_words(other)
    return bool(a and b) and (a <= b or b <= a)


def _name_words(name: str) -> frozenset[str]:
    """A name's words of two letters or more, case and accents aside."""
    return frozenset(w for w in _WORD.findall(unaccented(name.casefold())) if len(w) > 1)


def _surname(name: str | None) -> str:
    parts = (name or "").casefold().split()
    return parts[-1] if parts else ""


def _bucket(n: int, edges: tuple[int, ...] = (0, 1, 2, 3, 5)) -> str:
    return linear.bucket(n, edges)
