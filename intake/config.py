"""Typed settings, loaded once from TOML and validated before anything connects.

Secrets are never read from the file: a password comes from an environment
variable (``password_env``) or a command (``password_command``), as msmtp and
mbsync do, and is fetched only when a connection needs it.
"""

from __future__ import annotations

import ipaddress
import re
import tomllib
from datetime import date, datetime, time
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from intake.errors import ConfigError

Security = Literal["tls", "starttls", "none"]
ReplyTo = Literal["same-person", "same-domain", "never"]
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_SHOWN_NAME = re.compile(r"^[A-Z_][A-Z0-9_]*$")
_HH_MM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_KEYWORD = re.compile(r"^[^\s()\[\]{}%*\"\\]*$")


def email_address(value: str) -> str:
    """``value`` if it reads as an email address (name@domain), else ValueError."""
    if not _EMAIL.match(value):
        raise ValueError("not an email address: write it as name@domain, e.g. letters@example.org")
    return value


Email = Annotated[
    str, StringConstraints(strip_whitespace=True, to_lower=True), AfterValidator(email_address)
]
# The port each protocol uses when ``port`` is left out.
DEFAULT_PORTS: dict[str, dict[Security, int]] = {
    "imap": {"tls": 993, "starttls": 143, "none": 143},
    "smtp": {"tls": 465, "starttls": 587, "none": 25},
}
_LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}
_SECRET_KEYS = {"password", "pass", "secret", "token", "oauth2_token"}


def known_zone(value: str) -> str:
    """``value`` if it names an IANA time zone, else ValueError."""
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown IANA time zone {value!r}") from exc
    return value


def variable_name_shown(name: str) -> str:
    """An environment variable's name as messages may show it.

    Names are by custom upper case (``INTAKE_IMAP_PASSWORD``); anything else in
    ``password_env`` may be a password pasted by mistake, so it is not repeated.
    """
    if _SHOWN_NAME.match(name):
        return name
    return "(its name is not shown: it looks like a password, not a variable's name)"


def is_loopback(host: str) -> bool:
    """True for localhost and loopback IP addresses."""
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _no_secret_in_file(cls, data: object) -> object:
        if isinstance(data, dict):
            for key in data:
                if key in _SECRET_KEYS:
                    raise ValueError(
                        f"'{key}' must not be written in the config file: "
                        "use password_env (an environment variable) or password_command"
                    )
        return data


class ServerSettings(_Strict):
    """Shared by IMAP and SMTP: where, how securely, and who."""

    host: str = Field(min_length=1)
    port: int | None = Field(default=None, ge=1, le=65535)
    security: Security = "tls"
    user: str = ""
    password_env: str = ""
    password_command: str = ""
    oauth2_token_command: str = ""
    ca_file: Path | None = None
    timeout: float = Field(default=30.0, gt=0, le=600)

    @field_validator("password_env")
    @classmethod
    def _a_variable_name(cls, value: str) -> str:
        # The value is never repeated here: a pasted password must not reach a log or a screen.
        if value and not _ENV_NAME.match(value):
            raise ValueError(
                "must be the NAME of an environment variable (letters, digits and _, "
                'e.g. "INTAKE_IMAP_PASSWORD"), not the password itself; put the password '
                "in that variable, or use password_command"
            )
        return value

    @model_validator(mode="after")
    def _plain_only_on_loopback(self) -> ServerSettings:
        if self.security == "none" and not is_loopback(self.host):
            raise ValueError(
                f"security = 'none' is only allowed for a loopback host, not {self.host!r}; "
                "use 'tls' or 'starttls'"
            )
        return self

    @property
    def auth_method(self) -> Literal["oauth2", "password", "none"]:
        if self.oauth2_token_command:
            return "oauth2"
        if self.password_env or self.password_command:
            return "password"
        return "none"


class ImapSettings(ServerSettings):
    """The coordinator's mailbox."""

    def effective_port(self) -> int:
        return self.port or DEFAULT_PORTS["imap"][self.security]


