"""Replies: threading, automatic-reply headers, deterministic ids, no header injection."""

from __future__ import annotations

import email
import email.policy
from dataclasses import replace
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st
from support.mail import mail
from support.replies import CAMPAIGN, JANE

from intake.extract import Capacity
from intake.message import Address, Message
from intake.outbox.reply import ReplyBuilder, reply_message_id, reply_subject
from intake.render import Templates
from intake.store import SignerRecord

BUILDER = ReplyBuilder(CAMPAIGN, Templates())
NOW = datetime(2020, 6, 20, 12, 0, tzinfo=UTC)
EXPECTED_HEADERS = {
    "from",
    "to",
    "subject",
    "date",
    "message-id",
    "in-reply-to",
    "references",
    "auto-submitted",
    "x-auto-response-suppress",
    "x-loop",
    "mime-version",
    "content-type",
}


def build(message: Message, template: str = "confirmation"):
    draft = BUILDER.draft(message, "identity-1", template, [JANE], NOW)
    return draft, email.message_from_bytes(draft.body, policy=email.policy.default)


def test_reply_threads_and_is_marked_automatic() -> None:
    original = mail(
        headers={"References": "<a@x.org> <b@x.org>", "Reply-To": "Jane S <jane+x@example.org>"}
    )
    draft, sent = build(original)
    assert sent["To"] == "Jane S <jane+x@example.org>" and draft.to_addr == "jane+x@example.org"
    assert sent["In-Reply-To"] == "<m1@example.org>"
    assert sent["References"] == "<a@x.org> <b@x.org> <m1@example.org>"
    assert sent["Subject"] == "Re: Sign-on letter"
    assert sent["Auto-Submitted"] == "auto-replied"
    assert sent["X-Auto-Response-Suppress"] == "All"
    assert sent["Message-ID"] == reply_message_id("identity-1", "confirmation", "campaign.example")


def test_a_reply_to_of_someone_else_is_not_where_the_reply_goes() -> None:
    original = mail(headers={"Reply-To": "Victim <victim@third.example>"})
    draft, sent = build(original)
    assert draft.to_addr == "jane@example.org" and "victim" not in sent["To"]


def test_message_id_is_deterministic_and_distinct_per_template() -> None:
    first = reply_message_id("identity-1", "confirmation", "campaign.example")
    assert first == reply_message_id("identity-1", "confirmation", "campaign.example")
    assert first != reply_message_id("identity-1", "closed", "campaign.example")
    assert first != reply_message_id("identity-2", "confirmation", "campaign.example")


def test_confirmation_echoes_the_record_in_both_parts() -> None:
    _, sent = build(mail())
    text = sent.get_body(("plain",)).get_content()
    html = sent.get_body(("html",)).get_content()
    for expected in (
        "Name: Jane Smith",
        "Title: Director",
        "Organization: Center for Conscience",
        "Signing as: both",
    ):
        assert expected in text
    assert "Center for Conscience" in html and "reply to this message" in text


def test_subject_is_not_doubled_and_has_a_fallback() -> None:
    assert reply_subject("RE: hello", "L") == "RE: hello"
    assert reply_subject("", "the letter") == "Your signature: the letter"


def test_html_reply_escapes_signer_text() -> None:
    evil = SignerRecord(
        1,
        "<script>alert(1)</script>",
        None,
        "A & B",
        Capacity.INDIVIDUAL,
        "x@example.org",
        "active",
        False,
    )
    draft = BUILDER.draft(mail(), "id", "confirmation", [evil], NOW)
    sent = email.message_from_bytes(draft.body, policy=email.policy.default)
    html = sent.get_body(("html",)).get_content()
    assert "<script>" not in html and "&lt;script&gt;" in html and "A &amp; B" in html


header_text = st.text(
    alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Z", "Cc")), max_size=80
) | st.sampled_from(
    ["x\r\nBcc: victim@evil.example", "a\nX-Injected: 1", "=?utf-8?q?a=0D=0ABcc=3A_v=40e.x?="]
)


@settings(max_examples=300, deadline=None)
@given(name=header_text, subject=header_text, signer=header_text)
def test_no_header_injection_through_names_or_subjects(
    name: str, subject: str, signer: str
) -> None:
    original = Message(
        sender=Address(name, "jane@example.org"),
        subject=subject,
        message_id="<m1@example.org>",
    )
    record = SignerRecord(
        1,
        signer or None,
        signer or None,
        None,
        Capacity.INDIVIDUAL,
        "jane@example.org",
        "active",
        False,
    )
    draft = BUILDER.draft(original, "id", "confirmation", [record], NOW)
    sent = email.message_from_bytes(draft.body, policy=email.policy.default)
    assert {k.lower() for k in sent} == EXPECTED_HEADERS
    assert sent["To"].addresses[0].addr_spec == "jane@example.org"
    assert len(sent.get_all("To")) == 1


def test_a_withdrawal_that_matched_nothing_says_so() -> None:
    draft = BUILDER.draft(mail(), "id", "withdrawn", [], NOW)
    text = email.message_from_bytes(draft.body, policy=email.policy.default).get_body(("plain",))
    assert text is not None
    assert "nothing to remove" in text.get_content()
    assert "we have removed" not in text.get_content()


def test_a_body_rendered_ahead_is_used_only_for_the_same_template_and_context() -> None:
    """A worker renders a reply's body ahead from what it expects the record to hold; the
    reply is the same bytes either way, and a guess that no longer fits is rendered again."""
    original = mail()
    fresh = BUILDER.draft(original, "identity-1", "confirmation", [JANE], NOW)
    ahead = BUILDER.prepare(
        original, "confirmation", [JANE], BUILDER.plan_for(original, "confirmation")
    )
    used = BUILDER.draft(original, "identity-1", "confirmation", [JANE], NOW, prepared=ahead)
    assert used.body == fresh.body
    marked = replace(ahead, body=replace(ahead.body, content=b"rendered ahead\r\n"))
    taken = BUILDER.draft(original, "identity-1", "confirmation", [JANE], NOW, prepared=marked)
    assert taken.body.endswith(b"\r\n\r\nrendered ahead\r\n")  # it was used, not rendered
    other = replace(JANE, name="Someone Else")
    stale = BUILDER.prepare(
        original, "confirmation", [other], BUILDER.plan_for(original, "confirmation")
    )
    assert stale.context != ahead.context
    assert (
        BUILDER.draft(original, "identity-1", "confirmation", [JANE], NOW, prepared=stale) == fresh
    )
    wrong = BUILDER.draft(original, "identity-1", "closed", [JANE], NOW, prepared=ahead)
    assert wrong == BUILDER.draft(original, "identity-1", "closed", [JANE], NOW)
