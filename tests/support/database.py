"""The database a test runs on: a SQLite file, or a fresh database on a private PostgreSQL.

``Databases.new(folder)`` gives a new, empty database's URL of the kind chosen for the
session (``INTAKE_TEST_DATABASE`` or ``--database``; see :mod:`support.postgres`), and
``query`` reads one through SQLAlchemy, so no test needs to know which it is.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

from support.postgres import Cluster


class Databases:
    """Fresh databases of one kind: SQLite files, or databases on one PostgreSQL cluster."""

    def __init__(self, cluster: Cluster | None = None) -> None:
        self.cluster = cluster

    @property
    def kind(self) -> str:
        return "postgresql" if self.cluster is not None else "sqlite"

    def new(self, folder: Path, name: str = "intake.sqlite") -> str:
        """A new database's URL (SQLite: ``name`` in ``folder``, the campaign's default)."""
        if self.cluster is not None:
            return self.cluster.create_database()
        return f"sqlite:///{folder.resolve() / name}"


def query(url: str, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    """The rows of one statement on the database at ``url``, opened read-only when it is a
    SQLite file (so a file not made yet stays unmade: the query fails instead)."""
    if url.startswith("sqlite:///"):
        url = f"sqlite:///file:{url.removeprefix('sqlite:///')}?mode=ro&uri=true"
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(row) for row in conn.execute(text(sql), params)]
    finally:
        engine.dispose()
