"""Deterministic campaign-like signature mails for the pipeline bench.

Shaped like the corpus of ``../shared/lab/FLOORS.md``: about 4 KB each, three
``Received``, a DKIM-Signature and an Authentication-Results header, a From with
a display name (some non-ASCII, RFC 2047-encoded), a labelled Name / Title /
Organization block or a prose sign-on, a signature, the call quoted below, and
about 20 % multipart/alternative with an HTML part. Every mail comes from a
distinct address (so the daily reply limit never cuts a reply) and is received
in June 2020, after the sample campaign opened and before its deadline.

``build(n)`` is a prefix of ``build(m)`` for ``n < m``: the generator draws
from one ``random.Random(1234)`` in order, so the mails of a small run are the
first mails of a big one.
"""

from __future__ import annotations

import base64
import hashlib
import quopri
import random
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from email.header import Header
from email.utils import format_datetime, formataddr

SEED = 1234
COORDINATOR = "coordinator@irf-roundtable.example"
CALL_ID = "<20200616130312.7F3A21C0E4@irf-roundtable.example>"
EDT = timezone(timedelta(hours=-4))
JUNE_START = datetime(2020, 6, 2, 0, 0, tzinfo=UTC)
JUNE_SPAN = timedelta(days=28, hours=23)  # to 2020-06-30 23:00 UTC, before 2020-07-01 21:00 UTC

