"""The ``intake`` command: a thin shell over the library.

Every ``IntakeError`` becomes one readable line on stderr and a non-zero exit
(2: fix your configuration; 1: the world failed). A traceback only with
``--debug``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from intake.errors import ConfigError, IntakeError

app = typer.Typer(
    name="intake",
    help="Run an open-letter sign-on campaign by email.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, highlight=False)
out = Console(highlight=False)


class State:
    debug = False
    config = Path("intake.toml")


@app.callback()
def _options(
    config: Annotated[
        Path,
        typer.Option("--config", "-c", envvar="INTAKE_CONFIG", help="The campaign's intake.toml."),
    ] = Path("intake.toml"),
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
) -> None:
    """Run an open-letter sign-on campaign by email."""
    State.config = config
    State.debug = debug


@app.command("extract")
def extract_command(
    files: Annotated[list[Path], typer.Argument(help="Message files (.eml) to read.")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
    own_address: Annotated[
        list[str] | None,
        typer.Option("--own-address", help="An address of the campaign's own (repeatable)."),
    ] = None,
) -> None:
    """Read message files and print what intake would record (no mailbox, no database)."""
    from intake.outcome import outcome

    own = frozenset(a.strip().lower() for a in own_address or [])
    for path in files:
        if not path.is_file():
            raise ConfigError(f"no such file: {path}")
        result = outcome(path, own)
        if as_json:
            sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
            continue
        out.print(f"[bold]{path}[/bold]: {result['kind']} (confidence {result['confidence']})")
        for signer in result["signers"] or []:
            assert isinstance(signer, dict)
            out.print("  " + ", ".join(f"{k}={v}" for k, v in signer.items()))


def main() -> None:
    """Console-script entry point: run the app, turning IntakeError into one line."""
    debug = "--debug" in sys.argv
    try:
        app()
    except IntakeError as exc:
        if debug:
            raise
        err.print(f"intake: {exc}", markup=False)
        sys.exit(2 if isinstance(exc, ConfigError) else 1)
