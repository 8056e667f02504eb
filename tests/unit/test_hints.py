"""intake check's likely causes, from the servers' own words."""

from __future__ import annotations

import pytest

from intake.config import ImapSettings, SmtpSettings
from intake.setup.hints import likely_cause

GMAIL = ImapSettings(host="imap.gmail.com", security="tls", user="u")
M365_SMTP = SmtpSettings(host="smtp.office365.com", port=587, security="starttls", user="u")


@pytest.mark.parametrize(
    ("detail", "expected"),
    [
        (
            "login refused: [ALERT] Application-specific password required: "
            "https://support.google.com/accounts/answer/185833 (Failure)",
            "app password",
        ),
        (
            "login refused: [ALERT] Please log in via your web browser: "
            "https://support.google.com/mail/accounts/answer/78754 (Failure)",
            "sign in once on the web",
        ),
        (
            "login refused: [ALERT] Your account is not enabled for IMAP use.",
            "IMAP is switched off",
        ),
        ("login refused: AUTHENTICATE failed.", "password sign-in is off"),
        ("login refused: [AUTHENTICATIONFAILED] Authentication failed.", "refused the user name"),
        (
            "no login possible: imap.oauth2_token_command: command exited with 1: expired",
            "token helper failed",
        ),
        ("connect failed: host name not found (Name or service not known)", "check the host name"),
    ],
)
def test_imap_failures_name_their_cause(detail: str, expected: str) -> None:
    assert expected in (likely_cause(detail, GMAIL, 993) or "")


def test_microsoft_smtp_auth_disabled() -> None:
    detail = (
        "login refused (535 5.7.139 Authentication unsuccessful, "
        "SmtpClientAuthentication is disabled for the Tenant.)"
    )
    assert "SMTP AUTH switched off" in (likely_cause(detail, M365_SMTP, 587) or "")


def test_tls_mode_and_port_mismatches() -> None:
    starttls_on_993 = ImapSettings(host="imap.example.org", port=993, security="starttls")
    assert 'use security = "tls"' in (
        likely_cause("connect failed: timed out", starttls_on_993, 993) or ""
    )
    tls_on_587 = SmtpSettings(host="smtp.example.org", port=587, security="tls")
    assert "starttls" in (likely_cause("timed out", tls_on_587, 587) or "")


def test_nothing_is_invented_for_an_unknown_failure() -> None:
    assert likely_cause("select INBOX failed: NO [SERVERBUG]", GMAIL, 993) is None
