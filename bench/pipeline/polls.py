"""One real ``intake poll`` in a subprocess, measured, on a fresh inbox and database.

Kinds of poll: ``default`` (the shipped settings: analysis in worker processes from
``parallel_from`` messages on) and ``one-process`` (``parallel_from = 0``), both with
extraction answered from the corpus (``oracle.py``); and ``real`` (the default poll
with the real extraction), for the figure extraction adds.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from _common import SinkProcess, run_sampled
from pipeline import oracle
from pipeline.site import Load, Site, db_stats, open_site, quiet

KINDS = {
    "empty": {"oracle": True, "poll": {}},  # nothing to fetch: what every poll costs
    "default": {"oracle": True, "poll": {}},
    "one-process": {"oracle": True, "poll": {"parallel_from": 0}},
    "real": {"oracle": False, "poll": {}},
}


class PollFailed(RuntimeError):
    """``intake poll`` exited non-zero; the message carries its stderr."""


def poll(
    kind: str,
    mails: Sequence[Any],
    sink: SinkProcess,
    batch: int,
    work: Path,
    hook_code: str = "",
) -> tuple[dict[str, Any], Site]:
    """Seed a fresh site with ``mails``, run one poll of ``kind`` on it, check what it did.
    Returns the measurement and the site (its inbox still holds the mails; close it)."""
    hook, extra_env = (None, {})
    if KINDS[kind]["oracle"] or hook_code:
        hook, extra_env = oracle.install(work, mails, hook_code)
        if not KINDS[kind]["oracle"]:
            extra_env = {}
    settings = {"batch_size": batch, **KINDS[kind]["poll"]}
    site = open_site(mails, sink, settings, f"{kind}-{len(mails)}", hook)
    try:
        return measure(site, sink, kind, extra_env), site
    except BaseException:
        site.close()
        raise


def measure(site: Site, sink: SinkProcess, label: str, env: dict[str, str]) -> dict[str, Any]:
    """Run ``intake poll`` on ``site``, sampling its memory; the machine's load meanwhile."""
    cmd = [sys.executable, "-m", "intake", "-c", str(site.config), "-q", "poll"]
    idle = quiet()
    load = Load(sink, site.dovecot.pid)
    out, err = site.workdir / f"{label}.out", site.workdir / f"{label}.err"
    run = run_sampled(cmd, env={**site.env, **env}, cwd=site.workdir, stdout=out, stderr=err)
    if run.returncode != 0:
        raise PollFailed(
            f"intake poll failed (exit {run.returncode}) after {run.wall_s:.1f} s: "
            f"{err.read_text()[-3000:].strip()}"
        )
    result = {
        **run.as_dict(),
        **idle,
        **load.done(run.machine_busy_s, run.cpu_s, run.wall_s),
        "summary": out.read_text().strip(),
        "db": db_stats(site.database),
    }
    result["problems"] = problems(result, site.n, replies=label != "real")
    result["kind"] = label
    print(
        f"  {label} poll: {run.wall_s:.1f} s wall, {run.cpu_s:.1f} s CPU, peak "
        f"{run.peak_rss_mb:.1f} MB (tree {run.tree_peak_rss_mb:.1f}), others' CPU "
        f"{result['others_cpu_s']:.1f} s ({result['summary']})",
        flush=True,
    )
    for problem in result["problems"]:
        print(f"  !! {problem}", flush=True)
    return result


def problems(result: dict[str, Any], n: int, replies: bool) -> list[str]:
    """What the poll got wrong: every message recorded; with ``replies``, every one
    answered (the real extraction may read a bench mail otherwise: no check then)."""
    db, found = result["db"], []
    if db["messages"] != n:
        found.append(f"the store holds {db['messages']} messages, not {n}")
    if replies and result["sink_received"] != n:
        found.append(f"the sink got {result['sink_received']} replies, not {n}")
    if replies and db["replies"].get("sent", 0) != n:
        found.append(f"replies by status: {db['replies']}, not {n} sent")
    return found
