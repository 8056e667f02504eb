"""Signer rows: sign, correct, withdraw; every change written to the audit log."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.engine import Connection, RowMapping

from intake.extract import Capacity, Signer
from intake.guards import MESSAGE_ID_PREFIX
from intake.store import statements as sql
from intake.store.records import SignerRecord, match_key, normalize
from intake.store.schema import signer_messages, signers

ACTOR = "intake"
_OURS = f"<{MESSAGE_ID_PREFIX}"  # how every reply's Message-ID begins


def to_record(row: RowMapping) -> SignerRecord:
    return SignerRecord(
        id=row["id"],
        name=row["name"],
        title=row["title"],
        organization=row["organization"],
        capacity=Capacity(row["capacity"]),
        email=row["email"],
        status=row["status"],
        late=bool(row["late"]),
    )


def get(conn: Connection, signer_id: int) -> SignerRecord | None:
    row = conn.execute(select(signers).where(signers.c.id == signer_id)).mappings().first()
    return to_record(row) if row else None


def log(
    conn: Connection,
    now: datetime,
    action: str,
    signer_id: int | None,
    message_row: int | None,
    before: SignerRecord | None = None,
    after: SignerRecord | None = None,
    actor: str = ACTOR,
    note: str = "",
) -> None:
    """Write one audit entry: who did what to which signer, from which message."""
    conn.execute(
        sql.INSERT_AUDIT,
        {
            "at": now,
            "actor": actor,
            "action": action,
            "signer_id": signer_id,
            "message_id": message_row,
            "before": _dump(before),
            "after": _dump(after),
            "note": note,
        },
    )


def _dump(record: SignerRecord | None) -> str | None:
    if record is None:
        return None
    return json.dumps({**record.as_signer().as_dict(), "status": record.status})


def _link(conn: Connection, signer_id: int, message_row: int, action: str) -> None:
    exists = conn.execute(
        select(signer_messages.c.signer_id).where(
            signer_messages.c.signer_id == signer_id, signer_messages.c.message_id == message_row
        )
    ).first()
    if not exists:
        conn.execute(
            signer_messages.insert().values(
                signer_id=signer_id, message_id=message_row, action=action
            )
        )


@dataclass(frozen=True)
class Match:
    """What the record holds under a signer's name: the same signer, or a namesake."""

    same: SignerRecord | None
    namesake_elsewhere: bool


def find_same(
    conn: Connection,
    signer: Signer,
    email: str,
    keyed: Mapping[str, Sequence[RowMapping]] | None = None,
) -> Match:
    """The existing record of the same signer (same name key and same address or
    organization), and whether another address already signed with this name.
    ``keyed`` holds the rows of some name keys when the caller has read them already."""
    key = match_key(signer)
    if key.endswith(":"):
        return Match(None, False)
    rows = (keyed or {}).get(key)
    if rows is None:
        rows = conn.execute(sql.SAME_KEY, {"b_key": key}).mappings().all()
    for row in rows:
        same_org = normalize(row["organization"]) == normalize(signer.organization)
        if row["email"] == email or same_org or key.startswith("org:"):
            return Match(to_record(row), False)
    person = key.startswith("person:")
    return Match(None, person and any(row["email"] != email for row in rows))


def insert(
    conn: Connection,
    signer: Signer,
    email: str,
    late: bool,
    message_row: int,
    now: datetime,
    actor: str = ACTOR,
) -> SignerRecord:
    """Add a new signer, link it to its message and log it (by ``actor``)."""
    result = conn.execute(
        sql.INSERT_SIGNER,
        {
            "name": signer.name,
            "title": signer.title,
            "organization": signer.organization,
            "capacity": signer.capacity.value,
            "email": email,
            "match_key": match_key(signer),
            "status": "active",
            "late": late,
            "first_message": message_row,
            "last_message": message_row,
            "created_at": now,
            "updated_at": now,
        },
    )
    signer_id = int(result.inserted_primary_key[0])  # type: ignore[index]
    link = {"signer_id": signer_id, "message_id": message_row, "action": "signed"}
    conn.execute(sql.INSERT_LINK, link)
    record = SignerRecord.signed(signer_id, signer, email, late)
    log(conn, now, "signed", signer_id, message_row, after=record, actor=actor)
    return record


def update(
    conn: Connection,
    before: SignerRecord,
    values: dict[str, object],
    action: str,
    message_row: int | None,
    now: datetime,
    actor: str = ACTOR,
    note: str = "",
) -> SignerRecord:
    """Change a signer's fields or status; log before and after."""
    values = dict(values)
    if {"name", "organization"} & values.keys():
        merged = before.as_signer()
        name = values.get("name", merged.name)
        org = values.get("organization", merged.organization)
        values["match_key"] = match_key(Signer(name, None, org))  # type: ignore[arg-type]
    conn.execute(
        signers.update()
        .where(signers.c.id == before.id)
        .values(**values, updated_at=now, **({"last_message": message_row} if message_row else {}))
    )
    if message_row:
        _link(conn, before.id, message_row, action)
    after = get(conn, before.id)
    assert after is not None
    log(
        conn,
        now,
        action,
        before.id,
        message_row,
        before=before,
        after=after,
        actor=actor,
        note=note,
    )
    return after


def fields_of(signer: Signer, keep: SignerRecord | None = None) -> dict[str, object]:
    """Column values for ``signer``; a correction keeps recorded fields it leaves empty."""
    values: dict[str, object] = {
        "name": signer.name,
        "title": signer.title,
        "organization": signer.organization,
        "capacity": signer.capacity.value,
    }
    if keep is not None:
        for key in ("name", "title", "organization"):
            if values[key] is None:
                values[key] = getattr(keep, key)
    return values


def targets(
    conn: Connection, refs: Sequence[str], email: str, own: Sequence[RowMapping] | None = None
) -> list[SignerRecord]:
    """The records a reply refers to: via the confirmation it answers, else the sender's
    (``own``: the sender's rows, when the caller has read them already)."""
    found = referred(conn, refs)
    if found:
        return found
    return [to_record(row) for row in (from_address(conn, email) if own is None else own)]


def referred(conn: Connection, refs: Sequence[str]) -> list[SignerRecord]:
    """The records of the confirmations whose Message-IDs are among ``refs``, in order.

    Every Message-ID intake writes starts with ``<intake.``: other references (the
    letter, the sender's own earlier mail) name no reply, and are not looked up.
    """
    ours = [ref for ref in refs if ref.startswith(_OURS)]
    if not ours:
        return []
    linked = conn.execute(sql.REFERRED, {"b_refs": ours}).mappings()
    return list({row["id"]: to_record(row) for row in linked}.values())


def from_address(conn: Connection, email: str) -> Sequence[RowMapping]:
    """Every signer row recorded from ``email``, in order."""
    return conn.execute(sql.FROM_ADDRESS, {"b_email": email}).mappings().all()


def pair(
    wanted: Sequence[Signer], existing: Sequence[SignerRecord]
) -> list[tuple[Signer, SignerRecord | None]]:
    """Match each named signer to the record it means: by name, by organization, or the only one."""
    pairs: list[tuple[Signer, SignerRecord | None]] = []
    free = list(existing)
    for signer in wanted:
        found = _best(signer, free, alone=len(wanted) == 1 and len(free) == 1)
        if found is not None:
            free.remove(found)
        pairs.append((signer, found))
    return pairs


def _best(signer: Signer, free: Sequence[SignerRecord], alone: bool) -> SignerRecord | None:
    key = match_key(signer)
    if not key.endswith(":"):
        for record in free:
            if match_key(record.as_signer()) == key:
                return record
    return free[0] if alone else None
