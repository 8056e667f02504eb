"""When the daily digest is due: local time across DST, once a day, once after downtime."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from intake.digest.due import daily_key, daily_trigger, due_slot, final_due, fire_times

NY = ZoneInfo("America/New_York")
EIGHT = daily_trigger("08:00", NY)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def local(slot: datetime | None) -> str:
    assert slot is not None
    return slot.astimezone(NY).strftime("%Y-%m-%d %H:%M %Z")


def test_fires_at_eight_local_on_both_sides_of_spring_forward() -> None:
    times = fire_times(EIGHT, utc(2020, 3, 7, 0), utc(2020, 3, 10, 0))
    assert [local(t) for t in times] == [
        "2020-03-07 08:00 EST",
        "2020-03-08 08:00 EDT",
        "2020-03-09 08:00 EDT",
    ]
    assert [t.astimezone(UTC).hour for t in times] == [13, 12, 12]


def test_fires_at_eight_local_on_both_sides_of_fall_back() -> None:
    times = fire_times(EIGHT, utc(2020, 10, 31, 0), utc(2020, 11, 3, 0))
    assert [t.astimezone(UTC).hour for t in times] == [12, 13, 13]
    assert local(times[1]) == "2020-11-01 08:00 EST"


def test_due_exactly_from_the_local_time_on_the_dst_morning() -> None:
    last = datetime(2020, 3, 7, 8, 0, tzinfo=NY)
    assert due_slot(EIGHT, NY, last, utc(2020, 3, 8, 11, 59)) is None  # 07:59 EDT
    assert local(due_slot(EIGHT, NY, last, utc(2020, 3, 8, 12, 0))) == "2020-03-08 08:00 EDT"
    last = datetime(2020, 10, 31, 8, 0, tzinfo=NY)
    assert due_slot(EIGHT, NY, last, utc(2020, 11, 1, 12, 30)) is None  # 07:30 EST
    assert local(due_slot(EIGHT, NY, last, utc(2020, 11, 1, 13, 0))) == "2020-11-01 08:00 EST"


def test_a_time_that_happens_twice_when_clocks_go_back_sends_once() -> None:
    half_past_one = daily_trigger("01:30", NY)
    first = due_slot(half_past_one, NY, None, utc(2020, 11, 1, 5, 31))  # 01:31 EDT
    assert local(first) == "2020-11-01 01:30 EDT"
    assert due_slot(half_past_one, NY, first, utc(2020, 11, 1, 6, 31)) is None  # 01:31 EST
    assert local(due_slot(half_past_one, NY, first, utc(2020, 11, 2, 6, 31))) == (
        "2020-11-02 01:30 EST"
    )


def test_a_time_that_does_not_exist_when_clocks_go_forward_still_sends() -> None:
    half_past_two = daily_trigger("02:30", NY)
    last = datetime(2020, 3, 7, 2, 30, tzinfo=NY)
    slot = due_slot(half_past_two, NY, last, utc(2020, 3, 8, 9, 0))
    assert slot is not None and daily_key(slot, NY) == "daily:2020-03-08"
    assert slot.astimezone(UTC) == utc(2020, 3, 8, 7, 30)  # 03:30 EDT, the hour after the gap


def test_not_due_again_the_same_day() -> None:
    slot = due_slot(EIGHT, NY, None, utc(2020, 6, 20, 12, 0))
    assert local(slot) == "2020-06-20 08:00 EDT"
    assert due_slot(EIGHT, NY, slot, utc(2020, 6, 20, 12, 0)) is None
    assert due_slot(EIGHT, NY, slot, utc(2020, 6, 21, 11, 59)) is None


def test_downtime_catches_up_once_with_the_latest_slot() -> None:
    last = datetime(2020, 6, 16, 8, 0, tzinfo=NY)
    back = utc(2020, 6, 20, 15, 0)  # down from the 16th; back at 11:00 on the 20th
    slot = due_slot(EIGHT, NY, last, back)
    assert local(slot) == "2020-06-20 08:00 EDT"
    assert slot is not None
    assert due_slot(EIGHT, NY, slot, back + timedelta(minutes=1)) is None


def test_first_digest_ever_is_the_latest_slot() -> None:
    assert local(due_slot(EIGHT, NY, None, utc(2020, 6, 20, 11, 0))) == "2020-06-19 08:00 EDT"


def test_daily_key_is_the_local_date() -> None:
    late_evening = datetime(2020, 6, 20, 23, 30, tzinfo=NY)  # already the 21st in UTC
    assert daily_key(late_evening, NY) == "daily:2020-06-20"


def test_final_digest_is_due_once_after_the_deadline() -> None:
    deadline = datetime(2020, 7, 1, 17, 0, tzinfo=NY)
    assert not final_due(deadline, False, deadline - timedelta(seconds=1))
    assert final_due(deadline, False, deadline)
    assert not final_due(deadline, True, deadline + timedelta(days=1))


def test_before_the_first_digest_only_a_slot_after_the_schedule_began_is_due() -> None:
    began = utc(2020, 6, 20, 15, 0)  # intake first ran at 11:00 EDT: today's 08:00 was before
    assert due_slot(EIGHT, NY, None, utc(2020, 6, 21, 11, 59), since=began) is None
    assert local(due_slot(EIGHT, NY, None, utc(2020, 6, 21, 12, 0), since=began)) == (
        "2020-06-21 08:00 EDT"
    )
    early = utc(2020, 6, 20, 11, 0)  # at 07:00 EDT: that morning's 08:00 is the first
    assert local(due_slot(EIGHT, NY, None, utc(2020, 6, 20, 12, 0), since=early)) == (
        "2020-06-20 08:00 EDT"
    )
