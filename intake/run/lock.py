"""One lock per campaign: ``intake run``, ``intake poll`` and ``intake digest --send``.

Across processes the lock refuses a second process at once and is released when
its holder dies, however it dies:

- on SQLite, an exclusive ``flock`` on a file beside the database (one host);
- on PostgreSQL, an advisory lock held in the database for the run
  (:mod:`intake.store.locks`), so that processes on several hosts sharing one
  database never both poll or send; ``intake run --standby`` waits for it.

The holder is named (pid and start time, the command, since when; in the file, or
in the database's ``meta`` table), so the refusal says who is at work. ``intake
run`` holds the lock for as long as it runs; within one process, the poll and the
digest jobs take turns (``hold`` for a process, ``turn`` for a thread).

A process forked from the poll (an analysis worker) does not keep the lock: its
copies of the lock files are closed at once, so the lock goes with the poll, even
a killed one.
"""

from __future__ import annotations

import fcntl
import logging
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from intake.errors import OperationalError
from intake.process import Holder
from intake.store import SessionLock, Store

LOCK_NAME = ".intake.lock"
STANDBY_RETRY = 5.0  # seconds between a standby's attempts to take the lock
log = logging.getLogger(__name__)


class LockHeld(OperationalError):
    """Another process holds the campaign's lock."""

    def __init__(self, path: Path | str, holder: str) -> None:
        self.path, self.holder = path, holder
        super().__init__(describe(holder, path))


def holder_of(record: str) -> str:
    """Who holds the lock, from its ``record``: the command, pid, host and since when."""
    token, _, rest = record.partition("\t")
    purpose, _, since = rest.partition("\t")
    holder = Holder.parse(token)
    who = f"{purpose or 'another intake process'}"
    if holder is not None:
        host = "" if holder.host == socket.gethostname() else f" on {holder.host}"
        who += f" (pid {holder.pid}{host}{', since ' + since if since else ''})"
    return who


def describe(record: str, path: Path | str) -> str:
    """One line naming the holder and what to do, from the lock file's ``record``."""
    who = holder_of(record)
    purpose = record.partition("\t")[2].partition("\t")[0]
    if purpose == "intake run":
        advice = "it polls and sends mail itself; stop it first to do this by hand"
    else:
        advice = "try again when it has finished"
    return f"{who} is already at work on this campaign ({path}): {advice}"


@dataclass
class _Entry:
    """This process's share of one lock (a file, or a lock in one database)."""

    turn: threading.RLock = field(default_factory=threading.RLock)
    guard: threading.Lock = field(default_factory=threading.Lock)
    count: int = 0
    fd: int | None = None
    session: SessionLock | None = None


_entries: dict[str, _Entry] = {}
_entries_guard = threading.Lock()


def _drop_inherited() -> None:
    """In a forked child: close its copies of the lock files (the parent's stay locked).
    A database lock's connection is set aside by :mod:`intake.store.locks` itself."""
    for entry in _entries.values():
        if entry.fd is not None:
            with suppress(OSError):
                os.close(entry.fd)
            entry.fd = None
        entry.session = None


os.register_at_fork(after_in_child=_drop_inherited)


def _record(purpose: str) -> str:
    since = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"{Holder.current().token}\t{purpose}\t{since}"


class CampaignLock:
    """The campaign's lock: ``hold`` keeps other processes out, ``turn`` other threads."""

    def __init__(self, path: Path, store: Store | None = None) -> None:
        self.path = path.resolve()
        self.store = store if store is not None and store.shared else None
        where = self.store.where if self.store is not None else str(self.path)
        self.where = where
        with _entries_guard:
            self._entry = _entries.setdefault(where, _Entry())

    @classmethod
    def for_campaign(cls, database: Path | None, folder: Path) -> CampaignLock:
        """Beside the SQLite file (one lock per database), else in the campaign's folder."""
        if database is not None:
            return cls(database.with_name(database.name + ".lock"))
        return cls(folder / LOCK_NAME)

    @classmethod
    def for_store(cls, store: Store, folder: Path) -> CampaignLock:
        """In the database when it is shared by hosts (PostgreSQL), else a file lock."""
        if store.shared:
            return cls(folder / LOCK_NAME, store)
        return cls.for_campaign(store.path, folder)

    @contextmanager
    def hold(self, purpose: str, wait: bool = False) -> Iterator[None]:
        """Keep every other process out (re-entrant within this process); ``wait``:
        stand by until the holder is gone instead of refusing."""
        entry = self._entry
        with entry.guard:
            if entry.count == 0:
                self._take(purpose, wait)
            entry.count += 1
        try:
            yield
        finally:
            with entry.guard:
                entry.count -= 1
                if entry.count == 0:
                    self._give_back()

    @contextmanager
    def turn(self, purpose: str) -> Iterator[None]:
        """This thread's turn: the process holds the lock, other threads wait.

        A database lock is checked first: if its session has ended (the server
        restarted, the network dropped), the lock is taken again or refused.
        """
        with self._entry.turn, self.hold(purpose):
            session = self._entry.session
            if session is not None and not session.alive():
                self._entry.session = self._acquire_in_database(purpose)
            yield

    def _take(self, purpose: str, wait: bool) -> None:
        acquire: Callable[[str], None] = (
            self._hold_in_database if self.store is not None else self._hold_file
        )
        announced = False
        while True:
            try:
                acquire(purpose)
                return
            except LockHeld as held:
                if not wait:
                    raise
                if not announced:
                    log.info("standing by: %s runs this campaign; taking over when it stops",
                             holder_of(held.holder))  # fmt: skip
                    announced = True
                time.sleep(STANDBY_RETRY)

    def _hold_file(self, purpose: str) -> None:
        self._entry.fd = self._acquire(purpose)

    def _hold_in_database(self, purpose: str) -> None:
        self._entry.session = self._acquire_in_database(purpose)

    def _acquire_in_database(self, purpose: str) -> SessionLock:
        assert self.store is not None
        session = self.store.campaign_lock()
        if not session.try_acquire(_record(purpose)):
            raise LockHeld(self.where, self.store.campaign_holder())
        return session

    def _give_back(self) -> None:
        entry = self._entry
        if entry.fd is not None:
            fcntl.flock(entry.fd, fcntl.LOCK_UN)
            os.close(entry.fd)
            entry.fd = None
        if entry.session is not None:
            entry.session.release()
            entry.session = None

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
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{_record(purpose)}\n".encode(), 0)
        return fd
