"""HTML to text: quotes as > lines, data tables as tab-separated rows."""

from __future__ import annotations

from intake.message.html import html_to_text


def test_data_table_rows_become_tab_separated_lines() -> None:
    html = (
        "<table><tr><th>Name</th><th>Title</th></tr>"
        "<tr><td><p>A&nbsp;B</p></td><td>Pastor</td></tr></table>"
    )
    assert html_to_text(html).splitlines() == ["Name\tTitle", "A B\tPastor"]


def test_layout_table_keeps_its_lines() -> None:
    html = "<table><tr><td>Jo Doe<br>Director<br>Hope Fund</td></tr></table>"
    assert html_to_text(html).splitlines() == ["Jo Doe", "Director", "Hope Fund"]


def test_blockquote_is_quoted() -> None:
    text = html_to_text("<p>Yes</p><blockquote>Old call</blockquote>")
    assert "> Old call" in text.splitlines()
