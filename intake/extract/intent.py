"""What the sender asks for, sentence by sentence.

Each sentence of the sender's own text is read for a few acts: a request to
sign now, a sign-on deferred or made conditional ("we will sign after our
board meets", "we would sign if ..."), a question, a withdrawal, a
correction, a request to leave a mailing list, or a decline. The cue words
are a small vocabulary, English here and other languages in
:mod:`intake.extract.languages`; no sentence of any one message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from intake.extract import languages
from intake.extract.gates import AnyOf, Gate, Scan
from intake.extract.text import sentences

_I = re.IGNORECASE
_REQUEST = re.compile(
    r"\b(?:please|pls|plz|kindly)\b[^.?!]{0,40}?\b(?:add|sign|include|list|put|count|record|"
    r"register|use|accept|take)\b"
    r"|^\s*(?:(?:yes|sure|ok|okay|absolutely|gladly|happily|of course|definitely)[,!.\s-]*)?"
    r"(?:please\s+)?(?:add|sign|include|list|count|put)\s+(?:me|us|my|our|him|her|them)\b"
    r"|\bput\s+(?:me|us|my name|our name)\s+down\b"
    r"|\byou\s+(?:could|would|can|will)\s+(?:please\s+|kindly\s+)?(?:add|list|include|put|record|"
    r"sign)\s+(?:me|us|my|our)\b"
    r"|\b(?:would like|wishes|wants|wish|want)\s+to\s+be\s+(?:added|listed|included|counted)\b"
    r"|\b(?:would|'d|’d|want|wish|like|love|glad|happy|honou?red|pleased|delighted|proud|eager|keen)"
    r"\s+(?:very much\s+)?(?:like\s+|love\s+)?to\s+(?:sign|add|join|be (?:added|included|listed)|"
    r"endorse|co-?sign|put)\b"
    r"|\b(?:want|would like|wish)\s+(?:my|our|his|her)\s+names?\b"
    r"|\b(?:add|append|attach|lend|put)\s+(?:my|our)\s+(?:own\s+)?(?:names?|signatures?)\b"
    r"|\bsign\s+(?:me|us|him|her|them)\s+(?:on|up)\b|\bsign(?:ing)?\s+(?:me|us)\b"
    r"|\bcount\s+(?:me|us)\s+in\b|\bi['’]?m in\b|\bwe['’]?re in\b"
    r"|\bsigns?\s+on\b(?!\s+(?:letters?|joint))"
    r"|\b(?:we|i)\s+(?:(?:hereby|also|too|gladly|happily|will|shall|both)\s+)*(?:sign|endorse|join)\b"
    r"|\bsigns\s+as\s+an?\s+\w+"
    r"|\b(?:voted|agreed|decided|resolved|approved)\b(?:(?!\bnot\b|n['’]t\b)[^.;!?]){0,40}?"
    r"\bto\s+(?:join|sign|endorse)\b|\bauthori[sz]ed\s+(?:us|me)\s+to\s+(?:add|sign)\b"
    r"|\bfind\s+(?:our|my|their)\s+(?:signatures?|details)\b"
    r"|\b(?:asked|asking|asks)\s+(?:me\s+|us\s+)?to\s+(?:add|sign|be added|include|be listed|"
    r"be included|be counted)\b"
    r"|\bwould\s+like\s+to\s+sign\b|\bwill sign\b(?![^.]*\b(?:if|after|once|when|before)\b)"
    r"|\b(?:add|include)\s+the\s+following\b"
    r"|\b(?:I\s+am|I['’]m|we\s+are|we['’]re)\s+(?:hereby\s+|also\s+)?(?:signing|joining|adding)\b"
    r"|\bendorses?\s+(?:the|this|your)\s+(?:open\s+)?letter\b|(?:^|\s)\+1(?![\d\s().-]*\d{3})"
    r"|\b(?:me|us)\s+too\b|\bsame here\b"
    r"|souhait\w*\s+(?:signer|ajouter)|voudrais\s+signer|aimerais\s+signer|signer la lettre"
    r"|quisiera\s+firmar|deseamos\s+firmar|gostaria\s+de\s+assinar|assinar|adicion\w+\s+(?:meu|nosso)"
    r"|firmare|aggiung\w+\s+(?:il mio|la nostra)"
    r"|möchte\w*\b[^.]{0,40}\b(?:unterschreiben|unterzeichnen)"
    r"|\bnames?\s+(?:be|to be|should be|can be|could be|may be)\s+(?:added|included|listed)\b"
    r"|\bhere (?:is|are) (?:my|our|the) (?:correct )?(?:details|signatures?|information)\b"
    r"|agreg\w+|añad\w+|inclu(?:yan|ir)\s+(?:mi|nuestr)|firm(?:amos|o\b|ar\b|a\b)|quiero firmar"
    r"|\bsumar(?:se|me|nos)\b|\badherir(?:se|me|nos)?\b|\badhesión\b|\bque conste\b"
    r"|\badhér\w+|\bsouscri\w+|\baderi(?:r|mos)\b|\bsubscrev\w+"
    r"|ajoute[rz]?\s+(?:mon|notre|nos)|nous signons|je signe|veuillez\s+\w+\s+(?:mon|notre)"
    r"|hinzuf\w+|unterzeichne|unterschreibe|\bf(?:ü|ue)gen\b[^.]{0,40}\bhinzu\b"
    r"|добав\w+\s+(?:моё|мое|наш)|подписыва\w+|подпишите"
    r"|امضا\s*(?:کنم|کنیم|کنيم|می\S*کنم|می\S*کنیم)|اضافه\s*کن"
    r"|署名(?:します|いたします|させて|を追加)|賛同(?:します|いたします)|(?:追加|加えて)(?:して)?(?:ください|下さい)"
    r"|签署|联署|서명(?:합니다|하겠습니다)|추가해\s*주",
    _I,
)
_QUESTION_REQUEST = re.compile(
    r"\b(?:could|can|would|will)\s+you\s+(?:(?:please|also|kindly|just)\s+)*(?:add|include|sign|"
    r"list|put|print|spell|"
    r"record|show|write|change|update|correct|amend|use)\b",
    _I,
)
# A condition that holds a sign-on back whatever the tense: "if", "unless", "provided".
_CONDITION = re.compile(r"\b(?:if|unless|provided|pending|whether)\b|\bsi\b", _I)
# A condition of time ("once", "after", "when") holds it back only when it looks ahead.
_TIME_CONDITION = re.compile(r"\b(?:once|after|when)\b", _I)
_AHEAD = re.compile(r"\b(?:will|would|shall|going to|can|could|may|might)\b|['’]ll\b", _I)
# A sentence that opens with a condition ("If that change can be made, please ..."): the
# request waits on it, "please" or not.
_LEADING_CONDITION = re.compile(
    r"^\W*(?:(?:but|and|so)\s+)?(?:only\s+)?(?:if|unless|provided(?: that)?|once|as soon as)\b"
    r"|\bonly\s+if\b",
    _I,
)
_BENIGN_CONDITION = re.compile(
    r"\bif\s+(?:it['’]?s|it is|it['’]?s still|there['’]?s still|there is still|still)\s+"
    r"(?:not too late|possible|open|time|allowed|ok(?:ay)?|acceptable)|\bif (?:still )?possible\b"
    r"|\bif (?:you|there) (?:need|have) any\b|\bif anything\b|\bif you need\b"
    r"|\b(?:grateful|thankful|obliged|appreciate it|glad|happy|pleased)\s+if\s+(?:you|my|our|"
    r"the|this|it)\b",
    _I,
)
_DEFERRED = re.compile(
    r"\b(?:will|would|expect to|plan to|hope to|intend to|may|might|going to|likely to)\b"
    r"[^.?!]{0,80}\b(?:sign|join|endorse|decide|confirm)\b[^.?!]{0,80}"
    r"\b(?:if|after|once|when|before|pending|unless|until)\b"
    r"|\b(?:before|prior to)\s+(?:signing|deciding|we sign|we decide|committing|agreeing)\b"
    r"|\b(?:decide|deciding|consider|considering|discuss|discussing)\b[^.?!]{0,40}"
    r"\b(?:whether|if|to sign|signing|about signing)\b"
    r"|\bif\s+we\s+(?:decide|choose|agree)\b|\bonce\s+(?:i|we)\s+(?:know|hear|decide|have)\b"
    r"|\bwill (?:reply|respond|write|get back|be in touch|let you know|confirm)\b"
    r"|\bI['’]ll (?:send|confirm|let you know|get back|reply)\b"
    r"|\bwe would be (?:glad|happy|honou?red) to sign if\b|\bwould sign if\b"
    r"|\b(?:need|needs|require|requires|awaiting|await|waiting (?:for|on)|subject to|pending)\s+"
    r"(?:\w+\s+){0,3}(?:approval|sign-?off|permission|consent|clearance|go-?ahead|authori[sz]ation|"
    r"vote|decision)\b"
    r"|\b(?:have|has|need|needs) to (?:check|consult|ask|clear it|run it by)\b",
    _I,
)
_QUESTION = re.compile(
    r"[?؟]\s*$|^\s*(?:can|could|may|should|would|will|is|are|do|does|did|how|what|which|who|when|where|why)\b[^.]*[?؟]",
    _I,
)
_WITHDRAW = re.compile(
    r"\bremove\s+(?:my|our|his|her|their)\s+(?:name|names|signature|organi[sz]ation)\b"
    r"|\bremove\s+(?:me|us|him|her|them)\s+from\s+(?:the\s+)?"
    r"(?:letter|list of sign|signator|sign-?on)"
    r"|\bremov(?:e|ed|ing)\b[^?!]{0,60}\bfrom\s+(?:the\s+)?"
    r"(?:letter|list of signatories|signatories|sign-?on|(?:open\s+)?letter|list)\b"
    r"|\btake\s+(?:me|us|my name|our name|him|her)\s+off\b"
    r"|\btake\b[^.]{0,30}\boff (?:the|your) (?:letter|list)"
    r"|\bwithdraw\w*\b|\bno longer\s+(?:wish|want|able|be able|sign)\b|\bretract\w*\b|\bunsign\b"
    r"|\brescind\w*\b|\b(?:delete|strike|drop|remove)\s+(?:my|our)\s+(?:name|signature)",
    _I,
)
_UNSUBSCRIBE = re.compile(
    r"\b(?:remove|take)\s+(?:me|us|my (?:e-?mail|address))\b[^.?!]{0,40}\b(?:mailing|e-?mail|"
    r"distribution|contact|newsletter|your)\s+lists?\b|\bunsubscribe\b|\bstop\s+(?:sending|e-?mailing)\b"
    r"|\bno (?:more|further) e-?mails\b",
    _I,
)
_CORRECT = re.compile(
    r"\bcorrect(?:ion|ed|ions|ly)?\b|\bshould\s+(?:be|read|say)\b|\binstead of\b|\brather than\b"
    r"|\b(?:remove|drop|delete|omit|take off|leave off|leave out)\s+(?:my|the|our|his|her)\s+"
    r"(?:title|position|role|organi[sz]ation|affiliation|church|employer)\b"
    r"|\b(?:surname|last name|first name|family name|given name)\b"
    r"|\btypo\b|\bmisspel\w*\b|\bmistake\b|\bignore my (?:previous|earlier|last|first)\b"
    r"|\b(?:change|update|amend|fix|adjust)\s+(?:my|our|his|her|the|their|it|this)\b"
    r"|\bplease (?:change|update|amend|fix|use)\b|\bnot\s+\w+\s+but\b|\bwrong\b|\bspelled\b"
    r"|\b(?:my|our|his|her)\s+(?:name|title|position|role|organi[sz]ation|affiliation)\s+"
    r"(?:is|should)\b[^.]{0,80},?\s+not\b"
    r"|corrección|debería ser|en lugar de|au lieu de|plutôt que|statt\b|korrektur|исправ\w+"
    r"|اصلاح|تصحیح",
    _I,
)
# "all correct", "everything is correct": a reply that finds nothing to change.
_STATE_CORRECT = re.compile(
    r"\b(?:is|are|be|all|looks?|seems?|been|was|were|appears?|everything|it['’]s|that['’]s)\s+"
    r"(?:\w+\s+)?correct(?:ly)?\b",
    _I,
)
_DECLINE = re.compile(
    r"\b(?:we|i)\s+(?:will|must|have to|need to|are going to)\s+(?:decline|pass)\b"
    r"|\b(?:cannot|can['’]t|won['’]t|will not|unable to|not able to)\s+(?:be\s+)?sign(?:ing)?\b"
    r"|\bdecline\s+to\s+sign\b|\bnot\s+(?:be\s+)?signing\b"
    r"|\bnot\s+(?:be\s+)?able\s+to\s+(?:sign|join)\b|\bunable\s+to\s+(?:sign|join)\b"
    r"|\bmust\s+(?:respectfully\s+)?decline\b|\bwill\s+(?:have to\s+)?pass\b"
    r"|\b(?:decided|chosen|choose|elected|voted|agreed)\s+not\s+to\s+(?:sign|join|endorse)\b",
    _I,
)
# "I am not signing personally": who signs, not a refusal to sign.
_NOT_PERSONALLY = re.compile(
    r"\b(?:not|never|won['’]t|cannot|can['’]t|unable to)\s+(?:be\s+)?(?:able to\s+)?sign(?:ing)?\s+"
    r"(?:personally|myself|in my own name|as an individual|individually)\b",
    _I,
)
# A deferral or refusal about someone else than the signer: a board, the organization itself.
_OTHER_PARTY = re.compile(
    r"\b(?:board|organi[sz]ation|congregation|church|network|council|itself|committee|"
    r"leadership|bylaws|synagogue|mosque|parish|institution|employer)\b",
    _I,
)
# The sender stays on the letter while the organization leaves it.
_STAYS = re.compile(
    r"\b(?:I|we)\s+(?:will|['’]ll|would like to|want to|wish to|shall)?\s*"
    r"(?:remain|stay)\s+(?:on\b|as\b|listed|signed|a signator|part of|among)"
    r"|\b(?:I|we)\s+(?:will|['’]ll|would like to|want to|wish to|shall)?\s*continue\s+"
    r"(?:to\s+)?(?:sign|be listed|be on|as)\b"
    r"|\bkeep\s+(?:me|my name|my signature)\b|\bremain(?:s|ing)?\s+(?:on|as)\b"
    r"|\bstill\s+(?:sign|signs|signing|want to sign)\b",
    _I,
)
_PLEASE = re.compile(r"\b(?:please|pls|kindly)\b", _I)
# Someone else's wish ("in case you want to sign"), not the sender's request.
_OTHERS_WANT = re.compile(
    r"\b(?:you|they|anyone|others|partners|friends|colleagues)\s+(?:may\s+|might\s+|would\s+)?"
    r"(?:want|wish|like|care|be interested)\s+to\s+sign\b",
    _I,
)
_FIRST_PERSON = re.compile(r"\b(?:I|we|me|my|our)\b", _I)
_PAST = re.compile(
    r"\b(?:I|we)\s+(?:emailed|wrote|sent|signed|submitted|replied|asked)\b[^.?!]*\bto\s+(?:add|sign)\b"
    r"|\bwhen\s+(?:i|we)\s+signed\b|\bhave\s+(?:already\s+)?signed\b|\balready\s+signed\b",
    _I,
)


@dataclass(frozen=True)
class Acts:
    """Counts of what the sender's sentences do."""

    requests: int = 0
    deferred: int = 0
    questions: int = 0
    withdrawals: int = 0
    corrections: int = 0
    unsubscribes: int = 0
    declines: int = 0
    sentences: int = 0
    request_sentences: tuple[str, ...] = ()
    about_others: bool = False
    stays: bool = False

    @property
    def wants_something(self) -> bool:
        return bool(self.requests or self.withdrawals or self.corrections)


