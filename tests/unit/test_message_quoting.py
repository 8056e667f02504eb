"""The sender's own text apart from what they quote."""

from __future__ import annotations

import random

import quotequail
from hypothesis import given, settings
from hypothesis import strategies as st

from intake.message.quoting import _quote, cut_at_quote, quote_word_lines, split_quoted


def test_reply_header_goes_with_the_quote() -> None:
    own, quoted = split_quoted(
        "Please add me.\n\nOn Tue, Jun 16, 2020 Desk <d@x.example> wrote:\n> To sign"
    )
    assert own == "Please add me."
    assert quoted.startswith("On Tue")


def test_outlook_header_block_without_a_rule() -> None:
    text = (
        "Please see the note below.\n\n"
        "From: Aaron <a@x.example>\nSent: Monday\nTo: Priya\n\nSign me on."
    )
    own, quoted = split_quoted(text)
    assert own == "Please see the note below."
    assert "Sign me on." in quoted


def test_bottom_posted_reply() -> None:
    text = (
        "On Jun 16, 2020, Desk <d@x.example> wrote:\n> To sign, reply.\n\nPlease add me.\nTom Reed"
    )
    own, quoted = split_quoted(text)
    assert own.strip() == "Please add me.\nTom Reed"
    assert "To sign" in quoted


def test_cut_at_quote() -> None:
    assert cut_at_quote("Yes please.\n\n> old text") == "Yes please.\n"


def test_empty_text() -> None:
    assert split_quoted("  \n") == ("", "")


def test_foreign_reply_header_block() -> None:
    from intake.message.quoting import is_foreign_header_block

    lines = [
        "Od: Desk <desk@campaign.example>",
        "Odesláno: středa 12. března 2025 22:40",
        "Komu: Jo Doe <jo@example.org>",
        "Předmět: Your signature",
    ]
    assert is_foreign_header_block(lines, 0)
    assert not is_foreign_header_block(["Email: jo@example.org", "Phone: 555 0101"], 0)


# --- the quotequail scan: the same split as quotequail reading every line ---------------

FORWARDS = (
    "Begin forwarded message",
    "Anfang der weitergeleiteten E-Mail",
    "Début du message réexpédié",
    "Inicio del mensaje reenviado",
    "Begin Doorgestuurd bericht",
    "Forwarded message",
    "Mensaje reenviado",
    "Vidarebefordrat meddelande",
    "Doorgestuurd Bericht",
    "Original Message",
    "Ursprüngliche Nachricht",
    "Mensaje original",
    "Oorspronkelijk bericht",
    "Message transféré",
    "Origineel bericht",
    "Пересылаемое сообщение",
)
# One header line for each pattern quotequail knows; the test below checks the list covers
# them all, so a quotequail release with a new pattern fails here until QUOTE_WORDS has it.
HEADER_LINES = (
    "On Tue, Jun 16, 2020 at 9:03 AM Desk <d@x.example> wrote:",
    "Am 16.06.2020 um 09:03 schrieb Desk <d@x.example>:",
    "Le mar. 16 juin 2020 à 09:03, Desk <d@x.example> a écrit :",
    "El mar, 16 jun 2020 a las 9:03, Desk (<d@x.example>) escribió:",
    "16.06.2020, 09:03, Desk написал(а):",
    "Den 16 juni 2020 kl. 09:03 skrev Desk <d@x.example>:",
    "Em ter., 16 de jun. de 2020 às 09:03, Desk <d@x.example> escreveu:",
    "Op 16 jun. 2020 om 09:03 schreef Desk <d@x.example>:",
    "Op 16 juni 2020 heeft Desk het volgende geschreven:",
    "2020/6/16 Desk <d@x.example>",
    "________________________________",
    *(f"---------- {phrase} ----------" for phrase in FORWARDS),
    *(f"{phrase}:" for phrase in FORWARDS),
)
PROSE = (
    "Please add my name to the letter.",
    "Name: Jo Doe",
    "Original thinking is welcome.",
    "--",
    "-- ",
    "Message me any time.",
    "On reflection, yes.",
    "> quoted line",
    ">",
    "   ",
    "",
    "2020/6/16 was the day",
    "Desk <d@x.example>",
    "wrote:",
    "(",
)


def test_every_quotequail_pattern_has_a_header_line_and_a_word() -> None:
    from quotequail import _patterns

    for pattern in _patterns.COMPILED_PATTERNS:
        lines = [line for line in HEADER_LINES if pattern.match(line)]
        assert lines, f"no header line for quotequail's {pattern.pattern!r}"
        assert all(quote_word_lines(["x", line, "y"]) == {1} for line in lines), pattern.pattern


def _wrapped(line: str, rng: random.Random) -> list[str]:
    """``line`` as written, or wrapped at one of its spaces (quotequail joins it again)."""
    spaces = [i for i, ch in enumerate(line) if ch == " "]
    if not spaces or rng.random() < 0.5:
        return [line]
    cut = rng.choice(spaces)
    return [line[:cut], line[cut + 1 :]]


@given(st.randoms(use_true_random=False), st.integers(min_value=1, max_value=40))
@settings(max_examples=300, deadline=None)
def test_the_scan_splits_where_quotequail_splits(rng: random.Random, length: int) -> None:
    lines: list[str] = []
    while len(lines) < length:
        pool = HEADER_LINES if rng.random() < 0.15 else PROSE
        line = rng.choice(pool)
        if rng.random() < 0.2:
            line = ">" + line
        lines += _wrapped(line, rng)
    text = "\n".join(lines)
    assert _quote(text) == quotequail.quote(text)


def test_the_scan_keeps_quotequail_line_limit() -> None:
    long = "\n".join(["Please add me."] * 1200 + [HEADER_LINES[0], "> call"])
    assert _quote(long) == quotequail.quote(long)
    late = "\n".join(["Please add me."] * 999 + [HEADER_LINES[0], "> call"])
    assert _quote(late) == quotequail.quote(late)
