"""The poll job: one cycle of fetch, record, send and mark; the I/O around ``assess``.

``Poller.run`` is what ``intake poll`` runs by hand and what the scheduler
runs on its interval. What to do with each message is decided by
:func:`intake.assess.assess` from the message and the facts only the poll can
gather (the time, the replies this address had today); the poll records that
plan, sends what it queued and marks the mail. One bad message never stops a
cycle: it is recorded with its error and queued for review, and the cycle goes on.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from intake import guards
from intake.assess import Facts, Plan, Policy, assess, reply_target, unreadable
from intake.config import Settings
from intake.errors import (
    IntakeError,
    MailboxAuthError,
    MailboxError,
    StoreError,
    StoreValueError,
)
from intake.extract import ExtractContext
from intake.mailbox import FetchLimits, FolderState, Mailbox, RawMail
from intake.message import Address, Message
from intake.outbox import ReplyBuilder, SendReport, SmtpSession, send_pending
from intake.render import Templates
from intake.run.alerts import Alerts
from intake.run.analysis import Ahead, Analysis, Analyzer
from intake.run.lock import CampaignLock
from intake.store import Batch, Location, ReplyDraft, SignerRecord, Store

log = logging.getLogger(__name__)
Clock = Callable[[], datetime]
DAY = timedelta(days=1)  # the daily limit's window
Progress = Callable[[int, int], None]


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
    smtp_connected: bool = False

    def summary(self) -> str:
        before = f", {self.skipped_old} received before the campaign opened (not read)"
        return (
            f"{self.fetched} fetched, {self.recorded} recorded, {self.duplicates} already known, "
            f"{self.replies_queued} replies queued, {self.replies_sent} sent, "
            f"{self.review} to review, {self.errors} errors" + (before if self.skipped_old else "")
        )

    def counts(self) -> dict[str, int]:
        return {
            "fetched": self.fetched,
            "recorded": self.recorded,
            "replies_sent": self.replies_sent,
            "review": self.review,
        }


@dataclass
class _Cycle:
    """One cycle's options and counts, handed down the cycle's steps."""

    report: CycleReport
    dry_run: bool
    backfill: bool
    progress: Progress | None
    smtp: SmtpSession  # one connection for the whole cycle, opened when first needed


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
        self.policy = Policy.of(settings)
        self.extract_context = ExtractContext(own_addresses=self.policy.own_addresses)
        templates = Templates(settings.templates_dir)  # one sandbox: compiled once, shared
        self.builder = ReplyBuilder(settings.campaign, templates, settings.replies.reply_to)
        self.alerts = Alerts(settings, store, clock, templates)
        self.lock = CampaignLock.for_store(store, settings.base_dir)

    def run(
        self, dry_run: bool = False, progress: Progress | None = None, backfill: bool = False
    ) -> CycleReport:
        """One cycle over every watched folder. Raises MailboxError when IMAP fails.

        ``backfill`` records everything there is now without sending any reply
        (for a campaign that started before intake did); it holds for this run only.
        """
        with self.lock.turn("intake poll"), SmtpSession(self.settings.smtp) as smtp:
            cycle = _Cycle(CycleReport(), dry_run, backfill, progress, smtp)
            if dry_run:
                return self._run(cycle)
            if freed := self.store.release_stale_leases():
                log.warning(
                    "%d replies were left leased by a process that has ended; sending them now",
                    freed,
                )
            try:
                report = self._run(cycle)
            except MailboxAuthError as exc:
                if self.alerts.failing("imap", str(exc), mail_now=True):
                    self.send_only(smtp)
                raise
            self._after(cycle)
            return report

    def _retention(self) -> None:
        """Past the retention date, remove stored message text (the signer list stays)."""
        days = self.settings.retention.message_text_days
        if days is None:
            return
        if self.clock() < self.settings.campaign.deadline_at + timedelta(days=days):
            return
        if removed := self.store.purge_text():
            log.info("retention: removed the text of %d messages", removed)

    def _after(self, cycle: _Cycle) -> None:
        """Close or open login alerts after a cycle whose IMAP login worked."""
        report = cycle.report
        self._retention()
        queued = self.alerts.working("imap")
        if report.smtp_auth_failed:
            detail = report.send_errors[-1] if report.send_errors else "login refused"
            self.alerts.failing("smtp", detail, mail_now=False)
        elif report.smtp_connected:
            queued = self.alerts.working("smtp") or queued
        if queued:
            self.send_only(cycle.smtp)

    def _run(self, cycle: _Cycle) -> CycleReport:
        report = cycle.report
        poll_id = None if cycle.dry_run else self.store.start_poll(self.clock())
        try:
            with self.mailbox() as box:
                for folder in self.settings.folders.watch:
                    self._folder(box, folder, cycle)
            if not cycle.dry_run:
                self._send(cycle)  # replies left from earlier cycles (SMTP was down)
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

    def _folder(self, box: Mailbox, folder: str, cycle: _Cycle) -> None:
        state = box.select(folder)
        after = self._start_after(state)
        since = guards.search_since(self.settings.campaign.opened_at)
        uids = box.new_uids(after, since)
        older = box.uids_before(after, since) if since else []
        cycle.report.folders[folder] = f"{len(uids)} new"
        batches = box.fetch(uids, self._limits())
        self._read(box, state, batches, len(uids), cycle)
        if older:  # never fetched: the server's date alone puts them before the opening
            self._skipped(Location(state.name, state.uidvalidity, max(older)), len(older), cycle)

    def _limits(self) -> FetchLimits:
        poll = self.settings.poll
        return FetchLimits(poll.batch_size, poll.batch_bytes, poll.max_message_bytes)

    def _skipped(
        self, location: Location, count: int, cycle: _Cycle, batch: Batch | None = None
    ) -> None:
        """Count mail received before the campaign opened, once, and say so (in ``batch``
        when it is one of a batch's messages)."""
        cycle.report.skipped_old += count
        opened = self.settings.campaign.opened_at
        log.info(
            "%s: %d received before the campaign opened (%s): not read",
            location.folder, count, opened.date() if opened else "",
        )  # fmt: skip
        if cycle.dry_run:
            return
        if batch is not None:
            batch.skip(location, count, self.clock())
        else:
            self.store.skip(location, count, self.clock())

    def _read(
        self,
        box: Mailbox,
        state: FolderState,
        batches: Iterator[list[RawMail]],
        total: int,
        cycle: _Cycle,
    ) -> None:
        """Analyse each batch while the one before is recorded, sent and marked."""
        done = 0
        parallel_from = self.settings.poll.parallel_from
        replies = None if cycle.dry_run or cycle.backfill else Ahead(self.builder, self.policy)
        with Analyzer(self.extract_context, total, parallel_from, replies) as analyzer:
            ahead: tuple[list[RawMail], list[Future[list[Analysis]]]] | None = None
            while True:
                try:
                    batch = next(batches, None)
                except MailboxError:
                    if ahead:  # fetched before the server failed: record it (unmarked)
                        self._batch(box, state, *ahead, analyzer, cycle, mark=False)
                    raise
                if batch:  # analysed in a worker while the batch before is recorded
                    log.debug(
                        "phase fetch: %s uids %d..%d", state.name, batch[0].uid, batch[-1].uid
                    )
                    current = (batch, analyzer.submit(batch))
                if ahead:
                    done += self._batch(box, state, *ahead, analyzer, cycle)
                    if cycle.progress:
                        cycle.progress(done, total)
                if not batch:
                    return
                ahead = current

    def _batch(
        self,
        box: Mailbox,
        state: FolderState,
        batch: list[RawMail],
        jobs: list[Future[list[Analysis]]],
        analyzer: Analyzer,
        cycle: _Cycle,
        mark: bool = True,
    ) -> int:
        """Record one analysed batch (one transaction), send what it queued, mark it."""
        analyses = analyzer.results(batch, jobs)
        with self.store.batch() as recorder:
            recorder.expect(
                [
                    (
                        Location(state.name, state.uidvalidity, raw.uid),
                        a.identity,
                        reply_target(a.message, self.policy)[0].addr,
                    )
                    for raw, a in zip(batch, analyses, strict=True)
                ],
                since=self.clock() - DAY,
            )
            acting = [a for a in analyses if a.extraction.kind.acts_on_signers]
            recorder.expect_senders([a.message.sender.addr for a in acting])
            recorder.expect_signers(s for a in acting for s in a.extraction.signers)
            for raw, analysis in zip(batch, analyses, strict=True):
                self._guarded(recorder, state, raw, analysis, cycle)
        if not cycle.dry_run:
            self._send(cycle)
        if not cycle.dry_run and mark:
            folders = self.settings.folders
            marked = box.mark(state, [m.uid for m in batch], folders.keyword, folders.move_to)
            log.debug("%s: %s", state.name, marked)
        return len(batch)

    def _guarded(
        self, batch: Batch, state: FolderState, raw: RawMail, analysis: Analysis, cycle: _Cycle
    ) -> None:
        """One message; an unexpected failure records it for review instead of stopping."""
        try:
            self._one(batch, state, raw, analysis, cycle)
        except StoreValueError as exc:  # this message's values, not the database, failed
            self._failed(batch, state, raw, exc, cycle)
        except (StoreError, MailboxError):
            raise  # the database or the server failed: the cycle stops, nothing is lost
        except Exception as exc:
            self._failed(batch, state, raw, exc, cycle)

    def _failed(
        self, batch: Batch, state: FolderState, raw: RawMail, exc: Exception, cycle: _Cycle
    ) -> None:
        """Count a message that broke the pipeline and keep it for review."""
        cycle.report.errors += 1
        if isinstance(exc, StoreError):  # its cause quotes the statement: not in the log
            log.error("%s/%d could not be processed: %s", state.name, raw.uid, exc)
        else:
            log.exception("%s/%d could not be processed", state.name, raw.uid)
        if not cycle.dry_run:
            location = Location(state.name, state.uidvalidity, raw.uid)
            self._record_failure(batch, location, raw, exc)

    def _record_failure(
        self, batch: Batch, location: Location, raw: RawMail, exc: Exception
    ) -> None:
        """Keep a message that broke the pipeline: its row and a review item, no reply."""
        message = Message(sender=Address("", ""), received=raw.internaldate, size=raw.size)
        plan = unreadable(f"could not be processed: {type(exc).__name__}: {str(exc)[:200]}")
        ident = "failed:" + hashlib.sha256(raw.data).hexdigest()

        def no_reply(records: Sequence[SignerRecord]) -> None:
            return None

        batch.record(location, message, plan, ident, no_reply, self.clock())

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

    def _one(
        self, batch: Batch, state: FolderState, raw: RawMail, analysis: Analysis, cycle: _Cycle
    ) -> None:
        report = cycle.report
        report.fetched += 1
        location = Location(state.name, state.uidvalidity, raw.uid)
        message, ident = analysis.message, analysis.identity
        now = self.clock()
        if batch.known(location, ident, message):
            report.duplicates += 1
            if not cycle.dry_run:
                batch.advance(location, now)
            return
        if guards.before_opening(raw.internaldate, self.settings.campaign.opened_at):
            self._skipped(location, 1, cycle, batch)
            return
        plan = assess(
            message, self._facts(batch, message, analysis, now, cycle), analysis.extraction
        )
        if cycle.dry_run:
            report.plans.append((f"{state.name}/{raw.uid} {message.sender.addr}", plan.describe()))
            return
        self._record(batch, location, analysis, plan, now, report, raw.data)

    def _facts(
        self, batch: Batch, message: Message, analysis: Analysis, now: datetime, cycle: _Cycle
    ) -> Facts:
        """What only the poll knows: the time, the replies the reply address had today,
        and (for mail that would change the list) what the record holds from the sender."""
        to, _ = reply_target(message, self.policy)
        replies = batch.replies_since(to.addr, now - DAY)
        facts = Facts(self.policy, now=now, replies_today=replies, backfill=cycle.backfill)
        if not analysis.extraction.kind.acts_on_signers:
            return facts
        refs = [r for r in (message.in_reply_to, *message.references) if r]
        held = batch.sender_facts(message.sender.addr, refs)
        return replace(facts, signups=held.signups, on_list=held.on_list, owners=held.owners)

    def _record(
        self,
        batch: Batch,
        location: Location,
        analysis: Analysis,
        plan: Plan,
        now: datetime,
        report: CycleReport,
        data: bytes | None = None,
    ) -> None:
        message, ident = analysis.message, analysis.identity

        def render(records: Sequence[SignerRecord]) -> ReplyDraft | None:
            assert plan.reply is not None  # a withdrawal that matched nothing says so
            return self.builder.draft(
                message, ident, plan.reply.value, records, now, plan, analysis.prepared
            )

        log.debug("phase record: %s/%d", location.folder, location.uid)
        result = batch.record(location, message, plan, ident, render, now, data)
        if result.duplicate:
            report.duplicates += 1
            return
        report.recorded += 1
        report.review += int(result.review)
        report.replies_queued += int(result.reply_id is not None)
        log.info(
            "%s/%d %s: %s", location.folder, location.uid, message.sender.addr, plan.describe()
        )

    def _send(self, cycle: _Cycle) -> SendReport:
        report = cycle.report
        if report.send_errors:  # SMTP already failed this cycle: try again next cycle
            return SendReport(error=report.send_errors[-1])
        sent = self.send_only(cycle.smtp)
        report.replies_sent += sent.sent
        report.smtp_connected = report.smtp_connected or sent.connected
        if sent.error:
            report.send_errors.append(sent.error)
            report.smtp_auth_failed = report.smtp_auth_failed or sent.auth_failed
        return sent

    def send_only(self, smtp: SmtpSession | None = None) -> SendReport:
        """Send what is queued without reading the mailbox (over ``smtp`` when given)."""
        if smtp is None:
            with SmtpSession(self.settings.smtp) as own:
                return self.send_only(own)
        return send_pending(self.store, smtp, self.settings.campaign.reply_from, self.clock)
