"""What the sender's sentences do."""

from __future__ import annotations

import pytest

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


def test_more_ways_to_ask() -> None:
    for text in (
        "I write to add my name to the joint letter.",
        "Sure, add me.",
        "Put me down please.",
        "I'd love to sign.",
        "Korean Churches for Peace would like to be added.",
        "The board agreed at its meeting last night to sign the letter.",
        "The parish signs as a parish and I also sign personally.",
    ):
        assert intent.read(text).requests == 1, text


def test_polite_condition_is_no_deferral() -> None:
    acts = intent.read("I would be grateful if you would list me as Jane Doe, Dean of X College.")
    assert (acts.requests, acts.deferred) == (1, 0)


def test_a_condition_of_time_defers_only_when_it_looks_ahead() -> None:
    past = intent.read(
        "Our board met on Sunday after the liturgy and authorized me to add our name."
    )
    assert (past.requests, past.deferred) == (1, 0)
    ahead = intent.read("We would like to sign after our board meets.")
    assert ahead.deferred == 1


def test_a_leading_condition_holds_the_request_back() -> None:
    acts = intent.read("If that change can be made, please count the Alliance in.")
    assert (acts.requests, acts.deferred) == (0, 1)


def test_waiting_for_approval_defers() -> None:
    assert intent.read("We'd like to sign but need board approval next week.").deferred == 1


def test_correct_said_of_what_is_right_is_no_correction() -> None:
    assert intent.read("Thanks, all correct.").corrections == 0
    assert intent.read("Could you please print my name correctly?").corrections == 1
    assert intent.read("Please remove the title, I am retired now.").corrections == 1


def test_rather_than_about_something_else_is_no_correction() -> None:
    acts = intent.read("Please write to me rather than to the Bishop directly.")
    assert acts.corrections == 0


def test_not_signing_personally_is_no_decline() -> None:
    assert intent.read("I am writing for the Board and am not signing personally.").declines == 0


_IN_OTHER_LANGUAGES = [
    *[
        (text, "withdrawals")
        for text in (
            "Os pedimos retirar nuestra adhesión a la carta.",
            "Peço que retirem a minha assinatura, por favor.",
            "Vi chiedo di togliere il mio nome dalla lista.",
            "Nous devons retirer notre signature.",
            "Bitte streichen Sie meinen Namen von der Liste.",
            "Proszę o wycofanie mojego podpisu.",
            "Прошу снять мою подпись.",
            "Kami ingin mencabut tanda tangan kami.",
            "我们决定撤回联署。",
            "署名を取り下げさせてください。",
            "제 서명을 철회하고 싶습니다.",
        )
    ],
    *[
        (text, "declines")
        for text in (
            "Lamentablemente no podemos firmar esta carta.",
            "Infelizmente não podemos assinar.",
            "Purtroppo non possiamo firmare.",
            "Nous ne pouvons pas signer cette lettre.",
            "Wir können den Brief leider nicht unterzeichnen.",
            "К сожалению, мы не можем подписать письмо.",
            "Kami tidak dapat menandatangani surat ini.",
            "我们不能联署这封信。",
        )
    ],
    *[
        (text, "deferred")
        for text in (
            "Le escribiremos después de la reunión del consejo.",
            "Vamos decidir depois da reunião da diretoria.",
            "Nous vous répondrons après la réunion du conseil.",
            "理事会で検討のうえ、改めてご連絡します。",
        )
    ],
    *[
        (text, "requests")
        for text in (
            "Por favor, incluyan mi firma en la carta.",
            "Pode acrescentar o meu nome, por favor.",
            "Vi prego di aggiungere la mia firma.",
            "Merci d'ajouter mon nom à la lettre.",
            "Wir unterzeichnen gern.",
            "Podpisuję się pod listem.",
            "Присоединяемся к письму.",
            "我們願意聯署。",
        )
    ],
]


@pytest.mark.parametrize(("text", "act"), _IN_OTHER_LANGUAGES)
def test_acts_in_other_languages(text: str, act: str) -> None:
    acts = intent.read(text)
    assert getattr(acts, act) == 1
    if act == "withdrawals":
        assert intent.is_withdrawal(text)
    if act == "deferred":
        assert acts.requests == 0  # held back, not asked now
    if act == "requests":
        assert acts.withdrawals == 0


def test_removing_a_field_in_another_language_is_no_withdrawal() -> None:
    assert intent.read("Por favor, quiten el nombre de la universidad.").withdrawals == 0
    assert intent.read("Merci de retirer le titre de professeur.").withdrawals == 0
