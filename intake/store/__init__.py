"""The record of the campaign: the only code that touches the database.

Every processed message is recorded exactly once, keyed by its location
(folder, UIDVALIDITY, UID) and its identity (Message-ID). The message row, the
signer changes, the review item, the queued reply and the folder checkpoint
are written in one transaction, so a crash leaves either all or none of them.
:class:`~intake.store.db.Store` is the handle; the records are plain values.
"""

from intake.store.batch import Batch
from intake.store.db import Store
from intake.store.locks import SessionLock
from intake.store.outbox import Outgoing
from intake.store.records import (
    Checkpoint,
    Location,
    PendingReply,
    PollRecord,
    RecordResult,
    ReplyDraft,
    SignerRecord,
    identity,
)

__all__ = [
    "Batch",
    "Checkpoint",
    "Location",
    "Outgoing",
    "PendingReply",
    "PollRecord",
    "RecordResult",
    "ReplyDraft",
    "SessionLock",
    "SignerRecord",
    "Store",
    "identity",
]
