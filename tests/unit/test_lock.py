"""The poll lock: threads of one process take turns; another process is refused."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest

from intake.errors import OperationalError
from intake.run.lock import PollLock

HOLD = (
    "import sys,time; from pathlib import Path; from intake.run.lock import PollLock\n"
    "with PollLock(Path(sys.argv[1])):\n    print('held', flush=True); time.sleep(30)"
)


def test_threads_of_one_process_take_turns(tmp_path: Path) -> None:
    order: list[str] = []
    inside = threading.Event()
    release = threading.Event()

    def first() -> None:
        with PollLock(tmp_path):
            order.append("first in")
            inside.set()
            release.wait(10)
            order.append("first out")

    def second() -> None:
        with PollLock(tmp_path):
            order.append("second in")

    a = threading.Thread(target=first)
    a.start()
    inside.wait(10)
    b = threading.Thread(target=second)
    b.start()
    release.set()
    a.join(10)
    b.join(10)
    assert order == ["first in", "first out", "second in"]


def test_another_process_is_refused_at_once(tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(tmp_path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(OperationalError, match="another intake process"), PollLock(tmp_path):
            pass
    finally:
        holder.kill()
        holder.wait()
    with PollLock(tmp_path):  # free again once the holder is gone
        pass
