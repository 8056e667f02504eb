"""``python -m intake`` with its imports done once: each run is a fork of a waiting process.

A harness that starts ``intake poll`` a hundred times, to SIGKILL each run at a chosen
moment, would spend most of its time importing intake again (about a second a run).
``Zygote`` starts ``python zygote.py`` once: it imports what ``python -m intake`` imports
and waits. ``start(args)`` makes it fork a child that runs ``intake.cli.main`` with those
arguments, from the import on exactly as ``python -m intake ARGS`` would: its own process
(a new PID, killed by that PID), its own connections, stdin and stdout on /dev/null,
stderr a new pipe, and a normal interpreter exit. Only the import is shared, and it
holds no state a run leaves behind (intake's own at-fork hooks clear its lock records).

``start`` returns a ``Forked``, which reads like ``subprocess.Popen``: ``pid``,
``stderr``, ``poll()``, ``wait(timeout)``, ``returncode``. The zygote forks one run at
a time and reports its exit status when it has reaped it.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import socket
import subprocess
import sys
from pathlib import Path
from typing import IO, Self

_READY = b"ready"


class Zygote:
    """The waiting process: ``with Zygote(env, cwd) as z: run = z.start([...])``."""

    def __init__(self, env: dict[str, str], cwd: Path, timeout: float = 60.0) -> None:
        self._sock, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        with theirs:
            self.proc = subprocess.Popen(
                [sys.executable, __file__, str(theirs.fileno())],
                stdin=subprocess.DEVNULL,
                pass_fds=[theirs.fileno()],
                env=env,
                cwd=cwd,
            )
        self.running: Forked | None = None
        if self._receive(timeout) != _READY:
            self.stop()
            raise RuntimeError("the zygote did not start")

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self, args: list[str]) -> Forked:
        """Fork a child running ``intake ARGS``; the previous child must have been waited."""
        assert self.running is None or self.running.returncode is not None, "one run at a time"
        read, write = os.pipe()
        devnull = os.open(os.devnull, os.O_RDWR)
        try:
            socket.send_fds(self._sock, [json.dumps(args).encode()], [devnull, devnull, write])
        finally:
            os.close(write)
            os.close(devnull)
        pid = int(self._receive(10.0))
        self.running = Forked(self, pid, os.fdopen(read, "rb"))
        return self.running

    def stop(self) -> None:
        """End the zygote: it exits when its socket closes (SIGKILL if it does not)."""
        self._sock.close()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def _receive(self, timeout: float | None) -> bytes:
        """The zygote's next message (a PID or an exit code); TimeoutExpired if none came."""
        ready, _, _ = select.select([self._sock], [], [], timeout)
        if not ready:
            raise subprocess.TimeoutExpired("zygote", timeout or 0.0)
        message = self._sock.recv(64)
        if not message:
            raise RuntimeError(f"the zygote ended (exit {self.proc.poll()})")
        return message


class Forked:
    """One forked run, read like ``subprocess.Popen`` (its exit comes from the zygote)."""

    def __init__(self, zygote: Zygote, pid: int, stderr: IO[bytes]) -> None:
        self._zygote = zygote
        self.pid = pid
        self.stderr = stderr
        self.returncode: int | None = None

    def poll(self) -> int | None:
        with contextlib.suppress(subprocess.TimeoutExpired):
            return self.wait(0.0)
        return None

    def wait(self, timeout: float | None = None) -> int:
        if self.returncode is None:
            self.returncode = int(self._zygote._receive(timeout))
        return self.returncode


def _serve(sock: socket.socket) -> list[str] | None:
    """Wait for runs, fork each; in a child, return its arguments (None: the zygote ends)."""
    sock.send(_READY)
    while True:
        message, fds, _flags, _addr = socket.recv_fds(sock, 1 << 16, 3)
        if not message:
            return None
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            sock.close()
            for target, fd in enumerate(fds):
                os.dup2(fd, target)
            for fd in fds:
                os.close(fd)
            return list(json.loads(message))
        for fd in fds:
            os.close(fd)
        sock.send(str(pid).encode())
        _, status = os.waitpid(pid, 0)
        sock.send(str(os.waitstatus_to_exitcode(status)).encode())


if __name__ == "__main__":
    # What ``python -m intake`` has on sys.path: the working folder first, not this one.
    sys.path[0] = os.getcwd()
    import intake.cli

    arguments = _serve(socket.socket(fileno=int(sys.argv[1])))
    if arguments is not None:
        sys.argv = [str(Path(intake.cli.__file__).parents[1] / "__main__.py"), *arguments]
        intake.cli.main()
