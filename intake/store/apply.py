"""Apply a plan's signature, correction or withdrawal to the signer rows.

Each function returns the records as they stand afterwards (the reply echoes
them) and notes for the review queue when something could not be settled.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy.engine import Connection, RowMapping

from intake.assess.plan import Plan
from intake.extract import Kind
from intake.store import signers as rows
from intake.store.records import SignerRecord, match_key

Applied = tuple[list[SignerRecord], list[str]]


def apply(
    conn: Connection,
    plan: Plan,
    message_row: int,
    email: str,
    refs: Sequence[str],
    now: datetime,
    keyed: Mapping[str, Sequence[RowMapping]] | None = None,
) -> Applied:
    """Change the signer rows as ``plan`` says; automatic and other kinds change nothing.
    ``keyed``: signer rows by name key, when the caller has read them already."""
    if plan.kind is Kind.SIGNATURE:
        return _sign(conn, plan, message_row, email, now, keyed)
    if plan.kind is Kind.CORRECTION:
        return _correct(conn, plan, message_row, email, refs, now)
    if plan.kind is Kind.WITHDRAWAL:
        return _withdraw(conn, plan, message_row, email, refs, now)
    return [], []


def _sign(
    conn: Connection,
    plan: Plan,
    message_row: int,
    email: str,
    now: datetime,
    keyed: Mapping[str, Sequence[RowMapping]] | None,
) -> Applied:
    records: list[SignerRecord] = []
    notes: list[str] = []
    written: set[str] = set()  # keys this message wrote under: read again, not from ``keyed``
    for signer in plan.signers:
        key = match_key(signer)
        match = rows.find_same(conn, signer, email, None if key in written else keyed)
        written.add(key)
        existing = match.same
        if existing is None:
            if match.namesake_elsewhere:
                notes.append(f"{signer.name} has already signed from another address")
            records.append(rows.insert(conn, signer, email, plan.late, message_row, now))
        elif plan.late and not existing.late:
            notes.append(f"{signer.name or signer.organization} signed again after the deadline")
            records.append(existing)
        else:
            values = {**rows.fields_of(signer), "status": "active", "late": plan.late}
            records.append(rows.update(conn, existing, values, "signed again", message_row, now))
    return records, notes


def _correct(
    conn: Connection, plan: Plan, message_row: int, email: str, refs: Sequence[str], now: datetime
) -> Applied:
    records: list[SignerRecord] = []
    notes: list[str] = []
    targets = rows.targets(conn, refs, email)
    for signer, record in rows.pair(plan.signers, targets):
        if record is None:
            notes.append(
                f"correction for {signer.name or signer.organization}: no earlier record; "
                "recorded as a new signature"
            )
            records.append(rows.insert(conn, signer, email, plan.late, message_row, now))
            continue
        values = rows.fields_of(signer, keep=record)
        records.append(rows.update(conn, record, values, "corrected", message_row, now))
    return records, notes


def _withdraw(
    conn: Connection, plan: Plan, message_row: int, email: str, refs: Sequence[str], now: datetime
) -> Applied:
    targets = [t for t in rows.targets(conn, refs, email) if t.status == "active"]
    if plan.signers:
        pairs = rows.pair(plan.signers, targets)
    elif len(targets) == 1:
        pairs = [(targets[0].as_signer(), targets[0])]
    else:
        return [], ["withdrawal: could not tell which signer to remove"]
    records: list[SignerRecord] = []
    notes: list[str] = []
    for signer, record in pairs:
        if record is None:
            who = signer.name or signer.organization
            notes.append(f"withdrawal for {who}: no matching record from this sender")
            continue
        records.append(
            rows.update(conn, record, {"status": "withdrawn"}, "withdrawn", message_row, now)
        )
    return records, notes