@lru_cache(maxsize=1024)
def read(text: str) -> Acts:
    """Count the acts in ``text`` (the sender's own words, or a subject line)."""
    counts = dict.fromkeys(
        ("requests", "deferred", "questions", "withdrawals", "corrections"), 0
    ) | {"unsubscribes": 0, "declines": 0}
    parts = sentences(text)
    asking: list[str] = []
    holding: list[str] = []
    for sentence in parts:
        acts = _acts(sentence)
        for act in acts:
            counts[act] += 1
        if "requests" in acts:
            asking.append(sentence)
        if "deferred" in acts or "declines" in acts:
            holding.append(sentence)
    others = bool(holding) and all(_deferred_by_other(s) for s in holding)
    stays = any(_STAYS_GATE.search(s) for s in parts)
    return Acts(
        **counts,
        sentences=len(parts),
        request_sentences=tuple(asking),
        about_others=others,
        stays=stays,
    )


def _deferred_by_other(sentence: str) -> bool:
    """The party that defers or declines is named before the deferral ("our board will ...")."""
    hold = (
        _DEFERRED.search(sentence)
        or _OTHER_DEFERRED.search(sentence)
        or _DECLINE.search(sentence)
        or _OTHER_DECLINE.search(sentence)
        or _CONDITION.search(sentence)
    )
    head = sentence[: hold.start()] if hold else sentence
    return bool(_OTHER_PARTY.search(head))


