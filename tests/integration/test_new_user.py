"""A new user follows the README, start to finish, through a real pseudo-terminal.

A fresh Unix user (no root, an empty home, Debian's own python3) gets the source,
makes a venv and installs intake in it, answers ``intake init`` through a
pseudo-terminal (pexpect), exports the password, and runs ``check`` against the
test Dovecot (STARTTLS, its CA file), ``poll --dry-run``, ``poll``, ``status``,
``digest --preview`` and ``export``. The list it ends with must be the signatures
in the mailbox. ``INTAKE_TRANSCRIPT=FILE`` keeps what the terminal showed.
"""

from __future__ import annotations

import csv
import io
import os
import pwd
import shutil
import subprocess
import tarfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pexpect
import pytest
from support.campaign import signature

pytestmark = [pytest.mark.integration, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]
PROMPT = "newuser$ "
SIGNERS = 3


@pytest.fixture
def new_user(require_dovecot: None) -> Iterator[tuple[str, Path]]:
    """A Unix user made for this test, with a home of its own; removed afterwards."""
    name = f"intake-nu{os.getpid() % 100000}"
    subprocess.run(["useradd", "--create-home", "--shell", "/bin/bash", name], check=True)
    try:
        yield name, Path(pwd.getpwnam(name).pw_dir)
    finally:
        subprocess.run(["userdel", "--remove", name], check=False, capture_output=True)


def give(home: Path, name: str, sources: dict[str, Path]) -> None:
    """Put files into the user's home, owned by the user (as a download would be)."""
    entry = pwd.getpwnam(name)
    for target, source in sources.items():
        shutil.copyfile(source, home / target)
        os.chown(home / target, entry.pw_uid, entry.pw_gid)


def source_archive(home: Path, name: str) -> None:
    """The repository's files (tracked and new, not ignored) as ~/intake.tar."""
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    archive = home / "intake.tar"
    with tarfile.open(archive, "w") as tar:
        for path in listed:
            if (ROOT / path).is_file():
                tar.add(ROOT / path, arcname=f"intake/{path}")
    entry = pwd.getpwnam(name)
    os.chown(archive, entry.pw_uid, entry.pw_gid)


class Terminal:
    """A login shell of the new user on a pseudo-terminal; ``run`` types a line and waits."""

    def __init__(self, name: str, home: Path, log: io.StringIO) -> None:
        env = ["env", "-i", f"HOME={home}", "PATH=/usr/bin:/bin", "LANG=C.UTF-8", "TERM=dumb"]
        self.child = pexpect.spawn(
            "runuser",
            ["-u", name, "--", *env, "bash", "--norc", "--noprofile"],
            cwd=str(home), encoding="utf-8", timeout=120, dimensions=(50, 100),
        )  # fmt: skip
        self.child.logfile_read = log
        self.child.sendline("PS1='new''user$ '; cd ~")  # its echo is not the prompt itself
        self.child.expect_exact(PROMPT)

    def run(self, line: str, timeout: float = 120) -> str:
        """Type ``line``; return what it printed; fail unless it exits 0."""
        self.child.sendline(f"{line}; echo exit=$?")
        self.child.expect(r"exit=(\d+)\r\n", timeout=timeout)
        printed, code = self.child.before, self.child.match.group(1)
        self.child.expect_exact(PROMPT)
        assert code == "0", f"{line} exited {code}:\n{printed}"
        return str(printed)

    def answer(self, pairs: list[tuple[str, str]]) -> None:
        for question, reply in pairs:
            self.child.expect_exact(question)
            self.child.expect_exact(": ")
            self.child.sendline(reply)


