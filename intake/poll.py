"""The poll job: one cycle of fetch, parse, guard, extract, record, reply, mark.

``Poller.run`` is what ``intake poll`` runs by hand and what the scheduler
runs on its interval. One bad message never stops a cycle: it is recorded
with its error and queued for review, and the cycle goes on.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from intake import guards
from intake.config import Settings
from intake.errors import IntakeError
from intake.extract import ExtractContext, Extraction, Kind, extract
from intake.mailbox import FolderState, Mailbox, RawMail
from intake.message import Address, Message, parse, parse_headers_only
from intake.outbox import ReplyBuilder, SendReport, send_pending
from intake.outbox.reply import MESSAGE_ID_PREFIX
from intake.plan import Plan, Policy, decide
from intake.render import Templates
from intake.store import Location, ReplyDraft, SignerRecord, Store, identity

log = logging.getLogger(__name__)
Clock = Callable[[], datetime]
Progress = Callable[[int, int], None]
_BROKEN = ("mail-parser failed", "body unreadable", "MIME nesting too deep")


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass
class CycleReport:
    """Counts from one cycle, and each plan when it was a dry run."""

    fetched: int = 0
    recorded: int = 0
    duplicates: int = 0
    skipped_old: int = 0
    replies_queued: int = 0
    replies_sent: int = 0
    review: int = 0
    errors: int = 0
    folders: dict[str, str] = field(default_factory=dict)
    plans: list[tuple[str, str]] = field(default_factory=list)
    send_errors: list[str] = field(default_factory=list)
    smtp_auth_failed: bool = False

    def summary(self) -> str:
        return (
            f"{self.fetched} fetched, {self.recorded} recorded, {self.duplicates} already known, "
            f"{self.replies_queued} replies queued, {self.replies_sent} sent, "
            f"{self.review} to review, {self.errors} errors"
        )

    def counts(self) -> dict[str, int]:
        return {
            "fetched": self.fetched,
            "recorded": self.recorded,
            "replies_sent": self.replies_sent,
            "review": self.review,
        }


class Poller:
    """Runs poll cycles for one campaign."""

    def __init__(
        self,
        settings: Settings,
        store: Store,
        clock: Clock = utcnow,
        mailbox: Callable[[], Mailbox] | None = None,
    ) -> None:
        self.settings = settings
        self.store = store
        self.clock = clock
        self.mailbox = mailbox or (lambda: Mailbox(settings.imap))
        campaign = settings.campaign
        self.guard_context = guards.GuardContext(
            own_addresses=campaign.addresses, message_id_prefix=MESSAGE_ID_PREFIX
        )
        self.extract_context = ExtractContext(own_addresses=campaign.addresses)
        self.policy = Policy(
            closed_reply=campaign.closed_reply, review_threshold=settings.replies.review_threshold
        )
        self.builder = ReplyBuilder(campaign, Templates(settings.templates_dir))

    def run(self, dry_run: bool = False, progress: Progress | None = None) -> CycleReport:
        """One cycle over every watched folder. Raises MailboxError when IMAP fails."""
        report = CycleReport()
        poll_id = None if dry_run else self.store.start_poll(self.clock())
        try:
            with self.mailbox() as box:
                for folder in self.settings.folders.watch:
                    self._folder(box, folder, report, dry_run, progress)
        except IntakeError as exc:
            if poll_id is not None:
                self.store.finish_poll(poll_id, self.clock(), False, report.counts(), str(exc))
                self.store.incident("imap", type(exc).__name__, str(exc), self.clock())
            raise
        if poll_id is not None:
            self.store.finish_poll(
                poll_id, self.clock(), True, report.counts(), "; ".join(report.send_errors)
            )
        return report

    def _folder(
        self,
        box: Mailbox,
        folder: str,
        report: CycleReport,
        dry_run: bool,
        progress: Progress | None,
    ) -> None:
        state = box.select(folder)
        after = self._start_after(state)
        opened = self.settings.campaign.opened_at
        uids = box.new_uids(after, opened.date() if opened else None)
        report.folders[folder] = f"{len(uids)} new"
        done = 0
        for batch in box.fetch(
            uids, self.settings.poll.batch_size, self.settings.poll.max_message_bytes
        ):
            for raw in batch:
                self._one(state, raw, report, dry_run)
            done += len(batch)
            if progress:
                progress(done, len(uids))
            if dry_run:
                continue
            self._send(report)
            folders = self.settings.folders
            marked = box.mark(state, [m.uid for m in batch], folders.keyword, folders.move_to)
            log.debug("%s: %s", folder, marked)

    def _start_after(self, state: FolderState) -> int:
        checkpoint = self.store.checkpoint(state.name)
        if checkpoint is None:
            return 0
        if checkpoint.uidvalidity != state.uidvalidity:
            log.warning(
                "%s: UIDVALIDITY changed (%d -> %d): rescanning; recorded messages are skipped",
                state.name,
                checkpoint.uidvalidity,
                state.uidvalidity,
            )
            return 0
        return checkpoint.last_uid

    def _one(self, state: FolderState, raw: RawMail, report: CycleReport, dry_run: bool) -> None:
        report.fetched += 1
        location = Location(state.name, state.uidvalidity, raw.uid)
        message = read_message(raw)
        ident = identity(
            message.message_id,
            message.sender.addr,
            message.header("date") or "",
            message.subject,
            raw.data,
        )
        now = self.clock()
        if self.store.known(location, ident):
            report.duplicates += 1
            if not dry_run:
                self.store.advance(location, now)
            return
        if guards.before_opening(raw.internaldate, self.settings.campaign.opened_at):
            report.skipped_old += 1
            if not dry_run:
                self.store.advance(location, now)
            return
        plan = self.plan(message, now)
        if dry_run:
            report.plans.append((f"{state.name}/{raw.uid} {message.sender.addr}", plan.describe()))
            return
        self._record(location, message, plan, ident, now, report)

    def plan(self, message: Message, now: datetime) -> Plan:
        """Guards (with the daily limit), extraction and the plan for one message."""
        verdict = guards.check(message, self.guard_context)
        address = message.reply_address.addr
        extra = [
            guards.deliverable(address),
            guards.over_daily_limit(
                self.store.replies_since(address, now - timedelta(days=1)),
                self.settings.replies.daily_limit,
            ),
        ]
        verdict = guards.Verdict(verdict.hits + tuple(h for h in extra if h))
        extraction = safe_extract(message, self.extract_context)
        late = guards.is_late(message.received or now, self.settings.campaign.deadline_at)
        plan = decide(message, extraction, verdict, late, self.policy)
        broken = [d for d in message.defects if d.startswith(_BROKEN)]
        if broken or "extraction failed" in " ".join(extraction.reasons):
            plan = dataclasses.replace(
                plan, review_reasons=(*plan.review_reasons, *broken, *extraction.reasons[:1])
            )
        return plan

    def _record(
        self,
        location: Location,
        message: Message,
        plan: Plan,
        ident: str,
        now: datetime,
        report: CycleReport,
    ) -> None:
        def render(records: Sequence[SignerRecord]) -> ReplyDraft | None:
            assert plan.reply is not None
            return self.builder.draft(message, ident, plan.reply.value, records, now)

        result = self.store.record(location, message, plan, ident, render, now)
        if result.duplicate:
            report.duplicates += 1
            return
        report.recorded += 1
        report.review += int(result.review)
        report.replies_queued += int(result.reply_id is not None)
        log.info(
            "%s/%d %s: %s", location.folder, location.uid, message.sender.addr, plan.describe()
        )

    def _send(self, report: CycleReport) -> SendReport:
        campaign = self.settings.campaign
        sent = send_pending(self.store, self.settings.smtp, campaign.reply_from, self.clock)
        report.replies_sent += sent.sent
        if sent.error:
            report.send_errors.append(sent.error)
            report.smtp_auth_failed = report.smtp_auth_failed or sent.auth_failed
        return sent

    def send_only(self) -> SendReport:
        """Send what is queued without reading the mailbox."""
        return send_pending(
            self.store, self.settings.smtp, self.settings.campaign.reply_from, self.clock
        )


def read_message(raw: RawMail) -> Message:
    """Parse fetched bytes; never raises (a parser crash becomes a recorded defect)."""
    try:
        if raw.truncated:
            return parse_headers_only(raw.data, raw.size, raw.internaldate)
        return parse(raw.data, raw.internaldate)
    except Exception as exc:  # parse() promises not to raise; this keeps the promise for it
        return Message(
            sender=Address("", ""),
            received=raw.internaldate,
            size=raw.size,
            defects=(f"body unreadable: {type(exc).__name__}",),
        )


def safe_extract(message: Message, context: ExtractContext) -> Extraction:
    """Extraction that turns a crash into a low-confidence 'other' for review."""
    try:
        return extract(message, context)
    except Exception as exc:
        log.exception("extraction failed on %s", message.message_id or "a message")
        return Extraction(Kind.OTHER, (), 0.0, (f"extraction failed: {type(exc).__name__}",))
