"""Recording fetched messages: one transaction for a batch, one savepoint for each message.

A poll records a batch of messages in one transaction and commits it before it
sends the batch's replies or marks the batch on the server, so a crash leaves
the whole batch unrecorded (it is fetched again) or all of it recorded with its
checkpoint. Each message is written inside a savepoint of its own: a message
that fails (a duplicate, a bug) is rolled back alone and the batch goes on.
:meth:`Store.record <intake.store.db.Store.record>` is a batch of one.

What the poll asks about each message (is it recorded already? how many
replies had its sender today? what does the record hold from its sender? who
signed already under the same name?) is read for the whole batch in four
statements (:meth:`Batch.expect`, :meth:`Batch.expect_senders`,
:meth:`Batch.expect_signers`) and kept up to date as the batch records (rows
a message changed are read again when next asked for); the folder's
checkpoint is written once, when the batch ends.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.engine import Connection, RowMapping
from sqlalchemy.exc import IntegrityError

from intake.assess.plan import Plan
from intake.errors import IntakeError
from intake.extract import Kind, Signer
from intake.message import Message
from intake.store import senders
from intake.store import statements as sql
from intake.store.apply import apply
from intake.store.failures import database_errors
from intake.store.queue import queue_reply
from intake.store.records import Location, RecordResult, ReplyDraft, SignerRecord, match_key
from intake.store.schema import checkpoints, message_raw, skips

Render = Callable[[Sequence[SignerRecord]], ReplyDraft | None]
RAW_KEPT_UP_TO = 5_000_000  # bytes of a review item's original message kept for the desk


class Batch:
    """The messages of one fetched batch, recorded on one connection in one transaction."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self._expected: set[str] = set()  # identities and locations ``expect`` read
        self._recorded: set[str] = set()  # ... and those recorded or known to be
        self._replies: dict[str, int] = {}  # replies per address since ``_since``
        self._since: datetime | None = None
        self._reached: dict[str, tuple[Location, datetime]] = {}  # folder: checkpoint
        self._older: bool | None = None  # any message recorded under an older identity?
        self._senders = senders.Senders()  # the signer rows of the batch's senders
        self._keyed: dict[str, list[RowMapping]] = {}  # signer rows by name key

    def expect(self, messages: Sequence[tuple[Location, str, str]], since: datetime) -> None:
        """Read at once what ``known`` and ``replies_since`` will be asked about these
        (location, identity, reply address) triples, for replies since ``since``."""
        with database_errors():
            for (folder, validity), group in _by_folder(messages).items():
                params = {
                    "b_identities": [ident for _, ident, _ in group],
                    "b_folder": folder,
                    "b_uidvalidity": validity,
                    "b_uids": [location.uid for location, _, _ in group],
                }
                for row in self.conn.execute(sql.KNOWN_AMONG, params):
                    self._recorded |= {row.identity, _key(Location(*row[1:]))}
                self._expected |= {k for loc, ident, _ in group for k in (ident, _key(loc))}
            addresses = sorted({address for _, _, address in messages})
            params = {"b_addresses": addresses, "b_since": since}
            self._replies = dict.fromkeys(addresses, 0)
            self._replies |= dict(self.conn.execute(sql.REPLIES_SINCE_AMONG, params).all())
            self._since = since

    def known(self, location: Location, ident: str, message: Message | None = None) -> bool:
        """True if this location or this identity is already recorded (in this batch too).

        With ``message``, one recorded by an older intake (whose identity hashed the
        mailbox's own headers too) is known by its Message-ID, sender and subject.
        """
        keys = {ident, _key(location)}
        if keys <= self._expected and (keys & self._recorded or not self._legacy(message)):
            return bool(keys & self._recorded)
        with database_errors():
            return known(self.conn, location, ident, message)

    def _legacy(self, message: Message | None) -> bool:
        """Whether ``message`` could match a message recorded under an older identity."""
        if message is None or not message.message_id:
            return False
        if self._older is None:
            with database_errors():
                self._older = self.conn.execute(sql.ANY_OLDER_IDENTITY).first() is not None
        return self._older

    def skip(self, location: Location, count: int, now: datetime) -> None:
        """Count ``count`` messages received before the campaign opened, and move the
        checkpoint past ``location`` (so each is counted once)."""
        if count:
            with database_errors():
                self.conn.execute(
                    skips.insert().values(at=now, folder=location.folder, count=count)
                )
        self.advance(location, now)

    def expect_senders(self, addresses: Sequence[str]) -> None:
        """Read at once the signer rows ``sender_facts`` will be asked about."""
        with database_errors():
            self._senders.expect(self.conn, addresses)

    def expect_signers(self, signers: Iterable[Signer]) -> None:
        """Read at once the signer rows that recording ``signers`` will look up by name
        key (a key the batch's messages changed since is read again)."""
        keys = {match_key(s) for s in signers} - self._keyed.keys()
        wanted = sorted(k for k in keys if not k.endswith(":"))
        if not wanted:
            return
        self._keyed.update({key: [] for key in wanted})
        with database_errors():
            for row in self.conn.execute(sql.SAME_KEYS, {"b_keys": wanted}).mappings():
                self._keyed[row["match_key"]].append(row)

    def sender_facts(self, address: str, refs: Sequence[str]) -> senders.SenderFacts:
        """What the record holds from ``address`` (see ``Store.sender_facts``)."""
        with database_errors():
            return self._senders.facts(self.conn, address, refs)

    def replies_since(self, address: str, since: datetime) -> int:
        """Replies queued or sent to ``address`` since ``since``, this batch's included."""
        if address in self._replies and self._since is not None and since >= self._since:
            return self._replies[address]
        with database_errors():
            return replies_since(self.conn, address, since)

    def advance(self, location: Location, now: datetime) -> None:
        """Move the checkpoint past a message that is skipped, not recorded (when the
        batch ends: ``flush``)."""
        reached = self._reached.get(location.folder)
        if reached is None or _after(location, reached[0]):
            self._reached[location.folder] = (location, now)

    def flush(self) -> None:
        """Write the checkpoint of each folder the batch reached (before it commits)."""
        with database_errors():
            for location, now in self._reached.values():
                advance(self.conn, location, now)
        self._reached.clear()

    def record(
        self,
        location: Location,
        message: Message,
        plan: Plan,
        ident: str,
        render: Render,
        now: datetime,
        raw: bytes | None = None,
    ) -> RecordResult:
        """Record one message and everything it causes, in a savepoint of its own.

        A message already recorded (same location or identity) is a duplicate:
        nothing is written but the checkpoint. Any other failure rolls back this
        message alone and is raised (a database failure as StoreError). ``raw``
        is kept with a message that goes to review (``Store.record``).
        """
        self._senders.changed([message.sender.addr])
        try:
            with database_errors(), savepoint(self.conn):
                result = _record(
                    self.conn, location, message, plan, ident, render, now, raw, self._keyed
                )
        except IntegrityError:
            self.advance(location, now)
            return RecordResult(message_row=None, duplicate=True)
        self._senders.changed(record.email for record in result.signers)
        self._forget_keys(plan, result)
        self.advance(location, now)
        self._recorded |= {ident, _key(location)}
        if result.reply_to is not None and result.reply_to in self._replies:
            self._replies[result.reply_to] += 1
        return result

    def _forget_keys(self, plan: Plan, result: RecordResult) -> None:
        """Drop the name keys whose rows the message may have changed: a signature
        changes only rows under its signers' keys; anything else, any row."""
        if plan.kind is Kind.SIGNATURE:
            for signer in plan.signers:
                self._keyed.pop(match_key(signer), None)
        elif result.signers:
            self._keyed.clear()


