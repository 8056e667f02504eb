"""One lock per campaign: ``intake run``, ``intake poll`` and ``intake digest --send``.

Across processes an exclusive ``flock`` on a file beside the database refuses a
second process at once, and the kernel releases it when its holder dies, however
it dies. The file names its holder (pid and start time, the command, since when),
so the refusal says who is at work. ``intake run`` holds the lock for as long as
it runs; within one process, the poll and the digest jobs take turns.

``CampaignLock`` is deliberately small (``hold`` for a process, ``turn`` for a
thread), so that a database-level lock can later stand behind the same two calls.

A process forked from the poll (an analysis worker) does not keep the lock: its
copies of the lock files are closed at once, so the lock goes with the poll, even
a killed one.
"""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from intake.errors import OperationalError
from intake.process import Holder

LOCK_NAME = ".intake.lock"


class LockHeld(OperationalError):
    """Another process holds the campaign's lock."""

    def __init__(self, path: Path, holder: str) -> None:
        self.path, self.holder = path, holder
        super().__init__(describe(holder, path))


def describe(record: str, path: Path) -> str:
    """One line naming the holder and what to do, from the lock file's ``record``."""
    token, _, rest = record.partition("\t")
    purpose, _, since = rest.partition("\t")
    holder = Holder.parse(token)
    who = f"{purpose or 'another intake process'}"
    if holder is not None:
        who += f" (pid {holder.pid}{', since ' + since if since else ''})"
    if purpose == "intake run":
        advice = "it polls and sends mail itself; stop it first to do this by hand"
    else:
        advice = "try again when it has finished"
    return f"{who} is already at work on this campaign ({path}): {advice}"


@dataclass
class _Entry:
    """This process's share of one lock file."""

    turn: threading.RLock = field(default_factory=threading.RLock)
    guard: threading.Lock = field(default_factory=threading.Lock)
    count: int = 0
    fd: int | None = None


_entries: dict[Path, _Entry] = {}
_entries_guard = threading.Lock()


def _drop_inherited() -> None:
    """In a forked child: close its copies of the lock files (the parent's stay locked)."""
    for entry in _entries.values():
        if entry.fd is not None:
            with suppress(OSError):
                os.close(entry.fd)
            entry.fd = None


os.register_at_fork(after_in_child=_drop_inherited)


class CampaignLock:
    """The campaign's lock: ``hold`` keeps other processes out, ``turn`` other threads."""

    def __init__(self, path: Path) -> None:
        self.path = path.resolve()
        with _entries_guard:
            self._entry = _entries.setdefault(self.path, _Entry())

    @classmethod
    def for_campaign(cls, database: Path | None, folder: Path) -> CampaignLock:
        """Beside the SQLite file (one lock per database), else in the campaign's folder."""
        if database is not None:
            return cls(database.with_name(database.name + ".lock"))
        return cls(folder / LOCK_NAME)

    @contextmanager
    def hold(self, purpose: str) -> Iterator[None]:
        """Keep every other process out (re-entrant within this process)."""
        entry = self._entry
        with entry.guard:
            if entry.count == 0:
                entry.fd = self._acquire(purpose)
            entry.count += 1
        try:
            yield
        finally:
            with entry.guard:
                entry.count -= 1
                if entry.count == 0 and entry.fd is not None:
                    fcntl.flock(entry.fd, fcntl.LOCK_UN)
                    os.close(entry.fd)
                    entry.fd = None

    @contextmanager
    def turn(self, purpose: str) -> Iterator[None]:
        """This thread's turn: the process holds the lock, other threads wait."""
        with self._entry.turn, self.hold(purpose):
            yield

    def _acquire(self, purpose: str) -> int:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            record = os.pread(fd, 4096, 0).decode("utf-8", "replace").strip()
            os.close(fd)
            raise LockHeld(self.path, record) from None
        except BaseException:
            os.close(fd)
            raise
        since = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{Holder.current().token}\t{purpose}\t{since}\n".encode(), 0)
        return fd
