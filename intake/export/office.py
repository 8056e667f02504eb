"""The letter as a Word document (python-docx): what a coordinator pastes under the letter.

Headings use Word's built-in styles, so pasting into the letter keeps them as
headings; each signatory is one paragraph.
"""

from __future__ import annotations

import io

import docx

from intake.export.letter import Letter


def to_docx(letter: Letter) -> bytes:
    """A .docx with a title, an Organizations and an Individuals section, and the note."""
    document = docx.Document()
    document.core_properties.title = f"Signatories: {letter.campaign}"
    document.add_heading(f"Signatories: {letter.campaign}", level=1)
    document.add_heading(f"Organizations ({len(letter.organizations)})", level=2)
    for org in letter.organizations:
        document.add_paragraph(org.name)
    document.add_heading(f"Individuals ({len(letter.individuals)})", level=2)
    document.add_paragraph().add_run(letter.note).italic = True
    for person in letter.individuals:
        document.add_paragraph(person.line())
    if letter.include_unresolved:
        document.add_heading(f"Unresolved in review ({len(letter.unresolved)})", level=2)
        for item in letter.unresolved:
            document.add_paragraph(item.line())
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
