"""Commands that need no campaign, mailbox or database: demo and extract."""

from __future__ import annotations

import importlib.util
import json
import logging
import sys
from pathlib import Path
from typing import Annotated

import typer

from intake.cli.state import out, state
from intake.errors import ConfigError

DEMO_SERVERS = ("pymap", "aiosmtpd")  # the demo extra: intake[demo]


def demo_command(ctx: typer.Context) -> None:
    """Run the whole pipeline once on embedded loopback servers with sample mail."""
    from intake.cli.console import first_text_part, replies_table, review_table, signers_table

    missing = [name for name in DEMO_SERVERS if importlib.util.find_spec(name) is None]
    if missing:
        raise ConfigError(
            f"intake demo needs {' and '.join(missing)} (the demo extra): install intake "
            "with it, e.g. in the source folder: python3 -m pip install '.[demo]'"
        )
    from intake.demo import run_demo

    if not state(ctx).debug:  # the tables below say what each message became
        logging.getLogger().setLevel(logging.WARNING)
    with run_demo() as demo:
        out.print(
            f"[bold]intake demo[/bold]: IMAP (embedded pymap) on 127.0.0.1:{demo.imap_port}, "
            f"SMTP (aiosmtpd) on 127.0.0.1:{demo.smtp_port}; "
            f"{len(demo.delivered)} sample messages delivered with their received times"
        )
        out.print(f"poll: {demo.report.summary()}\n")
        out.print(signers_table(demo.store.signers(include_inactive=True)))
        out.print(replies_table(demo.store.reply_log(), title="Replies sent, by template"))
        out.print(review_table(demo.store.review_items(), title="Sent to review"))
        if demo.sent:
            out.print("\n[bold]The first reply, as the SMTP server received it:[/bold]")
            out.print(first_text_part(demo.sent[0].data), markup=False, highlight=False)
        on_list = len(demo.store.signers())
        out.print(
            f"The SMTP server received {len(demo.sent)} messages; {on_list} signers on the letter."
        )


def extract_command(
    files: Annotated[list[Path], typer.Argument(help="Message files (.eml) to read.")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
    own_address: Annotated[
        list[str] | None,
        typer.Option("--own-address", help="An address of the campaign's own (repeatable)."),
    ] = None,
) -> None:
    """Read message files and print what intake would record (no mailbox, no database)."""
    from intake.assess.outcome import outcome

    own = frozenset(a.strip().lower() for a in own_address or [])
    for path in files:
        if not path.is_file():
            raise ConfigError(f"no such file: {path}")
        result = outcome(path, own)
        if as_json:
            sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
            continue
        out.print(f"[bold]{path}[/bold]: {result['kind']} (confidence {result['confidence']})")
        signers = result["signers"]
        assert isinstance(signers, list)
        for signer in signers:
            assert isinstance(signer, dict)
            out.print("  " + ", ".join(f"{k}={v}" for k, v in signer.items()))


def register(app: typer.Typer) -> None:
    """Add the commands that need no campaign to the ``intake`` app."""
    app.command("demo")(demo_command)
    app.command("extract")(extract_command)
