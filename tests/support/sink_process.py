"""An SMTP sink in a process of its own, for tests that kill a sender at random moments.

In the test's own process the sink would share the GIL with the harness's threads,
and its answer to a DATA could wait milliseconds for them, a delay no real server
adds. Here it runs alone (as ``bench/`` runs its sink) and notes, for each message,
when it accepted it and when its ``250`` went out, on the machine's monotonic
clock, so the harness can tell a kill before the server's answer from one after.

``SinkProcess`` starts ``python sink_process.py`` and speaks one JSON line each way.
"""

from __future__ import annotations

import base64
import contextlib
import json
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Self

TESTS = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Accepted:
    """One message the sink took: its bytes, when it took it, when it answered 250."""

    data: bytes
    accepted: float
    answered: float | None


class SinkProcess:
    """The sink's process: ``port``, ``count``, ``wait_idle()``, ``messages``."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, __file__],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
            cwd=TESTS,
        )
        self.port = int(self._ask("")["port"])

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, *rest: object) -> None:
        self.stop()

    def _ask(self, command: str) -> dict[str, Any]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        if command:
            self.proc.stdin.write(command + "\n")
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("the sink process ended")
        return dict(json.loads(line))

    @property
    def count(self) -> int:
        return int(self._ask("count")["count"])

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Until no client is connected, so ``count`` is final; False on timeout."""
        return bool(self._ask(f"idle {timeout}")["idle"])

    @property
    def messages(self) -> list[Accepted]:
        found = self._ask("messages")["messages"]
        return [Accepted(base64.b64decode(m[0]), m[1], m[2]) for m in found]

    def stop(self) -> None:
        if self.proc.poll() is None:
            with contextlib.suppress(RuntimeError, OSError, ValueError):
                self._ask("quit")
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def _serve() -> None:
    sys.path.insert(0, str(TESTS))
    from support import servers

    answered: dict[int, float] = {}
    accepted: list[float] = []
    handle_data = servers._Recorder.handle_DATA
    push = servers._CountedSMTP.push

    async def timed_data(self: Any, server: Any, session: Any, envelope: Any) -> str:
        status = await handle_data(self, server, session, envelope)
        accepted.append(time.monotonic())
        session.answering = len(accepted) - 1
        return str(status)

    async def timed_push(self: Any, status: Any) -> None:
        index = getattr(self.session, "answering", None) if self.session else None
        if index is None or not str(status).startswith("250"):
            await push(self, status)
            return
        self.session.answering = None
        # Timed just before the write, as push() would do it: a kill after this moment
        # counts as after the 250 (the sender's window), even if the write came later.
        answered[index] = time.monotonic()
        self._writer.write(f"{status}\r\n".encode())
        await self._writer.drain()

    servers._Recorder.handle_DATA = timed_data  # type: ignore[method-assign]
    servers._CountedSMTP.push = timed_push  # type: ignore[method-assign]
    sink = servers.SmtpSink().start()
    _say({"port": sink.port})
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        if words[0] == "count":
            _say({"count": sink.count})
        elif words[0] == "idle":
            _say({"idle": sink.wait_idle(float(words[1]))})
        elif words[0] == "messages":
            mails = sink.messages
            found = [
                (base64.b64encode(m.data).decode(), accepted[i], answered.get(i))
                for i, m in enumerate(mails)
            ]
            _say({"messages": found})
        elif words[0] == "quit":
            _say({"quit": True})
            break
    sink.stop()


def _say(answer: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(answer) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    _serve()
