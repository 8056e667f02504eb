"""What the record already holds from one address, for the decisions about its mail.

Pure reads: how many messages from the address added signers (the per-sender
limit), who from it is on the list (the words of a late reply), and whose
records a correction or withdrawal from it would change (a third party's?).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from intake.store import signers as rows
from intake.store.schema import signers


@dataclass(frozen=True, slots=True)
class SenderFacts:
    """The record's side of one sender: see :func:`facts`."""

    signups: int = 0
    on_list: tuple[str, ...] = ()
    owners: tuple[str, ...] = ()


def facts(conn: Connection, address: str, refs: Sequence[str]) -> SenderFacts:
    """``signups``: earlier messages from ``address`` that put someone new on the list;
    ``on_list``: the names (or organizations) from it that are on the list now;
    ``owners``: the addresses of the active records a change from it would touch."""
    if not address:
        return SenderFacts()
    signups = conn.execute(
        select(func.count(func.distinct(signers.c.first_message))).where(signers.c.email == address)
    ).scalar_one()
    listed = conn.execute(
        select(signers.c.name, signers.c.organization)
        .where(
            signers.c.email == address,
            signers.c.status == "active",
            signers.c.late.is_(False),
        )
        .order_by(signers.c.id)
    ).all()
    targets = [t for t in rows.targets(conn, refs, address) if t.status == "active"]
    return SenderFacts(
        signups=int(signups),
        on_list=tuple(name or org or "" for name, org in listed),
        owners=tuple(dict.fromkeys(t.email for t in targets)),
    )
