"""What a digest says, as plain frozen values: the templates only lay them out.

Times arrive already written out in the campaign's zone ("Sat 20 Jun 2020
08:00 EDT"), so a template never needs a filter or a clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from intake.export import Letter, Organization, Person, in_both

KINDS = ("daily", "final", "manual")


def local_text(moment: datetime, zone: ZoneInfo) -> str:
    """ "Sat 20 Jun 2020 08:00 EDT": a time as the coordinator reads it."""
    at = moment.astimezone(zone)
    return f"{at:%a} {at.day} {at:%b %Y %H:%M} {at.tzname()}"


@dataclass(frozen=True, slots=True)
class Window:
    """What a digest reports on: ``[start, end)``; no start means since the beginning."""

    start: datetime | None
    end: datetime


@dataclass(frozen=True, slots=True)
class Change:
    """A correction, an edit, a withdrawal or a removal, in one line."""

    who: str
    what: str
    by: str


@dataclass(frozen=True, slots=True)
class Arrival:
    """Mail from a person after signing closed."""

    sender: str
    subject: str
    received: str
    names: str


@dataclass(frozen=True, slots=True)
class Item:
    """An open review item: who wrote, about what, and why it waits."""

    id: int
    sender: str
    subject: str
    reason: str
    new: bool
    excerpt: str


@dataclass(frozen=True, slots=True)
class FailedReply:
    """A reply the mail server refused for good: someone must write by hand."""

    to: str
    subject: str
    error: str
    new: bool


@dataclass(frozen=True, slots=True)
class Incident:
    """An IMAP or SMTP failure, with its local time."""

    at: str
    source: str
    kind: str
    detail: str


@dataclass(frozen=True, slots=True)
class Totals:
    """The standing numbers every digest carries."""

    on_list: int
    organizations: int
    individuals: int
    withdrawn: int
    late: int
    review_open: int
    replies_failed: int


@dataclass(frozen=True, slots=True)
class Waiting:
    """A reply that waits after a failed attempt: to whom, which, queued when, and why."""

    to: str
    template: str
    queued: str
    error: str


@dataclass(frozen=True, slots=True)
class Skipped:
    """Mail received before the campaign opened, which intake does not read."""

    opened: str
    total: int
    new: int


@dataclass(frozen=True, slots=True)
class Health:
    """Is intake reading the mailbox and sending? The last good poll, failures, the
    replies that wait (and why), and a warning if stale."""

    last_ok_poll: str
    last_failure: str
    warning: str
    incidents: tuple[Incident, ...]
    failed_polls: int
    replies_waiting: int
    waiting: tuple[Waiting, ...] = ()
    skipped: Skipped | None = None

    @property
    def ok(self) -> bool:
        troubles = (self.warning, self.last_failure, self.incidents, self.failed_polls)
        return not any(troubles) and not self.waiting


@dataclass(frozen=True)
class DigestContent:
    """One digest: what changed in its window, what waits, the totals and the health."""

    kind: str
    campaign: str
    since: str
    until: str
    new_count: int
    new_organizations: tuple[Organization, ...]
    new_individuals: tuple[Person, ...]
    changes: tuple[Change, ...]
    withdrawals: tuple[Change, ...]
    late: tuple[Arrival, ...]
    questions: tuple[Item, ...]
    review: tuple[Item, ...]
    failed_replies: tuple[FailedReply, ...]
    totals: Totals
    deadline: str
    time_left: str
    closed: bool
    health: Health
    letter: Letter
    desk_url: str = ""

    def link(self, path: str) -> str:
        """A link into the desk (``desk.url`` + ``path``), or "" when no desk address is set."""
        return self.desk_url.rstrip("/") + path if self.desk_url else ""

    @property
    def final(self) -> bool:
        return self.kind == "final"

    @property
    def nothing_new(self) -> bool:
        """No signer changed, no late mail, nothing new waiting, no new failed reply."""
        waiting = [i.new for i in (*self.questions, *self.review)]
        waiting += [r.new for r in self.failed_replies]
        happened = (self.new_count, self.changes, self.withdrawals, self.late)
        return not any(happened) and not any(waiting)

    @property
    def new_both(self) -> int:
        """New signers listed under organizations and individuals alike."""
        return in_both(self.new_organizations, self.new_individuals)

    @staticmethod
    def both_words(count: int) -> str:
        """Why the two sections add up to more than the signers, or "" when they do not."""
        if not count:
            return ""
        if count == 1:
            return "1 signs in their own name and for their organization, so is listed under each"
        return (
            f"{count} sign in their own name and for their organization, so are listed under each"
        )

    def news(self) -> str:
        """What happened in the window ("3 new signers, 1 withdrawal") or "nothing new"."""
        parts = [
            _count(self.new_count, "new signer"),
            _count(len(self.changes), "correction"),
            _count(len(self.withdrawals), "withdrawal"),
            _count(len(self.late), "late message"),
        ]
        return ", ".join(p for p in parts if p) or "nothing new"

    def waiting(self) -> str:
        """What waits for the coordinator ("1 question, 2 items to review"), or ""."""
        parts = [
            _count(len(self.questions), "question"),
            _count(len(self.review), "other item to review", "other items to review"),
            _count(len(self.failed_replies), "failed reply", "failed replies"),
        ]
        return ", ".join(p for p in parts if p)

    def summary(self) -> str:
        """News, then what waits: the digest's subject line says this."""
        waiting = self.waiting()
        return self.news() + (f"; waiting for you: {waiting}" if waiting else "")


def _count(number: int, one: str, many: str | None = None) -> str:
    if not number:
        return ""
    return f"{number} {one if number == 1 else many or one + 's'}"
