"""The demo leads on: it keeps a campaign every README command works on, and says what to try.

Each command runs as its own process, as a person would type it, on the campaign
that ``intake demo --keep`` left behind.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration
NO_REPLY = (
    "tdolkar@tbhs.example.org",  # out of office
    "mailer-daemon@smtp.freedomofbelief.example",  # bounce
    "v.girgis@stmina-youth.example.org",  # question
    "avarghese@stthomas-malankara.example.org",  # thanks, shared with the committee
    "news@lists.conscience-creed.example.net",  # newsletter
)


def intake(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "intake", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "COLUMNS": "80"},
        cwd=cwd,
        check=False,
    )


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("kept") / "demo-campaign"
    done = intake("demo", "--keep", str(folder))
    assert done.returncode == 0, done.stderr
    return folder, done.stdout


def test_the_demo_keeps_its_campaign_and_says_what_to_try(demo: tuple[Path, str]) -> None:
    folder, output = demo
    assert {"intake.toml", "intake.sqlite", "templates"} <= {p.name for p in folder.iterdir()}
    last = output.strip().splitlines()[-12:]
    assert f"The demo's campaign is kept in {folder}." in last
    assert f"  cd {folder}" in last
    for command in ("status", "review", "review show", "digest --preview", "export"):
        assert any(line.startswith(f"  intake {command}") for line in last), command
    assert _suggested_item(output) is not None


def test_the_demo_without_keep_says_how_to_keep_it() -> None:
    done = intake("demo")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("intake demo --keep demo-campaign")


def test_every_command_the_demo_suggests_works_on_the_kept_campaign(
    demo: tuple[Path, str],
) -> None:
    folder, output = demo
    suggested = [line.split("   ")[0] for line in output.splitlines()]
    commands = [c.split()[1:] for c in suggested if c.startswith("  intake ")]
    assert len(commands) >= 7
    for command in commands:
        done = intake(*command, cwd=folder)
        assert done.returncode == 0, (command, done.stdout, done.stderr)
        assert "Traceback" not in done.stderr and done.stdout.strip(), command


def test_the_demo_lists_the_messages_that_got_no_reply_and_why(demo: tuple[Path, str]) -> None:
    _, output = demo
    table = output[output.index("Got no reply (5)") : output.index("Sent to review")]
    for sender in NO_REPLY:
        assert sender in table.replace("│", "").replace("\n", ""), sender
    for kind in ("auto_reply", "bounce", "question", "other", "list"):
        assert f"│ {kind} " in table, kind
    assert table.count("never") == 3 and table.count("automatic reply") == 2  # the reasons


def test_the_reply_shown_is_the_one_that_matches_the_table(demo: tuple[Path, str]) -> None:
    _, output = demo
    shown = output[output.index("The last reply to hsandhu@") :]
    assert "Title: Director of Policy and Advocacy" in shown
    assert "Title: Director of Advocacy\n" not in shown


def test_names_are_never_broken_mid_word_at_80_columns(demo: tuple[Path, str]) -> None:
    _, output = demo
    for name in ("Sokolov-Brandt", "Çelik-Öztürk", "Ellsworth-Ng", "Adjei-Bonsu"):
        assert name in output, name
    assert max(len(line) for line in output.splitlines() if "│" in line) <= 80


def test_status_shows_the_last_poll_in_the_campaigns_zone(demo: tuple[Path, str]) -> None:
    folder, _ = demo
    done = intake("status", cwd=folder)
    last = next(line for line in done.stdout.splitlines() if line.startswith("last poll"))
    assert re.search(r"\d{2}:\d{2}:\d{2} (EST|EDT), ok$", last), last


def test_review_show_of_a_question_prints_sentences_not_empty_tables(
    demo: tuple[Path, str],
) -> None:
    folder, output = demo
    item = _suggested_item(output)  # the demo suggests its question first
    assert item is not None
    done = intake("review", "show", item, cwd=folder)
    assert done.returncode == 0, done.stderr
    assert "question" in done.stdout
    assert "intake read no signer from this question." in done.stdout
    assert "It changed no signer on the list." in done.stdout
    assert "┏" not in done.stdout  # no table at all


def test_the_digest_says_that_both_counts_in_each_list(demo: tuple[Path, str]) -> None:
    folder, _ = demo
    done = intake("digest", "--preview", "--html", str(folder / "digest.html"), cwd=folder)
    assert done.returncode == 0, done.stderr
    note = "1 signs in their own name and for their organization, so is listed under each"
    assert note in done.stdout
    assert re.search(rf"individuals \({note}\)\n", done.stdout)  # its own line
    html = (folder / "digest.html").read_text()
    assert html.count(note) == 2  # under "New signers" and in the totals
    assert "9 signers: 2 organizations, 8 individuals" in html


def test_an_empty_review_queue_is_a_sentence(tmp_path: Path) -> None:
    flags = ["--name", "Letter", "--coordinator", "c@example.org", "--provider", "gmail"]
    done = intake("init", str(tmp_path), *flags, "--deadline", "2099-01-01", "--no-check")
    assert done.returncode == 0, done.stderr
    queue = intake("review", cwd=tmp_path)
    assert queue.returncode == 0, queue.stderr
    assert queue.stdout.strip() == "The review queue is empty. Nothing waits for you here."


def _suggested_item(output: str) -> str | None:
    """The review item the demo's last lines suggest showing."""
    found = re.search(r"^  intake review show (\d+) ", output, re.MULTILINE)
    return found.group(1) if found else None
