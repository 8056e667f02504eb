"""The desk driven in Debian's headless Chromium: sign in, settle every kind of review item,
edit and export, answer a question, undo a merge, and be refused without a session or CSRF.
"""

from __future__ import annotations

import csv
import email
import email.policy
import io
import re
from pathlib import Path
from typing import Any

from sqlalchemy import select

from intake.review import examples
from intake.store.schema import examples as examples_table
from intake.store.schema import review


def status_of(store, review_id: int) -> tuple[str, str, str]:
    with store.engine.connect() as conn:
        row = conn.execute(select(review).where(review.c.id == review_id)).one()
    return row.status, row.resolution, row.resolved_by


def signer(store, signer_id: int):
    return store.review.signer(signer_id)


def item(page: Any, campaign: Any, review_id: int) -> None:
    page.goto(f"{campaign.desk.url}/review/{review_id}")


def test_settle_each_kind_of_item_and_see_it_in_the_export(page: Any, campaign: Any) -> None:
    store, url = campaign.store, campaign.desk.url
    page.goto(campaign.desk.link)
    assert page.url == f"{url}/review"
    assert page.locator("ol.queue li").count() == 6

    # j opens the first item; a accepts it (the preview said what it keeps)
    page.keyboard.press("j")
    page.wait_for_url(f"{url}/review/1")
    assert "Keeps #2 Jane Smith" in page.locator("form.choice").first.inner_text()
    page.keyboard.press("a")
    page.wait_for_url(f"{url}/review/2")
    assert page.locator(".flash").inner_text().startswith("#1 accepted.")
    assert status_of(store, 1)[:2] == ("resolved", "accepted")

    # edit a field in place: the change shows as it is typed, one click saves and settles
    quoted = page.locator("details.quoted")  # the quoted call is folded until opened
    assert "Please reply to sign." not in quoted.inner_text()
    quoted.locator("summary").click()
    assert "Please reply to sign." in quoted.inner_text()
    page.fill('input[name="organization.3"]', "Green Hollow Friends Meeting")
    page.wait_for_selector("#edit-preview .will")
    assert "organization: Green Hollow Friends → Green Hollow Friends Meeting" in (
        page.locator("#edit-preview").inner_text()
    )
    page.click("text=Save changes and settle")
    page.wait_for_url(f"{url}/review/3")
    assert signer(store, 3).organization == "Green Hollow Friends Meeting"
    assert status_of(store, 2)[:2] == ("resolved", "edited")

    # split: two people read as one; the confirm page says what changes
    page.click("text=Signer #4 is two signers: split")
    page.fill('input[name="name.first"]', "Naomi Sokolov")
    page.fill('input[name="name.second"]', "Farhad Mehrabani")
    page.fill('input[name="title.second"]', "Clergy")
    page.click("details.more[open] >> text=Show what changes")
    assert "#4 name: Naomi Sokolov and Farhad Mehrabani → Naomi Sokolov" in page.inner_text("main")
    assert "A new signer is added: Farhad Mehrabani, Clergy, Fairhaven Council" in page.inner_text(
        "main"
    )
    page.click("text=Split in two and settle")
    page.wait_for_url(f"{url}/review/4")
    assert signer(store, 4).name == "Naomi Sokolov"

    # merge: the same person from another address; warned, confirmed, undoable
    page.click("text=Signer #5 signed before: merge")
    assert page.locator('details.more[open] input[name="keep"][value="1"]').is_checked()
    page.click("details.more[open] >> text=Show what changes")
    text = page.inner_text("main")
    assert "#5 Amina Yacoubi is folded into #1 Amina Yacoubi, Director, Al-Noor Institute" in text
    assert "different addresses" in text and "can be undone" in text
    page.click("text=Merge into #1 and settle")
    page.wait_for_url(f"{url}/review/5")
    assert signer(store, 5).status == "merged"

    # not a signature, and what it was: a newsletter
    page.select_option('select[name="kind"]', "list")
    page.keyboard.press("n")
    page.wait_for_url(f"{url}/review/6")
    assert signer(store, 6).status == "rejected"

    # the list's CSV download has the edit, the split, one Amina and no newsletter
    page.goto(f"{url}/signers")
    with page.expect_download() as download:
        page.click("a.button:text-is('CSV')")
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text("utf-8-sig"))))
    people = {r["name"]: r for r in rows if r["section"] == "individual"}
    assert people["Lydia Ellsworth"]["organization"] == "Green Hollow Friends Meeting"
    assert {"Naomi Sokolov", "Farhad Mehrabani", "Amina Yacoubi", "Jane Smith"} <= set(people)
    assert "Weekly Digest" not in people and len([r for r in rows if "Amina" in r["name"]]) == 1

    # every decision was logged with who and when, and kept as a labelled example
    for review_id in range(1, 6):
        assert status_of(store, review_id)[2] == "coordinator (desk)"
    with store.engine.connect() as conn:
        decisions = [r.decision for r in conn.execute(select(examples_table))]
    assert decisions == ["accept", "edit", "split", "merge", "not-signature"]


def test_undo_a_merge_from_the_item_page(page: Any, campaign: Any) -> None:
    store, url = campaign.store, campaign.desk.url
    page.goto(campaign.desk.link)
    item(page, campaign, 4)
    page.click("text=Signer #5 signed before: merge")
    page.click("details.more[open] >> text=Show what changes")
    page.click("text=Merge into #1 and settle")
    assert signer(store, 5).status == "merged"
    item(page, campaign, 4)
    page.click("text=Undo the merge")
    page.wait_for_url(f"{url}/review/4")
    assert "Merge of #5 into #1 undone. Review item #4 is open again." in page.inner_text(".flash")
    assert signer(store, 5).status == "active" and signer(store, 1).title == "Director"
    assert status_of(store, 4)[0] == "open"
    assert [line for line, _, _ in store.review.messages_of(1)] != []
    assert len(store.review.messages_of(1)) == 1  # the link the merge added is gone
    assert "undone by coordinator (desk)" in page.inner_text("main")