def test_a_new_user_follows_the_readme_through_a_terminal(
    new_user: tuple[str, Path], imap_user: Any, smtp_sink: Any
) -> None:
    name, home = new_user
    source_archive(home, name)
    give(home, name, {"ca.pem": imap_user.cafile})
    received = datetime.now(UTC) - timedelta(minutes=1)
    for n in range(1, SIGNERS + 1):
        imap_user.append("INBOX", signature(n), received)
    deadline = (datetime.now(UTC) + timedelta(days=30)).strftime("%Y-%m-%d 17:00")
    log = io.StringIO()
    term: Terminal | None = None
    try:
        term = Terminal(name, home, log)
        term.run("id -u && tar xf intake.tar && cd intake")
        # README, "Set up a campaign": a venv of its own, then init, export, check ...
        term.run("python3 -m venv ~/intake-venv && ~/intake-venv/bin/pip install -q .", 900)
        term.run('export PATH="$HOME/intake-venv/bin:$PATH" && cd ~')
        term.child.sendline("intake init mycampaign; echo exit=$?")
        term.answer(
            [
                ("The letter's name", "Open letter for the prisoners of conscience"),
                ("Link to the letter", "https://letter.example/open-letter"),
                ("The coordinator's name", "Maya Lindqvist"),
                ("The coordinator's email address", "coordinator@irf-roundtable.example"),
                ("Mail provider", "other"),
                ("The mailbox intake reads", ""),
                ("IMAP server", "127.0.0.1"),
                ("IMAP security", "starttls"),
                ("IMAP port", str(imap_user.port)),
                ("IMAP login name", imap_user.name),
                ("IMAP CA certificate", "~/ca.pem"),
                ("Environment variable that will hold the IMAP password", ""),
                ("SMTP server", ""),
                ("SMTP security", "none"),
                ("SMTP port", str(smtp_sink.port)),
                ("SMTP login name", "none"),
                ("SMTP CA certificate", ""),
                ("Time zone of the deadline", ""),
                ("Signing opened on", ""),
                ("Signing closes at", deadline),
            ]
        )
        term.child.expect(r"exit=(\d+)\r\n", timeout=120)
        init_output = str(term.child.before)
        term.child.expect_exact(PROMPT)
        assert "wrote " in init_output and "INTAKE_IMAP_PASSWORD is not set" in init_output
        assert "export INTAKE_IMAP_PASSWORD=" in init_output  # init said what comes next
        term.run(f"export INTAKE_IMAP_PASSWORD='{imap_user.password}'")
        checked = term.run("intake -c mycampaign/intake.toml check")
        assert "FAIL" not in checked and "WARN" not in checked
        assert "PASS IMAP 127.0.0.1" in checked and "PASS SMTP 127.0.0.1" in checked
        dry = term.run("intake -c mycampaign/intake.toml poll --dry-run")
        assert f"dry run: {SIGNERS} messages would be recorded" in dry
        polled = term.run("intake -c mycampaign/intake.toml poll")
        assert f"{SIGNERS} fetched, {SIGNERS} recorded" in polled
        status = term.run("intake -c mycampaign/intake.toml status")
        assert f"signers: {SIGNERS} on the list" in status and "left" in status
        digest = term.run("intake -c mycampaign/intake.toml digest --preview")
        assert f"{SIGNERS} new signers" in digest
        term.run("intake -c mycampaign/intake.toml export --format csv --output list.csv")
        listed = (home / "list.csv").read_text(encoding="utf-8")
    finally:
        if term is not None:
            term.child.close(force=True)  # the user's shell ends before the user is removed
        if os.environ.get("INTAKE_TRANSCRIPT"):
            Path(os.environ["INTAKE_TRANSCRIPT"]).write_text(log.getvalue(), encoding="utf-8")
    names = [row["name"] for row in csv.DictReader(io.StringIO(listed)) if row.get("name")]
    assert sorted(names) == [f"Person Number{n}" for n in range(1, SIGNERS + 1)]
    replies = [m for m in smtp_sink.messages if "Auto-Submitted: auto-replied" in str(m.data)]
    assert len(replies) == SIGNERS
    assert all(b"https://letter.example/open-letter" in m.data for m in replies)
