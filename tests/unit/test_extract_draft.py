"""Drafts: merging readings of one signer, and the printed form."""

from __future__ import annotations

from intake.extract import draft, names
from intake.extract.draft import Draft
from intake.extract.model import Capacity
from intake.extract.notes import without_notes


def test_role_honorific_is_the_title_when_none_is_given() -> None:
    assert Draft(name="Dwayne Carter", role="Pastor").final().title == "Pastor"
    assert (
        Draft(name="Miriam Feld", title="Senior Rabbi", role="Rabbi").final().title
        == "Senior Rabbi"
    )


def test_none_values_print_as_null() -> None:
    signer = Draft(name="Jo Bee", title="N/A", organization="none").final()
    assert (signer.title, signer.organization) == (None, None)


def test_none_in_other_words_and_languages_with_a_remark_prints_as_null() -> None:
    for value in ("no aplica (soy voluntaria)", "não se aplica", "none, I just volunteer", "Aucun"):
        assert draft.printed(value) is None, value
    for value in ("No Borders Network", "Nonesuch Trust", "Keinerlei Verein"):
        assert draft.printed(value) == value


def test_a_question_mark_ends_the_question_not_the_title() -> None:
    assert draft.printed("Senior Pastor?") == "Senior Pastor"
    assert draft.printed('Director of Outreach"?') == "Director of Outreach"
    assert draft.printed("Why Not? Foundation") == "Why Not? Foundation"


def test_all_caps_organization_is_recased() -> None:
    assert (
        Draft(name="Jo Bee", organization="FIRST AME CHURCH").final().organization
        == "First AME Church"
    )


def test_an_organization_that_is_one_word_in_capitals_is_its_acronym() -> None:
    assert Draft(name="Jo Bee", organization="GIPI").final().organization == "GIPI"
    assert Draft(name="Jo Bee", title="PASTOR").final().title == "Pastor"
    assert draft.printed("NCJP", organization=True) == "NCJP"
    assert draft.printed("GRACE CHURCH", organization=True) == "Grace Church"


def test_no_name_means_organization_capacity() -> None:
    assert (
        Draft(organization="Hope Fund", capacity=Capacity.BOTH).final().capacity
        is Capacity.ORGANIZATION
    )


def test_same_person_and_same_org() -> None:
    assert draft.same_person("Siobhán O’Reilly", "Siobhan O'Reilly")
    assert draft.same_person("F. Dupré", "Françoise Dupré")
    assert not draft.same_person("Ann Lee", "Bob Lee")
    # a couple who share a surname and an initial are two people
    assert not draft.same_person("Andrei Sokolov", "Anna Sokolov")
    assert draft.same_person("Chris Lee", "Christopher Lee")  # a short form
    assert draft.same_person("Rev. Robert Chen", "Robert Chen")  # honorifics aside
    assert draft.same_person("Dr. Jane Doe", "Jane Doe")
    assert draft.same_org("the Coalition", "Coalition for Conscience in the Middle East")


def test_not_listed() -> None:
    assert draft.not_listed("please do not list my title or the Council") == {
        "title",
        "organization",
    }
    assert draft.not_listed("just my name please") == {"title", "organization"}
    assert draft.not_listed("Please add me.") == set()


def test_ditto() -> None:
    before = Draft(name="A B", organization="Grace Church")
    assert (
        draft.ditto(Draft(name="C D", organization="(same)"), before).organization == "Grace Church"
    )


def test_leave_off_and_signatory_wording() -> None:
    assert draft.not_listed("Please leave off the hospital's name.") == {"organization"}
    assert (
        draft.not_listed("Please do not list it as a signatory, but the affiliation may appear.")
        == set()
    )
    assert draft.not_listed("Please remove my name from the Iran letter.") == set()
    assert draft.not_listed("please don't list any job title for me") == {"title"}


def test_fields_the_sender_words_themselves() -> None:
    assert draft.listed_as("You can list my title as Hospital Chaplain, but not the hospital.") == {
        "title": "Hospital Chaplain"
    }
    assert draft.listed_as("title and org for ID only please: Rabbi, Temple Sinai.") == {
        "title": "Rabbi",
        "organization": "Temple Sinai",
    }


