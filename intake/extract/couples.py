"""Two people written with one surname: "Anneke and Pieter de Vries", "Please add
Robert and Carol Hale", "M. et Mme Pierre et Hélène Marchand".

Both readers read such a pair as one person at most. Where a signer's name stands in
the sender's text joined to one more given name ("Daniel and <Ruth Abernathy>", "<Robert>
and Grace <Chen>"), the other person is added next to it, as an individual with no
title or organization (the phrase gives none of their own). The added given name must
be one the models know as a given name (the lists the forms-of-address model ships),
so that "Peter and Paul Parish" or "Justice and Peace Commission" never reads as two
people, and never someone already on the roster.

A wife or husband named in full in a sentence that signs ("my wife Keiko Sato",
"her husband the Rev. Tom Birch", "y a su esposa, la hermana Marta Díaz") is added
the same way, after the signer named before the phrase: both readers pass such a
name by inside a sentence. A title and an organization written after the name as in
a one-line entry ("Dr. Sara Mir (Physician, Inova Fairfax Hospital)") are theirs; a
form of address that is a role ("my husband Pastor Dwayne Carter") is the title. Not
where the sentence declines or withdraws, nor where it goes on to say no of the person
("my husband John Roe does not wish to sign").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from intake.extract import entries, intent, names, vocab
from intake.extract.draft import same_person
from intake.extract.gates import Gate
from intake.extract.model import Capacity, Extraction, Kind, Signer
from intake.extract.text import sentences

REASON = "two people who share a surname read from one phrase"
SPOUSE = "a wife or husband named in the sender's words added"
_AND = r"\s+(?:and|&|\+|y|e|et|und|i|og|en|и|ve)\s+"
_GIVEN = r"(?P<given>[^\W\d_][^\W\d_'’-]*(?:-[^\W\d_]+)?)"


def apply(reading: Extraction, own: str, is_given: Callable[[str], bool]) -> Extraction:
    """``reading`` (a sign-on) with the other person of each "A and B Surname" phrase in
    ``own`` that names one of its signers, and each wife or husband named in full in a
    sentence that signs ("my wife Keiko Sato"); ``is_given``: whether a word is a given
    name."""
    if reading.kind is not Kind.SIGNATURE or not reading.signers or not own:
        return reading
    out = list(reading.signers)
    joins = _joins(own)
    for signer in reading.signers:
        found = _partner(signer, own, is_given, joins)
        if found is None:
            continue
        partner, before = found
        if any(same_person(partner.name, s.name) for s in out):
            continue
        at = out.index(signer)
        out.insert(at if before else at + 1, partner)
    reasons = reading.reasons if len(out) == len(reading.signers) else (*reading.reasons, REASON)
    for spouse, at in _spouses(own, is_given):
        if any(same_person(spouse.name, s.name) for s in out):
            continue
        out.insert(_after(out, own, at), spouse)
        reasons = (*reasons, SPOUSE)
    if len(out) == len(reading.signers):
        return reading
    return replace(reading, signers=tuple(out), reasons=reasons)


# "my wife Keiko Sato", "his wife, Dr. Sara Mir", "her husband the Rev. Tom Birch",
# "a su esposa, la hermana Marta Díaz", "e meu marido, Ricardo Pereira Neto".
_SPOUSE = re.compile(
    r"\b(?:my|his|her|mi|su|mon|ma|son|sa|mein|meine|sein|seine|ihr|ihre|mio|mia|suo|sua|"
    r"meu|minha|seu|sua)\s+(?:wife|husband|spouse|esposa|esposo|marido|mujer|femme|mari|"
    r"épouse|époux|frau|mann|ehefrau|ehemann|moglie|marito|mulher)\s*[,:–—-]?\s+"
    r"(?:is\s+|es\s+|é\s+)?(?P<rest>(?:(?!\n\s*\n).){1,100})",
    re.IGNORECASE | re.DOTALL,
)
_SPOUSE_GATE = Gate(_SPOUSE)
# Words that say no, in what the sentence goes on to say of the person named.
_NEGATION = re.compile(
    r"\b(?:not|never|no|nor|cannot|nicht|kein\w*|pas|jamais|non|não|nunca|tampoco|nie)\b|n[’']t\b",
    re.IGNORECASE,
)
# Where what is said of the person ends: the sentence, or a remark set off by a dash or
# a bracket ("Keiko Sato, Nurse -- her hospital doesn't allow its name").
_CLAUSE_END = re.compile(r"\s[-–—]+\s|[.!?\n(]")
# A name followed by its title and organization, as in a one-line entry: "Keiko Sato,
# Nurse", "Dr. Sara Mir (Physician, Inova Fairfax Hospital)" (what follows the name
# comes stripped, so it starts with the mark).
_ENTRY_AFTER = re.compile(r"^(?:,\s*\S|\()")
_ARTICLES = frozenset({"the", "la", "el", "le", "die", "der", "a", "o"})
_MAX_NAME = 5


def _spouses(own: str, is_given: Callable[[str], bool]) -> list[tuple[Signer, int]]:
    """Each wife or husband named in full after the word for one, in a sentence of
    ``own`` that neither declines nor withdraws, whose words right after the name say
    nothing negative ("my husband John Roe does not wish to sign"), with where the name
    stands. A form of address that is a role ("my husband Pastor Dwayne Carter") is the
    title."""
    if not _SPOUSE_GATE.may_match(own):
        return []
    found: list[tuple[Signer, int]] = []
    for match in _SPOUSE.finditer(own):
        found_name = _name_at(match.group("rest"))
        if found_name is None:
            continue
        written, after, written_raw, after_raw = found_name
        cleaned = names.clean_name(written)
        if cleaned is None or not names.looks_like_person(written):
            continue
        if not is_given(cleaned.name.split()[0]) or _NEGATION.search(_CLAUSE_END.split(after)[0]):
            continue
        acts = intent.read(own[match.start() : match.end()])
        if acts.declines or acts.withdrawals:
            continue
        typed = sentences(written_raw)[:1]
        entry = entries.parse(typed[0]) if typed and _ENTRY_AFTER.match(after_raw) else None
        if entry is None or entry.name != cleaned.name:
            entry = None
        title = (entry.title if entry else None) or cleaned.role
        organization = entry.organization if entry else None
        spouse = Signer(cleaned.name, title, organization, Capacity.INDIVIDUAL)
        found.append((spouse, match.start()))
    return found


# Each place a joining word ("and", "&", "y" ...) with its spaces starts in a text, with
# where it ends. A look-ahead, so that every start is found, joins next to each other too.
_JOIN = re.compile(rf"(?=({_AND}))")


def _joins(own: str) -> tuple[frozenset[int], frozenset[int]]:
    """Where the joining words of ``own`` start, and where they end (past their spaces)."""
    matches = list(_JOIN.finditer(own))
    return frozenset(m.start() for m in matches), frozenset(m.end(1) for m in matches)


def _partner(
    signer: Signer,
    own: str,
    is_given: Callable[[str], bool],
    joins: tuple[frozenset[int], frozenset[int]],
) -> tuple[Signer, bool] | None:
    """The person joined to ``signer`` in ``own``, and whether they are written first;
    ``joins``: where the joining words of ``own`` start and end (:func:`_joins`)."""
    parts = (signer.name or "").split()
    if len(parts) < 2 or parts[-1] not in own or not names.looks_like_person(signer.name or ""):
        return None
    # Both shapes put the signer's given name right after a joining word or right before
    # one. Where it stands next to none, neither can match: the two patterns, built for
    # this name and so compiled afresh for each message, are not needed.
    starts, ends = joins
    if not any(own.startswith(parts[0], end) for end in ends) and not any(
        own.endswith(parts[0], 0, start) for start in starts
    ):
        return None
    whole = r"\s+".join(re.escape(p) for p in parts)
    first, surname = re.escape(parts[0]), r"\s+".join(re.escape(p) for p in parts[1:])
    shapes = (  # "Daniel and <Ruth Abernathy>", "<Robert> and Grace <Chen>"
        (rf"(?<![\w'’.-]){_GIVEN}{_AND}{whole}(?![\w'’-])", True),
        (rf"(?<![\w'’.-]){first}{_AND}{_GIVEN}\s+{surname}(?![\w'’-])", False),
    )
    for pattern, before in shapes:
        for match in re.finditer(pattern, own):
            given = match.group("given")
            if given != parts[0] and _given_alone(own[: match.start("given")], given, is_given):
                name = " ".join([given, *parts[1:]])
                if names.looks_like_person(name):
                    return Signer(name, None, None, Capacity.INDIVIDUAL), before
    return None


def _given_alone(before: str, given: str, is_given: Callable[[str], bool]) -> bool:
    """``given`` is a capitalized given name that starts a name: no capitalized word of a
    name stands before it ("John Smith and Ruth Abernathy": "Smith" is no given name
    here), though a form of address may ("Mrs. Robert and Grace Chen")."""
    if not given[:1].isupper() or not is_given(given) or names.is_honorific_word(given):
        return False
    previous = before.split()[-1:]
    if not previous:
        return True
    word = previous[0]
    return not word[:1].isupper() or word.endswith(".") or names.is_honorific_word(word)


def _name_at(text: str) -> tuple[str, str, str, str] | None:
    """The name that ``text`` begins with, with its forms of address and past an article
    ("the Rev. Tom Birch, Rector" -> "Rev. Tom Birch"): capitalized words (and a name's
    particles) up to the first mark that ends it; the text after it; and both as typed,
    with the mark. None unless two words or more are left past the forms of address."""
    words = text.split()
    start = 0
    while start < len(words) and words[start].lower() in _ARTICLES:
        start += 1
    first = start
    address: list[str] = []
    while start < len(words) and len(address) < 3 and names.is_honorific_word(words[start]):
        address.append(words[start])
        start += 1
    taken: list[str] = []
    end = start
    for word in words[start : start + _MAX_NAME]:
        bare = word.rstrip(",;:)!?")
        if not bare or not (bare[:1].isupper() or (taken and bare.lower() in vocab.PARTICLES)):
            break
        ends = bare != word or (bare.endswith(".") and not names.is_initial(bare))
        taken.append(bare.rstrip(".") if ends else bare)
        end += 1
        if ends:
            break
    if len(taken) < 2:
        return None
    mark = words[end - 1][len(taken[-1]) :]
    rest = " ".join(words[end:])
    return " ".join(address + taken), rest, " ".join(words[first:]), f"{mark} {rest}".strip()


def _after(signers: list[Signer], own: str, at: int) -> int:
    """Where a person named at ``at`` in ``own`` goes: after the last signer whose name
    stands before it, or last."""
    place = len(signers)
    best = -1
    for index, signer in enumerate(signers):
        where = own.rfind(signer.name or "\0", 0, at) if signer.name else -1
        if where > best:
            best, place = where, index + 1
    return place
