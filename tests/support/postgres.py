"""A private PostgreSQL cluster on loopback for tests and benchmarks, and the database choice.

No pytest here: bench scripts and the two-host harness use it too.

- ``Cluster`` runs ``initdb`` and ``pg_ctl`` from Debian's PostgreSQL packages (or any on
  PATH) in a fresh temp dir, as an unprivileged user when started as root (PostgreSQL
  refuses to run as root), listening on 127.0.0.1 only on a free port, with its socket in
  that dir. ``create_database()`` makes a fresh, empty database and returns its URL.
  ``stop()`` stops exactly the server it started (``pg_ctl stop`` on its data dir).
- ``chosen()`` is the database the tests run on: ``INTAKE_TEST_DATABASE`` (``sqlite``,
  the default, or ``postgresql``), or pytest's ``--database``.
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Self

HOST = "127.0.0.1"
ENV = "INTAKE_TEST_DATABASE"
CHOICES = ("sqlite", "postgresql")
_DEBIAN_BIN = Path("/usr/lib/postgresql")


class PostgresUnavailable(RuntimeError):
    """This machine cannot run a private PostgreSQL (binaries missing, no user to run as)."""


def chosen(option: str | None = None) -> str:
    """``sqlite`` or ``postgresql``: the pytest option when given, else the environment."""
    value = (option or os.environ.get(ENV) or "sqlite").lower()
    value = {"postgres": "postgresql", "pg": "postgresql"}.get(value, value)
    if value not in CHOICES:
        raise ValueError(f"{ENV} must be one of {', '.join(CHOICES)}, not {value!r}")
    return value


def binaries() -> Path:
    """The folder holding initdb and pg_ctl: PATH first, then Debian's newest version."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).resolve().parent
    versions = sorted(_DEBIAN_BIN.glob("*/bin/initdb"), key=lambda p: p.parent.parent.name)
    if versions:
        return versions[-1].parent
    raise PostgresUnavailable("initdb is not installed: apt-get install -y postgresql")


def _runner() -> list[str]:
    """The command prefix that runs a server program as an unprivileged user."""
    if os.geteuid() != 0:
        return []
    for user in ("postgres", "nobody"):
        try:
            pwd.getpwnam(user)
        except KeyError:
            continue
        return ["runuser", "-u", user, "--"]
    raise PostgresUnavailable("no unprivileged user (postgres, nobody) to run PostgreSQL as")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


class Cluster:
    """A throw-away PostgreSQL cluster: ``with Cluster() as pg: url = pg.create_database()``."""

    USER = "intake"

    def __init__(self) -> None:
        self.bin = binaries()
        self.run_as = _runner()
        self.dir = Path(tempfile.mkdtemp(prefix="intake-pg-"))
        self.data = self.dir / "data"
        self.port = 0
        self._serial = itertools.count(1)
        self._running = False

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _run(self, program: str, *args: str) -> None:
        command = [*self.run_as, str(self.bin / program), *args]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise PostgresUnavailable(f"{program} failed: {done.stderr.strip() or done.stdout}")

    def start(self) -> None:
        """initdb (trust on loopback only), then pg_ctl start on a free port."""
        if self.run_as:
            user = pwd.getpwnam(self.run_as[2])
            self.dir.chmod(0o755)
            os.chown(self.dir, user.pw_uid, user.pw_gid)
        self._run("initdb", "-D", str(self.data), "-U", self.USER, "-A", "trust", "-E", "UTF8",
                  "--no-locale")  # fmt: skip
        options = f"-c listen_addresses={HOST} -k {self.dir} -c fsync=off -c max_connections=200"
        for _attempt in range(5):
            self.port = _free_port()
            try:
                self._run("pg_ctl", "-D", str(self.data), "-l", str(self.dir / "log"), "-w",
                          "-o", f"{options} -p {self.port}", "start")  # fmt: skip
            except PostgresUnavailable:
                time.sleep(0.2)  # the port was taken in between: try another
                continue
            self._running = True
            return
        raise PostgresUnavailable(f"PostgreSQL did not start: see {self.dir / 'log'}")

    def stop(self) -> None:
        """Stop this cluster's server (fast shutdown) and remove its folder."""
        if self._running:
            self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
            self._running = False
        shutil.rmtree(self.dir, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{self.USER}@{HOST}:{self.port}/{database}"

    def create_database(self, prefix: str = "t") -> str:
        """A new, empty database; returns its SQLAlchemy URL (psycopg 3)."""
        import psycopg

        name = f"{prefix}{next(self._serial)}_{os.getpid()}"
        with psycopg.connect(self.url().replace("+psycopg", ""), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')  # a name made here, never from input
        return self.url(name)
