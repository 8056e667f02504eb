"""Tell the coordinator when a login keeps failing: once when it starts, once when it ends.

The state lives in the database, so a restart neither repeats an alert nor
forgets one; a failing IMAP login is mailed at once (SMTP still works), a
failing SMTP login can only be mailed when SMTP works again, as one mail.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import datetime

from intake.config import Settings
from intake.outbox.notice import build_notice
from intake.outbox.reply import reply_message_id
from intake.render import Templates
from intake.store import Store

log = logging.getLogger(__name__)

SERVICES = {"imap": "the mailbox (IMAP)", "smtp": "the mail server that sends replies (SMTP)"}
HINTS = {
    "imap": (
        "the mailbox password was changed or has expired; with Gmail an app password "
        "is needed; with Microsoft 365 or Gmail OAuth2, run the token command by hand "
        "to sign in again."
    ),
    "smtp": "the SMTP password or token was changed or has expired.",
}


class Alerts:
    """Opens and closes login alerts; each transition queues at most one mail."""

    def __init__(
        self,
        settings: Settings,
        store: Store,
        clock: Callable[[], datetime],
        templates: Templates,
    ) -> None:
        self.settings = settings
        self.store = store
        self.clock = clock
        self.templates = templates

    def failing(self, service: str, detail: str, mail_now: bool) -> bool:
        """Note a refused login; queue one alert if this starts an outage and mail works."""
        key = f"alert.{service}_auth"
        if self.store.get_state(key) is not None:
            return False
        since = self.clock()
        self.store.set_state(key, json.dumps({"since": since.isoformat(), "detail": detail}))
        log.error("login to %s refused: %s (the coordinator is told once)", service, detail)
        if mail_now:
            headline = f"intake cannot log in to {SERVICES[service]}"
            self._queue(service, since, "failing", headline, detail, recovered=False)
        return True

    def working(self, service: str) -> bool:
        """Close an open alert for ``service``; queue the one recovery mail."""
        key = f"alert.{service}_auth"
        raw = self.store.get_state(key)
        if raw is None:
            return False
        state = json.loads(raw)
        since = datetime.fromisoformat(state["since"])
        self.store.set_state(key, None)
        local = since.astimezone(self.settings.campaign.zone)
        headline = f"intake can log in to {SERVICES[service]} again"
        detail = f"Logins failed from {local:%Y-%m-%d %H:%M %Z} until now: {state['detail']}"
        self._queue(service, since, "recovered", headline, detail, recovered=True)
        log.info("login to %s works again", service)
        return True

    def _queue(
        self, service: str, since: datetime, stage: str, headline: str, detail: str, recovered: bool
    ) -> None:
        campaign = self.settings.campaign
        context = {
            "campaign": {"name": campaign.name},
            "headline": headline,
            "detail": detail,
            "recovered": recovered,
            "hint": HINTS[service],
        }
        domain = campaign.reply_from.rsplit("@", 1)[-1]
        message_id = reply_message_id(f"alert:{service}:{since.isoformat()}", stage, domain)
        rendered = self.templates.render("alert", context)
        draft = build_notice(
            campaign, campaign.coordinator, headline, rendered, message_id, self.clock()
        )
        self.store.queue_reply(draft, self.clock(), purpose="alert")
