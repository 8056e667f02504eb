"""``intake run``: the poll on an APScheduler interval, in the foreground.

Jobs are plain functions (the same ones ``intake poll`` runs by hand). A job's
error is logged as one line and the scheduler goes on; SIGTERM and SIGINT stop
it cleanly after the running cycle finishes.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from types import FrameType

from apscheduler.events import EVENT_JOB_ERROR, JobExecutionEvent
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger

from intake.config import Settings
from intake.errors import IntakeError
from intake.lock import PollLock
from intake.poll import Poller
from intake.store import Store

log = logging.getLogger(__name__)


def poll_job(settings: Settings, store: Store) -> None:
    """One poll cycle as a scheduled job: errors become a log line, never a dead scheduler."""
    try:
        with PollLock(settings.base_dir):
            report = Poller(settings, store).run()
    except IntakeError as exc:
        log.error("poll failed: %s", exc)
        return
    log.info("poll: %s", report.summary())


def _on_error(event: JobExecutionEvent) -> None:
    log.error("job %s crashed: %r", event.job_id, event.exception)


def build(settings: Settings, store: Store) -> BackgroundScheduler:
    """A scheduler with the poll job; it first runs at once."""
    scheduler = BackgroundScheduler(timezone=settings.campaign.zone)
    scheduler.add_listener(_on_error, EVENT_JOB_ERROR)
    scheduler.add_job(
        poll_job,
        IntervalTrigger(seconds=settings.poll.interval_seconds),
        args=(settings, store),
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
    scheduler = build(settings, store)
    scheduler.start()
    log.info(
        "intake running: polling %s every %d s (Ctrl-C or SIGTERM to stop)",
        ", ".join(settings.folders.watch),
        settings.poll.interval_seconds,
    )
    try:
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
