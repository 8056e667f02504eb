"""Statements the poll runs for every message, built once with bound parameters.

Building a SQLAlchemy statement and its cache key costs more than running it
on SQLite; these are built at import and only their parameters change.
"""

from __future__ import annotations

from sqlalchemy import and_, bindparam, func, or_, select

from intake.message.identity import IDENTITY_VERSION
from intake.store.schema import (
    audit,
    checkpoints,
    messages,
    replies,
    review,
    signer_messages,
    signers,
)

KNOWN = (
    select(messages.c.id)
    .where(
        or_(
            messages.c.identity == bindparam("b_identity"),
            and_(
                messages.c.folder == bindparam("b_folder"),
                messages.c.uidvalidity == bindparam("b_uidvalidity"),
                messages.c.uid == bindparam("b_uid"),
            ),
            and_(  # recorded by an older intake, whose identity hashed mailbox headers too
                messages.c.message_id == bindparam("b_message_id"),
                messages.c.identity.not_like(f"%{IDENTITY_VERSION}%"),
                messages.c.sender == bindparam("b_sender"),
                messages.c.subject == bindparam("b_subject"),
            ),
        )
    )
    .limit(1)
)
# Whether any message was recorded under an older identity (read once per batch).
ANY_OLDER_IDENTITY = (
    select(messages.c.id).where(messages.c.identity.not_like(f"%{IDENTITY_VERSION}%")).limit(1)
)
# What a batch of messages will ask, read at once (``Batch.expect``).
KNOWN_AMONG = select(
    messages.c.identity, messages.c.folder, messages.c.uidvalidity, messages.c.uid
).where(
    or_(
        messages.c.identity.in_(bindparam("b_identities", expanding=True)),
        and_(
            messages.c.folder == bindparam("b_folder"),
            messages.c.uidvalidity == bindparam("b_uidvalidity"),
            messages.c.uid.in_(bindparam("b_uids", expanding=True)),
        ),
    )
)
REPLIES_SINCE_AMONG = (
    select(replies.c.to_addr, func.count())
    .where(
        replies.c.to_addr.in_(bindparam("b_addresses", expanding=True)),
        replies.c.created_at >= bindparam("b_since"),
    )
    .group_by(replies.c.to_addr)
)
REPLIES_SINCE = (
    select(func.count())
    .select_from(replies)
    .where(replies.c.to_addr == bindparam("b_to"), replies.c.created_at >= bindparam("b_since"))
)
SAME_KEY = select(signers).where(signers.c.match_key == bindparam("b_key"))
# The signer rows under any of a batch's name keys (``Batch.expect_signers``).
SAME_KEYS = (
    select(signers)
    .where(signers.c.match_key.in_(bindparam("b_keys", expanding=True)))
    .order_by(signers.c.id)
)
# The signer rows recorded from one address, and from any of a batch's (``senders``).
FROM_ADDRESS = select(signers).where(signers.c.email == bindparam("b_email")).order_by(signers.c.id)
FROM_ADDRESSES = (
    select(signers)
    .where(signers.c.email.in_(bindparam("b_emails", expanding=True)))
    .order_by(signers.c.id)
)
# The signers of the confirmations a reply refers to (by their Message-IDs).
REFERRED = (
    select(signers)
    .join(signer_messages, signer_messages.c.signer_id == signers.c.id)
    .join(replies, replies.c.message_id == signer_messages.c.message_id)
    .where(replies.c.rfc_message_id.in_(bindparam("b_refs", expanding=True)))
    .order_by(signers.c.id)
)
MOVE_CHECKPOINT = (
    checkpoints.update()
    .where(
        checkpoints.c.folder == bindparam("b_folder"),
        or_(
            checkpoints.c.uidvalidity != bindparam("b_uidvalidity"),
            checkpoints.c.last_uid < bindparam("b_uid"),
        ),
    )
    .values(
        uidvalidity=bindparam("b_uidvalidity"),
        last_uid=bindparam("b_uid"),
        updated_at=bindparam("b_at"),
    )
)
MARK_SENT = (
    replies.update()
    .where(replies.c.id == bindparam("b_id"))
    .values(
        status="sent",
        sent_at=bindparam("b_at"),
        lease_until=None,
        attempts=replies.c.attempts + 1,
    )
)
INSERT_MESSAGE = messages.insert()
INSERT_SIGNER = signers.insert()
INSERT_LINK = signer_messages.insert()
INSERT_AUDIT = audit.insert()
INSERT_REPLY = replies.insert()
INSERT_REVIEW = review.insert()
