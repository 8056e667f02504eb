"""The mail providers ``intake init`` offers, with the settings docs/providers.md gives."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from intake.config import Security

SignIn = Literal["password", "oauth2"]


@dataclass(frozen=True)
class Server:
    """Where one protocol of a provider is reached."""

    host: str
    port: int
    security: Security

    def __str__(self) -> str:
        return f"{self.host}:{self.port} ({self.security})"


@dataclass(frozen=True)
class Provider:
    """A known provider: its servers and how intake signs in there."""

    key: str
    label: str
    imap: Server
    smtp: Server
    sign_in: SignIn
    note: str


GMAIL = Provider(
    "gmail",
    "Gmail or Google Workspace",
    Server("imap.gmail.com", 993, "tls"),
    Server("smtp.gmail.com", 465, "tls"),
    "password",
    "needs an app password (2-Step Verification on), not the account password",
)
MICROSOFT_365 = Provider(
    "microsoft365",
    "Microsoft 365 (Exchange Online)",
    Server("outlook.office365.com", 993, "tls"),
    Server("smtp.office365.com", 587, "starttls"),
    "oauth2",
    "password sign-in is off there: intake needs a command that prints an OAuth2 token",
)
KNOWN = {p.key: p for p in (GMAIL, MICROSOFT_365)}
OTHER = "other"
CHOICES = (*KNOWN, OTHER)
