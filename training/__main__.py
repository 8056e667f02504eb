"""``python -m training``: train the span tagger and fit the calibration, into the package.

    pip install -e '.[train]' && python -m training

1. The tagger, the kind model and the capacity model are cross-fitted over the
   calibration sets: five folds by writer (each labelled set whole in one fold),
   each trained on the tagger-only sets and four folds, read the fifth. So every
   calibration reading comes from models that never saw its message, nor its
   writer's habits.
2. The choice model (which reader's title or organization to keep) and the
   roster model (which signers, where the readers count them differently) are
   stacked on those readings: each fold's readings are combined by models fitted
   on the other folds' readings.
3. The calibration is fitted on the combined readings (``training.calibrate``).
4. The shipped models are trained on every set.

The sealed sets (``bench/DATA.md``) are never read. Deterministic: the same data
gives the same files, byte for byte.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

import pycrfsuite

from intake.extract import (
    agreement,
    calibration,
    capacity_model,
    choice,
    kind_model,
    pipeline,
    revision,
    roster,
    tagger,
)
from intake.extract import honorifics as honorifics_model
from intake.extract.draft import same_person
from intake.extract.model import Extraction, Kind, Signer
from training import calibrate, examples, honorifics, linear, tagging
from training.calibrate import align, norm
from training.examples import Example

MODELS = examples.REPO / "intake" / "extract" / "models"
FOLDS = 5
SYNTHETIC = 0
REVISION_MIN_MESSAGES = 3


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Train the tagger and fit the calibration.")
    parser.add_argument("--out", type=Path, default=MODELS, help="the folder of the models")
    parser.add_argument(
        "--synthetic", type=int, default=SYNTHETIC, help="synthetic messages for the tagger"
    )
    parser.add_argument(
        "--oof", type=Path, help="write every out-of-fold reading here (JSON lines)"
    )
    args = parser.parse_args(argv)
    out: Path = args.out
    started = time.monotonic()
    generated = examples.generated(args.synthetic)
    tagger_only = examples.load(examples.TAGGER_ONLY)
    held = examples.load(examples.CALIBRATION)
    print(f"{len(tagger_only)} tagger-only and {len(held)} calibration messages")
    folds = _writer_folds(held)
    found: dict[int, pipeline.Readings] = {}  # each calibration message, read out of fold
    fold_of = [0] * len(held)
    fold_models: list[pipeline.Models] = []
    with tempfile.TemporaryDirectory() as work:
        for fold in range(FOLDS):
            test = folds[fold]
            path = Path(work) / f"fold{fold}.crfsuite"
            training = tagger_only + [e for i, e in enumerate(held) if i not in test]
            tagging.train(generated + training, path)
            model = pycrfsuite.Tagger()
            model.open(str(path))
            kinds = _kinds(training)
            models = pipeline.Models(
                model, kinds, _capacity(training, kinds), honorifics=honorifics.learn(training)
            )
            fold_models.append(models)
            for i in sorted(test):
                found[i] = pipeline.readers(held[i].message, held[i].context, models)
                fold_of[i] = fold
            print(f"  fold {fold + 1}/{FOLDS} read ({time.monotonic() - started:.0f} s)")
    # The choice model is stacked on the out-of-fold readings: each fold's readings
    # are combined by a choice model fitted on the other folds' readings.
    choosing = [_choices(e, found[i]) for i, e in enumerate(held)]
    choice_models = [
        _choice_model(
            [row for i, rows in enumerate(choosing) if fold_of[i] != fold for row in rows]
        )
        for fold in range(FOLDS)
    ]
    # So is the revision model, on the rules' readings of one-signer corrections.
    revising = [_revision_rows(e, found[i]) for i, e in enumerate(held)]
    revision_models = [
        _revision_model([rows for i, rows in enumerate(revising) if fold_of[i] != fold])
        for fold in range(FOLDS)
    ]
    # So is the roster model, on rosters whose fields that fold's choice model combined.
    rostering = [_roster_rows(e, found[i], choice_models[fold_of[i]]) for i, e in enumerate(held)]
    stacked = [
        replace(
            fold_models[fold],
            choice=choice_models[fold],
            roster=_roster_model(
                [r for i, rows in enumerate(rostering) if fold_of[i] != fold for r in rows]
            ),
            revision=revision_models[fold],
        )
        for fold in range(FOLDS)
    ]
    # So is the honorifics model, on the names each fold's models read with the list alone.
    naming = [
        honorifics.read_rows(e, pipeline.joined(found[i], stacked[fold_of[i]])[0])
        for i, e in enumerate(held)
    ]
    readings = []
    oof: list[dict[str, Any]] = []
    kinds_right = 0
    fields: Counter[str] = Counter()
    for fold in range(FOLDS):
        training = tagger_only + [e for i, e in enumerate(held) if fold_of[i] != fold]
        rows = [r for i, rows in enumerate(naming) if fold_of[i] != fold for r in rows]
        models = replace(stacked[fold], honorifics=honorifics.learn(training, rows))
        for i in (i for i in range(len(held)) if fold_of[i] == fold):
            example = held[i]
            got, agreed = pipeline.joined(found[i], models)
            kinds_right += got.kind.value == example.want["kind"]
            fields.update(calibrate.field_marks(example.want, got))
            readings.append((i, got, agreed, calibrate.entirely_right(example.want, got)))
            if args.oof:
                oof.append(_oof_row(example, got))
    readings.sort(key=lambda r: r[0])
    if args.oof:
        args.oof.write_text("".join(json.dumps(r, sort_keys=True) + "\n" for r in oof))
    print(f"kind right out of fold: {kinds_right}/{len(held)}")
    signers = fields["signers"]
    print(
        "out of fold, per expected signer: "
        + ", ".join(f"{f} {fields[f] / signers:.3f}" for f in calibrate.FIELDS)
        + f"; entirely right {sum(r[3] for r in readings)}/{len(held)}"
    )
    document = calibrate.fit([r[1:] for r in readings], list(examples.CALIBRATION))
    out.mkdir(parents=True, exist_ok=True)
    (out / calibration.MODEL).write_text(
        json.dumps(document, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    tagging.train(generated + tagger_only + held, out / tagger.MODEL)
    kinds = _kinds(tagger_only + held)
    for name, document in (
        (kind_model.MODEL, kinds),
        (capacity_model.MODEL, _capacity(tagger_only + held, kinds)),
        (choice.MODEL, _choice_model([row for rows in choosing for row in rows])),
        (roster.MODEL, _roster_model([row for rows in rostering for row in rows])),
        (
            honorifics_model.MODEL,
            honorifics.learn(tagger_only + held, [row for rows in naming for row in rows]),
        ),
        (revision.MODEL, _revision_model(revising)),
    ):
        (out / name).write_text(json.dumps(document, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote the models in {out}")
    print(f"{time.monotonic() - started:.0f} s")
    return 0


def _writer_folds(held: list[Example]) -> list[set[int]]:
    """The calibration messages in ``FOLDS`` folds by writer: each set (one writer's)
    whole in one fold, the largest first into the fold with fewest messages. A fold's
    messages are then read by models that never saw their writer's habits, as mail from
    a new writer is (folds by message let a writer's labelling habits count as
    generalising: bench/DATA.md, rounds 23 and 25)."""
    sets: dict[str, list[int]] = {}
    for index, example in enumerate(held):
        sets.setdefault(example.key.split("/", 1)[0], []).append(index)
    folds: list[set[int]] = [set() for _ in range(FOLDS)]
    for _, members in sorted(sets.items(), key=lambda item: (-len(item[1]), item[0])):
        smallest = min(range(FOLDS), key=lambda fold: (len(folds[fold]), fold))
        folds[smallest].update(members)
    return folds


def _kinds(training: list[Example]) -> dict[str, Any]:
    """The kind model for ``training``: messages the automatic-mail verdict lets through."""
    found = [(pipeline.evidence(e.message, e.context), e.want["kind"]) for e in training]
    kept = [(evidence, kind) for evidence, kind in found if evidence is not None]
    about = "intake.extract.kind_model: logistic weights fitted by python -m training"
    return linear.fit([kind_model.features(e) for e, _ in kept], [k for _, k in kept], about)


def _oof_row(example: Example, got: Extraction) -> dict[str, Any]:
    """One out-of-fold reading, for error analysis."""
    return {
        "key": example.key,
        "want": example.want,
        "kind": got.kind.value,
        "signers": [s.as_dict() for s in got.signers],
        "confidence": got.confidence,
    }


def _choices(example: Example, found: pipeline.Readings) -> list[tuple[dict[str, float], str]]:
    """The choice model's examples in one out-of-fold reading: each title and
    organization the readers read differently where exactly one of them is right."""
    if found.drafts is None or example.want["kind"] != "signature":
        return []
    ours = found.rules.signers
    wanted = {index: want for want, index in _aligned(example.want["signers"], ours)}
    out = []
    for differs in agreement.choices(ours, found.drafts, found.reading.own):
        want = wanted.get(differs.index)
        if want is None:
            continue
        target = norm(want.get(differs.field))
        rules_right = norm(differs.rules) == target
        tagger_right = norm(differs.tagger) == target
        if rules_right != tagger_right:
            out.append((differs.features, choice.TAGGER if tagger_right else choice.RULES))
    return out


def _aligned(
    wanted: list[dict[str, Any]], signers: tuple[Signer, ...]
) -> list[tuple[dict[str, Any], int]]:
    """Each labelled signer with the index of the read signer aligned to it (as the
    bench aligns them); labelled signers with none are left out."""
    rows = [s.as_dict() for s in signers]
    pairs = align(wanted, rows)
    return [
        (want, rows.index(match))
        for want, match in zip(wanted, pairs, strict=True)
        if match is not None
    ]


def _roster_rows(
    example: Example, found: pipeline.Readings, choice_model: dict[str, Any]
) -> list[tuple[dict[str, float], str]]:
    """The roster model's examples in one out-of-fold reading of a sign-on the readers
    count differently: each signer only one reader read, kept when it is a labelled
    signer (the same person, or the same organization signing without a name) and,
    for the tagger's, one the rules' signers leave out."""
    if example.want["kind"] != "signature":
        return []
    ours, theirs, others = agreement.others(found.rules, found.drafts, found.reading, choice_model)
    missing = [
        want for want in example.want["signers"] if not any(_same_signer(want, s) for s in ours)
    ]
    rows = []
    for other in others:
        if other.source == roster.TAGGER:
            wanted = any(_same_signer(want, theirs[other.index]) for want in missing)
        else:
            wanted = any(_same_signer(want, ours[other.index]) for want in example.want["signers"])
        rows.append((other.features, roster.KEEP if wanted else roster.LEAVE))
    return rows


def _same_signer(want: dict[str, Any], signer: Signer) -> bool:
    if want.get("name") or signer.name:
        return same_person(want.get("name"), signer.name)
    return bool(want.get("organization")) and norm(want.get("organization")) == norm(
        signer.organization
    )


def _roster_model(rows: list[tuple[dict[str, float], str]]) -> dict[str, Any]:
    about = "intake.extract.roster: logistic weights fitted by python -m training"
    return linear.fit([f for f, _ in rows], [label for _, label in rows], about)


def _choice_model(rows: list[tuple[dict[str, float], str]]) -> dict[str, Any]:
    about = "intake.extract.choice: logistic weights fitted by python -m training"
    return linear.fit([f for f, _ in rows], [label for _, label in rows], about)


def _revision_rows(
    example: Example, found: pipeline.Readings
) -> list[tuple[dict[str, float], str]]:
    """The revision model's examples in one out-of-fold reading of a correction about
    one signer, read as one: for each field, each span against the rules' value
    (better when the span is the labelled value and the rules' value is not), and
    each right span against each wrong one (in turn each way round)."""
    want, rules = example.want, found.rules
    if want["kind"] != "correction" or rules.kind is not Kind.CORRECTION:
        return []
    if len(want["signers"]) != 1 or len(rules.signers) != 1:
        return []
    wanted = want["signers"][0]
    found_spans = revision.candidates(
        found.reading, revision.old_values(found.reading), rules.signers[0]
    )
    rows = []
    better, worse = revision.BETTER, revision.WORSE
    for field, (spans, mine) in found_spans.items():
        target = norm(wanted.get(field))
        right = [c.features for c in spans if norm(c.value) == target]
        wrong = [c.features for c in spans if norm(c.value) != target]
        current_right = norm(getattr(rules.signers[0], field)) == target
        for features in right:
            label = worse if current_right else better
            rows.append((revision.for_field(field, revision.pair(features, mine)), label))
        for features in wrong:
            rows.append((revision.for_field(field, revision.pair(features, mine)), worse))
        for r in right:
            for k, w in enumerate(wrong):
                pair = revision.pair(w, r) if k % 2 else revision.pair(r, w)
                rows.append((revision.for_field(field, pair), worse if k % 2 else better))
    return rows


def _revision_model(found: list[list[tuple[dict[str, float], str]]]) -> dict[str, Any]:
    """The pairwise model, fitted on the features and again per field, shipped as one
    weight per feature and field (the two summed) for "better" over "worse".

    ``found``: each correction's rows. A feature seen in fewer than
    ``REVISION_MIN_MESSAGES`` corrections is dropped: a message gives many rows, and
    a word around one message's spans is not evidence about others."""
    seen: Counter[str] = Counter()
    for rows in found:
        seen.update({key for features, _ in rows for key in features})
    kept = [
        ({k: v for k, v in features.items() if seen[k] >= REVISION_MIN_MESSAGES}, label)
        for rows in found
        for features, label in rows
    ]
    fitted = linear.fit([f for f, _ in kept], [label for _, label in kept], "", sparse=True)
    better = fitted["classes"].index(revision.BETTER)
    margin = {k: w[better] - w[1 - better] for k, w in fitted["weights"].items()}
    generic = {k: w for k, w in margin.items() if "|" not in k}
    weights: dict[str, dict[str, float]] = {}
    for field in revision.FIELDS:
        prefix = f"{field}|"
        own = {k.removeprefix(prefix): w for k, w in margin.items() if k.startswith(prefix)}
        keys = sorted(generic.keys() | own.keys())
        weights[field] = {k: round(generic.get(k, 0.0) + own.get(k, 0.0), 5) for k in keys}
    intercepts = fitted["intercepts"]
    return {
        "about": "intake.extract.revision: pairwise logistic weights fitted by python -m training",
        "bias": round(intercepts[better] - intercepts[1 - better], 5),
        "weights": weights,
    }


def _capacity(training: list[Example], kinds: dict[str, Any]) -> dict[str, object]:
    """The capacity model for ``training``: each labelled signer the rules found (reading
    the kind with ``kinds``, never the shipped model), with the capacity it should have
    (signers aligned as the bench aligns them)."""
    found: list[dict[str, float]] = []
    labels: list[str] = []
    for example in training:
        if example.want["kind"] != "signature" or not example.want["signers"]:
            continue
        got = pipeline.read(example.message, example.context, kinds)
        if got.kind is not Kind.SIGNATURE:
            continue
        for want, index in _aligned(example.want["signers"], got.signers):
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
