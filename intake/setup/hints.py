"""Likely causes of the common login and connection failures, for ``intake check``.

Pure: a failure's text (which carries the server's own words) and the
settings in, one sentence of advice out, or None when nothing fits.
"""

from __future__ import annotations

import re

from intake.config import ServerSettings

PROVIDERS = "see docs/providers.md"
# (pattern in the failure text, advice); first match wins.
_CAUSES: tuple[tuple[str, str], ...] = (
    (
        r"Application-specific password required|5\.7\.9",
        "Gmail wants an app password (made after turning on 2-Step Verification) "
        f"or OAuth2, not the account password; {PROVIDERS}",
    ),
    (
        r"log in via your web browser",
        "Google blocked this sign-in: sign in once on the web from this network, "
        f"or use an app password or OAuth2; {PROVIDERS}",
    ),
    (
        r"not enabled for IMAP|IMAP access is disabled",
        "IMAP is switched off for this account or domain: turn it on in the "
        "mail settings (a Workspace administrator may have to)",
    ),
    (
        r"SmtpClientAuthentication is disabled|5\.7\.139|Client Submission",
        "Microsoft 365 has SMTP AUTH switched off for this mailbox or tenant: an "
        f"administrator must enable it, and the login must use OAuth2; {PROVIDERS}",
    ),
    (
        r"AUTHENTICATE failed|5\.7\.3 Authentication unsuccessful",
        "Microsoft 365 refused the login: password sign-in is off there, so use "
        "oauth2_token_command, and check the token's scopes (IMAP.AccessAsUser.All, "
        f"SMTP.Send); {PROVIDERS}",
    ),
    (
        r"oauth2_token_command: command",
        "the token helper failed: run it by hand to see why (often the sign-in "
        "behind it has expired and needs doing again)",
    ),
    (
        r"AUTHENTICATIONFAILED|login refused|535",
        "the server refused the user name or password (or token): check the user "
        "setting and the secret your password_env / password_command gives",
    ),
    (r"host name not found", "check the host name (a typo, or no network to it)"),
    (r"connection refused", "nothing listens there: check the host, the port and any firewall"),
)
_TLS_PORTS = {993, 465}


def likely_cause(detail: str, server: ServerSettings, port: int) -> str | None:
    """Advice for one failure line of ``intake check``."""
    if "timed out" in detail and server.security == "starttls" and port in _TLS_PORTS:
        return f'port {port} speaks TLS from the first byte: use security = "tls"'
    if "timed out" in detail and server.security == "tls" and port not in _TLS_PORTS:
        return f'port {port} may expect STARTTLS: try security = "starttls"'
    for pattern, advice in _CAUSES:
        if re.search(pattern, detail, re.IGNORECASE):
            return advice
    return None
