"""Mail no person wrote to us, read from the body when the headers do not prove it.

The guards already name what headers prove (RFC 3834 auto replies, list
headers, delivery reports). These rules add what a careful reader sees in
the text: an out-of-office note with no automatic headers, a challenge-
response robot, a read receipt, a helpdesk acknowledgement, a bounce that
flufl.bounce recognises, a list digest, and spam (including mail that
forges our own address).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from intake import guards
from intake.extract import intent, labels, languages
from intake.extract.gates import AnyOf, Gate
from intake.extract.model import ExtractContext, Kind
from intake.extract.text import holds_any
from intake.extract.vocab import words
from intake.message import Message

_I = re.IGNORECASE
_AUTO_SUBJECT = re.compile(
    r"^\s*(?:automatic reply|auto(?:matic)?[- ]?(?:reply|response)|out of (?:the )?office|ooo\b|"
    r"absente? (?:jusqu|du)|en congé|fuera de la oficina|ausente|abwesend|"
    r"autoreply|abwesenheit\w*|automatische antwort|respuesta automática|réponse automatique|"
    r"absence|away from|on vacation|vacation|read:|gelesen:|lu\s?:|leído:|read receipt|"
    r"(?:request|ticket|case)\s+(?:received|#|\[)|\[(?:ticket|case|request)\s*#?|"
    r"we (?:have )?received your)|\[verify\]|\b(?:ticket|case|request)\s*#\s*\d+|"
    r"\bauto(?:matic)?[- ]?(?:reply|response)\b",
    _I,
)
_AUTO_STRONG = re.compile(
    r"\bthis is an? (?:automated|automatic|auto-?generated)\b|\b(?:automated|automatic|"
    r"auto-?generated) (?:message|response|reply|acknowledge?ment|notification|e-?mail)\b|"
    r"\bdo not reply to this (?:e-?mail|message)\b|\bplease do not reply\b|"
    r"\b(?:your|this) (?:request|ticket|message|e-?mail|enquiry|inquiry) has been (?:received|"
    r"logged|assigned|created)\b|\bticket (?:number|no\.?|#|id)\b|\breference (?:number|no\.?)\b|"
    r"\bapproved sender list\b|\bspam[- ](?:blocking|filter|protection)\b|\bverify (?:that )?you\b|"
    r"\bcomplete the verification\b|\bwas read on\b|\bhas been (?:displayed|read)\b",
    _I,
)
_AWAY = re.compile(
    r"\bout of (?:the )?office\b|\bi am (?:currently )?(?:away|on (?:vacation|holiday|leave|"
    r"sabbatical|retreat)|travel+ing|out)\b|\bi['’]m (?:currently )?(?:away|on (?:vacation|"
    r"holiday|leave|sabbatical))\b|\b(?:on|during) (?:annual |parental |medical )?leave\b|"
    r"\blimited access to (?:e-?mail|my e-?mail)\b|\bwill (?:respond|reply|return|be back)\b[^.]"
    r"{0,40}\b(?:when i return|upon my return|on my return|after)\b|\bnot reading e-?mail\b|"
    r"\bwill not be forwarded\b|\buntil (?:monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday|\w+ \d{1,2})\b[^.]{0,40}\b(?:office|email|access)\b|"
    r"nicht im büro|abwesend|fuera de la oficina|absent(?:e)? du bureau|"
    r"\bje suis (?:actuellement )?(?:absente?|en congé|en vacances|en déplacement)\b|"
    r"\ben congé jusqu|\bde retour le\b|"
    r"\baccès (?:très )?limité à (?:ma|mes) (?:messagerie|e-?mails?)|"
    r"\bestoy (?:de vacaciones|fuera)\b|\bausente hasta\b|\bde vuelta el\b|"
    r"\bim urlaub\b|\bbin (?:bis|ab) .{0,30}(?:nicht erreichbar|abwesend)|"
    r"\bsono (?:fuori ufficio|in ferie)\b|\bestou (?:de férias|ausente|fora do escritório)\b",
    _I,
)
_BOUNCE_SUBJECT = re.compile(
    r"undeliver|delivery (?:status notification|failure|has failed|failed)|returned mail|"
    r"failure notice|mail delivery (?:failed|system|subsystem)|delayed mail|non-?delivery|"
    r"could not be delivered|delivery (?:delayed|incomplete)",
    _I,
)
_DIGEST = re.compile(
    r"\bdigest,? vol(?:ume)?\b|\btoday['’]s topics\b|\bmessage: \d+\b|\bdigest\b.{0,30}\bissue\b|"
    r"\bwhen replying, please edit your subject line\b",
    _I,
)
# Words and phrases of sales pitches, advance-fee fraud and phishing.
_SPAM_TERMS = words(
    """seo ranking guarantee guaranteed guarantees affordable beneficiary beneficiaries
    inheritance lottery winner bitcoin crypto cryptocurrency password urgent urgently funds
    payment invoice fee compensation prize discount usd million billion barrister
    next-of-kin consignment"""
)
_SPAM_PHRASES = re.compile(
    r"\$\s?\d|€\s?\d|\bour (?:prices|packages|services)\b|\bbank (?:account|details|transfer)\b|"
    r"\bwire (?:transfer|the)\b|\bwestern union\b|\bgift ?cards?\b|"
    r"\bverify your (?:account|mailbox|identity|e-?mail|details)\b|\blog ?in\b|"
    r"\bclick (?:here|the link|below)\b|\bconfidential (?:business|transaction|proposal)\b|"
    r"\bnext of kin\b|\bmailbox (?:quota|storage|is full)\b|\baccount (?:suspended|will be)\b|"
    r"\bclaim (?:your|the)\b|\bdear (?:friend|beneficiary|sir/madam)\b|"
    r"\bphone number\b|\bbest time to call\b|\bspecial offer\b",
    _I,
)
_WORD = re.compile(r"[\w-]+")
_MAX_SUBJECT = 400
_MAX_AWAY = 1200
_MAX_RELAYED = 20_000  # a relayed sign-on is read from the head of the text
_MAX_FORWARDED = 3  # the relayed texts read, at most
# Cheap gates: a pattern can only match text that holds one of these pieces (lower case).
_AUTO_PIECES = (
    "automat",
    "auto-gen",
    "autogen",
    "not reply",
    "has been",
    "ticket",
    "reference",
    "approved",
    "spam",
    "verif",
    "was read",
    "been read",
    "displayed",
)
_AWAY_PIECES = (
    "office",
    "away",
    "vacation",
    "holiday",
    "leave",
    "sabbatical",
    "retreat",
    "travel",
    "out",
    "limited access",
    "respond",
    "reply",
    "return",
    "back",
    "reading",
    "forwarded",
    "until",
    "büro",
    "abwesend",
    "oficina",
    "bureau",
    "absent",
    "congé",
    "vacances",
    "retour",
    "accès",
    "vacaciones",
    "ausente",
    "vuelta",
    "urlaub",
    "erreichbar",
    "ufficio",
    "ferie",
    "férias",
    "fora do",
)
_DIGEST_PIECES = ("digest", "topics", "message:", "when replying")
_SPAM_PIECES = (
    "$",
    "€",
    "our prices",
    "our packages",
    "our services",
    "bank",
    "wire",
    "western union",
    "gift",
    "verify",
    "log in",
    "login",
    "click",
    "confidential",
    "next of kin",
    "mailbox",
    "account",
    "claim",
    "dear",
    "phone number",
    "best time",
    "offer",
)


def _holds(text: str, pieces: tuple[str, ...]) -> bool:
    return holds_any(text.lower(), pieces)


# Exact gates before the longest alternations (:mod:`intake.extract.gates`).
_AUTO_STRONG_GATE = Gate(_AUTO_STRONG)
_AUTO_SUBJECT_GATE = Gate(_AUTO_SUBJECT)
_BOUNCE_SUBJECT_GATE = Gate(_BOUNCE_SUBJECT)
_AWAY_ANY = AnyOf(_AWAY)
# Automatic replies in other languages (:mod:`intake.extract.languages`).
_OTHER_AUTO_SUBJECT = AnyOf(re.compile(r"^\s*(?:" + languages.AUTO_SUBJECT + ")", _I))
_OTHER_AUTO_TEXT = AnyOf(re.compile(languages.AUTO_TEXT, _I))
_OTHER_AWAY = AnyOf(re.compile(languages.AWAY, _I))
_SPAM_PHRASES_ANY = AnyOf(_SPAM_PHRASES)
_AUTH_FAIL = re.compile(r"\b(?:dmarc|spf)=(?:fail|softfail)\b", _I)
_AUTH_FAIL_GATE = Gate(_AUTH_FAIL)
_SPAM_FLAG = re.compile(r"^\s*yes\b", _I)


@dataclass(frozen=True)
class Verdict:
    """What the message is when no person wrote it to us, and why."""

    kind: Kind
    reasons: tuple[str, ...]
    confidence: float


def classify(
    message: Message, own: str, context: ExtractContext, relayed: Sequence[str] = ()
) -> Verdict | None:
    """An automatic, bulk, spam or own-mail verdict, or None for human mail.

    ``relayed``: the texts of the messages it quotes or forwards that are not ours, where
    a forwarding rule's relay carries the person's sign-on."""
    verdict = guards.check(message, guards.GuardContext(own_addresses=context.own_addresses))
    spam = _spam(message, own, message.sender.addr in context.own_addresses)
    if spam:
        return spam
    if verdict.kind and _form_relay(message, (own, *relayed[:_MAX_FORWARDED]), verdict):
        return None
    if verdict.kind:
        return _refine(message, own, Kind(verdict.kind), verdict.reasons)
    return _from_body(message, own) or _own_mail(verdict)


def _form_relay(message: Message, texts: Sequence[str], verdict: guards.Verdict) -> bool:
    """A person's sign-on that a machine passed on: a web form's notification, a
    church-management or CRM mailer, a forwarding rule, a scheduled send.

    Its only automatic mark is ``Auto-Submitted: auto-generated`` or
    ``auto-forwarded`` (an empty Return-Path or a request for no automatic reply may
    come with it), its subject is no automatic reply's and it is no bounce, and its
    text or a text it relays (``texts``) is a person's: a filled form with a name and
    more, or a sentence that asks to sign. The machine's own line ("This message was
    automatically forwarded by ...") does not make it an automatic reply: RFC 3834
    marks those ``auto-replied``. It is read like any person's mail; the guards still
    stop any reply.
    """
    generated = [h for h in verdict.hits if h.kind]
    if not generated or any(
        h.rule != "auto_submitted" or not _RELAYED.search(h.reason) for h in generated
    ):
        return False
    if message.bounce_recipients or _is_auto_subject(message):
        return False
    return any(_signs(text) for text in texts)


def _signs(text: str) -> bool:
    """A person's sign-on in ``text``: a filled form with a name and more, or a sentence
    that asks to sign."""
    head = text[:_MAX_RELAYED]
    groups = labels.blocks(head.split("\n"))
    if any(g.get("name") and len([v for v in g.values.values() if v]) >= 3 for g in groups):
        return True
    return bool(intent.request_sentences(head))


_RELAYED = re.compile(r"auto-(?:generated|forwarded)", re.IGNORECASE)


def _refine(message: Message, own: str, kind: Kind, reasons: tuple[str, ...]) -> Verdict:
    """The headers' kind, corrected where the body says better (a read receipt is no bounce)."""
    report = (message.header("content-type") or "").lower()
    if kind is Kind.BOUNCE and "disposition-notification" in report:
        return Verdict(Kind.AUTO_REPLY, ("read receipt (disposition notification)",), 0.95)
    if kind is Kind.LIST and not _has_list_headers(message) and _is_auto_reply(message, own):
        return Verdict(Kind.AUTO_REPLY, (*reasons, "automatic reply in the text"), 0.9)
    if kind is Kind.AUTO_REPLY and message.bounce_recipients:
        return Verdict(Kind.BOUNCE, ("delivery failure report",), 0.95)
    return Verdict(kind, reasons, 0.95)