class SmtpSettings(ServerSettings):
    """Where replies and digests are sent."""

    def effective_port(self) -> int:
        return self.port or DEFAULT_PORTS["smtp"][self.security]


class CampaignSettings(_Strict):
    """The letter being signed: who runs it, when it opened, when it closes."""

    name: str = Field(min_length=1)
    coordinator: Email
    coordinator_name: str = ""
    reply_from: Email
    reply_from_name: str = ""
    own_addresses: list[Email] = Field(default_factory=list)
    timezone: str = "UTC"
    opened: date | datetime | None = None
    deadline: datetime
    closed_reply: bool = True
    letter_url: str = ""

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        return known_zone(value)

    @field_validator("letter_url")
    @classmethod
    def _web_address(cls, value: str) -> str:
        if value and not re.match(r"^https?://\S+$", value):
            raise ValueError("a web address starting with https:// (or leave it empty)")
        return value

    @field_validator("deadline")
    @classmethod
    def _after_opening(cls, value: datetime, info: ValidationInfo) -> datetime:
        opened, zone = info.data.get("opened"), info.data.get("timezone")
        if opened is None or zone is None:
            return value
        start = opened if isinstance(opened, datetime) else datetime.combine(opened, time(0, 0))
        tz = ZoneInfo(zone)
        if _aware(value, tz) <= _aware(start, tz):
            raise ValueError(
                f"the deadline ({value:%Y-%m-%d %H:%M}) must be after campaign.opened "
                f"({start:%Y-%m-%d %H:%M}): signing would close before it opens"
            )
        return value

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def deadline_at(self) -> datetime:
        """The deadline as an aware datetime (a naive value is local to ``timezone``)."""
        return self._local(self.deadline)

    @property
    def opened_at(self) -> datetime | None:
        if self.opened is None:
            return None
        if isinstance(self.opened, datetime):
            return self._local(self.opened)
        return datetime.combine(self.opened, time(0, 0), tzinfo=self.zone)

    def _local(self, value: datetime) -> datetime:
        return _aware(value, self.zone)

    @property
    def addresses(self) -> frozenset[str]:
        """Every address that is ours: never answered, never a signer."""
        return frozenset({self.coordinator, self.reply_from, *self.own_addresses})


def _aware(value: datetime, zone: ZoneInfo) -> datetime:
    """``value`` as an aware datetime; a naive one is local to ``zone``."""
    return value if value.tzinfo else value.replace(tzinfo=zone)


class FolderSettings(_Strict):
    """Which folders are read and how processed mail is marked on the server."""

    watch: list[str] = Field(default_factory=lambda: ["INBOX"], min_length=1)
    keyword: str = "$IntakeProcessed"
    move_to: str = ""

    @field_validator("keyword")
    @classmethod
    def _an_imap_keyword(cls, value: str) -> str:
        if not _KEYWORD.match(value):
            raise ValueError(
                'an IMAP keyword has no spaces and none of ( ) [ ] { } % * " \\, '
                'e.g. "$IntakeProcessed"'
            )
        return value


class PollSettings(_Strict):
    """How often and how much is read in one cycle."""

    mode: Literal["interval", "idle"] = "interval"
    interval_seconds: int = Field(default=300, ge=5, le=86400)
    idle_renew_seconds: int = Field(default=600, ge=10, le=1500)
    batch_size: int = Field(default=100, ge=1, le=5000)
    batch_bytes: int = Field(default=32_000_000, ge=100_000)
    max_message_bytes: int = Field(default=25_000_000, ge=10_000)
    parallel_from: int = Field(default=500, ge=0)


class ReplySettings(_Strict):
    """Limits on automatic replies and where templates live."""

    daily_limit: int = Field(default=3, ge=1, le=100)
    review_threshold: float = Field(default=0.8, ge=0, le=1)
    templates: Path | None = None
    hold_for_review: bool = False
    reply_to: ReplyTo = "same-person"


