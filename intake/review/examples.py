"""Each review decision as a labelled example, and their export in the corpus schema.

The outcome is what the coordinator settled on: the message's kind (as read,
or as they said it was) and its signers as they stand after the decision.
``export`` writes ``NAME.eml`` (the original bytes, kept for every review
item) and ``NAME.json`` (``kind``, ``signers``, ``should_confirm``,
``received``, ``late``, ``notes``) so that a campaign's own corrections can
train the next model.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from intake import guards
from intake.errors import ConfigError
from intake.message import Message, parse
from intake.store import Store
from intake.store.decisions import Example, MessageFacts

ACTS_ON_SIGNERS = ("signature", "correction", "withdrawal")
OFF_THE_RECORD = ("rejected",)


def snapshot(
    store: Store, review_id: int, decision: str, kind: str | None = None
) -> tuple[int, dict[str, object]]:
    """The message row and the outcome of ``review_id`` as the store holds it now."""
    found = store.review.review_detail(review_id)
    assert found is not None
    row = found.message.id
    facts = store.decisions.facts(row)
    assert facts is not None
    ids = [record.id for record, _ in found.linked]
    merged_in = {
        m.keep_id
        for m in (store.review.merges_of(ids) if ids else [])
        if m.undone_at is None and row in m.links_added
    }
    signers = [
        record.as_signer().as_dict()
        for record, _ in found.linked
        if record.id not in merged_in and record.status not in OFF_THE_RECORD
    ]
    settled_kind = kind or facts.kind
    if settled_kind not in ACTS_ON_SIGNERS:
        signers = []
    outcome: dict[str, object] = {
        "kind": settled_kind,
        "signers": signers,
        "should_confirm": settled_kind in ACTS_ON_SIGNERS and not _automatic(store, facts),
        "late": facts.late,
        "notes": f"settled by the coordinator: {decision}",
    }
    return row, outcome


def save(
    store: Store, review_id: int, decision: str, actor: str, now: datetime, kind: str | None = None
) -> None:
    """Keep the decision on ``review_id`` as a labelled example."""
    row, outcome = snapshot(store, review_id, decision, kind)
    store.decisions.save_example(review_id, row, decision, outcome, actor, now)


def refresh(store: Store, signer_id: int, decision: str, actor: str, now: datetime) -> None:
    """After a hand change to a signer, the settled items that recorded it learn it too."""
    for _, _, review_id in store.review.messages_of(signer_id):
        found = store.review.review_detail(review_id) if review_id is not None else None
        if found is not None and found.status == "resolved":
            save(store, found.id, decision, actor, now)


def _automatic(store: Store, facts: MessageFacts) -> bool:
    raw = store.decisions.raw(facts.id)
    if raw is None:
        return "never answered" in facts.no_reply_reason
    return automatic(parse(raw, facts.received))


def automatic(message: Message) -> bool:
    """Whether the headers forbid a reply (automatic, bulk, a bounce, a loop), whatever it says."""
    return guards.check(message, guards.GuardContext()).no_reply


@dataclass(frozen=True)
class Exported:
    """What ``export`` wrote: how many examples, and which had no original bytes."""

    folder: Path
    written: int
    reconstructed: tuple[str, ...]


def export(store: Store, folder: Path, zone: ZoneInfo) -> Exported:
    """Write every settled decision as ``review-NNNNN.eml`` and ``.json`` into ``folder``."""
    if folder.exists() and not folder.is_dir():
        raise ConfigError(f"{folder} is a file: give a folder for the examples")
    folder.mkdir(parents=True, exist_ok=True)
    rebuilt: list[str] = []
    found = store.decisions.examples()
    for example in found:
        name = f"review-{example.review_id:05d}"
        facts = store.decisions.facts(example.message_row)
        assert facts is not None
        raw = store.decisions.raw(example.message_row)
        if raw is None:
            rebuilt.append(name)
            raw = reconstructed(facts)
        _write(folder / f"{name}.eml", raw)
        _write(folder / f"{name}.json", label(example, facts, zone, raw_kept=name not in rebuilt))
    return Exported(folder, len(found), tuple(rebuilt))


def label(example: Example, facts: MessageFacts, zone: ZoneInfo, raw_kept: bool) -> bytes:
    """The expected-outcome JSON of the corpus schema for one example."""
    outcome = dict(example.outcome)
    notes = str(outcome.get("notes", ""))
    if not raw_kept:
        notes += "; the original bytes were not kept: the .eml is rebuilt from the stored text"
    data = {
        "received": facts.received.astimezone(zone).isoformat(),
        "kind": outcome["kind"],
        "signers": outcome["signers"],
        "late": outcome["late"],
        "should_confirm": outcome["should_confirm"],
        "notes": f"{notes} ({example.actor}, {example.at:%Y-%m-%d})",
    }
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def reconstructed(facts: MessageFacts) -> bytes:
    """A stand-in message from what the store keeps: sender, subject, date and own text."""
    mail = EmailMessage()
    mail["From"] = f"{facts.sender_name} <{facts.sender}>" if facts.sender_name else facts.sender
    mail["Subject"] = facts.subject
    mail["Date"] = format_datetime(facts.received)
    if facts.message_id:
        mail["Message-ID"] = facts.message_id
    mail["X-Intake-Note"] = "rebuilt from the stored text; the original bytes were not kept"
    mail.set_content(facts.own_text or "")
    return mail.as_bytes()


def _write(path: Path, data: bytes) -> None:
    """Write ``data`` readable by its owner only: examples hold people's mail."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
