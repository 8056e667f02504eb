"""Throughput and memory of a real ``intake poll`` against the floor of its parts.

    python bench/pipeline                      # N = 1,000, 5,000, 20,000
    python bench/pipeline --n 5000 --repeat 3  # one size, each figure the median of 3
    python bench/pipeline --quick              # N = 200: does it all work?
    python bench/pipeline --n 5000 --profile 5000
    python bench/pipeline --reanalyse bench/results/pipeline-DATE.json

Needs root and Dovecot (``tests/support/servers.py``); never part of the test run.
Results are printed and written to ``bench/results/pipeline-<date>.json``.

For each N, on fresh Dovecot inboxes seeded with N deterministic sign-on mails
(``bench/_corpus.py``) and one counting aiosmtpd sink in its own process:

- the default poll (``python -m intake poll``, the shipped settings), then the
  floor of its parts (``workers.py``) on the same inbox and sink;
- a one-process poll (``parallel_from = 0``);
- in both, extraction answers from the corpus (``oracle.py``): the comparison
  is about fetch, parse, store, build and send. Extraction is measured alone on
  the same messages, and (up to ``--real-max``) the default poll is run once
  more with the real extraction, for the figure it adds.

Wall clock and CPU seconds of the poll are the whole process tree's (start-up
and worker processes included); the floor's are its timed work only. Other
sessions share the 2 cores: each timed run first waits (up to
``--max-idle-wait`` s) for the machine to go quiet, and the CPU other processes
used meanwhile is reported (a floor part they contended is measured again).
"""

from __future__ import annotations

import argparse
import json
import pickle
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from _common import Measured, SinkProcess, run_json
from pipeline import floor, oracle, profiling, report, site
from pipeline.incremental import incremental
from pipeline.polls import measure, poll
from pipeline.workers import WORKERS

PACKAGE = Path(__file__).resolve().parent
REPO = PACKAGE.parents[1]
RESULTS = REPO / "bench" / "results"


def quiet_poll(
    kind: str, mails: Sequence[Any], sink: SinkProcess, args: Any, work: Path
) -> tuple[dict[str, Any], site.Site]:
    """``poll``, on a fresh inbox again (up to ``--retries`` times) while other sessions'
    load contended it; the least contended measurement counts."""
    tries: list[tuple[dict[str, Any], site.Site]] = []
    while True:
        tries.append(poll(kind, mails, sink, args.batch_size, work))
        if not tries[-1][0]["contended"] or len(tries) > args.retries:
            break
        print(f"  contended ({tries[-1][0]['others_cpu_s']:.0f} s of others' CPU): again")
    best = min(tries, key=lambda t: t[0]["others_cpu_s"])
    for _, place in tries:
        if place is not best[1]:
            place.close(args.keep)
    best[0]["attempts"] = len(tries)
    return best


def start_up(sink: SinkProcess, args: Any) -> dict[str, Any]:
    """A poll with nothing to fetch, three times: start-up, imports, the database, the IMAP
    login and search, logout. The floor's figures leave their own start-up out."""
    work = Path(tempfile.mkdtemp(prefix="intake-bench-empty-"))
    print("\n== a poll with nothing to fetch (start-up)", flush=True)
    runs = []
    for _ in range(3):
        result, place = poll("empty", [], sink, args.batch_size, work)
        place.close(args.keep)
        runs.append(result)
    return {
        "runs": runs,
        "wall_s": statistics.median(r["wall_s"] for r in runs),
        "cpu_s": statistics.median(r["cpu_s"] for r in runs),
        "peak_rss_mb": statistics.median(r["peak_rss_mb"] for r in runs),
    }


def run_size(n: int, mails: Sequence[Any], sink: SinkProcess, args: Any) -> dict[str, Any]:
    """Every measurement at one N; each poll on an inbox of its own."""
    print(f"\n== N = {n:,}", flush=True)
    mails = mails[:n]
    work = Path(tempfile.mkdtemp(prefix=f"intake-bench-n{n}-"))
    polls: dict[str, list[dict[str, Any]]] = {"default": [], "one-process": [], "real": []}
    floors = []
    for rep in range(args.repeat):
        print(f"  -- round {rep + 1} of {args.repeat}", flush=True)
        result, place = quiet_poll("default", mails, sink, args, work)
        polls["default"].append(result)
        try:
            floors.append(floor.floor(place, sink, mails, args.batch_size))
        finally:
            place.close(args.keep)
        result, place = quiet_poll("one-process", mails, sink, args, work)
        polls["one-process"].append(result)
        place.close(args.keep)
    if n <= args.real_max:
        result, place = quiet_poll("real", mails, sink, args, work)
        polls["real"].append(result)
        place.close(args.keep)
    return {
        "n": n,
        "corpus_mb": sum(len(m.raw) for m in mails) / 2**20,
        "polls": polls,
        "floor": floor.combine(floors),
        "extraction": extraction_alone(mails, work),
        "intake_tree": tree_version()["content_sha256"],
    }


def extraction_alone(mails: Sequence[Any], work: Path) -> dict[str, Any]:
    """Extraction on the N messages, parsed beforehand, in a process of its own."""
    from support.campaign import COORDINATOR

    corpus = work / "corpus.pickle"
    with corpus.open("wb") as fh:
        pickle.dump([m.raw for m in mails], fh)
    spec = {"corpus": str(corpus), "own": [COORDINATOR]}
    result = floor.worker("extract", spec)
    print(f"  extraction alone: {result['seconds']:.1f} s ({result['cpu_s']:.1f} s CPU)")
    return result