def test_answer_a_question_and_the_threaded_reply_arrives(page: Any, campaign: Any) -> None:
    store, sink = campaign.store, campaign.sink
    before = len(sink.messages)
    page.goto(campaign.desk.link)
    item(page, campaign, 6)
    assert "Sends your answer to v.girgis@stmina.example" in page.inner_text("form.answer")
    page.keyboard.press("r")
    page.keyboard.type("Yes: anyone may sign, wherever they live.\n\nWith thanks, Eleanor")
    page.click("text=Send answer and close")
    page.wait_for_selector(".flash")
    assert "Answer sent to v.girgis@stmina.example" in page.inner_text(".flash")
    assert sink.wait_for(before + 1)
    answer = email.message_from_bytes(sink.messages[-1].data, policy=email.policy.default)
    assert answer["In-Reply-To"] == "<seed7@example.org>"
    assert answer["References"] == "<seed7@example.org>"
    assert answer["Subject"] == "Re: Question about signing"
    assert answer["From"].addresses[0].addr_spec == "coordinator@irf-roundtable.example"
    assert answer["To"].addresses[0].addr_spec == "v.girgis@stmina.example"
    assert answer["Auto-Submitted"] is None  # a person wrote it
    assert "anyone may sign" in answer.get_body(("plain",)).get_content()
    assert status_of(store, 6)[:2] == ("resolved", "answered")
    assert store.decisions.answers(6)[0].reply_status == "sent"


def test_held_reply_goes_with_the_settled_values(page: Any, make_campaign: Any) -> None:
    campaign = make_campaign(replies={"hold_for_review": True})
    store, sink = campaign.store, campaign.sink
    sent_to = [m.rcpt_tos[0] for m in sink.messages]
    assert sent_to == ["amina@alnoor.example"]  # only the sure reading was confirmed
    page.goto(campaign.desk.link)
    item(page, campaign, 2)
    assert "is held until you settle this item" in page.inner_text(".reply")
    page.fill('input[name="organization.3"]', "Green Hollow Friends Meeting")
    page.wait_for_selector("#edit-preview .will")
    assert "goes to lydia@greenhollow.example with these values now" in page.inner_text(
        "#edit-preview"
    )
    page.click("text=Save changes and settle")
    assert sink.wait_for(2)
    confirmation = email.message_from_bytes(sink.messages[-1].data, policy=email.policy.default)
    assert confirmation["To"].addresses[0].addr_spec == "lydia@greenhollow.example"
    assert "Green Hollow Friends Meeting" in confirmation.get_body(("plain",)).get_content()
    item(page, campaign, 5)
    page.keyboard.press("n")
    page.wait_for_url(f"{campaign.desk.url}/review/6")
    assert "news@digest.example" not in [m.rcpt_tos[0] for m in sink.messages]
    assert store.decisions.reply_of(store.review.review_detail(5).message.id).status == "dropped"


def test_without_javascript_an_edit_is_confirmed_on_its_own_page(
    browser: Any, campaign: Any
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(campaign.desk.link)
    item(page, campaign, 2)
    page.fill('input[name="title.3"]', "Clerk of the Meeting")
    page.click("text=Save changes and settle")
    assert "#3 title: Presiding Clerk → Clerk of the Meeting" in page.inner_text("main")
    assert campaign.store.review.signer(3).title == "Presiding Clerk"  # not yet
    page.click("text=Save and settle")
    page.wait_for_url(f"{campaign.desk.url}/review/3")
    assert campaign.store.review.signer(3).title == "Clerk of the Meeting"
    item(page, campaign, 1)
    page.click("text=Accept as read")
    assert status_of(campaign.store, 1)[0] == "resolved"
    context.close()


def test_pages_refuse_a_missing_session_or_csrf_token(
    browser: Any, page: Any, campaign: Any
) -> None:
    stranger = browser.new_page()
    stranger.goto(f"{campaign.desk.url}/review/1")
    assert stranger.url.startswith(f"{campaign.desk.url}/login")
    assert "Jane" not in stranger.content() and "conscience.example" not in stranger.content()
    stranger.close()

    page.goto(campaign.desk.link)
    item(page, campaign, 1)
    page.evaluate("document.querySelectorAll('input[name=csrf]').forEach(e => e.remove())")
    with page.expect_response(re.compile(r"/review/1/accept$")) as answer:
        page.click("text=Accept as read")
    assert answer.value.status == 403
    assert "no valid CSRF token" in page.inner_text("body")
    assert status_of(campaign.store, 1)[0] == "open"


def test_decisions_export_as_labelled_examples(page: Any, campaign: Any, tmp_path: Path) -> None:
    page.goto(campaign.desk.link)
    item(page, campaign, 2)
    page.fill('input[name="organization.3"]', "Green Hollow Friends Meeting")
    page.wait_for_selector("#edit-preview .will")
    page.click("text=Save changes and settle")
    page.wait_for_url(f"{campaign.desk.url}/review/3")
    done = examples.export(campaign.store, tmp_path / "ex", campaign.settings.campaign.zone)
    assert done.written == 1 and done.reconstructed == ()
    label = (tmp_path / "ex" / "review-00002.json").read_text()
    assert '"organization": "Green Hollow Friends Meeting"' in label
    assert (
        b"Lydia Ellsworth, Presiding Clerk" in (tmp_path / "ex" / "review-00002.eml").read_bytes()
    )
