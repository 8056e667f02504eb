"""The synthetic training mail: deterministic, labelled from its own text, every layout used."""

from __future__ import annotations

import email
import email.policy
import html
import re
from collections import Counter

from training import synthetic


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def _text(raw: bytes) -> str:
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    parts = [str(msg.get("From", "")), str(msg.get("Subject", ""))]
    for part in msg.walk():
        if part.get_content_maintype() == "text":
            content = part.get_content()
            if part.get_content_subtype() == "html":
                content = html.unescape(content)
            parts.append(content)
    return _fold("\n".join(parts))


def test_there_are_at_least_forty_layouts_each_its_own_function() -> None:
    names = [fn.__name__ for fn in synthetic.LAYOUTS]
    assert len(names) >= 40
    assert len(set(names)) == len(names)


def test_the_same_seed_gives_the_same_bytes() -> None:
    first = list(synthetic.generate(60, seed=7))
    second = list(synthetic.generate(60, seed=7))
    assert first == second
    other = list(synthetic.generate(60, seed=8))
    assert [raw for raw, _ in first] != [raw for raw, _ in other]


def test_every_labelled_value_appears_in_the_decoded_text() -> None:
    for raw, outcome in synthetic.generate(400, seed=1):
        text = _text(raw)
        assert set(outcome) == {"received", "kind", "signers", "late", "should_confirm", "notes"}
        for signer in outcome["signers"]:
            assert set(signer) == {"name", "title", "organization", "capacity"}
            assert signer["capacity"] in ("individual", "organization", "both")
            for key in ("name", "title", "organization"):
                value = signer[key]
                if value is not None:
                    assert _fold(value) in text, (synthetic.layout_of(outcome), key, value)


def test_the_outcomes_follow_the_schema_rules() -> None:
    for _raw, outcome in synthetic.generate(300, seed=2):
        has_signers = outcome["kind"] in ("signature", "correction", "withdrawal")
        assert bool(outcome["signers"]) == has_signers
        if outcome["kind"] in ("auto_reply", "bounce", "list", "spam", "question", "other"):
            assert outcome["should_confirm"] is False


def test_every_layout_is_used_over_two_thousand_messages() -> None:
    used = Counter(synthetic.layout_of(outcome) for _raw, outcome in synthetic.generate(2000))
    assert set(used) == {fn.__name__ for fn in synthetic.LAYOUTS}
