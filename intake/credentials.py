"""Secrets from the environment or a command, never from the config file.

A :class:`Secret` never shows its value in ``repr``/``str``, so it cannot end
up in a log line or a traceback by accident.
"""

from __future__ import annotations

import os
import shlex
import subprocess
from dataclasses import dataclass, field
from typing import Protocol

from intake.config import ServerSettings, variable_name_shown
from intake.errors import ConfigError, SecretError

_COMMAND_TIMEOUT = 30


@dataclass(frozen=True)
class Secret:
    """A password or token; ``reveal()`` is the only way to read it."""

    _value: str = field(repr=False)

    def reveal(self) -> str:
        return self._value

    def __str__(self) -> str:
        return "********"

    def __repr__(self) -> str:
        return "Secret('********')"


def run_command(command: str, what: str) -> Secret:
    """Run a password or token command (no shell) and take its first output line."""
    try:
        argv = shlex.split(command)
    except ValueError as exc:
        raise ConfigError(f"cannot split the command: {exc}", key=what) from None
    try:
        done = subprocess.run(
            argv, capture_output=True, text=True, timeout=_COMMAND_TIMEOUT, check=False
        )
    except FileNotFoundError:
        raise SecretError(f"{what}: command not found: {argv[0]}") from None
    except subprocess.TimeoutExpired:
        raise SecretError(f"{what}: command took longer than {_COMMAND_TIMEOUT} s") from None
    if done.returncode != 0:
        detail = (done.stderr.strip().splitlines() or [""])[0][:200]
        raise SecretError(f"{what}: command exited with {done.returncode}: {detail}")
    lines = done.stdout.strip().splitlines()
    if not lines or not lines[0].strip():
        raise SecretError(f"{what}: command printed nothing")
    return Secret(lines[0].strip())


class PasswordSource(Protocol):
    """A settings section that names where its password comes from (imap, smtp, desk)."""

    @property
    def password_env(self) -> str: ...

    @property
    def password_command(self) -> str: ...


def password(server: PasswordSource, section: str) -> Secret | None:
    """The password for ``server`` (``section``: "imap", "smtp", "desk"), or None if it has none."""
    if server.password_command:
        return run_command(server.password_command, f"{section}.password_command")
    if server.password_env:
        value = os.environ.get(server.password_env)
        if not value:
            raise ConfigError(
                f"environment variable {variable_name_shown(server.password_env)} is not set",
                key=f"{section}.password_env",
            )
        return Secret(value)
    return None


def oauth2_token(server: ServerSettings, section: str) -> Secret:
    """A fresh OAuth2 access token from ``oauth2_token_command``."""
    return run_command(server.oauth2_token_command, f"{section}.oauth2_token_command")
