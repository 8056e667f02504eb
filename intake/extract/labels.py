"""Labelled blocks ("Name: ...", "Position - ..."), tables, and answers typed into a quoted call.

Labels are matched against small synonym lists in several languages
(:data:`intake.extract.vocab.LABELS`); the empty template of the call
("Signing as: organization / individual / both") never counts as an answer.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from intake.extract import vocab
from intake.extract.text import fold, trim

_LABEL_LINE = re.compile(
    r"^\s*(?:[-*•·]\s*)?\**(?P<label>[^\W\d_][^:\t|]{0,45}?)\**\s*"
    r"(?:[:：]|\s[-–—]\s|\s*\t|\s[-–—]$|\s{2,}(?=\S))\s*(?P<value>.*)$"
)
_PAREN = re.compile(r"\s*\([^)]*\)\s*")
_DITTO = re.compile(
    r"^(?:\(?(?:same|same as above|ditto|idem|as above|do\.?|〃|\"|”|''"
    r"|same as (?:\w+ )?above)\)?)$",
    re.IGNORECASE,
)
_TEMPLATE_VALUE = re.compile(r"^(?:organi[sz]ation|individual|both)(?:\s*/\s*\w+)+$", re.I)
_FIELD_SPLIT = re.compile(r"\s*[;|]\s*|\s+/\s+(?=[^\W\d_][\w ]{0,30}:)")
_CELL_SPLIT = re.compile(r"\t+|\s*\|\s*|\s{3,}")
FIELDS = ("name", "title", "organization", "capacity")


@dataclass
class Group:
    """One signer's labelled values, in the order typed."""

    values: dict[str, str] = field(default_factory=dict)
    lines: list[int] = field(default_factory=list)
    empty: int = 0
    below: int = 0

    @property
    def template(self) -> bool:
        """A blank form (the call's own labels): several empty labels, at most one answered."""
        return self.empty >= 2 and self.below <= 1

    def get(self, name: str) -> str | None:
        return self.values.get(name) or None


def label_field(label: str) -> str | None:
    """The field a label names ("Org name" -> organization), or None."""
    key = fold(_PAREN.sub(" ", label)).lower().strip(" .*_-")
    found = _field_of(key)
    if found is None and re.search(r"/| or ", key):
        pieces = {_field_of(p.strip()) for p in re.split(r"/| or ", key) if p.strip()}
        found = pieces.pop() if len(pieces) == 1 else None
    return found


def _field_of(key: str) -> str | None:
    for name, synonyms in vocab.LABELS.items():
        if key in synonyms:
            return name
    return None


def parse_line(line: str) -> tuple[str, str] | None:
    """``(field, value)`` for a labelled line; the value may be empty."""
    match = _LABEL_LINE.match(line)
    if not match:
        return None
    name = label_field(match.group("label"))
    if name is None:
        return None
    value = trim(match.group("value"))
    if _TEMPLATE_VALUE.match(value):
        value = ""
    return name, value


def expand(lines: list[str]) -> list[str]:
    """Lines holding several labelled fields ("Name: X; Title: Y") split one field a line."""
    out: list[str] = []
    for line in lines:
        pieces = _FIELD_SPLIT.split(line) if _FIELD_SPLIT.search(line) else [line]
        if len(pieces) > 1 and sum(parse_line(p) is not None for p in pieces) >= 2:
            out.extend(p.strip() for p in pieces)
        else:
            out.append(line)
    return out


def blocks(lines: list[str]) -> list[Group]:
    """Signer groups from labelled lines; a repeated field starts the next signer."""
    lines = expand(lines)
    groups: list[Group] = []
    current = Group()
    gap = 0
    for index, line in enumerate(lines):
        parsed = parse_line(line)
        if parsed is None:
            if not line.strip():
                gap += 1
                continue
            if _continues(current, lines, index, gap):
                _append(current, line)
                continue
            current = _close(groups, current)
            gap = 0
            continue
        if gap > 1:
            current = _close(groups, current)
        gap = 0
        current = _add(groups, current, parsed, index, lines)
    _close(groups, current)
    return [g for g in groups if _usable(g)]


