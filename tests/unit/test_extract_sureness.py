"""How sure each learned reader was (intake.extract.sureness), and where the figures come
from: the choice, roster, capacity and revision models and the tagger's spans."""

from __future__ import annotations

import math

import pytest

from intake.extract import agreement, calibration, capacity_model, linear, sureness, tagger
from intake.extract.model import Extraction, Kind, Signer
from intake.extract.sureness import Sureness
from intake.extract.tagged import Draft, signers
from intake.extract.tagger import Span

_CHOICE = {
    "classes": ["rules", "tagger"],
    "intercepts": [0.0, 0.0],
    "weights": {"organization|only_tagger": [-1.0, 1.0], "title|tagger_extends": [2.0, -2.0]},
}
_LEARNED = agreement.Learned(choice=_CHOICE)


def _signature(*found: Signer) -> Extraction:
    return Extraction(Kind.SIGNATURE, found, 0.8, ("asks to sign",))


def _drafts(*spans: tuple[str, str]) -> list[Draft]:
    found = [Span(label, 0, len(text), text, line, 0.9) for line, (label, text) in enumerate(spans)]
    return signers(found, ("own",) * len(found))


def test_each_probability_is_weighed_with_its_log_odds_and_no_call_adds_nothing() -> None:
    found = sureness.features(Sureness(kind=0.8, kind_rules=False, capacity=0.5, choices=2))
    assert found["kind.p"] == 0.8
    assert found["kind.lo"] == pytest.approx(math.log(4))
    assert found["kind.rules_differ"] == 1.0 and "kind.rules_agree" not in found
    assert found["capacity.lo"] == 0.0 and found["choices=2"] == 1.0
    assert not any(k.startswith(("choice.", "roster.", "revision.", "others")) for k in found)
    assert sureness.features(sureness.NONE) == {}
    assert sureness.features(Sureness(revision=1.0))["revision.lo"] < 10  # kept finite


def test_the_weakest_call_and_a_margin_read_as_a_probability() -> None:
    assert sureness.weakest([0.9, 0.6, 0.99]) == 0.6
    assert sureness.weakest([]) is None
    assert linear.logistic(0.0) == 0.5
    assert linear.logistic(math.log(3)) == pytest.approx(0.75)


def test_the_choice_models_picks_are_counted_with_the_least_sure_of_them() -> None:
    rules = _signature(Signer("Jane Doe", "Director", None))
    drafts = _drafts(("NAME", "Jane Doe"), ("TITLE", "Director of Music"), ("ORG", "First Church"))
    combined, agreed = agreement.combine(rules, drafts, models=_LEARNED)
    assert combined.signers == (Signer("Jane Doe", "Director", "First Church"),)
    assert agreed.sure.choices == 2
    # Two picks: the title at logistic(4), the organization at logistic(2); the lesser.
    assert agreed.sure.choice == pytest.approx(1 / (1 + math.exp(-2)))
    _, agreed = agreement.combine(rules, _drafts(("NAME", "Jane Doe"), ("TITLE", "Director")))
    assert agreed.sure.choices == 0 and agreed.sure.choice is None


def test_the_capacity_model_gives_its_least_sure_reading() -> None:
    model = {
        "classes": ["both", "individual"],
        "intercepts": [0.0, 0.0],
        "weights": {"has.title": [0.0, 2.0]},
    }
    reading = _signature(Signer("Jane Doe", "Pastor", "First Church"), Signer("Bob Roe"))
    read, weakest = capacity_model.read(reading, "", "", model)
    assert weakest == 0.5  # Bob Roe: no title, nothing to tell the two apart
    assert read == capacity_model.apply(reading, "", "", model)
    correction = Extraction(Kind.CORRECTION, (Signer("Jane Doe"),))
    assert capacity_model.read(correction, "", "", model) == (correction, None)


def test_the_calibration_weighs_how_sure_the_models_were() -> None:
    reading = _signature(Signer("Jane Doe"))
    sure = agreement.Agreement(sure=Sureness(kind=0.9, capacity=0.7))
    found = calibration.features(reading, sure)
    assert found["kind.p"] == 0.9 and found["capacity.p"] == 0.7
    assert "kind.p" not in calibration.features(reading, agreement.Agreement())


class _Labels:
    """A tagger's answer for a text, fixed in advance (the shape of pycrfsuite.Tagger)."""

    def __init__(self, labels: list[str]) -> None:
        self.labels = labels

    def tag(self, _features: object) -> list[str]:
        return self.labels

    def marginal(self, _label: str, _index: int) -> float:
        return 1.0


def test_a_span_takes_the_closing_mark_typed_right_after_it() -> None:
    text = 'Forum (Vienna office), Center "Sova" and Holy Union, Inc. Ltd , x'
    words = [t.text for t in tagger.tokenize(text)]
    # Forum ( Vienna office ) , Center " Sova " and Holy Union , Inc . Ltd , x
    labels = ["B-ORG", "I-ORG", "I-ORG", "I-ORG", "O", "O"]  # stops before ")"
    labels += ["B-ORG", "I-ORG", "I-ORG", "O", "O"]  # before the closing quote
    labels += ["B-ORG", "I-ORG", "I-ORG", "I-ORG", "O"]  # before the full stop of "Inc."
    labels += ["B-ORG", "O", "O"]  # "Ltd" and a comma set off by a space: not its own
    assert len(labels) == len(words)
    found = tagger.spans(text, ("own",), _Labels(labels))
    assert [s.text for s in found] == [
        "Forum (Vienna office)",
        'Center "Sova"',
        "Holy Union, Inc.",
        "Ltd",
    ]
