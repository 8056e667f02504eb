"""The intake command end to end, as a separate process against real servers."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
from support.campaign import JUNE, PASSWORD_ENV, campaign_data, signature, toml
from typer.main import get_command

from intake.cli import app

pytestmark = pytest.mark.integration
CORPUS_CASE = "003-labelled-block-above-quoted-call"


def intake(
    *args: str, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "intake", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
        check=False,
    )


@pytest.fixture
def config_file(imap_user: Any, smtp_sink: Any, tmp_path: Path) -> Path:
    path = tmp_path / "intake.toml"
    path.write_text(toml(campaign_data(imap_user, smtp_sink, poll={"interval_seconds": 5})))
    return path


@pytest.fixture
def env(imap_user: Any) -> dict[str, str]:
    return {PASSWORD_ENV: imap_user.password}


def test_every_command_has_help_text() -> None:
    group = get_command(app)
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        assert command.help and len(command.help) > 20, name
        done = intake(name, "--help")
        assert done.returncode == 0 and "Usage" in done.stdout


def test_poll_then_status(
    config_file: Path, env: dict[str, str], imap_user: Any, smtp_sink: Any
) -> None:
    imap_user.append("INBOX", signature(1), JUNE)
    done = intake("-c", str(config_file), "poll", env=env)
    assert done.returncode == 0, done.stderr
    assert "1 fetched, 1 recorded" in done.stdout
    again = intake("-c", str(config_file), "poll", env=env)
    assert "0 fetched" in again.stdout and len(smtp_sink.messages) == 1
    status = intake("-c", str(config_file), "status", env=env)
    assert status.returncode == 0
    assert (
        "1 on the list" in status.stdout
        and "closed" in status.stdout
        and "last poll" in status.stdout
    )


def test_check_passes_and_names_a_refused_login(
    config_file: Path, env: dict[str, str], imap_user: Any
) -> None:
    ok = intake("-c", str(config_file), "check", env=env)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert ok.stdout.count("PASS") >= 8 and "FAIL" not in ok.stdout
    wrong = intake("-c", str(config_file), "check", env={PASSWORD_ENV: "not-the-password"})
    assert wrong.returncode == 1
    assert "FAIL IMAP" in wrong.stdout and "login refused" in wrong.stdout
    assert "not-the-password" not in wrong.stdout + wrong.stderr
    assert "Traceback" not in wrong.stderr


def test_run_stops_cleanly_on_sigterm(
    config_file: Path, env: dict[str, str], imap_user: Any, smtp_sink: Any
) -> None:
    imap_user.append("INBOX", signature(1), JUNE)
    proc = subprocess.Popen(
        [sys.executable, "-m", "intake", "-c", str(config_file), "run"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **env},
    )
    assert proc.stderr is not None
    try:
        assert smtp_sink.wait_for(1, timeout=30), "the first cycle runs at once"
        logged = ""
        while "poll: " not in logged:  # the cycle's summary: it is over, the wait begins
            line = proc.stderr.readline()
            assert line, "intake run exited before its first cycle ended"
            logged += line
        proc.send_signal(signal.SIGTERM)
        _, rest = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    stderr = logged + rest
    assert proc.returncode == 0, stderr
    assert "poll: 1 fetched, 1 recorded" in stderr and "stopped" in stderr


def test_init_writes_a_config_that_checks_offline(tmp_path: Path) -> None:
    flags = ["--name", "Letter", "--coordinator", "c@example.org", "--provider", "gmail"]
    flags += ["--deadline", "2099-07-01 17:00", "--timezone", "Europe/Paris", "--no-check"]
    done = intake("init", str(tmp_path / "camp"), *flags)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "camp" / "intake.toml").is_file()
    assert (tmp_path / "camp" / "templates" / "confirmation.html.j2").is_file()
    checked = intake("-c", str(tmp_path / "camp" / "intake.toml"), "check", "--offline")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "FAIL" not in checked.stdout
    again = intake("init", str(tmp_path / "camp"), *flags)
    assert again.returncode == 2 and "already exists" in again.stderr


def test_extract_json_contract(corpus_dir: Path) -> None:
    path = corpus_dir / "dev" / f"{CORPUS_CASE}.eml"
    done = intake(
        "extract",
        str(path),
        str(path),
        "--json",
        "--own-address",
        "coordinator@irf-roundtable.example",
    )
    lines = done.stdout.strip().splitlines()
    assert done.returncode == 0 and len(lines) == 2
    result = json.loads(lines[0])
    assert {"file", "kind", "signers", "should_confirm", "confidence"} <= result.keys()
    assert result["kind"] == "signature" and 0 <= result["confidence"] <= 1
    assert set(result["signers"][0]) == {"name", "title", "organization", "capacity"}


def test_demo_runs_the_main_job() -> None:
    done = intake("demo")
    assert done.returncode == 0, done.stderr
    assert "17 sample messages delivered" in done.stdout
    assert "17 fetched, 17 recorded" in done.stdout
    assert "Signatories" in done.stdout and "Sent to review" in done.stdout


def test_the_kept_demo_opens_on_the_desk_as_the_readme_says(tmp_path: Path) -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    first_screen = readme.split("---", 1)[0]
    assert "intake demo --keep demo-campaign" in first_screen
    assert "intake -c demo-campaign/intake.toml serve" in first_screen
    kept = tmp_path / "demo-campaign"
    done = intake("demo", "--keep", str(kept))
    assert done.returncode == 0, done.stderr
    assert "intake serve" in done.stdout  # the demo's last lines lead on to the desk
    desk = subprocess.Popen(
        [sys.executable, "-m", "intake", "-c", str(kept / "intake.toml"), "serve", "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert desk.stdout is not None
        printed = desk.stdout.readline()
        link = re.search(r"http://127\.0\.0\.1:\d+/login/link\?token=\S+", printed)
        assert link, printed
        with httpx.Client(follow_redirects=True) as browser:
            queue = browser.get(link[0])
        assert queue.status_code == 200 and queue.url.path == "/review"
        assert '<ol class="queue">' in queue.text  # the sample review queue, there to try
    finally:
        desk.send_signal(signal.SIGTERM)
        desk.communicate(timeout=30)
    assert desk.returncode == 0
