"""Shared fixtures: one real Dovecot per session, a fresh IMAP user per test, an SMTP sink,
and the database the tests run on.

A machine without Dovecot (or not root) FAILS the tests that need it, so CI cannot
pass by skipping them; set ``INTAKE_ALLOW_NO_DOVECOT=1`` to skip them instead.

The database is SQLite unless ``--database=postgresql`` (or ``INTAKE_TEST_DATABASE=
postgresql``) is given: then one private PostgreSQL cluster runs for the session and
each test gets a fresh database on it (``database_url``). PostgreSQL asked for but
unable to start FAILS, everywhere: it was asked for.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from support import corpus, postgres
from support.database import Databases
from support.servers import Dovecot, ImapUser, SmtpSink, dovecot_problem


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--database",
        choices=postgres.CHOICES,
        default=None,
        help=f"the database the tests run on (default: ${postgres.ENV}, else sqlite)",
    )


def pytest_report_header(config: pytest.Config) -> str:
    return f"intake test database: {postgres.chosen(config.getoption('--database'))}"


@pytest.fixture(scope="session")
def databases(request: pytest.FixtureRequest) -> Iterator[Databases]:
    """Where this session's databases are made (one PostgreSQL cluster when chosen)."""
    if postgres.chosen(request.config.getoption("--database")) == "sqlite":
        yield Databases()
        return
    try:
        cluster = postgres.Cluster()
        cluster.start()
    except postgres.PostgresUnavailable as exc:
        pytest.fail(f"PostgreSQL was chosen but cannot run here: {exc}", pytrace=False)
    try:
        yield Databases(cluster)
    finally:
        cluster.stop()


@pytest.fixture
def database_url(databases: Databases, tmp_path: Path) -> str:
    """A new, empty database for this test (a SQLite file in ``tmp_path``, by default)."""
    return databases.new(tmp_path)


@pytest.fixture
def on_postgresql(databases: Databases) -> None:
    """Skip unless this session runs on PostgreSQL (the PostgreSQL pass of CI runs these)."""
    if databases.kind != "postgresql":
        pytest.skip("PostgreSQL only: run with --database=postgresql")


@pytest.fixture(scope="session")
def require_dovecot() -> None:
    """Fail (or, with INTAKE_ALLOW_NO_DOVECOT=1, skip) unless a private Dovecot can run here."""
    problem = dovecot_problem()
    if problem and os.environ.get("INTAKE_ALLOW_NO_DOVECOT") == "1":
        pytest.skip(f"no Dovecot here: {problem}")
    if problem:
        pytest.fail(
            f"{problem}\n(set INTAKE_ALLOW_NO_DOVECOT=1 to skip these tests)", pytrace=False
        )


@pytest.fixture(scope="session")
def dovecot(require_dovecot: None) -> Iterator[Dovecot]:
    """A running Dovecot shared by the whole session (user ``alice``/``secret``, TLS on)."""
    with Dovecot() as server:
        yield server


@pytest.fixture
def imap_user(dovecot: Dovecot, request: pytest.FixtureRequest) -> ImapUser:
    """A brand-new user on the session Dovecot: empty INBOX and ``Processed``, this test only."""
    return dovecot.add_user(_user_name(request.node.name, len(dovecot.users)))


@pytest.fixture
def smtp_sink() -> Iterator[SmtpSink]:
    """A plain SMTP sink (no TLS, no AUTH) recording every message, for this test only."""
    with SmtpSink() as sink:
        yield sink


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """``../shared/corpus`` next to the repo; absent, its tests skip (and fail in CI)."""
    if not corpus.CORPUS_DIR.is_dir():
        corpus.missing()
    return corpus.CORPUS_DIR


def _user_name(test_name: str, serial: int) -> str:
    """A unique, log-friendly user name such as ``u12-test-append-keeps-date``."""
    slug = re.sub(r"[^a-z0-9]+", "-", test_name.lower()).strip("-")[:40].rstrip("-")
    return f"u{serial}-{slug}" if slug else f"u{serial}"
