"""Mail no person wrote, read from headers and text."""

from __future__ import annotations

from dataclasses import replace

from intake.extract import automatic
from intake.extract.model import ExtractContext, Kind
from intake.message import Address, Message

CONTEXT = ExtractContext(own_addresses=frozenset({"desk@campaign.example"}))


def message(**fields: object) -> Message:
    base = Message(sender=Address("Jo Doe", "jo@example.org"), subject="Re: letter")
    return replace(base, **fields)  # type: ignore[arg-type]


def kind(msg: Message, own: str) -> Kind | None:
    verdict = automatic.classify(msg, own, CONTEXT)
    return verdict.kind if verdict else None


def test_human_mail_has_no_verdict() -> None:
    assert kind(message(), "Please add my name.") is None


def test_read_receipt_is_an_auto_reply_not_a_bounce() -> None:
    msg = message(
        content_type="multipart/report",
        headers=(("content-type", "multipart/report; report-type=disposition-notification"),),
    )
    assert kind(msg, "Your message was read on Monday.") is Kind.AUTO_REPLY


def test_challenge_response_with_bulk_precedence() -> None:
    msg = message(headers=(("precedence", "bulk"),))
    own = "This is an automated message. Reply to complete the verification."
    assert kind(msg, own) is Kind.AUTO_REPLY


def test_flufl_bounce_recipients() -> None:
    assert kind(message(bounce_recipients=("x@example.net",)), "") is Kind.BOUNCE


def test_digest() -> None:
    assert kind(message(subject="partners Digest, Vol 3, Issue 2"), "Today's Topics:") is Kind.LIST


def test_helpdesk_acknowledgement() -> None:
    own = "Your request has been received. This is an automated response."
    assert kind(message(subject="[Ticket #4821] Re: letter"), own) is Kind.AUTO_REPLY


def test_out_of_office_but_signing_is_human() -> None:
    own = "I am out of the office next week, but please add my name to the letter."
    assert kind(message(), own) is None


def test_spam_needs_failed_authentication_or_many_pitches() -> None:
    failed = message(headers=(("authentication-results", "mx; spf=fail; dmarc=fail"),))
    assert kind(failed, "Our affordable SEO packages start at $199.") is Kind.SPAM
    assert kind(message(), "Our church fund supports this letter.") is None


def test_a_web_form_relay_is_read_as_mail_a_person_wrote() -> None:
    form = "Full Name\nAda Obi\n\nTitle\nProgramme Officer\n\nOrganization\nPrison Fellowship\n"
    msg = message(headers=(("auto-submitted", "auto-generated"),), text=form, own_text=form)
    assert kind(msg, form) is None
    replied = message(headers=(("auto-submitted", "auto-replied"),), text=form, own_text=form)
    assert kind(replied, form) is Kind.AUTO_REPLY


def test_a_sign_on_a_machine_passed_on_is_read_but_a_notice_is_not() -> None:
    own = "Please add my name to the letter. Grace Lee, Pastor, Hope Chapel"
    for value in ("auto-generated", "auto-forwarded"):
        msg = message(headers=(("auto-submitted", value),), text=own, own_text=own)
        assert kind(msg, own) is None
    notice = "Your weekly attendance report is ready in the dashboard."
    msg = message(headers=(("auto-submitted", "auto-generated"),), text=notice, own_text=notice)
    assert kind(msg, notice) is Kind.AUTO_REPLY


def test_out_of_office_in_french() -> None:
    text = "Je suis en congé jusqu'au vendredi 20 septembre inclus."
    assert kind(message(subject="Absente jusqu'au 20 septembre"), text) is Kind.AUTO_REPLY


def test_automatic_replies_in_other_languages() -> None:
    plain = message(subject="Sign-on letter")
    assert kind(message(subject="Risposta automatica: lettera"), "Torno lunedì.") is Kind.AUTO_REPLY
    assert kind(message(subject="自動返信: 署名について"), "") is Kind.AUTO_REPLY
    assert kind(plain, "这是自动回复。我下周回来。") is Kind.AUTO_REPLY
    assert kind(plain, "Estou em férias até 3 de agosto. Abraços, Rui") is Kind.AUTO_REPLY
    assert kind(plain, "Я в отпуске до понедельника.") is Kind.AUTO_REPLY


def test_away_words_do_not_hide_a_sign_on() -> None:
    text = "Estou em férias até sexta, mas quero assinar: Rui Costa, Pastor."
    assert kind(message(subject="Carta"), text) is None


def test_a_forwarding_rule_relays_the_sign_on_it_forwards() -> None:
    relay = message(
        subject="Fwd: sign-on",
        headers=(("auto-submitted", "auto-forwarded"),),
    )
    note = "This message was automatically forwarded by the office mail router."
    forwarded = ("Please add my name as an individual: Ada Okafor, Chaplain, Hope House",)
    assert automatic.classify(relay, note, CONTEXT, forwarded) is None
    assert kind(relay, note) is Kind.AUTO_REPLY
    away = replace(relay, subject="Automatic reply: sign-on")
    assert automatic.classify(away, note, CONTEXT, forwarded) is not None
