"""What the sender asks for, sentence by sentence.

Each sentence of the sender's own text is read for a few acts: a request to
sign now, a sign-on deferred or made conditional ("we will sign after our
board meets", "we would sign if ..."), a question, a withdrawal, a
correction, a request to leave a mailing list, or a decline. The cue words
are a small vocabulary in a few languages; no sentence of any one message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from intake.extract.text import sentences

_I = re.IGNORECASE
_REQUEST = re.compile(
    r"\b(?:please|pls|plz|kindly)\b[^.?!]{0,40}?\b(?:add|sign|include|list|put|count|record|"
    r"register|use|accept|take)\b"
    r"|^\s*(?:yes[,!.\s-]*)?(?:add|sign|include|list|count|put)\s+(?:me|us|my|our|him|her|them)\b"
    r"|\b(?:would|'d|’d|want|wish|like|glad|happy|honou?red|pleased|delighted|proud|eager|keen)"
    r"\s+(?:very much\s+)?(?:like\s+)?to\s+(?:sign|add|join|be (?:added|included|listed)|endorse|"
    r"co-?sign|put)\b"
    r"|\b(?:want|would like|wish)\s+(?:my|our|his|her)\s+names?\b"
    r"|\bsign\s+(?:me|us|him|her|them)\s+(?:on|up)\b|\bsign(?:ing)?\s+(?:me|us)\b"
    r"|\bcount\s+(?:me|us)\s+in\b|\bi['’]?m in\b|\bwe['’]?re in\b"
    r"|\bsigns?\s+on\b(?!\s+(?:letters?|joint))|\b(?:we|i)\s+(?:hereby\s+)?(?:sign|endorse|join)\b"
    r"|\bvoted\s+to\s+(?:join|sign|endorse)\b|\bauthori[sz]ed\s+(?:us|me)\s+to\s+(?:add|sign)\b"
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
    r"|agreg\w+|añad\w+|inclu(?:yan|ir)\s+(?:mi|nuestr)|firm(?:amos|o\b|ar\b)|quiero firmar"
    r"|ajoute[rz]?\s+(?:mon|notre|nos)|nous signons|je signe|veuillez\s+\w+\s+(?:mon|notre)"
    r"|hinzuf\w+|unterzeichne|unterschreibe|\bf(?:ü|ue)gen\b[^.]{0,40}\bhinzu\b"
    r"|добав\w+\s+(?:моё|мое|наш)|подписыва\w+|подпишите"
    r"|امضا\s*(?:کنم|کنیم|کنيم|می\S*کنم|می\S*کنیم)|اضافه\s*کن"
    r"|署名(?:します|いたします|させて|を追加)|賛同(?:します|いたします)|(?:追加|加えて)(?:して)?(?:ください|下さい)"
    r"|签署|联署|서명(?:합니다|하겠습니다)|추가해\s*주",
    _I,
)
_QUESTION_REQUEST = re.compile(
    r"\b(?:could|can|would|will)\s+you\s+(?:please\s+)?(?:add|include|sign|list|put)\b", _I
)
_CONDITION = re.compile(r"\b(?:if|once|after|unless|provided|pending|whether|when)\b|\bsi\b", _I)
_BENIGN_CONDITION = re.compile(
    r"\bif\s+(?:it['’]?s|it is|it['’]?s still|there['’]?s still|there is still|still)\s+"
    r"(?:not too late|possible|open|time|allowed|ok(?:ay)?|acceptable)|\bif (?:still )?possible\b"
    r"|\bif (?:you|there) (?:need|have) any\b|\bif anything\b|\bif you need\b",
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
    r"|\bwe would be (?:glad|happy|honou?red) to sign if\b|\bwould sign if\b",
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
    r"|\brescind\w*\b|\b(?:delete|strike|drop|remove)\s+(?:my|our)\s+(?:name|signature)"
    r"|retir\w+\s+(?:mi|nuestr\w+|mon|notre)\s+(?:firma|nom|nombre)|quit\w+\s+mi\s+nombre"
    r"|elimin\w+\s+mi\s+nombre|supprime\w*\s+mon nom|(?:meinen|unseren)\s+namen\s+\w*\s*"
    r"(?:entfernen|streichen)|zurückziehen|удал\w+\s+(?:моё|мое|наш)|отозва\w+"
    r"|حذف\s*(?:کنید|کنيد|شود|کن)|پس\s*گرفتن",
    _I,
)
_UNSUBSCRIBE = re.compile(
    r"\b(?:remove|take)\s+(?:me|us|my (?:e-?mail|address))\b[^.?!]{0,40}\b(?:mailing|e-?mail|"
    r"distribution|contact|newsletter|your)\s+lists?\b|\bunsubscribe\b|\bstop\s+(?:sending|e-?mailing)\b"
    r"|\bno (?:more|further) e-?mails\b",
    _I,
)
_CORRECT = re.compile(
    r"\bcorrect(?:ion|ed|ions)?\b|\bshould\s+(?:be|read|say)\b|\binstead of\b|\brather than\b"
    r"|\btypo\b|\bmisspel\w*\b|\bmistake\b|\bignore my (?:previous|earlier|last|first)\b"
    r"|\b(?:change|update|amend|fix|adjust)\s+(?:my|our|his|her|the|their|it|this)\b"
    r"|\bplease (?:change|update|amend|fix|use)\b|\bnot\s+\w+\s+but\b|\bwrong\b|\bspelled\b"
    r"|\b(?:my|our|his|her)\s+(?:name|title|position|role|organi[sz]ation|affiliation)\s+"
    r"(?:is|should)\b[^.]{0,80},?\s+not\b"
    r"|corrección|debería ser|en lugar de|au lieu de|plutôt que|statt\b|korrektur|исправ\w+"
    r"|اصلاح|تصحیح",
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
# A deferral or refusal about someone else than the signer: a board, the organization itself.
_OTHER_PARTY = re.compile(
    r"\b(?:board|organi[sz]ation|congregation|church|network|council|itself|committee|"
    r"leadership|bylaws|synagogue|mosque|parish|institution|employer)\b",
    _I,
)
# The sender stays on the letter while the organization leaves it.
_STAYS = re.compile(
    r"\b(?:I|we)\s+(?:will|['’]ll|would like to|want to|wish to|shall)?\s*"
    r"(?:remain|stay|continue)\b"
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
    others = bool(holding) and all(_OTHER_PARTY.search(s) for s in holding)
    stays = any(_STAYS.search(s) for s in parts)
    return Acts(
        **counts,
        sentences=len(parts),
        request_sentences=tuple(asking),
        about_others=others,
        stays=stays,
    )


def request_sentences(text: str) -> list[str]:
    """The sentences of ``text`` that ask to sign now."""
    return list(read(text).request_sentences)


def _gate(words: str) -> tuple[str, ...]:
    """Word pieces one of which a sentence must hold before a costly pattern is tried."""
    return tuple(words.split())


# Cheap gates: a pattern can only match a sentence that holds one of these pieces.
_GATES = {
    "unsubscribe": _gate("list unsubscrib stop more further"),
    "withdraw": _gate(
        "remov withdraw take retract unsign rescind delete strike drop longer retir quit "
        "elimin supprim namen zurück удал отозв حذف پس"
    ),
    "correct": _gate(
        "correct should instead rather typo spel mistake ignore change update amend fix "
        "adjust not wrong correc debería lugar lieu plutôt statt korrektur исправ اصلاح تصحیح use"
    ),
    "decline": _gate("decline can won will unable able pass not must"),
    "defer": _gate(
        "will would expect plan hope intend may might going likely before prior decid consider "
        "discuss if once 'll ’ll reply respond write back touch know confirm"
    ),
    "request": _gate(
        "add sign includ list put count record regist use accept take join endors name find "
        "here 'm ’m 're ’re +1 too same agreg añad inclu firm ajout veuillez souhait voudr "
        "aimer hinzu unterz unters möcht fügen fuegen добав подпис امضا اضافه 署名 賛同 追加 "
        "加え 签署 联署 서명 추가 assin adicion aggiung"
    ),
}


def _gated(name: str, low: str) -> bool:
    return any(piece in low for piece in _GATES[name])


def _acts(sentence: str) -> list[str]:
    acts: list[str] = []
    low = sentence.lower()
    if _gated("unsubscribe", low) and _UNSUBSCRIBE.search(sentence):
        return ["unsubscribes"]
    if _gated("withdraw", low) and _WITHDRAW.search(sentence):
        acts.append("withdrawals")
    if _gated("correct", low) and _CORRECT.search(sentence):
        acts.append("corrections")
    if _gated("decline", low) and _DECLINE.search(sentence):
        acts.append("declines")
    asks = _gated("request", low) and bool(_REQUEST.search(sentence))
    polite = "you" in low and bool(_QUESTION_REQUEST.search(sentence))
    if _is_deferred(sentence, low, asks):
        acts.append("deferred")
    elif _is_request(sentence, asks, polite):
        acts.append("requests")
    if _QUESTION.search(sentence) and not polite:
        acts.append("questions")
    return acts


def _is_request(sentence: str, asks: bool, polite: bool) -> bool:
    if not asks and not polite:
        return False
    if _OTHERS_WANT.search(sentence) and not re.search(r"\b(?:I|we|me|my|our)\b", sentence, _I):
        return False
    if _PAST.search(sentence) and not _PLEASE.search(sentence):
        return False
    return not (_QUESTION.search(sentence) and not polite)


def _is_deferred(sentence: str, low: str, asks: bool) -> bool:
    if _gated("defer", low) and _DEFERRED.search(sentence):
        return not asks or not _BENIGN_CONDITION.search(sentence)
    if asks and _CONDITION.search(sentence):
        return not _BENIGN_CONDITION.search(sentence) and not _PLEASE.search(sentence)
    return False


def is_withdrawal(sentence: str) -> bool:
    """True when the sentence asks to remove a signature (not to leave a mailing list)."""
    return bool(_WITHDRAW.search(sentence)) and not _UNSUBSCRIBE.search(sentence)
