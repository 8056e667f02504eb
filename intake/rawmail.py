"""A fetched message as the mailbox hands it on: bytes and the server's INTERNALDATE."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class RawMail:
    """One fetched message: the bytes (only the header when too big) and its INTERNALDATE."""

    uid: int
    internaldate: datetime
    size: int
    data: bytes
    truncated: bool = False
