"""The digest's content from a real store filled with a known day, section by section."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import lxml.html
import pytest
from support.database import Databases
from support.known_day import (
    NOW,
    PREVIOUS,
    Filler,
    fill,
    settings_for,
)

from intake.config import Settings
from intake.digest.content import gather
from intake.digest.model import Change, DigestContent, Window
from intake.digest.render import render_digest, subject
from intake.extract import Capacity, Kind, Signer
from intake.render import Templates
from intake.store import Store


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return settings_for(tmp_path, database_url=database_url)


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    db = Store.open(settings.database_url)
    fill(db)
    yield db
    db.close()


@pytest.fixture
def content(settings: Settings, store: Store) -> DigestContent:
    return gather(settings, store, Window(PREVIOUS, NOW), "daily")


def section(text: str, heading: str) -> list[str]:
    """The lines of the text digest's section that starts with ``heading``."""
    blocks = text.split("\n\n")
    found = [b for b in blocks if b.startswith(heading)]
    assert len(found) == 1, f"{heading!r} not in {text}"
    return found[0].splitlines()[1:]


# -- the value ----------------------------------------------------------------


def test_window_is_written_in_local_time(content: DigestContent) -> None:
    assert content.since == "Wed 1 Jul 2020 08:00 EDT"
    assert content.until == "Thu 2 Jul 2020 08:00 EDT"


def test_new_signers_are_grouped_and_only_from_the_window(content: DigestContent) -> None:
    assert [o.name for o in content.new_organizations] == ["Bright Moon Buddhist Alliance"]
    assert [p.line() for p in content.new_individuals] == [
        "Ana de la Cruz, Pastor, Iglesia San Pablo",
        "Ji-woo Han, Executive Director, Bright Moon Buddhist Alliance",
        "Amina Al-Yacoubi",
    ]  # by surname, particles and "Al-" set aside: Cruz, Han, Yacoubi
    assert content.new_count == 4


def test_corrections_withdrawals_and_late_mail(content: DigestContent) -> None:
    assert content.changes == (
        Change(
            "Jane Smith (Center for Conscience)", "title: Director → Senior Director", "the signer"
        ),
    )
    assert content.withdrawals == (Change("Tom Oldham (First Church)", "withdrawn", "the signer"),)
    (late,) = content.late
    assert late.sender == "larry@late.example" and late.received == "Wed 1 Jul 2020 18:30 EDT"
    assert late.names == "Larry Late (Masjid Late)"


def test_every_open_item_with_reason_and_questions_apart(content: DigestContent) -> None:
    (question,) = content.questions
    assert question.sender == "Veronia Girgis <v@stmina.example>"
    assert question.subject == "Question about signing" and question.new
    assert "can non-US residents sign?" in question.excerpt
    stranger, unsure = content.review  # a withdrawal naming nobody, and an unsure reading
    assert stranger.sender == "Tom <tom@first.example>"
    assert stranger.reason == "withdrawal: no signer found"
    assert unsure.sender == "amina@alnoor.example" and unsure.subject == "RE: letter"
    assert unsure.reason == "not sure it read this right (40% sure)"


def test_failed_replies_totals_and_deadline(content: DigestContent) -> None:
    (failed,) = content.failed_replies
    assert (failed.to, failed.error, failed.new) == (
        "gone@nowhere.example",
        "550 5.1.1 no such user",
        True,
    )
    t = content.totals
    assert (t.on_list, t.organizations, t.individuals) == (6, 2, 4)
    assert (t.withdrawn, t.late, t.review_open, t.replies_failed) == (1, 1, 3, 1)
    assert content.deadline == "Wednesday 1 July 2020 at 17:00 EDT (America/New_York)"
    assert content.closed and content.time_left == "closed 15 hours 0 min ago"


def test_health_reports_the_last_good_poll_and_failures_in_the_window(
    content: DigestContent,
) -> None:
    health = content.health
    assert health.last_ok_poll == "Thu 2 Jul 2020 07:56 EDT (4 minutes ago)"
    assert health.failed_polls == 1 and health.last_failure == ""
    assert [(i.source, i.detail) for i in health.incidents] == [
        ("IMAP", "IMAP imap.example.org:993: timed out")
    ]
    assert not health.warning and not health.ok


