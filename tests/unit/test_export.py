"""The letter-ready list in every format, read back by its own reader and compared."""

from __future__ import annotations

import csv
import io
import json

import docx
import lxml.html
import pytest

from intake.errors import ConfigError
from intake.export import NOTE, Letter, Unresolved, build_letter, check_format, check_sort, render
from intake.export.names import person_key
from intake.extract import Capacity
from intake.store import SignerRecord

IND, ORG, BOTH = Capacity.INDIVIDUAL, Capacity.ORGANIZATION, Capacity.BOTH


def rec(
    id: int,
    name: str | None,
    title: str | None = None,
    org: str | None = None,
    capacity: Capacity = IND,
    status: str = "active",
    late: bool = False,
) -> SignerRecord:
    return SignerRecord(id, name, title, org, capacity, f"s{id}@example.org", status, late)


RECORDS = [
    rec(1, "Jane Smith", "Director", "Center for Conscience"),
    rec(2, None, None, "The Interfaith Alliance", ORG),
    rec(3, "Ji-woo Han", "Executive Director", "Bright Moon Buddhist Alliance", BOTH),
    rec(4, "Vincent van Gogh", None, "Zundert Chapel"),
    rec(5, "Zeynep Çelik-Öztürk", "Research Fellow", "Alevi Center"),
    rec(6, "Tom Gone", "Elder", "First Church", status="withdrawn"),
    rec(7, "Larry Late", "Imam", "Masjid", late=True),
    rec(8, None, None, "Bright Moon Buddhist Alliance", ORG),  # the same organization again
    rec(9, "Amina Al-Yacoubi", "Scholar", "Al-Noor Institute"),
    rec(10, "Rev. Ana de la Cruz", "Pastor", "Iglesia [San] *Pablo*"),
    rec(11, "韓智宇", None, None),
]
ORGS = ["Bright Moon Buddhist Alliance", "The Interfaith Alliance"]
PEOPLE = [
    "Zeynep Çelik-Öztürk, Research Fellow, Alevi Center",
    "Rev. Ana de la Cruz, Pastor, Iglesia [San] *Pablo*",
    "Vincent van Gogh, Zundert Chapel",
    "Ji-woo Han, Executive Director, Bright Moon Buddhist Alliance",
    "Jane Smith, Director, Center for Conscience",
    "Amina Al-Yacoubi, Scholar, Al-Noor Institute",
    "韓智宇",
]
REVIEW = [Unresolved(4, "Veronia <v@x.example>", "Question", "question: needs an answer")]


@pytest.fixture
def letter() -> Letter:
    return build_letter("Letter", RECORDS, "last-name", REVIEW)


def test_sections_leave_out_withdrawn_and_late_and_list_an_organization_once(
    letter: Letter,
) -> None:
    assert [o.name for o in letter.organizations] == ORGS
    assert [p.line() for p in letter.individuals] == PEOPLE
    assert letter.count == 9


def test_last_name_sort_handles_particles_accents_articles_and_other_scripts() -> None:
    names = ["Amina Al-Yacoubi", "Vincent van Gogh", "Zeynep Çelik-Öztürk", "韓智宇", "Ana Cruz"]
    assert sorted(names, key=person_key) == [
        "Zeynep Çelik-Öztürk",
        "Ana Cruz",
        "Vincent van Gogh",
        "Amina Al-Yacoubi",
        "韓智宇",
    ]


def test_sort_by_organization_and_by_arrival() -> None:
    by_org = build_letter("Letter", RECORDS, "organization")
    assert [p.organization for p in by_org.individuals][:3] == [
        "Al-Noor Institute",
        "Alevi Center",
        "Bright Moon Buddhist Alliance",
    ]
    assert by_org.individuals[-1].organization == ""  # no organization: last
    by_arrival = build_letter("Letter", RECORDS, "arrival")
    assert [p.signer_id for p in by_arrival.individuals] == [1, 3, 4, 5, 9, 10, 11]
    assert [o.signer_id for o in by_arrival.organizations] == [2, 3]


