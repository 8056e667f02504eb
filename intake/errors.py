"""The one exception tree of intake.

::

    IntakeError                      anything intake raises on purpose
    ├── ConfigError                  the user must fix a file or a setting
    │   └── TemplateError            a template does not load or render
    ├── ReplyError                   a reply could not be built safely (it is not sent)
    ├── ConflictError                a record changed since it was shown; nothing was changed
    └── OperationalError             the world failed; trying again may work
        ├── SecretError              a password / token command failed
        ├── MailboxError             IMAP: connect, login, select, fetch
        │   └── MailboxAuthError     IMAP login refused (password or token)
        ├── SendError                SMTP: connect, login, send
        │   └── SendAuthError        SMTP login refused
        └── StoreError               the database could not be opened or written
            └── StoreValueError      the database refused one value (that message alone fails)

The CLI turns every ``IntakeError`` into one readable line and a non-zero
exit code (2 for ``ConfigError``, 1 for ``OperationalError``). Library and
socket errors are wrapped at the edge with ``raise ... from``, so the cause
stays available with ``--debug`` and never leaks a secret into the message.
"""

from __future__ import annotations


class IntakeError(Exception):
    """Base class of everything intake raises on purpose."""


class ConfigError(IntakeError):
    """The configuration (or a file it names) is wrong; the user must fix it.

    ``key`` is the dotted path of the offending setting when there is one.
    """

    def __init__(self, message: str, key: str | None = None) -> None:
        self.key = key
        super().__init__(f"{key}: {message}" if key else message)


class TemplateError(ConfigError):
    """A template is missing, does not parse, or fails to render."""


class ReplyError(IntakeError):
    """A reply could not be built safely; the message goes to review unanswered."""


class ConflictError(IntakeError):
    """A record changed after the coordinator saw it (a poll, another tab); nothing was changed."""


class OperationalError(IntakeError):
    """Something outside intake failed: a server, the network, the disk."""


class SecretError(OperationalError):
    """A ``password_command`` / ``oauth2_token_command`` failed or printed nothing."""


class MailboxError(OperationalError):
    """The IMAP server could not be reached or refused a command."""


class MailboxAuthError(MailboxError):
    """The IMAP server refused the login (expired password or token)."""


class SendError(OperationalError):
    """The SMTP server could not be reached or refused a message."""


class SendAuthError(SendError):
    """The SMTP server refused the login."""


class StoreError(OperationalError):
    """The database could not be opened, migrated or written."""


class StoreValueError(StoreError):
    """The database refused a value of one record (out of range, not storable): a fault
    of that record, not of the database, so the poll goes on without it."""