def request_sentences(text: str) -> list[str]:
    """The sentences of ``text`` that ask to sign now."""
    return list(read(text).request_sentences)


def _gate(words: str) -> frozenset[str]:
    """Word pieces one of which a sentence must hold before a costly pattern is tried."""
    return frozenset(words.split())


# Cheap gates: a pattern can only match a sentence that holds one of these pieces.
_GATES = {
    "unsubscribe": _gate("list unsubscrib stop more further"),
    "withdraw": _gate("remov withdraw take retract unsign rescind delete strike drop longer"),
    "correct": _gate(
        "correct should instead rather typo spel mistake ignore change update amend fix "
        "adjust not wrong correc debería lugar lieu plutôt statt korrektur исправ اصلاح تصحیح use "
        "remov drop delet omit leave take surname last name first name family given"
    ),
    "decline": _gate("decline can won will unable able pass not must"),
    "defer": _gate(
        "will would expect plan hope intend may might going likely before prior decid consider "
        "discuss if once 'll ’ll reply respond write back touch know confirm need requir await "
        "waiting subject pending have has"
    ),
    "request": _gate(
        "add sign includ list put count record regist use accept take join endors name find "
        "here 'm ’m 're ’re +1 too same append attach lend agreg añad inclu firm ajout veuillez "
        "souhait voudr aimer hinzu unterz unters möcht fügen fuegen добав подпис امضا اضافه 署名 "
        "賛同 追加 加え 签署 联署 서명 추가 assin adicion aggiung sumar adher adhés conste souscri "
        "aderi subscrev"
    ),
}


