"""Review actions: what the coordinator settles by hand, checked before anything changes.

Each action names who does it (``actor``) and is logged in the audit log with
the signer before and after, so the next digest and export show it. Input the
coordinator typed that cannot be right (an unknown id, an empty signer, an
unknown capacity) is a :class:`ConfigError` with one line saying why.
"""

from __future__ import annotations

import getpass
from collections.abc import Mapping
from datetime import datetime

from intake.errors import ConfigError
from intake.extract import Capacity
from intake.store import SignerRecord, Store
from intake.store.review import ReviewDetail

DEFAULT_ACTOR = "coordinator"
CAPACITIES = tuple(c.value for c in Capacity)


def actor_name(given: str | None = None) -> str:
    """Who is acting: ``--as NAME``, else the login name, else "coordinator"."""
    if given and given.strip():
        return given.strip()
    try:
        return getpass.getuser() or DEFAULT_ACTOR
    except (OSError, KeyError):
        return DEFAULT_ACTOR


def field_values(
    name: str | None = None,
    title: str | None = None,
    organization: str | None = None,
    capacity: str | None = None,
) -> dict[str, object]:
    """The fields given, cleaned; an empty string clears a field."""
    values: dict[str, object] = {}
    for key, value in (("name", name), ("title", title), ("organization", organization)):
        if value is not None:
            values[key] = " ".join(value.split()) or None
    if capacity is not None:
        if capacity.strip().lower() not in CAPACITIES:
            raise ConfigError(f"capacity must be one of {', '.join(CAPACITIES)}, not {capacity!r}")
        values["capacity"] = capacity.strip().lower()
    return values


def check_result(before: SignerRecord, values: Mapping[str, object]) -> None:
    """Refuse values that leave a signer with neither a name nor an organization, or a
    capacity that needs an organization without one."""
    merged = {**before.as_signer().as_dict(), **values}
    if not merged["name"] and not merged["organization"]:
        raise ConfigError(f"signer #{before.id} would have neither a name nor an organization")
    if merged["capacity"] != "individual" and not merged["organization"]:
        raise ConfigError(f"signer #{before.id} signs as {merged['capacity']}: give --organization")


def _signer(store: Store, signer_id: int) -> SignerRecord:
    record = store.review.signer(signer_id)
    if record is None:
        raise ConfigError(f"no signer #{signer_id} (see: intake signers --all)")
    return record


def detail(store: Store, review_id: int) -> ReviewDetail:
    """A review item with its message text, extraction and signers."""
    found = store.review.review_detail(review_id)
    if found is None:
        raise ConfigError(f"no review item #{review_id} (see: intake review)")
    return found


def accept(store: Store, review_id: int, actor: str, now: datetime) -> None:
    """Settle an item as read correctly; the signer rows stay as they are."""
    detail(store, review_id)
    if not store.review.resolve(review_id, "accepted", actor, now):
        raise ConfigError(f"review item #{review_id} is already settled")


def edit(
    store: Store,
    signer_id: int,
    values: Mapping[str, object],
    actor: str,
    now: datetime,
    expect: Mapping[str, object] | None = None,
) -> SignerRecord:
    """Change fields of a signer (``expect``: the values the coordinator saw, checked)."""
    if not values:
        raise ConfigError("nothing to change: give --name, --title, --organization or --capacity")
    check_result(_signer(store, signer_id), values)
    changed = store.review.edit(signer_id, values, actor, now, expect)
    assert changed is not None
    return changed


def split(
    store: Store, signer_id: int, values: Mapping[str, object], actor: str, now: datetime
) -> SignerRecord:
    """A second signer out of one record; fields not given are copied from it."""
    source = _signer(store, signer_id)
    if not values.get("name") and not values.get("organization"):
        raise ConfigError("a split needs the new signer's --name (or --organization)")
    check_result(source, values)
    made = store.review.split(signer_id, values, actor, now)
    assert made is not None
    return made


def merge(
    store: Store,
    keep_id: int,
    other_id: int,
    actor: str,
    now: datetime,
    review_id: int | None = None,
) -> SignerRecord:
    """Fold signer ``other_id`` into ``keep_id`` (the same signer recorded twice)."""
    if keep_id == other_id:
        raise ConfigError("merge needs two different signers")
    if _signer(store, keep_id).status == "merged":
        raise ConfigError(f"signer #{keep_id} was itself merged: merge into the one it joined")
    if _signer(store, other_id).status == "merged":
        raise ConfigError(f"signer #{other_id} is already merged")
    kept = store.review.merge(keep_id, other_id, actor, now, review_id)
    assert kept is not None
    return kept


def withdraw(store: Store, signer_id: int, actor: str, now: datetime) -> SignerRecord:
    """Take a signer off the list."""
    if _signer(store, signer_id).status == "withdrawn":
        raise ConfigError(f"signer #{signer_id} is already withdrawn")
    done = store.review.withdraw(signer_id, actor, now)
    assert done is not None
    return done


def not_a_signature(store: Store, review_id: int, actor: str, now: datetime) -> list[SignerRecord]:
    """Undo what a message did to the signer rows, and settle its review item."""
    detail(store, review_id)
    undone = store.review.not_a_signature(review_id, actor, now)
    assert undone is not None
    return undone


def search(store: Store, text: str = "", include_all: bool = False) -> list[SignerRecord]:
    """Signers whose name, title, organization or address contains ``text``."""
    return store.review.find_signers(text, include_all)
