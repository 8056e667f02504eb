"""The review queue settled and signers edited by hand: the store's side of review.

Every change to a signer goes through :mod:`intake.store.signers`, so it lands
in the audit log with who made it (``actor``), when, and the record before and
after.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.engine import Connection

from intake.assess.plan import Plan
from intake.errors import ConflictError
from intake.extract import Capacity, Kind, Signer
from intake.store import merges as merges_mod
from intake.store import signers as rows
from intake.store import views
from intake.store.apply import apply
from intake.store.merges import MergeRecord
from intake.store.records import SignerRecord, match_key
from intake.store.schema import (
    audit,
    merges,
    messages,
    review,
    signer_messages,
    signers,
)

Transaction = Callable[[], AbstractContextManager[Connection]]
FIELDS = ("name", "title", "organization", "capacity")


@dataclass(frozen=True)
class ReviewDetail:
    """One review item with its message, what was read from it, and the signers it touched."""

    id: int
    status: str
    reason: str
    resolution: str
    message: views.MessageLine
    confidence: float
    extracted: tuple[Signer, ...]
    linked: tuple[tuple[SignerRecord, str], ...]
    resolved_by: str = ""
    resolved_at: datetime | None = None
    change_held: bool = False  # the change waits: accepting the item makes it


class ReviewStore:
    """Small transactions for the review queue and hand edits."""

    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    # -- reading for review ----------------------------------------------

    def review_detail(self, review_id: int) -> ReviewDetail | None:
        with self._tx() as conn:
            item = conn.execute(select(review).where(review.c.id == review_id)).first()
            if item is None:
                return None
            return _detail(conn, item)

    def signer(self, signer_id: int) -> SignerRecord | None:
        with self._tx() as conn:
            return rows.get(conn, signer_id)

    def find_signers(self, text: str, include_inactive: bool) -> list[SignerRecord]:
        with self._tx() as conn:
            found = (rows.get(conn, i) for i in views.search_signers(conn, text, include_inactive))
            return [s for s in found if s is not None]

    def linked(self, message_row: int) -> list[tuple[SignerRecord, str]]:
        """The signers a message signed, corrected or withdrew, and how."""
        with self._tx() as conn:
            found = []
            for signer_id, action in views.signers_of_message(conn, message_row):
                record = rows.get(conn, signer_id)
                if record is not None:
                    found.append((record, action))
            return found

    def messages_of(self, signer_id: int) -> list[tuple[views.MessageLine, str, int | None]]:
        """The messages that touched a signer: the message, how, and its review item if any."""
        query = (
            select(signer_messages.c.message_id, signer_messages.c.action, review.c.id)
            .join(review, review.c.message_id == signer_messages.c.message_id, isouter=True)
            .where(signer_messages.c.signer_id == signer_id)
            .order_by(signer_messages.c.message_id)
        )
        with self._tx() as conn:
            found = []
            for message_row, action, review_id in conn.execute(query).all():
                line = views.message_line(conn, message_row)
                if line is not None:
                    found.append((line, str(action), review_id))
            return found

    def history(self, signer_id: int) -> list[views.AuditEntry]:
        """Every logged change to one signer, oldest first."""
        with self._tx() as conn:
            return views.signer_history(conn, signer_id)

    # -- settling --------------------------------------------------------

    def resolve(self, review_id: int, resolution: str, actor: str, now: datetime) -> bool:
        """Close an open review item; False when there is no such open item."""
        with self._tx() as conn:
            return _resolve(conn, review_id, resolution, actor, now)

    def make_held_change(self, review_id: int, now: datetime) -> list[SignerRecord] | None:
        """Make the change an open item held back (a signature, correction or withdrawal
        that waited for a person); None when the item holds none (or no longer does)."""
        with self._tx() as conn:
            taken = conn.execute(
                review.update()
                .where(
                    review.c.id == review_id,
                    review.c.status == "open",
                    review.c.change_held.is_(True),
                )
                .values(change_held=False)
            ).rowcount
            if not taken:  # not held, or another decision made it meanwhile
                return None
            message_row = conn.execute(
                select(review.c.message_id).where(review.c.id == review_id)
            ).scalar_one()
            row = conn.execute(select(messages).where(messages.c.id == message_row)).one()
            plan = Plan(Kind(row.kind), _extracted(row.extracted), bool(row.late), None)
            refs = [row.in_reply_to] if row.in_reply_to else []
            made, _ = apply(conn, plan, row.id, row.sender, refs, now)
            return made

    def edit(
        self,
        signer_id: int,
        values: Mapping[str, object],
        actor: str,
        now: datetime,
        expect: Mapping[str, object] | None = None,
    ) -> SignerRecord | None:
        """Change fields of a signer by hand (logged as ``edited``).

        ``expect`` holds the values the coordinator saw; if a field being changed
        no longer has that value (a poll recorded a correction meanwhile), a
        :class:`ConflictError` says so and nothing changes.
        """
        with self._tx() as conn:
            before = rows.get(conn, signer_id)
            if before is None:
                return None
            if expect is not None:
                check_unchanged(before, values, expect)
            return rows.update(conn, before, dict(values), "edited", None, now, actor=actor)

    def add(
        self, review_id: int, values: Mapping[str, object], actor: str, now: datetime
    ) -> SignerRecord | None:
        """A signer intake missed, added by hand to the review item's message."""
        with self._tx() as conn:
            item = conn.execute(select(review).where(review.c.id == review_id)).first()
            if item is None:
                return None
            message = conn.execute(
                select(messages.c.sender, messages.c.late).where(messages.c.id == item.message_id)
            ).one()
            signer = Signer(
                values.get("name"),  # type: ignore[arg-type]
                values.get("title"),  # type: ignore[arg-type]
                values.get("organization"),  # type: ignore[arg-type]
                Capacity(str(values.get("capacity") or "individual")),
            )
            return rows.insert(
                conn, signer, message.sender, bool(message.late), item.message_id, now, actor
            )

    def withdraw(self, signer_id: int, actor: str, now: datetime) -> SignerRecord | None:
        """Take a signer off the list (logged as ``withdrawn``, by ``actor``)."""
        with self._tx() as conn:
            before = rows.get(conn, signer_id)
            if before is None:
                return None
            values: dict[str, object] = {"status": "withdrawn"}
            return rows.update(conn, before, values, "withdrawn", None, now, actor=actor)

    def split(
        self, signer_id: int, values: Mapping[str, object], actor: str, now: datetime
    ) -> SignerRecord | None:
        """A second signer from one record: ``values`` over a copy; same address and messages."""
        with self._tx() as conn:
            source = rows.get(conn, signer_id)
            if source is None:
                return None
            return _split(
                conn, signer_id, {**rows.fields_of(source.as_signer()), **values}, actor, now
            )

    def merge(
        self,
        keep_id: int,
        other_id: int,
        actor: str,
        now: datetime,
        review_id: int | None = None,
    ) -> SignerRecord | None:
        """Fold ``other`` into ``keep``: empty fields filled, messages linked, ``other`` merged.

        The merge is recorded (``merges``) with both records before it, so it can be undone.
        """
        with self._tx() as conn:
            keep, other = rows.get(conn, keep_id), rows.get(conn, other_id)
            if keep is None or other is None:
                return None
            if other.status == "merged":
                raise ConflictError(f"signer #{other_id} is already merged")
            return merges_mod.merge(conn, keep, other, actor, now, review_id)

    def undo_merge(self, merge_id: int, actor: str, now: datetime) -> MergeRecord:
        """Put both records back as they were before merge ``merge_id``.

        A field changed since the merge (by a later message or edit) keeps its
        new value; the merged record returns to the list; a review item the
        merge settled is opened again. Raises ConflictError when already undone.
        """
        with self._tx() as conn:
            found = merges_mod.merge_row(conn, merge_id)
            if found is None:
                raise ConflictError(f"no merge #{merge_id}")
            if found.undone_at is not None:
                raise ConflictError(f"merge #{merge_id} was already undone")
            merges_mod.unmerge(conn, found, actor, now)
            return merges_mod.merge_row(conn, merge_id)  # type: ignore[return-value]

    def merges_of(self, signer_ids: Iterable[int]) -> list[MergeRecord]:
        """Merges that kept or folded any of ``signer_ids``, newest first."""
        wanted = list(signer_ids)
        with self._tx() as conn:
            query = (
                select(merges)
                .where(or_(merges.c.keep_id.in_(wanted), merges.c.other_id.in_(wanted)))
                .order_by(merges.c.id.desc())
            )
            return [merges_mod.merge_record(r) for r in conn.execute(query).mappings()]

    def not_a_signature(
        self, review_id: int, actor: str, now: datetime
    ) -> list[SignerRecord] | None:
        """Undo what a message did to the signer rows and close its review item."""
        with self._tx() as conn:
            item = conn.execute(select(review).where(review.c.id == review_id)).first()
            if item is None:
                return None
            undone = _undo_message(conn, item.message_id, actor, now)
            _resolve(conn, review_id, "not a signature", actor, now, reopen_ok=True)
            return undone


