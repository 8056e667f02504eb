"""A TCP proxy on loopback that can fail on demand: cut, refuse, or go slow.

Put it between intake and a real server to model an outage without losing the
server's state: ``cut()`` drops every open connection and refuses new ones
until ``restore()``; ``delay`` holds each chunk of data for that many seconds.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from typing import Self


class TcpProxy:
    """Forward 127.0.0.1:port to ``target``; ``connections`` counts accepted connections."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self.listener.getsockname()[1]
        self.delay = 0.0
        self.connections = 0
        self._down = threading.Event()
        self._closing = threading.Event()
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._accept, daemon=True)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._closing.set()
        self.cut()
        self.listener.close()
        self._thread.join(timeout=5)

    def cut(self) -> None:
        """Drop every open connection and refuse new ones until ``restore()``."""
        self._down.set()
        with self._lock:
            for sock in list(self._open):
                _close(sock)
            self._open.clear()

    def restore(self) -> None:
        self._down.clear()

    def _accept(self) -> None:
        self.listener.settimeout(0.2)
        while not self._closing.is_set():
            try:
                client, _ = self.listener.accept()
            except (TimeoutError, OSError):
                continue
            self.connections += 1
            if self._down.is_set():
                _close(client)  # the server is "down": connection reset at once
                continue
            self._start_pair(client)

    def _start_pair(self, client: socket.socket) -> None:
        try:
            upstream = socket.create_connection(self.target, timeout=5)
        except OSError:
            _close(client)
            return
        with self._lock:
            self._open.update((client, upstream))
        for source, sink in ((client, upstream), (upstream, client)):
            threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while chunk := source.recv(65536):
                if self.delay:
                    time.sleep(self.delay)
                sink.sendall(chunk)
        except OSError:
            pass
        finally:
            _close(source)
            _close(sink)


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()
