"""Build small messages for unit tests (plain data, no servers)."""

from __future__ import annotations

from datetime import datetime

from intake.message import Message, parse


def mail(
    body: str = "Please add my name.\n",
    headers: dict[str, str] | None = None,
    received: datetime | None = None,
) -> Message:
    """Parse a message made of ``headers`` (From/To/Subject defaults) and ``body``."""
    fields = {
        "From": "Jane Smith <jane@example.org>",
        "To": "coordinator@campaign.example",
        "Subject": "Sign-on letter",
        "Message-ID": "<m1@example.org>",
        "Date": "Tue, 16 Jun 2020 09:40:23 -0400",
    }
    fields.update(headers or {})
    head = "".join(f"{k}: {v}\r\n" for k, v in fields.items() if v is not None)
    raw = (head + "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body).encode()
    return parse(raw, received)
