"""The progress bar and the time-left wording."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

from rich.console import Console

from intake.cli.console import progress_bar
from intake.deadline import time_left


def test_progress_bar_draws_counts_for_a_big_first_run() -> None:
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=100)
    with progress_bar(console) as update:
        for done in range(100, 1001, 100):
            update(done, 1000)
    drawn = screen.getvalue()
    assert "1000/1000" in drawn and "msg/s" in drawn


def test_progress_bar_stays_quiet_for_a_few_messages_or_no_terminal() -> None:
    quiet = io.StringIO()
    with progress_bar(Console(file=quiet, force_terminal=True)) as update:
        update(10, 10)
    piped = io.StringIO()
    with progress_bar(Console(file=piped, force_terminal=False)) as update:
        update(500, 1000)
    assert quiet.getvalue() == "" and piped.getvalue() == ""


def test_time_left_wording() -> None:
    now = datetime(2020, 6, 29, 12, 0, tzinfo=UTC)
    assert time_left(now + timedelta(days=2, hours=5), now) == "2 days 5 hours left"
    assert time_left(now + timedelta(minutes=42), now) == "42 min left"
    assert time_left(now - timedelta(hours=1, minutes=3), now) == "closed 1 hour 3 min ago"
