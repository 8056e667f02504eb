"""The whole reader on small messages built here (never copies of corpus files)."""

from __future__ import annotations

from email.message import EmailMessage

from intake.assess.plan import Policy
from intake.extract import ExtractContext, Extraction, Kind, extract, pipeline
from intake.extract.model import Capacity
from intake.message import parse

OURS = "coordinator@campaign.example"
CONTEXT = ExtractContext(own_addresses=frozenset({OURS}))


def read(
    body: str | None,
    sender: str = "Jane Doe <jane@example.org>",
    subject: str = "Re: Sign-on letter",
    html: str | None = None,
    headers: dict[str, str] | None = None,
    raw: bool = False,
) -> Extraction:
    """The reading of a message with ``body``; ``raw``: the rules' own score, uncalibrated."""
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = OURS
    msg["Subject"] = subject
    msg["Message-ID"] = "<t1@example.org>"
    for key, value in (headers or {}).items():
        msg[key] = value
    if body is not None:
        msg.set_content(body)
    if html is not None:
        if body is None:
            msg.set_content(html, subtype="html")
        else:
            msg.add_alternative(html, subtype="html")
    return (pipeline.read if raw else extract)(parse(msg.as_bytes()), CONTEXT)


def fields(extraction: Extraction) -> list[tuple[str | None, str | None, str | None, str]]:
    return [(s.name, s.title, s.organization, s.capacity.value) for s in extraction.signers]


def test_name_only_from_the_from_header() -> None:
    got = read("Please add my name.", sender="Thomas Whit <tw@example.org>")
    assert got.kind is Kind.SIGNATURE
    assert fields(got) == [("Thomas Whit", None, None, "individual")]
    assert "name only from From header" in got.reasons


def test_signature_block_after_sign_off() -> None:
    got = read(
        "Please add my name.\n\nThanks,\nLaura\n\nLaura Bent\nPolicy Director\nFaith Institute",
        raw=True,
    )
    assert fields(got) == [("Laura Bent", "Policy Director", "Faith Institute", "individual")]
    assert got.confidence >= 0.7


_FOR_THE_BOSS = (
    "On behalf of Bishop Dan Reyes, President of the Hispanic Alliance, please add his name.\n"
    "He signs both personally and on behalf of the Alliance.\n\n"
    "Linda Park\nExecutive Assistant\nHispanic Alliance"
)


def test_assistant_writing_for_the_boss_is_reviewed_when_the_readers_differ() -> None:
    got = read(_FOR_THE_BOSS, sender="Linda Park <lp@example.org>")
    raw = read(_FOR_THE_BOSS, sender="Linda Park <lp@example.org>", raw=True)
    assert fields(raw) == [("Dan Reyes", "President", "Hispanic Alliance", "both")]
    if fields(got) != fields(raw):  # the tagger reads the assistant's signature block
        assert got.confidence < Policy().review_threshold


def test_assistant_writes_for_the_boss() -> None:
    got = read(_FOR_THE_BOSS, sender="Linda Park <lp@example.org>")
    assert fields(got) == [("Dan Reyes", "President", "Hispanic Alliance", "both")]


def test_shared_office_mailbox_is_not_the_signer() -> None:
    body = (
        "Pastor Mark Ell asked me to add his name. "
        "Please list him as Mark Ell, Senior Pastor, Grace Church."
    )
    got = read(body, sender="Grace Church Office <office@example.org>")
    assert fields(got) == [("Mark Ell", "Senior Pastor", "Grace Church", "individual")]


def test_organization_signs_with_no_person() -> None:
    got = read("Count us in! Please list us as:\n\nCircle of Friends Fellowship\n\nThe committee")
    assert fields(got) == [(None, None, "Circle of Friends Fellowship", "organization")]


def test_html_only_table_with_ditto() -> None:
    html = (
        "<p>Our signatures:</p><table><tr><th>Name</th><th>Title</th><th>Organization</th></tr>"
        "<tr><td>Rev. Ann Lee</td><td>Pastor</td><td>Grace&nbsp;Church</td></tr>"
        "<tr><td>Bob Kim</td><td>Elder</td><td>(same)</td></tr></table>"
    )
    got = read(None, html=html)
    assert fields(got) == [
        ("Ann Lee", "Pastor", "Grace Church", "individual"),
        ("Bob Kim", "Elder", "Grace Church", "individual"),
    ]


def test_question_when_signing_is_deferred() -> None:
    got = read(
        "We expect to sign after our board meets.\n\nRev. Di Shaw\nDirector\nPeace Fellowship"
    )
    assert got.kind is Kind.QUESTION
    assert got.signers == ()


def test_correction_keeps_the_unchanged_fields_of_the_record() -> None:
    body = (
        "One correction: my title is Senior Pastor, not Pastor.\n\n"
        f"On Jun 18, 2020, Sign-on desk <{OURS}> wrote:\n"
        "> Dear Tim Wu,\n> We have recorded:\n>   Name: Tim Wu\n>   Title: Pastor\n"
        ">   Organization: Bay Church\n>   Signing as: both\n"
    )
    got = read(body, sender="Tim Wu <tw@example.org>")
    assert got.kind is Kind.CORRECTION
    assert fields(got) == [("Tim Wu", "Senior Pastor", "Bay Church", "both")]


