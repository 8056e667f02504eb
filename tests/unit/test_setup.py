"""intake init asks, refuses what it cannot use, and writes a campaign that loads; check warns."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from support.campaign import JUNE

from intake import config, resources
from intake.errors import ConfigError
from intake.render import Templates
from intake.setup import interview, starter
from intake.setup.check import check_deadline, run_checks
from intake.setup.providers import KNOWN

TODAY = date(2026, 6, 1)
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
ROOT = Path(__file__).resolve().parents[2]


class Script:
    """A prompter that answers from a list and remembers what it was asked."""

    def __init__(self, replies: list[str]) -> None:
        self.replies: Iterator[str] = iter(replies)
        self.asked: list[str] = []
        self.said: list[str] = []

    def ask(self, question: str, default: str | None) -> str:
        self.asked.append(question)
        reply = next(self.replies)
        return reply if reply or default is None else default

    def confirm(self, question: str, default: bool) -> bool:
        self.asked.append(question)
        return next(self.replies).startswith("y")

    def say(self, text: str) -> None:
        self.said.append(text)


def answers_for(deadline: str) -> list[str]:
    """Replies for a Gmail campaign, up to and including the deadline."""
    return [
        "Letter for Narges",  # name
        "https://example.org/letter",  # letter url
        "Maya Lindqvist",  # coordinator's name
        "maya@example.org",  # coordinator's address
        "gmail",  # provider
        "",  # mailbox: the coordinator's
        "",  # password variable: the default
        "Europe/Berlin",  # time zone
        "2026-06-01",  # opened
        deadline,
    ]


def ask(replies: list[str], **given: str) -> tuple[interview.Answers, Script]:
    script = Script(replies)
    found = interview.run(interview.Interview(given, script, "UTC", now=NOW))
    return found, script


def test_init_asks_and_writes_a_campaign_of_the_answers(tmp_path: Path) -> None:
    found, script = ask(answers_for("2099-07-01 17:00"))
    written = starter.write(tmp_path, found)
    settings = config.load(written[0])
    campaign = settings.campaign
    assert campaign.name == "Letter for Narges" and campaign.coordinator == "maya@example.org"
    assert campaign.deadline_at.isoformat() == "2099-07-01T17:00:00+02:00"
    assert campaign.letter_url == "https://example.org/letter"
    assert (settings.imap.host, settings.imap.effective_port()) == ("imap.gmail.com", 993)
    assert (settings.smtp.host, settings.smtp.effective_port()) == ("smtp.gmail.com", 465)
    assert settings.imap.password_env == "INTAKE_IMAP_PASSWORD"
    text = written[0].read_text()
    assert "Iran" not in text and "2020" not in text and "irf-roundtable" not in text
    assert "# The letter's name" in text  # the example's comments stay beside the keys
    assert any("Signing closes" in line for line in script.said)


def test_a_past_deadline_is_not_written_without_saying_so() -> None:
    replies = answers_for("2020-07-01 17:00")
    replies.remove("2026-06-01")  # the opening day comes from its flag
    found, script = ask([*replies, "n", "2099-01-01"], opened="2020-06-01")
    assert any("has passed" in question for question in script.asked)
    assert found.deadline == datetime(2099, 1, 1, 23, 59)


def test_a_deadline_before_opening_is_asked_again() -> None:
    found, script = ask([*answers_for("2026-05-01 17:00"), "2026-07-01 17:00"])
    assert any("must be after the day signing opened" in line for line in script.said)
    assert found.deadline == datetime(2026, 7, 1, 17, 0)


def test_a_bad_answer_is_asked_again_with_the_reason() -> None:
    replies = answers_for("2099-07-01")
    replies[7:8] = ["Berlin", "Europe/Berlin"]
    replies[3:4] = ["maya", "maya@example.org"]
    found, script = ask(replies)
    assert found.coordinator == "maya@example.org" and found.timezone == "Europe/Berlin"
    assert any("not an email address" in line for line in script.said)
    assert any("unknown IANA time zone 'Berlin'" in line for line in script.said)


def test_without_a_terminal_every_missing_flag_is_named() -> None:
    with pytest.raises(ConfigError) as caught:
        interview.run(interview.Interview({"name": "Letter"}, None, "UTC", now=NOW))
    message = str(caught.value)
    assert "--coordinator, --provider, --deadline" in message and "--name" not in message


def test_flags_answer_without_asking(tmp_path: Path) -> None:
    given = {
        "name": "Letter",
        "coordinator": "c@example.org",
        "provider": "other",
        "imap-host": "mail.example.org",
        "imap-security": "starttls",
        "smtp-user": "none",
        "deadline": "2099-07-01 17:00",
    }
    found = interview.run(interview.Interview(given, None, "America/Chicago", now=NOW))
    settings = config.load(starter.write(tmp_path, found)[0])
    assert settings.imap.effective_port() == 143 and settings.imap.user == "c@example.org"
    assert (settings.smtp.host, settings.smtp.user, settings.smtp.auth_method) == (
        "mail.example.org",
        "",
        "none",
    )
    assert settings.campaign.timezone == "America/Chicago"
    assert settings.campaign.opened == TODAY


def test_a_bad_flag_names_the_flag() -> None:
    given = {"name": "L", "coordinator": "c@example.org", "provider": "gmail", "deadline": "soon"}
    with pytest.raises(ConfigError, match=r"^--deadline: type a date and time"):
        interview.run(interview.Interview(given, None, "UTC", now=NOW))


def test_the_offered_providers_are_the_ones_docs_describe() -> None:
    docs = (ROOT / "docs" / "providers.md").read_text()
    for provider in KNOWN.values():
        for server in (provider.imap, provider.smtp):
            assert re.search(rf"`{re.escape(server.host)}`, port {server.port}", docs), server


def test_check_warns_about_a_deadline_in_the_past(tmp_path: Path) -> None:
    found, _ = ask(answers_for("2099-07-01 17:00"))
    settings = config.load(starter.write(tmp_path, found)[0])
    ahead = check_deadline(settings, datetime(2026, 6, 2, tzinfo=UTC))
    assert ahead.ok and not ahead.warning and "left" in ahead.detail
    after = check_deadline(settings, datetime(2099, 7, 2, tzinfo=UTC))
    assert after.ok and after.warning
    assert "told that signing has closed" in after.detail


def test_check_refuses_a_missing_templates_folder(tmp_path: Path) -> None:
    found, _ = ask(answers_for("2099-07-01 17:00"))
    settings = config.load(starter.write(tmp_path, found)[0])
    for template in (tmp_path / "templates").iterdir():
        template.unlink()
    (tmp_path / "templates").rmdir()
    results = list(run_checks(settings, servers=False, now=JUNE))
    failed = [r for r in results if not r.ok]
    assert [r.name for r in failed] == ["templates"]
    assert "replies.templates: the templates folder" in failed[0].detail
    with pytest.raises(ConfigError, match="does not exist"):
        Templates(settings.templates_dir)  # a poll would stop too, not send the built-in text


def test_the_starter_config_is_the_documented_example(tmp_path: Path) -> None:
    """Every key of the example is in the starter, so the example stays the one reference."""
    found, _ = ask(answers_for("2099-07-01 17:00"))
    written = starter.config_text(found)
    example = resources.example_config().read_text()
    keys = re.findall(r"^(\w+) = ", example, re.MULTILINE)
    assert all(re.search(rf"^{key} = ", written, re.MULTILINE) for key in keys)
    assert timedelta(0) < found.deadline_at() - datetime(2026, 6, 1, tzinfo=UTC)
