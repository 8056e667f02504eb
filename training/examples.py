"""Labelled mail, read the way extraction reads it, with the tagger's token labels.

Each labelled set is a folder of ``NAME.eml`` + ``NAME.json`` pairs in the
corpus schema, with the campaign's own address. The token labels come from the
expected outcome: every occurrence of a signer's labelled name, title or
organization in the tagged text (case and runs of white space aside) marks its
tokens ``B-``/``I-``; everything else is ``O``. A value taken from the From
header and found nowhere in the text marks nothing.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from intake.extract import ExtractContext, tagger, zones
from intake.message import Message, parse

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "dev"
IRF = "coordinator@irf-roundtable.example"

SEALED = ("wF", "wG")
# Sets that shaped the rules: they train the tagger, never the calibration.
TAGGER_ONLY = ("dev", "unseen-a", "unseen-b")
# Sets the rules never saw: cross-fitted for the tagger, and the calibration's readings.
CALIBRATION = (
    *(f"w{letter}" for letter in "ABCDEHIJKLMNOPQRSTUVWXYZ"),  # wF, wG sealed
    *(f"x{letter}" for letter in "ABC"),
)
# (name, folder, the campaign's own address). The sealed sets are not here.
SETS: dict[str, tuple[Path, str]] = {
    "dev": (CORPUS, IRF),
    "unseen-a": (REPO / "bench" / "unseen" / "a", "signon@faithandconscience.example"),
    "unseen-b": (REPO / "bench" / "unseen" / "b", "sign@minorityrights-coalition.example"),
    **{name: (REPO / "bench" / "labelled" / name, IRF) for name in CALIBRATION},
}
FIELDS = {"name": "NAME", "title": "TITLE", "organization": "ORG"}


@dataclass(frozen=True)
class Example:
    """One labelled message: its reading, what it should give, and its token labels."""

    key: str
    group: str
    want: dict[str, Any]
    message: Message
    reading: zones.Reading
    context: ExtractContext
    text: str
    zones: tuple[str, ...]
    tokens: list[tagger.Token]
    labels: list[str]


def load(names: tuple[str, ...]) -> list[Example]:
    """Every message of the named sets, in a fixed order."""
    out: list[Example] = []
    for name in names:
        folder, own = SETS[name]
        context = ExtractContext(own_addresses=frozenset({own}))
        for eml in sorted(folder.glob("*.eml")):
            want = json.loads(eml.with_suffix(".json").read_text(encoding="utf-8"))
            out.append(example(f"{name}/{eml.name}", name, eml.read_bytes(), want, context))
    return out


def generated(count: int) -> list[Example]:
    """``count`` synthetic messages (``training.synthetic``): for the tagger only."""
    from training import synthetic

    context = ExtractContext(own_addresses=frozenset({IRF}))
    return [
        example(f"synthetic/{i:05d}", "synthetic", raw, want, context)
        for i, (raw, want) in enumerate(synthetic.generate(count))
    ]


def example(
    key: str, group: str, raw: bytes, want: dict[str, Any], context: ExtractContext
) -> Example:
    """One labelled message, read and labelled."""
    message = parse(raw)
    reading = zones.read(message, context)
    text, line_zones = tagger.document(reading)
    tokens = tagger.tokenize(text)
    return Example(
        key=key,
        group=group,
        want=want,
        message=message,
        reading=reading,
        context=context,
        text=text,
        zones=line_zones,
        tokens=tokens,
        labels=token_labels(text, tokens, want),
    )


def token_labels(text: str, tokens: list[tagger.Token], want: dict[str, Any]) -> list[str]:
    """``B-``/``I-``/``O`` for each token, from the labelled values found in ``text``."""
    labels = ["O"] * len(tokens)
    if want.get("kind") not in ("signature", "correction", "withdrawal"):
        return labels
    marked: list[tuple[int, int, str]] = []
    for signer in want.get("signers") or []:
        for field, label in FIELDS.items():
            value = signer.get(field)
            if value:
                marked += [(m.start(), m.end(), label) for m in _occurrences(text, value)]
    # Longer values first, so that a name inside an organization's name stays the organization's.
    for start, end, label in sorted(marked, key=lambda m: m[0] - m[1]):
        inside = [i for i, t in enumerate(tokens) if t.start >= start and t.end <= end]
        if not inside or any(labels[i] != "O" for i in inside):
            continue
        labels[inside[0]] = "B-" + label
        for i in inside[1:]:
            labels[i] = "I-" + label
    return labels


def _occurrences(text: str, value: str) -> list[re.Match[str]]:
    words = [re.escape(w) for w in value.split()]
    if not words:
        return []
    pattern = r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)"
    return list(re.finditer(pattern, text, re.IGNORECASE))
