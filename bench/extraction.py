"""Score extraction on a corpus folder of ``NAME.eml`` + ``NAME.json`` pairs.

    python bench/extraction.py ../shared/corpus/dev
    python bench/extraction.py ../shared/corpus/dev --files-from bench/holdout.txt
    python bench/extraction.py ../shared/corpus/dev --exclude-from bench/holdout.txt --failures
    python bench/extraction.py bench/unseen/a --own-address signon@faithandconscience.example
    python bench/extraction.py intake/demo/mailbox --own-address letters@freedomofbelief.example

A folder with a ``manifest.json`` (a list of expected outcomes, each naming its
``file``) is read through the manifest, like the demo mailbox; otherwise each
``NAME.eml`` is scored against ``NAME.json``. ``--own-address`` (repeatable) is
the campaign's own address; it defaults to the dev corpus's coordinator.

It runs the same code as ``intake extract`` (``intake.assess.assess``, through
``outcome_of``, on a parsed message) and prints, per field, the share of exact
answers: kind; name, title, organization and capacity per expected signer
(signers aligned in order, a missing signer wrong on every field); signer
count; confirmations that would go to automatic or bulk mail; missed and
spurious confirmations; wrong answers that carried a confidence at or above the
review threshold; the share of messages handled without review (no review item)
and how many of those are wrong in any way; a reliability table (confidence
bucket -> share of cases entirely right); and the time per message for
extraction alone and with parsing.

Comparison: exact text after trimming and folding runs of white space; case
matters; an empty string counts as null.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from intake.assess import outcome
from intake.assess.plan import Policy
from intake.extract import ExtractContext, extract
from intake.message import Message, parse

OWN = frozenset({"coordinator@irf-roundtable.example"})  # the dev corpus's coordinator
FIELDS = ("name", "title", "organization", "capacity")
AUTOMATIC = {"auto_reply", "bounce", "list", "spam"}
THRESHOLD = Policy().review_threshold
# Confidence buckets of the reliability table (lower bound inclusive).
BUCKETS = ((0.0, 0.3), (0.3, 0.5), (0.5, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 0.95), (0.95, 1.01))
Fields = dict[str, str | None]


def norm(value: object) -> str | None:
    """Trimmed, spaces folded; empty is None. Case is kept."""
    if value is None:
        return None
    text = re.sub(r"\s+", " ", str(value)).strip()
    return text or None


def _agree(want: Fields, got: Fields | None) -> int:
    if got is None:
        return 0
    return sum(norm(want.get(f)) == norm(got.get(f)) for f in FIELDS)


def align(expected: Sequence[Fields], found: Sequence[Fields]) -> list[Fields | None]:
    """For each expected signer, the found signer aligned to it (order kept), or None."""
    n, m = len(expected), len(found)
    best = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            take = _agree(expected[i], found[j]) + best[i + 1][j + 1]
            best[i][j] = max(take, best[i + 1][j], best[i][j + 1])
    pairs: list[Fields | None] = []
    i = j = 0
    while i < n:
        if j < m and best[i][j] == _agree(expected[i], found[j]) + best[i + 1][j + 1]:
            pairs.append(found[j])
            i, j = i + 1, j + 1
        elif j < m and best[i][j] == best[i][j + 1]:
            j += 1
        else:
            pairs.append(None)
            i += 1
    return pairs


@dataclass
class Case:
    """One scored message."""

    name: str
    expected: dict[str, object]
    got: dict[str, object]
    wrong: list[str] = field(default_factory=list)


@dataclass
class Score:
    """Counts over the corpus."""

    cases: int = 0
    kind_ok: int = 0
    count_ok: int = 0
    signers: int = 0
    field_ok: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    to_automatic: int = 0
    missed: int = 0
    spurious: int = 0
    answers: int = 0
    wrong_answers: int = 0
    confident_wrong: int = 0
    right_signers: int = 0
    right_signers_unsure: int = 0
    cases_right: int = 0
    cases_right_unsure: int = 0
    handled: int = 0
    handled_wrong: int = 0
    buckets: dict[tuple[float, float], list[int]] = field(
        default_factory=lambda: {b: [0, 0] for b in BUCKETS}
    )
    failures: list[Case] = field(default_factory=list)


def score_case(score: Score, case: Case) -> None:
    """Add one case's answers to ``score``; note what it got wrong on ``case``."""
    want, got = case.expected, case.got
    confident = float(got["confidence"]) >= THRESHOLD  # type: ignore[arg-type]
    score.cases += 1
    wrong: list[str] = []
    if want["kind"] == got["kind"]:
        score.kind_ok += 1
    else:
        wrong.append(f"kind {got['kind']} != {want['kind']}")
    exp_signers: list[Fields] = want["signers"]  # type: ignore[assignment]
    got_signers: list[Fields] = got["signers"]  # type: ignore[assignment]
    if len(exp_signers) == len(got_signers):
        score.count_ok += 1
    else:
        wrong.append(f"signers {len(got_signers)} != {len(exp_signers)}")
    for exp, found in zip(exp_signers, align(exp_signers, got_signers), strict=True):
        score.signers += 1
        before = len(wrong)
        for f in FIELDS:
            ok = found is not None and norm(exp.get(f)) == norm(found.get(f))
            score.field_ok[f] += ok
            if not ok:
                shown = found.get(f) if found else "(missing)"
                wrong.append(f"{f} {shown!r} != {exp.get(f)!r}")
        if len(wrong) == before:
            score.right_signers += 1
            score.right_signers_unsure += not confident
    _confirmations(score, want, got, wrong)
    answers = 2 + 4 * len(exp_signers)  # kind, count, four fields per signer
    score.answers += answers
    score.wrong_answers += len(wrong)
    score.confident_wrong += len(wrong) if confident else 0
    case.wrong = wrong
    if wrong:
        score.failures.append(case)
    else:
        score.cases_right += 1
        score.cases_right_unsure += not confident
    # Handled without review: no review item, so nobody looks at the reading.
    if not got.get("review"):
        score.handled += 1
        score.handled_wrong += bool(wrong)
    value = float(got["confidence"])  # type: ignore[arg-type]
    for low, high in BUCKETS:
        if low <= value < high:
            score.buckets[(low, high)][0] += 1
            score.buckets[(low, high)][1] += not wrong


