"""How sure each learned reader was of its part of a reading.

A reading is put together by several learned models: the kind model reads what the
message is, the choice model picks between the two readers' titles and
organizations, the roster model keeps or drops the signers only one reader read,
the capacity model reads how each signer signs, and the revision model reads a
correction's new values. Each of them knows how close its own call was. The
calibration (:mod:`intake.extract.calibration`) weighs that beside the reading:
out of fold, with these figures the readings it handled without review were wrong
about half as often (``bench/DATA.md``, round 15).

A model that had no call to make adds nothing but that fact ("no choice to make").
"""

from __future__ import annotations

import math
from dataclasses import dataclass

_EDGE = 1e-4  # a probability is kept this far from 0 and 1 before its log-odds


@dataclass(frozen=True, slots=True)
class Sureness:
    """The probability of each learned call in a reading; None where none was made.

    ``kind``: of the kind the kind model reads; ``kind_rules``: whether the rules read
    the same kind. ``choice``, ``roster``, ``capacity``: of the least sure of that
    model's calls, with ``choices`` and ``others`` the number of calls it made.
    ``revision``: of the least sure of the revision model's calls on a correction.
    """

    kind: float | None = None
    kind_rules: bool = True
    choice: float | None = None
    choices: int = 0
    roster: float | None = None
    others: int = 0
    capacity: float | None = None
    revision: float | None = None


NONE = Sureness()  # no learned call made (automatic mail, or no model shipped)


def features(sure: Sureness) -> dict[str, float]:
    """What the calibration weighs of ``sure``: each probability and its log-odds."""
    found: dict[str, float] = {}
    if sure.kind is not None:
        found |= _probability("kind", sure.kind)
        found["kind.rules_agree" if sure.kind_rules else "kind.rules_differ"] = 1.0
    for key, value in (
        ("choice", sure.choice),
        ("roster", sure.roster),
        ("capacity", sure.capacity),
        ("revision", sure.revision),
    ):
        if value is not None:
            found |= _probability(key, value)
    if sure.choices:
        found["choices=" + str(min(sure.choices, 3))] = 1.0
    if sure.others:
        found["others=" + str(min(sure.others, 3))] = 1.0
    return found


def weakest(probabilities: list[float]) -> float | None:
    """The least sure of some calls, or None when there were none."""
    return min(probabilities, default=None)


def _probability(key: str, value: float) -> dict[str, float]:
    kept = min(max(value, _EDGE), 1.0 - _EDGE)
    return {key + ".p": value, key + ".lo": math.log(kept / (1.0 - kept))}
