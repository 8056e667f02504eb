"""The poll lock: threads of one process take turns; another process is refused."""

from __future__ import annotations

import contextlib
import os
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from intake.errors import OperationalError
from intake.run import lock
from intake.run.lock import PollLock

HOLD = (
    "import sys; from pathlib import Path; from intake.run.lock import PollLock\n"
    "with PollLock(Path(sys.argv[1])):\n    print('held', flush=True); sys.stdin.read()"
)


class Turnstile:
    """A real lock that also reports each thread that starts to wait for it."""

    def __init__(self, events: queue.Queue[str]) -> None:
        self._lock = threading.Lock()
        self._events = events

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        self._events.put(f"{threading.current_thread().name} waits")
        return self._lock.acquire(blocking, timeout)

    def release(self) -> None:
        self._lock.release()


def test_threads_of_one_process_take_turns(tmp_path: Path, monkeypatch) -> None:
    """The second thread waits for the lock while the first holds it (no clock involved:
    the lock reports the wait), and gets in once the first is out."""
    events: queue.Queue[str] = queue.Queue()
    path = (tmp_path / ".intake.lock").resolve()
    monkeypatch.setattr(lock, "_turns", {path: Turnstile(events)})
    inside, release = threading.Event(), threading.Event()

    def hold(name: str) -> None:
        try:
            with PollLock(tmp_path):
                events.put(f"{name} in")
                inside.set()
                if name == "first":
                    release.wait()
        except Exception as exc:
            events.put(f"{name} failed: {exc}")
        events.put(f"{name} out")

    first = threading.Thread(target=hold, args=("first",), name="first", daemon=True)
    first.start()
    inside.wait()
    assert drain(events) == ["first waits", "first in"]  # it went through the lock
    second = threading.Thread(target=hold, args=("second",), name="second", daemon=True)
    second.start()
    assert events.get() == "second waits"  # a lock that does nothing: "second in"
    release.set()
    first.join()
    second.join()
    assert drain(events) == ["first out", "second in", "second out"]


def drain(events: queue.Queue[str]) -> list[str]:
    """What is in the queue now (everything put before the last event we waited for)."""
    found = []
    while not events.empty():
        found.append(events.get_nowait())
    return found


def test_another_process_is_refused_at_once(tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(tmp_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
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


FORK_AND_HOLD = (
    "import os, sys, time; from pathlib import Path; from intake.run.lock import PollLock\n"
    "PollLock(Path(sys.argv[1])).__enter__()\n"
    "child = os.fork()\n"
    "if child == 0:\n    time.sleep(60); os._exit(0)\n"
    "print(child, flush=True); sys.stdin.read()"
)


def test_a_forked_child_does_not_keep_the_lock_of_a_killed_parent(tmp_path: Path) -> None:
    """An analysis worker forked from the poll outlives a SIGKILLed poll for a moment;
    the lock must go with the poll, or the next poll is refused meanwhile."""
    holder = subprocess.Popen(
        [sys.executable, "-c", FORK_AND_HOLD, str(tmp_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    child = int(holder.stdout.readline())
    try:
        with pytest.raises(OperationalError), PollLock(tmp_path):
            pass  # held by the parent
        holder.kill()
        holder.wait()
        os.kill(child, 0)  # the forked child is still there ...
        with PollLock(tmp_path):  # ... and the lock is free
            pass
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(child, signal.SIGKILL)
        holder.kill()
        holder.wait()
