"""What an action will change, said before it is done (pure).

The desk shows these lines beside each button, and again on the page that
asks to confirm, so the coordinator never acts blind. Each function takes
the records as they are and returns a :class:`Preview`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from intake.extract import Signer
from intake.store import SignerRecord
from intake.store.decisions import ReplyState
from intake.store.merges import merge_fill

FIELDS = ("name", "title", "organization", "capacity")


@dataclass(frozen=True)
class Preview:
    """What will change (``lines``) and what to look at first (``warnings``)."""

    lines: tuple[str, ...]
    warnings: tuple[str, ...] = ()

    @property
    def changes_nothing(self) -> bool:
        return not self.lines


def who(record: SignerRecord | Mapping[str, object]) -> str:
    """ "#7 Jane Smith, Director, Center for Conscience" (or the fields alone for a mapping)."""
    fields = record.as_signer().as_dict() if isinstance(record, SignerRecord) else record
    parts = [str(fields[k]) for k in ("name", "title", "organization") if fields.get(k)]
    text = ", ".join(parts) or "(empty)"
    return f"#{record.id} {text}" if isinstance(record, SignerRecord) else text


def reply_line(reply: ReplyState | None, settle: bool) -> str:
    """What happens to the automatic reply when the item is settled (``settle``) or dropped."""
    if reply is None:
        return "No automatic reply is involved."
    if reply.status == "held":
        if settle:
            return f"The {reply.template} held for review goes to {reply.to_addr} now."
        return f"The {reply.template} held for review is dropped: it never goes."
    if reply.status == "sent":
        return f"The {reply.template} already went to {reply.to_addr}; it stays sent."
    return f"The {reply.template} to {reply.to_addr} is {reply.status}; it is left as it is."


def _standing(record: SignerRecord) -> str:
    if record.status == "active":
        return "on the list, after the deadline" if record.late else "on the list as read"
    return f"as it is ({record.status})"


def field_changes(before: SignerRecord, values: Mapping[str, object]) -> list[str]:
    """ "title: Director → Senior Director" for each field that really changes."""
    current = before.as_signer().as_dict()
    return [
        f"{key}: {current[key] or '—'} → {values[key] or '—'}"
        for key in FIELDS
        if key in values and (values[key] or None) != (current[key] or None)
    ]


def accept(
    signers: Sequence[SignerRecord],
    reply: ReplyState | None,
    waiting: Sequence[Signer] | None = None,
    kind: str = "signature",
) -> Preview:
    """Accept: the records stay as read; a change that waited (``waiting``: what the
    message asks, when its change was held back) is made."""
    if waiting is not None:
        made = [f"Makes the {kind} that waited: {who(s.as_dict())}." for s in waiting]
        lines = made or [f"Makes the {kind} that waited."]
        return Preview((*lines, reply_line(reply, True)))
    kept = [f"Keeps {who(s)} {_standing(s)}." for s in signers]
    return Preview((*(kept or ["Closes the item; no signer changes."]), reply_line(reply, True)))


def edit(
    changes: Mapping[int, Mapping[str, object]],
    records: Mapping[int, SignerRecord],
    reply: ReplyState | None,
) -> Preview:
    """Edit fields in place: one line per field that changes, per signer."""
    lines = []
    for signer_id, values in changes.items():
        lines += [f"#{signer_id} {c}" for c in field_changes(records[signer_id], values)]
    if not lines:
        return Preview(())
    again = reply is not None and reply.status == "held"
    note = " with these values" if again else ""
    return Preview((*lines, reply_line(reply, True).replace(" now.", f"{note} now.")))


def split(
    source: SignerRecord,
    first: Mapping[str, object],
    second: Mapping[str, object],
    reply: ReplyState | None,
) -> Preview:
    """Split: the record keeps ``first``, and a new signer is made of ``second``."""
    lines = [f"#{source.id} {c}" for c in field_changes(source, first)]
    lines.append(f"A new signer is added: {who(second)} ({second.get('capacity')}).")
    warnings = []
    if not second.get("name") and not second.get("organization"):
        warnings.append("The new signer needs a name or an organization.")
    return Preview((*lines, reply_line(reply, True)), tuple(warnings))


def merge(keep: SignerRecord, other: SignerRecord, reply: ReplyState | None) -> Preview:
    """Merge ``other`` into ``keep``: what ``keep`` gains, and why to look twice."""
    lines = [f"{who(other)} is folded into {who(keep)} and leaves the list as a duplicate."]
    lines += [f"#{keep.id} gets {k}: {v}" for k, v in merge_fill(keep, other).items() if v]
    lines += ["The merge can be undone.", reply_line(reply, True)]
    warnings = []
    if other.late and not keep.late:
        warnings.append(f"#{other.id} signed after the deadline; #{keep.id} signed in time.")
    if keep.status != "active":
        warnings.append(f"#{keep.id} is {keep.status}: it stays {keep.status}.")
    if keep.email != other.email:
        warnings.append(f"They wrote from different addresses: {keep.email}, {other.email}.")
    if keep.name and other.name and keep.name.casefold() != other.name.casefold():
        warnings.append(f"The names differ: “{keep.name}” and “{other.name}”.")
    return Preview(tuple(lines), tuple(warnings))


def not_signature(
    created: Sequence[SignerRecord], changed: Sequence[SignerRecord], reply: ReplyState | None
) -> Preview:
    """Not a signature: what the message added comes off, what it changed goes back."""
    lines = [f"Takes {who(s)} off the list." for s in created if s.status != "rejected"]
    lines += [f"Puts back the values {who(s)} had before this message." for s in changed]
    return Preview((*lines, reply_line(reply, False)))


def answer(to: str, sender: str, subject: str) -> Preview:
    """Answer a question: sent from the campaign's address, threaded, and the item closes."""
    return Preview(
        (
            f"Sends your answer to {to} from {sender}, as a reply to “{subject}”.",
            "Closes the item; the answer is kept with it.",
        )
    )