FIRST = [
    "Sarah",
    "Daniel",
    "Miriam",
    "Thomas",
    "Grace",
    "Samuel",
    "Ruth",
    "Michael",
    "Esther",
    "David",
    "Hannah",
    "Joseph",
    "Naomi",
    "Peter",
    "Leah",
    "John",
    "Rebecca",
    "Paul",
    "Fatima",
    "Omar",
    "Layla",
    "Yusuf",
    "Priya",
    "Arjun",
    "Mei",
    "Wei",
    "Kwame",
    "Amara",
    "Elizabeth",
    "Robert",
    "Catherine",
    "James",
    "Margaret",
    "William",
    "Anne",
    "George",
    "Andrew",
    "Mary",
    "Stephen",
    "Susan",
    "Mark",
    "Karen",
    "Luke",
    "Deborah",
    "Matthew",
    "Lydia",
    "Nathan",
    "Abigail",
    "Aaron",
    "Judith",
    "Benjamin",
    "Martha",
    "Simon",
    "Dorothy",
    "Philip",
    "Helen",
    "Hassan",
    "Zainab",
    "Tariq",
    "Noor",
    "Ravi",
    "Anjali",
    "Hiroshi",
    "Yuki",
]
FIRST_INTL = ["José", "Zoë", "Łukasz", "Søren", "Chloé", "Müge", "Ōta", "Renée", "Jürgen", "Anaïs"]
LAST = [
    "Kim",
    "Farouk",
    "Goldberg",
    "Okafor",
    "Martinez",
    "Nguyen",
    "Smith",
    "Johnson",
    "Cohen",
    "Haddad",
    "Patel",
    "Chen",
    "Williams",
    "Brown",
    "Rahimi",
    "Mensah",
    "Levine",
    "O'Brien",
    "Thompson",
    "Anderson",
    "Sullivan",
    "Abdi",
    "Nakamura",
    "Hoffman",
    "Rossi",
    "Baptiste",
    "Miller",
    "Davis",
    "Wilson",
    "Moore",
    "Taylor",
    "Jackson",
    "White",
    "Harris",
    "Clark",
    "Lewis",
    "Walker",
    "Hall",
    "Young",
    "Allen",
    "King",
    "Wright",
    "Scott",
    "Green",
    "Baker",
    "Adams",
    "Nelson",
    "Carter",
    "Mitchell",
    "Roberts",
    "Turner",
    "Phillips",
    "Campbell",
    "Parker",
    "Evans",
    "Edwards",
    "Collins",
    "Stewart",
    "Morris",
    "Rogers",
    "Reed",
    "Cook",
]
LAST_INTL = ["Müller", "García", "Nuñez", "Dvořák", "Özdemir", "Ångström", "Nguyễn", "Søgaard"]
ORG_HEAD = [
    "Hope Forward",
    "Shared Conscience",
    "Bridges of Faith",
    "New Covenant",
    "Open Door",
    "Common Ground",
    "Light of Peace",
    "Interfaith Alliance of",
    "Cornerstone",
    "Beacon",
    "Harbor of Mercy",
    "Unity",
    "Pilgrim",
    "Riverbend",
    "Mount Zion",
    "Al-Noor",
    "Lotus",
]
ORG_TAIL = [
    "Foundation",
    "Coalition",
    "Network",
    "Institute",
    "Council",
    "Fellowship",
    "Center",
    "Ministries",
    "Society",
    "Partnership",
    "Project",
    "Trust",
]
CITIES = ["Boston", "Chicago", "Houston", "Atlanta", "Denver", "Seattle", "Detroit", "Dallas"]
PLACES = [
    "Springfield",
    "Riverside",
    "Fairview",
    "Franklin",
    "Greenville",
    "Bristol",
    "Clinton",
    "Georgetown",
    "Salem",
    "Madison",
    "Arlington",
    "Ashland",
    "Burlington",
    "Manchester",
    "Oxford",
    "Dover",
    "Milton",
    "Newport",
    "Jackson",
    "Auburn",
    "Dayton",
    "Lexington",
    "Hudson",
    "Kingston",
    "Marion",
    "Mount Vernon",
    "Oakland",
    "Princeton",
    "Richmond",
    "Windsor",
    "Brooklyn",
    "Queens",
    "the Bronx",
    "Baltimore",
    "Philadelphia",
    "Pittsburgh",
    "Cleveland",
    "Columbus",
    "Cincinnati",
    "Toledo",
    "Omaha",
    "Tulsa",
    "Wichita",
    "Memphis",
    "Nashville",
    "Louisville",
    "Charlotte",
    "Raleigh",
    "Tampa",
    "Miami",
    "Orlando",
    "Phoenix",
    "Tucson",
    "Albuquerque",
    "El Paso",
    "San Diego",
    "Fresno",
    "Sacramento",
    "Portland",
    "Spokane",
    "Boise",
    "Salt Lake City",
    "Minneapolis",
    "St. Paul",
    "Milwaukee",
    "Des Moines",
    "Kansas City",
    "St. Louis",
    "Indianapolis",
    "Ann Arbor",
    "Buffalo",
    "Rochester",
    "Albany",
    "Hartford",
    "Providence",
    "New Haven",
    "Trenton",
    "Newark",
    "Wilmington",
    "Norfolk",
]
TITLES = [
    "Executive Director",
    "President",
    "Senior Pastor",
    "Rabbi",
    "Imam",
    "Board Chair",
    "Program Officer",
    "Professor of Religious Studies",
    "Senior Fellow",
    "Director of Advocacy",
    "General Secretary",
    "Chief Executive Officer",
    "Policy Analyst",
    "Founder",
]
SUBJECTS = [
    "Re: Sign-on letter: Religious prisoners of conscience in Iran (deadline July 1)",
    "Re: Sign-on letter: Religious prisoners of conscience in Iran (deadline July 1)",
    "Open letter on Iran",
    "Signing the letter to the Secretary",
    "Please add us to the letter",
    "Re: Invitation to sign: prisoners of conscience",
    "Sign-on — Iran prisoners of conscience letter",
]
FILLER = [
    "Thank you for coordinating this effort. The situation of religious prisoners in Iran "
    "deserves far more attention than it receives, and we are grateful that the Roundtable "
    "continues to raise it with the Department.",
    "Our community has followed the cases of the Baha'i, Christian and Sufi prisoners closely "
    "for several years, and several of our members have family in the region. We hope the "
    "letter is received well and that it leads to concrete action.",
    "Please let me know if you need anything further from us, such as a logo or a short "
    "statement for the press release. We are happy to share the letter with our partners too.",
    "With the spread of COVID-19 in overcrowded prisons this is more urgent than ever, and "
    "we appreciate the care that went into the wording of the letter.",
    "I have shared the call with two colleagues who may also wish to add their names; "
    "they are writing to you from their own addresses.",
]
CLOSINGS = ["Best regards,", "Blessings,", "With appreciation,", "Sincerely,", "Warmly,", "Thanks,"]
CALL = """Dear friends,

The International Religious Freedom Roundtable is circulating the open
letter below to the Secretary of State in support of religious prisoners
of conscience in Iran. Organizations and individuals are invited to sign.

To sign, reply to this email (coordinator@irf-roundtable.example) with:

  Name:
  Title:
  Organization:
  Signing as: organization / individual / both

Titles and organizations of individual signers are listed for
identification purposes only. The deadline to sign is close of business
(5:00 pm Eastern) on Wednesday, July 1, 2020.

With gratitude,
Eleanor Whitfield
Coordinator, International Religious Freedom Roundtable

-----

Dear Mr. Secretary,

We, the undersigned organizations and individuals of many faiths and
none, write to urge you to press for the release of religious prisoners
of conscience held in the Islamic Republic of Iran.

Respectfully,

[Signatories]"""


