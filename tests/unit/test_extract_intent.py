"""What the sender's sentences do."""

from __future__ import annotations

from intake.extract import intent


def test_request() -> None:
    acts = intent.read("Please add my name to the letter.")
    assert (acts.requests, acts.questions, acts.deferred) == (1, 0, 0)


def test_deferred_sign_on_is_not_a_request() -> None:
    acts = intent.read("We expect to sign after our board meets on Tuesday.")
    assert (acts.requests, acts.deferred) == (0, 1)


def test_conditional_sign_on() -> None:
    acts = intent.read("We would be glad to sign if the letter also named the Yarsani.")
    assert acts.requests == 0
    assert acts.deferred == 1


def test_timing_condition_is_still_a_request() -> None:
    assert intent.read("If it's not too late, please add my name.").requests == 1


def test_past_report_is_not_a_request() -> None:
    acts = intent.read("I emailed on June 20 to add my name. Did it come through?")
    assert (acts.requests, acts.questions) == (0, 1)


def test_question_that_asks_to_add() -> None:
    assert intent.read("Could you please add my name?").requests == 1


def test_withdrawal_and_mailing_list() -> None:
    assert intent.read("Please remove my name from the Iran letter.").withdrawals == 1
    acts = intent.read("Please remove me from your mailing list.")
    assert (acts.withdrawals, acts.unsubscribes) == (0, 1)


def test_correction() -> None:
    assert intent.read("It should be Katarzyna Nowak, not Katarina Nowak.").corrections == 1
    assert intent.read("My title is Senior Director, not Director.").corrections == 1


def test_decline() -> None:
    assert intent.read("Unfortunately we will not be able to sign this letter.").declines == 1


def test_other_languages() -> None:
    assert intent.read("Por favor agreguen mi nombre.").requests == 1
    assert intent.read("Bitte fügen Sie mich hinzu.").requests == 1
    assert intent.read("لطفاً نام مرا از فهرست امضاکنندگان حذف کنید.").withdrawals == 1


def test_deferral_about_the_board_only() -> None:
    acts = intent.read("Please sign me on. Our board will decide separately about signing.")
    assert acts.requests == 1
    assert acts.about_others
