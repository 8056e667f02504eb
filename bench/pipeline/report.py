"""The tables: each poll beside the floor, in wall clock, CPU seconds and memory; the load
the shared machine was under; extraction on a line of its own; the targets."""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from typing import Any

from pipeline.profiling import STAGES

TARGETS = {  # (poll kind, figure): the most it may be, as a multiple of the floor
    ("default", "wall_s"): 1.5,
    ("default", "cpu_s"): 2.5,
    ("one-process", "wall_s"): 2.5,
}
RSS_GROWTH_MB = 30.0  # peak RSS at the largest N over the smallest


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    cells = [[str(h) for h in headers]] + [[str(c) for c in r] for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]

    def line(row: list[str]) -> str:
        return "| " + " | ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)) + " |"

    sep = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(cells[0]), sep, *map(line, cells[1:])])


def med(runs: Sequence[dict[str, Any]], key: str | Callable[[dict[str, Any]], float]) -> float:
    pick = key if callable(key) else (lambda r: float(r[key]))
    return statistics.median(pick(r) for r in runs)


def spread(runs: Sequence[dict[str, Any]], key: str) -> str:
    """The median, and every round when there were several."""
    text = f"{med(runs, key):.2f}"
    return text if len(runs) < 2 else f"{text} ({' / '.join(f'{r[key]:.1f}' for r in runs)})"


def floor_of(size: dict[str, Any], key: str) -> float:
    return float(size["floor"]["total_s" if key == "wall_s" else "total_cpu_s"])


def ratio(size: dict[str, Any], kind: str, key: str, start: dict[str, Any] | None) -> float:
    """The poll's median ``key`` over the floor's; less the start-up when it is given."""
    less = start[key] if start else 0.0
    return (med(size["polls"][kind], key) - less) / floor_of(size, key)


def verdict(value: float, most: float | None) -> str:
    if most is None:
        return f"{value:.2f}"
    return f"{value:.2f} {'ok' if value <= most else 'OVER'}"


def versus(sizes: list[dict[str, Any]], key: str, start: dict[str, Any] | None) -> str:
    """Each poll beside the floor in ``key`` (wall_s or cpu_s): whole, and less start-up."""
    rows = []
    for s in sizes:
        f, p = s["floor"], s["polls"]
        parts = f["seconds"] if key == "wall_s" else f["cpu_s"]
        row = [f"{s['n']:,}", f"{floor_of(s, key):.2f}"]
        row += [f"{parts[k]:.2f}" for k in ("fetch", "parse", "build", "send")]
        for kind in ("default", "one-process"):
            most = TARGETS.get((kind, key))
            row += [spread(p[kind], key), f"{ratio(s, kind, key, None):.2f}"]
            if start:
                less = med(p[kind], key) - start[key]
                row += [f"{less:.2f}", verdict(ratio(s, kind, key, start), most)]
        row.append(f"{med(p['real'], key):.1f}" if p["real"] else "-")
        if key == "cpu_s":
            x = s["extraction"]
            row.append(f"{x['cpu_s']:.1f} ({1000 * x['cpu_s'] / s['n']:.2f} ms)")
        rows.append(row)
    head = ["N", "floor", "a fetch", "b parse", "c build", "d send"]
    for kind in ("default", "one-process"):
        most = TARGETS.get((kind, key))
        limit = f" (≤ {most})" if most else ""
        head += [f"{kind} poll", "÷ floor"]
        if start:
            head += ["less start-up", f"÷ floor{limit}"]
    head.append("poll, real extraction")
    if key == "cpu_s":
        head.append("extraction alone")
    return table(head, rows)


def memory_table(sizes: list[dict[str, Any]]) -> str:
    rows = []
    for s in sizes:
        f, p = s["floor"], s["polls"]
        peaks = [f"{max(r['peak_rss_mb'] for r in f['runs'][k]):.1f}" for k in f["runs"]]
        rows.append(
            [
                f"{s['n']:,}",
                f"{med(p['default'], 'peak_rss_mb'):.1f}",
                f"{med(p['default'], 'tree_peak_rss_mb'):.1f}",
                f"{med(p['one-process'], 'peak_rss_mb'):.1f}",
                " / ".join(peaks),
                f"{med(p['default'], lambda r: r['db']['mean_reply_bytes']):.0f}",
            ]
        )
    head = ["N", "default poll", "its process tree", "one-process poll"]
    head += ["floor a / b / c / d", "reply bytes"]
    return table(head, rows)


def load_table(sizes: list[dict[str, Any]]) -> str:
    rows = []
    for s in sizes:
        p, f = s["polls"], s["floor"]
        row = [f"{s['n']:,}"]
        for kind in ("default", "one-process"):
            row.append(
                f"{med(p[kind], 'others_cpu_s'):.1f} / {med(p[kind], 'idle_wait_s'):.0f}"
                f" / {med(p[kind], 'sink_cpu_s'):.1f} / {med(p[kind], 'dovecot_cpu_s'):.1f}"
            )
        row.append(f"{f['others_cpu_s']:.1f}")
        rows.append(row)
    head = ["N", "default poll: others' CPU / waited / sink CPU / Dovecot CPU"]
    head += ["one-process poll: the same", "floor: most others' CPU in a part"]
    return table(head, rows)


