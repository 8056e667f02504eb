"""The campaign lock: threads of one process take turns; another process is refused in a
line that names it; the holder check tells a live process from a gone or reused pid."""

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

from intake.process import Holder, holder_gone, start_time
from intake.run import lock
from intake.run.lock import CampaignLock, LockHeld

HOLD = (
    "import sys; from pathlib import Path; from intake.run.lock import CampaignLock\n"
    "with CampaignLock(Path(sys.argv[1])).hold('intake run'):\n"
    "    print('held', flush=True); sys.stdin.read()"
)


class Turnstile:
    """A real re-entrant lock that also reports each thread that starts to wait for it."""

    def __init__(self, events: queue.Queue[str]) -> None:
        self._lock = threading.RLock()
        self._events = events

    def __enter__(self) -> None:
        self._events.put(f"{threading.current_thread().name} waits")
        self._lock.acquire()

    def __exit__(self, *exc: object) -> None:
        self._lock.release()


def test_threads_of_one_process_take_turns(tmp_path: Path) -> None:
    """The second thread waits for its turn while the first has it (no clock involved:
    the lock reports the wait), and gets in once the first is out."""
    events: queue.Queue[str] = queue.Queue()
    campaign = CampaignLock(tmp_path / "db.lock")
    campaign._entry.turn = Turnstile(events)  # type: ignore[assignment]
    inside, release = threading.Event(), threading.Event()

    def hold(name: str) -> None:
        try:
            with campaign.turn(f"intake {name}"):
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


def test_a_turn_inside_a_hold_is_the_same_lock(tmp_path: Path) -> None:
    campaign = CampaignLock(tmp_path / "db.lock")
    with campaign.hold("intake run"), campaign.turn("intake poll"), campaign.turn("digest"):
        assert lock._entries[campaign.where].count == 3
    assert lock._entries[campaign.where].fd is None  # released with the last holder


def test_another_process_is_refused_at_once_in_a_line_that_names_it(tmp_path: Path) -> None:
    path = tmp_path / "intake.sqlite.lock"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(LockHeld) as refused, CampaignLock(path).hold("intake poll"):
            pass
        message = str(refused.value)
        assert f"intake run (pid {holder.pid}, since " in message and "\n" not in message
        assert "stop it first" in message
    finally:
        holder.kill()
        holder.wait()
    with CampaignLock(path).hold("intake poll"):  # free again once the holder is gone
        pass
    assert oct(path.stat().st_mode & 0o777) == "0o600"


def test_the_lock_sits_beside_the_database(tmp_path: Path) -> None:
    beside = CampaignLock.for_campaign(tmp_path / "intake.sqlite", tmp_path / "elsewhere")
    assert beside.path == (tmp_path / "intake.sqlite.lock").resolve()
    assert CampaignLock.for_campaign(None, tmp_path).path == (tmp_path / ".intake.lock").resolve()


def test_a_holder_is_gone_only_when_its_pid_is_free_or_reused() -> None:
    child = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"],
                             stdin=subprocess.PIPE)  # fmt: skip
    try:
        alive = Holder.of(child.pid)
        assert alive.started == start_time(child.pid) != ""
        assert not alive.gone() and not holder_gone(alive.token)
        reused = Holder(alive.host, child.pid, alive.started + "0")  # the same pid, later
        assert reused.gone()
        assert not Holder("another-host", child.pid, "").gone()  # cannot tell: alive
        assert not Holder.parse(f"{alive.host}:{child.pid}").gone()  # an old token
    finally:
        child.kill()
        child.wait()
    assert alive.gone() and holder_gone(alive.token)
    assert holder_gone("garbage") and Holder.parse(Holder.current().token) == Holder.current()
    assert not Holder.of(os.getpid()).gone()


FORK_AND_HOLD = (
    "import os, sys, time; from pathlib import Path; from intake.run.lock import CampaignLock\n"
    "held = CampaignLock(Path(sys.argv[1])).hold('intake poll'); held.__enter__()\n"
    "child = os.fork()\n"
    # The child says its pid once it runs (its fork handlers have run by then).
    "if child == 0:\n    print(os.getpid(), flush=True); time.sleep(60); os._exit(0)\n"
    "sys.stdin.read()"
)


def test_a_forked_child_does_not_keep_the_lock_of_a_killed_parent(tmp_path: Path) -> None:
    """An analysis worker forked from the poll outlives a SIGKILLed poll for a moment;
    the lock must go with the poll, or the next poll is refused meanwhile."""
    path = tmp_path / ".intake.lock"
    holder = subprocess.Popen(
        [sys.executable, "-c", FORK_AND_HOLD, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    child = int(holder.stdout.readline())
    try:
        with pytest.raises(LockHeld), CampaignLock(path).hold("intake poll"):
            pass  # held by the parent
        holder.kill()
        holder.wait()
        os.kill(child, 0)  # the forked child is still there ...
        with CampaignLock(path).hold("intake poll"):  # ... and the lock is free
            pass
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(child, signal.SIGKILL)
        holder.kill()
        holder.wait()