def test_a_stopped_poller_is_a_warning(settings: Settings, store: Store) -> None:
    later = gather(settings, store, Window(NOW, NOW + timedelta(days=1)), "daily")
    assert "no successful poll" in later.health.warning


def test_a_day_with_nothing_new_says_so_and_keeps_the_totals(
    settings: Settings, store: Store
) -> None:
    quiet = gather(settings, store, Window(NOW, NOW + timedelta(hours=1)), "daily")
    assert quiet.nothing_new and quiet.news() == "nothing new"
    text = render_digest(quiet, Templates()).text
    assert "Nothing new since Thu 2 Jul 2020 08:00 EDT." in text
    assert "NEW SIGNERS" not in text and "WAITING IN REVIEW" not in text
    totals = section(text, "TOTALS")[0].strip()
    assert totals.startswith("On the list: 6 signers: 2 organizations, 4 individuals")
    assert "HEALTH" in text
    assert subject(quiet).endswith(": nothing new")


# -- the text and HTML ------------------------------------------------------------


def test_text_digest_section_by_section(content: DigestContent) -> None:
    text = render_digest(content, Templates()).text
    assert text.startswith("Letter on prisoners of conscience: digest of Thu 2 Jul 2020 08:00 EDT")
    assert (
        "Since Wed 1 Jul 2020 08:00 EDT: 4 new signers, 1 correction, 1 withdrawal, "
        "1 late message.\nWaiting for you: 1 question, 2 other items to review, 1 failed reply."
    ) in text
    new = section(text, "NEW SIGNERS (4)")
    assert new[0].strip() == "Organizations (1)" and "- Bright Moon Buddhist Alliance" in new[1]
    assert [n.strip() for n in new[3:]] == [
        "- Ana de la Cruz, Pastor, Iglesia San Pablo",
        "- Ji-woo Han, Executive Director, Bright Moon Buddhist Alliance",
        "- Amina Al-Yacoubi",
    ]
    assert section(text, "CORRECTIONS AND EDITS (1)") == [
        "  - Jane Smith (Center for Conscience): title: Director → Senior Director [by the signer]"
    ]
    assert section(text, "WITHDRAWALS (1)") == ["  - Tom Oldham (First Church) [by the signer]"]
    assert "would have signed: Larry Late" in section(text, "LATE ARRIVALS")[0]
    question = section(text, "QUESTIONS NEEDING AN ANSWER (1)")
    assert question[0].startswith("  #") and "(new) Veronia Girgis" in question[0]
    assert "non-US residents" in question[1]
    review = section(text, "WAITING IN REVIEW (2;")
    assert "Tom <tom@first.example>" in review[0] and "no signer found" in review[1]
    assert (
        "amina@alnoor.example" in review[2]
        and "why: not sure it read this right (40% sure)" in review[3]
    )
    assert "gone@nowhere.example" in section(text, "REPLIES THAT FAILED TO SEND (1)")[0]
    health = "\n".join(section(text, "HEALTH"))
    assert "Last successful poll: Thu 2 Jul 2020 07:56 EDT" in health
    assert "Failed polls since the last digest: 1" in health
    assert "Status: needs attention" in health
    assert "IMAP connection: IMAP imap.example.org:993: timed out" in health
    assert "before the window" not in health


def _html_lines(html: str) -> list[str]:
    tree = lxml.html.fromstring(html)
    return [
        " ".join(td.text_content().split()) for td in tree.iter("td") if not td.findall(".//td")
    ]


