"""XOAUTH2 against real servers: Dovecot's oauth2 passdb for IMAP, aiosmtpd for SMTP.

The token comes from ``oauth2_token_command`` (here ``cat FILE``, standing in for a
helper such as oama), and the provider is a token-introspection endpoint on loopback
whose set of valid tokens each test changes (``tests/oauth.py``).
"""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from imapclient.exceptions import LoginError
from support.campaign import COORDINATOR, JUNE, alerts_at, settings_for, signature
from support.oauth import (
    GMAIL_535,
    MICROSOFT_535,
    OAuthAccount,
    Style,
    TokenAuthority,
    TokenFile,
    XOAuth2Sink,
    leaked,
    oauth2_dovecot,
)
from support.servers import Dovecot

from intake.config import Settings
from intake.errors import MailboxAuthError, SendAuthError
from intake.mailbox import Mailbox
from intake.outbox.smtp import SmtpConnection
from intake.run.poll import Poller
from intake.setup.check import check_imap, check_smtp
from intake.store import Store

pytestmark = pytest.mark.integration
IMAP_ALERT = "intake cannot log in to the mailbox (IMAP)"
IMAP_RECOVERED = "intake can log in to the mailbox (IMAP) again"
_serial = itertools.count(1)


@pytest.fixture(scope="module")
def authority() -> Iterator[TokenAuthority]:
    with TokenAuthority() as provider:
        yield provider


@pytest.fixture(scope="module")
def oauth_dovecot(
    require_dovecot: None, authority: TokenAuthority, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Dovecot]:
    with oauth2_dovecot(authority, tmp_path_factory.mktemp("oauth2")) as server:
        yield server


@pytest.fixture
def account(oauth_dovecot: Dovecot, authority: TokenAuthority) -> OAuthAccount:
    """A mailbox of its own for this test, opened only by a token."""
    return OAuthAccount(oauth_dovecot, authority, f"coordinator{next(_serial)}")


@pytest.fixture
def imap_token(tmp_path: Path) -> TokenFile:
    return TokenFile(tmp_path / "imap-token")


@pytest.fixture
def smtp_token(tmp_path: Path) -> TokenFile:
    return TokenFile(tmp_path / "smtp-token")


@pytest.fixture
def xoauth2_sink(authority: TokenAuthority) -> Iterator[XOAuth2Sink]:
    with XOAuth2Sink(authority) as sink:
        yield sink


def oauth_settings(
    account: OAuthAccount,
    sink: Any,
    folder: Path,
    imap_token: TokenFile,
    smtp: tuple[str, TokenFile] | None = None,
) -> Settings:
    """IMAP over implicit TLS with XOAUTH2; SMTP over STARTTLS with XOAUTH2 as ``smtp``."""
    imap = {
        "port": account.imaps_port,
        "security": "tls",
        "ca_file": str(account.cafile),
        "password_env": "",
        "oauth2_token_command": imap_token.command,
    }
    sections: dict[str, dict[str, Any]] = {"imap": imap}
    if smtp is not None:
        user, token = smtp
        sections["smtp"] = {
            "security": "starttls",
            "ca_file": str(sink.cafile),
            "user": user,
            "oauth2_token_command": token.command,
        }
    return settings_for(account, sink, folder, **sections)


def test_imap_xoauth2_login_and_a_full_cycle(
    account: OAuthAccount,
    authority: TokenAuthority,
    oauth_dovecot: Dovecot,
    imap_token: TokenFile,
    smtp_sink: Any,
    tmp_path: Path,
) -> None:
    token = authority.issue(account.name)
    imap_token.write(token)
    for n in (1, 2):
        account.append("INBOX", signature(n), JUNE)
    settings = oauth_settings(account, smtp_sink, tmp_path, imap_token)
    asked = len(authority.introspected)
    with Mailbox(settings.imap) as box:
        assert box.select("INBOX").exists == 2
    assert authority.introspected[asked:] == [token]  # Dovecot's oauth2 passdb said yes
    tls_login = rf"Login: user=<{account.name}>, method=XOAUTH2, .*, TLS, "
    assert re.search(tls_login, oauth_dovecot.log())  # intake's login, over implicit TLS

    store = Store.open(settings.database_url)
    report = Poller(settings, store).run()
    assert (report.recorded, report.replies_sent, report.errors) == (2, 2, 0)
    assert sorted(m.rcpt_tos for m in smtp_sink.messages) == [
        ("p1@example.org",),
        ("p2@example.org",),
    ]
    assert all(b"$IntakeProcessed" in flags for flags in account.flags().values())
    store.close()


