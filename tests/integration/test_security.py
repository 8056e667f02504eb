"""Security on real servers: TLS verified by default, secrets never shown, forgeries flagged."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from support.campaign import JUNE, PASSWORD_ENV, campaign_data, settings_for, signature, toml
from support.servers import SmtpSink

from intake.errors import MailboxError, SendError
from intake.mailbox import Mailbox
from intake.outbox.smtp import SmtpConnection
from intake.run.poll import Poller
from intake.store import Store

pytestmark = pytest.mark.integration
PACKAGE = Path(__file__).resolve().parents[2] / "intake"


@pytest.mark.parametrize("security", ["tls", "starttls"])
def test_self_signed_imap_is_refused_unless_its_ca_is_configured(
    imap_user: Any, smtp_sink: Any, tmp_path: Path, monkeypatch: Any, security: str
) -> None:
    monkeypatch.setenv(PASSWORD_ENV, imap_user.password)
    port = imap_user.imaps_port if security == "tls" else imap_user.port
    plain = settings_for(
        imap_user,
        smtp_sink,
        tmp_path,
        imap={"security": security, "port": port, "host": "localhost"},
    )
    with pytest.raises(MailboxError, match="TLS certificate not trusted"), Mailbox(plain.imap):
        pass
    trusted = settings_for(
        imap_user,
        smtp_sink,
        tmp_path,
        imap={
            "security": security,
            "port": port,
            "host": "localhost",
            "ca_file": str(imap_user.cafile),
        },
    )
    with Mailbox(trusted.imap) as box:
        assert box.select("INBOX").uidvalidity > 0


@pytest.mark.parametrize(
    ("security", "kind"), [("tls", {"implicit_tls": True}), ("starttls", {"tls": True})]
)
def test_self_signed_smtp_is_refused_unless_its_ca_is_configured(
    imap_user: Any, tmp_path: Path, security: str, kind: dict[str, bool]
) -> None:
    with SmtpSink(**kind) as sink:
        base = {"security": security, "host": "localhost"}
        plain = settings_for(imap_user, sink, tmp_path, smtp=base)
        with (
            pytest.raises(SendError, match="TLS certificate not trusted"),
            SmtpConnection(plain.smtp),
        ):
            pass
        trusted = settings_for(
            imap_user, sink, tmp_path, smtp={**base, "ca_file": str(sink.cafile)}
        )
        with SmtpConnection(trusted.smtp) as smtp:
            assert (
                smtp.send("a@campaign.example", "b@example.org", b"Subject: t\r\n\r\nhi\r\n")
                is None
            )
        assert len(sink.messages) == 1


def test_secrets_never_appear_in_output_or_the_database(
    dovecot: Any, smtp_sink: Any, tmp_path: Path
) -> None:
    password = "pw-" + os.urandom(8).hex()
    wrong = "nope-" + os.urandom(8).hex()
    imap_user = dovecot.add_user(password=password)
    token = "tok-" + os.urandom(8).hex()
    config = tmp_path / "intake.toml"
    smtp_data = {"user": "mailer", "password_command": f"printf {token}"}
    config.write_text(toml(campaign_data(imap_user, smtp_sink, smtp=smtp_data)))
    imap_user.append("INBOX", signature(1), JUNE)
    runs = []
    for env_password, args in [
        (password, ["--debug", "poll"]),
        (password, ["status"]),
        (password, ["check"]),
        (wrong, ["--debug", "poll"]),
        (wrong, ["check"]),
    ]:
        env = {**os.environ, PASSWORD_ENV: env_password}
        done = subprocess.run(
            [sys.executable, "-m", "intake", "-c", str(config), *args],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        runs.append(done.stdout + done.stderr)
    everything = "\n".join(runs)
    assert "poll:" in everything and "login refused" in everything  # the runs did run
    for secret in (password, wrong, token):
        assert secret not in everything
    database = (tmp_path / "intake.sqlite").read_bytes()
    assert password.encode() not in database and token.encode() not in database


def test_forged_sender_is_recorded_but_held_for_review(
    imap_user: Any, smtp_sink: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.setenv(PASSWORD_ENV, imap_user.password)
    settings = settings_for(
        imap_user, smtp_sink, tmp_path, security={"authserv_id": "mx1.irf-roundtable.example"}
    )
    ar = "Authentication-Results: mx1.irf-roundtable.example;"
    ours = f"{ar} dkim=fail header.d=example.org; dmarc=fail header.from=example.org\r\n"
    theirs = f"{ar} dkim=pass; dmarc=pass\r\n"  # lower down: written by the sender
    imap_user.append("INBOX", signature(1, extra_headers=ours + theirs), JUNE)
    imap_user.append("INBOX", signature(2, extra_headers=theirs), JUNE)
    store = Store.open(settings.database_url)
    Poller(settings, store).run()
    reasons = [item.reason for item in store.review_items()]
    assert len([r for r in reasons if "held: possibly forged: DMARC failed" in r]) == 1
    assert [s.name for s in store.signers()] == ["Person Number2"]  # the forged one waits
    store.close()


def test_sql_is_only_built_with_bound_parameters() -> None:
    raw_sql = re.compile(
        r"\btext\(|from sqlalchemy import[^#]*\btext\b|exec_driver_sql"
        r"|execute\(\s*f[\"']|\.execute\(\s*[\"'](SELECT|INSERT|UPDATE|DELETE)",
        re.I,
    )
    # A constant statement with nothing put into it ("SAVEPOINT intake_message") is
    # no built SQL: a literal with no braces or percent signs, closed on the same line.
    constant = re.compile(r"exec_driver_sql\(\s*\"[A-Z_ a-z]+\"\s*\)")
    offenders = [
        f"{path.relative_to(PACKAGE)}:{n}"
        for path in PACKAGE.rglob("*.py")
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if raw_sql.search(constant.sub("", line))
    ]
    assert offenders == []
    for built in ('exec_driver_sql(f"SAVEPOINT {name}")', "exec_driver_sql(statement)"):
        assert raw_sql.search(constant.sub("", built))