@dataclass(frozen=True)
class Mail:
    """One generated mail, with what a reply to it needs (for the reply-building floor)."""

    raw: bytes
    internaldate: datetime
    sender_name: str
    sender_addr: str
    subject: str
    message_id: str
    name: str | None
    title: str | None
    organization: str | None
    capacity: str
    html: bool


def build(n: int, seed: int = SEED) -> list[Mail]:
    """The first ``n`` mails of the deterministic sequence."""
    return [mail for mail, _ in zip(generate(seed), range(n), strict=False)]


def generate(seed: int = SEED) -> Iterator[Mail]:
    """A deterministic sequence of mails from distinct signers (distinct names too)."""
    rng = random.Random(seed)
    people, orgs = list(range(PEOPLE)), list(range(ORGS))
    rng.shuffle(people)
    rng.shuffle(orgs)
    index = 0
    while index < PEOPLE:
        yield _mail(rng, index, _person(people[index]), _organization(orgs[index % ORGS]))
        index += 1


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in folded.lower() if c.isalnum())


FIRSTS = FIRST + FIRST_INTL
LASTS = LAST + LAST_INTL
INITIALS = "ABCDEFGHJKLMNPRSTW"
PEOPLE = len(FIRSTS) * len(INITIALS) * len(LASTS)  # distinct display names
ORGS = len(ORG_HEAD) * len(ORG_TAIL) * len(PLACES)


def _person(number: int) -> tuple[str, str]:
    """The ``number``-th distinct (first, "M. Last") pair: no two signers share a name."""
    first, rest = divmod(number, len(INITIALS) * len(LASTS))
    initial, last = divmod(rest, len(LASTS))
    return FIRSTS[first], f"{INITIALS[initial]}. {LASTS[last]}"


def _organization(number: int) -> str:
    head, rest = divmod(number, len(ORG_TAIL) * len(PLACES))
    tail, place = divmod(rest, len(PLACES))
    if ORG_HEAD[head].endswith(" of"):
        return f"{ORG_HEAD[head]} {PLACES[place]}"
    return f"{ORG_HEAD[head]} {ORG_TAIL[tail]} of {PLACES[place]}"


