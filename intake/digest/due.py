"""When a digest is due: pure functions of the schedule, the last digest and the time.

The daily digest fires on an APScheduler ``CronTrigger`` at a local time in the
campaign's zone; ``CronTrigger.get_next_fire_time(previous, now)`` takes the
time as a parameter, so every decision here is testable without a clock. At
most one daily digest goes out per local calendar day: on the night clocks go
back, a time such as 01:30 happens twice, and the second is not a new day.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger

LOOKBACK = timedelta(days=2)  # a daily schedule always has a slot in the last two days


def daily_trigger(at: str, zone: ZoneInfo) -> CronTrigger:
    """A trigger firing every day at ``at`` ("HH:MM", local to ``zone``)."""
    hour, minute = (int(part) for part in at.split(":"))
    return CronTrigger(hour=hour, minute=minute, timezone=zone)


def fire_times(trigger: CronTrigger, after: datetime, until: datetime) -> list[datetime]:
    """Every time ``trigger`` fires in ``(after, until]``."""
    times: list[datetime] = []
    fire = trigger.get_next_fire_time(None, after)
    while fire is not None and fire <= until:
        if fire > after:
            times.append(fire)
        fire = trigger.get_next_fire_time(fire, fire)
    return times


def local_day(moment: datetime, zone: ZoneInfo) -> date:
    return moment.astimezone(zone).date()


def due_slot(
    trigger: CronTrigger,
    zone: ZoneInfo,
    last_slot: datetime | None,
    now: datetime,
    since: datetime | None = None,
) -> datetime | None:
    """The scheduled time a daily digest is due for at ``now``, or None.

    That is the latest firing at or before ``now`` on a later local day than
    ``last_slot`` (the last daily digest's scheduled time). After days of
    downtime only the latest firing is due: one digest covers the gap. Before
    the first daily digest, only a firing after ``since`` (when the schedule
    began: the first ``intake run``) is due, so starting intake sends none.
    """
    if last_slot is not None:
        start = max(last_slot, now - LOOKBACK)
    else:
        start = now - LOOKBACK if since is None else max(since, now - LOOKBACK)
    times = fire_times(trigger, start, now)
    if not times:
        return None
    latest = times[-1]
    if last_slot is not None and local_day(latest, zone) <= local_day(last_slot, zone):
        return None
    return latest


def daily_key(slot: datetime, zone: ZoneInfo) -> str:
    """The once-only key of a daily digest: its local date."""
    return f"daily:{local_day(slot, zone).isoformat()}"


def final_due(deadline: datetime, already_sent: bool, now: datetime) -> bool:
    """The final digest is due once the deadline has passed, once."""
    return not already_sent and now >= deadline
