"""Throughput and memory of one real ``intake poll`` against the floor of its parts.

    python bench/pipeline.py            # N = 1,000, 5,000, 20,000 (+ incremental, profile)
    python bench/pipeline.py --n 5000   # one size
    python bench/pipeline.py --quick    # N = 200, incremental 1,000 vs 100, profile at 200
    python bench/pipeline.py --n 5000 --floor-repeat 3 --no-incremental --profile-n 0
    python bench/pipeline.py --reanalyse bench/results/pipeline-DATE.json   # report again

Needs root and Dovecot (``tests/servers.py``); never part of the test run. The
full run takes 20-60 minutes on the shared 2-core machine. Results are printed
and written to ``bench/results/pipeline-<date>.json`` (the profiles beside it).

For each N: a fresh Dovecot, seeded with N deterministic signature mails
(``bench/_corpus.py``) by MULTIAPPEND; a counting aiosmtpd sink in its own
process; one ``python -m intake -c CONFIG -q poll`` subprocess, timed by wall
clock, its VmHWM (and the summed RSS of its worker processes) sampled every
20 ms. Afterwards N replies must have reached the sink and N messages must be
in the store. Then the floor, on the same messages, each part in its own
subprocess (as ``../shared/lab/FLOORS.md``):

  a. fetch: imapclient, ``BODY.PEEK[]`` + ``INTERNALDATE`` in batches of 100, same Dovecot
  b. parse: mail-parser ``parse_from_bytes`` + subject, from, date, message-id, text
  c. build: N replies as intake builds them (the same Jinja2 templates in a sandbox,
     text + HTML, ``EmailMessage`` with the same headers, ``as_bytes()``)
  d. send: those bytes with smtplib over ONE connection to the same sink

Incremental: a poll over an inbox of 20,000 processed messages plus 10 new
against 100 processed plus 10 new (median of 3, 10 new appended each time).
Profile: one poll at N = 5,000 with cProfile in every Python process it starts
(a ``sitecustomize`` on PYTHONPATH), self time attributed to stages.

Other sessions run test suites on the same 2 cores: each timed run first waits
(up to ``--max-idle-wait`` s) for the machine to go quiet, records the CPU that
others used meanwhile, and a floor part (or a poll up to N = 5,000) that was
contended is measured again. CPU seconds are reported beside wall clock. A
poll that Dovecot refuses with "Too long argument" (a command line over 64 KB)
is reported, then measured again with ``imap_max_line_length`` raised.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import pstats
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
TESTS = REPO / "tests"
RESULTS = BENCH / "results"
sys.path.insert(0, str(BENCH))

from _common import (  # noqa: E402
    MB,
    Measured,
    SinkProcess,
    emit,
    group_cpu_seconds,
    proc_status,
    run_json,
    run_sampled,
    self_cpu_s,
    sink_worker,
    wait_idle,
)

FETCH_BATCH = 100
REPLY_FROM = "coordinator@irf-roundtable.example"
# A measurement is "contended" when other sessions' processes used more than this share of
# one core on average while it ran (the machine has 2 cores and is shared).
CONTENDED = 0.35
IDLE = SimpleNamespace(max_wait=120.0)
STAGES = ("fetch", "parse", "extract", "store", "build reply", "send", "startup", "wait", "other")
# Where a process blocks for another one (a worker for work, the poll for a worker's result).
WAITS = {
    "<method 'acquire' of '_thread.lock' objects>",
    "<built-in method posix.read>",
    "<built-in method posix.waitpid>",
    "<built-in method select.select>",
    "<method 'poll' of 'select.poll' objects>",
}
SITECUSTOMIZE = """# by bench/pipeline.py: profile each Python process started with this path
import atexit, cProfile, os
_dir = os.environ.get("BENCH_PROFILE_DIR")
if _dir:
    _profile = cProfile.Profile()
    _profile.enable()

    def _dump():
        _profile.disable()
        _profile.dump_stats(os.path.join(_dir, "%d.prof" % os.getpid()))

    atexit.register(_dump)
