"""The parsed message: plain values only, no library objects."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Address:
    """One mailbox: a display name (decoded, may be empty) and an address."""

    name: str
    addr: str

    def __str__(self) -> str:
        return f"{self.name} <{self.addr}>" if self.name else self.addr


@dataclass(frozen=True, slots=True)
class Attachment:
    """An attachment's metadata; its bytes are never kept."""

    filename: str
    content_type: str
    size: int


@dataclass(frozen=True)
class Message:
    """One message as the rest of intake sees it.

    ``headers`` holds every header in order as ``(lower-case name, decoded
    value)``. ``own_text`` is what the sender wrote themselves; ``quoted_text``
    is what they quoted or forwarded (the letter, an earlier confirmation).
    ``forwarded`` holds the text of attached ``message/rfc822`` parts, except in
    delivery reports, whose returned original is never the sender's text.
    ``received`` is the server's INTERNALDATE (aware), or None for a bare file.
    ``text_source`` says where ``text`` came from: ``plain``, ``html`` or ``none``.
    ``truncated`` is set when only the headers were read (an oversized message).
    ``bounce_recipients`` lists the addresses a delivery report says failed
    (permanently or for now), as flufl.bounce reads them; empty for other mail.
    """

    sender: Address
    subject: str = ""
    message_id: str = ""
    in_reply_to: str = ""
    references: tuple[str, ...] = ()
    reply_to: tuple[Address, ...] = ()
    to: tuple[Address, ...] = ()
    cc: tuple[Address, ...] = ()
    headers: tuple[tuple[str, str], ...] = ()
    date: datetime | None = None
    received: datetime | None = None
    content_type: str = "text/plain"
    text: str = ""
    html: str = ""
    own_text: str = ""
    quoted_text: str = ""
    forwarded: tuple[str, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    defects: tuple[str, ...] = ()
    size: int = 0
    truncated: bool = False
    text_source: str = "plain"
    bounce_recipients: tuple[str, ...] = ()

    def header(self, name: str) -> str | None:
        """The first value of header ``name`` (case-insensitive), or None."""
        wanted = name.lower()
        for key, value in self.headers:
            if key == wanted:
                return value
        return None

    def header_all(self, name: str) -> tuple[str, ...]:
        """Every value of header ``name`` in order."""
        wanted = name.lower()
        return tuple([value for key, value in self.headers if key == wanted])

    @property
    def reply_address(self) -> Address:
        """Where a reply goes: the first Reply-To, else From."""
        return self.reply_to[0] if self.reply_to else self.sender

    @property
    def html_only(self) -> bool:
        """True when the body text came from HTML (no usable plain part)."""
        return self.text_source == "html"
