"""Database failures as errors a person can read, without the data that caused them.

SQLAlchemy's exceptions print the statement and its parameters: a message's
subject, sender and text. Those must never reach ``polls.error``, ``intake
status``, a log or the digest, so a failure is described by its class and the
first line of what the database said, shortened.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, SQLAlchemyError

from intake.errors import StoreError, StoreValueError

LIMIT = 200  # characters of the database's own words kept


def describe(exc: BaseException) -> str:
    """``Kind: first line of the database's message``, with no statement or parameters."""
    cause: BaseException = exc
    if isinstance(exc, DBAPIError) and exc.orig is not None:
        cause = exc.orig
    elif isinstance(exc, SQLAlchemyError):
        return f"{type(exc).__name__}: {_first_line(exc.args[0] if exc.args else '')}"
    return f"{type(cause).__name__}: {_first_line(str(cause))}"


def _first_line(text: object) -> str:
    line = str(text).strip().splitlines()[0] if str(text).strip() else ""
    return line if len(line) <= LIMIT else line[: LIMIT - 1] + "…"


@contextmanager
def database_errors(what: str = "database error") -> Iterator[None]:
    """Turn a database failure into StoreError (a unique-key clash stays an IntegrityError;
    a value the database refuses is a StoreValueError)."""
    try:
        yield
    except IntegrityError:
        raise
    except DataError as exc:
        raise StoreValueError(f"{what}: {describe(exc)}") from exc
    except SQLAlchemyError as exc:
        raise StoreError(f"{what}: {describe(exc)}") from exc
