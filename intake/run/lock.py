"""One poll at a time per campaign folder.

Across processes (``intake run`` and a hand-run ``intake poll``) an exclusive
``flock`` refuses the second at once; within one process (the poll and the
digest jobs of ``intake run``) threads simply take turns.
"""

from __future__ import annotations

import fcntl
import os
import threading
from pathlib import Path
from types import TracebackType

from intake.errors import OperationalError

_turns: dict[Path, threading.Lock] = {}
_turns_guard = threading.Lock()


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
            os.close(self.fd)
            self.fd = None
        self.turn.release()