def test_smtp_xoauth2_over_starttls_sends_the_confirmation(
    account: OAuthAccount,
    authority: TokenAuthority,
    imap_token: TokenFile,
    xoauth2_sink: XOAuth2Sink,
    tmp_path: Path,
) -> None:
    token = authority.issue(account.name)
    imap_token.write(token)  # one token for IMAP and SMTP, as with Gmail
    account.append("INBOX", signature(7), JUNE)
    settings = oauth_settings(
        account, xoauth2_sink, tmp_path, imap_token, smtp=(account.name, imap_token)
    )
    assert check_imap(settings).ok and check_smtp(settings).ok  # what `intake check` runs

    store = Store.open(settings.database_url)
    report = Poller(settings, store).run()
    assert (report.recorded, report.replies_sent) == (1, 1)
    [sent] = xoauth2_sink.messages
    assert sent.rcpt_tos == ("p7@example.org",) and sent.login == account.name
    assert b"In-Reply-To: <sig7@example.org>" in sent.data
    assert {(a.user, a.token, a.ok) for a in xoauth2_sink.attempts} == {(account.name, token, True)}
    store.close()


@pytest.mark.parametrize(
    ("style", "final_reply"),
    [
        ("gmail", GMAIL_535),
        ("microsoft", MICROSOFT_535),
    ],
)
def test_a_refused_smtp_token_is_reported_with_the_servers_final_reply(
    authority: TokenAuthority,
    account: OAuthAccount,
    smtp_token: TokenFile,
    tmp_path: Path,
    style: Style,
    final_reply: str,
) -> None:
    revoked = authority.issue("mailer")
    authority.revoke(revoked)
    smtp_token.write(revoked)
    with XOAuth2Sink(authority, style=style) as sink:
        settings = oauth_settings(account, sink, tmp_path, smtp_token, smtp=("mailer", smtp_token))
        with pytest.raises(SendAuthError, match=r"login refused") as refused:
            SmtpConnection(settings.smtp).open()
        assert [(a.token, a.ok) for a in sink.attempts] == [(revoked, False)]
        if style == "gmail":  # the client must end the exchange with an empty response
            assert sink.attempts[0].after_error == b""
        message = str(refused.value)  # the server's final word, not the challenge before it
        # no 334 reply code (the server's port, in the message too, may hold those digits)
        assert final_reply[:3] in message and re.search(r"\b334\b", message) is None
        assert not check_smtp(settings).ok


