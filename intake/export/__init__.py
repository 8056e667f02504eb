"""The letter-ready list of signatories, in the format the coordinator needs.

``build_letter`` makes a pure :class:`Letter` from signer records; ``render``
turns it into bytes in one of :data:`FORMATS`. The office format is Word
(``docx``, via python-docx): the list is pasted under a letter, and a Word
document keeps its headings and one line per signatory when pasted.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal, get_args

from intake.errors import ConfigError
from intake.export.formats import to_csv, to_html, to_json, to_markdown
from intake.export.letter import (
    NOTE,
    SORTS,
    Letter,
    Organization,
    Person,
    Sort,
    Unresolved,
    build_letter,
    in_both,
    on_list,
)

Format = Literal["csv", "json", "markdown", "html", "docx"]
FORMATS: tuple[str, ...] = get_args(Format)
SUFFIXES = {"csv": "csv", "json": "json", "md": "markdown", "markdown": "markdown"}
SUFFIXES |= {"html": "html", "htm": "html", "docx": "docx"}

__all__ = [
    "FORMATS",
    "NOTE",
    "SORTS",
    "Letter",
    "Organization",
    "Person",
    "Unresolved",
    "build_letter",
    "check_format",
    "check_sort",
    "in_both",
    "on_list",
    "render",
]


def _docx(letter: Letter) -> bytes:
    from intake.export.office import to_docx  # python-docx loads only when asked for

    return to_docx(letter)


_WRITERS: dict[str, Callable[[Letter], bytes]] = {
    "csv": to_csv,
    "json": to_json,
    "markdown": to_markdown,
    "html": to_html,
    "docx": _docx,
}


def check_format(name: str) -> Format:
    """``name`` as a known format, or a ConfigError that lists them."""
    wanted = SUFFIXES.get(name.lower().lstrip("."), name.lower())
    if wanted == "xlsx":
        raise ConfigError(
            "xlsx is not offered: use docx to paste under the letter, csv for a sheet"
        )
    if wanted not in FORMATS:
        raise ConfigError(f"unknown format {name!r}: use one of {', '.join(FORMATS)}")
    return wanted  # type: ignore[return-value]


def check_sort(name: str) -> Sort:
    """``name`` as a known sort order, or a ConfigError that lists them."""
    if name not in SORTS:
        raise ConfigError(f"unknown sort {name!r}: use one of {', '.join(SORTS)}")
    return name  # type: ignore[return-value]


def render(letter: Letter, fmt: Format) -> bytes:
    """The letter as the bytes of a file in ``fmt``."""
    return _WRITERS[fmt](letter)
