"""The letter-ready list: organizations, then individuals as "Name, Title, Organization".

Pure: signer records in, a frozen :class:`Letter` out. Only signers on the list
(active and on time) appear; an organization that signed through several
people is listed once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, get_args

from intake.export.names import organization_key, person_key
from intake.extract import Capacity
from intake.message.clean import clean_line, shorten
from intake.store.records import SignerRecord, normalize

Sort = Literal["last-name", "organization", "arrival"]
SORTS: tuple[str, ...] = get_args(Sort)
NOTE = "Titles and organizations are listed for identification purposes only."


@dataclass(frozen=True, slots=True)
class Person:
    """An individual signer, as the letter prints them."""

    signer_id: int
    name: str
    title: str
    organization: str
    email: str

    def line(self) -> str:
        """ "Name, Title, Organization", leaving out what is missing."""
        return ", ".join(part for part in (self.name, self.title, self.organization) if part)


@dataclass(frozen=True, slots=True)
class Organization:
    """An organization that signs in its own name."""

    signer_id: int
    name: str
    email: str


@dataclass(frozen=True, slots=True)
class Unresolved:
    """A review item still open, listed apart from the signatories."""

    id: int
    sender: str
    subject: str
    reason: str

    def line(self) -> str:
        subject = f" ({shorten(self.subject, 200)})" if self.subject else ""
        return clean_line(f"#{self.id} {self.sender}{subject}: {shorten(self.reason, 500)}")


@dataclass(frozen=True)
class Letter:
    """Everything an export prints: the two sections, the note, and what is unresolved."""

    campaign: str
    organizations: tuple[Organization, ...]
    individuals: tuple[Person, ...]
    unresolved: tuple[Unresolved, ...] = ()
    include_unresolved: bool = False
    note: str = NOTE

    @property
    def count(self) -> int:
        return len(self.organizations) + len(self.individuals)

    @property
    def both(self) -> int:
        """Signers listed in both sections (an individual who also signs for an organization)."""
        return in_both(self.organizations, self.individuals)


def in_both(organizations: Sequence[Organization], individuals: Sequence[Person]) -> int:
    """How many signers appear as an organization and as an individual."""
    return len({o.signer_id for o in organizations} & {p.signer_id for p in individuals})


def on_list(record: SignerRecord) -> bool:
    """Active and on time: the signers a letter prints."""
    return record.status == "active" and not record.late


def _organization(record: SignerRecord) -> Organization | None:
    signs_as_org = record.capacity in (Capacity.ORGANIZATION, Capacity.BOTH) or not record.name
    if not signs_as_org or not record.organization:
        return None
    return Organization(record.id, clean_line(record.organization), record.email)


def _person(record: SignerRecord) -> Person | None:
    org_only = record.capacity is Capacity.ORGANIZATION and record.organization
    if not record.name or org_only:
        return None
    return Person(
        record.id, clean_line(record.name), clean_line(record.title or ""),
        clean_line(record.organization or ""), record.email,
    )  # fmt: skip


def _unique_organizations(found: Iterable[Organization]) -> list[Organization]:
    seen: dict[str, Organization] = {}
    for org in found:
        seen.setdefault(normalize(org.name), org)
    return list(seen.values())


_PEOPLE_ORDER: dict[str, Callable[[Person], Any]] = {
    "last-name": lambda p: person_key(p.name),
    "organization": lambda p: (organization_key(p.organization or "~"), person_key(p.name)),
    "arrival": lambda p: p.signer_id,
}


def build_letter(
    campaign: str,
    records: Sequence[SignerRecord],
    sort: Sort = "last-name",
    unresolved: Sequence[Unresolved] | None = None,
) -> Letter:
    """The list as a letter prints it; ``unresolved`` (when given) is listed apart."""
    listed = [r for r in records if on_list(r)]
    orgs = _unique_organizations(o for r in listed if (o := _organization(r)))
    people = [p for r in listed if (p := _person(r))]
    if sort == "arrival":
        orgs.sort(key=lambda o: o.signer_id)
    else:
        orgs.sort(key=lambda o: organization_key(o.name))
    people.sort(key=_PEOPLE_ORDER[sort])
    return Letter(
        campaign, tuple(orgs), tuple(people), tuple(unresolved or ()), unresolved is not None
    )