"""


# --- floor workers (each runs in its own fresh process) -----------------------------------


def _base() -> dict[str, float]:
    return {"base_rss_mb": proc_status().get("VmRSS", 0) / MB}


def _done(base: dict[str, float], start: float, cpu0: float, **extra: object) -> None:
    emit(
        {
            "seconds": time.perf_counter() - start,
            "cpu_s": time.process_time() - cpu0,
            "peak_rss_mb": proc_status().get("VmHWM", 0) / MB,
            **base,
            **extra,
        }
    )


def worker_fetch(spec: dict[str, Any]) -> None:
    """(a) imapclient: all messages in batches with BODY.PEEK[] + INTERNALDATE, bodies dropped."""
    from imapclient import IMAPClient

    base = _base()
    start, cpu0 = time.perf_counter(), time.process_time()
    client = IMAPClient(spec["host"], spec["port"], ssl=False, timeout=120)
    client.login(spec["user"], spec["password"])
    client.select_folder("INBOX", readonly=True)
    uids = client.search("ALL")
    count = size = 0
    batch = int(spec["batch"])
    for first in range(0, len(uids), batch):
        data = client.fetch(uids[first : first + batch], ["BODY.PEEK[]", "INTERNALDATE"])
        count += len(data)
        size += sum(len(item[b"BODY[]"]) for item in data.values())
        del data
    client.logout()
    _done(base, start, cpu0, count=count, bytes=size)


def worker_parse(spec: dict[str, Any]) -> None:
    """(b) mail-parser on each message, reading the fields intake reads."""
    import logging

    import mailparser

    logging.getLogger("mailparser").setLevel(logging.ERROR)  # as intake/message/parse.py does
    with open(spec["corpus"], "rb") as fh:
        raws: list[bytes] = pickle.load(fh)
    base = _base()
    start, cpu0 = time.perf_counter(), time.process_time()
    chars = 0
    for raw in raws:
        mail = mailparser.parse_from_bytes(raw)
        _ = (mail.subject, mail.from_, mail.date, mail.message_id)
        text = mail.text_plain or mail.text_html
        chars += sum(len(t) for t in text)
    _done(base, start, cpu0, count=len(raws), chars=chars)


def worker_build(spec: dict[str, Any]) -> None:
    """(c) N replies the way intake builds one: templates rendered, EmailMessage, as_bytes."""
    import hashlib
    from email.headerregistry import Address
    from email.message import EmailMessage
    from email.policy import SMTP
    from email.utils import format_datetime

    from jinja2 import FileSystemLoader, StrictUndefined, select_autoescape
    from jinja2.sandbox import SandboxedEnvironment

    with open(spec["meta"], "rb") as fh:
        metas: list[dict[str, Any]] = pickle.load(fh)
    base = _base()
    start, cpu0 = time.perf_counter(), time.process_time()
    env = SandboxedEnvironment(
        loader=FileSystemLoader(spec["templates"]),
        autoescape=select_autoescape(enabled_extensions=("html", "html.j2"), default=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    text_t = env.get_template("confirmation.txt.j2")
    html_t = env.get_template("confirmation.html.j2")
    campaign = {
        "name": "open letter on religious prisoners of conscience in Iran",
        "coordinator_name": "Eleanor Whitfield",
        "reply_from": REPLY_FROM,
        "reply_from_name": "IRF Roundtable sign-on desk",
        "deadline": "Wednesday 1 July 2020 at 17:00 EDT",
        "letter_url": "",
    }
    now = datetime.now(UTC)
    out: list[tuple[str, bytes]] = []
    for meta in metas:
        signer = {k: meta[k] for k in ("name", "title", "organization", "capacity")}
        context = {
            "campaign": campaign,
            "greeting": meta["name"] or meta["sender_name"],
            "signers": [{**signer, "status": "active", "late": False}],
            "original": {"subject": meta["subject"], "sender": meta["sender_name"]},
        }
        mail = EmailMessage(policy=SMTP)
        mail["From"] = Address(campaign["reply_from_name"], addr_spec=REPLY_FROM)
        mail["To"] = Address(meta["sender_name"], addr_spec=meta["sender_addr"])
        subject = meta["subject"]
        mail["Subject"] = subject if subject.lower().startswith("re:") else f"Re: {subject}"
        mail["Date"] = format_datetime(now)
        digest = hashlib.sha256(f"{meta['message_id']}\nconfirmation".encode()).hexdigest()[:24]
        mail["Message-ID"] = f"<intake.{digest}@irf-roundtable.example>"
        mail["In-Reply-To"] = meta["message_id"]
        mail["References"] = meta["message_id"]
        mail["Auto-Submitted"] = "auto-replied"
        mail["X-Auto-Response-Suppress"] = "All"
        mail["X-Loop"] = REPLY_FROM
        mail.set_content(text_t.render(**context))
        mail.add_alternative(html_t.render(**context), subtype="html")
        out.append((meta["sender_addr"], mail.as_bytes()))
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu0
    with open(spec["out"], "wb") as fh:
        pickle.dump(out, fh)
    emit(
        {
            "seconds": seconds,
            "cpu_s": cpu,
            "peak_rss_mb": proc_status().get("VmHWM", 0) / MB,
            **base,
            "count": len(out),
            "mean_reply_bytes": sum(len(b) for _, b in out) / len(out),
        }
    )


def worker_send(spec: dict[str, Any]) -> None:
    """(d) smtplib: every prebuilt reply over one connection."""
    import smtplib

    with open(spec["replies"], "rb") as fh:
        replies: list[tuple[str, bytes]] = pickle.load(fh)
    base = _base()
    start, cpu0 = time.perf_counter(), time.process_time()
    smtp = smtplib.SMTP(spec["host"], spec["port"], timeout=120)
    smtp.ehlo()
    for to, data in replies:
        smtp.sendmail(REPLY_FROM, [to], data)
    smtp.quit()
    _done(base, start, cpu0, count=len(replies))


def worker_imports(spec: dict[str, Any]) -> None:
    """RSS of a process that has only imported what ``intake poll`` imports (no mail yet)."""
    start = time.perf_counter()
    import intake.cli
    import intake.outbox.smtp
    import intake.run.poll  # noqa: F401

    emit(
        {
            "seconds": time.perf_counter() - start,
            "rss_mb": proc_status().get("VmRSS", 0) / MB,
            "peak_rss_mb": proc_status().get("VmHWM", 0) / MB,
            "modules": len(sys.modules),
        }
    )


WORKERS = {
    "imports": worker_imports,
    "fetch": worker_fetch,
    "parse": worker_parse,
    "build": worker_build,
    "send": worker_send,
}


# --- sites: a Dovecot with a seeded inbox and a campaign folder ------------------------------


@dataclass
class Site:
    """One fresh Dovecot + campaign config + SQLite file, seeded with ``n`` messages."""

    n: int
    workdir: Path
    dovecot: Any
    user: Any
    config: Path
    env: dict[str, str]
    seed_s: float
    appended: int = 0

    @property
    def database(self) -> Path:
        return self.workdir / "intake.sqlite"

    def append(self, mails: Sequence[Any]) -> float:
        start = time.perf_counter()
        uids = self.user.multiappend("INBOX", [(m.raw, m.internaldate) for m in mails])
        assert len(uids) == len(mails), (len(uids), len(mails))
        self.appended += len(mails)
        return time.perf_counter() - start

    def close(self, keep: bool) -> None:
        self.dovecot.stop()
        if not keep:
            shutil.rmtree(self.workdir, ignore_errors=True)


def open_site(
    mails: Sequence[Any],
    sink: SinkProcess,
    batch_size: int,
    tag: str,
    extra_conf: Sequence[str] = (),
) -> Site:
    from support.campaign import PASSWORD_ENV, campaign_data, toml
    from support.servers import Dovecot

    workdir = Path(tempfile.mkdtemp(prefix=f"intake-bench-{tag}-"))
    dovecot = Dovecot(tls=False, extra_conf=extra_conf).start()
    user = dovecot.add_user("bench", "bench-pw")
    data = campaign_data(user, SimpleNamespace(port=sink.port), poll={"batch_size": batch_size})
    config = workdir / "intake.toml"
    config.write_text(toml(data))
    env = {k: v for k, v in os.environ.items() if k != "INTAKE_CONFIG"}
    env[PASSWORD_ENV] = user.password
    site = Site(len(mails), workdir, dovecot, user, config, env, 0.0)
    site.seed_s = site.append(mails)
    return site


def db_stats(path: Path) -> dict[str, Any]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        one = lambda sql: db.execute(sql).fetchone()  # noqa: E731
        replies = dict(db.execute("SELECT status, count(*) FROM replies GROUP BY status"))
        kinds = dict(db.execute("SELECT kind, count(*) FROM messages GROUP BY kind"))
        last = one(
            "SELECT started_at, finished_at, fetched, recorded, replies_sent "
            "FROM polls ORDER BY id DESC LIMIT 1"
        )
        cycle = None
        if last and last[0] and last[1]:
            cycle = (
                datetime.fromisoformat(last[1]) - datetime.fromisoformat(last[0])
            ).total_seconds()
        return {
            "messages": one("SELECT count(*) FROM messages")[0],
            "kinds": kinds,
            "replies": replies,
            "review_open": one("SELECT count(*) FROM review WHERE status = 'open'")[0],
            "signers": one("SELECT count(*) FROM signers")[0],
            "mean_reply_bytes": one("SELECT avg(length(body)) FROM replies")[0],
            "last_poll": {
                "fetched": last[2],
                "recorded": last[3],
                "replies_sent": last[4],
                "cycle_s": cycle,
            }
            if last
            else None,
            "db_mb": round(path.stat().st_size / MB, 1),
        }


class PollFailed(RuntimeError):
    """``intake poll`` exited non-zero; the message carries its stderr."""


# Dovecot refuses a command line over imap_max_line_length (64 KB by default): a UID FETCH
# naming ~11,000 UIDs one by one. Real servers have such limits too (the bench reports the
# failure, then measures again with the limit raised so the other figures still exist).
LONG_LINES = ("imap_max_line_length = 4M",)


def _quiet() -> dict[str, float]:
    """Wait for the shared machine to go idle before a timed run; say how long it took."""
    waited, busy = wait_idle(IDLE.max_wait)
    if waited > 1.5:
        print(
            f"    (waited {waited:.0f} s for other sessions' load to drop; now {100 * busy:.0f} %"
            " busy)",
            flush=True,
        )
    return {"idle_wait_s": round(waited, 1), "busy_before": round(busy, 3)}


def poll(site: Site, sink: SinkProcess, label: str) -> dict[str, Any]:
    """One ``intake poll`` subprocess, measured; with the sink's and Dovecot's side of it."""
    cmd = [sys.executable, "-m", "intake", "-c", str(site.config), "-q", "poll"]
    idle = _quiet()
    sent0, sink_cpu0 = sink.count(), sink.cpu()
    dove_cpu0, self0 = group_cpu_seconds(site.dovecot.pid), self_cpu_s()
    run = run_sampled(
        cmd,
        env=site.env,
        cwd=site.workdir,
        stdout=site.workdir / f"{label}.out",
        stderr=site.workdir / f"{label}.err",
    )
    if run.returncode != 0:
        raise PollFailed(
            f"intake poll failed (exit {run.returncode}) after {run.wall_s:.1f} s: "
            f"{(site.workdir / f'{label}.err').read_text()[-3000:].strip()}"
        )
    received = sink.count() - sent0
    sink_cpu = sink.cpu() - sink_cpu0
    dove_cpu = group_cpu_seconds(site.dovecot.pid) - dove_cpu0
    others = run.machine_busy_s - run.cpu_s - sink_cpu - dove_cpu - (self_cpu_s() - self0)
    return {
        "measured": run,
        "summary": (site.workdir / f"{label}.out").read_text().strip(),
        "sink_received": received,
        "sink_cpu_s": sink_cpu,
        "dovecot_cpu_s": dove_cpu,
        "others_cpu_s": max(others, 0.0),
        "contended": others > CONTENDED * run.wall_s,
        **idle,
        "db": db_stats(site.database),
    }


def check(cond: bool, what: str, problems: list[str]) -> None:
    if not cond:
        problems.append(what)
        print(f"  !! {what}", flush=True)


# --- the floor -----------------------------------------------------------------------------


def floor(site: Site, sink: SinkProcess, mails: Sequence[Any], repeat: int) -> dict[str, Any]:
    corpus, meta = site.workdir / "corpus.pickle", site.workdir / "meta.pickle"
    replies = site.workdir / "replies.pickle"
    with corpus.open("wb") as fh:
        pickle.dump([m.raw for m in mails], fh)
    with meta.open("wb") as fh:
        keys = (
            "sender_name",
            "sender_addr",
            "subject",
            "message_id",
            "name",
            "title",
            "organization",
            "capacity",
        )
        pickle.dump([{k: getattr(m, k) for k in keys} for m in mails], fh)
    from intake.resources import templates_dir

    specs = {
        "fetch": {
            "host": site.dovecot.host,
            "port": site.dovecot.port,
            "user": site.user.name,
            "password": site.user.password,
            "batch": FETCH_BATCH,
        },
        "parse": {"corpus": str(corpus)},
        "build": {"meta": str(meta), "templates": str(templates_dir()), "out": str(replies)},
        "send": {"host": sink.host, "port": sink.port, "replies": str(replies)},
    }
    runs: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for _ in range(repeat):
        for part, spec in specs.items():
            cmd = [
                sys.executable,
                str(Path(__file__)),
                "--worker",
                part,
                "--spec",
                json.dumps(spec),
            ]
            tries = []
            for _attempt in range(2):  # a contended run is retried once
                idle = _quiet()
                sent0, sink0 = sink.count(), sink.cpu()
                dove0, self0 = group_cpu_seconds(site.dovecot.pid), self_cpu_s()
                result = run_json(cmd)
                sink_cpu = sink.cpu() - sink0
                dove_cpu = group_cpu_seconds(site.dovecot.pid) - dove0
                others = (
                    result["machine_busy_s"]
                    - result["process_cpu_s"]
                    - sink_cpu
                    - dove_cpu
                    - (self_cpu_s() - self0)
                )
                result.update(
                    idle,
                    sink_cpu_s=sink_cpu,
                    dovecot_cpu_s=dove_cpu,
                    others_cpu_s=max(others, 0.0),
                    contended=others > CONTENDED * result["process_wall_s"],
                )
                if part == "send":
                    result["sink_received"] = sink.count() - sent0
                tries.append(result)
                if not result["contended"]:
                    break
                print(
                    f"    floor {part}: contended ({others:.1f} s of others' CPU), again",
                    flush=True,
                )
            result = min(tries, key=lambda r: r["others_cpu_s"])
            result["attempts"] = len(tries)
            runs[part].append(result)
            print(
                f"    floor {part}: {result['seconds']:.2f} s ({result['cpu_s']:.2f} s CPU), "
                f"peak {result['peak_rss_mb']:.1f} MB",
                flush=True,
            )
    parts = {p: statistics.median(r["seconds"] for r in rs) for p, rs in runs.items()}
    cpu = {p: statistics.median(r["cpu_s"] for r in rs) for p, rs in runs.items()}
    return {
        "seconds": parts,
        "total_s": sum(parts.values()),
        "cpu_s": cpu,
        "total_cpu_s": sum(cpu.values()),
        "runs": dict(runs),
    }


# --- profile -------------------------------------------------------------------------------


def _rel(filename: str) -> str:
    for root in (str(REPO) + "/", "/site-packages/", "/lib/python3.11/"):
        if root in filename:
            return filename.split(root, 1)[1]
    return filename


def _anchor(func: tuple[str, int, str]) -> str | None:
    """The stage a function belongs to by itself, or None to inherit it from its callers."""
    filename, _, name = func
    if filename.startswith("<frozen importlib"):
        return "startup"
    if filename == "~" and name in WAITS:
        return "wait"
    if name == "<module>":  # a module body runs at import, except the program's own entry
        return (
            "other" if filename in ("<string>",) or filename.endswith("__main__.py") else "startup"
        )
    if not filename.startswith(str(REPO / "intake")):
        return None
    rel = _rel(filename)
    if rel.startswith("intake/mailbox"):
        return "fetch"
    if rel.startswith("intake/message/") or name == "read_message":
        return "parse"
    if rel.startswith(("intake/extract/", "intake/guards", "intake/assess/")) or name in (
        "assess",
        "safe_extract",
    ):
        return "extract"
    if rel.startswith("intake/store/") or name == "identity":
        return "store"
    if rel.startswith(("intake/outbox/smtp", "intake/outbox/__init__")):
        return "send"
    if rel.startswith(("intake/outbox/", "intake/render")):
        return "build reply"
    return "other"


def _label(func: tuple[str, int, str]) -> str:
    filename, line, name = func
    if filename == "~":
        return name
    return f"{_rel(filename)}:{line}({name})"


def analyse_profile(paths: Sequence[Path], top: int = 25) -> dict[str, Any]:
    """Self time per stage. A function in intake has its module's stage; any other function
    takes the mix of its callers' stages, each caller weighted by the cumulative time it
    spent in the function (the gprof approximation on each call edge), solved to a fixed
    point so that recursion and cycles settle instead of being cut."""
    stats = pstats.Stats(*map(str, paths)).stats  # type: ignore[attr-defined]
    fixed: dict[Any, dict[str, float]] = {}
    edges: dict[Any, list[tuple[Any, float]]] = {}
    for func, (_cc, _nc, _tt, _ct, callers) in stats.items():
        if (own := _anchor(func)) is not None:
            fixed[func] = {own: 1.0}
            continue
        known = {c: v for c, v in callers.items() if c in stats}
        weight = sum(v[3] for v in known.values())
        key = 3 if weight > 0 else 1
        weight = weight or sum(v[1] for v in known.values())
        if not known or weight <= 0:
            fixed[func] = {"other": 1.0}
            continue
        edges[func] = [(c, v[key] / weight) for c, v in known.items()]
    mixes: dict[Any, dict[str, float]] = {**fixed, **{f: {} for f in edges}}
    for _ in range(1000):
        delta = 0.0
        for func, ins in edges.items():
            new: dict[str, float] = defaultdict(float)
            for caller, share in ins:
                for stage, part in mixes[caller].items():
                    new[stage] += share * part
            delta = max(delta, abs(sum(new.values()) - sum(mixes[func].values())))
            mixes[func] = new
        if delta < 1e-9:
            break
    for func in edges:  # mass caught in a cycle with no way out to an intake caller
        if (left := 1.0 - sum(mixes[func].values())) > 1e-9:
            mixes[func]["other"] = mixes[func].get("other", 0.0) + left

    by_stage: dict[str, float] = defaultdict(float)
    rows = []
    for func, (_cc, nc, tt, ct, _callers) in stats.items():
        m = mixes[func]
        for stage, part in m.items():
            by_stage[stage] += tt * part
        main = max(m.items(), key=lambda kv: kv[1])
        rows.append(
            {
                "func": _label(func),
                "ncalls": nc,
                "tottime": tt,
                "cumtime": ct,
                "stage": main[0],
                "stage_share": round(main[1], 2),
                "intake": _rel(func[0]).startswith("intake/"),
            }
        )
    total = sum(by_stage.values())
    self_top = sorted(rows, key=lambda r: -r["tottime"])[:top]
    # Library code by cumulative time, without the chains that hold a whole process
    # (runpy, typer, the multiprocessing worker loop) and without the blocking waits.
    chain = ("runpy", "typer/", "click/", "multiprocessing/", "concurrent/futures/", "threading.py")
    cum_top = sorted(
        (
            r
            for r in rows
            if not r["intake"]
            and r["stage"] != "wait"
            and not r["func"].startswith(("<frozen runpy>", *chain))
            and "builtins.exec" not in r["func"]
        ),
        key=lambda r: -r["cumtime"],
    )[:top]
    intake_cum = sorted((r for r in rows if r["intake"]), key=lambda r: -r["cumtime"])[:top]
    return {
        "total_s": total,
        "stages": {s: by_stage.get(s, 0.0) for s in STAGES},
        "self_top": self_top,
        "cum_top": cum_top,
        "intake_cum_top": intake_cum,
    }


def tree_version() -> dict[str, Any]:
    """Which intake code was measured: HEAD, whether intake/ or templates/ differ from it,
    and a hash of their current contents (the tree may change while a long run goes on)."""
    import hashlib

    def git(*words: str) -> str:
        done = subprocess.run(["git", *words], cwd=REPO, capture_output=True, text=True)
        return done.stdout.strip()

    digest = hashlib.sha256()
    for path in sorted([*(REPO / "intake").rglob("*.py"), *(REPO / "templates").glob("*")]):
        digest.update(str(path.relative_to(REPO)).encode() + b"\0" + path.read_bytes())
    return {
        "head": git("rev-parse", "--short", "HEAD"),
        "dirty": bool(git("status", "--porcelain", "--", "intake", "templates")),
        "content_sha256": digest.hexdigest()[:16],
    }


def _stage_tree(before: str) -> str:
    """The tree a stage measured: its hash, or "A->B" when intake changed while it ran."""
    after = tree_version()["content_sha256"]
    return before if after == before else f"{before}->{after}"


# --- the runs ------------------------------------------------------------------------------


def run_size(
    n: int, mails: Sequence[Any], sink: SinkProcess, args: argparse.Namespace, keep_site: bool
) -> tuple[dict[str, Any], Site | None]:
    print(f"\n== N = {n:,}", flush=True)
    problems: list[str] = []
    attempts = []
    failures: list[str] = []
    conf: tuple[str, ...] = ()
    attempt = 0
    while True:
        site = open_site(mails[:n], sink, args.batch_size, f"n{n}", conf)
        print(
            f"  seeded {n:,} by MULTIAPPEND in {site.seed_s:.1f} s"
            + (f" (Dovecot with {conf[0]})" if conf else ""),
            flush=True,
        )
        try:
            result = poll(site, sink, "poll")
        except PollFailed as exc:
            site.close(args.keep)
            print(f"  !! {exc}", flush=True)
            failures.append(f"stock Dovecot: {exc}")
            if conf or "Too long argument" not in str(exc):
                raise
            conf = LONG_LINES
            print(f"  measuring again on a Dovecot with {conf[0]}", flush=True)
            continue
        except BaseException:
            site.close(args.keep)
            raise
        run: Measured = result["measured"]
        print(
            f"  poll: {run.wall_s:.1f} s wall, {run.cpu_s:.1f} s CPU, "
            f"peak {run.peak_rss_mb:.1f} MB,"
            f" others' CPU meanwhile {result['others_cpu_s']:.1f} s ({result['summary']})",
            flush=True,
        )
        attempts.append(
            {"wall_s": run.wall_s, "cpu_s": run.cpu_s, "others_cpu_s": result["others_cpu_s"]}
        )
        if not result["contended"] or attempt >= args.poll_retries or n > 5000:
            break
        attempt += 1
        print("  contended by other sessions: measuring again on a fresh inbox", flush=True)
        site.close(args.keep)
    db = result["db"]
    try:
        check(
            result["sink_received"] == n,
            f"sink got {result['sink_received']} replies, not {n}",
            problems,
        )
        check(db["messages"] == n, f"store holds {db['messages']} messages, not {n}", problems)
        check(
            db["replies"].get("sent", 0) == n, f"replies sent per store: {db['replies']}", problems
        )
        fl = floor(site, sink, mails[:n], args.floor_repeat)
        check(fl["runs"]["send"][-1]["sink_received"] == n, "floor send: sink count off", problems)
        check(fl["runs"]["fetch"][-1]["count"] == n, "floor fetch: count off", problems)
    except BaseException:
        site.close(args.keep)
        raise
    if failures:
        problems.append(f"poll FAILED on stock Dovecot (Too long argument); figures with {conf[0]}")
    if result["contended"]:
        problems.append(f"poll contended: others used {result['others_cpu_s']:.0f} s CPU meanwhile")
    out = {
        "n": n,
        "seed_s": site.seed_s,
        "corpus_mb": sum(len(m.raw) for m in mails[:n]) / MB,
        "poll": {
            **run.as_dict(),
            **{k: v for k, v in result.items() if k != "measured"},
            "attempts": attempts,
        },
        "floor": fl,
        "ratio": run.wall_s / fl["total_s"],
        "ratio_cpu": run.cpu_s / fl["total_cpu_s"],
        "problems": problems,
        "poll_failures": failures,
        "dovecot_extra_conf": list(conf),
    }
    if keep_site:
        return out, site
    site.close(args.keep)
    return out, None


def run_incremental(
    mails: Sequence[Any],
    extras: Sequence[Any],
    sink: SinkProcess,
    args: argparse.Namespace,
    reuse: Site | None,
) -> dict[str, Any]:
    backfill = (
        "--backfill"
        in subprocess.run(
            [sys.executable, "-m", "intake", "poll", "--help"], capture_output=True, text=True
        ).stdout
    )
    out: dict[str, Any] = {"backfill_available": backfill, "first_poll": "normal poll"}
    for base in (args.incremental_small, args.incremental_base):
        print(f"\n== incremental: {base:,} processed + 10 new", flush=True)
        problems: list[str] = []
        if reuse is not None and reuse.n == base:
            site, first = reuse, None
            print("  (reusing the inbox and store of the main run)", flush=True)
        else:
            site = open_site(mails[:base], sink, args.batch_size, f"inc{base}")
            try:
                first = poll(site, sink, "first")
            except PollFailed as exc:
                if "Too long argument" not in str(exc):
                    raise
                problems.append(f"first poll FAILED on stock Dovecot; again with {LONG_LINES[0]}")
                site.close(args.keep)
                site = open_site(mails[:base], sink, args.batch_size, f"inc{base}", LONG_LINES)
                first = poll(site, sink, "first")
            print(f"  first poll over {base:,}: {first['measured'].wall_s:.1f} s", flush=True)
            check(first["db"]["messages"] == base, "first poll did not record all", problems)
        reps = []
        try:
            for rep in range(args.incremental_reps):
                new = extras[10 * rep : 10 * rep + 10]
                site.append(new)
                result = poll(site, sink, f"incr{rep}")
                run = result["measured"]
                db = result["db"]
                expect = base + 10 * (rep + 1)
                check(
                    db["messages"] == expect,
                    f"store holds {db['messages']}, not {expect}",
                    problems,
                )
                check(
                    result["sink_received"] == 10, f"sink got {result['sink_received']}", problems
                )
                reps.append(
                    {
                        "wall_s": run.wall_s,
                        "cpu_s": run.cpu_s,
                        "peak_rss_mb": run.peak_rss_mb,
                        "others_cpu_s": result["others_cpu_s"],
                        "contended": result["contended"],
                        "cycle_s": db["last_poll"]["cycle_s"],
                        "summary": result["summary"],
                        "dovecot_cpu_s": result["dovecot_cpu_s"],
                    }
                )
                print(
                    f"  rep {rep + 1}: {run.wall_s:.2f} s wall, "
                    f"cycle {db['last_poll']['cycle_s']:.3f} s,"
                    f" peak {run.peak_rss_mb:.1f} MB",
                    flush=True,
                )
        finally:
            site.close(args.keep)
        out[str(base)] = {
            "base": base,
            "first_poll_s": first["measured"].wall_s if first else None,
            "reps": reps,
            "median_wall_s": statistics.median(r["wall_s"] for r in reps),
            "median_cycle_s": statistics.median(r["cycle_s"] for r in reps),
            "median_cpu_s": statistics.median(r["cpu_s"] for r in reps),
            "problems": problems,
        }
    small, big = out[str(args.incremental_small)], out[str(args.incremental_base)]
    out["ratio_wall"] = big["median_wall_s"] / small["median_wall_s"]
    out["ratio_cycle"] = big["median_cycle_s"] / small["median_cycle_s"]
    return out


def _is_resource_tracker(path: Path) -> bool:
    """multiprocessing's resource tracker: a helper that sleeps on a pipe all run long."""
    stats = pstats.Stats(str(path)).stats  # type: ignore[attr-defined]
    return any(f[0].endswith("resource_tracker.py") and f[2] == "main" for f in stats)