def _body(rng: random.Random, name: str, title: str, org: str, index: int) -> tuple[str, str]:
    """The plain text own part and the capacity it declares."""
    first = name.split()[0]
    style = rng.random()
    capacity = "individual"
    hello = rng.choice(["Hello Eleanor,", "Dear Ms. Whitfield,", "Dear Eleanor,", "Hi,"])
    fill = rng.sample(FILLER, 2)
    if style < 0.5:
        capacity = rng.choice(["individual", "individual", "both", "organization"])
        block = f"Name: {name}\nTitle: {title}\nOrganization: {org}\n"
        if rng.random() < 0.7:
            block += f"Signing as: {capacity}\n"
        else:
            capacity = "individual"
        lead = rng.choice(
            [
                "I am glad to sign the letter. My details are below.",
                f"{org} would be glad to sign, and I will sign personally as well.",
                "Please add my name to the open letter.",
            ]
        )
        own = f"{hello}\n\n{lead}\n\n{block}\n{fill[0]}\n\n{rng.choice(CLOSINGS)}\n{first}\n"
    elif style < 0.8:
        own = (
            f"{hello}\n\nI would be honored to add my name to the letter to the Secretary. "
            f"Please list me as {title}, {org} (for identification purposes only).\n\n"
            f"{fill[0]}\n\n{fill[1]}\n\n{rng.choice(CLOSINGS)}\n{name}\n"
        )
    else:
        capacity = "both"
        own = (
            f"{hello}\n\nI would like to sign this letter personally, and as {title} of "
            f"{org} I am also authorized to add {org} as an organizational signatory.\n\n"
            f"{fill[0]}\n\n{rng.choice(CLOSINGS)}\n{name}\n"
        )
    phone = f"+1 ({rng.randint(200, 989)}) 555-{rng.randint(0, 9999):04d}"
    street = f"{rng.randint(10, 9999)} {rng.choice(['Main', 'Oak', 'Elm', 'Park', 'Church'])} St."
    signature = f"\n--\n{name}\n{title}\n{org}\n{phone}\n{street}, {rng.choice(CITIES)}\n"
    return own + signature, capacity


def _quoted(when: datetime) -> str:
    intro = (
        f"On {when - timedelta(days=2):%a, %b %d, %Y} at 9:03 AM Eleanor Whitfield "
        f"<{COORDINATOR}> wrote:"
    )
    return intro + "\n" + "\n".join(f"> {line}".rstrip() for line in CALL.split("\n")) + "\n"


def _html(own: str, quoted: str) -> str:
    def esc(text: str) -> str:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    lines = "".join(f"<div>{esc(line) or '<br>'}</div>" for line in own.split("\n"))
    intro, _, rest = quoted.partition("\n")
    inner = "<br>\n".join(
        esc(line[2:] if line.startswith("> ") else line.lstrip(">"))
        for line in rest.rstrip("\n").split("\n")
    )
    return (
        f'<div dir="ltr">{lines}</div><br><div class="gmail_quote"><div dir="ltr" '
        f'class="gmail_attr">{esc(intro)}<br></div><blockquote class="gmail_quote" '
        f'style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);'
        f'padding-left:1ex">{inner}</blockquote></div>\n'
    )


def _part(text: str, subtype: str) -> bytes:
    data = text.encode("utf-8")
    if data.isascii() and max(map(len, text.split("\n"))) <= 900:
        head = f'Content-Type: text/{subtype}; charset="utf-8"\r\nContent-Transfer-Encoding: 7bit'
        body = data.replace(b"\n", b"\r\n")
    else:
        head = (
            f'Content-Type: text/{subtype}; charset="utf-8"\r\n'
            "Content-Transfer-Encoding: quoted-printable"
        )
        body = quopri.encodestring(data).replace(b"\n", b"\r\n")
    return head.encode() + b"\r\n\r\n" + body


def _header_name(name: str) -> str:
    if name.isascii():
        return formataddr((name, "x@x")).rsplit(" <", 1)[0]
    return Header(name, "utf-8").encode()


