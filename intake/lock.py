"""One poll at a time per campaign folder (``intake run`` and a hand-run ``intake poll``)."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from types import TracebackType

from intake.errors import OperationalError


class PollLock:
    """An exclusive ``flock`` on ``DIR/.intake.lock``; released on exit or process death."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / ".intake.lock"
        self.fd: int | None = None

    def __enter__(self) -> PollLock:
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self.fd)
            self.fd = None
            raise OperationalError(
                f"another intake poll is running for this campaign ({self.path}); try again shortly"
            ) from None
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.fd is not None:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None
