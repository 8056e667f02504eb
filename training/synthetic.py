"""Synthetic labelled campaign mail, to train the span tagger (never to score it).

    python -m training.synthetic OUTDIR --n 500 [--seed 0]

:func:`generate` yields ``(raw RFC 5322 bytes, expected outcome)`` pairs in the schema of
``/work/shared/corpus/README.md``. Each message comes from one of many *layouts* (a
function each: labelled blocks in many languages, prose, signature blocks, lists,
tables, forwarded chains, corrections, withdrawals, questions ...), filled with
people from many naming traditions (Faker, many locales) and compositional titles
and organizations. Hard negatives are built in: quoted calls that list earlier
signers, the coordinator's confirmation with old values, assistants' signature
blocks, disclaimers naming other people, signature blocks under questions.

Deterministic: the same ``n`` and ``seed`` give the same bytes (one
``random.Random`` for the run; Faker reseeded from it for every person).
Every labelled value appears verbatim in the message text, except a name taken
only from the From header and a name typed in capitals or lower case (printed
in normal capitalization, as the labelling policy says).
"""

from __future__ import annotations

import argparse
import base64
import binascii
import html
import json
import random
import re
import sys
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.header import Header
from email.utils import format_datetime, formataddr
from pathlib import Path
from typing import Any

from faker import Faker

EDT = timezone(timedelta(hours=-4))
CALL_SENT = datetime(2020, 6, 10, 9, 2, tzinfo=EDT)
DEADLINE = datetime(2020, 7, 1, 17, 0, tzinfo=EDT)
COORD_NAME = "IRF Roundtable Coordinator"
COORD_ADDR = "coordinator@irf-roundtable.example"
CALL_SUBJECT = "Sign-on: Letter on religious prisoners of conscience"
CALL_MSGID = "<20200610130200.5F2C1A0B7E@irf-roundtable.example>"

Record = dict[str, Any]

# --------------------------------------------------------------------------- people

# (locale, weight, native script?) -- Latin-script traditions are weighted up: most
# sign-ons to an English-language campaign are typed in Latin letters.
LOCALES: tuple[tuple[str, int], ...] = (
    ("en_US", 18), ("en_GB", 5), ("en_IN", 4), ("en_NG", 3), ("en_KE", 2), ("en_IE", 2),
    ("fr_FR", 4), ("fr_CA", 2), ("es_ES", 3), ("es_MX", 3), ("es_CO", 2), ("pt_BR", 3),
    ("de_DE", 3), ("it_IT", 2), ("nl_NL", 2), ("pl_PL", 2), ("tr_TR", 2), ("hu_HU", 1),
    ("cs_CZ", 1), ("ro_RO", 1), ("id_ID", 2), ("vi_VN", 2), ("sw", 2), ("yo_NG", 2),
    ("ig_NG", 2), ("ha_NG", 1), ("zu_ZA", 1), ("tw_GH", 1), ("ga_IE", 1), ("az_AZ", 1),
    ("fi_FI", 1), ("sv_SE", 1), ("hr_HR", 1),
    # names that keep their own script
    ("fa_IR", 2), ("ar_AA", 2), ("hi_IN", 1), ("ja_JP", 1), ("ko_KR", 1), ("zh_CN", 1),
    ("ru_RU", 1), ("uk_UA", 1), ("he_IL", 1), ("el_GR", 1), ("th_TH", 1), ("hy_AM", 1),
    ("ka_GE", 1), ("bn_BD", 1),
)  # fmt: skip
_LOC_NAMES = [loc for loc, _ in LOCALES]
_LOC_WEIGHTS = [w for _, w in LOCALES]
_NO_SPACE = ("ja_JP", "zh_CN")  # family name first, no space
_FAMILY_FIRST = ("ko_KR", "hu_HU")
_FAKERS: dict[str, Faker] = {}


def _faker(locale: str) -> Faker:
    if locale not in _FAKERS:
        _FAKERS[locale] = Faker(locale)
    return _FAKERS[locale]


# Written before the name, never part of it. The role prefixes are the title when
# the signer gives no other title.
HONORIFICS = (
    "Dr.", "Rev.", "The Rev.", "Rev. Dr.", "The Very Rev.", "Rt Revd", "Revd", "Prof.",
    "Fr.", "Father", "Sister", "Sr.", "Br.", "Sheikh", "Swami", "Ven.", "Hon.", "Mr.",
    "Ms.", "Mrs.", "Msgr.", "Bhai", "Mufti", "Pr.",
)  # fmt: skip
ROLE_PREFIXES = ("Imam", "Rabbi", "Pastor", "Bishop", "Deacon", "Elder")
POSTNOMINALS = (
    "PhD", "Ph.D.", "D.Min.", "DMin", "SJ", "OSB", "OP", "OFM", "RSM", "CSJ", "MBE", "OBE",
    "Esq.", "MDiv", "M.Div.", "JD", "STD", "DD", "FRSA",
)  # fmt: skip
SUFFIXES = ("Jr.", "III", "II", "Sr.", "IV")


def _normal_caps(text: str) -> str:
    """How a name typed in capitals is printed: each word (and hyphen part) capitalized."""
    return " ".join(
        "-".join(part[:1].upper() + part[1:].lower() for part in word.split("-"))
        for word in text.split(" ")
    )


def _ascii(text: str) -> str:
    flat = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "", flat.lower())


@dataclass
class Person:
    name: str  # as printed in the letter
    typed: str  # as typed in the body
    first: str
    last: str
    prefix: str = ""
    post: str = ""
    email: str = ""
    she: bool = False

    def shown(self, prefix: bool = True, post: bool = True) -> str:
        text = self.typed
        if prefix and self.prefix:
            text = f"{self.prefix} {text}"
        if post and self.post:
            text = f"{text}, {self.post}"
        return text


@dataclass
class Who:
    p: Person
    title: str | None
    org: str | None
    cap: str = "individual"

    def record(self) -> Record:
        return {
            "name": self.p.name,
            "title": self.title,
            "organization": self.org,
            "capacity": self.cap,
        }


def org_record(org: str) -> Record:
    return {"name": None, "title": None, "organization": org, "capacity": "organization"}


# ------------------------------------------------------------- titles and organizations

RANKS = ("Associate", "Assistant", "Senior", "Deputy", "Executive", "Interim", "Co-", "Acting")
ROLES = (
    "Director", "Coordinator", "Minister", "Chaplain", "Professor", "Chair", "President",
    "Vice President", "Secretary", "Treasurer", "Program Officer", "Policy Advisor",
    "Manager", "Organizer", "Counsel", "Fellow", "Researcher", "Lecturer", "Editor",
    "Officer", "Advocate", "Representative", "Liaison", "Administrator",
)  # fmt: skip
DOMAINS = (
    "Interfaith Programs", "Public Policy", "Advocacy", "Religious Freedom", "Youth Ministry",
    "Government Relations", "Refugee Services", "Communications", "Social Justice Ministries",
    "Middle East Affairs", "Islamic Studies", "Religion and Human Rights", "Peace and Justice",
    "Outreach", "Development", "Mission and Service", "Christian-Muslim Relations",
    "Human Rights", "Legal Affairs", "Pastoral Care", "Asia Programs", "Community Engagement",
    "Racial Justice", "Immigration Ministries", "Ecumenical Relations", "Jewish Studies",
)  # fmt: skip
COMMITTEES = (
    "Board of Trustees", "Board of Directors", "Human Rights Committee",
    "Social Concerns Committee",
    "Interfaith Working Group", "Committee on Religious Liberty", "Peace and Justice Commission",
    "Vestry", "Session", "Mission Committee", "Advisory Council",
)  # fmt: skip
CLERGY_TITLES = (
    "Pastor", "Senior Pastor", "Lead Pastor", "Associate Pastor", "Youth Pastor", "Rector",
    "Vicar", "Parish Priest", "Imam", "Resident Imam", "Rabbi", "Senior Rabbi", "Rabbi Emeritus",
    "Cantor", "Abbot", "Prioress", "Canon Missioner", "Presiding Elder", "General Secretary",
    "Executive Director", "Founder", "Elder", "Deacon", "Chaplain", "Granthi", "Head Priest",
    "Spiritual Director", "Executive Minister", "Lay Leader", "Moderator", "Stated Clerk",
    "Archdeacon", "Dean", "Provincial", "Superior General", "Khatib",
)  # fmt: skip
TITLES_FOREIGN = (
    "Pasteur", "Pasteure", "Directrice", "Secrétaire générale", "Président", "Aumônier",
    "Pastor principal", "Coordinadora", "Director ejecutivo", "Secretaria General", "Párroco",
    "Geschäftsführer", "Pfarrerin", "Vorsitzender", "Referentin für Menschenrechte",
    "Diretora", "Coordenador", "Presidente", "predikant", "Voorzitter", "Proboszcz",
    "Koordinator", "Ketua", "Mchungaji",
)  # fmt: skip


