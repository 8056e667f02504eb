"""An in-process IMAP server (pymap's dict backend) for ``intake demo``.

pymap runs on its own event loop in a background thread and keeps mail in
memory; it needs no Debian package and no root. It leans on pymap's own
start-up code (``backend.init`` and ``IMAPService.start``), so pymap is pinned.
"""

from __future__ import annotations

import asyncio
import socket
import threading
from argparse import ArgumentParser, Namespace
from contextlib import AsyncExitStack
from types import TracebackType

from intake.errors import OperationalError


def free_port(host: str = "127.0.0.1") -> int:
    """A port that was free a moment ago (servers here cannot bind port 0 and report it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def _pymap_args(host: str, port: int, user: str, password: str) -> Namespace:
    from pymap.backend import backends
    from pymap.service import services

    parser = ArgumentParser(prog="pymap")
    subparsers = parser.add_subparsers(dest="backend", required=True)
    for name, backend_type in backends.items():
        backend_type.add_subparser(name, subparsers).set_defaults(backend_type=backend_type)
    for service_type in services.values():
        service_type.add_arguments(parser)
    parser.set_defaults(skip_services=[], passlib_cfg=None, debug=False)
    argv = ["--host", host, "--port", str(port), "--no-tls", "dict"]
    return parser.parse_args([*argv, f"--demo-user={user}", f"--demo-password={password}"])


class EmbeddedImap:
    """A pymap IMAP server on loopback; ``with EmbeddedImap(user, pw) as server: server.port``."""

    def __init__(self, user: str, password: str, host: str = "127.0.0.1") -> None:
        self.user = user
        self.password = password
        self.host = host
        self.port = free_port(host)
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._thread = threading.Thread(target=self._main, name="pymap", daemon=True)

    def __enter__(self) -> EmbeddedImap:
        self.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def start(self, timeout: float = 15.0) -> None:
        """Start serving; raise OperationalError if the server does not come up."""
        self._thread.start()
        if not self._ready.wait(timeout) or self._error is not None:
            raise OperationalError(f"the embedded IMAP server did not start: {self._error!r}")

    def stop(self) -> None:
        """Stop serving and close the port."""
        if self._loop is not None and self._stop is not None and self._loop.is_running():
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(timeout=10)

    def _main(self) -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)  # pymap's gather() needs a current loop in this thread
        self._loop = loop
        try:
            loop.run_until_complete(self._serve())
        except BaseException as exc:
            self._error = exc
            self._ready.set()
        finally:
            _cancel_pending(loop)
            loop.close()

    async def _serve(self) -> None:
        from pymap.imap import IMAPService

        args = _pymap_args(self.host, self.port, self.user, self.password)
        backend, config = await args.backend_type.init(args)
        config.apply_context()
        self._stop = asyncio.Event()
        async with AsyncExitStack() as stack:
            await backend.start(stack)
            await IMAPService(backend, config).start(stack)
            self._ready.set()
            await self._stop.wait()


def _cancel_pending(loop: asyncio.AbstractEventLoop) -> None:
    """Cancel connection tasks still open, so closing the loop is quiet."""
    pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
    for task in pending:
        task.cancel()
    if pending:
        loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
