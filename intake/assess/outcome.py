"""The per-file outcome of ``intake extract``: no mailbox, no database, no config.

The same parse, guards, extraction and plan the poll uses, rendered in the
expected-outcome schema of the sample corpus (plus ``confidence``, ``reasons``
and ``file``). Lateness needs a received time a file does not carry, so a
file is never late here.
"""

from __future__ import annotations

from pathlib import Path

from intake import guards
from intake.assess.plan import Plan, Policy, decide
from intake.extract import ExtractContext, Extraction, extract
from intake.message import Message, parse

JsonValue = str | float | bool | None | list[dict[str, str | None]] | list[str]


def read(
    message: Message, own_addresses: frozenset[str], policy: Policy | None = None
) -> tuple[Extraction, Plan]:
    """Guards, extraction and plan for one parsed message (no lateness)."""
    policy = policy or Policy()
    verdict = guards.check(message, guards.GuardContext(own_addresses=own_addresses))
    extraction = extract(message, ExtractContext(own_addresses=own_addresses))
    return extraction, decide(message, extraction, verdict, late=False, policy=policy)


def outcome(path: Path, own_addresses: frozenset[str]) -> dict[str, JsonValue]:
    """The JSON-ready outcome for one ``.eml`` file."""
    return outcome_of(parse(path.read_bytes()), path, own_addresses)


def outcome_of(message: Message, path: Path, own_addresses: frozenset[str]) -> dict[str, JsonValue]:
    """The outcome of an already parsed message read from ``path``."""
    extraction, plan = read(message, own_addresses)
    return {
        "file": str(path),
        "kind": extraction.kind.value,
        "signers": [s.as_dict() for s in extraction.signers],
        "should_confirm": plan.reply is not None,
        "confidence": round(extraction.confidence, 3),
        "reasons": list(extraction.reasons),
    }
