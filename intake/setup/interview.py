"""``intake init``'s questions: asked on a terminal, taken from flags, or refused as missing.

A flag's value is never asked again; on a terminal every other question is
asked with a default where one makes sense; without a terminal (or with
``--no-input``) a question that has no default is a ConfigError naming the
flag to give. A bad answer is asked again with the reason; a bad flag is a
ConfigError naming the flag.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Protocol, TypeVar
from zoneinfo import ZoneInfo

from intake.config import Security
from intake.deadline import deadline_text_at, time_left
from intake.errors import ConfigError
from intake.setup import answers
from intake.setup.answers import Answers, MailServer
from intake.setup.providers import CHOICES, KNOWN, OTHER, Provider

T = TypeVar("T")
NO_LOGIN = "none"


class Prompter(Protocol):
    """How questions reach a person (a terminal in the CLI, a script in tests)."""

    def ask(self, question: str, default: str | None) -> str:
        """Ask; an empty reply means ``default`` (None: an answer is needed)."""

    def confirm(self, question: str, default: bool) -> bool:
        """A yes/no question."""

    def say(self, text: str) -> None:
        """Tell the person something (a reason to answer again, a summary)."""


@dataclass
class Interview:
    """One run of the questions: flags first, then the prompter (None: no asking)."""

    given: Mapping[str, str | None]
    prompter: Prompter | None
    guessed_zone: str
    base: Path = field(default_factory=Path)
    now: datetime = field(default_factory=lambda: datetime.now(UTC))
    missing: list[str] = field(default_factory=list)

    def get(self, flag: str, question: str, read: Callable[[str], T], default: str | None) -> T:
        """The answer to one question, read and checked by ``read``."""
        value = self.given.get(flag)
        if value is not None:
            try:
                return read(value)
            except ValueError as exc:
                raise ConfigError(str(exc), key=f"--{flag}") from None
        if self.prompter is None:
            if default is None:  # carry on with a stand-in, to name every missing flag at once
                self.missing.append(f"--{flag}")
                return read(_STAND_INS[flag])
            return read(default)
        while True:
            try:
                return read(self.prompter.ask(question, default))
            except ValueError as exc:
                self.prompter.say(f"  {exc}")

    def say(self, text: str) -> None:
        if self.prompter is not None:
            self.prompter.say(text)


def _text(value: str) -> str:
    return value.strip()


def _needed(value: str) -> str:
    if not value.strip():
        raise ValueError("this one needs an answer")
    return value.strip()


def run(interview: Interview) -> Answers:
    """Ask every question; ConfigError listing the flags still missing when nobody can answer."""
    found = _ask_all(interview)
    if interview.missing:
        raise ConfigError(
            f"intake init needs {', '.join(interview.missing)} when it cannot ask "
            "(no terminal, or --no-input); run it on a terminal to be asked instead"
        )
    return found


# Stand-ins that let a run without a terminal go on, so that it names every missing flag.
_STAND_INS = {
    "name": "x",
    "coordinator": "x@x.example",
    "deadline": "2999-01-01",
    "provider": "gmail",
    "imap-host": "x.example",
    "smtp-host": "x.example",
}


def _ask_all(iv: Interview) -> Answers:
    name = iv.get("name", "The letter's name (as replies and the digest show it)", _needed, None)
    letter_url = iv.get(
        "letter-url", "Link to the letter, shown in replies (Enter: none)", _text, ""
    )
    coordinator_name = iv.get(
        "coordinator-name", "The coordinator's name (signs the replies)", _text, ""
    )
    coordinator = iv.get(
        "coordinator", "The coordinator's email address (gets the digest)", answers.email, None
    )
    imap, smtp, mailbox = _mailbox(iv, coordinator)
    zone = iv.get("timezone", "Time zone of the deadline", answers.zone, iv.guessed_zone)
    today = iv.now.astimezone(ZoneInfo(zone)).date().isoformat()  # in the campaign's zone
    opened = iv.get("opened", "Signing opened on (YYYY-MM-DD)", answers.day, today)
    deadline = _deadline(iv, zone, opened)
    return Answers(
        name=name,
        coordinator=coordinator,
        deadline=deadline,
        timezone=zone,
        opened=opened,
        imap=imap,
        smtp=smtp,
        coordinator_name=coordinator_name,
        reply_from=mailbox,
        letter_url=letter_url,
    )


def _deadline(iv: Interview, zone: str, opened: date) -> datetime:
    question = "Signing closes at (local YYYY-MM-DD HH:MM; a date alone means 23:59)"
    while True:
        deadline = iv.get(
            "deadline", question, lambda t: answers.after(opened, answers.local_time(t)), None
        )
        at = deadline.replace(tzinfo=ZoneInfo(zone))
        iv.say(f"Signing closes {deadline_text_at(at)} ({time_left(at, iv.now)}).")
        if at > iv.now or iv.prompter is None or iv.given.get("deadline"):
            return deadline
        keep = iv.prompter.confirm(
            "That deadline has passed: every signer would be told that signing has closed. "
            "Keep it?",
            False,
        )
        if keep:
            return deadline


def _provider(iv: Interview) -> str:
    question = f"Mail provider ({', '.join(CHOICES)})"
    default = OTHER if iv.given.get("imap-host") else None
    return iv.get("provider", question, _choice, default)


def _choice(text: str) -> str:
    value = text.strip().lower()
    if value not in CHOICES:
        raise ValueError(f"type one of: {', '.join(CHOICES)}")
    return value


def _mailbox(iv: Interview, coordinator: str) -> tuple[MailServer, MailServer, str]:
    """The IMAP and SMTP servers and the mailbox's address."""
    key = _provider(iv)
    mailbox = iv.get(
        "mailbox",
        "The mailbox intake reads (signers write to it; replies come from it)",
        answers.email,
        coordinator,
    )
    if key == OTHER:
        imap, smtp = _other_servers(iv, mailbox)
        return imap, smtp, mailbox
    return *_known_servers(iv, KNOWN[key], mailbox), mailbox