def test_a_token_that_expires_mid_campaign_is_fetched_again(
    account: OAuthAccount,
    authority: TokenAuthority,
    imap_token: TokenFile,
    xoauth2_sink: XOAuth2Sink,
    tmp_path: Path,
) -> None:
    first = authority.issue(account.name)
    imap_token.write(first)
    settings = oauth_settings(
        account, xoauth2_sink, tmp_path, imap_token, smtp=(account.name, imap_token)
    )
    store = Store.open(settings.database_url)
    account.append("INBOX", signature(1), JUNE)
    assert Poller(settings, store).run().replies_sent == 1

    # Between cycles: the provider expires the token, the helper has a new one.
    authority.revoke(first)
    second = authority.issue(account.name)
    imap_token.write(second)
    with pytest.raises(LoginError):
        account.client(first).logout()  # the old token really is dead now
    account.append("INBOX", signature(2), JUNE)
    asked = len(authority.introspected)
    report = Poller(settings, store).run()
    assert (report.recorded, report.replies_sent) == (1, 1)
    assert authority.introspected[asked:] == [second]

    # Within a cycle: the token expires after the IMAP login, before the replies go.
    third = authority.issue(account.name)

    def expiring_mailbox() -> Mailbox:
        class Expiring(Mailbox):
            def connect(self) -> None:
                super().connect()
                authority.revoke(second)
                imap_token.write(third)

        return Expiring(settings.imap)

    account.append("INBOX", signature(3), JUNE)
    report = Poller(settings, store, mailbox=expiring_mailbox).run()
    assert (report.recorded, report.replies_sent, report.send_errors) == (1, 1, [])
    assert [(a.token, a.ok) for a in xoauth2_sink.attempts] == [
        (first, True),
        (second, True),
        (third, True),
    ]
    assert [m.rcpt_tos for m in xoauth2_sink.messages] == [
        ("p1@example.org",),
        ("p2@example.org",),
        ("p3@example.org",),
    ]
    assert alerts_at(xoauth2_sink) == [] and store.get_state("alert.imap_auth") is None
    store.close()


def test_a_refused_token_alerts_the_coordinator_once_then_once_on_recovery(
    account: OAuthAccount,
    authority: TokenAuthority,
    imap_token: TokenFile,
    smtp_token: TokenFile,
    xoauth2_sink: XOAuth2Sink,
    tmp_path: Path,
) -> None:
    revoked = authority.issue(account.name)
    authority.revoke(revoked)
    imap_token.write(revoked)
    smtp_token.write(authority.issue("relay"))  # a sending account that still works
    settings = oauth_settings(
        account, xoauth2_sink, tmp_path, imap_token, smtp=("relay", smtp_token)
    )
    store = Store.open(settings.database_url)
    account.append("INBOX", signature(1), JUNE)
    asked = len(authority.introspected)
    for _ in range(3):
        with pytest.raises(MailboxAuthError, match=r"login refused: \[AUTHENTICATIONFAILED\]"):
            Poller(settings, store).run()
    assert authority.introspected[asked:] == [revoked] * 3  # one try per cycle, no retries
    assert alerts_at(xoauth2_sink) == [IMAP_ALERT]
    assert not store.last_poll().ok

    imap_token.write(authority.issue(account.name))
    report = Poller(settings, store).run()
    assert (report.recorded, report.replies_sent) == (1, 1)
    Poller(settings, store).run()
    assert alerts_at(xoauth2_sink) == [IMAP_ALERT, IMAP_RECOVERED]
    to_coordinator = [m for m in xoauth2_sink.messages if m.rcpt_tos == (COORDINATOR,)]
    assert len(to_coordinator) == 2
    assert all(m.login == "relay" for m in xoauth2_sink.messages)
    store.close()