# Exact gates worked out from costly patterns (:mod:`intake.extract.gates`).
_REQUEST_GATE = Gate(_REQUEST)
_DEFERRED_GATE = Gate(_DEFERRED)
_BENIGN_GATE = Gate(_BENIGN_CONDITION)
_STAYS_GATE = Gate(_STAYS)
# Only whether they match is asked: alternative by alternative, each behind its gate.
_REQUEST_ANY = AnyOf(_REQUEST)
_DEFERRED_ANY = AnyOf(_DEFERRED)
_CORRECT_ANY = AnyOf(_CORRECT)
_WITHDRAW_ANY = AnyOf(_WITHDRAW)
_DECLINE_ANY = AnyOf(_DECLINE)
# The same acts said in other languages (:mod:`intake.extract.languages`), each
# alternative behind the exact gate worked out from it.
_OTHER_WITHDRAW = re.compile(languages.WITHDRAW, _I)
_OTHER_DECLINE = re.compile(languages.DECLINE, _I)
_OTHER_DEFERRED = re.compile(languages.DEFERRED, _I)
_OTHER_REQUEST_ANY = AnyOf(re.compile(languages.REQUEST, _I))
_OTHER_WITHDRAW_ANY = AnyOf(_OTHER_WITHDRAW)
_OTHER_DECLINE_ANY = AnyOf(_OTHER_DECLINE)
_OTHER_DEFERRED_ANY = AnyOf(_OTHER_DEFERRED)
# All the pieces the gates above look for in a sentence, looked for in one pass.
_SCAN = Scan(
    *_GATES.values(),
    _REQUEST_GATE,
    _DEFERRED_GATE,
    _BENIGN_GATE,
    _REQUEST_ANY,
    _DEFERRED_ANY,
    _WITHDRAW_ANY,
    _DECLINE_ANY,
    _OTHER_REQUEST_ANY,
    _OTHER_WITHDRAW_ANY,
    _OTHER_DECLINE_ANY,
    _OTHER_DEFERRED_ANY,
)


