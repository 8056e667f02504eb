"""Replies: built from templates, queued in the store, sent over one SMTP connection.

A poll sends each batch's replies as soon as the batch is recorded, over one
:class:`~intake.outbox.smtp.SmtpSession` for the whole poll.

Sending is at-least-once with a deterministic Message-ID. Each reply's "sent"
mark is written in an open transaction before the mail is handed over and
committed as soon as the server answers 250: the commit is the only thing left
between the server's answer and the record, so only a crash in those few
microseconds can repeat a send, and the repeat carries the same Message-ID.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from intake.errors import SendAuthError, SendError
from intake.outbox.reply import ReplyBuilder
from intake.outbox.smtp import SmtpSession
from intake.store import Outgoing, PendingReply, Store

__all__ = ["ReplyBuilder", "SendReport", "SmtpSession", "send_pending"]

log = logging.getLogger(__name__)
LEASE = timedelta(minutes=10)
MAX_ATTEMPTS = 10


@dataclass
class SendReport:
    """What one sending pass did; ``error`` is set when SMTP failed as a whole."""

    sent: int = 0
    refused: int = 0
    deferred: int = 0
    error: str = ""
    auth_failed: bool = False
    connected: bool = False


def send_pending(
    store: Store,
    smtp: SmtpSession,
    mail_from: str,
    clock: Callable[[], datetime],
    only: Sequence[int] | None = None,
) -> SendReport:
    """Send every queued reply (or those of ``only``: the desk sends just its own) over
    ``smtp``; an SMTP outage leaves them queued for the next pass."""
    report = SendReport()
    pending = store.claim_pending(clock(), LEASE, only=only)
    if not pending:
        return report
    try:
        with store.outgoing() as outgoing:
            while pending:
                _send_batch(store, outgoing, smtp, mail_from, pending, clock, report)
                pending = store.claim_pending(clock(), LEASE, only=only)
    except SendError as exc:
        store.release([p.id for p in pending], error=f"not sent yet: {exc}")
        report.error = str(exc)
        report.auth_failed = isinstance(exc, SendAuthError)
        report.deferred += len(pending)
        store.incident("smtp", "auth" if report.auth_failed else "connection", str(exc), clock())
        log.warning("replies wait in the outbox: %s", exc)
    finally:
        report.connected = smtp.connected
    return report


def _send_batch(
    store: Store,
    outgoing: Outgoing,
    smtp: SmtpSession,
    mail_from: str,
    pending: list[PendingReply],
    clock: Callable[[], datetime],
    report: SendReport,
) -> None:
    while pending:
        reply = pending[0]
        log.debug("phase send: reply %d to %s", reply.id, reply.to_addr)
        with outgoing.sending(reply.id, clock()) as sending:
            refusal = smtp.send(mail_from, reply.to_addr, reply.body)
            if refusal is not None:
                sending.refused()
        # committed: the 250 and the record are one step apart
        pending.pop(0)
        if refusal is None:
            report.sent += 1
            continue
        final = refusal.final or reply.attempts + 1 >= MAX_ATTEMPTS
        store.mark_failed(reply.id, f"{refusal.code} {refusal.text}", clock(), final)
        report.refused += 1
        log.warning("reply to %s refused: %s %s", reply.to_addr, refusal.code, refusal.text)