def profile_groups(directory: Path, main_pid: int | None = None) -> tuple[dict[str, Any], int, int]:
    """Analyse the kept per-process profiles: the poll process, its workers, all of them.
    The poll process is ``main_pid``'s file, or the one that ran intake's CLI."""
    files = sorted(directory.glob("*.prof"))

    def is_main(path: Path) -> bool:
        if main_pid is not None:
            return path.stem == str(main_pid)
        stats = pstats.Stats(str(path)).stats  # type: ignore[attr-defined]
        return any(f[0].endswith("intake/cli.py") and f[2] == "poll_command" for f in stats)

    main = [f for f in files if is_main(f)]
    helpers = [f for f in files if f not in main and _is_resource_tracker(f)]
    others = [f for f in files if f not in main and f not in helpers]
    groups = {"poll process": analyse_profile(main)}
    if others:
        groups["worker processes"] = analyse_profile(others)
        groups["all processes"] = analyse_profile(main + others)
    return groups, len(main) + len(others), len(helpers)


def run_profile(
    n: int, mails: Sequence[Any], sink: SinkProcess, args: argparse.Namespace
) -> dict[str, Any]:
    """One real poll with cProfile in every Python process it starts (a sitecustomize on
    PYTHONPATH), so work done in analysis worker processes is seen too."""
    print(f"\n== profile: one poll at N = {n:,} under cProfile (every process)", flush=True)
    site = open_site(mails[:n], sink, args.batch_size, f"prof{n}")
    hook, dumps = site.workdir / "profile-site", site.workdir / "profiles"
    hook.mkdir()
    dumps.mkdir()
    (hook / "sitecustomize.py").write_text(SITECUSTOMIZE)
    site.env = {
        **site.env,
        "BENCH_PROFILE_DIR": str(dumps),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(hook), site.env.get("PYTHONPATH")])),
    }
    try:
        result = poll(site, sink, "profile")
        problems: list[str] = []
        check(result["sink_received"] == n, f"sink got {result['sink_received']}", problems)
        check(result["db"]["messages"] == n, "store count off", problems)
        main_pid = result["measured"].pid
        files = sorted(dumps.glob("*.prof"))
        kept_dir = RESULTS / f"pipeline-{datetime.now():%Y-%m-%d}-n{n}-profiles"
        shutil.rmtree(kept_dir, ignore_errors=True)
        shutil.copytree(dumps, kept_dir)
        check(any(f.stem == str(main_pid) for f in files), f"no profile from {main_pid}", problems)
        groups, working, idle = profile_groups(dumps, main_pid)
    finally:
        site.close(args.keep)
    return {
        "n": n,
        "wall_s": result["measured"].wall_s,
        "cpu_s": result["measured"].cpu_s,
        "main_pid": main_pid,
        "processes": working,
        "idle_helpers": idle,
        "prof_dir": str(kept_dir.relative_to(REPO)),
        "problems": problems,
        "groups": groups,
    }


