"""The volunteer's commands on a campaign: init, check, poll, run, status, backup."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from intake.cli.state import err, now, open_store, out, settings, state
from intake.setup import starter


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


def check_command(
    ctx: typer.Context,
    offline: Annotated[
        bool, typer.Option("--offline", help="Skip the IMAP and SMTP logins.")
    ] = False,
) -> None:
    """Validate the config, render every template, log in to IMAP and SMTP."""
    from intake.setup.check import run_checks

    loaded = settings(ctx)
    out.print(f"[green]PASS[/green] config {state(ctx).config}")
    failed = 0
    for result in run_checks(loaded, servers=not offline):
        mark = "[green]PASS[/green]" if result.ok else "[red]FAIL[/red]"
        out.print(f"{mark} {result.name}: ", end="")
        out.print(result.detail, markup=False)
        failed += not result.ok
    if failed:
        raise typer.Exit(1)


def poll_command(
    ctx: typer.Context,
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

    with open_store(ctx) as (loaded, store), progress_bar(err) as progress:
        report = Poller(loaded, store).run(dry_run, progress, backfill)
    if dry_run:
        for where, plan in report.plans:
            out.print(f"{where}: ", end="")
            out.print(plan, markup=False)
        out.print(f"dry run: {len(report.plans)} messages would be recorded; nothing was changed")
        return
    out.print(f"poll: {report.summary()}")
    for error in report.send_errors:
        err.print(f"intake: replies wait in the outbox: {error}", markup=False)


def run_command(ctx: typer.Context) -> None:
    """Poll on the configured interval in the foreground until SIGTERM or Ctrl-C."""
    from intake.run.scheduler import run_forever

    with open_store(ctx) as (loaded, store):
        run_forever(loaded, store)


def status_command(ctx: typer.Context) -> None:
    """Counts, the last poll, pending replies and the time left to the deadline."""
    from intake.deadline import deadline_text, time_left

    with open_store(ctx) as (loaded, store):
        counts = store.counts()
        last = store.last_poll()
    campaign = loaded.campaign
    out.print(f"[bold]{campaign.name}[/bold]", markup=True)
    out.print(
        f"deadline: {deadline_text(campaign)} ({campaign.timezone}), "
        f"{time_left(campaign.deadline_at, now())}",
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
        how = "ok" if last.ok else ("running" if last.ok is None else f"FAILED: {last.error}")
        out.print(f"last poll: {last.started_at:%Y-%m-%d %H:%M:%S} UTC, {how}", markup=False)


def backup_command(
    ctx: typer.Context,
    target: Annotated[Path, typer.Argument(help="The new file to write the copy to.")],
) -> None:
    """Copy the SQLite database consistently, even while intake run is running."""
    with open_store(ctx) as (_, store):
        pages = store.backup(target)
    out.print(f"backup written to {target} ({pages} pages, integrity ok)")


def register(app: typer.Typer) -> None:
    """Add the campaign's commands to the ``intake`` app."""
    app.command("init")(init_command)
    app.command("check")(check_command)
    app.command("poll")(poll_command)
    app.command("run")(run_command)
    app.command("status")(status_command)
    app.command("backup")(backup_command)
