"""The calibrated confidence: a probability from the shipped model, weighed on plain readings."""

from __future__ import annotations

from intake.assess.plan import Policy
from intake.config import ReplySettings
from intake.extract import Extraction, Kind, Signer, calibration


def test_the_default_review_threshold_is_the_one_the_calibration_chose() -> None:
    chosen = calibration.threshold()
    assert chosen is not None, "intake/extract/models/calibration.json ships in the package"
    assert Policy().review_threshold == chosen
    assert ReplySettings().review_threshold == chosen


def test_a_reason_loses_what_varies_between_messages() -> None:
    assert calibration.reason_key("4 spam phrases") == "spam phrases"
    own = "sent from our own address"
    assert calibration.reason_key(f"{own} a@b.example") == own
    assert calibration.reason_key("not sure (62% sure)") == "not sure"


def test_features_describe_the_reading_not_a_case() -> None:
    reading = Extraction(
        Kind.SIGNATURE, (Signer("Jane Doe", None, "First Church"),), 0.9, ("labelled block",)
    )
    found = calibration.features(reading)
    assert found["kind=signature"] == 1.0
    assert found["signers=1"] == 1.0
    assert found["first.title=none"] == 1.0
    assert "first.name=none" not in found
    assert found["reason=labelled block"] == 1.0
    assert found["raw"] == 0.9


def test_the_probability_is_a_probability_and_follows_the_evidence() -> None:
    sure = Extraction(
        Kind.SIGNATURE,
        (Signer("Jane Doe", "Pastor", "First Church"),),
        0.93,
        ("asks to sign", "labelled block"),
    )
    doubtful = Extraction(
        Kind.SIGNATURE,
        (Signer(None, None, "First Church"),),
        0.3,
        ("asks to sign", "no signer found", "several candidate names"),
    )
    high, low = calibration.probability(sure), calibration.probability(doubtful)
    assert high is not None and low is not None
    assert 0.0 < low < high < 1.0
    assert calibration.calibrated(sure).confidence == round(high, 3)