def _detail(conn: Connection, item: object) -> ReviewDetail:
    message_row = item.message_id  # type: ignore[attr-defined]
    line = views.message_line(conn, message_row)
    assert line is not None
    extra = conn.execute(
        select(messages.c.confidence, messages.c.extracted).where(messages.c.id == message_row)
    ).one()
    linked = []
    for signer_id, action in views.signers_of_message(conn, message_row):
        record = rows.get(conn, signer_id)
        if record is not None:
            linked.append((record, action))
    return ReviewDetail(
        item.id, item.status, item.reason, item.resolution,  # type: ignore[attr-defined]
        line, float(extra.confidence), _extracted(extra.extracted), tuple(linked),
        item.resolved_by, item.resolved_at,  # type: ignore[attr-defined]
        bool(item.change_held),  # type: ignore[attr-defined]
    )  # fmt: skip


def _extracted(text: str) -> tuple[Signer, ...]:
    """The signers extraction read, from the stored JSON (tolerant of odd values)."""
    try:
        data = json.loads(text or "[]")
    except ValueError:
        return ()
    entries = data if isinstance(data, list) else []
    return tuple(_signer(e) for e in entries if isinstance(e, dict))


def _signer(entry: Mapping[str, str | None]) -> Signer:
    try:
        capacity = Capacity(entry.get("capacity") or "individual")
    except ValueError:
        capacity = Capacity.INDIVIDUAL
    return Signer(entry.get("name"), entry.get("title"), entry.get("organization"), capacity)