def _acts(sentence: str) -> list[str]:
    acts: list[str] = []
    low = sentence.lower()
    found = _SCAN.pieces_in(low)  # the pieces of every gate below that the sentence holds
    gated = {name: not found.isdisjoint(pieces) for name, pieces in _GATES.items()}
    if gated["unsubscribe"] and _UNSUBSCRIBE.search(sentence):
        return ["unsubscribes"]
    if (
        gated["withdraw"] and _WITHDRAW_ANY.search(sentence, low, found)
    ) or _OTHER_WITHDRAW_ANY.search(sentence, low, found):
        acts.append("withdrawals")
    if gated["correct"] and _asks_correction(sentence):
        acts.append("corrections")
    declines = (gated["decline"] and _DECLINE_ANY.search(sentence, low, found)) or (
        _OTHER_DECLINE_ANY.search(sentence, low, found)
    )
    if declines and not _NOT_PERSONALLY.search(sentence):
        acts.append("declines")
    asks = gated["request"] and _REQUEST_GATE.may_match(sentence, low, found)
    asks = (asks and _REQUEST_ANY.search(sentence, low, found)) or _OTHER_REQUEST_ANY.search(
        sentence, low, found
    )
    polite = "you" in low and bool(_QUESTION_REQUEST.search(sentence))
    if _is_deferred(sentence, low, asks, found, gated["defer"]):
        acts.append("deferred")
    elif _is_request(sentence, asks, polite):
        acts.append("requests")
    if _QUESTION.search(sentence) and not polite:
        acts.append("questions")
    return acts


