"""Labelled blocks, tables and answers typed into a quoted call."""

from __future__ import annotations

from intake.extract import labels


def values(text: str) -> list[dict[str, str]]:
    return [g.values for g in labels.blocks(text.split("\n"))]


def test_label_wordings_and_separators() -> None:
    text = "Full name - Marcus A. Bell\nPosition - Senior Analyst\nAffiliation - X Institute"
    assert values(text) == [
        {"name": "Marcus A. Bell", "title": "Senior Analyst", "organization": "X Institute"}
    ]


def test_labels_in_other_languages() -> None:
    text = "Nombre: Ana López\nCargo: Coordinadora\nOrganización: Red Evangélica"
    assert values(text)[0]["organization"] == "Red Evangélica"
    assert labels.parse_line("Должность: Координатор") == ("title", "Координатор")
    assert labels.parse_line("氏名：山田太郎") == ("name", "山田太郎")


def test_empty_template_is_not_an_answer() -> None:
    text = "  Name:\n  Title:\n  Organization:\n  Signing as: organization / individual / both"
    assert values(text) == []


def test_repeated_label_starts_the_next_signer() -> None:
    text = "Name: A One\nTitle: Pastor\n\nName: B Two\nTitle: Elder"
    assert [v["name"] for v in values(text)] == ["A One", "B Two"]


def test_fields_after_commas_on_one_line() -> None:
    text = "Name: Ana Ruiz, Title: Pastor, Organization: Iglesia Vida, Signing as: both"
    assert values(text) == [
        {"name": "Ana Ruiz", "title": "Pastor", "organization": "Iglesia Vida", "capacity": "both"}
    ]
    # a comma inside a value is no field break when what follows is no label
    assert values("Title: Director, Office of Peace: East\nName: Jo Doe") == [
        {"title": "Director, Office of Peace: East", "name": "Jo Doe"}
    ]


def test_several_fields_on_one_line() -> None:
    text = "Name: Hélène Girard; Title: Secretary General; Organization: IADRM"
    assert values(text) == [
        {"name": "Hélène Girard", "title": "Secretary General", "organization": "IADRM"}
    ]


def test_wrapped_value_goes_on() -> None:
    text = "Name: Jo Ray\nTitle: Director for Advocacy\nand Relations\nOrganization: CEC"
    assert values(text)[0]["title"] == "Director for Advocacy and Relations"


def test_table_rows_and_ditto() -> None:
    text = "Name\tTitle\tOrganization\nRev. A B\tPastor\tGrace Church\nC D\tElder\t(same)"
    groups = labels.table(text.split("\n"))
    labels.fill_dittos(groups)
    assert [g.values["organization"] for g in groups] == ["Grace Church", "Grace Church"]


def test_answers_typed_under_quoted_labels() -> None:
    text = (
        "My answers below.\n\n> Name:\nHassan Rahimi\n> Title:\nChair\n> Organization:\nGDSN (UK)"
    )
    groups = labels.inline_answers(text)
    assert groups[0].values == {
        "name": "Hassan Rahimi",
        "title": "Chair",
        "organization": "GDSN (UK)",
    }


def test_filled_quoted_labels_are_someone_elses() -> None:
    text = "+1, add me too\n\n> Name: Bob Lee\n> Title: Pastor\nKaren Wu"
    assert labels.inline_answers(text) == []


def test_value_typed_under_its_label_is_read_once() -> None:
    text = "Name:\nJane Doe\nTitle:\nPastor\nOrganization:\nFirst Church"
    assert values(text) == [{"name": "Jane Doe", "title": "Pastor", "organization": "First Church"}]


def test_web_form_labels_over_values() -> None:
    text = (
        "Full Name\nAda Obi\n\nEmail\nada@example.org\n\nTitle / Position\nProgramme Officer\n\n"
        "Organization\nPrison Fellowship\n\nSigning as\nIndividual\n\nComments\nThanks."
    )
    assert values(text) == [
        {
            "name": "Ada Obi",
            "title": "Programme Officer",
            "organization": "Prison Fellowship",
            "capacity": "Individual",
        }
    ]


def test_answer_typed_after_the_template_options() -> None:
    line = "Signing as: organization / individual / both   --> both (the church and myself)"
    assert labels.parse_line(line) == ("capacity", "both (the church and myself)")
    assert labels.parse_line("Signing as: organization / individual / both") == ("capacity", "")


def test_a_dash_answer_means_none() -> None:
    assert labels.parse_line("Position: -") == ("title", "none")


def test_unknown_label_with_a_capacity_answer() -> None:
    assert labels.parse_line("Firmo como: individual") == ("capacity", "individual")
    assert labels.parse_line("Comments: individual") is None


def test_arabic_labels_with_the_article() -> None:
    assert labels.parse_line("الصفة: كاهن الرعية") == ("title", "كاهن الرعية")
    assert labels.parse_line("المؤسسة: رعية مار توما")[0] == "organization"  # type: ignore[index]


def test_unread_labels_next_to_read_ones() -> None:
    lines = ["Name: Jane Doe", "Rank: Elder", "Organization: First Church", "Phone: 555 0101"]
    assert labels.unread_labels(lines) == 1
    assert labels.unread_labels(["Name: Jane Doe", "Submitted: 18/09/2024 21:04"]) == 0