def _confirmations(
    score: Score, want: dict[str, object], got: dict[str, object], wrong: list[str]
) -> None:
    confirm, should = bool(got["should_confirm"]), bool(want["should_confirm"])
    if confirm and want["kind"] in AUTOMATIC:
        score.to_automatic += 1
    if should and not confirm:
        score.missed += 1
        wrong.append("confirmation missed")
    if confirm and not should:
        score.spurious += 1
        wrong.append("spurious confirmation")


def _caches() -> list[Callable[[], None]]:
    """``cache_clear`` of every memoized helper in ``intake.extract``.

    Not the unbounded ``functools.cache`` loaders: a shipped model is read once
    per process (the poll reads it once for thousands of messages).
    """
    found: list[Callable[[], None]] = []
    for name, module in list(sys.modules.items()):
        if not name.startswith("intake.extract"):
            continue
        for value in vars(module).values():
            clear = getattr(value, "cache_clear", None)
            parameters = getattr(value, "cache_parameters", None)
            if callable(parameters) and parameters()["maxsize"] is None:
                continue
            if callable(clear) and clear not in found:
                found.append(clear)
    return found


def timed(raw: bytes, context: ExtractContext, rounds: int) -> tuple[float, float, Message]:
    """Median ms for extraction alone and for parse + extraction.

    Every round starts with empty memo caches, so a repeated message is timed as if
    it were new (no round profits from the one before).
    """
    alone: list[float] = []
    whole: list[float] = []
    message = parse(raw)
    caches = _caches()
    for _ in range(rounds):
        for clear in caches:
            clear()
        start = time.perf_counter()
        message = parse(raw)
        middle = time.perf_counter()
        extract(message, context)
        end = time.perf_counter()
        alone.append((end - middle) * 1000)
        whole.append((end - start) * 1000)
    return statistics.median(alone), statistics.median(whole), message


def outcome_of(message: Message, path: Path, own: frozenset[str] = OWN) -> dict[str, object]:
    """The same JSON-ready outcome as ``intake extract``."""
    return dict(outcome.outcome_of(message, path, own))


def pct(part: int, whole: int) -> str:
    return f"{100.0 * part / whole:6.1f}%" if whole else "    n/a"


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]


