"""How sure a reading is, with reasons a coordinator can read.

A reading starts from how sure we are of its kind and of the place its
signers came from (a labelled block is surer than a name taken from the From
header), and loses confidence for each sign of doubt: several candidate
names, a signer with no name, a request that is also deferred.
"""

from __future__ import annotations

from intake.extract.draft import Draft, same_person
from intake.extract.kinds import KindReading
from intake.extract.signers import Finding

_SOURCE = {
    "labelled block": 0.93,
    "table": 0.92,
    "answers typed into the quoted call": 0.88,
    "sign-on line": 0.9,
    "sign-on line in the subject": 0.8,
    "named in the text": 0.78,
    "signature block": 0.85,
    "name only from From header": 0.78,
    "forwarded message from the signer": 0.82,
    "quoted confirmation record": 0.9,
    "named in the withdrawal": 0.75,
    "sender's restatement": 0.75,
    "organization": 0.82,
    "organization signs": 0.85,
    "signer details block": 0.85,
    "correction": 0.75,
}


# A doubt is a second cue in the same message that disagrees with the reading. On
# mail written blind to the reader (bench/unseen), wrong answers mostly carried one
# and right answers seldom did, so one doubt sends the reading to a person (below
# the review threshold) and each further one lowers it a little more. The mild
# ones below were right far more often than wrong there, so they only lower it.
_MILD = {
    "many signers": 0.05,
    "organization taken from a mention in the text": 0.1,
    "a field left out at the sender's word": 0.12,
    "capacity read from mixed cues": 0.1,
}
_DOUBTFUL = 0.62  # where a reading with one doubt lands, at most
_EACH_MORE = 0.04


def score(
    kind: KindReading, finding: Finding | None, doubts: list[str]
) -> tuple[float, tuple[str, ...]]:
    """Confidence (0-1) and reasons for one reading."""
    reasons = [kind.reason]
    value = kind.confidence
    if finding is not None:
        reasons.append(finding.source)
        reasons.extend(finding.notes)
        value = min(value, _SOURCE.get(finding.source, 0.7))
        if not finding.signers:
            value = min(value, 0.3)
    notes = list(finding.notes) if finding is not None else []
    strong = 0
    for doubt in [*notes, *doubts]:
        if doubt in _MILD:
            value -= _MILD[doubt]
        elif doubt in doubts:
            value = min(value, _DOUBTFUL) - (_EACH_MORE if strong else 0.0)
            strong += 1
    reasons.extend(doubts)
    return max(0.05, min(1.0, round(value, 3))), tuple(dict.fromkeys(reasons))


def other_names(signers: tuple[Draft, ...], candidates: list[str]) -> list[str]:
    """Candidate person names that none of the signers is."""
    return [c for c in candidates if not any(same_person(c, s.name) for s in signers)]