def test_abbreviated_surnames_are_the_same_person() -> None:
    assert draft.same_person("Naomi F-L", "Naomi Fairweather-Lutz")
    assert draft.same_person("Naomi F.", "Naomi Fairweather-Lutz")
    assert not draft.same_person("Naomi Fox", "Naomi Fairweather")


def test_our_confirmation_prints_missing_values_as_none() -> None:
    assert draft.field_value("(none)") is None
    assert draft.field_value("(none: the organization signs)") is None
    assert draft.field_value("Nonesuch Church") == "Nonesuch Church"


def test_notes_after_a_value_are_not_part_of_it() -> None:
    assert without_notes("Diocese of St Albans (for identification only)") == "Diocese of St Albans"
    assert without_notes("Senior Pastor - Individual") == "Senior Pastor"
    assert (
        without_notes("Tokyo Student Interfaith Forum individual")
        == "Tokyo Student Interfaith Forum"
    )
    assert without_notes("Hope Network Email: jo@hope.example") == "Hope Network"
    for note in ("(ter identificatie)", "(zur Identifikation)", "(для идентификации)"):
        assert without_notes(f"Kerk van Zeist {note}") == "Kerk van Zeist", note
    assert (
        without_notes("Center for Buddhist Studies (affiliation for")
        == "Center for Buddhist Studies"
    )


def test_parentheses_and_words_that_belong_to_a_name_stay() -> None:
    for kept in (
        "St. Nicholas Orthodox Church (OCA)",
        "Suara Merdeka (Kuala Lumpur)",
        "Center for the Individual and Society",
        "Institute for Both Sides",
        "Individual",
    ):
        assert without_notes(kept) == kept


def test_a_remark_in_brackets_after_a_name_is_no_part_of_it() -> None:
    def name(raw: str) -> str | None:
        found = names.clean_name(raw)
        return found.name if found else None

    assert name("Suparmi (I only have one name, it is normal in Java)") == "Suparmi"
    assert name("박지훈 (in English: Park Ji-hoon, if you need it)") == "박지훈"
    assert name("Sutrisno (only one name, no family name") == "Sutrisno"  # left open
    assert name("Anna Kim (she/her)") == "Anna Kim"
    # another spelling or script, a particle, or what is not prose stays (as typed)
    assert (
        name("Bo [link=http://evil.example]x[/link] Li")
        == "Bo [link=http://evil.example]x[/link] Li"
    )
    assert name("Jo Lee(please use my full name)") == "Jo Lee(please use my full name)"
    assert name("Ιερώνυμος (Ieronymos)") == "Ιερώνυμος (Ieronymos)"
    assert name("Juan (de la Cruz)") == "Juan (de la Cruz)"
    assert name("Rajesh Sharma (राजेश शर्मा)") == "Rajesh Sharma (राजेश शर्मा)"


def test_a_value_that_runs_on_into_the_next_sentence_ends_at_its_full_stop() -> None:
    assert (
        draft.printed("Iglesia Bautista Monte Sion de Maracay. Bendiciones")
        == "Iglesia Bautista Monte Sion de Maracay"
    )
    assert draft.printed("Hmong Christian Alliance of Minnesota. I'm") == (
        "Hmong Christian Alliance of Minnesota"
    )
    for value in (  # abbreviations and short words end nothing
        "St. Mark Coptic Orthodox Church",
        "Parafia św. Wojciecha w Gnieźnie",
        "Храм Покрова Пресвятой Богородицы, г. Тверь",
        "Women's Interfaith Network, Inc. (WINDS)",
    ):
        assert draft.printed(value) == value


def test_a_value_read_on_past_its_parenthesis_ends_where_the_parenthesis_closed() -> None:
    assert (
        draft.printed("St. Andrew Kim Catholic Church) and my wife Keiko Sato, Nurse")
        == "St. Andrew Kim Catholic Church"
    )
    assert draft.printed("Seoul Hope Church (서울소망교회)") == "Seoul Hope Church (서울소망교회)"
