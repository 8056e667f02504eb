"""The sender's own text apart from what they quote."""

from __future__ import annotations

from intake.message.quoting import cut_at_quote, split_quoted


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