# --- report --------------------------------------------------------------------------------


def _table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    cells = [[str(h) for h in headers]] + [[str(c) for c in r] for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]

    def line(row: list[str]) -> str:
        return "| " + " | ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)) + " |"

    sep = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(cells[0]), sep, *map(line, cells[1:])])


def report(results: dict[str, Any]) -> str:
    tree = results.get("intake_tree", {})
    dirty = " + uncommitted changes" if tree.get("dirty") else ""
    lines = [f"intake tree: HEAD {tree.get('head')}{dirty}, content {tree.get('content_sha256')}"]
    stages = [(f"N={x['n']}", x.get("intake_tree")) for x in results["sizes"]] + [
        (name, (results.get(name) or {}).get("intake_tree")) for name in ("incremental", "profile")
    ]
    if {t for _, t in stages if t} - {tree.get("content_sha256")}:
        lines.append(
            "!! intake/ changed during the run; code measured by each stage: "
            + ", ".join(f"{k} {t}" for k, t in stages if t)
        )
    lines.append("")
    sizes = results["sizes"]
    if sizes:
        rows, cpu_rows = [], []
        for r in sizes:
            p, f, n = r["poll"], r["floor"], r["n"]
            s, c = f["seconds"], f["cpu_s"]
            others = max(x["others_cpu_s"] for xs in f["runs"].values() for x in xs)
            rows.append(
                [
                    f"{n:,}",
                    f"{p['wall_s']:.1f}",
                    f"{n / p['wall_s']:,.0f}",
                    f"{f['total_s']:.1f}",
                    f"{n / f['total_s']:,.0f}",
                    f"{s['fetch']:.2f}",
                    f"{s['parse']:.2f}",
                    f"{s['build']:.2f}",
                    f"{s['send']:.2f}",
                    f"{r['ratio']:.2f}",
                    f"{p['peak_rss_mb']:.1f}",
                    f"{p['tree_peak_rss_mb']:.1f} ({p['children']})",
                ]
            )
            cpu_rows.append(
                [
                    f"{n:,}",
                    f"{p['db']['last_poll']['cycle_s']:.1f}",
                    f"{p['cpu_s']:.1f}",
                    f"{f['total_cpu_s']:.1f}",
                    f"{c['fetch']:.2f}",
                    f"{c['parse']:.2f}",
                    f"{c['build']:.2f}",
                    f"{c['send']:.2f}",
                    f"{r['ratio_cpu']:.2f}",
                    f"{p['sink_cpu_s']:.1f}",
                    f"{p['dovecot_cpu_s']:.1f}",
                    f"{p['others_cpu_s']:.1f}",
                    f"{others:.1f}",
                ]
            )
        lines.append(
            "Poll vs floor, wall clock (floor = a fetch + b parse + c build + d send, "
            "each in its own process)"
        )
        lines.append(
            _table(
                [
                    "N",
                    "poll s",
                    "poll msg/s",
                    "floor s",
                    "floor msg/s",
                    "a fetch",
                    "b parse",
                    "c build",
                    "d send",
                    "poll/floor",
                    "poll peak RSS MB (VmHWM)",
                    "process tree peak RSS MB (children)",
                ],
                rows,
            )
        )
        lines.append(
            "\nCPU seconds (poll: whole process incl. ~1.3 s of imports; floor: timed work "
            "only), and load from other sessions while measuring"
        )
        lines.append(
            _table(
                [
                    "N",
                    "poll cycle s (in-process, wall)",
                    "poll CPU",
                    "floor CPU",
                    "a",
                    "b",
                    "c",
                    "d",
                    "CPU ratio",
                    "sink CPU (poll)",
                    "dovecot CPU (poll)",
                    "others' CPU during poll",
                    "max others' CPU during a floor part",
                ],
                cpu_rows,
            )
        )
        rows = []
        for r in sizes:
            runs = r["floor"]["runs"]
            rows.append(
                [f"{r['n']:,}", f"{r['corpus_mb']:.1f}", f"{r['seed_s']:.1f}"]
                + [
                    f"{statistics.median(x['peak_rss_mb'] for x in runs[p]):.1f} "
                    f"({statistics.median(x['base_rss_mb'] for x in runs[p]):.1f})"
                    for p in ("fetch", "parse", "build", "send")
                ]
                + [
                    f"{r['poll']['db']['mean_reply_bytes']:.0f} / "
                    f"{statistics.median(x['mean_reply_bytes'] for x in runs['build']):.0f}",
                    r["poll"]["db"]["review_open"],
                    "; ".join(r["problems"]) or "ok",
                ]
            )
        lines.append("\nFloor workers: peak RSS MB (base before the timed work); corpus; checks")
        lines.append(
            _table(
                [
                    "N",
                    "corpus MB",
                    "seed s",
                    "a fetch",
                    "b parse",
                    "c build",
                    "d send",
                    "reply bytes intake / floor",
                    "review open",
                    "checks",
                ],
                rows,
            )
        )
        imp = results.get("imports")
        if imp:
            lines.append(
                f"\nBaseline: a process that has only imported intake.cli + intake.run.poll: "
                f"{imp['rss_mb']:.1f} MB RSS ({imp['modules']} modules, "
                f"{imp['seconds']:.2f} s)"
            )
        by_n = {r["n"]: r for r in sizes}
        if 1000 in by_n and 20000 in by_n:
            grow = by_n[20000]["poll"]["peak_rss_mb"] - by_n[1000]["poll"]["peak_rss_mb"]
            tree = by_n[20000]["poll"]["tree_peak_rss_mb"] - by_n[1000]["poll"]["tree_peak_rss_mb"]
            lines.append(
                f"\nPeak RSS growth N=1,000 -> 20,000: poll process {grow:+.1f} MB, "
                f"process tree {tree:+.1f} MB (target <= 30 MB): "
                f"{'PASS' if max(grow, tree) <= 30 else 'FAIL'}"
            )
        if 5000 in by_n:
            ratio = by_n[5000]["ratio"]
            lines.append(
                f"Ratio poll/floor at N=5,000: {ratio:.2f} (target <= 1.5): "
                f"{'PASS' if ratio <= 1.5 else 'FAIL'}"
            )
    inc = results.get("incremental")
    if inc:
        rows = []
        for key in (
            str(results["args"]["incremental_small"]),
            str(results["args"]["incremental_base"]),
        ):
            x = inc[key]
            rows.append(
                [
                    f"{x['base']:,} + 10",
                    f"{x['median_wall_s']:.2f}",
                    " / ".join(f"{r['wall_s']:.2f}" for r in x["reps"]),
                    f"{x['median_cycle_s']:.3f}",
                    f"{x['median_cpu_s']:.2f}",
                    f"{max(r['peak_rss_mb'] for r in x['reps']):.1f}",
                    "; ".join(x["problems"]) or "ok",
                ]
            )
        lines.append("\nIncremental poll (median of reps; 10 new appended before each)")
        lines.append(
            _table(
                [
                    "inbox",
                    "median wall s",
                    "reps wall s",
                    "median cycle s (in-process)",
                    "median CPU s",
                    "peak RSS MB",
                    "checks",
                ],
                rows,
            )
        )
        lines.append(
            f"Ratio big/small: wall {inc['ratio_wall']:.2f}, in-process cycle "
            f"{inc['ratio_cycle']:.2f} (target <= 2): "
            f"{'PASS' if inc['ratio_wall'] <= 2 else 'FAIL'}"
            f"  [--backfill available: {inc['backfill_available']}]"
        )
    prof = results.get("profile")
    if prof:
        groups = prof["groups"]
        lines.append(
            f"\nProfile: one poll at N={prof['n']:,}, cProfile in each of its "
            f"{prof['processes']} working Python processes (+{prof.get('idle_helpers', 0)}"
            f" idle resource tracker; {prof['wall_s']:.1f} s wall with "
            "profiling; self time in seconds, wall clock per process; 'wait' = blocked "
            "on another process)"
        )
        names = list(groups)
        rows = []
        for stage in STAGES:
            row = [stage]
            for name in names:
                g = groups[name]
                v = g["stages"][stage]
                row.append(f"{v:.2f} ({100 * v / g['total_s']:.0f} %)")
            rows.append(row)
        rows.append(["total"] + [f"{groups[k]['total_s']:.2f}" for k in names])
        lines.append(_table(["stage", *names], rows))
        main = groups.get("all processes") or groups["poll process"]
        scope = "all processes" if "all processes" in groups else "the poll process"
        lines.append(f"\nTop 25 by self time ({scope}), grouped by stage")
        grouped = sorted(main["self_top"], key=lambda r: (STAGES.index(r["stage"]), -r["tottime"]))
        lines.append(
            _table(
                ["stage", "function", "ncalls", "tottime", "cumtime"],
                [
                    [
                        r["stage"]
                        + ("" if r["stage_share"] > 0.95 else f" ({100 * r['stage_share']:.0f}%)"),
                        r["func"],
                        r["ncalls"],
                        f"{r['tottime']:.2f}",
                        f"{r['cumtime']:.2f}",
                    ]
                    for r in grouped
                ],
            )
        )
        lines.append(f"\nTop 25 intake functions by cumulative time ({scope})")
        lines.append(
            _table(
                ["stage", "function", "ncalls", "tottime", "cumtime"],
                [
                    [
                        r["stage"],
                        r["func"],
                        r["ncalls"],
                        f"{r['tottime']:.2f}",
                        f"{r['cumtime']:.2f}",
                    ]
                    for r in main["intake_cum_top"]
                ],
            )
        )
        lines.append(
            f"\nTop 25 library functions by cumulative time ({scope}; without the "
            "runpy/typer/multiprocessing chains that hold a whole process)"
        )
        lines.append(
            _table(
                ["stage", "function", "ncalls", "tottime", "cumtime"],
                [
                    [
                        r["stage"],
                        r["func"],
                        r["ncalls"],
                        f"{r['tottime']:.2f}",
                        f"{r['cumtime']:.2f}",
                    ]
                    for r in main["cum_top"]
                ],
            )
        )
    return "\n".join(lines)