def test_csv_reads_back(letter: Letter) -> None:
    data = render(letter, "csv")
    assert data.startswith(b"\xef\xbb\xbf")  # a BOM, so spreadsheet programs read UTF-8
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [r["organization"] for r in rows if r["section"] == "organization"] == ORGS
    people = [r for r in rows if r["section"] == "individual"]
    assert [
        ", ".join(v for v in (r["name"], r["title"], r["organization"]) if v) for r in people
    ] == PEOPLE
    assert people[0]["email"] == "s5@example.org"
    (review,) = [r for r in rows if r["section"] == "unresolved"]
    assert review["note"] == "#4 Veronia <v@x.example> (Question): question: needs an answer"


def test_json_reads_back(letter: Letter) -> None:
    data = json.loads(render(letter, "json"))
    assert data["note"] == NOTE and data["campaign"] == "Letter"
    assert [o["name"] for o in data["organizations"]] == ORGS
    assert [p["name"] for p in data["individuals"]][:2] == [
        "Zeynep Çelik-Öztürk",
        "Rev. Ana de la Cruz",
    ]
    assert data["unresolved"] == [
        {
            "id": 4,
            "sender": "Veronia <v@x.example>",
            "subject": "Question",
            "reason": "question: needs an answer",
        }
    ]
    assert "unresolved" not in json.loads(render(build_letter("L", RECORDS), "json"))


def test_markdown_reads_back(letter: Letter) -> None:
    text = render(letter, "markdown").decode("utf-8")
    lines = text.splitlines()
    assert lines[0] == "# Signatories: Letter"
    orgs = lines[lines.index("## Organizations (2)") + 2 : lines.index("## Individuals (7)") - 1]
    assert orgs == [f"- {o}" for o in ORGS]
    start = lines.index("## Individuals (7)")
    assert lines[start + 2] == f"*{NOTE}*"
    people = [line[2:] for line in lines[start + 4 : start + 4 + 7]]
    assert people[1] == r"Rev. Ana de la Cruz, Pastor, Iglesia \[San\] \*Pablo\*"  # escaped
    assert [p.replace("\\", "") for p in people] == PEOPLE
    assert lines[-1] == r"- \#4 Veronia \<v@x.example\> (Question): question: needs an answer"


def test_html_reads_back(letter: Letter) -> None:
    tree = lxml.html.fromstring(render(letter, "html"))
    headings = [h.text_content() for h in tree.iter("h2")]
    assert headings == ["Organizations (2)", "Individuals (7)", "Unresolved in review (1)"]
    paragraphs = [p.text_content() for p in tree.iter("p")]
    assert paragraphs[:2] == ORGS and paragraphs[2] == NOTE
    assert paragraphs[3:10] == PEOPLE


def test_docx_reads_back(letter: Letter) -> None:
    document = docx.Document(io.BytesIO(render(letter, "docx")))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    assert paragraphs[0] == ("Heading 1", "Signatories: Letter")
    assert paragraphs[1:4] == [("Heading 2", "Organizations (2)"), *[("Normal", o) for o in ORGS]]
    assert paragraphs[4] == ("Heading 2", "Individuals (7)")
    assert paragraphs[5][1] == NOTE and document.paragraphs[5].runs[0].italic
    assert [text for _, text in paragraphs[6:13]] == PEOPLE
    assert paragraphs[13] == ("Heading 2", "Unresolved in review (1)")


def test_empty_list_still_has_its_sections() -> None:
    empty = build_letter("Letter", [])
    text = render(empty, "markdown").decode()
    assert "## Organizations (0)" in text and "(none yet)" in text
    assert json.loads(render(empty, "json"))["individuals"] == []


def test_formats_and_sorts_are_checked() -> None:
    assert check_format("md") == "markdown" and check_format(".docx") == "docx"
    with pytest.raises(ConfigError, match="xlsx is not offered"):
        check_format("xlsx")
    with pytest.raises(ConfigError, match="unknown format 'pdf'"):
        check_format("pdf")
    assert check_sort("arrival") == "arrival"
    with pytest.raises(ConfigError, match="unknown sort 'surname'"):
        check_sort("surname")
