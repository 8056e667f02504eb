"""The letter as text formats: CSV and JSON for data, Markdown and HTML to paste.

CSV carries a byte-order mark, so a spreadsheet program opening it by double
click reads the accents in names correctly; Python reads it back with
``encoding="utf-8-sig"``.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re

from intake.export.letter import Letter

CSV_COLUMNS = ("section", "name", "title", "organization", "email", "note")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")


def to_csv(letter: Letter) -> bytes:
    """One row per entry: ``section`` is organization, individual or unresolved."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for org in letter.organizations:
        writer.writerow(("organization", "", "", org.name, org.email, ""))
    for person in letter.individuals:
        row = ("individual", person.name, person.title, person.organization, person.email, "")
        writer.writerow(row)
    for item in letter.unresolved:
        writer.writerow(("unresolved", "", "", "", item.sender, item.line()))
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
