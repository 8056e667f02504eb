"""The ``intake`` app: global options, the command groups, and one line per error.

Every ``IntakeError`` becomes one readable line on stderr and a non-zero exit
(2: fix your configuration; 1: the world failed). A traceback only with
``--debug``.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Sequence
from importlib.metadata import version
from pathlib import Path
from typing import Annotated

import click
import typer

from intake import logs
from intake.cli import campaign, coordinator, desk, offline
from intake.cli.state import State, err, out
from intake.errors import ConfigError, IntakeError

app = typer.Typer(
    name="intake",
    help="Run an open-letter sign-on campaign by email.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _show_version(value: bool) -> None:
    if value:
        out.print(f"intake {version('intake')}", markup=False)
        raise typer.Exit()


@app.callback()
def _options(
    ctx: typer.Context,
    config: Annotated[
        Path,
        typer.Option("--config", "-c", envvar="INTAKE_CONFIG", help="The campaign's intake.toml."),
    ] = Path("intake.toml"),
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks and debug logs.")] = False,
    log_format: Annotated[
        str, typer.Option("--log-format", help="plain (default) or json lines on stderr.")
    ] = "plain",
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Log warnings and errors only.")
    ] = False,
    _version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_show_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Run an open-letter sign-on campaign by email."""
    if log_format not in ("plain", "json"):
        raise typer.BadParameter("use plain or json", param_hint="--log-format")
    ctx.obj = State(config=config, debug=debug)
    level = logging.DEBUG if debug else (logging.WARNING if quiet else logging.INFO)
    logs.setup("json" if log_format == "json" else "plain", level)


campaign.register(app)  # init, check, poll, run, status, backup
offline.register(app)  # demo, extract
coordinator.register(app)  # digest, export, signers, review
desk.register(app)  # serve


def main(argv: Sequence[str] | None = None) -> None:
    """Console-script entry point: every error a user can cause is one line and an exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        code = app(args=args or ["--help"], prog_name="intake", standalone_mode=False)
    except IntakeError as exc:
        if "--debug" in args:
            raise
        err.print(f"intake: {exc}", markup=False, soft_wrap=True)  # one line, as promised
        sys.exit(2 if isinstance(exc, ConfigError) else 1)
    except click.UsageError as exc:
        err.print(usage_line(exc), markup=False, soft_wrap=True)
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        err.print(f"intake: {exc.format_message()}", markup=False, soft_wrap=True)
        sys.exit(exc.exit_code)
    except click.Abort:
        err.print("intake: stopped", markup=False)
        sys.exit(130)
    sys.exit(code if isinstance(code, int) else 0)


def usage_line(exc: click.UsageError) -> str:
    """Click's complaint about the command line, in one line, with where to look."""
    # typer and click each add their "Did you mean ...?": say each sentence once
    sentences = re.split(r"(?<=[.?!])\s+", " ".join(exc.format_message().split()))
    message = " ".join(dict.fromkeys(sentences))
    where = exc.ctx.command_path if exc.ctx is not None else "intake"
    return f"{where}: {message} (see: {where} --help)"
