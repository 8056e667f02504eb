"""``intake run``: the poll on an APScheduler interval, in the foreground.

Jobs are plain functions (the same ones ``intake poll`` runs by hand), with the
coordinator's tick beside the poll: it sends the digest the record says is due.
A job's error is logged as one line and the scheduler goes on; SIGTERM and
SIGINT stop it cleanly after the running cycle finishes.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType

from apscheduler.events import EVENT_JOB_ERROR, JobExecutionEvent
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger

from intake.config import Settings
from intake.digest import Delivery, daily_slot, final_is_due, run_due, run_final
from intake.digest.send import Clock
from intake.errors import IntakeError
from intake.run.lock import CampaignLock
from intake.run.poll import Poller
from intake.run.watch import IdleWatch
from intake.store import Store

log = logging.getLogger(__name__)


def poll_job(poller: Poller) -> None:
    """One poll cycle as a scheduled job: errors become a log line, never a dead scheduler.

    The same Poller serves every cycle, so its templates are compiled once.
    """
    try:
        report = poller.run()
    except IntakeError as exc:
        log.error("poll failed: %s", exc)
        return
    log.info("poll: %s", report.summary())


# The coordinator's digest and the deadline are not timers: on start and on every
# tick the record decides what is due (the last daily digest in the database, when
# the schedule began, whether the final digest went out), and a digest is recorded
# under its unique key together with its mail. A run killed at any moment leaves
# the digest either recorded (its mail waits in the outbox and goes out with the
# next send) or not (still due, sent by the next tick on whichever host runs), and
# two hosts can never both record it.
TICK_SECONDS = 60  # at most; the poll's interval when shorter
CLOCK_FILE_ENV = "INTAKE_TEST_CLOCK_FILE"  # tests: a file holding the coordinator's time


def coordinator_clock() -> Clock:
    """The time the digest and deadline are decided by: the real one, or (for tests that
    move days along under ``intake run``) the ISO time in the file ``$INTAKE_TEST_CLOCK_FILE``."""
    path = os.environ.get(CLOCK_FILE_ENV)
    if not path:
        return _utcnow

    def from_file() -> datetime:
        return datetime.fromisoformat(Path(path).read_text(encoding="utf-8").strip())

    return from_file


def _utcnow() -> datetime:
    return datetime.now(UTC)


class Coordinator:
    """The daily digest and, at the deadline, a last poll and the final digest."""

    def __init__(self, settings: Settings, store: Store, clock: Clock | None = None) -> None:
        self.settings = settings
        self.store = store
        self.clock = clock or coordinator_clock()
        self.lock = CampaignLock.for_store(store, settings.base_dir)
        self._poller: Poller | None = None

    def begin(self) -> None:
        """Begin the daily schedule now, unless it began before (no digest at first start)."""
        self.store.digests.schedule_since(self.clock())

    def tick(self) -> None:
        """Send what the record says is due; errors become a log line."""
        try:
            self._tick()
        except IntakeError as exc:
            log.error("digest failed: %s", exc)

    def _tick(self) -> None:
        settings, store = self.settings, self.store
        now = self.clock()
        daily = daily_slot(settings, store, now) is not None
        final = final_is_due(settings, store, now)
        if not (daily or final):
            return
        with self.lock.turn("intake run (digest)"):  # the poll's turn is the same lock
            if daily:
                self._log("digest", run_due(settings, store, self.clock))
            if final:
                if self._poller is None:
                    self._poller = Poller(settings, store)
                poll_job(self._poller)  # a last poll: mail that came before the deadline
                self._log("final digest", run_final(settings, store, self.clock))

    @staticmethod
    def _log(name: str, delivery: Delivery | None) -> None:
        log.info("%s: %s", name, delivery.describe() if delivery else "not due")


def _on_error(event: JobExecutionEvent) -> None:
    log.error("job %s crashed: %r", event.job_id, event.exception)


def build(
    settings: Settings, store: Store, coordinator: Coordinator | None = None
) -> BackgroundScheduler:
    """A scheduler with the poll job and the coordinator's tick; both first run at once."""
    scheduler = BackgroundScheduler(timezone=settings.campaign.zone)
    scheduler.add_listener(_on_error, EVENT_JOB_ERROR)
    if coordinator is not None:
        scheduler.add_job(
            coordinator.tick,
            IntervalTrigger(seconds=min(settings.poll.interval_seconds, TICK_SECONDS)),
            id="coordinator", max_instances=1, coalesce=True, next_run_time=datetime.now(UTC),
        )  # fmt: skip
    if settings.poll.mode == "idle":
        return scheduler  # the IDLE watch runs the cycles (see run_forever)
    scheduler.add_job(
        poll_job,
        IntervalTrigger(seconds=settings.poll.interval_seconds),
        args=(Poller(settings, store),),  # in-memory job store: never pickled
        id="poll",
        max_instances=1,
        coalesce=True,
        next_run_time=datetime.now(UTC),
        misfire_grace_time=settings.poll.interval_seconds,
    )
    return scheduler


def run_forever(settings: Settings, store: Store, stop: threading.Event | None = None) -> None:
    """Run until SIGTERM / SIGINT (or ``stop`` is set); finish the running job first."""
    stop = stop or threading.Event()
    previous = _install(stop)
    coordinator = Coordinator(settings, store)
    coordinator.begin()
    scheduler = build(settings, store, coordinator)
    scheduler.start()
    folders = ", ".join(settings.folders.watch)
    try:
        if settings.poll.mode == "idle":
            log.info("intake running: waiting for new mail in %s (IMAP IDLE)", folders)
            poller = Poller(settings, store)
            IdleWatch(settings, lambda: poll_job(poller), stop).run()
        else:
            every = settings.poll.interval_seconds
            log.info(
                "intake running: polling %s every %d s (Ctrl-C or SIGTERM to stop)", folders, every
            )
            while not stop.wait(1.0):
                pass
    finally:
        log.info("stopping: waiting for the running cycle to finish")
        scheduler.shutdown(wait=True)
        _restore(previous)
        log.info("stopped")


Handler = Callable[[int, FrameType | None], object] | int | None


def _install(stop: threading.Event) -> dict[int, Handler]:
    def handler(signum: int, frame: FrameType | None) -> None:
        log.info("received %s", signal.Signals(signum).name)
        stop.set()

    previous: dict[int, Handler] = {}
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGTERM, signal.SIGINT):
            previous[sig] = signal.signal(sig, handler)
    return previous


def _restore(previous: dict[int, Handler]) -> None:
    for sig, handler in previous.items():
        signal.signal(sig, handler)