@contextmanager
def savepoint(conn: Connection) -> Iterator[None]:
    """A savepoint around one message: released when the block ends, rolled back
    (and released) when it raises.

    SQLAlchemy's ``begin_nested`` builds and compiles both statements anew each
    time, at a cost per message above that of the inserts themselves; these are
    constant, and go to the driver as they are.
    """
    conn.exec_driver_sql("SAVEPOINT intake_message")
    try:
        yield
    except BaseException:
        conn.exec_driver_sql("ROLLBACK TO SAVEPOINT intake_message")
        conn.exec_driver_sql("RELEASE SAVEPOINT intake_message")
        raise
    conn.exec_driver_sql("RELEASE SAVEPOINT intake_message")


def _key(location: Location) -> str:
    return f"{location.uidvalidity}/{location.uid}@{location.folder}"


def _after(location: Location, other: Location) -> bool:
    """Whether ``location`` is further on in its folder than ``other``."""
    return location.uidvalidity != other.uidvalidity or location.uid > other.uid


def _by_folder(
    messages: Sequence[tuple[Location, str, str]],
) -> dict[tuple[str, int], list[tuple[Location, str, str]]]:
    groups: dict[tuple[str, int], list[tuple[Location, str, str]]] = {}
    for item in messages:
        groups.setdefault((item[0].folder, item[0].uidvalidity), []).append(item)
    return groups


