"""Reply rows: the one place a reply or a digest mail is queued for sending."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.engine import Connection

from intake.store import statements as sql
from intake.store.records import ReplyDraft


def queue_reply(
    conn: Connection,
    message_row: int | None,
    draft: ReplyDraft,
    now: datetime,
    purpose: str,
    status: str = "pending",
) -> int:
    """Queue ``draft`` as a pending reply (of ``message_row``, when it answers one).

    ``status="held"`` keeps it back until the coordinator settles the message's review item.
    """
    result = conn.execute(
        sql.INSERT_REPLY,
        {
            "message_id": message_row,
            "purpose": purpose,
            "template": draft.template,
            "to_addr": draft.to_addr,
            "rfc_message_id": draft.rfc_message_id,
            "subject": draft.subject,
            "body": draft.body,
            "status": status,
            "created_at": now,
        },
    )
    return int(result.inserted_primary_key[0])  # type: ignore[index]
