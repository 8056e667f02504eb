"""Where a poll's time goes: cProfile in every Python process it starts, self time
attributed to the pipeline's stages (``--profile N``)."""

from __future__ import annotations

import pstats
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
STAGES = ("fetch", "parse", "extract", "store", "build reply", "send", "startup", "wait", "other")
# Where a process blocks for another one (a worker for work, the poll for a worker's result).
WAITS = {
    "<method 'acquire' of '_thread.lock' objects>",
    "<built-in method posix.read>",
    "<built-in method posix.waitpid>",
    "<built-in method select.select>",
    "<method 'poll' of 'select.poll' objects>",
}
DIR_ENV = "BENCH_PROFILE_DIR"
HOOK = """
# by bench/pipeline/profiling.py: profile each Python process started with this path
import atexit, cProfile
_dir = os.environ.get("BENCH_PROFILE_DIR")
if _dir:
    _profile = cProfile.Profile()
    _profile.enable()

    def _dump():
        _profile.disable()
        _profile.dump_stats(os.path.join(_dir, "%d.prof" % os.getpid()))

    atexit.register(_dump)
"""


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
        poll = ("intake/cli/campaign.py", "poll_command")
        return any(f[0].endswith(poll[0]) and f[2] == poll[1] for f in stats)

    main = [f for f in files if is_main(f)]
    helpers = [f for f in files if f not in main and _is_resource_tracker(f)]
    others = [f for f in files if f not in main and f not in helpers]
    groups = {"poll process": analyse_profile(main)}
    if others:
        groups["worker processes"] = analyse_profile(others)
        groups["all processes"] = analyse_profile(main + others)
    return groups, len(main) + len(others), len(helpers)