def _received(rng: random.Random, host: str, by: str, when: datetime, ip: str) -> str:
    return (
        f"Received: from {host} ({host} [{ip}])\r\n\tby {by} (Postfix) with ESMTPS id "
        f"{rng.getrandbits(40):010X}\r\n\tfor <{COORDINATOR}>; {format_datetime(when)}"
    )


def _mail(rng: random.Random, index: int, person: tuple[str, str], org: str) -> Mail:
    first, last = person
    name = f"{first} {last}"
    title = rng.choice(TITLES)
    domain = f"{_ascii(org)[:24]}.example.org"
    addr = f"{_ascii(first)[:1]}{_ascii(last.split()[-1])}.{index}@{domain}"
    received = JUNE_START + timedelta(seconds=rng.randrange(int(JUNE_SPAN.total_seconds())))
    sent = received - timedelta(seconds=rng.randint(5, 90))
    subject = rng.choice(SUBJECTS)
    message_id = f"<{rng.getrandbits(64):016x}.{index}@mail.{domain}>"
    own, capacity = _body(rng, name, title, org, index)
    text = own + "\n" + _quoted(sent)
    html = rng.random() < 0.2
    ip = f"192.0.2.{rng.randint(1, 254)}"
    mx = "mx1.irf-roundtable.example"
    dkim_b = base64.b64encode(rng.randbytes(256)).decode()
    body_hash = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
    headers = [
        f"Return-Path: <{addr}>",
        f"Delivered-To: {COORDINATOR}",
        _received(rng, f"mail-{rng.getrandbits(24):06x}.{domain}", mx, received, ip),
        f"Authentication-Results: {mx};\r\n\tdkim=pass (2048-bit key) header.d={domain} "
        f'header.i=@{domain} header.b="{dkim_b[:8]}";\r\n\tspf=pass (sender IP is {ip}) '
        f"smtp.mailfrom={domain};\r\n\tdmarc=pass (p=none dis=none) header.from={domain}",
        _received(rng, f"relay.{domain}", f"mail.{domain}", received - timedelta(seconds=2), ip),
        _received(rng, "[10.0.0.12]", f"relay.{domain}", received - timedelta(seconds=3), ip),
        "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d="
        f"{domain}; s=s2020;\r\n\th=from:to:subject:date:message-id:mime-version;\r\n"
        f"\tbh={body_hash};\r\n\tb="
        + "\r\n\t ".join(dkim_b[i : i + 70] for i in range(0, len(dkim_b), 70)),
        "MIME-Version: 1.0",
        f"From: {_header_name(name)} <{addr}>",
        f"To: {COORDINATOR}",
        f"Subject: {subject if subject.isascii() else Header(subject, 'utf-8').encode()}",
        f"Date: {format_datetime(sent.astimezone(EDT))}",
        f"Message-ID: {message_id}",
    ]
    if subject.startswith("Re:"):
        headers += [f"In-Reply-To: {CALL_ID}", f"References: {CALL_ID}"]
    if html:
        boundary = f"000000000000{rng.getrandbits(48):012x}"
        headers.append(f'Content-Type: multipart/alternative; boundary="{boundary}"')
        body = (
            f"--{boundary}\r\n".encode()
            + _part(text, "plain")
            + f"\r\n--{boundary}\r\n".encode()
            + _part(_html(own, _quoted(sent)), "html")
            + f"\r\n--{boundary}--\r\n".encode()
        )
        raw = "\r\n".join(headers).encode() + b"\r\n\r\n" + body
    else:
        part = _part(text, "plain")
        raw = "\r\n".join(headers).encode() + b"\r\n" + part
    return Mail(
        raw=raw,
        internaldate=received,
        sender_name=name,
        sender_addr=addr,
        subject=subject,
        message_id=message_id,
        name=name if capacity != "organization" else None,
        title=title if capacity != "organization" else None,
        organization=org,
        capacity=capacity,
        html=html,
    )