def test_the_token_never_reaches_the_logs_or_the_database(
    account: OAuthAccount,
    authority: TokenAuthority,
    imap_token: TokenFile,
    smtp_token: TokenFile,
    xoauth2_sink: XOAuth2Sink,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    for name in ("", "intake", "imapclient", "tenacity"):
        caplog.set_level(logging.DEBUG, logger=name or None)
    imap_good, smtp_good = authority.issue(account.name), authority.issue("relay")
    imap_bad, smtp_bad = authority.issue(account.name), authority.issue("relay")
    authority.revoke(imap_bad)
    authority.revoke(smtp_bad)
    settings = oauth_settings(
        account, xoauth2_sink, tmp_path, imap_token, smtp=("relay", smtp_token)
    )
    store = Store.open(settings.database_url)
    account.append("INBOX", signature(1), JUNE)

    imap_token.write(imap_bad)  # IMAP refused: an incident, an alert
    smtp_token.write(smtp_good)
    with pytest.raises(MailboxAuthError):
        Poller(settings, store).run()
    imap_token.write(imap_good)  # SMTP refused: the reply waits, an SMTP incident
    smtp_token.write(smtp_bad)
    assert Poller(settings, store).run().smtp_auth_failed
    smtp_token.write(smtp_good)  # both work: everything goes out
    account.append("INBOX", signature(2), JUNE)
    assert Poller(settings, store).run().replies_sent >= 2
    store.close()

    tokens = [
        (account.name, imap_good),
        (account.name, imap_bad),
        ("relay", smtp_good),
        ("relay", smtp_bad),
    ]
    # mail.log is aiosmtpd, the test's own server, which logs every command line it reads.
    records = [r for r in caplog.records if not r.name.startswith("mail.log")]
    text = "\n".join(f"{r.name} {r.getMessage()} {r.exc_text or ''}" for r in records)
    assert "login to imap refused" in text and "AUTHENTICATE" in text  # DEBUG was captured
    assert leaked(text.encode(), tokens) == []
    database = Path(settings.database_url.removeprefix("sqlite:///"))
    files = [p for p in database.parent.iterdir() if p.name.startswith(database.name)]
    stored = b"".join(p.read_bytes() for p in files)
    assert b"AUTHENTICATIONFAILED" in stored and b"login refused" in stored
    assert leaked(stored, tokens) == []


FAILING_HELPER = "sh -c 'echo oama: refresh token expired, run oama authorize >&2; exit 1'"


def test_a_token_helper_that_fails_alerts_like_a_refused_login(
    account: OAuthAccount,
    authority: TokenAuthority,
    imap_token: TokenFile,
    smtp_token: TokenFile,
    xoauth2_sink: XOAuth2Sink,
    tmp_path: Path,
) -> None:
    """The usual OAuth2 failure: the refresh token behind the helper expired."""
    smtp_token.write(authority.issue("relay"))
    settings = oauth_settings(
        account, xoauth2_sink, tmp_path, imap_token, smtp=("relay", smtp_token)
    )
    broken = settings.model_copy(
        update={"imap": settings.imap.model_copy(update={"oauth2_token_command": FAILING_HELPER})}
    )
    store = Store.open(settings.database_url)
    for _ in range(2):
        with pytest.raises(MailboxAuthError, match="refresh token expired"):
            Poller(broken, store).run()
    assert alerts_at(xoauth2_sink) == [IMAP_ALERT]
    imap_token.write(authority.issue(account.name))
    Poller(settings, store).run()
    assert alerts_at(xoauth2_sink) == [IMAP_ALERT, IMAP_RECOVERED]
    store.close()


def test_an_smtp_token_helper_that_fails_leaves_the_replies_queued(
    account: OAuthAccount,
    authority: TokenAuthority,
    imap_token: TokenFile,
    smtp_token: TokenFile,
    xoauth2_sink: XOAuth2Sink,
    tmp_path: Path,
) -> None:
    imap_token.write(authority.issue(account.name))
    smtp_token.write(authority.issue("relay"))
    settings = oauth_settings(
        account, xoauth2_sink, tmp_path, imap_token, smtp=("relay", smtp_token)
    )
    broken = settings.model_copy(
        update={"smtp": settings.smtp.model_copy(update={"oauth2_token_command": FAILING_HELPER})}
    )
    store = Store.open(settings.database_url)
    account.append("INBOX", signature(1), JUNE)
    report = Poller(broken, store).run()  # the cycle goes on: recorded, marked, reply queued
    assert report.recorded == 1 and report.smtp_auth_failed
    assert "refresh token expired" in report.send_errors[0]
    assert all(b"$IntakeProcessed" in flags for flags in account.flags().values())
    report = Poller(settings, store).run()  # the helper works again: the reply goes at once
    assert report.replies_sent == 1
    assert alerts_at(xoauth2_sink) == [
        "intake can log in to the mail server that sends replies (SMTP) again"
    ]
    store.close()