def _has_list_headers(message: Message) -> bool:
    names = ("list-id", "list-unsubscribe", "list-post", "mailing-list", "x-mailing-list")
    return any(message.header(name) is not None for name in names)


def _is_auto_subject(message: Message) -> bool:
    subject = message.subject[:_MAX_SUBJECT]
    return bool(_AUTO_SUBJECT_GATE.search(subject) or _OTHER_AUTO_SUBJECT.search(subject))


def _is_auto_reply(message: Message, own: str) -> bool:
    if _is_auto_subject(message):
        return True
    if _holds(own, _AUTO_PIECES) and _AUTO_STRONG_GATE.search(own):
        return True
    return _OTHER_AUTO_TEXT.search(own)


def _from_body(message: Message, own: str) -> Verdict | None:
    if message.bounce_recipients or _BOUNCE_SUBJECT_GATE.search(message.subject[:_MAX_SUBJECT]):
        return Verdict(Kind.BOUNCE, ("delivery failure report in the text",), 0.9)
    if _DIGEST.search(message.subject[:_MAX_SUBJECT]) or (
        _holds(own, _DIGEST_PIECES) and _DIGEST.search(own)
    ):
        return Verdict(Kind.LIST, ("mailing-list digest",), 0.85)
    if _is_auto_reply(message, own):
        return Verdict(Kind.AUTO_REPLY, ("automatic reply in the subject or text",), 0.85)
    away = len(own) < _MAX_AWAY and (
        (_holds(own, _AWAY_PIECES) and _AWAY_ANY.search(own)) or _OTHER_AWAY.search(own)
    )
    if away and not intent.request_sentences(own):
        return Verdict(Kind.AUTO_REPLY, ("out-of-office text",), 0.75)
    return None


