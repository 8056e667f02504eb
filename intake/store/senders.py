"""What the record already holds from one address, for the decisions about its mail.

Pure reads: how many messages from the address added signers (the per-sender
limit), who from it is on the list (the words of a late reply), and whose
records a correction or withdrawal from it would change (a third party's?).

A batch reads the rows of all its senders in one statement (:class:`Senders`)
and reads an address again only after one of its messages changed them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy.engine import Connection, RowMapping

from intake.store import signers as rows
from intake.store import statements as sql


@dataclass(frozen=True, slots=True)
class SenderFacts:
    """The record's side of one sender: see :func:`facts`."""

    signups: int = 0
    on_list: tuple[str, ...] = ()
    owners: tuple[str, ...] = ()


def facts(
    conn: Connection, address: str, refs: Sequence[str], own: Sequence[RowMapping] | None = None
) -> SenderFacts:
    """``signups``: earlier messages from ``address`` that put someone new on the list;
    ``on_list``: the names (or organizations) from it that are on the list now;
    ``owners``: the addresses of the active records a change from it would touch.
    ``own`` is the address's signer rows when the caller has read them already."""
    if not address:
        return SenderFacts()
    if own is None:
        own = rows.from_address(conn, address)
    targets = rows.targets(conn, refs, address, own)
    return SenderFacts(
        signups=len({r["first_message"] for r in own if r["first_message"] is not None}),
        on_list=tuple(
            r["name"] or r["organization"] or ""
            for r in own
            if r["status"] == "active" and not r["late"]
        ),
        owners=tuple(dict.fromkeys(t.email for t in targets if t.status == "active")),
    )


class Senders:
    """The signer rows of a batch's senders, read at once and read again when stale."""

    def __init__(self) -> None:
        self._rows: dict[str, list[RowMapping]] = {}

    def expect(self, conn: Connection, addresses: Iterable[str]) -> None:
        """Read the rows of every one of ``addresses`` in one statement."""
        wanted = sorted({a for a in addresses if a} - self._rows.keys())
        if not wanted:
            return
        self._rows.update({address: [] for address in wanted})
        for row in conn.execute(sql.FROM_ADDRESSES, {"b_emails": wanted}).mappings():
            self._rows[row["email"]].append(row)

    def facts(self, conn: Connection, address: str, refs: Sequence[str]) -> SenderFacts:
        """:func:`facts`, from the rows read beforehand when there are any."""
        return facts(conn, address, refs, self._rows.get(address))

    def changed(self, addresses: Iterable[str]) -> None:
        """Forget the rows of ``addresses`` (a message changed them): read them again."""
        for address in addresses:
            self._rows.pop(address, None)
