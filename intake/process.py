"""Who holds a lock or a lease: a host, a process id, and when that process started.

A pid alone is not enough to say a holder is gone: the kernel reuses pids, so a
lease left by a killed poll could look held by whatever process got its pid
later. The start time (``/proc/PID/stat``, in clock ticks since boot, with the
boot's id) tells the two apart. A holder on another host cannot be checked from
here: it counts as alive, and its lease runs out by time instead. This is the
small interface a database-level lock can later stand behind (issue 14).
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from functools import cache
from pathlib import Path


@cache
def _boot_id() -> str:
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip()[:8]
    except OSError:
        return ""


def start_time(pid: int) -> str:
    """When process ``pid`` started, as an opaque token ("" when it cannot be read)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_bytes()
    except OSError:
        return ""
    fields = stat.rsplit(b")", 1)[-1].split()
    if len(fields) < 20:
        return ""
    return f"{_boot_id()}.{int(fields[19])}"  # field 22 of stat: starttime


def _exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: it exists
        return True
    return True


@dataclass(frozen=True, slots=True)
class Holder:
    """A process that holds something: ``host:pid:started`` as a token."""

    host: str
    pid: int
    started: str = ""

    @classmethod
    def of(cls, pid: int) -> Holder:
        """Process ``pid`` on this host."""
        return cls(socket.gethostname(), pid, start_time(pid))

    @classmethod
    def current(cls) -> Holder:
        """This process."""
        return cls.of(os.getpid())

    @property
    def token(self) -> str:
        return f"{self.host}:{self.pid}:{self.started}"

    @classmethod
    def parse(cls, token: str) -> Holder | None:
        """A holder from its token; tokens of older versions (``host:pid``) are read too."""
        host, _, rest = (token or "").partition(":")
        pid, _, started = rest.partition(":")
        if not host or not pid.isdigit():
            return None
        return cls(host, int(pid), started)

    def gone(self) -> bool:
        """True only when this holder is known to have ended: same host, and its pid is
        free or now belongs to a process that started at another time."""
        if self.host != socket.gethostname():
            return False
        if not _exists(self.pid):
            return True
        if not self.started:
            return False  # an old token: the pid is in use, so it may still be the holder
        now = start_time(self.pid)
        return bool(now) and now != self.started


def holder_gone(token: str) -> bool:
    """Whether the holder named by ``token`` has ended (an unreadable token: yes)."""
    holder = Holder.parse(token)
    return holder is None or holder.gone()
