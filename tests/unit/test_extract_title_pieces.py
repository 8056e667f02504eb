"""Names that are pieces of another signer's title (intake.extract.title_pieces)."""

from __future__ import annotations

from intake.extract import title_pieces
from intake.extract.model import Extraction, Kind, Signer


def _reading(*signers: Signer) -> Extraction:
    return Extraction(Kind.SIGNATURE, signers, 0.9, ("read",))


def test_a_name_cut_from_the_end_of_another_signers_title_is_no_signer() -> None:
    lecturer = Signer("Chioma Nwosu", "Senior Lecturer in Religion and Cultural Studies", "UNN")
    archbishop = Signer("Mathewos", "Archbishop of the Diocese of East Shewa", "EOTC")
    reading = _reading(
        lecturer,
        Signer("Cultural Studies", None, "UNN"),
        archbishop,
        Signer("East Shewa", None, "EOTC"),
        Signer("Responsabile Advocacy", None, "Rete"),  # another's whole title
        Signer("Rosaria Caputo", "Responsabile Advocacy", "Rete"),
    )
    got = title_pieces.apply(reading)
    assert [s.name for s in got.signers] == ["Chioma Nwosu", "Mathewos", "Rosaria Caputo"]
    assert got.reasons == ("read", title_pieces.REASON)


def test_people_a_title_names_and_a_signers_own_title_stay() -> None:
    reading = _reading(
        Signer("Ruth Ansah", "Executive Assistant to Bishop John Mensah", "Diocese of Accra"),
        Signer("John Mensah", "Bishop", "Diocese of Accra"),  # named after "to": may sign
        Signer("Ana Lima", "Friend of Ana Lima's family"),  # only her own title has her name
    )
    assert title_pieces.apply(reading) == reading
    alone = _reading(Signer("Outreach Lead", "Outreach Lead"))
    assert title_pieces.apply(alone) == alone
    smith = _reading(Signer("Jo Smith", "Professor of History"), Signer("Historyk Smith"))
    assert title_pieces.apply(smith) == smith  # a word that only begins the same
