"""Review decisions on a real SQLite store: conflicts, undoing a merge, held replies, examples."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from support.desk import PASSWORD_ENV, QUEUE, desk_settings, seed
from typer.testing import CliRunner

from intake.cli import app
from intake.config import Settings
from intake.errors import ConflictError
from intake.review import examples
from intake.review.settle import Decisions
from intake.store import Store

AT = datetime(2020, 6, 25, 15, 0, tzinfo=UTC)


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv(PASSWORD_ENV, "a desk password")
    return desk_settings(tmp_path, smtp_port=1)  # nothing listens: mail waits in the outbox


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    db = Store.open(settings.database_url)
    seed(settings, db, QUEUE, send=False)
    yield db
    db.close()


@pytest.fixture
def decisions(settings: Settings, store: Store) -> Decisions:
    return Decisions(settings, store, lambda: AT)


def test_an_edit_on_values_that_changed_meanwhile_changes_nothing(
    store: Store, decisions: Decisions
) -> None:
    decisions.edit_signer(3, {"title": "Clerk"}, {"title": "Presiding Clerk"}, "maya")
    with pytest.raises(ConflictError, match="title is now 'Clerk'"):
        decisions.edit(2, {3: {"title": "Recording Clerk"}}, {3: {"title": "Presiding Clerk"}}, "x")
    assert store.review.signer(3).title == "Clerk"
    assert store.review.review_detail(2).status == "open"


def test_settling_twice_is_refused_and_changes_nothing_more(decisions: Decisions) -> None:
    decisions.accept(1, "maya")
    with pytest.raises(ConflictError, match="already settled"):
        decisions.accept(1, "someone else")
    with pytest.raises(ConflictError, match="already settled"):
        decisions.answer(1, "hello", "maya")


def test_undoing_a_merge_keeps_changes_made_since(store: Store, decisions: Decisions) -> None:
    store.review.edit(1, {"title": None}, "maya", AT)  # so the merge fills it
    decisions.merge(4, keep_id=1, other_id=5, actor="maya")
    assert store.review.signer(5).status == "merged"
    decisions.edit_signer(1, {"organization": "Al-Noor Institute for Faith"}, {
        "organization": "Al-Noor Institute"
    }, "maya")  # fmt: skip
    merge = store.review.merges_of([1])[0]
    done = decisions.undo_merge(merge.id, "maya")
    assert done.message == "Merge of #5 into #1 undone. Review item #4 is open again."
    kept = store.review.signer(1)
    assert kept.title is None  # what the merge filled is taken back
    assert kept.organization == "Al-Noor Institute for Faith"  # a later edit stays
    assert store.review.signer(5).status == "active"
    with pytest.raises(ConflictError, match="already undone"):
        decisions.undo_merge(merge.id, "maya")
    assert store.decisions.examples() == []  # the merge's example went with it


def test_a_question_answered_is_queued_recorded_and_closed(
    store: Store, decisions: Decisions
) -> None:
    done = decisions.answer(6, "Yes, anyone may sign.", "maya")
    assert done.error and "waits in the outbox" in done.describe()  # SMTP is down here
    answer = store.decisions.answers(6)[0]
    assert (answer.body, answer.actor, answer.reply_status) == (
        "Yes, anyone may sign.",
        "maya",
        "pending",
    )
    assert store.review.review_detail(6).resolution == "answered"


def test_examples_are_written_in_the_corpus_schema(
    store: Store, decisions: Decisions, settings: Settings, tmp_path: Path
) -> None:
    decisions.edit(2, {3: {"organization": "Green Hollow Friends Meeting"}}, {
        3: {"organization": "Green Hollow Friends"}
    }, "maya")  # fmt: skip
    decisions.not_signature(5, "list", "maya")
    decisions.split(3, 4, {"name": "Naomi Sokolov"}, {"name": "Farhad Mehrabani",
        "title": "Clergy", "organization": "Fairhaven Council", "capacity": "individual"},
        {"name": "Naomi Sokolov and Farhad Mehrabani"}, "maya")  # fmt: skip
    done = examples.export(store, tmp_path / "ex", settings.campaign.zone)
    assert done.written == 3 and done.reconstructed == ()
    names = sorted(p.name for p in (tmp_path / "ex").iterdir())
    assert names == [f"review-0000{n}.{s}" for n in (2, 3, 5) for s in ("eml", "json")]
    edited = json.loads((tmp_path / "ex" / "review-00002.json").read_text())
    assert set(edited) == {"received", "kind", "signers", "late", "should_confirm", "notes"}
    assert edited["kind"] == "signature" and edited["should_confirm"] is True
    assert edited["signers"] == [{"name": "Lydia Ellsworth", "title": "Presiding Clerk",
        "organization": "Green Hollow Friends Meeting", "capacity": "individual"}]  # fmt: skip
    assert edited["received"] == "2020-06-20T09:03:00-04:00" and edited["late"] is False
    split = json.loads((tmp_path / "ex" / "review-00003.json").read_text())
    assert [s["name"] for s in split["signers"]] == ["Naomi Sokolov", "Farhad Mehrabani"]
    newsletter = json.loads((tmp_path / "ex" / "review-00005.json").read_text())
    assert (newsletter["kind"], newsletter["signers"], newsletter["should_confirm"]) == (
        "list",
        [],
        False,
    )
    assert (tmp_path / "ex" / "review-00002.eml").read_bytes().startswith(b"From: Lydia")
    assert (tmp_path / "ex" / "review-00002.json").stat().st_mode & 0o777 == 0o600


def test_examples_without_the_original_bytes_are_rebuilt_and_say_so(
    store: Store, decisions: Decisions, settings: Settings, tmp_path: Path
) -> None:
    decisions.accept(1, "maya")
    store.purge_text()  # the retention date passed: message text and bytes are gone
    done = examples.export(store, tmp_path / "ex", settings.campaign.zone)
    assert done.reconstructed == ("review-00001",)
    label = json.loads((tmp_path / "ex" / "review-00001.json").read_text())
    assert "the original bytes were not kept" in label["notes"]
    assert b"X-Intake-Note: rebuilt" in (tmp_path / "ex" / "review-00001.eml").read_bytes()


def test_cli_review_decisions_are_examples_too(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    config = tmp_path / "intake.toml"
    config.write_text(
        "[campaign]\nname='x'\ncoordinator='c@x.example'\nreply_from='c@x.example'\n"
        "deadline=2020-07-01T17:00:00\ntimezone='America/New_York'\n"
        "[imap]\nhost='127.0.0.1'\nsecurity='none'\n[smtp]\nhost='127.0.0.1'\nport=1\n"
        "security='none'\n"
    )
    runner = CliRunner()
    for args in (["review", "accept", "1", "--as", "maya"],
                 ["review", "not-signature", "5", "--kind", "list"],
                 ["review", "edit", "2", "--title", "Executive Director"]):  # fmt: skip
        done = runner.invoke(app, ["-c", str(config), *args])
        assert done.exit_code == 0, done.output
    done = runner.invoke(app, ["-c", str(config), "review", "export-examples", str(tmp_path / "o")])
    assert done.exit_code == 0 and "2 examples written" in done.output
    accepted = json.loads((tmp_path / "o" / "review-00001.json").read_text())
    assert accepted["signers"][0]["title"] == "Executive Director"  # the later edit is learnt
    assert accepted["notes"].startswith("settled by the coordinator: edit")