def _resolve(
    conn: Connection,
    review_id: int,
    resolution: str,
    actor: str,
    now: datetime,
    reopen_ok: bool = False,
) -> bool:
    query = review.update().where(review.c.id == review_id)
    if not reopen_ok:
        query = query.where(review.c.status == "open")
    done = conn.execute(
        query.values(status="resolved", resolution=resolution, resolved_at=now, resolved_by=actor)
    ).rowcount
    if done:
        message_row = conn.execute(
            select(review.c.message_id).where(review.c.id == review_id)
        ).scalar_one()
        rows.log(conn, now, resolution, None, message_row, actor=actor, note=f"review #{review_id}")
    return bool(done)


def check_unchanged(
    before: SignerRecord, values: Mapping[str, object], expect: Mapping[str, object]
) -> None:
    """Refuse a change to a field that no longer holds the value the coordinator saw."""
    current = {**before.as_signer().as_dict(), "status": before.status}
    for key in values:
        if key in expect and (current.get(key) or None) != (expect[key] or None):
            shown = current.get(key) or "(empty)"
            raise ConflictError(
                f"signer #{before.id} changed while you were editing: {key} is now {shown!r} "
                "(a message from the signer or another edit); nothing was changed, look again"
            )


def _split(
    conn: Connection, source_id: int, values: Mapping[str, object], actor: str, now: datetime
) -> SignerRecord:
    origin = conn.execute(select(signers).where(signers.c.id == source_id)).mappings().one()
    signer = Signer(
        values.get("name"),  # type: ignore[arg-type]
        values.get("title"),  # type: ignore[arg-type]
        values.get("organization"),  # type: ignore[arg-type]
        Capacity(str(values.get("capacity"))),
    )
    result = conn.execute(
        signers.insert().values(
            **rows.fields_of(signer), email=origin["email"], match_key=match_key(signer),
            status="active", late=origin["late"], first_message=origin["first_message"],
            last_message=origin["last_message"], created_at=now, updated_at=now,
        )
    )  # fmt: skip
    new_id = int(result.inserted_primary_key[0])  # type: ignore[index]
    merges_mod.copy_links(conn, source_id, new_id)
    record = rows.get(conn, new_id)
    assert record is not None
    rows.log(conn, now, "split", new_id, None, after=record, actor=actor, note=f"from #{source_id}")
    return record


def _undo_message(
    conn: Connection, message_row: int, actor: str, now: datetime
) -> list[SignerRecord]:
    """Reverse each change a message made, newest first, where no later change overrode it."""
    logged = conn.execute(
        select(audit.c.signer_id, audit.c.before, audit.c.after)
        .where(audit.c.message_id == message_row, audit.c.signer_id.is_not(None))
        .order_by(audit.c.id.desc())
    ).all()
    undone: dict[int, SignerRecord] = {}
    for signer_id, before, after in logged:
        current = rows.get(conn, signer_id)
        if current is None:
            continue
        values = merges_mod.reversal(current, _load(before), _load(after))
        if values:
            note = f"message #{message_row} was not a signature"
            undone[signer_id] = rows.update(
                conn, current, values, "not a signature", None, now, actor=actor, note=note
            )
    return list(undone.values())


def _load(value: str | None) -> dict[str, str | None] | None:
    return json.loads(value) if value else None
