"""Names as the letter prints them; what a short phrase is."""

from __future__ import annotations

import pytest

from intake.extract import names


@pytest.mark.parametrize(
    ("raw", "printed", "role"),
    [
        ("Dr. Anne Kowalski", "Anne Kowalski", None),
        ("The Most Rev. Dr. Anthony Mensah", "Anthony Mensah", None),
        ("Rev. Dr. Samuel K. Boateng", "Samuel K. Boateng", None),
        ("Fr. Luis Ortega, SJ", "Luis Ortega", None),
        ("Sr. Mary Catherine Doyle, RSM", "Mary Catherine Doyle", None),
        ("Robert Ellis Jr., Ph.D., J.D.", "Robert Ellis Jr.", None),
        ("Imam Yusuf Abdullah", "Yusuf Abdullah", "Imam"),
        ("Pastor Dwayne Carter", "Dwayne Carter", "Pastor"),
        ("His Grace Archbishop John Ode", "John Ode", "Archbishop"),
        ("JOHN O'NEILL", "John O'Neill", None),
        ("mary mcdonald", "Mary McDonald", None),
        ("Jan-Willem van der Berg", "Jan-Willem van der Berg", None),
        ("Grace Ndlovu", "Grace Ndlovu", None),
        ("فرهاد نوروزي", "فرهاد نوروزي", None),
    ],
)
def test_clean_name(raw: str, printed: str, role: str | None) -> None:
    cleaned = names.clean_name(raw)
    assert cleaned is not None
    assert cleaned.name == printed
    assert cleaned.role == role


@pytest.mark.parametrize(
    "text",
    ["Jane Doe", "Samuel K. Boateng", "Kathleen O’Brien", "山田太郎", "Ольга Смирнова"],
)
def test_looks_like_person(text: str) -> None:
    assert names.looks_like_person(text)


@pytest.mark.parametrize(
    "text",
    [
        "Grace Fellowship Church Office",
        "The Board of Directors",
        "Senior Pastor",
        "Thanks Laura",
        "as an individual",
        "Glendale, California",
        'Use "Aaron Feldman',
        "I'm Peter Haddad",
        "Kwame Asante Senior Pastor",
    ],
)
def test_not_a_person(text: str) -> None:
    assert not names.looks_like_person(text)


def test_from_display_turns_last_first_around() -> None:
    assert names.from_display("Okafor, Chinedu") == "Chinedu Okafor"
    assert names.from_display("Ellis Jr., Robert") == "Robert Ellis Jr."
    assert names.from_display("Rabbi Miriam Feld") == "Miriam Feld"


def test_from_display_refuses_shared_mailboxes() -> None:
    assert names.from_display("Covenant House of Prayer") is None
    assert names.from_display("Jessica | Web Solutions") is None


def test_normal_case_keeps_short_acronyms() -> None:
    assert names.normal_case("FIRST AME CHURCH OF BALTIMORE") == "First AME Church of Baltimore"
    assert names.normal_case("Mixed Case Stays") == "Mixed Case Stays"


def test_normal_case_keeps_a_short_form_in_brackets_and_capitals_after_a_bracket() -> None:
    typed = "YOUTH COUNCIL OF NIGERIA (YCNG), (LAGOS CHAPTER)"
    assert names.normal_case(typed) == "Youth Council of Nigeria (YCNG), (Lagos Chapter)"
    assert names.fix_case("joseph (joe) mbatha") == "Joseph (Joe) Mbatha"


def test_scores_tell_roles_from_organizations() -> None:
    assert names.title_score("Professor of Religious Studies") > names.org_score(
        "Professor of Religious Studies"
    )
    assert names.org_score("Hope Forward Foundation") > names.title_score("Hope Forward Foundation")


def test_is_place() -> None:
    assert names.is_place("Portland, Oregon")
    assert names.is_place("San Antonio, TX")
    assert not names.is_place("Pastor, Elm Street Church")


@pytest.mark.parametrize(
    ("raw", "printed"),
    [
        ("Chaplain Deborah Lindqvist, M.Div., BCC", "Deborah Lindqvist"),
        ("Dr Helen Marchetti-Boyd FHEA", "Helen Marchetti-Boyd"),
        ("Rehan Mubashir Ahmad MRCP", "Rehan Mubashir Ahmad"),
        ("Sarah Johnson PhD", "Sarah Johnson"),
        ("THADDEUS L. MOORE SR.", "Thaddeus L. Moore Sr."),
        ("Jean DUPONT", "Jean DUPONT"),
        ("الأب يوحنا الحداد", "يوحنا الحداد"),
        ("Hna. María del Carmen Ruiz", "María del Carmen Ruiz"),
        ("Archimandrite Kyrill Demetriou", "Kyrill Demetriou"),
        ("Протоиерей Олег Смирнов", "Олег Смирнов"),
        ("Alhaji Musa Danladi", "Musa Danladi"),
        ("Dame Evelyn Hart", "Evelyn Hart"),
        ("Sr. Teresa Mendoza SSpS", "Teresa Mendoza"),
    ],
)
def test_letters_and_forms_of_address_come_off(raw: str, printed: str) -> None:
    cleaned = names.clean_name(raw)
    assert cleaned is not None and cleaned.name == printed


def test_initials_and_short_surnames_are_names() -> None:
    assert names.looks_like_person("Reginald A. Coleman III")
    assert names.looks_like_person("Nou Her")
    assert not names.looks_like_person("Obispo de Villa Esperanza")
    assert not names.looks_like_person("Ev.-Luth. Kirchenkreis Nordheide")


def test_a_name_with_letters_is_no_place() -> None:
    assert names.is_place("Portland, Oregon")
    assert not names.is_place("Hannah Okonkwo-Reid, MSW")


def test_possessive_keeps_a_small_s() -> None:
    assert names.normal_case("ST. MARY'S PARISH") == "St. Mary's Parish"
    assert names.fix_case("JOHN O'NEIL") == "John O'Neil"