def _known_servers(
    iv: Interview, provider: Provider, mailbox: str
) -> tuple[MailServer, MailServer]:
    iv.say(f"{provider.label}: IMAP {provider.imap}, SMTP {provider.smtp}; {provider.note}.")
    if provider.sign_in == "oauth2":
        command = iv.get(
            "token-command",
            "Command that prints a fresh OAuth2 access token",
            _needed,
            f"oama access {mailbox}",
        )
        sign_in = {"token_command": command}
    else:
        variable = iv.get(
            "password-env",
            "Environment variable that will hold the app password (for IMAP and SMTP)",
            _variable,
            "INTAKE_IMAP_PASSWORD",
        )
        sign_in = {"password_env": variable}
    servers = (provider.imap, provider.smtp)
    imap, smtp = (MailServer(s.host, s.security, s.port, mailbox, **sign_in) for s in servers)
    return imap, smtp


def _variable(text: str) -> str:
    value = text.strip()
    if not value.replace("_", "A").isalnum() or value[:1].isdigit():
        raise ValueError(
            "type the NAME of an environment variable (letters, digits, _), not the password"
        )
    return value


def _other_servers(iv: Interview, mailbox: str) -> tuple[MailServer, MailServer]:
    imap = _server(iv, "imap", "", mailbox, "INTAKE_IMAP_PASSWORD")
    smtp = _server(iv, "smtp", imap.host, imap.user, "INTAKE_SMTP_PASSWORD", imap.ca_file)
    return imap, smtp


def _server(
    iv: Interview, protocol: str, host_default: str, user_default: str, variable: str, ca: str = ""
) -> MailServer:
    """Host, security, port, login and password variable of one server."""
    label = protocol.upper()
    host = iv.get(f"{protocol}-host", f"{label} server (host name)", _needed, host_default or None)
    chosen: Security = iv.get(
        f"{protocol}-security",
        f"{label} security: tls, starttls, or none (this machine only)",
        lambda t: answers.security(t, host),
        "tls",
    )
    usual = answers.default_port(protocol, chosen)
    number = iv.get(f"{protocol}-port", f"{label} port", answers.port, str(usual))
    login_hint = f" ('{NO_LOGIN}': the server needs no login)" if protocol == "smtp" else ""
    user = iv.get(f"{protocol}-user", f"{label} login name{login_hint}", _needed, user_default)
    ca_file = iv.get(
        f"{protocol}-ca-file",
        f"{label} CA certificate, for a self-signed server (Enter: the system's)",
        lambda t: answers.existing_file(t, iv.base),
        ca,
    )
    port = None if number == usual else number
    if protocol == "smtp" and user.lower() == NO_LOGIN:
        return MailServer(host, chosen, port, ca_file=ca_file)
    secret = iv.get(
        f"{protocol}-password-env",
        f"Environment variable that will hold the {label} password",
        _variable,
        variable,
    )
    return MailServer(host, chosen, port, user, password_env=secret, ca_file=ca_file)
