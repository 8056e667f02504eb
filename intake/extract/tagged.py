"""Signers from the tagger's spans: the second, independent reading of a message.

The spans come in reading order. A name opens a signer; a title or an
organization joins the signer being written, or opens one that a name on the same
line or the next may still join ("Center for Conscience / Jane Smith"). A name a
blank line or more further down is a signer of its own ("X signs as an
organization. // Our director, Jane Smith, signs too"), and so is a name below a
title or an organization left over on another person's line ("- Rabbi Jane Doe,
Senior Rabbi / - Bob Roe, Secretary"). The same name met again, in a greeting
and again under the sign-off, is the same signer.

An organization named on its own and again beside a person stays a signer of its
own here: whether it signs apart from that person is the roster model's call
(:mod:`intake.extract.roster`); only the subject's ("Westbrook College: three of
us sign") is taken for theirs. Only the earliest zone that holds a name counts:
the sender's own words before an earlier author's, so a quoted list of other
people's signatures is not read as theirs.
"""

from __future__ import annotations

from dataclasses import dataclass

from intake.extract.tagger import Span

# Zones in the order they speak for the message (see tagger.document).
_ZONE_ORDER = ("subject", "own", "other", "ours")


@dataclass
class Draft:
    """A signer being put together from spans."""

    name: str | None = None
    title: str | None = None
    organization: str | None = None
    probability: float = 1.0

    def takes(self, label: str) -> bool:
        return {"NAME": self.name, "TITLE": self.title, "ORG": self.organization}[label] is None

    def set(self, span: Span) -> None:
        value = _clean(span.text)
        if span.label == "NAME":
            self.name = value
        elif span.label == "TITLE":
            self.title = value
        else:
            self.organization = value
        self.probability = min(self.probability, span.probability)


def signers(found: list[Span], zones: tuple[str, ...]) -> list[Draft]:
    """Group ``found`` (spans of a text whose lines are in ``zones``) into signers.

    Spans in the campaign's own quoted text (the call, a confirmation) never name a
    signer here: answers typed into the call are the rules' to read (they come from
    labels), and the tagger reads that text only as context (see ``tagger.document``).
    """
    found = [s for s in found if _zone(s, zones) != "ours"]
    chosen = _speaking_zone(found, zones)
    drafts: list[Draft] = []
    current: Draft | None = None
    opened = last = 0  # the lines of the first and the last span of ``current``
    named = {span.line for span in found if span.label == "NAME"}
    subject: set[int] = set()  # the drafts an organization or a title in the subject opened
    for span in found:
        if _zone(span, zones) != chosen:
            continue
        if span.label == "NAME":
            same = _named(drafts, _clean(span.text))
            if same is not None:
                current, last = same, span.line
                continue
            # A name joins a nameless signer from its own line or the one before, in the
            # same zone (the subject stands before the text's first line only in the
            # tagger's document), unless that signer began on another person's line.
            if (
                current is not None
                and current.name is None
                and span.line - last <= 1
                and _line_zone(span.line, zones) == _line_zone(opened, zones)
                and (span.line == opened or opened not in named)
            ):
                current.set(span)
                last = span.line
                continue
            current, opened = Draft(), span.line
            drafts.append(current)
            current.set(span)
        else:
            if current is None or not current.takes(span.label):
                current, opened = Draft(), span.line
                drafts.append(current)
                if _line_zone(span.line, zones) == "subject":
                    subject.add(id(current))
            current.set(span)
        last = span.line
    kept = [d for d in drafts if d.name or d.organization]
    # The subject's organization alone ("Westbrook College: three signatures") is the
    # organization of the people the text names with it, not a signer of its own.
    people = {d.organization.casefold() for d in kept if d.name and d.organization}
    return [
        d
        for d in kept
        if d.name or id(d) not in subject or (d.organization or "").casefold() not in people
    ]


def _speaking_zone(found: list[Span], zones: tuple[str, ...]) -> str | None:
    present = {_zone(s, zones) for s in found if s.label in ("NAME", "ORG")}
    for zone in _ZONE_ORDER:
        if zone in present:
            return "own" if zone == "subject" and "own" in present else zone
    return None


def _zone(span: Span, zones: tuple[str, ...]) -> str:
    zone = _line_zone(span.line, zones)
    return "own" if zone == "subject" else zone


def _line_zone(line: int, zones: tuple[str, ...]) -> str:
    return zones[line] if line < len(zones) else "other"


def _named(drafts: list[Draft], name: str) -> Draft | None:
    key = name.casefold()
    return next((d for d in drafts if d.name and d.name.casefold() == key), None)


def _clean(text: str) -> str:
    return " ".join(text.split()).strip(" ,;:-–—|*_")