def report(score: Score, alone: list[float], whole: list[float]) -> str:
    """The table."""
    s = score
    rows = [
        f"cases                         {s.cases}",
        f"kind                          {pct(s.kind_ok, s.cases)}  ({s.kind_ok}/{s.cases})",
    ]
    for f in FIELDS:
        ok = s.field_ok[f]
        rows.append(f"{f:<30}{pct(ok, s.signers)}  ({ok}/{s.signers})")
    rows += [
        f"signer count                  {pct(s.count_ok, s.cases)}  ({s.count_ok}/{s.cases})",
        f"confirmations to automatic    {s.to_automatic}",
        f"missed confirmations          {s.missed}",
        f"spurious confirmations        {s.spurious}",
        f"wrong answers                 {s.wrong_answers} of {s.answers}",
        f"  of which confidence >= {THRESHOLD:.2f} {s.confident_wrong}"
        f"  ({pct(s.confident_wrong, s.answers).strip()} of answers,"
        f" {pct(s.confident_wrong, s.wrong_answers).strip()} of wrong)",
        f"cases entirely right          {pct(s.cases_right, s.cases)}  ({s.cases_right}/{s.cases})",
        f"  of which confidence < {THRESHOLD:.2f}  {s.cases_right_unsure}",
        f"right signers, confidence < {THRESHOLD:.2f}"
        f" {pct(s.right_signers_unsure, s.right_signers)}"
        f"  ({s.right_signers_unsure}/{s.right_signers})",
        f"handled without review        {pct(s.handled, s.cases)}  ({s.handled}/{s.cases})",
        f"  of which wrong              {pct(s.handled_wrong, s.handled)}"
        f"  ({s.handled_wrong}/{s.handled})",
        "reliability (confidence -> cases entirely right)",
        *(
            f"  {low:.2f}-{min(high, 1.0):.2f}  {pct(right, n)}  ({right}/{n})"
            for (low, high), (n, right) in s.buckets.items()
            if n
        ),
        f"extract ms   median {statistics.median(alone):7.3f}   p99 {p99(alone):7.3f}",
        f"parse+extract ms median {statistics.median(whole):7.3f}   p99 {p99(whole):7.3f}",
    ]
    return "\n".join(rows)


def _names(path: Path | None) -> set[str]:
    if path is None:
        return set()
    return {line.strip() for line in path.read_text().splitlines() if line.strip()}


def cases(corpus: Path) -> list[tuple[Path, dict[str, object]]]:
    """Each ``.eml`` with its expected outcome, from ``manifest.json`` or the ``.json`` by it."""
    manifest = corpus / "manifest.json"
    if manifest.exists():
        entries = json.loads(manifest.read_text(encoding="utf-8"))
        return sorted((corpus / entry["file"], entry) for entry in entries)
    return [
        (eml, json.loads(eml.with_suffix(".json").read_text(encoding="utf-8")))
        for eml in sorted(corpus.glob("*.eml"))
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, nargs="+", help="one or more corpus folders")
    parser.add_argument("--files-from", type=Path, help="only the case names listed here")
    parser.add_argument("--exclude-from", type=Path, help="skip the case names listed here")
    parser.add_argument("--failures", action="store_true", help="print each wrong case")
    parser.add_argument("--rounds", type=int, default=5, help="timing rounds per message")
    parser.add_argument(
        "--own-address",
        action="append",
        metavar="ADDR",
        help="the campaign's own address (repeatable; default: the dev corpus coordinator)",
    )
    args = parser.parse_args(argv)
    only, skip = _names(args.files_from), _names(args.exclude_from)
    own = frozenset(a.strip().lower() for a in args.own_address) if args.own_address else OWN
    score, alone, whole = Score(), [], []
    context = ExtractContext(own_addresses=own)
    for eml, expected in (c for folder in args.corpus for c in cases(folder)):
        if (only and eml.stem not in only) or eml.stem in skip:
            continue
        t_alone, t_whole, message = timed(eml.read_bytes(), context, args.rounds)
        alone.append(t_alone)
        whole.append(t_whole)
        score_case(score, Case(eml.stem, expected, outcome_of(message, eml, own)))
    if not score.cases:
        print("no cases found", file=sys.stderr)
        return 1
    if args.failures:
        for case in score.failures:
            print(f"{case.name}  (confidence {case.got['confidence']}: {case.got['reasons']})")
            for line in case.wrong:
                print(f"    {line}")
    print(report(score, alone, whole))
    return 0


if __name__ == "__main__":
    sys.exit(main())
