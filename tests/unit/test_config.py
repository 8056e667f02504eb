"""Config: one line naming the key and the reason; secrets never in the file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from intake import config, credentials
from intake.errors import ConfigError, SecretError

GOOD = """
[campaign]
name = "Letter"
coordinator = "coordinator@campaign.example"
reply_from = "coordinator@campaign.example"
timezone = "America/New_York"
deadline = 2020-07-01T17:00:00
[imap]
host = "127.0.0.1"
security = "none"
user = "alice"
password_env = "TEST_IMAP_PW"
[smtp]
host = "127.0.0.1"
security = "none"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "intake.toml"
    path.write_text(text)
    return path


def test_good_config_loads_with_defaults(tmp_path: Path) -> None:
    settings = config.load(write(tmp_path, GOOD))
    assert settings.campaign.deadline_at.isoformat() == "2020-07-01T17:00:00-04:00"
    assert settings.imap.effective_port() == 143
    assert settings.database_url == f"sqlite:///{tmp_path.resolve() / 'intake.sqlite'}"
    assert settings.folders.watch == ["INBOX"]


@pytest.mark.parametrize(
    ("old", "new", "key", "reason"),
    [
        (
            'timezone = "America/New_York"',
            'timezone = "Mars/Olympus"',
            "campaign.timezone",
            "unknown IANA time zone",
        ),
        (
            'host = "127.0.0.1"\nsecurity = "none"\nuser',
            'host = "imap.example.org"\nsecurity = "none"\nuser',
            "imap",
            "only allowed for a loopback host",
        ),
        (
            'security = "none"\nuser',
            'security = "ssl"\nuser',
            "imap.security",
            "'tls', 'starttls' or 'none'",
        ),
        (
            'coordinator = "coordinator@campaign.example"',
            'coordinator = "nobody"',
            "campaign.coordinator",
            "not an email address",
        ),
        ("[smtp]", "[smtp]\nport = 70000", "smtp.port", "less than or equal to 65535"),
        ("[smtp]", "[smtp]\nhots = 'x'", "smtp.hots", "unknown setting"),
        (
            'password_env = "TEST_IMAP_PW"',
            'password = "hunter2"',
            "imap",
            "must not be written in the config file",
        ),
    ],
)
def test_bad_value_names_key_and_reason(
    tmp_path: Path, old: str, new: str, key: str, reason: str
) -> None:
    assert old in GOOD
    with pytest.raises(ConfigError) as caught:
        config.load(write(tmp_path, GOOD.replace(old, new, 1)))
    message = str(caught.value)
    assert message.startswith(key), message
    assert reason in message
    assert "hunter2" not in message


def test_missing_file_and_bad_toml(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        config.load(tmp_path / "nope.toml")
    with pytest.raises(ConfigError, match="not valid TOML"):
        config.load(write(tmp_path, "[campaign\nname="))


def test_cli_reports_bad_config_in_one_line_exit_2(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("America/New_York", "Nowhere/Else"))
    done = subprocess.run(
        [sys.executable, "-m", "intake", "-c", str(path), "check", "--offline"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert lines == ["intake: campaign.timezone: unknown IANA time zone 'Nowhere/Else'"]
    assert "Traceback" not in done.stderr


def test_password_from_env_and_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = config.load(write(tmp_path, GOOD))
    monkeypatch.setenv("TEST_IMAP_PW", "s3cret")
    secret = credentials.password(settings.imap, "imap")
    assert secret is not None and secret.reveal() == "s3cret"
    assert "s3cret" not in repr(secret) and "s3cret" not in str(secret)
    monkeypatch.delenv("TEST_IMAP_PW")
    with pytest.raises(ConfigError, match="TEST_IMAP_PW is not set"):
        credentials.password(settings.imap, "imap")
    assert credentials.run_command("printf 'tok\\nextra'", "x").reveal() == "tok"
    with pytest.raises(SecretError, match="exited with 3"):
        credentials.run_command("sh -c 'echo oops >&2; exit 3'", "imap.password_command")


def test_a_deadline_not_after_opening_is_refused(tmp_path: Path) -> None:
    text = GOOD.replace(
        "deadline = 2020-07-01T17:00:00", "opened = 2020-07-02\ndeadline = 2020-07-01T17:00:00"
    )
    with pytest.raises(ConfigError) as caught:
        config.load(write(tmp_path, text))
    assert str(caught.value).startswith("campaign.deadline: the deadline (2020-07-01 17:00)")
    assert "must be after campaign.opened (2020-07-02 00:00)" in str(caught.value)


@pytest.mark.parametrize("pasted", ["hunter2!secret", "correct horse battery", "pa$$w0rd"])
def test_a_password_pasted_into_password_env_is_refused_and_never_repeated(
    tmp_path: Path, pasted: str
) -> None:
    text = GOOD.replace('password_env = "TEST_IMAP_PW"', f'password_env = "{pasted}"')
    with pytest.raises(ConfigError) as caught:
        config.load(write(tmp_path, text))
    message = str(caught.value)
    assert message.startswith("imap.password_env: must be the NAME of an environment variable")
    assert pasted not in message


def test_a_password_that_could_be_a_name_is_not_shown_when_it_is_not_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = GOOD.replace('password_env = "TEST_IMAP_PW"', 'password_env = "Sunshine2024"')
    settings = config.load(write(tmp_path, text))
    monkeypatch.delenv("Sunshine2024", raising=False)
    with pytest.raises(ConfigError) as caught:
        credentials.password(settings.imap, "imap")
    assert "Sunshine2024" not in str(caught.value)
    assert "it looks like a password" in str(caught.value)


@pytest.mark.parametrize(
    ("old", "new", "key", "reason"),
    [
        (
            "[smtp]",
            '[digest]\ntime = "8am"\n[smtp]',
            "digest.time",
            'use 24-hour HH:MM, e.g. "08:00"',
        ),
        (
            'coordinator = "coordinator@campaign.example"',
            'coordinator = "coordinator at campaign"',
            "campaign.coordinator",
            "not an email address: write it as name@domain",
        ),
        ("[smtp]", '[folders]\nkeyword = "my keyword"\n[smtp]', "folders.keyword", "has no spaces"),
        (
            "deadline = 2020-07-01T17:00:00",
            'deadline = "1 July"',
            "campaign.deadline",
            "write a local date and time such as 2026-07-01T17:00:00",
        ),
        (
            "deadline = 2020",
            'letter_url = "javascript:alert(1)"\ndeadline = 2020',
            "campaign.letter_url",
            "a web address starting with https://",
        ),
    ],
)
def test_config_errors_read_as_sentences_not_patterns(
    tmp_path: Path, old: str, new: str, key: str, reason: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        config.load(write(tmp_path, GOOD.replace(old, new, 1)))
    message = str(caught.value)
    assert message.startswith(f"{key}: ") and reason in message
    assert "pattern" not in message and "^" not in message and "\\d" not in message
