"""Campaign settings pointed at the test servers, sign-on mail to send them, the dev corpus."""

from __future__ import annotations

import email
import email.policy
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from intake.config import Settings, parse_settings

COORDINATOR = "coordinator@irf-roundtable.example"
PASSWORD_ENV = "INTAKE_TEST_IMAP_PASSWORD"
JUNE = datetime(2020, 6, 20, 10, 0, tzinfo=ZoneInfo("America/New_York"))  # before the deadline


def campaign_data(user: Any, sink: Any, **sections: dict[str, Any]) -> dict[str, Any]:
    """The sample campaign's settings as a TOML-shaped dict for ``user`` and ``sink``."""
    data: dict[str, Any] = {
        "campaign": {
            "name": "open letter on religious prisoners of conscience in Iran",
            "coordinator": COORDINATOR,
            "coordinator_name": "Eleanor Whitfield",
            "reply_from": COORDINATOR,
            "reply_from_name": "IRF Roundtable sign-on desk",
            "timezone": "America/New_York",
            "opened": "2020-06-01",
            "deadline": "2020-07-01T17:00:00",
        },
        "imap": {
            "host": user.host,
            "port": user.port,
            "security": "none",
            "user": user.name,
            "password_env": PASSWORD_ENV,
        },
        "smtp": {"host": "127.0.0.1", "port": sink.port, "security": "none"},
        "poll": {"batch_size": 25},
    }
    for name, values in sections.items():
        data[name] = {**data.get(name, {}), **values}
    return data


def settings_for(user: Any, sink: Any, folder: Path, **sections: dict[str, Any]) -> Settings:
    """Validated settings for the sample campaign against ``user`` and ``sink``."""
    return parse_settings(campaign_data(user, sink, **sections), folder)


def toml(data: dict[str, Any]) -> str:
    """A TOML document for a dict of sections holding strings, numbers, booleans and lists."""
    lines = []
    for section, values in data.items():
        lines.append(f"[{section}]")
        lines += [f"{key} = {_value(value)}" for key, value in values.items()]
        lines.append("")
    return "\n".join(lines)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    return json.dumps(str(value))


@dataclass(frozen=True)
class Case:
    """One dev-corpus message and its expected outcome."""

    name: str
    raw: bytes
    received: datetime
    expected: dict[str, Any]

    @property
    def kind(self) -> str:
        return str(self.expected["kind"])


def load_cases(corpus: Path) -> list[Case]:
    """Every ``dev/*.eml`` with its ``.json``, in name order."""
    cases = []
    for eml in sorted((corpus / "dev").glob("*.eml")):
        expected = json.loads(eml.with_suffix(".json").read_text(encoding="utf-8"))
        received = datetime.fromisoformat(expected["received"])
        cases.append(Case(eml.stem, eml.read_bytes(), received, expected))
    return cases


def signature(n: int, name: str = "", extra_headers: str = "") -> bytes:
    """A sign-on from ``p{n}@example.org`` with a labelled block (Person Number{n}, Pastor)."""
    name = name or f"Person Number{n}"
    return (
        f"From: {name} <p{n}@example.org>\r\nTo: coordinator@irf-roundtable.example\r\n"
        f"Subject: Sign-on letter\r\nMessage-ID: <sig{n}@example.org>\r\n"
        f"Date: Sat, 20 Jun 2020 10:00:00 -0400\r\n{extra_headers}"
        "Content-Type: text/plain; charset=utf-8\r\n\r\n"
        f"Please add my name to the letter.\r\n\r\nName: {name}\r\nTitle: Pastor\r\n"
        f"Organization: Church Number {n}\r\n"
    ).encode()


def alerts_at(sink: Any) -> list[str]:
    """The subjects of the alert mails (Auto-Submitted: auto-generated) ``sink`` received."""
    found = []
    for received in sink.messages:
        mail = email.message_from_bytes(received.data, policy=email.policy.default)
        if mail["Auto-Submitted"] == "auto-generated":
            found.append(str(mail["Subject"]))
    return found


def letter(
    sender: str,
    body: str,
    *,
    subject: str = "Sign-on letter",
    message_id: str = "",
    headers: str = "",
    reply_to: str = "",
) -> bytes:
    """A plain-text mail from ``sender`` ("Name <addr>") to the coordinator.

    ``headers`` are extra header lines (each ending in CRLF), written above the others,
    as a receiving server writes its own; ``message_id`` defaults to one made of the body.
    """
    digest = hashlib.sha256(f"{sender}\n{subject}\n{body}".encode()).hexdigest()[:16]
    ident = message_id or f"<{digest}@example.org>"
    extra = f"Reply-To: {reply_to}\r\n" if reply_to else ""
    text = body.replace("\r\n", "\n").replace("\n", "\r\n")
    return (
        f"{headers}From: {sender}\r\nTo: {COORDINATOR}\r\n{extra}Subject: {subject}\r\n"
        f"Message-ID: {ident}\r\nDate: Sat, 20 Jun 2020 10:00:00 -0400\r\n"
        f"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{text}"
    ).encode()


LATE = datetime(2020, 7, 2, 10, 0, tzinfo=ZoneInfo("America/New_York"))  # after the deadline


def text_of(data: bytes) -> str:
    """The plain-text part of a mail as the SMTP sink received it."""
    mail = email.message_from_bytes(data, policy=email.policy.default)
    part = mail.get_body(("plain",))  # type: ignore[attr-defined]
    return str(part.get_content()) if part is not None else ""
