"""Send a digest once: record it with its queued mail in one transaction, then send.

The scheduled jobs and ``intake digest --send`` run the same :func:`deliver`.
A digest's key ("daily:2020-06-20", "final", "manual:...") is unique in the
database and each mail's Message-ID derives from it, so a digest is queued at
most once; the outbox sends it, and retries it if SMTP is down.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from intake.config import Settings
from intake.digest import due
from intake.digest.content import gather
from intake.digest.model import Window
from intake.digest.render import render_digest, signatories_csv, subject
from intake.outbox import SmtpSession, send_pending
from intake.outbox.notice import build_notice
from intake.outbox.reply import reply_message_id
from intake.render import Rendered, Templates
from intake.store import ReplyDraft, Store
from intake.store.digests import DigestRecord

log = logging.getLogger(__name__)
Clock = Callable[[], datetime]


@dataclass(frozen=True)
class Delivery:
    """What one digest run did: queued (False: this digest was already sent), sent, error."""

    key: str
    queued: bool
    sent: int = 0
    error: str = ""

    def describe(self) -> str:
        if not self.queued:
            return f"digest {self.key} was already sent; nothing to do"
        if self.error:
            return f"digest {self.key} queued; sending failed, it waits in the outbox: {self.error}"
        return f"digest {self.key} sent ({self.sent} mail)"


def recipients(settings: Settings) -> tuple[str, ...]:
    """The coordinator, then ``digest.to``, each once."""
    return tuple(dict.fromkeys([settings.campaign.coordinator, *settings.digest.to]))


def current_window(store: Store, now: datetime) -> Window:
    """Since the last digest of any kind (or the beginning) until ``now``."""
    last = store.digests.last_digest()
    return Window(last.window_end if last else None, now)


def preview(settings: Settings, store: Store, now: datetime, kind: str = "manual") -> Rendered:
    """The digest as it would be sent now; nothing is recorded."""
    content = gather(settings, store, current_window(store, now), kind)
    return render_digest(content, Templates(settings.templates_dir))


def drafts(
    settings: Settings, store: Store, key: str, kind: str, now: datetime
) -> tuple[Window, list[ReplyDraft]]:
    """The window and one mail per recipient, each with a Message-ID derived from ``key``."""
    window = current_window(store, now)
    content = gather(settings, store, window, kind)
    rendered = render_digest(content, Templates(settings.templates_dir))
    day = due.local_day(now, settings.campaign.zone).isoformat()
    attachment = signatories_csv(content, day)
    domain = settings.campaign.reply_from.rsplit("@", 1)[-1]
    mails = [
        build_notice(
            settings.campaign,
            to,
            subject(content),
            rendered,
            reply_message_id(f"digest:{key}:{to}", "digest", domain),
            now,
            [attachment],
        )
        for to in recipients(settings)
    ]
    return window, mails


def deliver(
    settings: Settings, store: Store, key: str, kind: str, slot: datetime, clock: Clock
) -> Delivery:
    """Queue the digest ``key`` (once) and send what the outbox holds."""
    now = clock()
    if store.digests.has_digest(key):
        return Delivery(key, queued=False)
    window, mails = drafts(settings, store, key, kind, now)
    record = DigestRecord(key, kind, slot, window.start, window.end, recipients(settings))
    if not store.digests.save_digest(record, mails, now):
        return Delivery(key, queued=False)
    with SmtpSession(settings.smtp) as smtp:
        report = send_pending(store, smtp, settings.campaign.reply_from, clock)
    log.info("digest %s queued for %s", key, ", ".join(record.recipients))
    return Delivery(key, queued=True, sent=report.sent, error=report.error)


def send_now(settings: Settings, store: Store, clock: Clock, final: bool = False) -> Delivery:
    """A digest by hand (``intake digest --send``); ``final`` sends the final list, once."""
    now = clock()
    if final:
        return deliver(settings, store, "final", "final", now, clock)
    key = f"manual:{now.replace(microsecond=0).isoformat()}"
    return deliver(settings, store, key, "manual", now, clock)


def daily_slot(settings: Settings, store: Store, now: datetime) -> datetime | None:
    """The scheduled time of the daily digest due at ``now`` and not yet recorded, or None.

    The record decides, not a timer: the last daily digest in the database and when
    the schedule began (see :func:`due.due_slot`), so a digest whose run was cut
    short is still due the next time anyone looks, on any host.
    """
    zone = settings.campaign.zone
    trigger = due.daily_trigger(settings.digest.time, zone)
    last = store.digests.last_digest("daily")
    since = store.digests.schedule_since()
    return due.due_slot(trigger, zone, last.slot if last else None, now, since)


def final_is_due(settings: Settings, store: Store, now: datetime) -> bool:
    """The deadline has passed and the final digest is not recorded."""
    return due.final_due(settings.campaign.deadline_at, store.digests.has_digest("final"), now)


def run_due(settings: Settings, store: Store, clock: Clock) -> Delivery | None:
    """The daily digest due now, if one is (None when none is)."""
    slot = daily_slot(settings, store, clock())
    if slot is None:
        return None
    key = due.daily_key(slot, settings.campaign.zone)
    return deliver(settings, store, key, "daily", slot, clock)


def run_final(settings: Settings, store: Store, clock: Clock) -> Delivery | None:
    """The final digest once the deadline has passed (None before, or once it was sent)."""
    if not final_is_due(settings, store, clock()):
        return None
    return deliver(settings, store, "final", "final", settings.campaign.deadline_at, clock)
