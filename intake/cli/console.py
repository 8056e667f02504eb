"""Rich tables and lines for the CLI: the coordinator's views, printed."""

from __future__ import annotations

import email
import email.policy
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from email.message import EmailMessage

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from intake.store import SignerRecord
from intake.store.views import ReplyLogEntry, ReviewItem

SHOW_PROGRESS_FROM = 50


def _dash(value: str | None) -> str:
    return value if value else "—"


def signers_table(records: Sequence[SignerRecord], title: str = "Signatories") -> Table:
    """Signers with their capacity and whether they are on the list."""
    table = Table(title=title, title_justify="left", show_lines=False)
    for column in ("#", "Name", "Title", "Organization", "As", "Status"):
        table.add_column(column, overflow="fold")
    for record in records:
        status = "late" if record.late and record.status == "active" else record.status
        table.add_row(
            str(record.id),
            _dash(record.name),
            _dash(record.title),
            _dash(record.organization),
            record.capacity.value,
            status,
        )
    return table


def replies_table(entries: Sequence[ReplyLogEntry], title: str = "Replies") -> Table:
    """Replies by template and status (the template says which reply went)."""
    table = Table(title=title, title_justify="left")
    for column in ("To", "Template", "Status"):
        table.add_column(column, overflow="fold")
    for entry in entries:
        status = entry.status + (f" ({entry.last_error})" if entry.last_error else "")
        table.add_row(entry.to_addr, entry.template, status)
    counts = Counter(entry.template for entry in entries)
    table.caption = ", ".join(f"{n} {name}" for name, n in sorted(counts.items()))
    return table


def review_table(items: Sequence[ReviewItem], title: str = "Review queue") -> Table:
    """Messages waiting for the coordinator, with the one-line reason."""
    table = Table(title=title, title_justify="left")
    for column in ("ID", "From", "Kind", "Why"):
        table.add_column(column, overflow="fold")
    for item in items:
        table.add_row(str(item.id), item.sender, item.kind, item.reason)
    return table


def first_text_part(raw: bytes) -> str:
    """The headers people read and the plain text of a sent mail."""
    mail = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(mail, EmailMessage)
    head = "\n".join(f"{name}: {mail[name]}" for name in ("From", "To", "Subject") if mail[name])
    body = mail.get_body(("plain",))
    text = body.get_content() if body is not None else ""
    return f"{head}\n\n{text.strip()}\n"


@contextmanager
def progress_bar(console: Console) -> Iterator[Callable[[int, int], None]]:
    """A callback that shows a bar with counts and rate once a cycle has many messages.

    Nothing is drawn for a handful of messages or when stderr is not a terminal.
    """
    progress = Progress(
        TextColumn("reading mail"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:>6.0f} msg/s"),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    )
    task: TaskID | None = None

    def update(done: int, total: int) -> None:
        nonlocal task
        if total < SHOW_PROGRESS_FROM or not console.is_terminal:
            return
        if task is None:
            progress.start()
            task = progress.add_task("poll", total=total, rate=0.0)
        elapsed = progress.tasks[0].elapsed or 0.0
        progress.update(task, completed=done, rate=done / elapsed if elapsed else 0.0)

    try:
        yield update
    finally:
        if task is not None:
            progress.stop()