def test_html_digest_sections_in_order(content: DigestContent) -> None:
    html = render_digest(content, Templates()).html
    lines = _html_lines(html)

    def after(heading: str) -> str:
        return lines[lines.index(heading) + 1]

    order = [
        "Questions needing an answer (1)",
        "Waiting in review (2) on the desk (intake serve)",
        "Replies that failed to send (1) please write to these by hand",
        "New signers (4)",
        "Corrections and edits (1)",
        "Withdrawals (1)",
        "Late arrivals (1) kept off the list",
        "Totals",
        "Health",
    ]
    assert [h for h in lines if h in order] == order
    assert "Veronia Girgis" in after(order[0]) and "non-US residents" in after(order[0])
    assert after("New signers (4)") == "Organizations (1)"
    assert "Jane Smith (Center for Conscience)" in after("Corrections and edits (1)")
    assert "title: Director → Senior Director (by the signer)" in after("Corrections and edits (1)")
    assert "Tom Oldham" in after("Withdrawals (1)")
    assert after("On the list") == "6 signers: 2 organizations, 4 individuals"
    assert 'style="' in html and "<style" not in html and "class=" not in html  # inline only


def test_html_escapes_what_signers_wrote(
    settings: Settings, tmp_path: Path, databases: Databases
) -> None:
    store = Store.open(databases.new(tmp_path, "x.sqlite"))
    try:
        evil = Signer("<script>alert(1)</script> Eve", None, None, Capacity.INDIVIDUAL)
        Filler(store).record(Kind.SIGNATURE, evil, sender="eve@example.org")
        content = gather(settings, store, Window(None, NOW), "daily")
    finally:
        store.close()
    rendered = render_digest(content, Templates())
    assert "<script>" not in rendered.html and "&lt;script&gt;" in rendered.html
    assert "<script>alert(1)</script> Eve" in rendered.text
    assert content.since == "the start of the campaign"


def test_final_digest_carries_the_whole_list_and_what_is_unresolved(
    settings: Settings, store: Store
) -> None:
    final = gather(settings, store, Window(PREVIOUS, NOW), "final")
    text = render_digest(final, Templates()).text
    assert text.startswith("Letter on prisoners of conscience: FINAL LIST, signing closed")
    listed = section(text, "THE SIGNATORY LIST")
    assert [line.strip() for line in listed[1:3]] == [
        "Bright Moon Buddhist Alliance",
        "The Interfaith Alliance",
    ]
    assert "Jane Smith, Senior Director, Center for Conscience" in text
    assert "Tom Oldham" not in "\n".join(listed) and "Larry Late" not in "\n".join(listed)
    assert "STILL UNRESOLVED IN REVIEW (2;" in text and "QUESTIONS NEEDING AN ANSWER" in text
    assert (
        subject(final) == "Final list: Letter on prisoners of conscience: 6 signers, 3 unresolved"
    )
    assert "NEW SIGNERS" not in text  # the whole list is above
    assert "The signatory list" in _html_lines(render_digest(final, Templates()).html)


def test_a_version_1_database_gains_the_digests_table(database_url: str) -> None:
    from sqlalchemy import create_engine, inspect

    from intake.store import schema

    url = database_url
    engine = create_engine(url)
    with engine.begin() as conn:  # a database made before digests existed
        schema.MIGRATIONS[1](conn)
        schema._set_version(conn, 1)
    engine.dispose()
    store = Store.open(url)
    try:
        assert "digests" in inspect(store.engine).get_table_names()
        with store.engine.connect() as conn:
            assert schema.current_version(conn) == schema.SCHEMA_VERSION >= 2
        assert store.digests.last_digest() is None
    finally:
        store.close()


def test_the_digest_links_to_the_desk_when_its_address_is_set(content: DigestContent) -> None:
    linked = replace(content, desk_url="https://desk.example.org/")
    text = render_digest(linked, Templates()).text
    html = render_digest(linked, Templates()).html
    question = linked.questions[0].id
    assert f"answer it: https://desk.example.org/review/{question}" in text
    assert (
        "Settle review items and answer questions on the desk: https://desk.example.org/review"
        in text
    )
    assert f'href="https://desk.example.org/review/{question}"' in html
    assert "intake review" not in text and "intake review" not in html


def test_without_a_desk_address_the_digest_names_the_desk_command(content: DigestContent) -> None:
    text = render_digest(content, Templates()).text
    assert "open the desk (intake serve)" in text and "https://" not in text
