"""The ``intake`` app: global options, the command groups, and one line per error.

Every ``IntakeError`` becomes one readable line on stderr and a non-zero exit
(2: fix your configuration; 1: the world failed). A traceback only with
``--debug``.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Annotated

import typer

from intake import logs
from intake.cli import campaign, coordinator, offline
from intake.cli.state import State, err
from intake.errors import ConfigError, IntakeError

app = typer.Typer(
    name="intake",
    help="Run an open-letter sign-on campaign by email.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


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


def main() -> None:
    """Console-script entry point: run the app, turning IntakeError into one line."""
    debug = "--debug" in sys.argv
    try:
        app()
    except IntakeError as exc:
        if debug:
            raise
        err.print(f"intake: {exc}", markup=False, soft_wrap=True)  # one line, as promised
        sys.exit(2 if isinstance(exc, ConfigError) else 1)
