"""Check a labelled folder against the corpus schema (``../shared/corpus/README.md``).

    python bench/label_check.py bench/labelled/wV

Prints each problem and exits 1 when there is one. It checks structure only (the
headers every message needs, the outcome's keys and values, ``late`` against
``received``), not whether a label is right. Data writers run it (``bench/WRITERS.md``).
"""

from __future__ import annotations

import email
import email.policy
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

KINDS = {
    "signature", "withdrawal", "correction", "question", "auto_reply", "bounce", "list",
    "spam", "other",
}  # fmt: skip
ACTING = {"signature", "withdrawal", "correction"}
CAPACITIES = {"individual", "organization", "both"}
SIGNER_KEYS = {"name", "title", "organization", "capacity"}
DEADLINE = datetime.fromisoformat("2020-07-01T17:00:00-04:00")


def problems(eml: Path) -> list[str]:
    """What is wrong with one case (``NAME.eml`` and its ``NAME.json``)."""
    outcome = eml.with_suffix(".json")
    if not outcome.exists():
        return [f"{eml.name}: no .json"]
    found = []
    message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.compat32)
    fields = ("From", "Date", "Subject", "Message-ID")
    found += [f"{eml.name}: no {h} header" for h in fields if message[h] is None]
    try:
        want = json.loads(outcome.read_text(encoding="utf-8"))
    except ValueError as exc:
        return [*found, f"{outcome.name}: not JSON: {exc}"]
    keys = ("received", "kind", "signers", "late", "should_confirm")
    found += [f"{outcome.name}: missing {key}" for key in keys if key not in want]
    return found + _outcome(outcome.name, want)


def _outcome(name: str, want: dict[str, Any]) -> list[str]:
    found = []
    kind = want.get("kind")
    if kind not in KINDS:
        found.append(f"{name}: bad kind {kind!r}")
    try:
        received = datetime.fromisoformat(want["received"])
    except (KeyError, TypeError, ValueError):
        found.append(f"{name}: bad received")
    else:
        if received.tzinfo is None:
            found.append(f"{name}: received has no offset")
        elif want.get("late") != (received > DEADLINE):
            found.append(f"{name}: late does not match received")
    signers = want.get("signers") or []
    if kind in ACTING and not signers:
        found.append(f"{name}: {kind} with no signers")
    if kind not in ACTING and signers:
        found.append(f"{name}: signers on a {kind}")
    for signer in signers:
        if set(signer) != SIGNER_KEYS:
            found.append(f"{name}: signer keys {sorted(signer)}")
        if signer.get("capacity") not in CAPACITIES:
            found.append(f"{name}: bad capacity {signer.get('capacity')!r}")
        if not signer.get("name") and not signer.get("organization"):
            found.append(f"{name}: a signer with neither name nor organization")
    return found


def main(folder: Path) -> int:
    cases = sorted(folder.glob("*.eml"))
    found = [problem for eml in cases for problem in problems(eml)]
    print(f"{len(cases)} messages, {len(found)} errors")
    for problem in found:
        print("  ", problem)
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1])))