def run_profile(n: int, mails: Sequence[Any], sink: SinkProcess, args: Any) -> dict[str, Any]:
    """One default poll at N with cProfile in every Python process it starts."""
    print(f"\n== profile: one default poll at N = {n:,} under cProfile", flush=True)
    work = Path(tempfile.mkdtemp(prefix=f"intake-bench-prof{n}-"))
    dumps = work / "profiles"
    dumps.mkdir()
    hook, env = oracle.install(work, mails[:n], profiling.HOOK)
    place = site.open_site(mails[:n], sink, {"batch_size": args.batch_size}, f"prof{n}", hook)
    try:
        result = measure(place, sink, "default", {**env, profiling.DIR_ENV: str(dumps)})
    finally:
        place.close(args.keep)
    kept = RESULTS / f"pipeline-{datetime.now():%Y-%m-%d}-n{n}-profiles"
    subprocess.run(["rm", "-rf", str(kept)], check=True)
    subprocess.run(["cp", "-r", str(dumps), str(kept)], check=True)
    groups, working, idle = profiling.profile_groups(dumps, result["pid"])
    return {
        "n": n,
        "wall_s": result["wall_s"],
        "cpu_s": result["cpu_s"],
        "main_pid": result["pid"],
        "processes": working,
        "idle_helpers": idle,
        "prof_dir": str(kept.relative_to(REPO)),
        "groups": groups,
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


def machine() -> dict[str, Any]:
    """The machine, and how loaded it was when the run began."""
    import os

    with open("/proc/loadavg") as fh:
        load = fh.read().split()[:3]
    return {"cpus": os.cpu_count(), "python": sys.version.split()[0], "loadavg_at_start": load}


def _json_default(value: object) -> object:
    if isinstance(value, Measured):
        return value.as_dict()
    if isinstance(value, Path):
        return str(value)
    raise TypeError(type(value).__name__)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--n", type=int, nargs="*", default=[1000, 5000, 20000])
    parser.add_argument("--quick", action="store_true", help="N = 200, once")
    parser.add_argument("--repeat", type=int, default=1, help="median of K rounds")
    parser.add_argument("--batch-size", type=int, default=100, help="intake's poll.batch_size")
    parser.add_argument(
        "--real-max", type=int, default=5000, help="largest N polled with the real extraction"
    )
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="profile a poll")
    parser.add_argument(
        "--incremental",
        type=int,
        default=0,
        metavar="BASE",
        help="10 new messages on an inbox of 100 and of BASE processed ones (e.g. 20000)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temp dirs")
    parser.add_argument("--max-idle-wait", type=float, default=300.0)
    parser.add_argument(
        "--retries", type=int, default=2, help="polls measured again when contended"
    )
    parser.add_argument("--out", type=Path, help="JSON file (default bench/results/...)")
    parser.add_argument("--reanalyse", type=Path, metavar="JSON", help="print a report again")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--spec", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.worker:
        spec = json.loads(args.spec or "{}")
        WORKERS[args.worker]({**spec, "tests": str(REPO / "tests")})
        return 0
    if args.reanalyse:
        results = json.loads(args.reanalyse.read_text())
        print(report.report(results))
        return 0
    site.IDLE.max_wait = args.max_idle_wait
    # A stop (SIGTERM) unwinds like Ctrl-C, so every Dovecot, temp dir and the sink go too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if args.quick:
        args.n, args.repeat = [200], 1
    import _corpus
    from support.servers import dovecot_problem

    if problem := dovecot_problem():
        print(f"cannot run: {problem}", file=sys.stderr)
        return 2
    start = time.perf_counter()
    mails = _corpus.build(max([*args.n, args.profile, args.incremental + 30]))
    print(f"corpus: {len(mails):,} mails in {time.perf_counter() - start:.1f} s", flush=True)
    RESULTS.mkdir(exist_ok=True)
    suffix = "-quick" if args.quick else ""
    target = args.out or RESULTS / f"pipeline-{datetime.now():%Y-%m-%d-%H%M}{suffix}.json"
    results: dict[str, Any] = {
        "date": datetime.now().isoformat(timespec="seconds"),
        "args": {k: str(v) for k, v in vars(args).items() if k not in ("worker", "spec")},
        "machine": machine(),
        "intake_tree": tree_version(),
        "sizes": [],
    }

    def save() -> None:  # after every stage, so a failure later keeps what was measured
        target.write_text(json.dumps(results, indent=1, default=_json_default))

    results["imports"] = run_json([sys.executable, str(PACKAGE), "--worker", "imports"])
    sink = SinkProcess(PACKAGE, REPO / "tests")
    try:
        if args.n:
            results["start_up"] = start_up(sink, args)
            save()
        for n in sorted(args.n):
            results["sizes"].append(run_size(n, mails, sink, args))
            save()
        if args.incremental:
            work = Path(tempfile.mkdtemp(prefix="intake-bench-incremental-"))
            results["incremental"] = incremental(
                mails, sink, args.incremental, 3, args.batch_size, work
            )
            save()
        if args.profile:
            results["profile"] = run_profile(args.profile, mails, sink, args)
    finally:
        sink.close()
    results["total_s"] = time.perf_counter() - start
    results["report"] = report.report(results)
    print("\n" + results["report"])
    save()
    print(f"\nwritten {target}")
    return 0