def _asks_correction(sentence: str) -> bool:
    """A correction cue that is not only "correct" said of what is already right, nor a
    general "rather than" or "instead of" about something other than the record."""
    if not _CORRECT_ANY.search(sentence):
        return False  # most sentences past the cheap gate hold no cue: not scanned for each
    for match in _CORRECT.finditer(sentence):
        cue = match.group(0).lower()
        about_record = _FIELD_REF.search(sentence) or _CONTRAST.search(sentence)
        if _GENERIC_CUE.match(cue) and not about_record:
            continue
        if not cue.startswith("correct"):
            return True
        states = [m.end() for m in _STATE_CORRECT.finditer(sentence)]
        if match.end() not in states:
            return True
    return False


# Cues that change something only when the sentence is about a field of the record.
_GENERIC_CUE = re.compile(r"rather than|instead of|should (?:be|read|say)|wrong|mistake|not ", _I)
# "It should be Katarzyna Nowak, not Katarina Nowak": a value set against the old one.
_CONTRAST = re.compile(r",?\s+not\s+[\"“'‘]?[A-Z\u00C0-\uFFFF]|[\"“][^\"”]{2,80}[\"”]")
_FIELD_REF = re.compile(
    r"\b(?:name|title|position|role|organi[sz]ation|organisation|affiliation|spell\w*|capacity|"
    r"entry|listing|listed|list|record\w*|signature|details|typo|church|employer|surname|"
    r"individual|both|read|printed|print)\b",
    _I,
)


def _is_request(sentence: str, asks: bool, polite: bool) -> bool:
    if not asks and not polite:
        return False
    if _OTHERS_WANT.search(sentence) and not _FIRST_PERSON.search(sentence):
        return False
    if _PAST.search(sentence) and not _PLEASE.search(sentence):
        return False
    return not (_QUESTION.search(sentence) and not polite)


def _is_deferred(sentence: str, low: str, asks: bool, found: frozenset[str], gated: bool) -> bool:
    """Whether the sentence defers or conditions a sign-on (``found``: the pieces of
    ``_SCAN`` the sentence holds; ``gated``: whether it holds one of the deferral words)."""
    benign = _BENIGN_GATE.search(sentence, low, found)
    if (
        gated
        and _DEFERRED_GATE.may_match(sentence, low, found)
        and _DEFERRED_ANY.search(sentence, low, found)
    ) or _OTHER_DEFERRED_ANY.search(sentence, low, found):
        return not asks or not benign
    if not asks or benign:
        return False
    if _LEADING_CONDITION.search(sentence):
        return True
    conditioned = bool(_CONDITION.search(sentence)) or (
        bool(_TIME_CONDITION.search(sentence)) and bool(_AHEAD.search(sentence))
    )
    return conditioned and not _PLEASE.search(sentence)


def is_withdrawal(sentence: str) -> bool:
    """True when the sentence asks to remove a signature (not to leave a mailing list)."""
    withdraws = _WITHDRAW.search(sentence) or _OTHER_WITHDRAW.search(sentence)
    return bool(withdraws) and not _UNSUBSCRIBE.search(sentence)