def known(conn: Connection, location: Location, ident: str, message: Message | None) -> bool:
    params = {
        "b_identity": ident,
        "b_folder": location.folder,
        "b_uidvalidity": location.uidvalidity,
        "b_uid": location.uid,
        "b_message_id": message.message_id if message and message.message_id else "\x00",
        "b_sender": message.sender.addr if message else "",
        "b_subject": message.subject[:1000] if message else "",
    }
    return conn.execute(sql.KNOWN, params).first() is not None


def replies_since(conn: Connection, address: str, since: datetime) -> int:
    count = conn.execute(sql.REPLIES_SINCE, {"b_to": address, "b_since": since})
    return int(count.scalar_one())


def advance(conn: Connection, location: Location, now: datetime) -> None:
    """Move the folder's checkpoint forward to ``location`` (never back)."""
    params = {
        "b_folder": location.folder,
        "b_uidvalidity": location.uidvalidity,
        "b_uid": location.uid,
        "b_at": now,
    }
    moved = conn.execute(sql.MOVE_CHECKPOINT, params).rowcount
    if moved:
        return
    if conn.execute(
        select(checkpoints.c.folder).where(checkpoints.c.folder == location.folder)
    ).first():
        return
    conn.execute(
        checkpoints.insert().values(
            folder=location.folder,
            uidvalidity=location.uidvalidity,
            last_uid=location.uid,
            updated_at=now,
        )
    )


def _record(
    conn: Connection,
    location: Location,
    message: Message,
    plan: Plan,
    ident: str,
    render: Render,
    now: datetime,
    raw: bytes | None,
    keyed: dict[str, list[RowMapping]] | None = None,
) -> RecordResult:
    message_row = _insert_message(conn, location, message, plan, ident, now)
    refs = [r for r in (message.in_reply_to, *message.references) if r]
    records: Sequence[SignerRecord] = []
    notes: list[str] = []
    if not plan.change_held:  # a held change waits for the coordinator (review accept)
        records, notes = apply(conn, plan, message_row, message.sender.addr, refs, now, keyed)
    reasons = [*plan.review_reasons, *notes]
    reply_id, draft = None, None
    if plan.reply is not None:
        try:
            draft = render(records)
        except IntakeError as exc:  # a broken template must not lose the message
            reasons.append(f"reply not sent: {exc}")
            draft = None
        if draft is not None:
            status = "held" if plan.reply_held else "pending"
            reply_id = queue_reply(conn, message_row, draft, now, "reply", status)
    if reasons:
        conn.execute(
            sql.INSERT_REVIEW,
            {
                "message_id": message_row,
                "reason": "; ".join(reasons),
                "created_at": now,
                "change_held": plan.change_held,
            },
        )
        if raw is not None and len(raw) <= RAW_KEPT_UP_TO:
            conn.execute(message_raw.insert().values(message_id=message_row, data=raw))
    reply_to = draft.to_addr if reply_id is not None and draft is not None else None
    return RecordResult(message_row, tuple(records), reply_id, bool(reasons), reply_to=reply_to)


def _insert_message(
    conn: Connection, location: Location, message: Message, plan: Plan, ident: str, now: datetime
) -> int:
    result = conn.execute(
        sql.INSERT_MESSAGE,
        {
            "folder": location.folder,
            "uidvalidity": location.uidvalidity,
            "uid": location.uid,
            "identity": ident,
            "message_id": message.message_id,
            "in_reply_to": message.in_reply_to,
            "received": message.received or now,
            "sender": message.sender.addr,
            "sender_name": message.sender.name,
            "reply_to": message.reply_address.addr,
            "subject": message.subject[:1000],
            "kind": plan.kind.value,
            "late": plan.late,
            "confidence": plan.confidence,
            "reasons": json.dumps(list(plan.reasons), ensure_ascii=False),
            "extracted": json.dumps([s.as_dict() for s in plan.signers], ensure_ascii=False),
            "no_reply_reason": "; ".join(plan.no_reply_reasons),
            "defects": json.dumps(list(message.defects)),
            "size": message.size,
            "own_text": message.own_text[:20000] or message.text[:20000],
            "recorded_at": now,
        },
    )
    return int(result.inserted_primary_key[0])  # type: ignore[index]
