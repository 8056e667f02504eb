"""Does an everyday poll stay small in a big inbox? 10 new messages on top of a small and
a big inbox, both already processed (``--incremental BASE``): the poll after the first
should take about as long in both."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from _common import SinkProcess
from pipeline.polls import measure, poll

NEW = 10  # messages added before each incremental poll
SMALL = 100


def incremental(
    mails: Sequence[Any], sink: SinkProcess, base: int, reps: int, batch: int, work: Path
) -> dict[str, Any]:
    """A first poll over ``SMALL`` and over ``base`` messages, then ``reps`` polls of
    ``NEW`` new ones each; the ratio of the medians, big over small."""
    out: dict[str, Any] = {}
    extras = mails[base : base + NEW * reps]
    for size in (SMALL, base):
        print(f"\n== incremental: {size:,} processed + {NEW} new", flush=True)
        first, place = poll("default", mails[:size], sink, batch, work)
        runs = []
        try:
            for rep in range(reps):
                place.append(extras[NEW * rep : NEW * (rep + 1)])
                place.n = size + NEW * (rep + 1)
                result = measure(place, sink, "default", {})
                result["problems"] = [p for p in result["problems"] if "the sink got" not in p]
                if result["sink_received"] != NEW:
                    result["problems"].append(f"the sink got {result['sink_received']}")
                runs.append(result)
        finally:
            place.close()
        out[str(size)] = {
            "first_wall_s": first["wall_s"],
            "runs": runs,
            "wall_s": statistics.median(r["wall_s"] for r in runs),
            "cpu_s": statistics.median(r["cpu_s"] for r in runs),
            "cycle_s": statistics.median(r["db"]["cycle_s"] for r in runs),
        }
    small, big = out[str(SMALL)], out[str(base)]
    out["ratio_wall"] = big["wall_s"] / small["wall_s"]
    out["ratio_cycle"] = big["cycle_s"] / small["cycle_s"]
    out["base"] = base
    return out
