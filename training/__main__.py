"""``python -m training``: train the span tagger and fit the calibration, into the package.

    pip install -e '.[train]' && python -m training

1. The tagger is cross-fitted over the calibration sets: five folds, each
   tagger trained on the tagger-only sets and four folds, reads the fifth. So
   every calibration reading comes from a tagger that never saw its message.
2. The calibration is fitted on those readings (``training.calibrate``).
3. The shipped tagger is trained on every set.

The sealed sets (``bench/DATA.md``) are never read. Deterministic: the same data
gives the same files, byte for byte.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from collections import Counter
from pathlib import Path

import pycrfsuite

from intake.extract import calibration, capacity_model, kind_model, pipeline, tagger
from intake.extract.model import Kind
from training import calibrate, examples, linear, tagging
from training.calibrate import align
from training.examples import Example

MODELS = examples.REPO / "intake" / "extract" / "models"
FOLDS = 5
SYNTHETIC = 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Train the tagger and fit the calibration.")
    parser.add_argument("--out", type=Path, default=MODELS, help="the folder of the models")
    parser.add_argument(
        "--synthetic", type=int, default=SYNTHETIC, help="synthetic messages for the tagger"
    )
    args = parser.parse_args(argv)
    out: Path = args.out
    started = time.monotonic()
    generated = examples.generated(args.synthetic)
    tagger_only = examples.load(examples.TAGGER_ONLY)
    held = examples.load(examples.CALIBRATION)
    print(f"{len(tagger_only)} tagger-only and {len(held)} calibration messages")
    order = list(range(len(held)))
    random.Random(0).shuffle(order)  # noqa: S311 (folds, not secrets)
    readings = []
    kinds_right = 0
    fields: Counter[str] = Counter()
    with tempfile.TemporaryDirectory() as work:
        for fold in range(FOLDS):
            test = set(order[fold::FOLDS])
            path = Path(work) / f"fold{fold}.crfsuite"
            training = tagger_only + [e for i, e in enumerate(held) if i not in test]
            tagging.train(generated + training, path)
            model = pycrfsuite.Tagger()
            model.open(str(path))
            models = pipeline.Models(model, _kinds(training), _capacity(training))
            for i in sorted(test):
                example = held[i]
                got, agreed = pipeline.both(example.message, example.context, models)
                kinds_right += got.kind.value == example.want["kind"]
                fields.update(calibrate.field_marks(example.want, got))
                readings.append((i, got, agreed, calibrate.entirely_right(example.want, got)))
            print(f"  fold {fold + 1}/{FOLDS} read ({time.monotonic() - started:.0f} s)")
    readings.sort(key=lambda r: r[0])
    print(f"kind right out of fold: {kinds_right}/{len(held)}")
    signers = fields["signers"]
    print(
        "out of fold, per expected signer: "
        + ", ".join(f"{f} {fields[f] / signers:.3f}" for f in calibrate.FIELDS)
    )
    document = calibrate.fit([r[1:] for r in readings], list(examples.CALIBRATION))
    out.mkdir(parents=True, exist_ok=True)
    (out / calibration.MODEL).write_text(
        json.dumps(document, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    tagging.train(generated + tagger_only + held, out / tagger.MODEL)
    for name, document in (
        (kind_model.MODEL, _kinds(tagger_only + held)),
        (capacity_model.MODEL, _capacity(tagger_only + held)),
    ):
        (out / name).write_text(json.dumps(document, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote the models in {out}")
    print(f"{time.monotonic() - started:.0f} s")
    return 0


def _kinds(training: list[Example]) -> dict[str, object]:
    """The kind model for ``training``: messages the automatic-mail verdict lets through."""
    found = [(pipeline.evidence(e.message, e.context), e.want["kind"]) for e in training]
    kept = [(evidence, kind) for evidence, kind in found if evidence is not None]
    about = "intake.extract.kind_model: logistic weights fitted by python -m training"
    return linear.fit([kind_model.features(e) for e, _ in kept], [k for _, k in kept], about)


def _capacity(training: list[Example]) -> dict[str, object]:
    """The capacity model for ``training``: each labelled signer the rules found, with
    the capacity it should have (signers aligned as the bench aligns them)."""
    found: list[dict[str, float]] = []
    labels: list[str] = []
    for example in training:
        if example.want["kind"] != "signature" or not example.want["signers"]:
            continue
        got = pipeline.read(example.message, example.context)
        if got.kind is not Kind.SIGNATURE:
            continue
        rows = [s.as_dict() for s in got.signers]
        pairs = align(example.want["signers"], rows)
        for want, match in zip(example.want["signers"], pairs, strict=True):
            if match is None:
                continue
            index = rows.index(match)
            signer = got.signers[index]
            found.append(
                capacity_model.features(
                    signer, index, len(got.signers), example.reading.subject, example.reading.own
                )
            )
            labels.append(want["capacity"])
    about = "intake.extract.capacity_model: logistic weights fitted by python -m training"
    return linear.fit(found, labels, about)


raise SystemExit(main())
