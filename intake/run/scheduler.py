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
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

from intake.config import Settings
from intake.digest import Delivery
from intake.digest.due import daily_trigger
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


# The coordinator's jobs live in the campaign's database (APScheduler's own
# table there), so a digest missed while intake was down runs once when it
# starts again. They are pickled, so they get the settings as plain data and
# open their own store; the digests table makes each digest once-only anyway.
PERSISTENT = "record"
Data = dict[str, object]


def digest_job(data: Data) -> None:
    """The daily digest as a job: send the one due now (nothing if it was sent)."""
    from intake.digest import run_due

    _coordinator_job(data, "digest", lambda s, st: run_due(s, st, _utcnow))


def deadline_job(data: Data) -> None:
    """At the deadline: a last poll, then the final digest (once)."""
    from intake.digest import run_final

    def final(settings: Settings, store: Store) -> Delivery | None:
        poll_job(Poller(settings, store))
        return run_final(settings, store, _utcnow)

    _coordinator_job(data, "final digest", final)


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _coordinator_job(
    data: Data, name: str, action: Callable[[Settings, Store], Delivery | None]
) -> None:
    try:
        settings = Settings.model_validate(data)
        store = Store.open(settings.database_url)
        try:
            lock = CampaignLock.for_store(store, settings.base_dir)
            with lock.turn(f"intake run ({name})"):  # the poll's turn is the same lock
                delivery = action(settings, store)
        finally:
            store.close()
    except IntakeError as exc:
        log.error("%s failed: %s", name, exc)
        return
    log.info("%s: %s", name, delivery.describe() if delivery else "not due")


def add_coordinator_jobs(scheduler: BackgroundScheduler, settings: Settings, now: datetime) -> None:
    """Put the digest (cron) and deadline (date) jobs in the persistent store.

    Call between ``start(paused=True)`` and ``resume()``: a job whose stored
    next run is already past (missed while down) keeps that time, so it runs
    once on resume (``coalesce``: once, however many runs were missed).
    """
    data: Data = settings.model_dump(mode="json")
    zone = settings.campaign.zone
    daily = daily_trigger(settings.digest.time, zone)
    _persist(scheduler, "digest", digest_job, daily, data, now)
    deadline = DateTrigger(run_date=settings.campaign.deadline_at, timezone=zone)
    _persist(scheduler, "deadline", deadline_job, deadline, data, now)


def _persist(
    scheduler: BackgroundScheduler,
    job_id: str,
    func: Callable[[Data], None],
    trigger: BaseTrigger,
    data: Data,
    now: datetime,
) -> None:
    existing = scheduler.get_job(job_id, jobstore=PERSISTENT)
    missed = existing.next_run_time if existing is not None else None
    keep = {"next_run_time": missed} if missed is not None and missed <= now else {}
    scheduler.add_job(
        func, trigger, args=(data,), id=job_id, jobstore=PERSISTENT, replace_existing=True,
        coalesce=True, max_instances=1, misfire_grace_time=None, **keep,
    )  # fmt: skip


def _on_error(event: JobExecutionEvent) -> None:
    log.error("job %s crashed: %r", event.job_id, event.exception)


def build(settings: Settings, store: Store) -> BackgroundScheduler:
    """A scheduler with the poll job; it first runs at once."""
    scheduler = BackgroundScheduler(timezone=settings.campaign.zone)
    scheduler.add_listener(_on_error, EVENT_JOB_ERROR)
    scheduler.add_jobstore(SQLAlchemyJobStore(engine=store.engine), PERSISTENT)
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
    scheduler = build(settings, store)
    scheduler.start(paused=True)
    add_coordinator_jobs(scheduler, settings, datetime.now(UTC))
    scheduler.resume()
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
        # Detach the persistent jobs first: APScheduler 3 scans once more after
        # shutdown and would push a job due this second to its next day unrun.
        scheduler.remove_jobstore(PERSISTENT, shutdown=False)
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
