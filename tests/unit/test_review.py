"""Review actions on a real store: logged with who, when and what; seen by export and digest."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from support.database import Databases
from support.known_day import Filler, settings_for
from typer.main import get_command
from typer.testing import CliRunner

from intake import review
from intake.cli import app
from intake.config import Settings
from intake.digest.content import gather
from intake.digest.model import Window
from intake.errors import ConfigError, ConflictError
from intake.export import build_letter
from intake.extract import Capacity, Kind, Signer
from intake.review.settle import Decisions
from intake.store import Store
from intake.store.schema import audit

AT = datetime(2020, 6, 25, 15, 0, tzinfo=UTC)
PAIR = Signer(
    "Naomi Sokolov and Farhad Mehrabani", "Clergy", "Fairhaven Council", Capacity.INDIVIDUAL
)


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return settings_for(tmp_path, database_url=database_url)


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    db = Store.open(settings.database_url)
    f = Filler(db)
    f.record(Kind.SIGNATURE, PAIR, sender="naomi@fairhaven.example", confidence=0.3)  # signer 1
    f.record(Kind.SIGNATURE, Signer("Jane Smith", "Director", "CfC"), sender="jane@x.example")  # 2
    jane_again = Signer("Jane Smith", None, "Center for Conscience")
    f.record(Kind.SIGNATURE, jane_again, sender="js@home.example")  # 3, a duplicate
    f.record(Kind.OTHER, sender="spam@x.example")  # no review item
    f.record(Kind.SIGNATURE, Signer("Mr Newsletter"), sender="news@x.example", confidence=0.2)  # 4
    yield db
    db.close()


def audit_rows(store: Store) -> list[dict[str, object]]:
    with store.engine.connect() as conn:
        return [dict(r) for r in conn.execute(select(audit).order_by(audit.c.id)).mappings()]


def lines(store: Store) -> list[str]:
    return [p.line() for p in build_letter("L", store.signers()).individuals]


def test_edit_any_field_is_logged_with_who_when_and_before_after(store: Store) -> None:
    values = review.field_values(title="Senior Director", capacity="both")
    edited = review.edit(store, 2, values, "maya", AT)
    assert (edited.title, edited.capacity) == ("Senior Director", Capacity.BOTH)
    last = audit_rows(store)[-1]
    assert (last["actor"], last["action"], last["at"], last["signer_id"]) == (
        "maya",
        "edited",
        AT,
        2,
    )
    before, after = json.loads(last["before"]), json.loads(last["after"])
    assert (before["title"], after["title"]) == ("Director", "Senior Director")
    assert "Jane Smith, Senior Director, CfC" in lines(store)


def test_split_then_edit_makes_two_signers(store: Store) -> None:
    made = review.split(store, 1, review.field_values(name="Farhad Mehrabani"), "maya", AT)
    review.edit(store, 1, review.field_values(name="Naomi Sokolov"), "maya", AT)
    assert made.title == "Clergy" and made.organization == "Fairhaven Council"  # copied
    assert made.email == "naomi@fairhaven.example"
    assert "Farhad Mehrabani, Clergy, Fairhaven Council" in lines(store)
    assert "Naomi Sokolov, Clergy, Fairhaven Council" in lines(store)
    assert [r["action"] for r in audit_rows(store)[-2:]] == ["split", "edited"]


def test_merge_folds_a_duplicate_in(store: Store) -> None:
    kept = review.merge(store, 2, 3, "maya", AT)
    assert kept.title == "Director"
    assert lines(store).count("Jane Smith, Director, CfC") == 1
    statuses = {s.id: s.status for s in store.signers(include_inactive=True)}
    assert statuses[3] == "merged"
    with pytest.raises(ConfigError, match="already merged"):
        review.merge(store, 2, 3, "maya", AT)


def test_not_a_signature_undoes_its_signer_and_settles_the_item(store: Store) -> None:
    item = next(i for i in store.review_items() if i.sender == "news@x.example")
    undone = review.not_a_signature(store, item.id, "maya", AT)
    assert [(s.name, s.status) for s in undone] == [("Mr Newsletter", "rejected")]
    assert "Mr Newsletter" not in lines(store)
    assert item.id not in [i.id for i in store.review_items()]
    settled = store.review.review_detail(item.id)
    assert settled is not None and settled.resolution == "not a signature"


def test_not_a_signature_restores_what_a_correction_changed(
    databases: Databases, tmp_path: Path
) -> None:
    db = Store.open(databases.new(tmp_path, "c.sqlite"))
    try:
        f = Filler(db)
        f.record(Kind.SIGNATURE, Signer("Jane Smith", "Director", "CfC"))
        f.record(Kind.CORRECTION, Signer("Jane Smith", "Janitor", "CfC"), confidence=0.3)
        (item,) = db.review_items()
        review.not_a_signature(db, item.id, "maya", AT)
        (jane,) = db.signers()
        assert (jane.title, jane.status) == ("Director", "active")
    finally:
        db.close()


def test_withdraw_and_accept(store: Store) -> None:
    review.withdraw(store, 2, "maya", AT)
    assert "Jane Smith, Director, CfC" not in lines(store)
    first = store.review_items()[0]
    review.accept(store, first.id, "maya", AT)
    assert first.id not in [i.id for i in store.review_items()]
    with pytest.raises(ConfigError, match="already settled"):
        review.accept(store, first.id, "maya", AT)
    assert audit_rows(store)[-1]["action"] == "accepted"


def test_review_edits_show_in_the_next_digest(settings: Settings, store: Store) -> None:
    review.edit(store, 2, review.field_values(title="Senior Director"), "maya", AT)
    review.withdraw(store, 4, "maya", AT)
    content = gather(settings, store, Window(AT, AT + timedelta(hours=1)), "daily")
    assert [(c.who, c.what, c.by) for c in content.changes] == [
        ("Jane Smith (CfC)", "title: Director → Senior Director", "maya")
    ]
    assert [(c.who, c.by) for c in content.withdrawals] == [("Mr Newsletter", "maya")]


def test_show_gives_the_own_text_the_reading_and_the_signers(store: Store) -> None:
    item = store.review_items()[0]
    shown = review.detail(store, item.id)
    assert "Please add my name." in shown.message.own_text
    assert shown.extracted == (PAIR,)
    assert [(s.id, action) for s, action in shown.linked] == [(1, "signed")]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda s: review.detail(s, 99), "no review item #99"),
        (lambda s: review.edit(s, 99, {"title": "x"}, "m", AT), "no signer #99"),
        (lambda s: review.edit(s, 2, {}, "m", AT), "nothing to change"),
        (lambda s: review.edit(s, 2, {"name": None, "organization": None}, "m", AT), "neither"),
        (lambda s: review.merge(s, 2, 2, "m", AT), "two different signers"),
        (lambda s: review.split(s, 2, {"title": "x"}, "m", AT), "needs the new signer"),
        (lambda s: review.field_values(capacity="everyone"), "capacity must be one of"),
    ],
)
def test_bad_input_is_one_clear_config_error(store: Store, call, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        call(store)


def test_actor_defaults_to_the_login_name() -> None:
    assert review.actor_name(" maya ") == "maya"
    assert review.actor_name(None)  # the OS user, or "coordinator"


# -- the commands ----------------------------------------------------------------


def test_every_coordinator_command_and_subcommand_has_help_text() -> None:
    group = get_command(app)
    runner = CliRunner()
    for name in ("digest", "export", "signers", "review"):
        command = group.commands[name]  # type: ignore[attr-defined]
        assert command.help and len(command.help) > 20, name
        assert runner.invoke(app, [name, "--help"]).exit_code == 0
    for name, sub in group.commands["review"].commands.items():  # type: ignore[attr-defined]
        assert sub.help and len(sub.help) > 20, name
        result = runner.invoke(app, ["review", name, "--help"])
        assert result.exit_code == 0 and "Usage" in result.output


def _config(tmp_path: Path, store: Store) -> Path:
    path = tmp_path / "intake.toml"
    path.write_text(
        "[campaign]\nname = 'Letter'\ncoordinator = 'c@x.example'\nreply_from = 'c@x.example'\n"
        "timezone = 'America/New_York'\ndeadline = 2020-07-01T17:00:00\n"
        "[imap]\nhost = '127.0.0.1'\nsecurity = 'none'\n"
        "[smtp]\nhost = '127.0.0.1'\nsecurity = 'none'\n"
        f"[database]\nurl = '{store.engine.url}'\n"
    )
    return path


def intake(config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "intake", "-c", str(config), *args],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def test_cli_bad_input_is_one_line_and_exit_2(tmp_path: Path, store: Store) -> None:
    config = _config(tmp_path, store)
    for args, expected in [
        (("review", "show", "99"), "intake: no review item #99 (see: intake review)"),
        (("review", "edit", "2", "--capacity", "all"), "intake: capacity must be one of"),
        (("export", "--format", "xlsx"), "intake: xlsx is not offered"),
        (("export", "--sort", "height"), "intake: unknown sort 'height'"),
    ]:
        done = intake(config, *args)
        assert done.returncode == 2, (args, done.stderr)
        assert done.stderr.startswith(expected) and done.stderr.count("\n") == 1, done.stderr
        assert "Traceback" not in done.stderr


def test_cli_edit_then_export_shows_the_change(tmp_path: Path, store: Store) -> None:
    config = _config(tmp_path, store)
    done = intake(config, "review", "edit", "2", "--title", "Senior Director", "--as", "maya")
    assert done.returncode == 0, done.stderr
    assert "Jane Smith, Senior Director, CfC" in done.stdout and "maya" in done.stdout
    exported = intake(config, "export", "--format", "markdown")
    assert "- Jane Smith, Senior Director, CfC" in exported.stdout.splitlines()
    found = intake(config, "signers", "--search", "senior")
    assert "Jane Smith" in found.stdout and "Naomi" not in found.stdout
    listed = intake(config, "review")
    assert "Review queue (3 open)" in listed.stdout and "news@x.example" in listed.stdout


def test_accepting_a_held_item_makes_the_change_it_held_back(
    store: Store, settings: Settings
) -> None:
    f = Filler(store)
    f.uid = 100
    message = f.record(
        Kind.SIGNATURE,
        Signer("Jack Turner", "Pastor", "First Church"),
        sender="Jack Turner <jack@example.org>",
        reply_to="victim@third.example",
    )
    [item] = [i for i in store.review_items() if i.message_row == message]
    assert "change held" in item.reason and review.detail(store, item.id).change_held
    assert "Jack Turner" not in [s.name for s in store.signers()]
    decisions = Decisions(settings, store, lambda: AT)
    done = decisions.accept(item.id, "Eleanor")
    assert "the change that waited was made (Jack Turner)" in done.describe()
    [jack] = [s for s in store.signers() if s.name == "Jack Turner"]
    assert jack.email == "jack@example.org"
    assert not [i for i in store.review_items() if i.id == item.id]  # settled
    with pytest.raises(ConflictError, match="already settled"):
        decisions.accept(item.id, "Eleanor")
