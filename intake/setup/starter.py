"""``intake init``: the commented example config filled in with the answers, and the templates.

The example config (``config/intake.example.toml``) stays the one documented
list of settings: the answers are written into a copy of it with tomlkit, so
every comment stays beside its key. The result is validated before a file is
written, so a starter config always loads.
"""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.items import Table

from intake import resources
from intake.config import Settings, parse_settings
from intake.errors import ConfigError
from intake.setup.answers import Answers, MailServer

CONFIG_NAME = "intake.toml"


def config_text(answers: Answers) -> str:
    """The example config with the campaign's answers in place of the example's values."""
    doc = tomlkit.parse(resources.example_config().read_text(encoding="utf-8"))
    campaign = _table(doc, "campaign")
    campaign["name"] = answers.name
    campaign["coordinator"] = answers.coordinator
    campaign["coordinator_name"] = answers.coordinator_name
    campaign["reply_from"] = answers.reply_from or answers.coordinator
    campaign["reply_from_name"] = (
        answers.reply_from_name or answers.coordinator_name or answers.name
    )
    campaign["timezone"] = answers.timezone
    campaign["opened"] = answers.opened
    campaign["deadline"] = answers.deadline.replace(tzinfo=None, second=0, microsecond=0)
    campaign["letter_url"] = answers.letter_url
    _server(_table(doc, "imap"), answers.imap)
    _server(_table(doc, "smtp"), answers.smtp)
    if not answers.templates:
        del _table(doc, "replies")["templates"]
    return tomlkit.dumps(doc)


def _table(doc: tomlkit.TOMLDocument, name: str) -> Table:
    table = doc[name]
    assert isinstance(table, Table)
    return table


def _server(table: Table, server: MailServer) -> None:
    values: dict[str, Any] = {
        "host": server.host,
        "security": server.security,
        "user": server.user,
        "password_env": server.password_env,
        "password_command": "",
        "oauth2_token_command": server.token_command,
    }
    if server.port is not None:
        values["port"] = server.port
    if server.ca_file:
        values["ca_file"] = server.ca_file
    for key, value in values.items():
        table[key] = value


def settings_of(text: str, folder: Path) -> Settings:
    """The settings a config text gives in ``folder`` (ConfigError naming the key if wrong)."""
    return parse_settings(tomllib.loads(text), folder.resolve())


def write(folder: Path, answers: Answers, force: bool = False) -> list[Path]:
    """Write ``intake.toml`` (and, if asked, ``templates/``) into ``folder``; return the files."""
    text = config_text(answers)
    settings_of(text, folder)
    targets: dict[Path, Path | str] = {folder / CONFIG_NAME: text}
    if answers.templates:
        for template in sorted(resources.templates_dir().glob("*.j2")):
            targets[folder / "templates" / template.name] = template
    existing = [t for t in targets if t.exists()]
    if existing and not force:
        raise ConfigError(f"{existing[0]} already exists (use --force to overwrite)")
    folder.mkdir(parents=True, exist_ok=True)
    if answers.templates:
        (folder / "templates").mkdir(exist_ok=True)
    for target, source in targets.items():
        if isinstance(source, Path):
            shutil.copyfile(source, target)
        else:
            target.write_text(source, encoding="utf-8")
    return list(targets)
