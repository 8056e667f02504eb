"""Merges: one signer folded into another, recorded so that it can be undone."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.engine import Connection, RowMapping

from intake.store import signers as rows
from intake.store.records import SignerRecord
from intake.store.schema import examples, merges, review, signer_messages

FIELDS = ("name", "title", "organization", "capacity")


@dataclass(frozen=True)
class MergeRecord:
    """One merge: who was kept, who was folded in, both before it, and whether it was undone."""

    id: int
    keep_id: int
    other_id: int
    review_id: int | None
    keep_before: dict[str, str | None]
    keep_after: dict[str, str | None]
    other_before: dict[str, str | None]
    links_added: tuple[int, ...]
    actor: str
    at: datetime
    undone_at: datetime | None
    undone_by: str


def merge_record(row: RowMapping) -> MergeRecord:
    return MergeRecord(
        row["id"], row["keep_id"], row["other_id"], row["review_id"],
        json.loads(row["keep_before"]), json.loads(row["keep_after"]),
        json.loads(row["other_before"]), tuple(json.loads(row["links_added"])),
        row["actor"], row["at"], row["undone_at"], row["undone_by"],
    )  # fmt: skip


def merge_row(conn: Connection, merge_id: int) -> MergeRecord | None:
    row = conn.execute(select(merges).where(merges.c.id == merge_id)).mappings().first()
    return merge_record(row) if row else None


def state(record: SignerRecord) -> dict[str, str | None]:
    return {**record.as_signer().as_dict(), "status": record.status}


def unmerge(conn: Connection, found: MergeRecord, actor: str, now: datetime) -> None:
    note = f"merge of #{found.other_id} into #{found.keep_id} undone"
    keep, other = rows.get(conn, found.keep_id), rows.get(conn, found.other_id)
    assert keep is not None and other is not None
    for message_row in found.links_added:
        conn.execute(
            delete(signer_messages).where(
                signer_messages.c.signer_id == found.keep_id,
                signer_messages.c.message_id == message_row,
            )
        )
    back = reversal(keep, found.keep_before, found.keep_after)
    rows.update(conn, keep, back, "merge undone", None, now, actor=actor, note=note)
    if other.status == "merged":
        status = found.other_before.get("status") or "active"
        rows.update(conn, other, {"status": status}, "merge undone", None, now, actor, note)
    conn.execute(
        merges.update().where(merges.c.id == found.id).values(undone_at=now, undone_by=actor)
    )
    if found.review_id is not None:
        conn.execute(
            review.update()
            .where(review.c.id == found.review_id)
            .values(status="open", resolution="", resolved_at=None, resolved_by="")
        )
        conn.execute(
            delete(examples).where(
                examples.c.review_id == found.review_id, examples.c.decision == "merge"
            )
        )


def _links(conn: Connection, signer_id: int) -> Iterator[tuple[int, str]]:
    query = select(signer_messages.c.message_id, signer_messages.c.action).where(
        signer_messages.c.signer_id == signer_id
    )
    for message_row, action in conn.execute(query):
        yield int(message_row), str(action)


def copy_links(conn: Connection, source: int, target: int) -> list[int]:
    """Link ``target`` to every message of ``source``; the message rows newly linked."""
    have = {m for m, _ in _links(conn, target)}
    added = []
    for message_row, action in list(_links(conn, source)):
        if message_row not in have:
            conn.execute(
                signer_messages.insert().values(
                    signer_id=target, message_id=message_row, action=action
                )
            )
            added.append(message_row)
    return added


def merge_fill(keep: SignerRecord, other: SignerRecord) -> dict[str, object]:
    """What a merge writes into ``keep``: the title and organization it lacks, from ``other``."""
    return {k: getattr(other, k) for k in ("title", "organization") if not getattr(keep, k)}


def merge(
    conn: Connection,
    keep: SignerRecord,
    other: SignerRecord,
    actor: str,
    now: datetime,
    review_id: int | None = None,
) -> SignerRecord:
    added = copy_links(conn, other.id, keep.id)
    note = f"#{other.id} merged into #{keep.id}"
    rows.update(conn, other, {"status": "merged"}, "merged", None, now, actor=actor, note=note)
    kept = rows.update(conn, keep, merge_fill(keep, other), "merged", None, now, actor, note)
    conn.execute(
        merges.insert().values(
            keep_id=keep.id, other_id=other.id, review_id=review_id,
            keep_before=json.dumps(state(keep)), keep_after=json.dumps(state(kept)),
            other_before=json.dumps(state(other)), links_added=json.dumps(added),
            actor=actor, at=now, undone_by="",
        )
    )  # fmt: skip
    return kept


def reversal(
    current: SignerRecord,
    before: Mapping[str, str | None] | None,
    after: Mapping[str, str | None] | None,
) -> dict[str, object]:
    """The values that put back ``before``; a signer the message created is rejected."""
    if before is None:
        return {} if current.status == "rejected" else {"status": "rejected"}
    now_values = {**current.as_signer().as_dict(), "status": current.status}
    return {
        key: before.get(key)
        for key in (*FIELDS, "status")
        if after is not None and now_values.get(key) == after.get(key) != before.get(key)
    }
