"""The desk's pure parts: plain-word reasons, previews, sign-in limits, sessions, listening."""

from __future__ import annotations

from pathlib import Path

import pytest

from intake.config import DeskSettings
from intake.desk.auth import Limiter, Sessions, password_hash, same, verify
from intake.desk.forms import changed, edits
from intake.desk.server import Listen
from intake.errors import ConfigError
from intake.extract import Capacity, Signer
from intake.review import preview, words
from intake.store import SignerRecord


def record(n: int = 7, **fields: object) -> SignerRecord:
    base: dict[str, object] = {
        "name": "Jane Smith", "title": "Director", "organization": "Center for Conscience",
        "capacity": Capacity.INDIVIDUAL, "email": "jane@x.example", "status": "active",
        "late": False,
    }  # fmt: skip
    base.update(fields)
    return SignerRecord(n, **base)  # type: ignore[arg-type]


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize(
    ("reason", "said"),
    [
        ("question: needs an answer from the coordinator", ["A question: it needs your answer."]),
        (
            "signature: no signer found; no sender address",
            [
                "It reads as a signature, but no signer could be read from it.",
                "The message has no sender address, so no reply can go.",
            ],
        ),
        (
            "not sure it read this right (62% sure)",
            ["intake is not sure it read this right (62% sure): check each field."],
        ),
        ("withdrawal after the deadline", ["A withdrawal that arrived after the deadline."]),
        (
            "Jane Smith has already signed from another address",
            ["Jane Smith has already signed from another address."],
        ),
        (
            "change held: Reply-To v@x.example is not the sender's address j@x.example",
            [
                "Nothing was changed yet, because Reply-To v@x.example is not the sender's "
                "address j@x.example. Accepting makes the change."
            ],
        ),
    ],
)
def test_reasons_read_as_sentences(reason: str, said: list[str]) -> None:
    assert words.sentences(reason) == said


def test_an_accept_preview_says_a_change_that_waited_is_made() -> None:
    jack = Signer("Jack Turner", "Pastor", "First Church")
    shown = preview.accept([], None, [jack], "signature")
    assert shown.lines[0] == "Makes the signature that waited: Jack Turner, Pastor, First Church."
    assert preview.accept([record()], None).lines[0].startswith("Keeps #7 Jane Smith")


def test_an_edit_preview_lists_only_what_changes() -> None:
    shown = preview.edit(
        {7: {"title": "Senior Director", "name": "Jane Smith"}}, {7: record()}, None
    )
    assert shown.lines == (
        "#7 title: Director → Senior Director",
        "No automatic reply is involved.",
    )
    assert preview.edit({7: {"name": "Jane Smith"}}, {7: record()}, None).changes_nothing


def test_a_merge_preview_warns_about_lateness_addresses_and_names() -> None:
    keep = record(1, title=None)
    other = record(5, name="Jane M. Smith", email="js@home.example", late=True, title="Dean")
    shown = preview.merge(keep, other, None)
    assert "#1 gets title: Dean" in shown.lines and "The merge can be undone." in shown.lines
    assert shown.warnings == (
        "#5 signed after the deadline; #1 signed in time.",
        "They wrote from different addresses: jane@x.example, js@home.example.",
        "The names differ: “Jane Smith” and “Jane M. Smith”.",
    )


def test_a_split_needs_a_name_or_organization_for_the_new_signer() -> None:
    shown = preview.split(record(), {}, {"name": None, "organization": None}, None)
    assert shown.warnings == ("The new signer needs a name or an organization.",)


def test_form_fields_change_only_what_the_coordinator_changed() -> None:
    form = {
        "name.7": "Jane  Smith", "was.name.7": "Jane Smith",
        "title.7": "Senior Director", "was.title.7": "Director",
        "organization.7": "", "was.organization.7": "",
        "capacity.7": "both", "was.capacity.7": "individual",
    }  # fmt: skip
    diff, seen = changed(form, "7")
    assert diff == {"title": "Senior Director", "capacity": "both"}
    assert seen == {"title": "Director", "capacity": "individual"}
    assert edits(form, [7]) == ({7: diff}, {7: seen})
    with pytest.raises(ConfigError, match="capacity must be one of"):
        changed({**form, "capacity.7": "club"}, "7")


def test_failed_sign_ins_are_limited_per_client_and_in_all() -> None:
    clock = Clock()
    limiter = Limiter(per_client=3, overall=5, window=60, clock=clock)
    for _ in range(3):
        assert limiter.wait("a") == 0
        limiter.failed("a")
    assert limiter.wait("a") == 60 and limiter.wait("b") == 0
    limiter.failed("b")
    limiter.failed("c")
    assert limiter.wait("d") == 60  # five failures in all: everyone waits
    clock.now += 61
    assert limiter.wait("a") == 0 and limiter.wait("d") == 0


def test_sessions_end_when_signed_out_or_expired() -> None:
    clock = Clock()
    sessions = Sessions(lifetime=100, clock=clock)
    one, two = sessions.start(), sessions.start()
    assert sessions.valid(one) and sessions.valid(two) and not sessions.valid("forged")
    sessions.end(one)
    assert not sessions.valid(one) and sessions.valid(two)
    clock.now += 101
    assert not sessions.valid(two) and not sessions.valid(None)


def test_the_password_is_hashed_and_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DESK_PW", "a long enough secret")
    hashed = password_hash(DeskSettings(password_env="DESK_PW"))
    assert hashed is not None and hashed.startswith("$argon2id$")
    assert verify(hashed, "a long enough secret") and not verify(hashed, "a long enough secreT")
    assert not verify(None, "anything") and password_hash(DeskSettings()) is None
    monkeypatch.setenv("DESK_PW", "short")
    with pytest.raises(ConfigError, match="at least 8 characters"):
        password_hash(DeskSettings(password_env="DESK_PW"))
    assert same("abc", "abc") and not same("abc", "abd") and not same("", "")


def test_only_loopback_listens_in_plain_http(tmp_path: Path) -> None:
    Listen("127.0.0.1", 8765).check(has_password=False)
    Listen("::1", 8765).check(has_password=False)
    with pytest.raises(ConfigError, match="not loopback"):
        Listen("0.0.0.0", 8765).check(has_password=True)
    with pytest.raises(ConfigError, match="needs a password"):
        Listen("192.0.2.10", 8765, behind_proxy=True).check(has_password=False)
    Listen("192.0.2.10", 8765, behind_proxy=True).check(has_password=True)
    cert, key = tmp_path / "c.pem", tmp_path / "k.pem"
    with pytest.raises(ConfigError, match="TLS file not found"):
        Listen("192.0.2.10", 443, cert, key).check(has_password=True)
    cert.write_text("x")
    key.write_text("x")
    Listen("192.0.2.10", 443, cert, key).check(has_password=True)
    with pytest.raises(ConfigError, match="both --tls-cert and --tls-key"):
        Listen("127.0.0.1", 443, cert, None).check(has_password=True)
