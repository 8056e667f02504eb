"""The per-file outcome of ``intake extract``: no mailbox, no database, no config.

The same :func:`~intake.assess.assess` the poll uses, rendered in the
expected-outcome schema of the sample corpus, plus ``confidence``, ``reasons``,
``review`` (why a person must look; empty when the message is handled without
review) and ``file``. Lateness needs a received time a file does not carry, so
a file is never late here.
"""

from __future__ import annotations

from pathlib import Path

from intake.assess.assessment import assess
from intake.assess.plan import Facts, Policy
from intake.message import Message, parse

JsonValue = str | float | bool | None | list[dict[str, str | None]] | list[str]


def outcome(path: Path, own_addresses: frozenset[str]) -> dict[str, JsonValue]:
    """The JSON-ready outcome for one ``.eml`` file."""
    return outcome_of(parse(path.read_bytes()), path, own_addresses)


def outcome_of(message: Message, path: Path, own_addresses: frozenset[str]) -> dict[str, JsonValue]:
    """The outcome of an already parsed message read from ``path``."""
    plan = assess(message, Facts(policy=Policy(own_addresses=own_addresses)))
    return {
        "file": str(path),
        "kind": plan.kind.value,
        "signers": [s.as_dict() for s in plan.signers],
        "should_confirm": plan.reply is not None and not plan.reply_held,
        "confidence": round(plan.confidence, 3),
        "reasons": list(plan.reasons),
        "review": list(plan.review_reasons),
    }
