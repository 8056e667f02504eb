"""A recording SMTP server (aiosmtpd) on loopback for ``intake demo``."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from aiosmtpd.controller import Controller

from intake.demo.imap_server import free_port


@dataclass(frozen=True)
class Received:
    """One message as the server received it."""

    mail_from: str
    rcpt_tos: tuple[str, ...]
    data: bytes


class Recorder:
    """An aiosmtpd handler that keeps every message it accepts."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._messages: list[Received] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        data = envelope.original_content or envelope.content
        with self._lock:
            self._messages.append(
                Received(envelope.mail_from, tuple(envelope.rcpt_tos), bytes(data))
            )
        return "250 OK"

    @property
    def messages(self) -> list[Received]:
        with self._lock:
            return list(self._messages)


class RecordingSmtp:
    """``with RecordingSmtp() as smtp: smtp.port ... smtp.messages``."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.host = host
        self.port = free_port(host)
        self.recorder = Recorder()
        self.controller = Controller(
            self.recorder, hostname=host, port=self.port, server_hostname="demo.invalid"
        )

    def __enter__(self) -> RecordingSmtp:
        self.controller.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.controller.stop()

    @property
    def messages(self) -> list[Received]:
        return self.recorder.messages
