"""Labelled blocks ("Name: ...", "Position - ..."), tables, and answers typed into a quoted call.

Labels are matched against small synonym lists in several languages
(:data:`intake.extract.vocab.LABELS`); the empty template of the call
("Signing as: organization / individual / both") never counts as an answer.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from functools import lru_cache

from intake.extract import vocab
from intake.extract.capacity import from_value
from intake.extract.text import fold, holds_any, trim

_LABEL_LINE = re.compile(
    r"^\s*(?:[-*•·]\s*)?\**(?P<label>[^\W\d_][^:\t|]{0,45}?)\**\s*"
    r"(?:[:：]|\s[-–—]\s|\s*\t|\s[-–—]$|\s{2,}(?=\S))\s*(?P<value>.*)$"
)
# What a labelled line cannot do without: one of the separators ``_LABEL_LINE`` allows
# after its label. A line with none (most sentences) is not tried.
_SEPARATOR = re.compile(r"[:：\t]|\s[-–—]|\s\s")
_PAREN = re.compile(r"\s*\([^)]*\)\s*")
_DITTO = re.compile(
    r"^(?:\(?(?:" + vocab.SAME_AS + r"|\"|”|'')\)?)$",
    re.IGNORECASE,
)
_TEMPLATE_VALUE = re.compile(r"^(?:organi[sz]ation|individual|both)(?:\s*/\s*\w+)+$", re.I)
_FIELD_SPLIT = re.compile(r"\s*[;|]\s*|\s+/\s+(?=[^\W\d_][\w ]{0,30}:)")
_COMMA_FIELD = re.compile(r",\s*(?=[^\W\d_][\w ]{0,30}:)")
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
    if found is None and _ALTERNATIVES.search(key):
        pieces = {_field_of(p.strip()) for p in _ALTERNATIVES.split(key) if p.strip()}
        found = pieces.pop() if len(pieces) == 1 else None
    return found


_ALTERNATIVES = re.compile(r"/| or ")


def _field_of(key: str) -> str | None:
    for name, synonyms in vocab.LABELS.items():
        if key in synonyms:
            return name
    if key.startswith("ال") and len(key) > 4:  # the Arabic article: "الصفة" is "صفة"
        return _field_of(key[2:])
    return None


_TEMPLATE_ANSWER = re.compile(
    r"^(?:organi[sz]ation|individual|both)(?:\s*/\s*\w+)+\s*(?:-+>|=+>|→|⇒|:|[-–—]+|\s)\s*"
    r"(?P<answer>[^\s/].*)$",
    re.I,
)


@lru_cache(maxsize=8192)
def parse_line(line: str, bare: bool = False) -> tuple[str, str] | None:
    """``(field, value)`` for a labelled line; the value may be empty.

    With ``bare``, a line that is only a label ("Full Name", as web forms print
    it over the value) counts too, with an empty value.
    """
    match = _LABEL_LINE.match(line) if _separated(line) else None
    if not match:
        return _bare_label(line) if bare else None
    name = label_field(match.group("label"))
    raw = match.group("value").strip()
    value = "none" if raw and set(raw) <= set("-–—_./ ") else _answer(trim(raw))
    if name is None:
        return ("capacity", value) if _capacity_answer(match.group("label"), value) else None
    return name, value


def _separated(line: str) -> bool:
    """Whether ``line`` holds a separator (``_SEPARATOR``). In a line whose only white space
    is the plain space (a printable one), its forms are looked for as plain text."""
    if line.isprintable():
        return holds_any(line, _PLAIN_SEPARATORS)
    return _SEPARATOR.search(line) is not None


_PLAIN_SEPARATORS = (":", "：", "  ", " -", " –", " —")


def _capacity_answer(label: str, value: str) -> bool:
    """A label we do not know whose answer is a capacity ("Firmo como: individual")."""
    words = value.split()
    return (
        0 < len(words) <= 4
        and len(label.split()) <= 4
        and not _OTHER_LABELS.match(label.strip())
        and bool(_CAPACITY_WORD.match(value))
        and from_value(value) is not None
    )


_CAPACITY_WORD = re.compile(
    r"^\(?(?:individual\w*|organi[sz]\w*|both|personal\w*|ambos|ambas|les deux|beide\w*|"
    r"individuel\w*|persönlich|organisation\w*|organização|organización|pessoal|فرد\w*)\b",
    re.I,
)


def _answer(value: str) -> str:
    """The answer in a value: the call's own options are no answer, what follows them is."""
    answered = _TEMPLATE_ANSWER.match(value)
    if answered:
        return trim(answered.group("answer"))
    return "" if _TEMPLATE_VALUE.match(value) else value


def _bare_label(line: str) -> tuple[str, str] | None:
    text = line.strip().strip("*").strip()
    if not text or len(text) > 40 or not text[:1].isupper() or text.endswith((".", "?", "!")):
        return None
    name = label_field(text)
    return (name, "") if name else None


# Labels of lines that are never signer fields: contact details and form metadata.
_OTHER_LABELS = re.compile(
    r"^(?:e-?mail|mail|phone|tel|telephone|mobile|cell|fax|address|website|web|url|date|"
    r"comments?|notes?|message|subject|from|to|cc|sent|country|city|state|pronouns|"
    r"re|fwd?|ps|p\.s|nb|attn|ref)\b",
    re.I,
)


