"""The volunteer's commands on a campaign: init, check, poll, run, status, backup."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from intake import config
from intake.cli.state import EXIT_UNSENT, campaign_lock, err, now, open_store, out, state
from intake.setup import starter
from intake.setup.answers import Answers
from intake.store import PollRecord
from intake.store.outbox import WaitingReply

WAITING_SHOWN = 20

SERVERS = "Mail servers, for --provider other"


def init_command(
    folder: Annotated[
        Path, typer.Argument(help="Folder to write intake.toml and templates/ into.")
    ] = Path(),
    name: Annotated[str | None, typer.Option(help="The letter's name.")] = None,
    letter_url: Annotated[str | None, typer.Option(help="A link to the letter.")] = None,
    coordinator_name: Annotated[str | None, typer.Option(help="Signs the replies.")] = None,
    coordinator: Annotated[str | None, typer.Option(help="Gets the digest.")] = None,
    provider: Annotated[str | None, typer.Option(help="gmail, microsoft365 or other.")] = None,
    mailbox: Annotated[
        str | None, typer.Option(help="The address intake reads (default: --coordinator).")
    ] = None,
    password_env: Annotated[
        str | None, typer.Option(help="gmail: the app password's variable.")
    ] = None,
    token_command: Annotated[
        str | None, typer.Option(help="microsoft365: prints an OAuth2 token.")
    ] = None,
    imap_host: Annotated[
        str | None, typer.Option(help="Host name.", rich_help_panel=SERVERS)
    ] = None,
    imap_security: Annotated[
        str | None,
        typer.Option(help="tls, starttls or none (loopback only).", rich_help_panel=SERVERS),
    ] = None,
    imap_port: Annotated[
        str | None, typer.Option(help="Default: by --imap-security.", rich_help_panel=SERVERS)
    ] = None,
    imap_user: Annotated[
        str | None, typer.Option(help="Login name (default: --mailbox).", rich_help_panel=SERVERS)
    ] = None,
    imap_password_env: Annotated[
        str | None,
        typer.Option(help="The password's environment variable.", rich_help_panel=SERVERS),
    ] = None,
    imap_ca_file: Annotated[
        str | None,
        typer.Option(help="CA certificate of a private server.", rich_help_panel=SERVERS),
    ] = None,
    smtp_host: Annotated[
        str | None, typer.Option(help="Host name.", rich_help_panel=SERVERS)
    ] = None,
    smtp_security: Annotated[
        str | None,
        typer.Option(help="tls, starttls or none (loopback only).", rich_help_panel=SERVERS),
    ] = None,
    smtp_port: Annotated[
        str | None, typer.Option(help="Default: by --smtp-security.", rich_help_panel=SERVERS)
    ] = None,
    smtp_user: Annotated[
        str | None,
        typer.Option(help="'none': the server needs no login.", rich_help_panel=SERVERS),
    ] = None,
    smtp_password_env: Annotated[
        str | None,
        typer.Option(help="The password's environment variable.", rich_help_panel=SERVERS),
    ] = None,
    smtp_ca_file: Annotated[
        str | None,
        typer.Option(help="CA certificate of a private server.", rich_help_panel=SERVERS),
    ] = None,
    timezone: Annotated[
        str | None, typer.Option(help="IANA name (default: this machine's).")
    ] = None,
    opened: Annotated[str | None, typer.Option(help="YYYY-MM-DD (default: today).")] = None,
    deadline: Annotated[
        str | None, typer.Option(help="Local 'YYYY-MM-DD HH:MM' in --timezone.")
    ] = None,
    no_input: Annotated[
        bool, typer.Option("--no-input", help="Never ask: take flags and defaults (scripts).")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing files.")] = False,
    skip_check: Annotated[
        bool, typer.Option("--no-check", help="Do not run intake check afterwards.")
    ] = False,
) -> None:
    """Ask about the campaign and its mailbox, write intake.toml and templates, run check."""
    from intake.cli.prompts import TerminalPrompter
    from intake.setup import interview

    given = {
        key.replace("_", "-"): value
        for key, value in locals().items()
        if key not in ("folder", "no_input", "force", "skip_check") and isinstance(value, str)
    }
    asking = not no_input and sys.stdin.isatty()
    prompter = TerminalPrompter(out) if asking else None
    if asking:
        out.print(f"Setting up a campaign in {folder.resolve()} (Ctrl-C to stop).", markup=False)
    answers = interview.run(interview.Interview(given, prompter, guessed_zone(), Path.cwd()))
    written = starter.write(folder, answers, force)
    out.print(f"wrote {written[0]} and {len(written) - 1} templates", markup=False)
    if answers.deadline_at() <= now():
        err.print(
            f"intake: warning: the deadline {answers.deadline:%Y-%m-%d %H:%M} has passed: "
            "every signer would be told that signing has closed (set campaign.deadline)",
            markup=False,
        )
    failed = 0 if skip_check else report_checks(written[0], servers=True)
    _next_steps(written[0], answers, failed)


def guessed_zone() -> str:
    """This machine's IANA time zone, or UTC when it cannot be told."""
    import tzlocal

    try:
        return tzlocal.get_localzone_name() or "UTC"
    except Exception:  # tzlocal raises its own errors on odd set-ups; a guess may fail
        return "UTC"