def make_title(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.32:
        return rng.choice(CLERGY_TITLES)
    if r < 0.62:
        rank = rng.choice(RANKS) if rng.random() < 0.4 else ""
        role = rng.choice(ROLES)
        head = f"{rank}{role}" if rank.endswith("-") else f"{rank} {role}".strip()
        if rng.random() < 0.75:
            return f"{head} {rng.choice(('of', 'for'))} {rng.choice(DOMAINS)}"
        return head
    if r < 0.78:
        role = rng.choice(("Chair", "Co-Chair", "Member", "Secretary", "Vice Chair", "Clerk"))
        return f"{role}, {rng.choice(COMMITTEES)}"
    if r < 0.86:
        return rng.choice(TITLES_FOREIGN)
    if r < 0.93:
        return f"{rng.choice(ROLES)}, {rng.choice(DOMAINS)}"
    return rng.choice(("Member", "Volunteer", "Student", "Retired pastor", "Congregant"))


CITIES = (
    "Dayton", "Toledo", "Fresno", "Spokane", "Tulsa", "Akron", "Boise", "Lansing", "Omaha",
    "Richmond", "Savannah", "Albany", "Hartford", "Tucson", "Wichita", "Durham", "Madison",
    "Des Moines", "Knoxville", "Syracuse", "Providence", "Worcester", "Paterson", "Dearborn",
    "Bakersfield", "Chattanooga", "Rochester", "Columbia", "Lowell", "Stockton", "Fargo",
    "Anchorage", "Burlington", "Eugene", "Flint", "Leeds", "Bristol", "Glasgow", "Cardiff",
    "Toronto", "Winnipeg", "Halifax", "Melbourne", "Auckland", "Nairobi", "Accra", "Lagos",
    "Manila", "Jakarta", "Lyon", "Geneva", "Hamburg", "Utrecht", "Kraków", "Porto", "Sevilla",
    "Bogotá", "Monterrey", "Curitiba", "Kampala",
)  # fmt: skip
SAINTS = (
    "Mark", "Luke", "John", "Paul", "Andrew", "Brigid", "Columba", "Thomas", "James", "Anne",
    "Monica", "Augustine", "Catherine", "Francis", "Vincent", "Patrick", "Stephen", "Barnabas",
    "Timothy", "Mary Magdalene", "Gregory", "Nicholas", "Elizabeth", "Clare", "Benedict",
)  # fmt: skip
DENOMS = (
    "Episcopal", "Catholic", "Lutheran", "Presbyterian", "United Methodist", "Baptist",
    "Orthodox", "Anglican", "Ukrainian Catholic", "Coptic Orthodox", "Armenian Apostolic",
    "Evangelical Covenant", "Reformed", "Maronite", "Syriac Orthodox", "AME", "Moravian",
)  # fmt: skip
CHURCH_NAMES = (
    "Grace", "Trinity", "Bethel", "Calvary", "Emmanuel", "Redeemer", "Hope", "Good Shepherd",
    "Mount Zion", "New Covenant", "Living Waters", "Cornerstone", "Holy Cross", "Resurrection",
    "Christ the King", "Shiloh", "Ebenezer", "Antioch", "Peace", "Faith",
)  # fmt: skip
HEBREW = (
    "Beth Shalom", "Beth El", "Or Chadash", "Shaarei Tikvah", "Kol Ami", "Beth Israel",
    "Tikvat Yisrael", "Ahavat Achim", "Emanu-El", "Rodeph Sholom", "B'nai Jacob", "Adath Israel",
)  # fmt: skip
MASJID = ("Al-Noor", "Al-Huda", "At-Taqwa", "Dar Al-Salam", "Al-Rahman", "Omar", "Al-Iman")
FAITHS = (
    "Jewish", "Muslim", "Christian", "Catholic", "Evangelical", "Baptist", "Sikh", "Hindu",
    "Buddhist", "Bahá'í", "Quaker", "Mennonite", "Interfaith", "Ahmadiyya", "Zoroastrian",
    "Orthodox Christian", "Uyghur", "Tibetan", "Yazidi", "Assyrian", "Coptic", "Methodist",
)  # fmt: skip
MISSIONS = (
    "Religious Freedom", "Civil Liberties", "Human Rights", "Justice and Peace",
    "Refugee Protection", "Freedom of Conscience", "Prisoners of Conscience", "Human Dignity",
    "Peace", "Religious Liberty", "Interreligious Understanding", "Social Justice",
)  # fmt: skip
BODIES = (
    "Coalition", "Network", "Alliance", "Council", "Forum", "Fellowship", "Association",
    "Partnership", "Institute", "Center", "Society", "Committee", "Initiative", "Action",
)  # fmt: skip
SERVICES = ("Refugee Service", "Relief", "Aid", "World Service", "Advocacy Office", "Witness")
COUNTRIES = ("USA", "UK", "Canada", "International", "Europe", "Australia", "Nigeria", "Kenya")


# Exact names that occur in the hand-labelled corpus (or the brief's examples): the
# synthetic mail never reuses them, so it cannot stand in for the labelled sets.
AVOID = frozenset({
    "St. Mark's Episcopal Church, Dayton", "Islamic Center of Greater Toledo",
    "Sikh Coalition for Civil Liberties", "Congregation Beth Shalom", "Jesuit Refugee Service USA",
    "Islamic Center of Greater Dayton", "Masjid Al-Noor of Paterson", "Chinedu Okafor",
    "Daniel Okonkwo", "张伟", "Samuel Adeyemi",
})  # fmt: skip


def make_org(rng: random.Random) -> str:
    while True:
        org = _make_org(rng)
        if org not in AVOID:
            return org


def _make_org(rng: random.Random) -> str:
    city = rng.choice(CITIES)
    k = rng.randrange(22)
    greater = "Greater " if rng.random() < 0.4 else ""
    if k == 0:
        saint = rng.choice(SAINTS)
        poss = "'" if saint.endswith("s") else "'s"
        return f"St. {saint}{poss} {rng.choice(DENOMS)} Church, {city}"
    if k == 1:
        return f"{rng.choice(CHURCH_NAMES)} {rng.choice(DENOMS)} Church of {city}"
    if k == 2:
        return f"Islamic Center of {greater}{city}"
    if k == 3:
        return f"Congregation {rng.choice(HEBREW)}" + (f", {city}" if rng.random() < 0.4 else "")
    if k == 4:
        return f"{rng.choice(FAITHS)} {rng.choice(BODIES)} for {rng.choice(MISSIONS)}"
    if k == 5:
        faith = rng.choice(("Jesuit", "Lutheran", "Catholic", "Mennonite", "Church", "Methodist"))
        return f"{faith} {rng.choice(SERVICES)} {rng.choice(COUNTRIES)}"
    if k == 6:
        return f"{greater}{city} Interfaith {rng.choice(BODIES)}"
    if k == 7:
        return f"{rng.choice(FAITHS)} Council of {greater}{city}"
    if k == 8:
        return f"{rng.choice(('Center', 'Institute', 'Project'))} for {rng.choice(MISSIONS)}"
    if k == 9:
        return f"Masjid {rng.choice(MASJID)}" + (f" of {city}" if rng.random() < 0.5 else "")
    if k == 10:
        return f"Temple {rng.choice(HEBREW)} of {city}"
    if k == 11:
        return f"{city} {rng.choice(('Friends Meeting', 'Buddhist Temple', 'Zen Center'))}"
    if k == 12:
        return f"Gurdwara Sahib of {greater}{city}"
    if k == 13:
        deity = rng.choice(("Sri Venkateswara", "Shiva Vishnu", "Ganesha", "Durga", "Hindu"))
        return f"{deity} Temple of {greater}{city}"
    if k == 14:
        return f"Bahá'í Community of {city}"
    if k == 15:
        school = rng.choice(("Divinity School", "School of Theology", "Law School", "Seminary"))
        return f"{city} {rng.choice(('University', 'College', 'Theological'))} {school}"
    if k == 16:
        people = rng.choice(("Korean", "Ghanaian", "Hmong", "Eritrean", "Haitian", "Iranian",
                             "Filipino", "Chaldean", "Vietnamese", "Karen"))  # fmt: skip
        return f"{people} {rng.choice(DENOMS)} Church of {city}"
    if k == 17:
        return f"{rng.choice(FAITHS)} Women's {rng.choice(BODIES)} for {rng.choice(MISSIONS)}"
    if k == 18:
        return f"Diocese of {city}" if rng.random() < 0.5 else f"Presbytery of {city}"
    if k == 19:
        name = rng.choice(("Iglesia Evangélica", "Comunidad Cristiana", "Parroquia", "Iglesia"))
        word = rng.choice(("El Buen Pastor", "Nueva Vida", "San José", "La Esperanza"))
        return f"{name} {word}, {city}"
    if k == 20:
        return rng.choice((
            f"Église protestante unie de {city}",
            f"Communauté chrétienne de {city}",
            f"Evangelische Kirchengemeinde {city}",
            f"Stichting Geloof en Vrijheid {city}",
            f"Comunità di Sant'Egidio {city}",
            f"Igreja Batista da Esperança, {city}",
            f"Justitia et Pax {city}",
            f"Katholische Arbeitnehmer-Bewegung {city}",
        ))  # fmt: skip
    return f"{rng.choice(FAITHS)} {rng.choice(BODIES)} of {city}"


# --------------------------------------------------------------------------- the call

EMAIL_HOSTS = ("gmail.example", "outlook.example", "yahoo.example", "icloud.example")


@dataclass
class Draft:
    kind: str
    signers: list[Record]
    body: str  # plain text (may be empty for HTML-only mail)
    sender: Person | None = None
    sender_name: str | None = None  # display name if different from sender.typed
    sender_addr: str | None = None
    subject: str | None = None
    html: str | None = None  # an HTML alternative (or the only part, with html_only)
    html_only: bool = False
    reply: bool = True
    headers: list[tuple[str, str]] = field(default_factory=list)
    notes: str = ""
    should_confirm: bool | None = None


class Gen:
    """Per-message helpers: the run's random source, people, titles, organizations."""

    def __init__(self, rng: random.Random, received: datetime) -> None:
        self.rng = rng
        self.received = received

    # people -------------------------------------------------------------
    def person(
        self,
        *,
        honorific: float = 0.3,
        post: float = 0.1,
        caps: bool = True,
        latin: bool = False,
    ) -> Person:
        rng = self.rng
        loc = rng.choices(_LOC_NAMES, _LOC_WEIGHTS)[0]
        if latin:
            while loc in _NATIVE:
                loc = rng.choices(_LOC_NAMES, _LOC_WEIGHTS)[0]
        fake = _faker(loc)
        fake.seed_instance(rng.getrandbits(32))
        she = rng.random() < 0.5
        first = _pick(fake, "first_name_female" if she else "first_name_male", "first_name")
        last = _pick(fake, "last_name_female" if she else "last_name_male", "last_name")
        if f"{first} {last}" in AVOID or f"{last}{first}" in AVOID:
            first = _pick(fake, "first_name")
        if loc in _NO_SPACE:
            name = f"{last}{first}"
        elif loc in _FAMILY_FIRST:
            name = f"{last} {first}"
        else:
            name = f"{first} {last}"
            if loc.startswith("en_") and rng.random() < 0.12:
                name = f"{first} {chr(65 + rng.randrange(26))}. {last}"
            if loc == "en_US" and not she and rng.random() < 0.06:
                name = f"{name} {rng.choice(SUFFIXES)}"
            if loc.startswith("es_") and rng.random() < 0.4:
                name = f"{name} {_pick(fake, 'last_name')}"
        typed = name
        if caps and loc not in _NATIVE and _normal_caps(name.upper()) == name:
            r = rng.random()
            if r < 0.03:
                typed = name.upper()
            elif r < 0.05:
                typed = name.lower()
        prefix = ""
        if rng.random() < honorific:
            prefix = rng.choice(HONORIFICS)
            gendered = prefix in ("Sister", "Mrs.", "Ms.", "Mr.", "Br.", "Father", "Fr.")
            if gendered and (prefix in ("Sister", "Mrs.", "Ms.")) != she:
                prefix = "Dr."
        postn = rng.choice(POSTNOMINALS) if rng.random() < post else ""
        local = _ascii(first)[:1] + _ascii(last) if rng.random() < 0.5 else _ascii(first)
        if len(local) < 3:
            local = f"signer{rng.randrange(100, 9999)}"
        if rng.random() < 0.3:
            local = f"{local}{rng.randrange(1, 99)}"
        email = f"{local}@{rng.choice(EMAIL_HOSTS)}"
        return Person(name, typed, first, last, prefix, postn, email, she)

    def who(
        self,
        cap: str | None = None,
        *,
        title: float = 0.92,
        org: float = 0.93,
        org_name: str | None = None,
        role_prefix: float = 0.12,
        **kw: Any,
    ) -> Who:
        rng = self.rng
        p = self.person(**kw)
        t = make_title(rng) if rng.random() < title else None
        o = org_name or (make_org(rng) if rng.random() < org else None)
        if rng.random() < role_prefix:
            p.prefix = rng.choice(ROLE_PREFIXES)
            if t is None:
                t = p.prefix
        if cap is None:
            cap = rng.choices(("individual", "both", "organization"), (6, 3, 1))[0]
        if o is None:
            cap = "individual"
        if o and rng.random() < 0.5:
            p.email = f"{p.email.split('@')[0]}@{self.org_domain(o)}"
        return Who(p, t, o, cap)

    def org_domain(self, org: str) -> str:
        words = [w for w in re.split(r"[^A-Za-z]+", _ascii_words(org)) if len(w) > 2]
        stem = "".join(w[0] for w in words[:5]).lower() or "org"
        return f"{stem}.example.org"

    def other_org(self, org: str | None) -> str:
        while True:
            other = make_org(self.rng)
            if other != org:
                return other

    # pieces of text -----------------------------------------------------
    def greeting(self) -> str:
        return self.rng.choice((
            "Dear Coordinator,", "Hello,", "Hi,", "Dear friends,", "Good morning,",
            "Dear IRF Roundtable,", "Greetings,", "Hi there,", "To the coordinator:",
            "Dear colleagues,", "Salaam,", "Shalom,", "Bonjour,", "Hola,", "",
        ))  # fmt: skip

    def signoff(self) -> str:
        return self.rng.choice((
            "Best,", "Best regards,", "Blessings,", "In peace,", "Thank you,", "Thanks,",
            "Sincerely,", "Warm regards,", "Peace,", "With gratitude,", "Cordialement,",
            "Saludos,", "Mit freundlichen Grüßen,", "Regards,", "In Christ,", "Shalom,",
            "Salaam,", "Yours in faith,", "Many thanks,", "Cheers,",
        ))  # fmt: skip

    def phone(self) -> str:
        r = self.rng
        return r.choice((
            f"({r.randrange(200, 999)}) 555-0{r.randrange(100, 199)}",
            f"+1 {r.randrange(200, 999)} 555 0{r.randrange(100, 199)}",
            f"+44 20 7946 0{r.randrange(100, 999)}",
            f"Tel. {r.randrange(200, 999)}.555.0{r.randrange(100, 199)}",
            f"Mobile: +{r.randrange(20, 99)} {r.randrange(100, 999)} {r.randrange(1000, 9999)}",
        ))  # fmt: skip

    def extras(self, w: Who) -> list[str]:
        r = self.rng
        lines: list[str] = []
        if r.random() < 0.5:
            lines.append(self.phone())
        if r.random() < 0.3:
            lines.append(f"{r.randrange(10, 9999)} {r.choice(STREETS)}, {r.choice(CITIES)}")
        if r.random() < 0.3:
            lines.append(w.p.email)
        if r.random() < 0.2:
            handle = _ascii(w.p.last) or "faith"
            lines.append(r.choice((f"Twitter: @{handle}", f"www.{handle}.example.org",
                                   f"facebook.com/{handle}", "Pronouns: she/her" if w.p.she
                                   else "Pronouns: he/him")))  # fmt: skip
        if r.random() < 0.1:
            lines.append(r.choice(("Sent from my iPhone", "Get Outlook for Android",
                                   "Sent from my Galaxy")))  # fmt: skip
        return lines

    def sig(self, w: Who, *, extras: bool = True, org_line: bool = True) -> str:
        """A signature block; the title and organization lines show what is labelled."""
        r = self.rng
        lines = [w.p.shown()]
        t, o = w.title, w.org if org_line else None
        if t and w.p.prefix == t and r.random() < 0.5:
            t = None  # a role prefix alone is the title
        if t and o and r.random() < 0.25:
            lines.append(f"{t}{r.choice((', ', ' | ', ' – ', ', '))}{o}")
        else:
            if t:
                lines.append(t)
            if o:
                lines.append(o)
        if extras:
            lines += self.extras(w)
        return "\n".join(lines)

    def cap_phrase(self, w: Who) -> str:
        r = self.rng
        o = w.org or "our organization"
        if w.cap == "both":
            return r.choice((
                f"I sign personally and on behalf of {o}.",
                f"Please list both me and {o}.",
                f"{o} signs as an organization, and I sign as an individual too.",
                "Signing both as an individual and for the organization.",
            ))  # fmt: skip
        if w.cap == "organization":
            return r.choice((
                f"I am signing on behalf of {o} (as an organization).",
                f"{o} would like to sign as an organization.",
                "This is an organizational sign-on.",
                f"Please add {o} as an organizational signer.",
            ))  # fmt: skip
        if w.org:
            return r.choice((
                "I sign as an individual; the affiliation is for identification only.",
                "Individual signature, please (organization for identification only).",
                "I'm signing personally.",
                "",
                "",
            ))  # fmt: skip
        return ""

    def earlier_signers(self) -> str:
        if self.rng.random() < 0.45:
            return ""
        lines = ["So far the letter has been signed by:"]
        for _ in range(self.rng.randrange(2, 6)):
            w = self.who(honorific=0.2)
            parts = [w.p.shown(post=False), w.title or "", w.org or ""]
            lines.append("  - " + ", ".join(x for x in parts if x))
        return "\n".join(lines) + "\n\n"

    def call(self) -> str:
        template = "\n".join(
            f"  {label}"
            for label in (
                "Name:",
                "Title:",
                "Organization:",
                "Signing as: organization / individual / both",
            )
        )
        return (
            "Dear friends,\n\n"
            "The IRF Roundtable invites organizations and individuals to sign the open\n"
            "letter below in support of religious prisoners of conscience.\n\n"
            "To sign, reply to this email with:\n\n"
            f"{template}\n\n"
            "Titles and organizations of individual signers are listed for\n"
            "identification purposes only. The deadline is 5:00 pm Eastern on\n"
            "Wednesday, July 1, 2020.\n\n"
            f"{self.earlier_signers()}"
            "With gratitude,\n"
            f"{COORD_NAME}\n{COORD_ADDR}\n"
        )

    def confirmation(self, rec: Record) -> str:
        def show(v: str | None) -> str:
            return v if v else "-"

        return (
            f"Dear {rec['name'] or rec['organization']},\n\n"
            "Thank you for signing the open letter on religious prisoners of\n"
            "conscience. We have recorded:\n\n"
            f"  Name: {show(rec['name'])}\n"
            f"  Title: {show(rec['title'])}\n"
            f"  Organization: {show(rec['organization'])}\n"
            f"  Signing as: {rec['capacity']}\n\n"
            "If anything is wrong, simply reply to this message.\n\n"
            f"{COORD_NAME}\n{COORD_ADDR}\n"
        )

    def quote(self, text: str, when: datetime | None = None) -> str:
        """The quoted original under a reply: Gmail, Outlook, French, German or bare."""
        r = self.rng
        when = when or CALL_SENT
        style = r.randrange(6)
        if style == 0:
            head = (
                f"On {when.strftime('%a, %b %d, %Y at %I:%M %p').replace(' 0', ' ')} "
                f"{COORD_NAME} <{COORD_ADDR}> wrote:"
            )
            return head + "\n" + _prefix(text, "> ")
        if style == 1:
            return (
                "________________________________\n"
                f"From: {COORD_NAME} <{COORD_ADDR}>\n"
                f"Sent: {when.strftime('%A, %B %d, %Y %I:%M %p').replace(' 0', ' ')}\n"
                "To: undisclosed-recipients\n"
                f"Subject: {CALL_SUBJECT}\n\n" + text
            )
        if style == 2:
            return (
                "-----Original Message-----\n"
                f"From: {COORD_NAME} [mailto:{COORD_ADDR}]\n"
                f"Sent: {when.strftime('%d %B %Y %H:%M')}\n"
                f"Subject: {CALL_SUBJECT}\n\n" + text
            )
        if style == 3:
            return (
                f"Le {when.strftime('%d/%m/%Y à %H:%M')}, {COORD_NAME} <{COORD_ADDR}> a écrit :\n"
                + _prefix(text, "> ")
            )
        if style == 4:
            return (
                f"Am {when.strftime('%d.%m.%Y um %H:%M')} schrieb {COORD_NAME} <{COORD_ADDR}>:\n"
                + _prefix(text, ">")
            )
        return f"On {when.strftime('%d/%m/%Y %H:%M')}, {COORD_NAME} wrote:\n" + _prefix(text, "> ")

    def quoted_call(self) -> str:
        return self.quote(self.call())

    def quoted_confirmation(self, rec: Record) -> str:
        when = self.received - timedelta(days=self.rng.randrange(1, 6), minutes=17)
        when = max(when, CALL_SENT + timedelta(hours=3))
        return self.quote(self.confirmation(rec), when)

    def maybe_call(self, body: str, p: float = 0.55) -> str:
        if self.rng.random() < p:
            return f"{body.rstrip()}\n\n{self.quoted_call()}"
        return body


STREETS = ("Main Street", "Church St.", "Oak Avenue", "Elm Rd", "Market Street", "King St W",
           "Park Place", "Rue de la Paix", "Calle Mayor", "Hauptstraße")  # fmt: skip
_NATIVE = ("fa_IR", "ar_AA", "hi_IN", "ja_JP", "ko_KR", "zh_CN", "ru_RU", "uk_UA", "he_IL",
           "el_GR", "th_TH", "hy_AM", "ka_GE", "bn_BD")  # fmt: skip


def _pick(fake: Faker, method: str, fallback: str = "last_name") -> str:
    fn = getattr(fake, method, None) or getattr(fake, fallback)
    return str(fn()).strip()


def _ascii_words(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _prefix(text: str, mark: str) -> str:
    return "\n".join(f"{mark}{line}".rstrip() if line else mark.rstrip() for line in
                     text.rstrip("\n").split("\n")) + "\n"  # fmt: skip


def _join(*parts: str) -> str:
    return "\n\n".join(p.strip("\n") for p in parts if p and p.strip()) + "\n"


# --------------------------------------------------------------------------- layouts

Layout = Callable[[Gen], Draft]
LAYOUTS: list[Layout] = []


def layout(fn: Layout) -> Layout:
    LAYOUTS.append(fn)
    return fn


LABELS_EN = {
    "name": ("Name:", "Name :", "Full name:", "NAME:", "name:", "Signer:", "Your name:", "Nmae:",
             "Name and surname:", "Signatory:"),
    "title": ("Title:", "Title :", "Position:", "Role:", "TITLE:", "title:", "Job title:",
              "Tilte:", "Title/Position:"),
    "org": ("Organization:", "Organisation:", "Org:", "Affiliation:", "ORGANIZATION:",
            "organization:", "Organziation:", "Institution:", "Organization/Congregation:",
            "Church/Organization:"),
    "cap": ("Signing as:", "Sign as:", "Capacity:", "Signing as :", "Individual/Organization:",
            "signing as:", "Signing in capacity of:"),
}  # fmt: skip
LABELS_FOREIGN = (
    ("Nom :", "Titre :", "Organisation :", "Signature en tant que :",
     ("individu", "organisation", "les deux"), ("non", "aucune", "sans objet")),
    ("Nom et prénom:", "Fonction:", "Organisme:", "Qualité:",
     ("à titre individuel", "au nom de l'organisation", "les deux"), ("aucune", "néant", "n/a")),
    ("Nombre:", "Cargo:", "Organización:", "Firma como:",
     ("individual", "organización", "ambos"), ("ninguna", "no aplica", "N/A")),
    ("Nombre completo:", "Título:", "Institución:", "Calidad:",
     ("persona", "organización", "ambos"), ("ninguno", "N/A", "ninguna")),
    ("Name:", "Titel:", "Organisation:", "Unterzeichnung als:",
     ("Einzelperson", "Organisation", "beides"), ("keine", "entfällt", "k.A.")),
    ("Vor- und Nachname:", "Funktion:", "Institution:", "Zeichnung:",
     ("persönlich", "für die Organisation", "beides"), ("keine", "-", "entfällt")),
    ("Nome:", "Cargo:", "Organização:", "Assinando como:",
     ("individual", "organização", "ambos"), ("nenhuma", "não se aplica", "N/A")),
    ("Nome e cognome:", "Qualifica:", "Organizzazione:", "Firma come:",
     ("individuale", "organizzazione", "entrambi"), ("nessuna", "N/A", "nessuno")),
    ("Naam:", "Functie:", "Organisatie:", "Ondertekent als:",
     ("persoon", "organisatie", "beide"), ("geen", "n.v.t.", "geen")),
    ("Imię i nazwisko:", "Stanowisko:", "Organizacja:", "Podpis jako:",
     ("osoba prywatna", "organizacja", "oba"), ("brak", "nie dotyczy", "brak")),
    ("Ad Soyad:", "Unvan:", "Kuruluş:", "İmza türü:",
     ("bireysel", "kurum", "her ikisi"), ("yok", "yok", "yok")),
    ("Nama:", "Jabatan:", "Organisasi:", "Menandatangani sebagai:",
     ("individu", "organisasi", "keduanya"), ("tidak ada", "-", "tidak ada")),
    ("Имя:", "Должность:", "Организация:", "Подписывается как:",
     ("частное лицо", "организация", "оба"), ("нет", "нет", "не указывать")),
    ("نام:", "سمت:", "سازمان:", "امضا به عنوان:",
     ("فردی", "سازمانی", "هر دو"), ("ندارد", "ندارد", "-")),
    ("الاسم:", "المنصب:", "المنظمة:", "التوقيع بصفة:",
     ("فردية", "مؤسسية", "كلاهما"), ("لا يوجد", "لا يوجد", "-")),
    ("Jina:", "Cheo:", "Shirika:", "Kusaini kama:",
     ("binafsi", "shirika", "zote mbili"), ("hakuna", "hakuna", "-")),
)  # fmt: skip
CAP_WORDS_EN = {
    "individual": ("individual", "Individual", "individual (personal)", "personal", "Individually"),
    "organization": ("organization", "Organization", "organisation",
                     "on behalf of the organization", "org"),
    "both": ("both", "Both", "both (individual and organization)", "individual and organization",
             "Both!"),
}  # fmt: skip
NONE_EN = ("N/A", "n/a", "none", "None", "-", "N.A.", "not applicable",
           "(please do not list)", "none - signing personally", "prefer not to list")  # fmt: skip
CAPS = ("individual", "organization", "both")


def _block(g: Gen, w: Who, labels: tuple[str, str, str, str], caps: tuple[str, ...],
           nones: tuple[str, ...], sep: str = " ", cap_line: float = 0.7) -> str:  # fmt: skip
    r = g.rng
    name = w.p.shown(prefix=r.random() < 0.5, post=r.random() < 0.5)
    if w.p.prefix and w.p.prefix == w.title:
        name = w.p.shown()
    lines = [f"{labels[0]}{sep}{name}"]
    lines.append(f"{labels[1]}{sep}{w.title if w.title else r.choice(nones)}")
    lines.append(f"{labels[2]}{sep}{w.org if w.org else r.choice(nones)}")
    if w.cap != "individual" or r.random() < cap_line:
        lines.append(f"{labels[3]}{sep}{caps[CAPS.index(w.cap)]}")
    return "\n".join(lines)


def _en_labels(g: Gen) -> tuple[str, str, str, str]:
    r = g.rng
    return (r.choice(LABELS_EN["name"]), r.choice(LABELS_EN["title"]),
            r.choice(LABELS_EN["org"]), r.choice(LABELS_EN["cap"]))  # fmt: skip


def _en_caps(g: Gen) -> tuple[str, str, str]:
    return (g.rng.choice(CAP_WORDS_EN["individual"]), g.rng.choice(CAP_WORDS_EN["organization"]),
            g.rng.choice(CAP_WORDS_EN["both"]))  # fmt: skip


def _intro(g: Gen) -> str:
    return g.rng.choice((
        "Please add my name to the letter.", "I would like to sign.", "Happy to sign on.",
        "Count me in. Details below:", "Here are my details:", "Please add me as follows:",
        "We are honoured to sign.", "Thank you for this important letter. My information:",
        "Yes, I will sign.", "Please include me among the signers.", "",
    ))  # fmt: skip


def _first_name_line(w: Who) -> str:
    return w.p.first if w.p.first in w.p.typed else w.p.typed


@layout
def labelled_block_english(g: Gen) -> Draft:
    w = g.who()
    block = _block(g, w, _en_labels(g), _en_caps(g), NONE_EN, sep=g.rng.choice((" ", "  ", "\t")))
    body = _join(g.greeting(), _intro(g), block, g.signoff() + "\n" + _first_name_line(w))
    return Draft(
        "signature",
        [w.record()],
        g.maybe_call(body),
        w.p,
        notes="Labelled Name/Title/Organization block above the quoted call.",
    )


@layout
def labelled_block_foreign(g: Gen) -> Draft:
    r = g.rng
    spec = r.choice(LABELS_FOREIGN)
    w = g.who()
    block = _block(g, w, spec[:4], spec[4], spec[5])
    body = _join(g.greeting(), block, g.signoff() + "\n" + _first_name_line(w))
    return Draft(
        "signature",
        [w.record()],
        g.maybe_call(body),
        w.p,
        notes=f"Labels in another language ({spec[0]} ...); none-words mean null.",
    )


@layout
def labelled_block_dashes(g: Gen) -> Draft:
    r = g.rng
    w = g.who()
    labels = tuple(x.rstrip(": ") for x in _en_labels(g))
    sep = r.choice((" - ", " – ", " = ", " -- ", ": "))
    block = _block(g, w, labels, _en_caps(g), NONE_EN, sep=sep)  # type: ignore[arg-type]
    body = _join(g.greeting(), _intro(g), block, g.signoff())
    return Draft(
        "signature",
        [w.record()],
        g.maybe_call(body),
        w.p,
        notes="Labels followed by dashes or equals signs instead of colons.",
    )


@layout
def labelled_one_line(g: Gen) -> Draft:
    r = g.rng
    w = g.who(title=0.98, org=0.98)
    sep = r.choice((" | ", "; ", " / ", "  "))
    parts = [f"Name: {w.p.shown(prefix=False, post=False)}", f"Title: {w.title or 'N/A'}",
             f"Org: {w.org or 'none'}"]  # fmt: skip
    if w.cap != "individual":
        parts.append(f"Signing as: {w.cap}")
    body = _join(g.greeting(), "Please add: " + sep.join(parts), g.signoff())
    return Draft(
        "signature",
        [w.record()],
        g.maybe_call(body),
        w.p,
        notes="All labelled fields on one line, separated by pipes or semicolons.",
    )


@layout
def labelled_declines_fields(g: Gen) -> Draft:
    r = g.rng
    w = g.who(cap="individual", title=0.5, org=0.5)
    if w.title is None and w.p.prefix in ROLE_PREFIXES:
        w.p.prefix = ""
    lab = _en_labels(g)
    t_line = w.title or r.choice(("N/A", "none", "I'd rather not list a title", "—", "n/a"))
    o_line = w.org or r.choice((
        "none (please list me as an individual only)", "N/A", "I prefer not to list my employer",
        "None", "no affiliation", "independent",
    ))  # fmt: skip
    block = f"{lab[0]} {w.p.shown()}\n{lab[1]} {t_line}\n{lab[2]} {o_line}"
    body = _join(g.greeting(), _intro(g), block, g.signoff())
    return Draft(
        "signature",
        [w.record()],
        g.maybe_call(body),
        w.p,
        notes="Declined or N/A title/organization are null.",
    )


@layout
def prose_add_my_name(g: Gen) -> Draft:
    r = g.rng
    w = g.who(cap="individual")
    bits = [w.p.shown(prefix=w.title == w.p.prefix or r.random() < 0.6)]
    if w.title and w.title != w.p.prefix:
        bits.append(w.title)
    if w.org:
        bits.append(w.org)
    lead = r.choice(("Please add my name:", "Please add me:", "Add my name please -",
                     "Kindly add my name to the letter:", "I'd like to sign:"))  # fmt: skip
    body = _join(g.greeting(), f"{lead} {', '.join(bits)}.", g.signoff())
    return Draft(
        "signature",
        [w.record()],
        g.maybe_call(body),
        w.p,
        notes="Prose sign-on with name, title and organization in one sentence.",
    )


@layout
def prose_i_name_title_of_org(g: Gen) -> Draft:
    r = g.rng
    w = g.who(title=1.0, org=1.0)
    if w.p.prefix in ROLE_PREFIXES:
        w.p.prefix = ""
    s = (
        f"I, {w.p.shown(prefix=False)}, {w.title} {r.choice(('of', 'at', 'with'))} {w.org}, "
        f"{r.choice(('wish to sign', 'would like to add my name to', 'endorse'))} the letter."
    )
    body = _join(g.greeting(), s, g.cap_phrase(w), g.signoff() + "\n" + w.p.first)
    return Draft(
        "signature",
        [w.record()],
        g.maybe_call(body),
        w.p,
        notes="'I, NAME, TITLE of ORG, ...' prose sign-on.",
    )


@layout
def prose_org_signs(g: Gen) -> Draft:
    r = g.rng
    w = g.who(cap=r.choice(("organization", "both")), title=1.0, org=1.0)
    lead = r.choice((f"{w.org} is glad to sign on to the letter.",
                     f"Please add {w.org} to the list of signers.",
                     f"On behalf of {w.org}, we endorse the letter."))  # fmt: skip
    extra = ("I will also sign personally." if w.cap == "both" else
             "I am not signing personally, only for the organization.")  # fmt: skip
    body = _join(g.greeting(), lead + " " + extra, g.signoff(), g.sig(w))
    return Draft(
        "signature",
        [w.record()],
        g.maybe_call(body),
        w.p,
        notes="The organization signs; the named sender signs for it (or both).",
    )


@layout
def signature_block_signoff(g: Gen) -> Draft:
    r = g.rng
    w = g.who(honorific=0.45, post=0.25)
    lead = r.choice(("Please add my name to the letter.", "I am glad to sign.",
                     "Yes, sign me up.", "Count me in!", "Happy to add my name.",
                     "Thank you for organizing this. Please include me."))  # fmt: skip
    body = _join(g.greeting(), lead + " " + g.cap_phrase(w), g.signoff(), g.sig(w))
    return Draft(
        "signature",
        [w.record()],
        g.maybe_call(body),
        w.p,
        notes="Signature block under a sign-off, with phone/address lines.",
    )


@layout
def signature_dash_dash(g: Gen) -> Draft:
    w = g.who(post=0.2)
    body = f"{_intro(g) or 'Please add my name.'}\n\n-- \n{g.sig(w)}\n"
    return Draft(
        "signature",
        [w.record()],
        g.maybe_call(body),
        w.p,
        notes="Request above a '-- ' signature separator.",
    )


@layout
def signoff_then_signature(g: Gen) -> Draft:
    w = g.who()
    body = _join("Please add me.", g.signoff() + "\n" + w.p.first, g.sig(w))
    return Draft(
        "signature",
        [w.record()],
        g.maybe_call(body),
        w.p,
        notes="A first-name sign-off, then the full signature block.",
    )


@layout
def one_liner_from_header(g: Gen) -> Draft:
    r = g.rng
    p = g.person(honorific=0.0, caps=False)
    line = r.choice(("Please add my name.", "Sign me up.", "I'd like to sign, thanks.",
                     "Add me please", "Count me in.", "Yes, please include my name."))  # fmt: skip
    rec = {"name": p.name, "title": None, "organization": None, "capacity": "individual"}
    return Draft(
        "signature",
        [rec],
        g.maybe_call(line + "\n", 0.3),
        p,
        notes="One line; the name is only in the From header.",
    )


@layout
def one_liner_with_details(g: Gen) -> Draft:
    r = g.rng
    w = g.who(cap="individual", honorific=0.2)
    extra = f", {w.title}" if w.title and w.title != w.p.prefix else ""
    extra += f", {w.org}" if w.org else ""
    line = r.choice(("Count me in", "Sign me up", "Add me", "Yes"))
    body = f"{line} -- {w.p.shown(post=False)}{extra}\n"
    if r.random() < 0.4:
        body += "\nSent from my iPhone\n"
    return Draft(
        "signature",
        [w.record()],
        g.maybe_call(body, 0.4),
        w.p,
        notes="Short mobile reply with the details on one line.",
    )


@layout
def subject_line_signon(g: Gen) -> Draft:
    r = g.rng
    w = g.who(cap="individual", title=0.9, org=0.95, honorific=0.1)
    parts = [w.p.shown(post=False)] + [x for x in (w.title, w.org) if x and x != w.p.prefix]
    subject = r.choice(("Sign on: ", "Please add: ", "SIGN: ", "Add my name - ")) + ", ".join(parts)
    body = r.choice(("", "See subject.\n", "Details in the subject line. Thanks!\n", "Thanks\n"))
    return Draft(
        "signature",
        [w.record()],
        body,
        w.p,
        subject=subject,
        reply=False,
        notes="The details are in the Subject line only.",
    )


@layout
def answers_after_quoted_labels(g: Gen) -> Draft:
    w = g.who()
    call = _prefix(g.call(), "> ")
    ans = {"Name:": w.p.shown(), "Title:": w.title or "N/A", "Organization:": w.org or "none",
           "Signing as:": w.cap}  # fmt: skip
    out = []
    for line in call.split("\n"):
        out.append(line)
        for label, value in ans.items():
            if line.strip("> ").startswith(label):
                out.append(value)
    head = f"On Wed, Jun 10, 2020 at 9:02 AM {COORD_NAME} <{COORD_ADDR}> wrote:"
    body = _join(
        g.greeting(), "My answers are inline below.", w.p.first, head + "\n" + "\n".join(out)
    )
    return Draft(
        "signature",
        [w.record()],
        body,
        w.p,
        notes="Answers on their own lines after each quoted '> Name:' line.",
    )


@layout
def answers_typed_into_quote(g: Gen) -> Draft:
    w = g.who()
    call = g.call()
    call = call.replace("  Name:", f"  Name: {w.p.shown()}")
    call = call.replace("  Title:", f"  Title: {w.title or 'N/A'}")
    call = call.replace("  Organization:", f"  Organization: {w.org or 'none'}")
    call = call.replace("  Signing as: organization / individual / both", f"  Signing as: {w.cap}")
    head = f"On Wed, Jun 10, 2020 at 9:02 AM {COORD_NAME} <{COORD_ADDR}> wrote:"
    body = _join("See my details in the form below.", head + "\n" + _prefix(call, "> "))
    return Draft(
        "signature",
        [w.record()],
        body,
        w.p,
        notes="Answers typed after the labels inside the quoted call.",
    )


@layout
def bottom_posted_reply(g: Gen) -> Draft:
    w = g.who()
    body = _join(g.quoted_call(), _intro(g) or "Please add me.", g.sig(w, extras=False))
    return Draft(
        "signature",
        [w.record()],
        body,
        w.p,
        notes="Bottom-posted: the quoted call first, the sign-on under it.",
    )


def _list_people(g: Gen, n: int, org: str | None = None) -> list[Who]:
    return [g.who(cap="individual", honorific=0.25, org_name=org) for _ in range(n)]


def _entry(w: Who, sep: str = ", ", org: bool = True) -> str:
    parts = [w.p.shown(post=False)]
    if w.title and w.title != w.p.prefix:
        parts.append(w.title)
    if org and w.org:
        parts.append(w.org)
    return sep.join(parts)


@layout
def numbered_list(g: Gen) -> Draft:
    r = g.rng
    ws = _list_people(g, r.randrange(2, 6))
    sender = ws[0].p if r.random() < 0.5 else g.person()
    lines = [f"{i}{r.choice(('.', ')'))} {_entry(w)}" for i, w in enumerate(ws, 1)]
    lead = r.choice(("Please add the following signers:", "The following would like to sign:",
                     "Several of us would like to sign, as individuals:"))  # fmt: skip
    body = _join(g.greeting(), lead, "\n".join(lines), g.signoff() + "\n" + sender.typed)
    return Draft(
        "signature",
        [w.record() for w in ws],
        g.maybe_call(body),
        sender,
        notes="Numbered list of several individual signers.",
    )


@layout
def bulleted_list(g: Gen) -> Draft:
    r = g.rng
    ws = _list_people(g, r.randrange(2, 6))
    mark = r.choice(("- ", "* ", "• ", "– "))
    sep = r.choice((", ", " — ", " - "))
    lines = [mark + _entry(w, sep) for w in ws]
    body = _join(g.greeting(), "Please add these names:", "\n".join(lines), g.signoff())
    return Draft(
        "signature",
        [w.record() for w in ws],
        g.maybe_call(body),
        ws[0].p,
        notes="Bulleted list of signers.",
    )


@layout
def tab_list(g: Gen) -> Draft:
    ws = _list_people(g, g.rng.randrange(2, 6))
    for w in ws:
        w.title = w.title or make_title(g.rng)
        w.org = w.org or make_org(g.rng)
    rows = ["Name\tTitle\tOrganization"] + [
        f"{w.p.shown(post=False)}\t{w.title}\t{w.org}" for w in ws
    ]
    body = _join(g.greeting(), "Pasted from our spreadsheet:", "\n".join(rows), g.signoff())
    return Draft(
        "signature",
        [w.record() for w in ws],
        body,
        g.person(),
        notes="Tab-separated rows pasted from a spreadsheet.",
    )


@layout
def pipe_table_list(g: Gen) -> Draft:
    ws = _list_people(g, g.rng.randrange(2, 5))
    rows = ["| Name | Title | Organization |", "|---|---|---|"] + [
        f"| {w.p.shown(post=False)} | {w.title or 'N/A'} | {w.org or 'N/A'} |" for w in ws
    ]
    body = _join("Signers from our group:", "\n".join(rows), g.signoff())
    return Draft(
        "signature",
        [w.record() for w in ws],
        g.maybe_call(body),
        ws[0].p,
        notes="Pipe table of several signers.",
    )


@layout
def one_org_for_all(g: Gen) -> Draft:
    r = g.rng
    org = make_org(r)
    ws = _list_people(g, r.randrange(2, 5), org=org)
    org_signs = r.random() < 0.4
    lead = f"The following members of {org} would like to sign as individuals:"
    if org_signs:
        lead = f"{org} signs as an organization, and the following also sign personally:"
    lines = [f"{r.choice(('- ', '* ', ''))}{_entry(w, org=False)}" for w in ws]
    recs = ([org_record(org)] if org_signs else []) + [w.record() for w in ws]
    body = _join(g.greeting(), lead, "\n".join(lines), g.signoff())
    return Draft(
        "signature",
        recs,
        g.maybe_call(body),
        ws[0].p,
        notes="One organization named once for all listed people.",
    )


@layout
def couple_mr_mrs(g: Gen) -> Draft:
    r = g.rng
    a = g.person(honorific=0.0, latin=True)
    last = a.last
    fake = _faker("en_US")
    fake.seed_instance(r.getrandbits(32))
    first_b = fake.first_name_female() if not a.she else fake.first_name_male()
    b = Person(f"{first_b} {last}", f"{first_b} {last}", first_b, last)
    mr, mrs = (b, a) if a.she else (a, b)
    body = _join(
        g.greeting(),
        f"Mr. and Mrs. {last} would both like to sign, as individuals:",
        f"{mr.name}\n{mrs.name}",
        g.signoff() + f"\n{mr.first} and {mrs.first}",
    )
    recs = [{"name": x.name, "title": None, "organization": None, "capacity": "individual"}
            for x in (mr, mrs)]  # fmt: skip
    return Draft(
        "signature",
        recs,
        g.maybe_call(body),
        a,
        notes="A couple: 'Mr. and Mrs. X', then both full names.",
    )


@layout
def couple_shared_surname(g: Gen) -> Draft:
    r = g.rng
    org = make_org(r)
    a = g.who(cap="individual", org_name=org, honorific=0.0, latin=True)
    b = g.who(cap="individual", org_name=org, honorific=0.0, latin=True)
    b.p = Person(f"{b.p.first} {a.p.last}", f"{b.p.first} {a.p.last}", b.p.first, a.p.last)
    lines = [f"{a.p.name}, {a.title}" if a.title else a.p.name,
             f"{b.p.name}, {b.title}" if b.title else b.p.name]  # fmt: skip
    body = _join(
        g.greeting(),
        f"{a.p.first} and {b.p.first} {a.p.last} would both like to sign. We are members of {org}.",
        "\n".join(lines),
        g.signoff(),
    )
    return Draft(
        "signature",
        [a.record(), b.record()],
        g.maybe_call(body),
        a.p,
        notes="'A and B Surname': two signers, full names listed below.",
    )


@layout
def org_only_office(g: Gen) -> Draft:
    r = g.rng
    org = make_org(r)
    dom = g.org_domain(org)
    box = r.choice(("info", "office", "admin", "contact", "secretary", "board"))
    body_lead = r.choice((
        f"The board of {org} has voted to sign the letter as an organization.",
        f"Please add {org} as an organizational signer.",
        f"{org} would like to endorse the letter.",
        f"Our council agreed: {org} signs on.",
    ))  # fmt: skip
    sig = (
        f"{org}\n{r.choice(('Office of the Board', 'Parish Office', 'Main Office', 'Front desk'))}"
    )
    sig += "\n" + g.phone()
    body = _join(g.greeting(), body_lead, g.signoff(), sig)
    return Draft(
        "signature",
        [org_record(org)],
        g.maybe_call(body),
        None,
        sender_name=org,
        sender_addr=f"{box}@{dom}",
        notes="An organization signs from an office address; no named person.",
    )


@layout
def org_named_contact_org_only(g: Gen) -> Draft:
    w = g.who(cap="organization", title=1.0, org=1.0)
    body = _join(
        g.greeting(),
        f"{w.org} would like to sign as an organization. I am not signing as an individual;"
        " I'm just the contact.",
        g.signoff(),
        g.sig(w),
    )
    return Draft(
        "signature",
        [w.record()],
        g.maybe_call(body),
        w.p,
        notes="A named person signs for the organization only: capacity organization.",
    )


@layout
def assistant_for_principal(g: Gen) -> Draft:
    r = g.rng
    boss = g.who(title=1.0, org=1.0, honorific=0.7)
    if boss.p.prefix in ROLE_PREFIXES and boss.title != boss.p.prefix:
        boss.p.prefix = "Dr."
    asst = g.who(org_name=boss.org, honorific=0.0)
    asst.title = r.choice((
        f"Executive Assistant to the {boss.title}", "Executive Assistant", "Office Manager",
        "Administrative Assistant", "Chief of Staff",
    ))  # fmt: skip
    pron = "her" if boss.p.she else "his"
    cap = {
        "individual": f"{pron} name",
        "organization": boss.org,
        "both": f"{pron} name and {boss.org}",
    }
    lead = (f"On behalf of {boss.p.shown(post=False)}, {boss.title} of {boss.org}, please add "
            f"{cap[boss.cap]} to the open letter.")  # fmt: skip
    if boss.cap == "both":
        lead += " The signature is both personal and on behalf of the organization."
    body = _join(g.greeting(), lead, g.signoff(), g.sig(asst))
    return Draft(
        "signature",
        [boss.record()],
        body,
        asst.p,
        notes="An assistant writes for the principal; the assistant's block is not a signer.",
    )


@layout
def assistant_labelled_for_principal(g: Gen) -> Draft:
    boss = g.who(honorific=0.5)
    asst = g.who(org_name=boss.org, honorific=0.0)
    asst.title = g.rng.choice(("Assistant to the President", "Executive Assistant",
                               "Communications Associate", "Scheduler"))  # fmt: skip
    block = _block(g, boss, _en_labels(g), _en_caps(g), NONE_EN)
    body = _join(
        g.greeting(),
        f"{boss.p.shown(post=False)} asked me to send these details:",
        block,
        g.signoff(),
        g.sig(asst),
    )
    return Draft(
        "signature",
        [boss.record()],
        g.maybe_call(body),
        asst.p,
        notes="Assistant relays a labelled block; her/his own signature is not a signer.",
    )


@layout
def forwarded_chain(g: Gen) -> Draft:
    r = g.rng
    w = g.who()
    fwd = g.who(honorific=0.0)
    when = g.received - timedelta(hours=r.randrange(1, 48))
    inner = _join(_intro(g) or "Please add me.", g.cap_phrase(w), g.signoff(), g.sig(w))
    head = (f"---------- Forwarded message ---------\nFrom: {w.p.typed} <{w.p.email}>\n"
            f"Date: {format_datetime(when)}\nSubject: Re: {CALL_SUBJECT}\n"
            f"To: {fwd.p.typed} <{fwd.p.email}>\n")  # fmt: skip
    body = _join(
        g.greeting(),
        f"Forwarding {w.p.first}'s sign-on below.",
        g.signoff() + "\n" + g.sig(fwd, extras=False),
        head + "\n" + inner,
    )
    return Draft(
        "signature",
        [w.record()],
        body,
        fwd.p,
        subject=f"Fwd: {CALL_SUBJECT}",
        notes="Forwarded chain: the signer is in the forwarded part, not the forwarder.",
    )


@layout
def outlook_forward(g: Gen) -> Draft:
    w = g.who()
    fwd = g.who(honorific=0.0)
    when = g.received - timedelta(hours=g.rng.randrange(1, 30))
    inner = _join(g.greeting(), "Yes, we'd like to sign. " + g.cap_phrase(w), g.signoff(), g.sig(w))
    head = (f"From: {w.p.typed} <{w.p.email}>\nSent: {when.strftime('%A, %B %d, %Y %I:%M %p')}\n"
            f"To: {fwd.p.typed} <{fwd.p.email}>\nSubject: RE: {CALL_SUBJECT}\n")  # fmt: skip
    body = _join(
        "FYI - see below. Please add them.",
        fwd.p.first,
        "________________________________\n" + head + "\n" + inner,
    )
    return Draft(
        "signature",
        [w.record()],
        body,
        fwd.p,
        subject=f"FW: {CALL_SUBJECT}",
        notes="Outlook 'From: ... Sent: ...' forward; the signer is below it.",
    )


def _html_wrap(inner: str) -> str:
    return f'<html><head><meta charset="utf-8"></head><body>{inner}</body></html>'


def _h(text: str) -> str:
    return html.escape(text, quote=False)


@layout
def html_only_table(g: Gen) -> Draft:
    w = g.who()
    rows = [("Name", w.p.shown()), ("Title", w.title or "N/A"),
            ("Organization", w.org or "N/A"), ("Signing as", w.cap)]  # fmt: skip
    table = "".join(f"<tr><td><b>{_h(k)}</b></td><td>{_h(v)}</td></tr>" for k, v in rows)
    inner = (f"<p>{_h(g.greeting())}</p><p>Please find my details below.</p>"
             f'<table border="1" cellpadding="4">{table}</table><p>{_h(g.signoff())}<br>'
             f"{_h(w.p.first)}</p>")  # fmt: skip
    return Draft(
        "signature",
        [w.record()],
        "",
        w.p,
        html=_html_wrap(inner),
        html_only=True,
        notes="HTML-only mail with a two-column table.",
    )


@layout
def html_table_several(g: Gen) -> Draft:
    ws = _list_people(g, g.rng.randrange(2, 5))
    head = "<tr><th>Name</th><th>Title</th><th>Organization</th></tr>"
    rows = "".join(
        f"<tr><td>{_h(w.p.shown(post=False))}</td><td>{_h(w.title or '')}</td>"
        f"<td>{_h(w.org or '')}</td></tr>"
        for w in ws
    )
    inner = f"<p>Please add the following signers:</p><table>{head}{rows}</table><p>Thanks!</p>"
    html_only = g.rng.random() < 0.5
    text = (
        ""
        if html_only
        else "Please add the following signers:\n\n"
        + "\n".join("\t".join([w.p.shown(post=False), w.title or "", w.org or ""]) for w in ws)
        + "\n\nThanks!\n"
    )
    return Draft(
        "signature",
        [w.record() for w in ws],
        text,
        g.person(),
        html=_html_wrap(inner),
        html_only=html_only,
        notes="HTML table of several signers (HTML-only or with a text part).",
    )


@layout
def html_only_paragraphs(g: Gen) -> Draft:
    w = g.who(post=0.2)
    sig = "<br>".join(_h(x) for x in g.sig(w).split("\n"))
    inner = (f"<div>{_h(g.greeting())}</div><div><br></div><div>{_h(_intro(g) or 'Add me.')} "
             f"{_h(g.cap_phrase(w))}</div><div><br></div><div>{_h(g.signoff())}</div>"
             f"<div>{sig}</div>")  # fmt: skip
    return Draft(
        "signature",
        [w.record()],
        "",
        w.p,
        html=_html_wrap(inner),
        html_only=True,
        notes="HTML-only mail; the signature block is in <div>s.",
    )


@layout
def outlook_reply_earlier_signers(g: Gen) -> Draft:
    w = g.who()
    quoted = (f"From: {COORD_NAME} <{COORD_ADDR}>\nSent: Wednesday, June 10, 2020 9:02 AM\n"
              f"To: undisclosed-recipients\nSubject: {CALL_SUBJECT}\n\n" + g.call())  # fmt: skip
    body = _join(
        g.greeting(),
        "Please add my signature. " + g.cap_phrase(w),
        g.signoff(),
        g.sig(w),
        "________________________________\n" + quoted,
    )
    return Draft(
        "signature",
        [w.record()],
        body,
        w.p,
        notes="Outlook reply; the quoted call (unprefixed) lists earlier signers.",
    )


@layout
def prose_two_people(g: Gen) -> Draft:
    r = g.rng
    a = g.who(cap="individual", title=1.0, org=1.0)
    b = g.who(cap="individual", title=1.0, org=1.0)
    s = (f"Please add {a.p.shown(post=False)} ({a.title}, {a.org}) and my colleague "
         f"{b.p.shown(post=False)} ({b.title}, {b.org}).")  # fmt: skip
    if r.random() < 0.5:
        s = (f"I would like to sign: {a.p.typed}, {a.title}, {a.org}. My colleague "
             f"{b.p.typed}, {b.title} at {b.org}, asked me to add her name too.")  # fmt: skip
    body = _join(g.greeting(), s, g.signoff() + "\n" + a.p.first)
    return Draft(
        "signature",
        [a.record(), b.record()],
        g.maybe_call(body),
        a.p,
        notes="Two people named in prose.",
    )


@layout
def org_plus_self_plus_colleague(g: Gen) -> Draft:
    org = make_org(g.rng)
    a = g.who(cap="individual", title=1.0, org_name=org)
    b = g.who(cap="individual", title=1.0, org_name=org)
    body = _join(
        g.greeting(),
        f"{org} signs as an organization. In addition, please list as individuals:",
        f"{_entry(a)}\n{_entry(b)}",
        g.signoff(),
        g.sig(a, extras=False),
    )
    return Draft(
        "signature",
        [org_record(org), a.record(), b.record()],
        g.maybe_call(body),
        a.p,
        notes="Organization record first, then each person as an individual.",
    )


@layout
def coalition_relays_members(g: Gen) -> Draft:
    r = g.rng
    sender = g.who(cap="individual", title=1.0, org=1.0)
    orgs: list[str] = []
    while len(orgs) < r.randrange(2, 6):
        o = make_org(r)
        if o not in orgs and o != sender.org:
            orgs.append(o)
    lead = (f"On behalf of the {sender.org}, please add the following member organizations, "
            "each of which has approved signing:")  # fmt: skip
    body = _join(g.greeting(), lead, "\n".join(f"- {o}" for o in orgs), g.signoff(), g.sig(sender))
    return Draft(
        "signature",
        [org_record(o) for o in orgs],
        body,
        sender.p,
        notes="A coalition relays member organizations; the relayer does not sign.",
    )


@layout
def disclaimer_with_other_names(g: Gen) -> Draft:
    w = g.who()
    other = g.person(honorific=0.0)
    disc = (
        "CONFIDENTIALITY NOTICE: This e-mail and any attachments are intended only for the "
        "addressee. If you have received it in error, please notify "
        f"{other.typed}, Compliance Officer, at {other.email}, and delete it."
    )
    body = _join(g.greeting(), "Please add me. " + g.cap_phrase(w), g.signoff(), g.sig(w), disc)
    return Draft(
        "signature",
        [w.record()],
        g.maybe_call(body),
        w.p,
        notes="A legal disclaimer names another person, who is not a signer.",
    )


@layout
def persuasion_long_story(g: Gen) -> Draft:
    w = g.who(title=1.0)
    friend = g.person(honorific=0.0)
    story = (
        f"I have followed the cases of prisoners of conscience for many years; my late friend "
        f"{friend.typed} was held for two years for leading a house church. It means a great deal "
        "that this letter is going forward."
    )
    body = _join(g.greeting(), story, "So yes, please add my name.", g.signoff(), g.sig(w))
    return Draft(
        "signature",
        [w.record()],
        g.maybe_call(body),
        w.p,
        notes="The request is buried in a story that names someone else.",
    )


# ---- corrections --------------------------------------------------------------------


def _misspell(rng: random.Random, name: str) -> str:
    letters = [i for i, c in enumerate(name) if c.isalpha() and c.islower()]
    if len(letters) < 3:
        return name + "e"
    i = rng.choice(letters[1:-1])
    return name[:i] + name[i + 1 :] if rng.random() < 0.5 else name[:i] + name[i] + name[i:]


@layout
def correction_title(g: Gen) -> Draft:
    r = g.rng
    w = g.who(title=1.0, honorific=0.0)
    old = w.record()
    new = make_title(r)
    while new == w.title:
        new = make_title(r)
    w.title = new
    lead = r.choice((
        f"One correction: my title is {new}, not {old['title']}.",
        f"Could you please change my title to {new}?",
        f"Please update my title to \"{new}\". Thanks!",
        f"Small fix - title should read {new}.",
    ))  # fmt: skip
    body = _join(lead, g.signoff() + "\n" + w.p.first, g.quoted_confirmation(old))
    return Draft(
        "correction",
        [w.record()],
        body,
        w.p,
        notes="Title correction; the old title in the quoted confirmation is not labelled.",
    )


@layout
def correction_name_spelling(g: Gen) -> Draft:
    r = g.rng
    w = g.who(honorific=0.0, caps=False, latin=True)
    old = w.record()
    old["name"] = w.p.first + " " + _misspell(r, w.p.last) if " " in w.p.name else w.p.name + "e"
    lead = r.choice((
        f"My name is misspelled. It should be {w.p.name}.",
        f"Please correct the spelling of my name to {w.p.name} (not {old['name']}).",
        f"Sorry, typo on my part: {w.p.name}.",
    ))  # fmt: skip
    body = _join(lead, g.signoff(), g.quoted_confirmation(old))
    return Draft(
        "correction",
        [w.record()],
        body,
        w.p,
        notes="Name spelling correction; the misspelled name in the quote is old.",
    )


@layout
def correction_org(g: Gen) -> Draft:
    r = g.rng
    w = g.who(org=1.0, honorific=0.0)
    old = w.record()
    w.org = g.other_org(w.org)
    lead = r.choice((
        f"Please list my organization as {w.org}.",
        f"Could you change the organization to {w.org}? I listed the wrong one.",
        f"Correction: organization should be {w.org}.",
    ))  # fmt: skip
    body = _join(g.greeting(), lead, g.signoff() + "\n" + w.p.first, g.quoted_confirmation(old))
    return Draft(
        "correction",
        [w.record()],
        body,
        w.p,
        notes="Organization correction; unchanged fields from the quoted record.",
    )


@layout
def correction_capacity(g: Gen) -> Draft:
    r = g.rng
    w = g.who(cap="both", org=1.0, honorific=0.0)
    old = w.record()
    w.cap = r.choice(("individual", "organization"))
    lead = {
        "individual": "Our board hasn't approved an organizational signature yet, so please "
        "list me as an individual only (organization for identification).",
        "organization": "Please make this an organizational signature only; I should not be "
        "listed personally.",
    }[w.cap]
    body = _join(lead, g.signoff() + "\n" + w.p.first, g.quoted_confirmation(old))
    return Draft("correction", [w.record()], body, w.p, notes="Capacity correction.")


@layout
def correction_resend_details(g: Gen) -> Draft:
    w = g.who(honorific=0.0)
    old = w.record()
    w.title = make_title(g.rng) if g.rng.random() < 0.8 else None
    if w.title is None:
        w.title = "Member"
    block = _block(g, w, ("Name:", "Title:", "Organization:", "Signing as:"), CAPS, NONE_EN,
                   cap_line=1.0)  # fmt: skip
    body = _join(
        "Please use these corrected details instead:",
        block,
        g.signoff(),
        g.quoted_confirmation(old),
    )
    return Draft(
        "correction",
        [w.record()],
        body,
        w.p,
        notes="Corrected block re-sent above the quoted confirmation.",
    )


# ---- withdrawals --------------------------------------------------------------------


@layout
def withdrawal_personal(g: Gen) -> Draft:
    r = g.rng
    w = g.who(honorific=0.0)
    lead = r.choice((
        "Please remove my name from the letter.",
        "I'm sorry, but I need to withdraw my signature; my employer has advised against it.",
        "Please take me off the list of signers.",
        "After reflection I must withdraw. Please remove my name.",
    ))  # fmt: skip
    body = _join(lead, g.signoff() + "\n" + w.p.first, g.quoted_confirmation(w.record()))
    return Draft(
        "withdrawal",
        [w.record()],
        body,
        w.p,
        notes="Withdrawal; the record's fields are those in the quoted confirmation.",
    )


@layout
def withdrawal_org(g: Gen) -> Draft:
    w = g.who(cap=g.rng.choice(("both", "organization")), org=1.0, title=1.0)
    body = _join(
        f"Our board met last night and decided that {w.org} cannot sign at this time. "
        "Please withdraw our signature.",
        g.signoff(),
        g.sig(w, extras=False),
        g.quoted_confirmation(w.record()),
    )
    return Draft(
        "withdrawal",
        [w.record()],
        body,
        w.p,
        notes="Organization withdraws; the record comes from the confirmation.",
    )


@layout
def withdrawal_one_of_list(g: Gen) -> Draft:
    ws = _list_people(g, 3)
    gone = ws[g.rng.randrange(3)]
    body = _join(
        f"{gone.p.typed} has asked to be taken off the letter; the others stay.",
        g.signoff(),
        g.quote("We have recorded:\n" + "\n".join(_entry(w) for w in ws) + "\n", g.received
                - timedelta(days=2)),
    )  # fmt: skip
    return Draft(
        "withdrawal",
        [gone.record()],
        body,
        g.person(),
        notes="One of three listed signers withdraws; the sender relays it.",
    )


# ---- no signers ---------------------------------------------------------------------


@layout
def question_with_signature(g: Gen) -> Draft:
    r = g.rng
    w = g.who()
    q = r.choice((
        "Before I sign, could you send the full text of the letter as a PDF?",
        "Can non-citizens sign this letter?",
        "Who else has signed so far? I'd like to know before committing.",
        "Is it possible to sign both personally and for my organization? How do I indicate that?",
        "Will the letter be published, and where?",
        "Could the deadline be extended by a week? Our board meets on July 6.",
    ))  # fmt: skip
    body = _join(g.greeting(), q, g.signoff(), g.sig(w))
    return Draft(
        "question",
        [],
        g.maybe_call(body),
        w.p,
        should_confirm=False,
        notes="A question with a full signature block: no signers.",
    )


@layout
def question_conditional(g: Gen) -> Draft:
    r = g.rng
    w = g.who()
    boss = g.person()
    q = r.choice((
        f"We will sign after our board meets next week; {boss.typed} will write to you then.",
        "I'd sign if the letter also mentioned prisoners of other faiths. Is the text final?",
        f"I'm inclined to sign but need to check with {boss.typed} first.",
        "Unfortunately we are not able to sign this time. Thank you for your work.",
    ))  # fmt: skip
    body = _join(g.greeting(), q, g.signoff(), g.sig(w))
    return Draft(
        "question",
        [],
        g.maybe_call(body),
        w.p,
        should_confirm=False,
        notes="Conditional or declined; names in it are not signers.",
    )


@layout
def other_thanks(g: Gen) -> Draft:
    r = g.rng
    w = g.who()
    t = r.choice((
        "Thanks for confirming my signature!",
        "Thank you for your work on this letter. I've passed it to our director.",
        "Great to see so many signers. Keep us posted.",
        "Received, thank you.",
    ))  # fmt: skip
    body = _join(t, g.signoff(), g.sig(w, extras=False), g.quoted_confirmation(w.record()))
    return Draft(
        "other",
        [],
        body,
        w.p,
        should_confirm=False,
        notes="Thanks under a quoted confirmation: no signers.",
    )


@layout
def other_coordinator_copy(g: Gen) -> Draft:
    body = _join(
        "Reminder: the deadline to sign is 5:00 pm Eastern on Wednesday, July 1.",
        g.earlier_signers() or "Thank you to all who have signed so far.",
        f"With gratitude,\n{COORD_NAME}",
    )
    return Draft(
        "other",
        [],
        body,
        None,
        sender_name=COORD_NAME,
        sender_addr=COORD_ADDR,
        subject=f"Reminder: {CALL_SUBJECT}",
        reply=False,
        should_confirm=False,
        notes="The coordinator's own reminder copy, listing earlier signers.",
    )


@layout
def auto_reply_with_signature(g: Gen) -> Draft:
    w = g.who()
    other = g.person(honorific=0.0)
    body = _join(
        f"I am out of the office until {g.rng.randrange(6, 30)} July with limited access to "
        f"email. For urgent matters please contact {other.typed} at {other.email}.",
        g.sig(w, extras=False),
    )
    return Draft(
        "auto_reply",
        [],
        body,
        w.p,
        subject=f"Automatic reply: {CALL_SUBJECT}",
        headers=[("Auto-Submitted", "auto-replied")],
        should_confirm=False,
        notes="Out-of-office with a signature block and another person's name.",
    )


@layout
def iphone_short_both(g: Gen) -> Draft:
    w = g.who(cap="both", org=1.0, title=1.0, honorific=0.0)
    body = (f"Yes - both me and {w.org}. {w.p.typed}, {w.title}\n\nSent from my iPhone\n\n"
            f"> On Jun 10, 2020, at 9:02 AM, {COORD_NAME} <{COORD_ADDR}> wrote:\n>\n"
            + _prefix(g.call(), "> "))  # fmt: skip
    return Draft(
        "signature",
        [w.record()],
        body,
        w.p,
        notes="Short iPhone reply signing for self and organization.",
    )


@layout
def native_script_labelled(g: Gen) -> Draft:
    r = g.rng
    w = g.who()
    spec = r.choice(LABELS_FOREIGN[-4:])
    block = _block(g, w, spec[:4], spec[4], spec[5])
    return Draft(
        "signature",
        [w.record()],
        g.maybe_call(_join(block, w.p.first)),
        w.p,
        notes="Labels in Russian, Persian, Arabic or Swahili.",
    )


# --------------------------------------------------------------------------- rendering


def _received(rng: random.Random) -> datetime:
    if rng.random() < 0.07:
        late = timedelta(seconds=rng.randrange(1, 3 * 86400))
        return DEADLINE + late
    span = int((DEADLINE - CALL_SENT).total_seconds()) - 3600
    return CALL_SENT + timedelta(seconds=3600 + rng.randrange(span + 1))


def _text_to_html(text: str) -> str:
    out: list[str] = []
    quote: list[str] = []
    for line in text.split("\n"):
        if line.startswith(">"):
            quote.append(_h(line[1:].lstrip()) or "<br>")
            continue
        if quote:
            out.append("<blockquote>" + "<br>".join(quote) + "</blockquote>")
            quote = []
        out.append(f"<div>{_h(line)}</div>" if line else "<div><br></div>")
    if quote:
        out.append("<blockquote>" + "<br>".join(quote) + "</blockquote>")
    return _html_wrap("".join(out))


def _cte(rng: random.Random, text: str) -> str:
    if text.isascii():
        return rng.choices(("7bit", "quoted-printable", "base64"), (6, 3, 1))[0]
    return rng.choices(("8bit", "quoted-printable", "base64"), (4, 4, 2))[0]


def _safe_cte(cte: str, text: str) -> str:
    if cte in ("7bit", "8bit") and max((len(x) for x in text.split("\n")), default=0) > 900:
        return "quoted-printable"
    return cte


def _encode(text: str, cte: str) -> bytes:
    data = text.encode("utf-8")
    if cte == "base64":
        return base64.encodebytes(data)
    if cte == "quoted-printable":
        out = binascii.b2a_qp(data, istext=True)
        return out if out.endswith(b"\n") else out + b"\n"
    return data if data.endswith(b"\n") else data + b"\n"


def _part(rng: random.Random, text: str, subtype: str) -> bytes:
    cte = _safe_cte(_cte(rng, text), text)
    head = f'Content-Type: text/{subtype}; charset="utf-8"\nContent-Transfer-Encoding: {cte}\n\n'
    return head.encode("ascii") + _encode(text, cte)


def _header(value: str) -> str:
    return value if value.isascii() else Header(value, "utf-8").encode()


def render(d: Draft, rng: random.Random, received: datetime) -> bytes:
    """The message's bytes: headers written out directly (the email package's header
    objects are too slow for tens of thousands of messages), bodies encoded as chosen."""
    if d.sender is not None:
        name = d.sender_name or d.sender.typed
        addr = d.sender_addr or d.sender.email
    else:
        name, addr = d.sender_name or "", d.sender_addr or "office@example.org"
    sent = received - timedelta(seconds=rng.randrange(3, 400))
    host = addr.split("@")[1]
    msgid = f"<{rng.getrandbits(64):016x}.{rng.getrandbits(32):08x}@{host}>"
    subject = d.subject or (f"Re: {CALL_SUBJECT}" if d.reply else CALL_SUBJECT)
    heads = [
        ("Return-Path", f"<{addr}>"),
        ("Received", f"from mail.{host} (mail.{host} [192.0.2.{rng.randrange(1, 255)}])\n"
                     f"\tby mx1.irf-roundtable.example (Postfix) with ESMTPS id "
                     f"{rng.getrandbits(40):010X}\n\tfor <{COORD_ADDR}>; "
                     f"{format_datetime(received)}"),
        ("From", formataddr((name, addr), charset="utf-8") if name else addr),
        ("To", COORD_ADDR),
        ("Subject", _header(subject)),
        ("Date", format_datetime(sent)),
        ("Message-ID", msgid),
    ]  # fmt: skip
    if d.reply:
        heads += [("In-Reply-To", CALL_MSGID), ("References", CALL_MSGID)]
    heads += d.headers
    heads.append(("MIME-Version", "1.0"))
    top = "".join(f"{k}: {v}\n" for k, v in heads).encode("ascii")
    if d.html_only and d.html is not None:
        return top + _part(rng, d.html, "html")
    body = d.body if d.body.strip() else "\n"
    alt = d.html
    if alt is None and rng.random() < 0.3:
        alt = _text_to_html(body)
    if alt is None:
        return top + _part(rng, body, "plain")
    boundary = f"000000000000{rng.getrandbits(48):012x}"
    return (
        top
        + f'Content-Type: multipart/alternative; boundary="{boundary}"\n\n'.encode()
        + f"--{boundary}\n".encode()
        + _part(rng, body, "plain")
        + f"\n--{boundary}\n".encode()
        + _part(rng, alt, "html")
        + f"\n--{boundary}--\n".encode()
    )


def generate(n: int, seed: int = 0) -> Iterator[tuple[bytes, dict[str, Any]]]:
    """n messages: (raw RFC 5322 bytes, expected outcome dict in the corpus schema).

    The layouts are dealt round-robin over shuffled decks, so every layout appears
    once in every ``len(LAYOUTS)`` messages.
    """
    rng = random.Random(seed)  # noqa: S311 -- reproducible training data, not secrets
    deck: list[Layout] = []
    for _ in range(n):
        if not deck:
            deck = list(LAYOUTS)
            rng.shuffle(deck)
        fn = deck.pop()
        received = _received(rng)
        g = Gen(rng, received)
        d = fn(g)
        raw = render(d, rng, received)
        kind = d.kind
        confirm = d.should_confirm
        if confirm is None:
            confirm = kind in ("signature", "correction", "withdrawal")
        if any(k.lower() == "auto-submitted" for k, _ in d.headers):
            confirm = False
        outcome = {
            "received": received.isoformat(),
            "kind": kind,
            "signers": d.signers,
            "late": received > DEADLINE,
            "should_confirm": confirm,
            "notes": f"[synthetic:{fn.__name__}] {d.notes}",
        }
        yield raw, outcome


def layout_of(outcome: dict[str, Any]) -> str:
    """The layout a generated outcome came from (its notes start with ``[synthetic:NAME]``)."""
    m = re.match(r"\[synthetic:(\w+)\]", outcome["notes"])
    return m.group(1) if m else ""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m training.synthetic", description=__doc__)
    ap.add_argument("outdir", type=Path)
    ap.add_argument("--n", type=int, default=500)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    args.outdir.mkdir(parents=True, exist_ok=True)
    for i, (raw, outcome) in enumerate(generate(args.n, args.seed), 1):
        (args.outdir / f"{i:05d}.eml").write_bytes(raw)
        (args.outdir / f"{i:05d}.json").write_text(
            json.dumps(outcome, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    print(f"{args.n} messages in {args.outdir} ({len(LAYOUTS)} layouts)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
