"""Readable, secret-free descriptions of network failures, shared by IMAP and SMTP.

Each description names the likely cause where the error makes it clear
(a plain-text port used with TLS, an untrusted certificate, a wrong host).
"""

from __future__ import annotations

import socket
import ssl

_TLS_PORTS = {"imap": 993, "smtp": 465}
_PLAIN_PORTS = {"imap": 143, "smtp": 587}


def as_text(value: bytes | str) -> str:
    """Server text as str, whatever the library handed back."""
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def describe(exc: BaseException, section: str) -> str:
    """What failed and, where clear, what to change in ``[section]``."""
    if isinstance(exc, ssl.SSLCertVerificationError):
        return (
            f"TLS certificate not trusted ({exc.verify_message}); "
            f"set {section}.ca_file for a private CA"
        )
    if isinstance(exc, ssl.SSLError):
        return _tls_failure(exc, section)
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused (is the host and port right?)"
    if isinstance(exc, socket.timeout | TimeoutError):
        return "timed out"
    if isinstance(exc, socket.gaierror):
        return f"host name not found ({exc.strerror})"
    return f"{type(exc).__name__}: {exc}"


def _tls_failure(exc: ssl.SSLError, section: str) -> str:
    if exc.reason == "WRONG_VERSION_NUMBER":
        return (
            f'TLS failed: this port speaks plain text; use {section}.security = "starttls" '
            f"or the TLS port ({_TLS_PORTS.get(section, 'the server’s TLS port')})"
        )
    return f"TLS failed ({exc.reason}); check {section}.security and {section}.port"


def plain_port_hint(section: str) -> str:
    """Advice when a server answered TLS-less on a port configured for TLS, or hung."""
    return (
        f'check {section}.security: "tls" needs the TLS port '
        f'({_TLS_PORTS.get(section)}), "starttls" the plain one ({_PLAIN_PORTS.get(section)})'
    )
