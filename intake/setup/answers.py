"""What ``intake init`` needs to know, and how each answer is read (pure).

Every reader takes the text a person typed (or a flag's value) and returns the
value, or raises ``ValueError`` with a sentence that says what to type instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from intake.config import DEFAULT_PORTS, Security, email_address, is_loopback, known_zone

END_OF_DAY = time(23, 59)
_DATE_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[ T](\d{1,2}:\d{2})(?::\d{2})?)?$")


@dataclass(frozen=True)
class MailServer:
    """One server as the answers give it; ``port`` None means the default for ``security``."""

    host: str
    security: Security
    port: int | None = None
    user: str = ""
    password_env: str = ""
    token_command: str = ""
    ca_file: str = ""


@dataclass(frozen=True)
class Answers:
    """A campaign as ``intake init`` writes it into the example config."""

    name: str
    coordinator: str
    deadline: datetime  # local to ``timezone``
    timezone: str
    opened: date
    imap: MailServer
    smtp: MailServer
    coordinator_name: str = ""
    reply_from: str = ""  # default: the coordinator's address
    reply_from_name: str = ""  # default: the coordinator's name
    letter_url: str = ""
    templates: bool = True

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def deadline_at(self) -> datetime:
        return self.deadline.replace(tzinfo=self.zone)


def email(text: str) -> str:
    """An email address, lower-cased."""
    return email_address(text.strip().lower())


def zone(text: str) -> str:
    """An IANA time zone name such as Europe/London."""
    try:
        return known_zone(text.strip())
    except ValueError as exc:
        raise ValueError(f"{exc}: type a name such as America/New_York or Europe/Berlin") from None


def day(text: str) -> date:
    """A date written 2026-06-15."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError("type a date as YYYY-MM-DD, e.g. 2026-06-15") from None


def local_time(text: str) -> datetime:
    """A local date and time, ``2026-07-01 17:00``; a date alone means 23:59 that day."""
    found = _DATE_TIME.match(text.strip())
    if found is None:
        raise ValueError("type a date and time as YYYY-MM-DD HH:MM, e.g. 2026-07-01 17:00")
    try:
        when = date.fromisoformat(found[1])
        at = time.fromisoformat(found[2].zfill(5)) if found[2] else END_OF_DAY
    except ValueError:
        raise ValueError("that date or time does not exist: check the numbers") from None
    return datetime.combine(when, at)


def after(opened: date, deadline: datetime) -> datetime:
    """``deadline``, if it is after the start of ``opened``."""
    if deadline <= datetime.combine(opened, time(0, 0)):
        raise ValueError(f"the deadline must be after the day signing opened ({opened:%Y-%m-%d})")
    return deadline


def security(text: str, host: str) -> Security:
    """tls, starttls, or none (none only for a server on this machine)."""
    value = text.strip().lower()
    if value == "tls":
        return "tls"
    if value == "starttls":
        return "starttls"
    if value == "none" and is_loopback(host):
        return "none"
    if value == "none":
        raise ValueError("none (no encryption) is only for a server on this machine: use tls")
    raise ValueError("type tls (TLS from the start), starttls, or none (this machine only)")


def port(text: str) -> int:
    """A TCP port number."""
    if not text.strip().isdigit() or not 1 <= int(text) <= 65535:
        raise ValueError("a port is a number from 1 to 65535")
    return int(text)


def default_port(protocol: str, chosen: Security) -> int:
    """The usual port for ``protocol`` ("imap" or "smtp") with ``chosen`` security."""
    return DEFAULT_PORTS[protocol][chosen]


def existing_file(text: str, base: Path) -> str:
    """The absolute path of a file that exists (relative to ``base``), or empty."""
    value = text.strip()
    if not value:
        return ""
    path = (base / Path(value).expanduser()).resolve()
    if not path.is_file():
        raise ValueError(f"there is no file {value}: give the path of the CA certificate (PEM)")
    return str(path)
