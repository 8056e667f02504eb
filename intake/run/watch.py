"""``mode = "idle"``: run a cycle as soon as the server announces new mail.

One connection waits in IMAP IDLE on the first watched folder; each cycle
still opens its own connection, exactly as an interval poll does. IDLE is
renewed regularly (RFC 2177: servers may drop idle clients after 29 minutes),
with a NOOP to prove the connection is alive; a dead or silent connection is
replaced after a backoff. Without IDLE on the server, it polls on the interval.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from intake.config import Settings
from intake.errors import MailboxAuthError, MailboxError
from intake.mailbox import Mailbox

log = logging.getLogger(__name__)
MAX_BACKOFF = 300.0


class Backoff:
    """Exponential delays: 1, 2, 4 ... seconds, capped; reset after a success."""

    def __init__(self, first: float = 1.0, cap: float = MAX_BACKOFF) -> None:
        self.first, self.cap, self.next_delay = first, cap, first

    def next(self) -> float:
        delay, self.next_delay = self.next_delay, min(self.next_delay * 2, self.cap)
        return delay

    def reset(self) -> None:
        self.next_delay = self.first


class IdleWatch:
    """Runs ``cycle`` at once, then whenever new mail arrives, until ``stop`` is set."""

    def __init__(
        self,
        settings: Settings,
        cycle: Callable[[], None],
        stop: threading.Event,
        mailbox: Callable[[], Mailbox] | None = None,
    ) -> None:
        self.settings = settings
        self.cycle = cycle
        self.stop = stop
        self.mailbox = mailbox or (lambda: Mailbox(settings.imap))
        self.renew = float(settings.poll.idle_renew_seconds)
        self.backoff = Backoff()

    def run(self) -> None:
        """Watch until ``stop``; connection failures are retried with backoff."""
        while not self.stop.is_set():
            try:
                if not self._session():
                    self._interval()
                    return
            except MailboxError as exc:
                delay = self._delay(exc)
                log.warning("IDLE: %s; reconnecting in %.0f s", exc, delay)
                self.cycle()  # a real cycle records the failure (and alerts on a refused login)
                self.stop.wait(delay)

    def _delay(self, exc: MailboxError) -> float:
        if isinstance(exc, MailboxAuthError):
            return float(self.settings.poll.interval_seconds)
        return self.backoff.next()

    def _session(self) -> bool:
        """One IDLE connection; False when the server has no IDLE."""
        with self.mailbox() as box:
            if not box.has_idle():
                log.warning("the IMAP server does not support IDLE: polling on the interval")
                return False
            box.select(self.settings.folders.watch[0])
            self.backoff.reset()
            self.cycle()
            while not self.stop.is_set():
                if box.idle(time.monotonic() + self.renew, self.stop.is_set):
                    self.cycle()
                elif self.stop.is_set():
                    break
                elif box.noop():  # renewing: the connection answers, and may tell of new mail
                    self.cycle()
        return True

    def _interval(self) -> None:
        self.cycle()
        while not self.stop.wait(self.settings.poll.interval_seconds):
            self.cycle()
