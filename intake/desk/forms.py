"""Signer fields from the desk's forms: what the coordinator changed, and what they saw.

Each signer's inputs are named ``FIELD.ID`` (``title.7``) with the value the
page showed in ``was.FIELD.ID``. Only the fields that differ from what was
shown are changed, and those are checked against the record when saved, so
a correction recorded by a poll meanwhile is never overwritten unseen.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from intake.errors import ConfigError
from intake.review import CAPACITIES, field_values

FIELDS = ("name", "title", "organization", "capacity")
__all__ = ["CAPACITIES", "FIELDS", "changed", "clean", "edits", "number", "seen"]
Values = dict[str, object]


def clean(form: Mapping[str, str], key: str) -> Values:
    """Every field given for ``key`` (a signer id or "new"), cleaned and checked."""
    given = {f: form.get(f"{f}.{key}") for f in FIELDS}
    return field_values(**given)


def seen(form: Mapping[str, str], key: str) -> Values:
    """The values the page showed for ``key``."""
    given = {f: form.get(f"was.{f}.{key}") for f in FIELDS}
    return field_values(**{f: v for f, v in given.items() if v is not None})


def changed(form: Mapping[str, str], key: str) -> tuple[Values, Values]:
    """(the fields the coordinator changed, the values they saw for them)."""
    now, was = clean(form, key), seen(form, key)
    diff = {f: v for f, v in now.items() if f in was and (v or None) != (was[f] or None)}
    return diff, {f: was[f] for f in diff}


def edits(
    form: Mapping[str, str], ids: Iterable[int]
) -> tuple[dict[int, Values], dict[int, Values]]:
    """What changed on each signer of a review item, and what the page showed."""
    changes: dict[int, Values] = {}
    expect: dict[int, Values] = {}
    for signer_id in ids:
        diff, was = changed(form, str(signer_id))
        if diff:
            changes[signer_id], expect[signer_id] = diff, was
    return changes, expect


def number(form: Mapping[str, str], key: str, what: str) -> int:
    """A signer number typed or chosen in a form."""
    text = (form.get(key) or "").strip().lstrip("#")
    if not text.isdigit():
        raise ConfigError(f"choose {what} (a signer number)")
    return int(text)