def test_withdrawal_identity_from_the_quoted_record() -> None:
    body = (
        "Please take me off. Thanks.\n\n"
        f"On Jun 17, 2020, Sign-on desk <{OURS}> wrote:\n"
        "> Dear Gregory Lyle,\n> We have recorded:\n>   Name: Gregory Lyle\n>   Title: Pastor\n"
        ">   Organization: North Church\n>   Signing as: individual\n"
    )
    got = read(body, sender="Greg Lyle <gl@example.org>")
    assert got.kind is Kind.WITHDRAWAL
    assert fields(got) == [("Gregory Lyle", "Pastor", "North Church", "individual")]


def test_withdrawal_of_someone_else() -> None:
    body = "Rev. Maria Gonz (Chaplain, Westbrook College) has asked to be removed from the letter."
    got = read(body, sender="Hannah Lee <hl@example.org>")
    assert fields(got) == [("Maria Gonz", "Chaplain", "Westbrook College", "individual")]


def test_automatic_reply_in_the_text() -> None:
    got = read(
        "I am out of the office until July 6 with no access to email.", subject="Out of Office"
    )
    assert got.kind is Kind.AUTO_REPLY


def test_spam_that_forges_our_address() -> None:
    auth = "mx; spf=fail smtp.mailfrom=campaign.example; dmarc=fail header.from=campaign.example"
    got = read(
        "Please verify your account and log in with your password.",
        sender=f"Desk <{OURS}>",
        headers={"Authentication-Results": auth},
    )
    assert got.kind is Kind.SPAM


def test_our_own_copy_is_other() -> None:
    got = read("To sign, reply with:\n  Name:\n  Title:", sender=f"Desk <{OURS}>")
    assert got.kind is Kind.OTHER


def test_no_signer_found_is_a_signature_with_low_confidence() -> None:
    got = read("Please add us!", sender="info@example.org")
    assert got.kind is Kind.SIGNATURE
    assert got.signers == ()
    assert got.confidence < 0.7


def test_asked_not_to_list_affiliation() -> None:
    body = (
        "Please add my name, but do not list my title or the Council.\n\n"
        "Thanks,\nRobert\n\nRobert Chen\nDirector of Communications\nPacific Council"
    )
    assert fields(read(body)) == [("Robert Chen", None, None, "individual")]


def test_capacity_is_a_capacity_value() -> None:
    got = read("Name: Jo Bee\nTitle: Chair\nOrganization: Hope Fund\nSigning as: both")
    assert got.signers[0].capacity is Capacity.BOTH


def test_the_organization_signs_apart_from_its_people() -> None:
    got = read(
        "I'm writing on behalf of the Lakeside Interfaith Alliance. Our board voted to sign the "
        "letter as an organization. In addition, two of our leaders would like to add their own "
        "names as individuals:\n\n"
        "  * Rev. Ana Ruiz, President, Lakeside Interfaith Alliance\n"
        "  * Dr. Ben Cole, Board Chair, Lakeside Interfaith Alliance\n\n"
        "(I'm only passing this along, so no need to list me.)\n\nKim Lee\nOffice Manager",
        sender="Kim Lee <kim@example.org>",
    )
    assert fields(got) == [
        (None, None, "Lakeside Interfaith Alliance", "organization"),
        ("Ana Ruiz", "President", "Lakeside Interfaith Alliance", "individual"),
        ("Ben Cole", "Board Chair", "Lakeside Interfaith Alliance", "individual"),
    ]


def test_a_sender_who_does_not_sign_leaves_the_organization() -> None:
    got = read(
        "The Board of Trustees of the Harbor Light Council voted to endorse the open letter. "
        "Please list the Council as an organizational signer.\n\n"
        "I am writing on the Board's behalf and am not signing personally.\n\n"
        "Meera Rao\nCommunications Coordinator\nHarbor Light Council",
        sender="Meera Rao <meera@example.org>",
    )
    assert fields(got) == [(None, None, "Harbor Light Council", "organization")]


def test_people_listed_without_their_organization_share_the_one_named() -> None:
    got = read(
        "Three of us on the faculty of Westbrook Theological Seminary would like to sign as "
        "individuals:\n\n- Ann Liu, Academic Dean\n- Sam Odu, Lecturer in Church History\n"
        "- Eva Voss, Professor of Ethics\n",
        sender="Ann Liu <ann@example.org>",
    )
    assert {f[2] for f in fields(got)} == {"Westbrook Theological Seminary"}


def test_a_doubt_lowers_the_rules_own_score() -> None:
    text = "Please add me.\n\nName: Jane Doe\n{}\nOrganization: First Church"
    clean = read(text.format("Title: Pastor"), raw=True)
    assert clean.confidence >= 0.7
    doubtful = read(text.format("Rank: Elder"), raw=True)
    assert doubtful.confidence < 0.7
    assert "a labelled line we could not read" in doubtful.reasons


def test_a_correction_that_changes_nothing_is_doubtful() -> None:
    quoted = (
        "\n\nOn Tue, Mar 4, 2025 at 9:00 AM Desk <coordinator@campaign.example> wrote:\n"
        "> We have recorded:\n>\n>   Name: Jane Doe\n>   Title: Pastor\n"
        ">   Organization: First Church\n>   Signing as: individual\n"
    )
    got = read("Please correct the entry, thank you." + quoted)
    assert got.kind is Kind.CORRECTION
    assert got.confidence < 0.7 and "no change found" in got.reasons
