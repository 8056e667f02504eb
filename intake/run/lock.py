"""One poll at a time per campaign folder.

Across processes (``intake run`` and a hand-run ``intake poll``) an exclusive
``flock`` refuses the second at once; within one process (the poll and the
digest jobs of ``intake run``) threads simply take turns. A process forked
from the poll (an analysis worker) does not keep the lock: its copy of the
lock file is closed at once, so the lock goes with the poll, even a killed one.
"""

from __future__ import annotations

import fcntl
import os
import threading
from contextlib import suppress
from pathlib import Path
from types import TracebackType

from intake.errors import OperationalError

_turns: dict[Path, threading.Lock] = {}
_turns_guard = threading.Lock()
_held: set[int] = set()  # the lock files this process holds open


def _drop_inherited() -> None:
    """In a forked child: close its copies of the lock files (the parent's stay locked)."""
    for fd in _held:
        with suppress(OSError):
            os.close(fd)
    _held.clear()


os.register_at_fork(after_in_child=_drop_inherited)


class PollLock:
    """An exclusive ``flock`` on ``DIR/.intake.lock``; released on exit or process death."""

    def __init__(self, folder: Path) -> None:
        self.path = (folder / ".intake.lock").resolve()
        self.fd: int | None = None
        with _turns_guard:
            self.turn = _turns.setdefault(self.path, threading.Lock())

    def __enter__(self) -> PollLock:
        self.turn.acquire()
        try:
            self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            _held.add(self.fd)
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._close()
            raise OperationalError(
                f"another intake process is polling this campaign ({self.path}); try again shortly"
            ) from None
        except BaseException:
            self._close()
            raise
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.fd is not None:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
        self._close()

    def _close(self) -> None:
        if self.fd is not None:
            _held.discard(self.fd)
            os.close(self.fd)
            self.fd = None
        self.turn.release()
