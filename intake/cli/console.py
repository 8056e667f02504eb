"""Rich tables and lines for the CLI: the coordinator's views, printed."""

from __future__ import annotations

import email
import email.policy
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from email.message import EmailMessage

from rich.console import Console, ConsoleOptions, RenderResult
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text as RichText

from intake.message.clean import clean_text
from intake.store import SignerRecord
from intake.store.views import ReplyLogEntry, ReviewItem, Unanswered

SHOW_PROGRESS_FROM = 50


class Listing(Table):
    """A table whose columns are never narrower than their longest word, where that fits.

    Rich folds a word that does not fit its column ("Sokolov-Brand" / "t"). At render
    time, when the natural widths do not fit, each column gets its longest word
    (up to ``LONGEST_WORD``) and the room left is shared by what each could still use.
    """

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        fit_columns(self, options.max_width)
        yield from super().__rich_console__(console, options)


LONGEST_WORD = 48  # an email address, e.g.


def fit_columns(table: Table, width: int) -> None:
    """Fix each column's width so that words stay whole in ``width`` characters, if they can."""
    cells = [[str(c) for c in (col.header, *col.cells)] for col in table.columns]
    widest = [max(len(line) for c in col for line in c.splitlines() or [""]) for col in cells]
    words = [
        max(min(LONGEST_WORD, len(w)) for c in col for w in c.split() or [""]) for col in cells
    ]
    room = width - 3 * len(cells) - 1  # a border and two spaces of padding per column, one edge
    if sum(widest) <= room or sum(words) > room:
        return  # it fits as it is, or words must fold anyway: Rich decides
    spare, wants = room - sum(words), [w - m for w, m in zip(widest, words, strict=True)]
    extra = [spare * want // sum(wants) for want in wants]
    for column, least, more in zip(table.columns, words, extra, strict=True):
        column.width = least + more


def plain(value: object) -> RichText:
    """Text from a message or the record, printed as written: no Rich markup, no emoji
    codes, no control characters (an ESC in a name never reaches the terminal)."""
    return RichText(clean_text(str(value)))


def _dash(value: str | None) -> RichText:
    return plain(value) if value else RichText("—")


def signers_table(records: Sequence[SignerRecord], title: str = "Signatories") -> Table:
    """Signers with their capacity and whether they are on the list."""
    table = Listing(title=title, title_justify="left", show_lines=False)
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
            plain(status),
        )
    return table


def replies_table(entries: Sequence[ReplyLogEntry], title: str = "Replies") -> Table:
    """Replies by template and status (the template says which reply went)."""
    table = Listing(title=title, title_justify="left")
    for column in ("To", "Template", "Status"):
        table.add_column(column, overflow="fold")
    for entry in entries:
        status = entry.status + (f" ({entry.last_error})" if entry.last_error else "")
        table.add_row(plain(entry.to_addr), plain(entry.template), plain(status))
    counts = Counter(entry.template for entry in entries)
    table.caption = plain(", ".join(f"{n} {name}" for name, n in sorted(counts.items())))
    return table


def unanswered_table(messages: Sequence[Unanswered]) -> Table:
    """Messages that got no reply, with the reason none was sent."""
    table = Listing(title=f"Got no reply ({len(messages)})", title_justify="left")
    for column in ("From", "Kind", "Why no reply"):
        table.add_column(column, overflow="fold")
    for message in messages:
        why = message.reason or _NO_REPLY_BY_KIND.get(message.kind, "nothing to confirm")
        table.add_row(plain(message.sender), message.kind, plain(why))
    return table


_NO_REPLY_BY_KIND = {"question": "a question: the coordinator answers it (intake review)"}


def review_table(items: Sequence[ReviewItem], title: str = "Review queue") -> Table:
    """Messages waiting for the coordinator, with the one-line reason."""
    table = Listing(title=title, title_justify="left")
    for column in ("ID", "From", "Kind", "Why"):
        table.add_column(column, overflow="fold")
    for item in items:
        table.add_row(str(item.id), plain(item.sender), item.kind, plain(item.reason))
    return table


def first_text_part(raw: bytes) -> str:
    """The headers people read and the plain text of a sent mail."""
    mail = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(mail, EmailMessage)
    head = "\n".join(f"{name}: {mail[name]}" for name in ("From", "To", "Subject") if mail[name])
    body = mail.get_body(("plain",))
    text = body.get_content() if body is not None else ""
    return clean_text(f"{head}\n\n{text.strip()}\n")


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