def targets(sizes: list[dict[str, Any]], start: dict[str, Any] | None) -> list[str]:
    lines = []
    for (kind, key), most in TARGETS.items():
        what = "wall clock" if key == "wall_s" else "CPU seconds"
        for label, less in (("less start-up", start), ("whole process", None)):
            if label == "less start-up" and not start:
                continue
            values = [ratio(s, kind, key, less) for s in sizes]
            ok = all(v <= most for v in values)
            figures = ", ".join(f"{s['n']:,}: {v:.2f}" for s, v in zip(sizes, values, strict=True))
            lines.append(
                f"{kind} poll ÷ floor, {what}, {label} (≤ {most}): {figures}: "
                f"{'PASS' if ok else 'FAIL'}"
            )
    by_n = {s["n"]: s for s in sizes}
    if len(by_n) > 1:
        low, high = by_n[min(by_n)], by_n[max(by_n)]
        for kind, key in (("default", "peak_rss_mb"), ("default", "tree_peak_rss_mb")):
            grow = med(high["polls"][kind], key) - med(low["polls"][kind], key)
            what = "poll process" if key == "peak_rss_mb" else "process tree"
            lines.append(
                f"peak RSS N={min(by_n):,} -> {max(by_n):,}, {what}: {grow:+.1f} MB "
                f"(≤ {RSS_GROWTH_MB:.0f}): {'PASS' if grow <= RSS_GROWTH_MB else 'FAIL'}"
            )
        grow = med(high["polls"]["one-process"], "peak_rss_mb")
        grow -= med(low["polls"]["one-process"], "peak_rss_mb")
        lines.append(f"peak RSS N={min(by_n):,} -> {max(by_n):,}, one-process poll: {grow:+.1f} MB")
    return lines


def problems(sizes: list[dict[str, Any]]) -> list[str]:
    found = []
    for s in sizes:
        for kind, runs in s["polls"].items():
            for r in runs:
                found += [f"N={s['n']:,} {kind} poll: {p}" for p in r["problems"]]
    return found


def incremental_section(inc: dict[str, Any]) -> list[str]:
    rows = []
    for key in ("100", str(inc["base"])):
        x = inc[key]
        rows.append(
            [
                f"{int(key):,} + 10",
                f"{x['first_wall_s']:.1f}",
                spread(x["runs"], "wall_s"),
                f"{x['cycle_s']:.3f}",
                f"{x['cpu_s']:.2f}",
            ]
        )
    head = ["inbox", "first poll s", "poll of 10 new, wall s", "in-process cycle s", "CPU s"]
    return [
        "\nIncremental poll (median of 3; 10 new messages appended before each)",
        table(head, rows),
        f"big over small: wall {inc['ratio_wall']:.2f}, in-process cycle {inc['ratio_cycle']:.2f}",
    ]


def profile_section(prof: dict[str, Any]) -> list[str]:
    groups = prof["groups"]
    lines = [
        f"\nProfile: one default poll at N={prof['n']:,}, cProfile in each of its "
        f"{prof['processes']} working Python processes ({prof['wall_s']:.1f} s wall with "
        "profiling; self time in seconds; 'wait' = blocked on another process)"
    ]
    names = list(groups)
    rows = []
    for stage in STAGES:
        row = [stage]
        for name in names:
            v = groups[name]["stages"][stage]
            row.append(f"{v:.2f} ({100 * v / groups[name]['total_s']:.0f} %)")
        rows.append(row)
    rows.append(["total"] + [f"{groups[k]['total_s']:.2f}" for k in names])
    lines.append(table(["stage", *names], rows))
    main = groups.get("all processes") or groups["poll process"]
    lines.append("\nTop 25 by self time, grouped by stage")
    top = sorted(main["self_top"], key=lambda r: (STAGES.index(r["stage"]), -r["tottime"]))
    lines.append(
        table(
            ["stage", "function", "ncalls", "tottime", "cumtime"],
            [
                [r["stage"], r["func"], r["ncalls"], f"{r['tottime']:.2f}", f"{r['cumtime']:.2f}"]
                for r in top
            ],
        )
    )
    return lines


def report(results: dict[str, Any]) -> str:
    tree, box = results.get("intake_tree", {}), results.get("machine", {})
    dirty = " + uncommitted changes" if tree.get("dirty") else ""
    lines = [
        f"intake tree: HEAD {tree.get('head')}{dirty}, content {tree.get('content_sha256')}; "
        f"{box.get('cpus')} cores, load average at the start {box.get('loadavg_at_start')}"
    ]
    changed = {s["intake_tree"] for s in results["sizes"]} - {tree.get("content_sha256")}
    if changed:
        lines.append(f"!! intake/ changed during the run: {sorted(changed)}")
    sizes, start = results["sizes"], results.get("start_up")
    start_text = (
        f"a poll with nothing to fetch, {start['wall_s']:.2f} s wall and {start['cpu_s']:.2f} s CPU"
        " (median of 3)"
        if start
        else "not measured"
    )
    if sizes:
        lines += [
            "\nWall clock, seconds (floor = a fetch + b parse + c build + d send, each alone, "
            "its timed work; polls: the whole process tree, and less the start-up: "
            f"{start_text}; extraction answered from the corpus except in 'real extraction')",
            versus(sizes, "wall_s", start),
            "\nCPU seconds (polls: the process and its workers)",
            versus(sizes, "cpu_s", start),
            "\nPeak RSS, MB (VmHWM; the tree: the summed RSS of the poll and its workers)",
            memory_table(sizes),
            "\nLoad: CPU seconds other sessions used meanwhile / seconds waited for quiet "
            "first / the sink's and Dovecot's CPU seconds",
            load_table(sizes),
            "",
            *targets(sizes, start),
            *problems(sizes),
        ]
    imports = results.get("imports")
    if imports:
        lines.append(
            f"\nA process that has only imported what intake poll imports: "
            f"{imports['rss_mb']:.1f} MB RSS, {imports['seconds']:.2f} s, "
            f"{imports['modules']} modules"
        )
    if results.get("incremental"):
        lines += incremental_section(results["incremental"])
    if results.get("profile"):
        lines += profile_section(results["profile"])
    return "\n".join(lines)
