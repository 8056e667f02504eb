"""Crash safety: ``intake poll`` SIGKILLed at random moments, restarted until a run completes.

300 campaign signatures (one per sender) sit in a fresh Dovecot INBOX. The harness runs
``python -m intake -c CONFIG --debug poll`` in a subprocess, reads its stderr line by line
and SIGKILLs it right after the k-th line of a chosen phase (fetch, record or send), or
after a random short sleep; then it restarts it, at least ``MIN_KILLS`` times, and lets a
last run finish. The record must then hold every message once, every signer once, and
every reply sent once; the SMTP sink may hold a repeat only when it is the very same mail
(same Message-ID), which a kill between the server's 250 and the database commit makes
unavoidable. Those repeats are counted per kill that landed while sending (at least
``MIN_PER_PHASE["send"]`` of them), and told apart by when the kill came:

- after the server's 250: the sender's window, between the answer and its commit. The
  "sent" mark is written before the mail is handed over and committed the instant the
  answer arrives, so at most one such kill in twenty may repeat a reply;
- before the server's 250, once the final dot was written: the server has the mail but
  the sender cannot know (RFC 1047). No sender can close that window; a sender that
  marked the reply sent before the answer would only trade repeats for replies lost
  without a trace. These are counted and printed, not hidden.

The SMTP server runs in a process of its own (``support.sink_process``), as a real one
does, and notes when each ``250`` went out, so a repeat is also told apart by whether the
kill came before the server's answer (the server had the mail, the sender could not know:
RFC 1047) or after it (the sender's window, between the 250 and its commit).

The runs the harness kills are forked from a process that has already imported intake
(``support.zygote``): each is still a process of its own, started as ``python -m intake``
starts and killed by its PID, but it skips a second of imports, which no kill could
interrupt to any effect (they touch neither the mailbox, the database nor the server).
The two runs to the end (the one that completes and the idle one after it) are the
command itself, started afresh.

The seed is printed; ``INTAKE_CRASH_SEED=N`` replays a run. Figures: ``pytest -s``.
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import math
import os
import queue
import random
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.exc import SQLAlchemyError
from support.campaign import COORDINATOR, PASSWORD_ENV, campaign_data, toml
from support.database import Databases, query
from support.servers import Dovecot
from support.sink_process import SinkProcess
from support.zygote import Forked, Zygote

pytestmark = [pytest.mark.slow, pytest.mark.integration]

NY = ZoneInfo("America/New_York")
MESSAGES = 300
BATCH = 5
MIN_KILLS = 30
MIN_PER_PHASE = {"fetch": 6, "record": 6, "send": 100}  # kill points reached in each phase
MAX_REPEATS_PER_SEND_KILL = 1 / 20
MAX_RUNS = 200
RUN_TIMEOUT = 60.0
PHASES = ("fetch", "record", "send")

FIRST = (  # noqa: SIM905
    "Amara Benedict Clara Dmitri Esther Farid Grace Hiroshi Ingrid Jonah "
    "Keziah Leopold Miriam Nathaniel Olufemi Priya Quentin Rosalind Samuel Tabitha"
).split()
LAST = (  # noqa: SIM905
    "Abernathy Brightwater Castellano Delacroix Eberhardt Fairweather Galloway "
    "Hollingsworth Ivanova Jablonski Kowalczyk Lindqvist Montgomery Nakamura Okonkwo"
).split()
TITLES = ("Pastor", "Executive Director", "Rabbi", "Professor of Law", "Imam", "Board Chair")
TOWNS = (  # noqa: SIM905
    "Albany Boston Chicago Denver Eugene Fresno Greenville Hartford Ithaca Jackson "
    "Knoxville Lansing Madison Norfolk Omaha Portland Quincy Raleigh Salem Tucson"
).split()
BODIES = (
    "Interfaith Council",
    "Friends Meeting",
    "Baptist Church",
    "Islamic Center",
    "Hebrew Congregation",
    "Catholic Worker House",
    "Human Rights Network",
    "Lutheran Synod",
    "Baha'i Community",
    "Methodist Fellowship",
    "Peace Alliance",
    "Sikh Gurdwara",
    "Unitarian Society",
    "Episcopal Parish",
    "Mennonite Church",
)

# Phase markers in intake's --debug log. intake logs "phase record:" and "phase send:"; when
# this harness was written it logged no "phase fetch:" line, so the per-batch marking line
# ("INBOX: keyword ...", right after which the next batch is FETCHed) stands in for it.
MARKERS = {
    "fetch": re.compile(r"phase fetch:|DEBUG intake\.poll: INBOX: "),
    "record": re.compile(r"phase record:"),
    "send": re.compile(r"phase send:"),
}


def person(n: int) -> tuple[str, str, str, str]:
    """Signer ``n``: (name, title, organization, address), all distinct across 300."""
    first, last = FIRST[n % len(FIRST)], LAST[n // len(FIRST)]
    org = f"{TOWNS[n % len(TOWNS)]} {BODIES[n // len(TOWNS)]}"
    return f"{first} {last}", TITLES[n % len(TITLES)], org, f"{first}.{last}.{n}@example.org"


def signature(n: int) -> bytes:
    name, title, org, addr = person(n)
    return (
        f"From: {name} <{addr}>\r\nTo: {COORDINATOR}\r\n"
        f"Subject: Sign-on: open letter ({n})\r\nMessage-ID: <crash-{n}@example.org>\r\n"
        f"Date: Tue, 16 Jun 2020 09:{n % 60:02d}:00 -0400\r\nMIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\n"
        "Dear coordinator,\r\n\r\nPlease add my name to the letter.\r\n\r\n"
        f"Name: {name}\r\nTitle: {title}\r\nOrganization: {org}\r\n\r\nWith thanks,\r\n{name}\r\n"
    ).encode()


def received(n: int) -> datetime:
    return datetime(2020, 6, 2 + n % 28, 8 + n % 9, n % 60, tzinfo=NY)


@dataclass(frozen=True)
class Trigger:
    """When to kill: ``delay`` seconds after the k-th line of ``phase`` (0: at once), or
    ``sleep`` seconds after the start. A small delay after a send line reaches the window
    between the SMTP server's 250 and the database commit."""

    phase: str | None = None
    k: int = 0
    delay: float = 0.0
    sleep: float = 0.0

    def __str__(self) -> str:
        if self.phase is None:
            return f"sleep {self.sleep:.2f}s"
        return f"{self.phase} #{self.k}" + (f" +{self.delay * 1000:.1f}ms" if self.delay else "")


