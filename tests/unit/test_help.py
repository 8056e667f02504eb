"""The command line reads plainly: help without type tags, --version, one-line usage errors."""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest
from packaging.specifiers import SpecifierSet
from typer.main import get_command

from intake.cli import app, main

ROOT = Path(__file__).resolve().parents[2]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as done:
        main(list(args))
    captured = capsys.readouterr()
    return int(done.value.code or 0), captured.out, captured.err


def commands() -> list[list[str]]:
    group = get_command(app)
    found: list[list[str]] = [[]]
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        found.append([name])
        found += [[name, sub] for sub in getattr(command, "commands", {})]
    return found


def test_the_installed_typer_is_in_the_pinned_range() -> None:
    pins = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    typer_pin = next(p for p in pins if p.startswith("typer"))
    assert version("typer") in SpecifierSet(typer_pin.removeprefix("typer"))


@pytest.mark.parametrize("command", commands(), ids=lambda c: " ".join(c) or "intake")
def test_help_shows_flags_bare_and_types_plainly(
    capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    code, out, _ = run(capsys, *command, "--help")
    assert code == 0 and "Usage: intake" in out
    assert not re.search(r"<(bool|str|int|path|list\[[^]]*\]|Path)>", out), out
    assert re.search(r"--help\s+Show this message and exit", out), out


def test_flags_have_no_metavar(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "poll", "--help")
    assert re.search(r"--dry-run\s+Read the mailbox", out), out
    _, out, _ = run(capsys, "extract", "--help")
    assert "FILES..." in out and "<list" not in out


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert code == 0 and out.strip() == f"intake {version('intake')}"


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["poll", "--bogus"], "intake poll: No such option"),
        (["poll", "--dryrun"], "Did you mean '--dry-run'?"),
        (["status", "extra"], "intake status: Got unexpected extra argument (extra)"),
        (["review", "show", "abc"], "'abc' is not a valid integer"),
        (["nosuchcommand"], "intake: No such command 'nosuchcommand'"),
    ],
)
def test_usage_errors_are_one_line_with_where_to_look(
    capsys: pytest.CaptureFixture[str], args: list[str], line: str
) -> None:
    code, out, err = run(capsys, *args)
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and line in lines[0], err
    assert lines[0].endswith("--help)") and "╭" not in err