_COLON_LINE = re.compile(
    r"^\s*(?:[-*•·]\s*)?\**(?P<label>[^\W\d_][^:\t|]{0,30}?)\**\s*[:：]\s*(?P<value>\S.*)$"
)


_DATE_TIME = re.compile(r"\b\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\b|\b\d{1,2}:\d{2}\b")


def unread_labels(lines: list[str]) -> int:
    """Labelled lines next to ones we read whose label we do not know ("الصفة: ...").

    A value without letters (a date, a time, a number) is form metadata, not a field.
    """
    read = [i for i, line in enumerate(lines) if parse_line(line) is not None]
    count = 0
    for index, line in enumerate(lines):
        match = _COLON_LINE.match(line)
        if not match or index in read or not any(abs(index - r) <= 2 for r in read):
            continue
        label = match.group("label").strip()
        value = match.group("value").strip()
        if not value or _OTHER_LABELS.match(label) or len(label.split()) > 4:
            continue
        if not any(c.isalpha() for c in value) or _DATE_TIME.search(value):
            continue
        count += 1
    return count


def expand(lines: list[str]) -> list[str]:
    """Lines holding several labelled fields ("Name: X; Title: Y") split one field a line;
    so does "Name: X, Title: Y" when every piece after a comma is a labelled field."""
    out: list[str] = []
    for line in lines:
        marked = ";" in line or "|" in line or "/" in line  # what _FIELD_SPLIT splits at
        pieces = _FIELD_SPLIT.split(line) if marked and _FIELD_SPLIT.search(line) else [line]
        pieces = [part for piece in pieces for part in _comma_fields(piece)]
        if len(pieces) > 1 and sum(parse_line(p) is not None for p in pieces) >= 2:
            out.extend(p.strip() for p in pieces)
        else:
            out.append(line)
    return out


def _comma_fields(piece: str) -> list[str]:
    if "," not in piece or ":" not in piece:  # _COMMA_FIELD needs a comma, then a label
        return [piece]
    parts = _COMMA_FIELD.split(piece)
    if len(parts) > 1 and all(parse_line(p) is not None for p in parts):
        return parts
    return [piece]


def blocks(lines: list[str]) -> list[Group]:
    """Signer groups from labelled lines; a repeated field starts the next signer.

    A value typed on the line under its label (an HTML form, a web form's
    notification) belongs to that label; the line is not read again.
    """
    lines = expand(lines)
    groups: list[Group] = []
    current = Group()
    gap = 0
    taken: set[int] = set()
    for index, line in enumerate(lines):
        if index in taken:
            continue
        parsed = parse_line(line, bare=_form_label(lines, index))
        if parsed is None:
            if not line.strip():
                gap += 1
                continue
            if _other_form_field(current, lines, index):
                taken.add(index + 1)  # "Email" over an address: a field we do not record
                continue
            if _continues(current, lines, index, gap):
                _append(current, line)
                continue
            current = _close(groups, current)
            gap = 0
            continue
        if gap > 1 and not _form_gap(current, lines, index):
            current = _close(groups, current)
        gap = 0
        current = _add(groups, current, parsed, index, lines, taken)
    _close(groups, current)
    return [g for g in groups if _usable(g)]


def _form_label(lines: list[str], index: int) -> bool:
    """A bare label line: the next line holds its value and a blank line or a label follows."""
    if index + 1 >= len(lines) or not lines[index + 1].strip():
        return False
    after = lines[index + 2] if index + 2 < len(lines) else ""
    return not after.strip() or parse_line(after, bare=True) is not None


def _form_gap(current: Group, lines: list[str], index: int) -> bool:
    """Web-form fields stand apart, separated by blank lines and unknown fields."""
    return bool(current.below) and current.below == current.empty


def _other_form_field(current: Group, lines: list[str], index: int) -> bool:
    """Inside a web form, a short capitalized label we do not know, over its value."""
    line = lines[index].strip()
    return (
        _form_gap(current, lines, index)
        and len(line) <= 30
        and line[:1].isupper()
        and not line.endswith((".", "?", "!", ":", ","))
        and _form_label(lines, index)
    )


def _add(
    groups: list[Group],
    current: Group,
    parsed: tuple[str, str],
    index: int,
    lines: list[str],
    taken: set[int],
) -> Group:
    name, value = parsed
    if name in current.values:
        current = _close(groups, current)
    if not value:
        value, below = _value_below(lines, index)
        current.empty += 1
        current.below += bool(value)
        if below is not None:
            taken.add(below)
    current.values[name] = value
    current.lines.append(index)
    return current


def _value_below(lines: list[str], index: int) -> tuple[str, int | None]:
    """A value typed on the line under an empty label (a form filled in HTML), and its line."""
    for offset, line in enumerate(lines[index + 1 : index + 3], start=index + 1):
        if not line.strip():
            continue
        if parse_line(line) is None and len(line.strip()) < 120:
            return trim(line), offset
        return "", None
    return "", None


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
    if not current.values:
        return current  # nothing read into it: still a new group (most lines are no label)
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
    if line.isprintable() and "|" not in line and "   " not in line:
        return [line.strip()] if line.strip() else []  # no tab, pipe or wide space: one cell
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
        match = _QUOTED_LABEL.match(line) if ">" in line else None
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