def _own_mail(verdict: guards.Verdict) -> Verdict | None:
    for hit in verdict.hits:
        if hit.rule in ("own_address", "x_loop", "our_message_id"):
            return Verdict(Kind.OTHER, (hit.reason,), 0.9)
    return None


def _spam_hits(text: str) -> int:
    """How many different pitch words and phrases ``text`` holds."""
    found = set(_WORD.findall(text.lower())) & _SPAM_TERMS
    if not _holds(text, _SPAM_PIECES) or not _SPAM_PHRASES_ANY.search(text):
        return len(found)  # no phrase: the costly scan for each of them is not made
    phrases = {m.group(0).lower() for m in _SPAM_PHRASES.finditer(text)}
    return len(found) + len(phrases)


def _spam(message: Message, own: str, forged_ours: bool) -> Verdict | None:
    """Spam: flagged by a filter, failing authentication with a pitch, or a pile of pitches.

    Mail "from" our own address that fails authentication is forged: we never fail our own.
    """
    flagged = any(_SPAM_FLAG.match(v) for v in message.header_all("x-spam-flag"))
    auth_failed = any(
        _AUTH_FAIL_GATE.search(v) for v in message.header_all("authentication-results")
    )
    hits = _spam_hits(own[:4000] + " " + message.subject[:_MAX_SUBJECT])
    if flagged or (auth_failed and (hits >= 1 or forged_ours)) or hits >= 4:
        why = "marked as spam" if flagged else "sender failed authentication" if auth_failed else ""
        reasons = tuple(r for r in (why, f"{hits} spam phrases") if r)
        return Verdict(Kind.SPAM, reasons, 0.9 if flagged or auth_failed else 0.75)
    return None
