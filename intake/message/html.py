"""HTML to plain text that keeps quoting visible as ``> `` lines."""

from __future__ import annotations

import re

import html_text
import lxml.html
from lxml import etree

# Containers mail clients put around the quoted original.
_QUOTE_XPATH = (
    "//blockquote"
    " | //div[contains(concat(' ', normalize-space(@class), ' '), ' gmail_quote ')]"
    " | //div[@id='divRplyFwdMsg'] | //div[@id='appendonsend']"
    " | //div[contains(@class, 'yahoo_quoted')] | //div[contains(@class, 'moz-cite-prefix')]"
)
_QUOTE_MARK = "\u2063QUOTE\u2063"
_CELL_MARK = "\u2063CELL\u2063"
_MAX_CELL = 160


def html_to_text(markup: str) -> str:
    """Readable text from an HTML part; quoted blocks come out as ``> `` lines.

    Never raises: markup lxml cannot read falls back to tag stripping.
    """
    if not markup.strip():
        return ""
    try:
        tree = lxml.html.fromstring(markup)
    except (etree.ParserError, ValueError):
        return _strip_tags(markup)
    for node in tree.xpath(_QUOTE_XPATH):
        _mark_quoted(node)
    for table in tree.xpath("//table[not(.//table)]"):
        _flatten_rows(table)
    try:
        text = html_text.extract_text(tree, guess_layout=True)
    except Exception:
        return _strip_tags(markup)
    return _apply_quote_marks(text).replace(_CELL_MARK, "\t")


def _flatten_rows(table: etree._Element) -> None:
    """Each row of a data table becomes one line of tab-separated cells.

    Layout tables (one cell per row, or long cells) are left alone, so a
    signature laid out in a table keeps its lines.
    """
    rows = table.xpath(".//tr")
    cells = [[" ".join(c.text_content().split()) for c in r.xpath("./td|./th")] for r in rows]
    if not rows or any(len(c) < 2 for c in cells):
        return
    if any(len(text) > _MAX_CELL for row in cells for text in row):
        return
    for row, texts in zip(rows, cells, strict=True):
        quoted = any(c.get("data-intake-quoted") for c in row.iter())
        for child in list(row):
            row.remove(child)
        row.tag = "div"
        row.text = (_QUOTE_MARK if quoted else "") + _CELL_MARK.join(texts)


def _quoted_ancestors(node: etree._Element) -> list[etree._Element]:
    return [a for a in node.iterancestors() if a.get("data-intake-quoted")]


def _mark_quoted(node: etree._Element) -> None:
    """Prefix every text line inside ``node`` with the quote mark."""
    if node.get("data-intake-quoted") or _quoted_ancestors(node):
        return
    node.set("data-intake-quoted", "1")
    for element in node.iter():
        if element.text and element.text.strip():
            element.text = _QUOTE_MARK + element.text
        if element is not node and element.tail and element.tail.strip():
            element.tail = _QUOTE_MARK + element.tail


def _apply_quote_marks(text: str) -> str:
    lines = []
    for line in text.split("\n"):
        if _QUOTE_MARK in line:
            line = "> " + line.replace(_QUOTE_MARK, "").strip()
        lines.append(line.rstrip())
    return "\n".join(lines)


def _strip_tags(markup: str) -> str:
    return re.sub(r"<[^>]+>", " ", markup)