def _next_steps(path: Path, answers: Answers, failed: int) -> None:
    variables = sorted({s.password_env for s in (answers.imap, answers.smtp) if s.password_env})
    lines = ["", "Next:"]
    lines += [f"  export {name}='...'    (the password: never in the file)" for name in variables]
    if failed:
        lines.append(f"  intake -c {path} check    (until every line passes)")
    lines += [
        f"  intake -c {path} poll --dry-run    (what it would do; changes nothing)",
        f"  intake -c {path} run    (poll until stopped; README: running it for weeks)",
    ]
    out.print("\n".join(lines), markup=False, soft_wrap=True)


def check_command(
    ctx: typer.Context,
    offline: Annotated[
        bool, typer.Option("--offline", help="Skip the IMAP and SMTP logins.")
    ] = False,
) -> None:
    """Validate the config, render every template, log in to IMAP and SMTP."""
    if report_checks(state(ctx).config, servers=not offline):
        raise typer.Exit(1)


def report_checks(path: Path, servers: bool) -> int:
    """Print one PASS, WARN or FAIL line per check of the campaign at ``path``; count failures."""
    from intake.setup.check import run_checks

    loaded = config.load(path)
    out.print(f"[green]PASS[/green] config {escape(str(path))}")
    failed = 0
    for result in run_checks(loaded, servers=servers):
        mark = "[red]FAIL[/red]" if not result.ok else "[green]PASS[/green]"
        mark = "[yellow]WARN[/yellow]" if result.warning else mark
        out.print(f"{mark} {escape(result.name)}: ", end="")
        out.print(result.detail, markup=False)
        failed += not result.ok
    return failed


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
    """Run one poll cycle: fetch, record, reply, mark (exit 3: replies wait, SMTP failed)."""
    from intake.cli.console import plain, progress_bar
    from intake.run.poll import Poller

    with open_store(ctx) as (loaded, store), progress_bar(err) as progress:
        report = Poller(loaded, store).run(dry_run, progress, backfill)
    if dry_run:
        for where, plan in report.plans:
            out.print(plain(f"{where}: {plan}"))
        out.print(f"dry run: {len(report.plans)} messages would be recorded; nothing was changed")
        return
    out.print(f"poll: {report.summary()}", markup=False)
    for error in report.send_errors:
        err.print(f"intake: replies wait in the outbox: {error}", markup=False)
    if report.send_errors:
        raise typer.Exit(EXIT_UNSENT)


def run_command(
    ctx: typer.Context,
    standby: Annotated[
        bool,
        typer.Option(
            "--standby",
            help="While another intake runs this campaign, wait and take over when it stops.",
        ),
    ] = False,
) -> None:
    """Poll on the configured interval in the foreground until SIGTERM or Ctrl-C."""
    from intake.run.scheduler import run_forever

    with (
        open_store(ctx) as (loaded, store),
        campaign_lock(loaded, store).hold("intake run", wait=standby),
    ):
        run_forever(loaded, store)


def status_command(ctx: typer.Context) -> None:
    """Counts, the last poll, pending replies and the time left to the deadline."""
    from intake.cli.console import plain
    from intake.deadline import deadline_text, time_left

    with open_store(ctx) as (loaded, store):
        counts = store.counts()
        last = store.last_poll()
        waiting = store.waiting_replies()
        skipped = store.skipped()
    campaign = loaded.campaign
    out.print(f"[bold]{escape(campaign.name)}[/bold]")
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
    for line in status_lines(last, waiting, skipped, campaign.zone, campaign.opened_at):
        out.print(plain(line))


def status_lines(
    last: PollRecord | None,
    waiting: Sequence[WaitingReply],
    skipped: int,
    zone: tzinfo,
    opened: datetime | None,
) -> list[str]:
    """The last poll as it went, the replies that wait and why, and mail not read."""
    if last is None:
        lines = ["last poll: never"]
    else:
        if last.ok and last.error:
            how = f"mail read, but replies could not be sent: {last.error}"
        elif last.ok:
            how = "ok"
        else:
            how = "running" if last.ok is None else f"FAILED: {last.error}"
        lines = [f"last poll: {last.started_at.astimezone(zone):%Y-%m-%d %H:%M:%S %Z}, {how}"]
    if waiting:
        lines.append(f"waiting to be sent ({len(waiting)}), after a failed attempt:")
        for reply in waiting[:WAITING_SHOWN]:
            queued = reply.created_at.astimezone(zone)
            lines.append(
                f"  {reply.to_addr} ({reply.template}, queued {queued:%Y-%m-%d %H:%M %Z}): "
                f"{reply.last_error}"
            )
        if len(waiting) > WAITING_SHOWN:
            lines.append(f"  and {len(waiting) - WAITING_SHOWN} more")
    if skipped:
        day = f" ({opened:%Y-%m-%d})" if opened else ""
        lines.append(f"{skipped} messages received before the campaign opened{day} were not read")
    return lines


def backup_command(
    ctx: typer.Context,
    target: Annotated[Path, typer.Argument(help="The new file to write the copy to.")],
) -> None:
    """Copy the database consistently, even while intake run is running (PostgreSQL: pg_dump)."""
    with open_store(ctx) as (_, store):
        written = store.backup(target)
    out.print(f"backup written to {target} ({written})", markup=False)


def register(app: typer.Typer) -> None:
    """Add the campaign's commands to the ``intake`` app."""
    app.command("init")(init_command)
    app.command("check")(check_command)
    app.command("poll")(poll_command)
    app.command("run")(run_command)
    app.command("status")(status_command)
    app.command("backup")(backup_command)
