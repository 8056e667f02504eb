"""The letter as text formats: CSV and JSON for data, Markdown and HTML to paste.

CSV carries a byte-order mark, so a spreadsheet program opening it by double
click reads the accents in names correctly; Python reads it back with
``encoding="utf-8-sig"``. Every cell is quoted, and a cell a spreadsheet would
read as a formula (it starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return, as OWASP lists them) starts with a ``'`` instead, so it shows as text.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re

from intake.export.letter import Letter
from intake.message.clean import clean_line

CSV_COLUMNS = ("section", "name", "title", "organization", "email", "note")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")


def csv_cell(value: str) -> str:
    """A cell no spreadsheet runs as a formula: control characters gone, and a leading
    formula character (after any spaces) neutralised with a ``'``."""
    text = clean_line(value)
    return "'" + text if text.lstrip(" ").startswith(FORMULA_STARTS) else text


def to_csv(letter: Letter) -> bytes:
    """One row per entry: ``section`` is organization, individual or unresolved."""
    rows: list[tuple[str, ...]] = [CSV_COLUMNS]
    rows += [("organization", "", "", org.name, org.email, "") for org in letter.organizations]
    rows += [
        ("individual", p.name, p.title, p.organization, p.email, "") for p in letter.individuals
    ]
    rows += [("unresolved", "", "", "", u.sender, u.line()) for u in letter.unresolved]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerows([csv_cell(cell) for cell in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def to_json(letter: Letter) -> bytes:
    """The sections as lists of objects, with the note and (if asked) what is unresolved."""
    data: dict[str, object] = {
        "campaign": letter.campaign,
        "note": letter.note,
        "organizations": [{"name": o.name, "email": o.email} for o in letter.organizations],
        "individuals": [
            {"name": p.name, "title": p.title, "organization": p.organization, "email": p.email}
            for p in letter.individuals
        ],
    }
    if letter.include_unresolved:
        data["unresolved"] = [
            {"id": u.id, "sender": u.sender, "subject": u.subject, "reason": u.reason}
            for u in letter.unresolved
        ]
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def markdown_escape(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def to_markdown(letter: Letter) -> bytes:
    """Headings and one bullet per signatory, ready to paste."""
    esc = markdown_escape
    lines = [f"# Signatories: {esc(letter.campaign)}", ""]
    lines += [f"## Organizations ({len(letter.organizations)})", ""]
    lines += [f"- {esc(o.name)}" for o in letter.organizations] or ["(none yet)"]
    lines += ["", f"## Individuals ({len(letter.individuals)})", "", f"*{esc(letter.note)}*", ""]
    lines += [f"- {esc(p.line())}" for p in letter.individuals] or ["(none yet)"]
    if letter.include_unresolved:
        lines += ["", f"## Unresolved in review ({len(letter.unresolved)})", ""]
        lines += [f"- {esc(u.line())}" for u in letter.unresolved] or ["(none)"]
    return ("\n".join(lines) + "\n").encode("utf-8")


_P = '<p style="margin:0 0 4px 0;">{}</p>'
_H2 = '<h2 style="font-size:18px;margin:24px 0 8px 0;">{}</h2>'


def to_html(letter: Letter) -> bytes:
    """A plain page: a heading per section and one paragraph per signatory."""
    esc = html.escape
    parts = [
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Signatories: {esc(letter.campaign)}</title></head>",
        '<body style="font-family:Georgia,serif;font-size:15px;line-height:1.4;color:#111;">',
        f'<h1 style="font-size:22px;">Signatories: {esc(letter.campaign)}</h1>',
        _H2.format(f"Organizations ({len(letter.organizations)})"),
        *[_P.format(esc(o.name)) for o in letter.organizations],
        _H2.format(f"Individuals ({len(letter.individuals)})"),
        f'<p style="margin:0 0 12px 0;"><em>{esc(letter.note)}</em></p>',
        *[_P.format(esc(p.line())) for p in letter.individuals],
    ]
    if letter.include_unresolved:
        parts.append(_H2.format(f"Unresolved in review ({len(letter.unresolved)})"))
        parts += [_P.format(esc(u.line())) for u in letter.unresolved]
    parts.append("</body></html>\n")
    return "\n".join(parts).encode("utf-8")
