"""Mail from intake to the coordinator (alerts, digests): not a reply to anyone."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from email.utils import format_datetime

from intake.config import CampaignSettings
from intake.outbox.mime import Attachment, Field, address, compose, unstructured
from intake.outbox.reply import clean
from intake.render import Rendered
from intake.store.records import ReplyDraft


def build_notice(
    campaign: CampaignSettings,
    to: str,
    subject: str,
    rendered: Rendered,
    message_id: str,
    now: datetime,
    attachments: Sequence[Attachment] = (),
) -> ReplyDraft:
    """A machine-generated mail to one address (``Auto-Submitted: auto-generated``)."""
    fields: list[Field] = [
        ("From", address(clean(campaign.reply_from_name, 100), campaign.reply_from)),
        ("To", to),
        ("Subject", unstructured(clean(subject, 200))),
        ("Date", format_datetime(now)),
        ("Message-ID", message_id),
        ("Auto-Submitted", "auto-generated"),
        ("X-Auto-Response-Suppress", "All"),
        ("X-Loop", campaign.reply_from),
    ]
    data = compose(fields, rendered.text, rendered.html, attachments)
    return ReplyDraft("notice", to, message_id, clean(subject, 200), data)
