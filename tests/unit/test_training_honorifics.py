"""Learning the words written before names (training.honorifics) on messages built here."""

from __future__ import annotations

from email.message import EmailMessage

from intake.extract import ExtractContext
from intake.extract.model import Extraction, Kind, Signer
from training import examples, honorifics

CONTEXT = ExtractContext(own_addresses=frozenset({"coordinator@campaign.example"}))


def _example(n: int, body: str, name: str) -> examples.Example:
    mail = EmailMessage()
    mail["From"] = f"Sender {n} <s{n}@example.org>"
    mail["To"] = "coordinator@campaign.example"
    mail["Subject"] = "Re: Sign-on"
    mail["Message-ID"] = f"<m{n}@example.org>"
    mail.set_content(body)
    signer = {"name": name, "title": None, "organization": None, "capacity": "individual"}
    want = {"kind": "signature", "signers": [signer]}
    return examples.example(f"t/{n}", "t", mail.as_bytes(), want, CONTEXT)


def test_a_word_before_names_and_never_in_one_is_learned() -> None:
    found = [
        _example(1, "Please add Rebbetzin Devorah Katz to the letter.", "Devorah Katz"),
        _example(2, "Sign me up.\n\nRebbetzin Leah Stern", "Leah Stern"),
        _example(3, "Please add Grace Adler. Thanks, Miriam", "Grace Adler"),
        _example(4, "Count in Grace Lee, and Oberon Smith", "Grace Lee"),
        _example(5, "Add Oberon Ruiz please.", "Oberon Ruiz"),
        _example(6, "Sign for Geshe Lobsang Tenzin, please.", "Lobsang Tenzin"),
        _example(7, "Please add Don Tenzin Dorje.", "Tenzin Dorje"),
    ]
    words = honorifics.learn(found)["words"]
    assert "rebbetzin" in words  # before a name in two messages, never in one
    assert "add" in words  # "add Grace Adler", "Add Oberon Ruiz": not a name's either
    assert "in" in words and "geshe" in words  # in one message, and no one's given name
    assert "don" not in words  # in one message, and someone's given name
    assert "and" not in words  # "and Oberon Smith": Oberon Smith is no labelled name
    assert "grace" not in words and "oberon" not in words  # parts of labelled names


def test_the_honorifics_model_learns_from_labels_and_from_names_read() -> None:
    example = _example(8, "Sign me up.\n\nPasteure Marthe Ebongue", "Marthe Ebongue")
    rows = honorifics.label_rows(example)
    assert [label for _, label in rows] == [honorifics.NAME, honorifics.HONORIFIC]
    assert "start4:mart" in rows[0][0] and "start4:past" in rows[1][0]
    read = Extraction(Kind.SIGNATURE, (Signer("Pasteure Marthe Ebongue"), Signer("Marthe Ebongue")))
    rows = honorifics.read_rows(example, read)
    assert [label for _, label in rows] == [honorifics.HONORIFIC, honorifics.NAME]
    assert "rest:2" in rows[0][0] and "rest:1" in rows[1][0]
    other = _example(9, "Add Pasteure Ruth Ekane, please.", "Ruth Ekane")
    document = honorifics.learn([example, other], rows)
    assert document["model"]["classes"] == [honorifics.HONORIFIC, honorifics.NAME]
    assert "marthe" in document["given"]  # a labelled name's first word is a given name
    assert "pasteure" not in document["given"] and "pasteure" in document["words"]
    assert "model" not in honorifics.learn([example, other])
