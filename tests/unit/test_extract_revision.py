"""The revision of a correction's values on small inline texts: the spans that could be
a new value, their features, and the pairwise model's choice."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

from intake.extract import Capacity, Extraction, Kind, Signer, revision
from intake.extract.labels import Group
from intake.extract.zones import Reading, Segment

_FIX = 'Small fix please: my title should be "Senior Cantor", not Cantor.\nThanks, Miriam Levy'


def _reading(own: str, subject: str = "Re: Your signature", record: bool = False) -> Reading:
    group = Group({"name": "Miriam Levy", "title": "Cantor", "organization": "Beth Am"})
    segment = Segment("Coordinator", "c@ours.example", "Name: Miriam Levy", ours=True)
    return Reading(
        own=own,
        subject=subject,
        sender_name="Miriam Levy",
        sender_address="m@b.example",
        segments=(segment,) if record else (),
        record=group if record else None,
    )


def _signer(**values: str | None) -> Signer:
    return Signer(values.get("name"), values.get("title"), values.get("organization"))


def _found(
    own: str, field: str, old: str | None, current: str | None, subject: str = "Re: Signing"
) -> tuple[list[revision.Candidate], dict[str, float]]:
    before = _signer(**{field: old}) if old else None
    return revision.candidates(_reading(own, subject), before, _signer(**{field: current}))[field]


def _values(own: str, field: str, old: str | None, current: str | None) -> list[str]:
    return [c.value for c in _found(own, field, old, current)[0]]


def test_a_quoted_new_value_is_a_candidate_and_spans_stop_at_quotes_and_stops() -> None:
    values = _values(_FIX, "title", "Cantor", "Cantor")
    assert "Senior Cantor" in values
    assert "Cantor" not in values  # the rules' value is weighed apart
    assert not any('"' in v or "Cantor, not" in v for v in values)  # never across a quote
    assert not any(v.startswith("Small fix please") and v != "Small fix please" for v in values)
    subject = _found("Thanks.", "title", None, None, subject="Re: Fwd: Senior Cantor")[0]
    assert [c.value for c in subject] == ["Senior", "Senior Cantor", "Thanks"]
    assert [c.features["subject"] for c in subject] == [1.0, 1.0, 0.0]  # no "Re: Fwd:"


def test_a_span_sharing_no_word_starts_only_where_a_value_starts() -> None:
    values = _values("We spoke yesterday about it: Grace Chapel Trust", "organization", None, None)
    assert "Grace Chapel Trust" in values  # after a colon
    assert "spoke yesterday" not in values  # mid-sentence, no word of an old value
    assert "yesterday about it" not in values


def test_names_are_printed_as_names_and_titles_as_titles() -> None:
    values = _values("Please list me as: Rev. Dr. Ana María Souza, PhD", "name", None, None)
    assert "Ana María Souza" in values  # honorifics and letters taken off
    titles = _values("Title: ACTING DIRECTOR", "title", None, None)
    assert "Acting Director" in titles  # capitals in normal case


def test_the_rules_value_is_featured_where_it_is_written_else_as_unplaced() -> None:
    _, written = _found(_FIX, "title", "Cantor", "Cantor")
    assert written["placed"] == 1.0 and written["old:same"] == 1.0
    assert written["cue is field"] == 1.0  # the line names the title
    _, absent = _found(_FIX, "title", "Cantor", "Hazzan")
    assert absent["unplaced"] == 1.0 and "placed" not in absent
    _, empty = _found(_FIX, "organization", None, None)
    assert empty == {"empty": 1.0}


def test_likeness_to_the_old_value_is_a_feature() -> None:
    spans, _ = _found("It is José Núñez.", "name", "Jose Nunez", None)
    found = {c.value: c.features for c in spans}
    assert found["José Núñez"]["old:same letters"] == 1.0
    assert found["José Núñez"]["current:none"] == 1.0
    spans, _ = _found(_FIX, "title", "Cantor", "Cantor")
    senior = next(c.features for c in spans if c.value == "Senior Cantor")
    assert senior["old:adds words"] == 1.0 and senior["before1:be"] == 1.0


def test_a_pair_is_the_difference_of_its_features_and_each_is_also_the_fields() -> None:
    assert revision.pair({"a": 1.0, "b": 1.0}, {"b": 1.0, "c": 1.0}) == {"a": 1.0, "c": -1.0}
    assert revision.for_field("name", {"a": 1.0}) == {"a": 1.0, "name|a": 1.0}


def _model(weights: dict[str, float], bias: float = 0.0) -> dict[str, Any]:
    return {"bias": bias, "weights": {"name": {}, "title": weights, "organization": {}}}


def _correction(title: str = "Cantor", kind: Kind = Kind.CORRECTION) -> Extraction:
    signer = Signer("Miriam Levy", title, "Beth Am", Capacity.INDIVIDUAL)
    return Extraction(kind, (signer,), 0.5, ("correction",))


def test_the_best_span_replaces_the_rules_value_when_the_model_finds_it_better() -> None:
    model = _model({"old:adds words": 3.0, "before1:be": 2.0})
    revised = revision.apply(_correction(), _reading(_FIX, record=True), model)
    assert revised.signers[0].title == "Senior Cantor"
    assert revised.signers[0].name == "Miriam Levy"  # no span beats the other fields
    assert revised.reasons[-1] == "the title read from the correction's words"


def test_the_rules_value_stays_when_no_span_is_better() -> None:
    model = _model({"old:adds words": 3.0, "before1:be": 2.0}, bias=-10.0)
    reading = _correction()
    assert revision.apply(reading, _reading(_FIX, record=True), model) is reading


def test_only_a_correction_about_one_signer_is_revised() -> None:
    model = _model({"old:adds words": 3.0, "before1:be": 2.0})
    signon = _correction(kind=Kind.SIGNATURE)
    assert revision.apply(signon, _reading(_FIX, record=True), model) is signon
    two = Extraction(Kind.CORRECTION, _correction().signers * 2, 0.5)
    assert revision.apply(two, _reading(_FIX, record=True), model) is two


def test_the_old_values_are_the_quoted_records() -> None:
    old = revision.old_values(_reading(_FIX, record=True))
    assert old is not None and (old.name, old.title) == ("Miriam Levy", "Cantor")
    assert revision.old_values(_reading(_FIX)) is None


def test_the_fields_a_line_names_come_in_the_same_order_under_any_hash_seed() -> None:
    # Their order is the order the model adds its weights in: a set's order would change
    # the last bits of the probability from one run to the next.
    code = (
        "from intake.extract import revision;"
        "print(list(revision._line('my name, title and organization').cues))"
    )
    seen = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        for seed in range(6)
    }
    assert seen == {"['name', 'title', 'organization']"}
