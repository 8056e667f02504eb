"""Train the span tagger (``intake/extract/models/tagger.crfsuite``) with python-crfsuite."""

from __future__ import annotations

from pathlib import Path

import pycrfsuite

from intake.extract import tagger
from training.examples import Example

PARAMS = {"c1": 0.05, "c2": 0.01, "max_iterations": 150, "feature.possible_transitions": True}


def train(examples: list[Example], out: Path) -> None:
    """Fit a CRF on ``examples`` and write it to ``out`` (deterministic for the same input)."""
    trainer = pycrfsuite.Trainer(verbose=False)
    for example in examples:
        if not example.tokens:
            continue
        trainer.append(tagger.features(example.text, example.zones, example.tokens), example.labels)
    trainer.set_params(PARAMS)
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))