class DigestSettings(_Strict):
    """The coordinator's daily digest."""

    time: str = "08:00"
    to: list[Email] = Field(default_factory=list)

    @field_validator("time")
    @classmethod
    def _hours_and_minutes(cls, value: str) -> str:
        if not _HH_MM.match(value):
            raise ValueError('use 24-hour HH:MM, e.g. "08:00" or "17:30"')
        return value


class SecuritySettings(_Strict):
    """Trust in what the coordinator's own mail server reports, and limits on one sender."""

    authserv_id: str = ""
    signups_per_sender: int = Field(default=5, ge=1, le=10_000)


class RetentionSettings(_Strict):
    """How long message text is kept after the deadline (the signer list is always kept)."""

    message_text_days: int | None = Field(default=None, ge=0, le=3650)


class DeskSettings(_Strict):
    """The coordinator's desk (``intake serve``): where it listens, its password, its address.

    The password comes from ``password_env`` or ``password_command`` like the
    mail secrets; ``intake serve`` keeps only its Argon2 hash. ``url`` is the
    address people open (behind a proxy, the proxy's); the digest links to it.
    """

    host: str = "127.0.0.1"
    port: int = Field(default=8765, ge=1, le=65535)
    url: str = Field(default="", pattern=r"^(https?://\S+)?$")
    password_env: str = ""
    password_command: str = ""
    tls_cert: Path | None = None
    tls_key: Path | None = None
    behind_proxy: bool = False
    session_hours: int = Field(default=12, ge=1, le=24 * 30)

    @model_validator(mode="after")
    def _tls_pair(self) -> DeskSettings:
        if (self.tls_cert is None) != (self.tls_key is None):
            raise ValueError("give both tls_cert and tls_key, or neither")
        return self


class DatabaseSettings(_Strict):
    """Where the record lives; default: a SQLite file beside the config."""

    url: str = ""


class Settings(_Strict):
    """Everything intake reads from ``intake.toml``."""

    campaign: CampaignSettings
    imap: ImapSettings
    smtp: SmtpSettings
    folders: FolderSettings = FolderSettings()
    poll: PollSettings = PollSettings()
    replies: ReplySettings = ReplySettings()
    digest: DigestSettings = DigestSettings()
    database: DatabaseSettings = DatabaseSettings()
    security: SecuritySettings = SecuritySettings()
    retention: RetentionSettings = RetentionSettings()
    desk: DeskSettings = DeskSettings()
    base_dir: Path = Path()

    @property
    def database_url(self) -> str:
        if self.database.url:
            return self.database.url
        return f"sqlite:///{(self.base_dir / 'intake.sqlite').resolve()}"

    @property
    def templates_dir(self) -> Path | None:
        folder = self.replies.templates
        if folder is None:
            return None
        return folder if folder.is_absolute() else self.base_dir / folder

    def resolve(self, path: Path | None) -> Path | None:
        if path is None or path.is_absolute():
            return path
        return self.base_dir / path


def _describe(error: ValidationError) -> list[str]:
    """One line per problem: the dotted key, then the reason."""
    lines = []
    for item in error.errors():
        key = ".".join(str(p) for p in item["loc"]) or "(top level)"
        reason = str(item["msg"]).removeprefix("Value error, ")
        if item["type"] == "extra_forbidden":
            reason = "unknown setting (check the spelling against intake.example.toml)"
        elif item["type"].startswith(("datetime_", "date_")):
            reason = (
                "write a local date and time such as 2026-07-01T17:00:00 (or a date, 2026-06-15)"
            )
        lines.append(f"{key}: {reason}")
    return lines


def parse_settings(data: dict[str, object], base_dir: Path) -> Settings:
    """Validate a parsed TOML document; raise ConfigError naming the key."""
    try:
        settings = Settings.model_validate({**data, "base_dir": base_dir})
    except ValidationError as exc:
        lines = _describe(exc)
        raise ConfigError("\n".join(lines)) from None
    return settings


def load(path: Path) -> Settings:
    """Load and validate ``path``; every failure is a ConfigError with a clear line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(
            f"config file not found: {path} (run 'intake init' to make one)"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config file {path}: {exc}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    return parse_settings(data, path.resolve().parent)
