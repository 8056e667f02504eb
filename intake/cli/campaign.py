"""The ``intake`` command: a thin shell over the library.

Every ``IntakeError`` becomes one readable line on stderr and a non-zero exit
(2: fix your configuration; 1: the world failed). A traceback only with
``--debug``.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from intake import config, logs
from intake.config import Settings
from intake.errors import ConfigError, IntakeError
from intake.setup import starter
from intake.store import Store

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
    State.config = config
    State.debug = debug
    level = logging.DEBUG if debug else (logging.WARNING if quiet else logging.INFO)
    logs.setup("json" if log_format == "json" else "plain", level)


def _settings() -> Settings:
    return config.load(State.config)


def _store(settings: Settings) -> Store:
    return Store.open(settings.database_url)


@app.command("init")
def init_command(
    folder: Annotated[
        Path, typer.Argument(help="Folder to write intake.toml and templates/ into.")
    ] = Path(),
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing files.")] = False,
) -> None:
    """Write a starter intake.toml and a copy of the templates to edit."""
    written = starter.write(folder, force)
    for path in written:
        out.print(f"wrote {path}")
    out.print(
        f"\nNext: edit {folder / 'intake.toml'} (the [imap] and [smtp] sections), set the "
        "password variables, then run: intake -c "
        f"{folder / 'intake.toml'} check"
    )


@app.command("check")
def check_command(
    offline: Annotated[
        bool, typer.Option("--offline", help="Skip the IMAP and SMTP logins.")
    ] = False,
) -> None:
    """Validate the config, render every template, log in to IMAP and SMTP."""
    from intake.setup.check import run_checks

    settings = _settings()
    out.print(f"[green]PASS[/green] config {State.config}")
    failed = 0
    for result in run_checks(settings, servers=not offline):
        mark = "[green]PASS[/green]" if result.ok else "[red]FAIL[/red]"
        out.print(f"{mark} {result.name}: ", end="")
        out.print(result.detail, markup=False)
        failed += not result.ok
    if failed:
        raise typer.Exit(1)


@app.command("poll")
def poll_command(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Read the mailbox; record and send nothing.")
    ] = False,
    backfill: Annotated[
        bool,
        typer.Option("--backfill", help="Record everything there is now without replying."),
    ] = False,
) -> None:
    """Run one poll cycle: fetch, record, reply, mark."""
    from intake.cli.console import progress_bar
    from intake.run.poll import Poller

    settings = _settings()
    store = _store(settings)
    try:
        with progress_bar(err) as progress:
            report = Poller(settings, store).run(dry_run, progress, backfill)
    finally:
        store.close()
    if dry_run:
        for where, plan in report.plans:
            out.print(f"{where}: ", end="")
            out.print(plan, markup=False)
        out.print(f"dry run: {len(report.plans)} messages would be recorded; nothing was changed")
        return
    out.print(f"poll: {report.summary()}")
    for error in report.send_errors:
        err.print(f"intake: replies wait in the outbox: {error}", markup=False)


@app.command("run")
def run_command() -> None:
    """Poll on the configured interval in the foreground until SIGTERM or Ctrl-C."""
    from intake.run.scheduler import run_forever

    settings = _settings()
    store = _store(settings)
    try:
        run_forever(settings, store)
    finally:
        store.close()


@app.command("status")
def status_command() -> None:
    """Counts, the last poll, pending replies and the time left to the deadline."""
    from intake.deadline import deadline_text, time_left

    settings = _settings()
    store = _store(settings)
    try:
        counts = store.counts()
        last = store.last_poll()
    finally:
        store.close()
    campaign = settings.campaign
    now = datetime.now(UTC)
    out.print(f"[bold]{campaign.name}[/bold]", markup=True)
    out.print(
        f"deadline: {deadline_text(campaign)} ({campaign.timezone}), "
        f"{time_left(campaign.deadline_at, now)}",
        markup=False,
    )
    out.print(
        f"signers: {counts['signers']} on the list, {counts['withdrawn']} withdrawn, "
        f"{counts['late']} late; messages: {counts['messages']}; "
        f"review: {counts['review_open']} open"
    )
    out.print(
        f"replies: {counts['replies_pending']} pending, {counts['replies_sent']} sent, "
        f"{counts['replies_failed']} failed"
    )
    if last is None:
        out.print("last poll: never")
    else:
        state = "ok" if last.ok else ("running" if last.ok is None else f"FAILED: {last.error}")
        out.print(f"last poll: {last.started_at:%Y-%m-%d %H:%M:%S} UTC, {state}", markup=False)


@app.command("backup")
def backup_command(
    target: Annotated[Path, typer.Argument(help="The new file to write the copy to.")],
) -> None:
    """Copy the SQLite database consistently, even while intake run is running."""
    settings = _settings()
    store = _store(settings)
    try:
        pages = store.backup(target)
    finally:
        store.close()
    out.print(f"backup written to {target} ({pages} pages, integrity ok)")


@app.command("demo")
def demo_command() -> None:
    """Run the whole pipeline once on embedded loopback servers with sample mail."""
    from intake.cli.console import first_text_part, replies_table, review_table, signers_table
    from intake.demo import run_demo

    if not State.debug:  # the tables below say what each message became
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


from intake.cli.coordinator import register as _register_coordinator  # noqa: E402

_register_coordinator(app)  # digest, export, review, signers


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
