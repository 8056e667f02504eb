"""Commands that need no campaign, mailbox or database: demo and extract."""

from __future__ import annotations

import importlib.util
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from intake.cli.state import out, state
from intake.errors import ConfigError

if TYPE_CHECKING:
    from intake.demo.smtp_server import Received

DEMO_SERVERS = ("pymap", "aiosmtpd")  # the demo extra: intake[demo]


def demo_command(
    ctx: typer.Context,
    keep: Annotated[
        Path | None,
        typer.Option(
            "--keep",
            metavar="DIR",
            help="Leave the demo's campaign in DIR (a new folder) to try the other commands on.",
        ),
    ] = None,
) -> None:
    """Run the whole pipeline once on embedded loopback servers with sample mail."""
    from intake.cli import console

    missing = [name for name in DEMO_SERVERS if importlib.util.find_spec(name) is None]
    if missing:
        raise ConfigError(
            f"intake demo needs {' and '.join(missing)} (the demo extra): install intake "
            "with it, e.g. in the source folder: python3 -m pip install '.[demo]'"
        )
    from intake.demo import run_demo

    if not state(ctx).debug:  # the tables below say what each message became
        logging.getLogger().setLevel(logging.WARNING)
    with run_demo(keep) as demo:
        out.print(
            f"[bold]intake demo[/bold]: IMAP (embedded pymap) on 127.0.0.1:{demo.imap_port}, "
            f"SMTP (aiosmtpd) on 127.0.0.1:{demo.smtp_port}; "
            f"{len(demo.delivered)} sample messages delivered with their received times"
        )
        out.print(f"poll: {demo.report.summary()}\n")
        signers = demo.store.signers(include_inactive=True)
        out.print(console.signers_table(signers))
        out.print(console.replies_table(demo.store.reply_log(), title="Replies sent, by template"))
        out.print(console.unanswered_table(demo.store.unanswered()))
        items = demo.store.review_items()
        out.print(console.review_table(items, title="Sent to review"))
        first = [i.id for i in items if i.kind == "question"] + [i.id for i in items]
        review_id = first[0] if first else None
        _show_last_reply(demo.sent, signers[0].email if signers else "")
        on_list = len(demo.store.signers())
        out.print(
            f"The SMTP server received {len(demo.sent)} messages; {on_list} signers on the letter."
        )
    out.print(
        _what_next(demo.config_path if keep else None, review_id), markup=False, soft_wrap=True
    )


def _show_last_reply(sent: Sequence[Received], address: str) -> None:
    """The latest reply to ``address`` as sent: it matches what the signers table shows."""
    from intake.cli.console import first_text_part

    to_them = [m for m in sent if address in m.rcpt_tos] or list(sent)
    if not to_them:
        return
    out.print(
        f"\n[bold]The last reply to {escape(address)}, as the SMTP server received it:[/bold]"
    )
    out.print(first_text_part(to_them[-1].data), markup=False, highlight=False)


def _what_next(config_path: Path | None, review_id: int | None) -> str:
    """The demo's last lines: the commands to try next."""
    if config_path is None:
        return (
            "\nThe demo's campaign was removed with it. To keep it and try every command on it:\n"
            "  intake demo --keep demo-campaign"
        )
    show = f"  intake review show {review_id:<9} one item: the sender's own words\n"
    return (
        f"\nThe demo's campaign is kept in {config_path.parent}.\n"
        "Try the README's commands on it:\n"
        f"  cd {config_path.parent}\n"
        "  intake status                 counts, the last poll, the time left\n"
        "  intake review                 what waits for the coordinator\n"
        + (show if review_id is not None else "")
        + "  intake signers --all          everyone recorded, withdrawn and late too\n"
        "  intake digest --preview       the digest the coordinator would get\n"
        "  intake export --format docx --output letter.docx   the list for the letter\n"
        "  intake check --offline        the settings and templates\n"
        "(poll, run and check without --offline need the demo's mail servers, "
        "which stopped with it.)\n"
        "And the coordinator's desk, in your browser: run `intake serve` there and open "
        "the link it prints: the review queue above is there to settle."
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
    from intake.cli.console import plain

    own = frozenset(a.strip().lower() for a in own_address or [])
    for path in files:
        if not path.is_file():
            raise ConfigError(f"no such file: {path}")
        result = outcome(path, own)
        if as_json:
            sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
            continue
        out.print(plain(f"{path}: {result['kind']} (confidence {result['confidence']})"))
        signers = result["signers"]
        assert isinstance(signers, list)
        for signer in signers:
            assert isinstance(signer, dict)
            out.print(plain("  " + ", ".join(f"{k}={v}" for k, v in signer.items())))


def register(app: typer.Typer) -> None:
    """Add the commands that need no campaign to the ``intake`` app."""
    app.command("demo")(demo_command)
    app.command("extract")(extract_command)
