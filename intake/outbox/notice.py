"""Mail from intake to the coordinator (alerts, digests): not a reply to anyone."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address as HeaderAddress
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime

from intake.config import CampaignSettings
from intake.outbox.reply import clean
from intake.render import Rendered
from intake.store.records import ReplyDraft


@dataclass(frozen=True)
class Attachment:
    """A file to attach: name, MIME type, bytes."""

    filename: str
    maintype: str
    subtype: str
    data: bytes


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
    mail = EmailMessage(policy=SMTP)
    mail["From"] = HeaderAddress(
        clean(campaign.reply_from_name, 100), addr_spec=campaign.reply_from
    )
    mail["To"] = to
    mail["Subject"] = clean(subject, 200)
    mail["Date"] = format_datetime(now)
    mail["Message-ID"] = message_id
    mail["Auto-Submitted"] = "auto-generated"
    mail["X-Auto-Response-Suppress"] = "All"
    mail["X-Loop"] = campaign.reply_from
    mail.set_content(rendered.text)
    mail.add_alternative(rendered.html, subtype="html")
    for item in attachments:
        mail.add_attachment(
            item.data, maintype=item.maintype, subtype=item.subtype, filename=item.filename
        )
    return ReplyDraft("notice", to, message_id, str(mail["Subject"]), mail.as_bytes())