@dataclass
class Run:
    number: int
    trigger: Trigger | None
    returncode: int = 0
    killed: bool = False
    timed_out: bool = False
    kill_point: str = "startup"  # the phase of the last phase line written before death
    sent_unrecorded: int = 0  # mails the sink accepted in this run beyond the replies marked sent
    killed_at: float = 0.0  # time.monotonic() of the SIGKILL
    at_sink: tuple[int, int] = (0, 0)  # the sink's count when the run started and ended
    lines: Counter[str] = field(default_factory=Counter)
    stderr: str = ""


@dataclass
class Outcome:
    seed: int
    runs: list[Run]
    seconds: float
    uids: list[int]
    db: str  # the database's URL
    sink: list[Any]
    flags: dict[int, tuple[bytes, ...]]

    @property
    def kills(self) -> list[Run]:
        return [r for r in self.runs if r.killed]


class Harness:
    """Starts, watches and kills ``intake poll``; paces the kills to the work left."""

    def __init__(
        self,
        config: Path,
        db: str,
        env: dict[str, str],
        rng: random.Random,
        sink: SinkProcess,
        zygote: Zygote,
    ) -> None:
        self.config = config
        self.zygote = zygote
        self.sink = sink
        self.db = db
        self.env = env
        self.rng = rng
        self.runs: list[Run] = []

    def remaining(self) -> tuple[int, int]:
        """(messages not yet recorded, replies not yet sent), read from the database."""
        try:
            ((recorded,),) = query(self.db, "SELECT count(*) FROM messages")
            ((sent,),) = query(self.db, "SELECT count(*) FROM replies WHERE status = 'sent'")
        except SQLAlchemyError:  # not made yet, or not yet migrated
            return MESSAGES, MESSAGES
        return MESSAGES - recorded, MESSAGES - sent

    def choose(self) -> Trigger | None:
        """A kill moment that leaves work for the kills still wanted; None when none is."""
        to_record, to_send = self.remaining()
        reached = Counter(r.kill_point for r in self.runs if r.killed)
        deficit = sum(max(MIN_PER_PHASE[p] - reached[p], 0) for p in PHASES)
        wanted = max(MIN_KILLS - sum(reached.values()), deficit, 1)
        budget = max(1, to_record // (2 * wanted + 2))  # messages one kill may use up
        batches = math.ceil(to_record / BATCH)
        options: list[tuple[str, int]] = []
        if batches >= 3:
            options.append(("fetch", max(1, min(budget // BATCH, batches - 2))))
        if to_record >= 2:
            options.append(("record", max(1, min(budget, to_record - 1))))
        if to_send >= 2:
            options.append(("send", max(1, min(budget, to_send - 1))))
        if not options:
            return None
        if budget >= 15 and self.rng.random() < 0.15:
            return Trigger(sleep=self.rng.uniform(0.3, 1.2))
        short = [o for o in options if reached[o[0]] < MIN_PER_PHASE[o[0]]]
        phase, top = self.rng.choice(short or options)
        delay = self.rng.choice((0.0, self.rng.uniform(0.0005, 0.006)))
        return Trigger(phase, self.rng.randint(1, top), delay)

    def run(self, trigger: Trigger | None) -> Run:
        """One ``intake poll``; SIGKILL it (by its PID) when ``trigger`` fires."""
        run = Run(len(self.runs) + 1, trigger)
        at_sink, unsent = self.sink.count, self.remaining()[1]
        args = ["-c", str(self.config), "--debug", "poll"]
        proc: subprocess.Popen[bytes] | Forked
        if trigger is None:  # the runs to the end: the command itself, started afresh
            proc = subprocess.Popen(
                [sys.executable, "-m", "intake", *args],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                env=self.env,
                cwd=self.config.parent,
            )
        else:  # the same, forked with its imports done (see support.zygote)
            proc = self.zygote.start(args)
        lines: queue.Queue[bytes | None] = queue.Queue()
        reader = threading.Thread(target=_pump, args=(proc, lines), daemon=True)
        reader.start()
        start = time.monotonic()
        output: list[str] = []
        try:
            for line in _lines(lines, start, trigger):
                if line is None:  # the sleep ran out
                    run.killed = _kill(proc, run)
                    continue
                output.append(line)
                phase = _phase(line)
                if phase:
                    run.lines[phase] += 1
                    if trigger and phase == trigger.phase and run.lines[phase] == trigger.k:
                        time.sleep(trigger.delay)
                        run.killed = _kill(proc, run)
                if time.monotonic() - start > RUN_TIMEOUT:
                    run.timed_out = _kill(proc)
        finally:
            if not run.killed:  # stderr is closed: the child is exiting, or it hung
                with contextlib.suppress(subprocess.TimeoutExpired):
                    proc.wait(RUN_TIMEOUT)
                run.timed_out = _kill(proc)
            run.returncode = proc.wait()
            reader.join(10)
        phases = [p for p in map(_phase, output) if p]
        run.kill_point = phases[-1] if phases else "startup"
        run.stderr = "".join(output)
        if run.killed:  # a DATA the child finished just before dying may still be in the sink
            assert self.sink.wait_idle(), "the sink saw the killed poll's connection close"
        marked_sent = unsent - self.remaining()[1]
        run.at_sink = (at_sink, self.sink.count)
        run.sent_unrecorded = run.at_sink[1] - at_sink - marked_sent
        self.runs.append(run)
        return run


def _pump(proc: subprocess.Popen[bytes] | Forked, lines: queue.Queue[bytes | None]) -> None:
    assert proc.stderr is not None
    for line in proc.stderr:
        lines.put(line)
    lines.put(None)


def _lines(
    lines: queue.Queue[bytes | None], start: float, trigger: Trigger | None
) -> Iterator[str | None]:
    """stderr lines until EOF (or RUN_TIMEOUT of silence); ``None`` once a sleep is up."""
    deadline = start + trigger.sleep if trigger and trigger.phase is None else None
    while True:
        wait = RUN_TIMEOUT if deadline is None else max(0.0, deadline - time.monotonic())
        try:
            line = lines.get(timeout=wait)
        except queue.Empty:
            if deadline is None:
                return
            deadline = None
            yield None
            continue
        if line is None:
            return
        yield line.decode("utf-8", "replace")


def _phase(line: str) -> str | None:
    for phase, marker in MARKERS.items():
        if marker.search(line):
            return phase
    return None


def _kill(proc: subprocess.Popen[bytes] | Forked, run: Run | None = None) -> bool:
    """SIGKILL our own child by PID; False if it had already exited."""
    if proc.poll() is not None:
        return False
    try:
        os.kill(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        return False
    if run is not None:
        run.killed_at = time.monotonic()
    return True


def _header(data: bytes, name: str) -> str:
    mail = email.message_from_bytes(data, policy=email.policy.default)
    return str(mail[name] or "").strip()


def _flags(user: Any) -> dict[int, tuple[bytes, ...]]:
    with user.client() as client:
        client.select_folder("INBOX", readonly=True)
        return {uid: tuple(f) for uid, f in client.get_flags(client.search("ALL")).items()}


@pytest.fixture(scope="module")
def crashed(
    dovecot: Dovecot, databases: Databases, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Outcome]:
    """Seed, kill and restart until a run completes; yield what is left to check."""
    seed = int(os.environ.get("INTAKE_CRASH_SEED") or random.randrange(2**32))
    print(f"\ncrash harness seed: {seed} (replay with INTAKE_CRASH_SEED={seed})")
    rng = random.Random(seed)
    user = dovecot.add_user(f"crash-{os.getpid()}-{seed % 10_000}")
    uids = user.multiappend("INBOX", [(signature(n), received(n)) for n in range(MESSAGES)])
    folder = tmp_path_factory.mktemp("crash")
    with contextlib.ExitStack() as stack:
        sink = stack.enter_context(SinkProcess())
        config = folder / "intake.toml"
        db = databases.new(folder)
        sections = {"poll": {"batch_size": BATCH}, "database": {"url": db}}
        config.write_text(toml(campaign_data(user, sink, **sections)))
        env = {**os.environ, PASSWORD_ENV: user.password}
        zygote = stack.enter_context(Zygote(env, folder))
        harness = Harness(config, db, env, rng, sink, zygote)
        started = time.monotonic()
        while len(harness.runs) < MAX_RUNS:
            kills = [r for r in harness.runs if r.killed]
            reached = Counter(r.kill_point for r in kills)
            if len(kills) >= MIN_KILLS and all(reached[p] >= MIN_PER_PHASE[p] for p in PHASES):
                break
            trigger = harness.choose()
            if trigger is None:
                break
            run = harness.run(trigger)
            assert not run.timed_out, f"run {run.number} hung:\n{run.stderr[-3000:]}"
            assert run.killed or run.returncode == 0, (
                f"run {run.number} ({trigger}) failed with exit {run.returncode}:\n"
                f"{run.stderr[-3000:]}"
            )
        final = harness.run(None)
        again = harness.run(None)  # after completion, a further poll must change nothing
        seconds = time.monotonic() - started
        logs = (f"--- run {r.number} ({r.trigger})\n{r.stderr}" for r in harness.runs)
        (folder / "runs.log").write_text("".join(logs))
        assert final.returncode == 0, f"final run failed:\n{final.stderr[-3000:]}"
        assert again.returncode == 0, f"idle run failed:\n{again.stderr[-3000:]}"
        outcome = Outcome(seed, harness.runs, seconds, uids, harness.db, sink.messages, {})
    outcome.flags = _flags(user)
    _print_summary(outcome)
    yield outcome


def _replies_at_sink(outcome: Outcome) -> dict[str, list[str]]:
    """In-Reply-To -> the Message-IDs of every reply the sink received to it."""
    groups: dict[str, list[str]] = defaultdict(list)
    for mail in outcome.sink:
        groups[_header(mail.data, "In-Reply-To")].append(_header(mail.data, "Message-ID"))
    return groups


def _resend_pairs(groups: dict[str, list[str]]) -> int:
    return sum(len(ids) - 1 for ids in groups.values())


def _print_summary(outcome: Outcome) -> None:
    kills = outcome.kills
    reached = Counter(r.kill_point for r in kills)
    triggered = Counter(r.trigger.phase or "sleep" for r in kills if r.trigger)
    in_window = Counter(r.kill_point for r in kills for _ in range(r.sent_unrecorded))
    print(f"\n{'kill point reached':<22}{'kills':>6}")
    for point in (*PHASES, "startup"):
        print(f"{point:<22}{reached[point]:>6}")
    print(f"{'total kills':<22}{len(kills):>6}")
    print(f"{'  by trigger':<22}{dict(triggered)}")
    print(f"{'runs (incl. final 2)':<22}{len(outcome.runs):>6}")
    print(f"{'resend pairs':<22}{_resend_pairs(_replies_at_sink(outcome)):>6}")
    print(f"{'  kills between 250 and commit':<22} {dict(in_window)}")
    sending, repeating = _send_kills(outcome)
    after = sum(_after_the_250(outcome, r) for r in repeating)
    repeats = sum(r.sent_unrecorded for r in repeating)
    print(f"{'kills while sending':<22}{len(sending):>6}")
    for run in repeating:
        _, end = run.at_sink
        for m in outcome.sink[end - run.sent_unrecorded : end]:
            gap = (run.killed_at - m.answered) * 1e6 if m.answered else float("nan")
            print(f"    run {run.number}: killed {gap:+.0f} us after the server's 250")
    print(f"{'  of them repeated a reply':<22}{len(repeating):>4} ({repeats} repeats: "
          f"{repeats - after} before the server's 250, {after} after it)")  # fmt: skip
    print(f"{'mails at the sink':<22}{len(outcome.sink):>6}")
    print(f"{'wall time':<22}{outcome.seconds:>5.1f}s")
    for run in outcome.runs:
        counts = " ".join(f"{p}={run.lines[p]}" for p in PHASES)
        end = f"killed at {run.kill_point}" if run.killed else f"exit {run.returncode}"
        end += f", {run.sent_unrecorded} sent but not marked" if run.sent_unrecorded else ""
        print(f"  run {run.number:>2} {run.trigger or 'no kill'!s:<20} {counts:<30} {end}")


def _send_kills(outcome: Outcome) -> tuple[list[Run], list[Run]]:
    """The kills that landed while sending, and those of them after which a reply went twice."""
    sending = [r for r in outcome.kills if r.kill_point == "send"]
    return sending, [r for r in sending if r.sent_unrecorded]


def _after_the_250(outcome: Outcome, run: Run) -> int:
    """Of the mails a killed run left sent but unmarked (its last ones at the sink), how
    many the server had already answered 250 to when the kill came."""
    _, end = run.at_sink
    unmarked = outcome.sink[end - run.sent_unrecorded : end] if run.sent_unrecorded else []
    return sum(1 for m in unmarked if m.answered is not None and m.answered < run.killed_at)


def _query(outcome: Outcome, sql: str) -> list[tuple[Any, ...]]:
    return query(outcome.db, sql)


def test_the_kills_reached_every_phase(crashed: Outcome) -> None:
    reached = Counter(r.kill_point for r in crashed.kills)
    assert len(crashed.kills) >= MIN_KILLS, reached
    assert all(reached[p] >= MIN_PER_PHASE[p] for p in PHASES), reached


def test_at_most_one_kill_in_twenty_after_the_servers_250_repeats_a_reply(
    crashed: Outcome,
) -> None:
    sending, repeating = _send_kills(crashed)
    assert len(sending) >= MIN_PER_PHASE["send"]
    after = [r for r in repeating if _after_the_250(crashed, r)]
    assert len(after) <= len(sending) * MAX_REPEATS_PER_SEND_KILL, (
        f"{len(after)} of {len(sending)} kills while sending repeated a reply after the "
        f"server's 250 ({len(repeating)} repeated one in all)"
    )


def test_every_message_is_recorded_exactly_once(crashed: Outcome) -> None:
    rows = _query(crashed, "SELECT folder, uid FROM messages")
    assert len(rows) == MESSAGES
    assert sorted(uid for _, uid in rows) == sorted(crashed.uids)
    assert {folder for folder, _ in rows} == {"INBOX"}


def test_every_message_is_answered_once_in_the_store(crashed: Outcome) -> None:
    rows = _query(
        crashed,
        "SELECT m.uid, r.status, r.rfc_message_id FROM messages m "
        "JOIN replies r ON r.message_id = m.id WHERE r.purpose = 'reply'",
    )
    assert sorted(uid for uid, _, _ in rows) == sorted(crashed.uids)
    assert Counter(status for _, status, _ in rows) == {"sent": MESSAGES}
    assert len({msgid for _, _, msgid in rows}) == MESSAGES


def test_the_smtp_server_got_no_two_different_replies_to_one_message(crashed: Outcome) -> None:
    groups = _replies_at_sink(crashed)
    assert set(groups) == {f"<crash-{n}@example.org>" for n in range(MESSAGES)}
    different = {irt: ids for irt, ids in groups.items() if len(set(ids)) > 1}
    assert different == {}
    stored = dict(
        _query(
            crashed,
            "SELECT m.message_id, r.rfc_message_id FROM messages m "
            "JOIN replies r ON r.message_id = m.id",
        )
    )
    assert {irt: ids[0] for irt, ids in groups.items()} == stored


def test_a_resend_is_the_same_mail_byte_for_byte(crashed: Outcome) -> None:
    copies: dict[str, set[bytes]] = defaultdict(set)
    for mail in crashed.sink:
        copies[_header(mail.data, "Message-ID")].add(mail.data)
    assert {mid: len(c) for mid, c in copies.items() if len(c) > 1} == {}
    assert all(not run.sent_unrecorded for run in crashed.runs if not run.killed)


def test_no_signer_is_lost_or_doubled(crashed: Outcome) -> None:
    rows = _query(crashed, "SELECT name, organization, email FROM signers WHERE status = 'active'")
    assert len(rows) == MESSAGES
    assert sorted(e for _, _, e in rows) == sorted(person(n)[3].lower() for n in range(MESSAGES))
    assert sorted((n, o) for n, o, _ in rows) == sorted(
        (person(n)[0], person(n)[2]) for n in range(MESSAGES)
    )
    links = _query(crashed, "SELECT signer_id, count(*) FROM signer_messages GROUP BY signer_id")
    assert len(links) == MESSAGES and {c for _, c in links} == {1}


def test_seen_is_never_set(crashed: Outcome) -> None:
    assert sorted(crashed.flags) == sorted(crashed.uids)
    assert [uid for uid, flags in crashed.flags.items() if b"\\Seen" in flags] == []


def test_the_run_after_completion_sends_nothing(crashed: Outcome) -> None:
    final, again = crashed.runs[-2:]
    assert not final.killed and not again.killed
    assert again.lines["record"] == 0 and again.lines["send"] == 0
    assert len(crashed.sink) - _resend_pairs(_replies_at_sink(crashed)) == MESSAGES