def _json_default(value: object) -> object:
    if isinstance(value, Measured):
        return value.as_dict()
    if isinstance(value, Path):
        return str(value)
    raise TypeError(type(value).__name__)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, nargs="+", default=[1000, 5000, 20000])
    parser.add_argument(
        "--quick", action="store_true", help="N=200; incremental 1,000 vs 100; profile at 200"
    )
    parser.add_argument("--floor-repeat", type=int, default=1, help="median of K floor runs")
    parser.add_argument("--batch-size", type=int, default=100, help="intake's poll.batch_size")
    parser.add_argument("--profile-n", type=int, default=5000, help="0: no profile")
    parser.add_argument("--no-incremental", action="store_true")
    parser.add_argument("--incremental-base", type=int, default=20000)
    parser.add_argument("--incremental-small", type=int, default=100)
    parser.add_argument("--incremental-reps", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the temp dirs")
    parser.add_argument(
        "--max-idle-wait",
        type=float,
        default=120.0,
        help="seconds to wait for other sessions' load to drop before each run",
    )
    parser.add_argument(
        "--poll-retries",
        type=int,
        default=1,
        help="re-measure a contended poll (N <= 5,000) on a fresh inbox",
    )
    parser.add_argument("--out", type=Path, help="JSON file (default bench/results/...)")
    parser.add_argument(
        "--reanalyse",
        type=Path,
        metavar="JSON",
        help="re-read a results file's kept profiles and print its report again",
    )
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--spec", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        spec = json.loads(args.spec or "{}")
        if args.worker == "sink":
            sink_worker(spec["tests"])
        else:
            WORKERS[args.worker](spec)
        return 0
    if args.reanalyse:
        results = json.loads(args.reanalyse.read_text())
        prof = results.get("profile")
        if prof and (REPO / prof["prof_dir"]).is_dir():
            prof["groups"], prof["processes"], prof["idle_helpers"] = profile_groups(
                REPO / prof["prof_dir"], prof.get("main_pid")
            )
        results["report"] = report(results)
        args.reanalyse.write_text(json.dumps(results, indent=1, default=_json_default))
        print(results["report"])
        return 0
    IDLE.max_wait = args.max_idle_wait
    if args.quick:
        args.n, args.profile_n, args.incremental_base = [200], 200, 1000
    sys.path.insert(0, str(TESTS))
    import _corpus
    from support.servers import dovecot_problem

    if problem := dovecot_problem():
        print(f"cannot run: {problem}", file=sys.stderr)
        return 2
    incremental = not args.no_incremental and args.incremental_base > 0
    need = max([*args.n, args.profile_n, args.incremental_base if incremental else 0])
    start = time.perf_counter()
    mails = _corpus.build(need + 10 * args.incremental_reps)
    extras = mails[need:]
    print(
        f"corpus: {len(mails):,} mails in {time.perf_counter() - start:.1f} s "
        f"(mean {statistics.mean(len(m.raw) for m in mails):.0f} B, "
        f"{100 * statistics.mean(m.html for m in mails):.0f} % multipart/alternative)",
        flush=True,
    )
    RESULTS.mkdir(exist_ok=True)
    suffix = "-quick" if args.quick else ""
    target = args.out or RESULTS / f"pipeline-{datetime.now():%Y-%m-%d}{suffix}.json"

    def save() -> None:  # after every stage, so a failure later keeps what was measured
        target.write_text(json.dumps(results, indent=1, default=_json_default))

    results: dict[str, Any] = {
        "date": datetime.now().isoformat(timespec="seconds"),
        "args": {k: v for k, v in vars(args).items() if k not in ("worker", "spec", "out")},
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
        "intake_tree": tree_version(),
        "sizes": [],
    }
    results["imports"] = run_json([sys.executable, str(Path(__file__)), "--worker", "imports"])
    print(
        f"intake poll's imports alone: {results['imports']['rss_mb']:.1f} MB RSS, "
        f"{results['imports']['seconds']:.2f} s",
        flush=True,
    )
    sink = SinkProcess(Path(__file__), TESTS)
    reuse: Site | None = None
    try:
        for n in sorted(args.n):
            keep = incremental and n == args.incremental_base
            before = tree_version()["content_sha256"]
            out, site = run_size(n, mails, sink, args, keep)
            out["intake_tree"] = _stage_tree(before)
            results["sizes"].append(out)
            save()
            reuse = site or reuse
        if incremental:
            before = tree_version()["content_sha256"]
            results["incremental"] = run_incremental(mails, extras, sink, args, reuse)
            results["incremental"]["intake_tree"] = _stage_tree(before)
            reuse = None
            save()
        if args.profile_n:
            before = tree_version()["content_sha256"]
            results["profile"] = run_profile(args.profile_n, mails, sink, args)
            results["profile"]["intake_tree"] = _stage_tree(before)
    finally:
        if reuse is not None:
            reuse.close(args.keep)
        sink.close()
    results["total_s"] = time.perf_counter() - start
    text = report(results)
    print("\n" + text)
    results["report"] = text
    save()
    print(f"\nwritten {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
