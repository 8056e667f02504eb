"""Parse and extract fetched mail (and render the reply it most likely gets): pure work,
so it may run in another process.

A poll over a full inbox is CPU-bound in parsing and extraction, while
recording, rendering and sending are bound to the database and SMTP. On a
big first run the analysis of the next batch runs in worker processes while
this process records the current one; a small cycle (the usual case, and
every IDLE wake-up) runs it in-process, with no start-up cost.

A worker is forked when this process runs a single thread (``intake poll``):
it starts with everything imported, in milliseconds. Where other threads run
(the scheduler of ``intake run``) a fork could copy a lock one of them holds,
so the worker is spawned: a fresh interpreter that imports what it needs.

A worker also renders the body of the reply a signature from a new sender gets
(:class:`Ahead`), the most of a big first run; the poll uses it only when the
reply it builds from what the store did has the same template and context.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from types import TracebackType

from intake.assess import Facts, Policy, assess, safe_extract
from intake.extract import ExtractContext, Extraction, Kind
from intake.message import Address, Message, parse, parse_headers_only
from intake.message.identity import identity
from intake.outbox.reply import PreparedBody, ReplyBuilder
from intake.rawmail import RawMail
from intake.store import SignerRecord

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Analysis:
    """What the costly pure stages make of one fetched message (``assess`` does the rest)."""

    message: Message
    identity: str
    extraction: Extraction
    prepared: PreparedBody | None = None  # its reply's body, rendered ahead (see Ahead)


@dataclass(frozen=True)
class Ahead:
    """Renders in a worker the body of the reply a signature from a new sender gets,
    the usual case on a big run: the poll then only checks that the reply it builds
    has the same template and context (else it renders the body itself)."""

    builder: ReplyBuilder
    policy: Policy

    def prepare(self, analysis: Analysis) -> PreparedBody | None:
        """The body, as if the record held nothing from the sender; None if no reply."""
        message = analysis.message
        plan = assess(message, Facts(self.policy), analysis.extraction)
        if plan.reply is None or plan.kind is not Kind.SIGNATURE or plan.change_held:
            return None
        records = [SignerRecord.signed(0, s, message.sender.addr, plan.late) for s in plan.signers]
        try:
            return self.builder.prepare(message, plan.reply.value, records, plan)
        except Exception:  # a broken template: the poll renders it again, and says so
            return None


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


def analyze(raw: RawMail, context: ExtractContext) -> Analysis:
    """Parse and extract one message."""
    message = read_message(raw)
    return Analysis(
        message=message,
        identity=identity(message.message_id, raw.data),
        extraction=safe_extract(message, context),
    )


_worker_context: ExtractContext | None = None
_worker_ahead: Ahead | None = None


def start_method() -> str:
    """``fork`` when it is safe (Linux, one thread), else ``spawn``."""
    alone = threading.active_count() == 1
    return "fork" if alone and sys.platform.startswith("linux") else "spawn"


def _init_worker(context: ExtractContext, ahead: Ahead | None, parent: int) -> None:
    global _worker_context, _worker_ahead
    _worker_context, _worker_ahead = context, ahead
    threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()


def _exit_with(parent: int) -> None:
    """End this worker when the poll that started it is gone (even killed with SIGKILL)."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)


def _analyze_in_worker(raws: Sequence[RawMail]) -> list[Analysis]:
    assert _worker_context is not None
    analyses = [analyze(raw, _worker_context) for raw in raws]
    if _worker_ahead is None:
        return analyses
    return [replace(a, prepared=_worker_ahead.prepare(a)) for a in analyses]


class Analyzer:
    """Analyses batches in-process, or ahead of time in worker processes for big runs."""

    def __init__(
        self,
        context: ExtractContext,
        expected: int,
        parallel_from: int,
        ahead: Ahead | None = None,
    ) -> None:
        """Workers when ``expected`` messages reach ``parallel_from`` (0: never) and
        there is a spare core (a spawned one costs about a second to start); they
        render replies ahead with ``ahead`` (in-process, nothing is rendered twice)."""
        self.context = context
        self.pool: ProcessPoolExecutor | None = None
        workers = min((os.cpu_count() or 1) - 1, 4)
        if 0 < parallel_from <= expected and workers >= 1:
            log.info("%d messages: parsing in %d worker processes", expected, workers)
            self.pool = ProcessPoolExecutor(
                max_workers=workers,
                mp_context=multiprocessing.get_context(start_method()),
                initializer=_init_worker,
                initargs=(context, ahead, os.getpid()),
            )
            self.workers = workers

    def __enter__(self) -> Analyzer:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=exc is None, cancel_futures=True)

    def submit(self, batch: Sequence[RawMail]) -> list[Future[list[Analysis]]]:
        """Start analysing ``batch``; the results come back in order from ``results``."""
        if self.pool is None:
            return [_done([analyze(raw, self.context) for raw in batch])]
        size = max(1, -(-len(batch) // self.workers))
        chunks = [batch[i : i + size] for i in range(0, len(batch), size)]
        return [self.pool.submit(_analyze_in_worker, chunk) for chunk in chunks]

    def results(
        self, batch: Sequence[RawMail], jobs: list[Future[list[Analysis]]]
    ) -> list[Analysis]:
        """The analyses of ``batch``; a lost worker is replaced by in-process analysis."""
        try:
            return [analysis for job in jobs for analysis in job.result()]
        except BrokenProcessPool:
            log.warning("an analysis worker died; analysing in this process from now on")
            self.pool = None
            return [analyze(raw, self.context) for raw in batch]


def _done(value: list[Analysis]) -> Future[list[Analysis]]:
    future: Future[list[Analysis]] = Future()
    future.set_result(value)
    return future
