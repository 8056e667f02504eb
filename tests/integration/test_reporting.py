"""What intake reports is true, and what it says to senders is right: a real poll on
Dovecot and aiosmtpd, then ``status``, ``digest --preview`` and ``check`` as a user runs them."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from support.campaign import (
    JUNE,
    LATE,
    PASSWORD_ENV,
    campaign_data,
    letter,
    signature,
    text_of,
    toml,
)
from support.servers import free_port

from intake import resources
from intake.run.poll import Poller
from intake.store import Store

pytestmark = pytest.mark.integration
NY = ZoneInfo("America/New_York")
SIGN = (
    "Please add my name to the letter.\n\n"
    "Name: Jane Smith\nTitle: Pastor\nOrganization: Hope Church\n"
)
JANE = "Jane Smith <jane@example.org>"


def intake(config: Path, user: Any, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "intake", "-c", str(config), *args],
        capture_output=True,
        text=True,
        env={**os.environ, PASSWORD_ENV: user.password, "COLUMNS": "200"},
        timeout=120,
        check=False,
    )


def configure(folder: Path, user: Any, smtp_port: int, **sections: Any) -> Path:
    sink = type("Sink", (), {"port": smtp_port})
    path = folder / "intake.toml"
    path.write_text(toml(campaign_data(user, sink, **sections)))
    return path


def test_mail_on_the_opening_day_east_of_the_server_is_read(
    imap_user: Any, smtp_sink: Any, make_settings: Any
) -> None:
    settings = make_settings(campaign={"timezone": "Asia/Tokyo", "opened": "2020-06-16"})
    store = Store.open(settings.database_url)
    early = datetime(2020, 6, 15, 21, 0, tzinfo=UTC)  # 06:00 on 16 June in Tokyo
    imap_user.append("INBOX", signature(1), early)
    imap_user.append("INBOX", signature(2), datetime(2020, 6, 15, 14, 0, tzinfo=UTC))  # before
    imap_user.append("INBOX", signature(3), JUNE)
    report = Poller(settings, store).run()
    assert sorted(s.name or "" for s in store.signers()) == ["Person Number1", "Person Number3"]
    assert report.skipped_old == 1
    store.close()


def test_mail_before_opening_is_logged_counted_in_status_and_in_the_digest(
    imap_user: Any, smtp_sink: Any, tmp_path: Path, caplog: Any
) -> None:
    config = configure(tmp_path, imap_user, smtp_sink.port)  # opened 2020-06-01 (New York)
    old = [datetime(2020, 3, 2, 9, 0, tzinfo=NY), datetime(2020, 5, 20, 9, 0, tzinfo=NY)]
    old.append(datetime(2020, 5, 31, 23, 30, tzinfo=NY))  # the evening before opening
    for n, when in enumerate(old):
        imap_user.append("INBOX", signature(n), when)
    imap_user.append("INBOX", signature(9), JUNE)
    polled = intake(config, imap_user, "poll")
    assert polled.returncode == 0, polled.stderr
    assert "3 received before the campaign opened" in polled.stderr + polled.stdout
    status = intake(config, imap_user, "status").stdout
    assert "3 messages received before the campaign opened" in status
    preview = intake(config, imap_user, "digest", "--preview").stdout
    assert "3 messages received before the campaign opened" in preview
    again = intake(config, imap_user, "poll")
    assert "3 messages received before the campaign opened" in intake(
        config, imap_user, "status").stdout  # fmt: skip
    assert again.returncode == 0


def test_a_poll_that_could_not_send_says_so_and_exits_with_its_own_code(
    imap_user: Any, tmp_path: Path
) -> None:
    config = configure(tmp_path, imap_user, free_port())  # nothing listens: SMTP is down
    imap_user.append("INBOX", signature(1), JUNE)
    imap_user.append("INBOX", letter(JANE, SIGN), JUNE)
    polled = intake(config, imap_user, "poll")
    assert polled.returncode == 3, polled.stdout + polled.stderr
    status = intake(config, imap_user, "status").stdout
    last = status.split("last poll:", 1)[1].split("\n", 1)[0]
    assert not last.endswith(", ok") and "could not be sent" in last
    assert "p1@example.org" in status and "jane@example.org" in status
    preview = intake(config, imap_user, "digest", "--preview").stdout
    assert "p1@example.org" in preview and "jane@example.org" in preview


def test_a_missing_templates_folder_fails_check_and_stops_the_poll(
    imap_user: Any, smtp_sink: Any, tmp_path: Path
) -> None:
    shutil.copytree(resources.templates_dir(), tmp_path / "campaign" / "templates")
    config = configure(
        tmp_path / "campaign", imap_user, smtp_sink.port, replies={"templates": "templates"}
    )
    assert intake(config, imap_user, "check").returncode == 0
    shutil.rmtree(tmp_path / "campaign" / "templates")
    imap_user.append("INBOX", signature(1), JUNE)
    checked = intake(config, imap_user, "check")
    assert checked.returncode != 0 and "replies.templates" in checked.stdout + checked.stderr
    polled = intake(config, imap_user, "poll")
    assert polled.returncode == 2 and "replies.templates" in polled.stderr
    assert smtp_sink.messages == []


def test_a_question_is_not_asked_for_a_name(
    imap_user: Any, smtp_sink: Any, settings: Any, store: Store
) -> None:
    body = "We would like to sign. Can our organization sign without a person?\n"
    imap_user.append("INBOX", letter("Board <board@masjid.example>", body, subject="Signing"), JUNE)
    Poller(settings, store).run()
    assert [e.template for e in store.reply_log()] == []
    assert [i.kind for i in store.review_items()] == ["question"]
    assert smtp_sink.messages == []


def test_a_late_message_from_someone_on_the_list_is_told_they_are_on_it(
    imap_user: Any, smtp_sink: Any, settings: Any, store: Store
) -> None:
    imap_user.append("INBOX", letter(JANE, SIGN, message_id="<on-time@example.org>"), JUNE)
    Poller(settings, store).run()
    again = letter(JANE, "Just making sure: please add my name.\n\nJane Smith\n",
                   message_id="<late@example.org>")  # fmt: skip
    imap_user.append("INBOX", again, LATE)
    Poller(settings, store).run()
    assert smtp_sink.wait_for(2)
    said = " ".join(text_of(smtp_sink.messages[1].data).split())
    assert "could not" not in said and "not be added" not in said
    assert "Jane Smith" in said and "on the letter" in said
    assert [s.name for s in store.signers()] == ["Jane Smith"]


def test_a_late_withdrawal_is_carried_out_and_said_truthfully(
    imap_user: Any, smtp_sink: Any, settings: Any, store: Store, caplog: Any
) -> None:
    imap_user.append("INBOX", letter(JANE, SIGN, message_id="<on-time@example.org>"), JUNE)
    Poller(settings, store).run()
    withdraw = letter(JANE, "Please withdraw my name from the letter.\n\nJane Smith\n",
                      subject="Withdraw", message_id="<late-withdraw@example.org>")  # fmt: skip
    imap_user.append("INBOX", withdraw, LATE)
    with caplog.at_level(logging.INFO):
        Poller(settings, store).run()
    assert smtp_sink.wait_for(2)
    said = " ".join(text_of(smtp_sink.messages[1].data).split())
    assert "nothing to remove" not in said and "could not find" not in said
    assert "Jane Smith" in said and "closed" in said
    assert store.signers() == []  # off the list, and the coordinator is told
    assert any("withdrawal after the deadline" in i.reason for i in store.review_items())