def _add(
    groups: list[Group], current: Group, parsed: tuple[str, str], index: int, lines: list[str]
) -> Group:
    name, value = parsed
    if name in current.values:
        current = _close(groups, current)
    if not value:
        value = _value_below(lines, index)
        current.empty += 1
        current.below += bool(value)
    current.values[name] = value
    current.lines.append(index)
    return current


def _value_below(lines: list[str], index: int) -> str:
    """A value typed on the line under an empty label (a form filled in HTML)."""
    for line in lines[index + 1 : index + 3]:
        if not line.strip():
            continue
        if parse_line(line) is None and len(line.strip()) < 120:
            return trim(line)
        return ""
    return ""


def _continues(current: Group, lines: list[str], index: int, gap: int) -> bool:
    """A wrapped value: a bare line right under a labelled line, then another label."""
    if gap or not current.lines or current.lines[-1] != index - 1:
        return False
    after = next((x for x in lines[index + 1 : index + 2]), "")
    line = lines[index].strip()
    return parse_line(after) is not None or (line[:1].islower() and len(line) < 80)


def _append(current: Group, line: str) -> None:
    last = list(current.values)[-1]
    current.values[last] = fold(current.values[last] + " " + line)
    current.lines.append(current.lines[-1] + 1)


def _close(groups: list[Group], current: Group) -> Group:
    if current.values:
        groups.append(current)
    return Group()


def _usable(group: Group) -> bool:
    if group.template:
        return False
    filled = [k for k, v in group.values.items() if v]
    if group.get("name") or group.get("organization"):
        return len(group.values) >= 2 or bool(group.get("name"))
    return len(filled) >= 2


def fill_dittos(groups: list[Group]) -> None:
    """Replace "(same)" / "ditto" values with the previous signer's value."""
    for previous, group in itertools.pairwise(groups):
        for key, value in list(group.values.items()):
            if _DITTO.match(value.strip()):
                group.values[key] = previous.values.get(key, "")


def table(lines: list[str]) -> list[Group]:
    """Rows of a table whose header row holds labels (tab, pipe or wide-space cells)."""
    for index, line in enumerate(lines):
        cells = _cells(line)
        if len(cells) < 2:
            continue
        columns = [label_field(c) for c in cells]
        if (
            sum(c is not None for c in columns) >= max(2, len(cells) - 1) and "name" in columns
        ) or ("organization" in columns and columns.count(None) == 0):
            return _rows(lines[index + 1 :], columns)
    return []


def _cells(line: str) -> list[str]:
    return [c.strip() for c in _CELL_SPLIT.split(line.strip().strip("|")) if c.strip()]


def _rows(lines: list[str], columns: list[str | None]) -> list[Group]:
    groups: list[Group] = []
    for offset, line in enumerate(lines):
        if not line.strip():
            if groups:
                break
            continue
        cells = _cells(line)
        if len(cells) < 2 or len(cells) > len(columns) or set(line.strip()) <= set("-|+ :="):
            if groups:
                break
            continue
        cells += [""] * (len(columns) - len(cells))
        values = {c: trim(v) for c, v in zip(columns, cells, strict=True) if c}
        groups.append(Group(values=values, lines=[offset]))
    return groups


_QUOTED_LABEL = re.compile(r"^\s*>[>\s]*(?P<rest>.*)$")


def inline_answers(text: str) -> list[Group]:
    """Answers typed on unquoted lines under the quoted call's own empty labels."""
    group = Group()
    lines = text.split("\n")
    for index, line in enumerate(lines):
        match = _QUOTED_LABEL.match(line)
        if not match:
            continue
        parsed = parse_line(match.group("rest"))
        if parsed is None or parsed[1]:
            continue
        answer = _answer_below(lines, index)
        if answer and parsed[0] not in group.values:
            group.values[parsed[0]] = answer
            group.lines.append(index)
    usable = len(group.values) >= 2 or (
        group.get("name") is not None and len(str(group.get("name")).split()) <= 6
    )
    return [group] if usable and (group.get("name") or group.get("organization")) else []


def _answer_below(lines: list[str], index: int) -> str:
    for line in lines[index + 1 : index + 3]:
        if line.lstrip().startswith(">"):
            return ""
        if line.strip():
            return trim(line)
    return ""
