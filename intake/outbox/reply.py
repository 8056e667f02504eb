"""Build a reply as bytes: threaded, marked automatic, safe from header injection.

Every header value that came from a message (a display name, a subject, a
Message-ID) is cleaned of control characters before it is used, and the
stdlib's ``policy.SMTP`` refuses any header that still carries a line break.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime

from intake.assess import Plan, Policy, Template, reply_target
from intake.config import CampaignSettings, ReplyTo
from intake.deadline import deadline_text
from intake.extract import Kind
from intake.guards import MESSAGE_ID_PREFIX
from intake.message import Address, Message
from intake.outbox.mime import Field, MimeBody, address, assemble, compose, mime_body, unstructured
from intake.render import Templates
from intake.store.records import ReplyDraft, SignerRecord

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]+")
_MSGID = re.compile(r"^<[!-;=?-~]+@[!-;=?-~]+>$")
_MAX_REFERENCES = 10
_KINDS = {"corrected": Kind.CORRECTION, "withdrawn": Kind.WITHDRAWAL}


def clean(text: str, limit: int = 200) -> str:
    """A header-safe single line: control characters become spaces, runs collapse.

    A literal ``=?`` is broken up: the stdlib's header parser would decode it
    as an RFC 2047 word and could write the CR/LF it hides as a raw line break.
    """
    line = " ".join(_CONTROL.sub(" ", text or "").split()).replace("=?", "= ?")
    return line[:limit]


def safe_message_id(value: str) -> str:
    """``value`` if it is a well-formed Message-ID, else empty (never echoed raw)."""
    return value if _MSGID.match(value or "") else ""


def reply_message_id(identity: str, purpose: str, domain: str) -> str:
    """A Message-ID derived from what it answers, so a resend is recognisably the same mail."""
    digest = hashlib.sha256(f"{identity}\n{purpose}".encode()).hexdigest()[:24]
    return f"<{MESSAGE_ID_PREFIX}{digest}@{domain}>"


def reply_subject(subject: str, campaign_name: str) -> str:
    """``Re: <original>`` (not doubled); the campaign's name when there was none."""
    original = clean(subject, 180)
    if not original:
        return f"Your signature: {clean(campaign_name, 150)}"
    return original if original.lower().startswith("re:") else f"Re: {original}"


def greeting(to: Address, sender: Address, signers: Sequence[SignerRecord]) -> str:
    """Whom the reply addresses: the one named signer, else the name on the address."""
    named = [s.name for s in signers if s.name]
    if len(named) == 1:
        return clean(named[0], 100)
    return clean(to.name or sender.name, 100) or "friend"


@dataclass(frozen=True)
class PreparedBody:
    """A reply's body rendered ahead of time (in a worker process) for the template and
    context it was rendered with: ``draft`` uses it only when both are still the same."""

    template: str
    context: dict[str, object]
    body: MimeBody


@dataclass(frozen=True)
class ReplyBuilder:
    """Renders and builds replies for one campaign."""

    campaign: CampaignSettings
    templates: Templates
    reply_to: ReplyTo = "same-person"

    def plan_for(self, message: Message, template: str) -> Plan:
        """A reply's plan when only its template is known (a reply released from review):
        to the address ``assess`` would pick, nothing asked, no one listed."""
        return Plan(
            _KINDS.get(template, Kind.SIGNATURE),
            (),
            late=template == "closed",
            reply=Template(template),
            to=reply_target(message, Policy(reply_to=self.reply_to))[0],
        )

    def context(
        self, message: Message, signers: Sequence[SignerRecord], plan: Plan | None = None
    ) -> dict[str, object]:
        """What every reply template can use: the campaign, the signers as recorded, and
        from the plan what was asked (``asked``, ``kind``), whether it came ``late``, and
        who from this address is on the list (``on_list``)."""
        plan = plan or self.plan_for(message, "confirmation")
        return {
            "campaign": {
                "name": self.campaign.name,
                "coordinator_name": self.campaign.coordinator_name,
                "reply_from": self.campaign.reply_from,
                "reply_from_name": self.campaign.reply_from_name,
                "deadline": deadline_text(self.campaign),
                "letter_url": self.campaign.letter_url,
            },
            "greeting": greeting(plan.to, message.sender, signers),
            "signers": [
                {**s.as_signer().as_dict(), "status": s.status, "late": s.late} for s in signers
            ],
            "asked": [s.as_dict() for s in plan.signers],
            "kind": plan.kind.value,
            "late": plan.late,
            "on_list": list(plan.on_list),
            "original": {"subject": message.subject, "sender": message.sender.name},
        }

    def draft(
        self,
        message: Message,
        identity: str,
        template: str,
        signers: Sequence[SignerRecord],
        now: datetime,
        plan: Plan | None = None,
        prepared: PreparedBody | None = None,
    ) -> ReplyDraft:
        """The reply with ``template`` to ``message``, as the bytes that will be sent, to the
        address ``plan`` names (the one ``assess`` picked: From, or a Reply-To that is the
        same person's; never a third party's). ``prepared`` is its body when it was
        rendered ahead from the same template and context (else it is rendered here)."""
        plan = plan or self.plan_for(message, template)
        context = self.context(message, signers, plan)
        same = prepared is not None and (prepared.template, prepared.context) == (template, context)
        body = prepared.body if prepared is not None and same else self._body(template, context)
        to = plan.to
        message_id, subject, fields = self._head(message, to, identity, template, now)
        fields += [
            ("Auto-Submitted", "auto-replied"),
            ("X-Auto-Response-Suppress", "All"),
            ("X-Loop", self.campaign.reply_from),
        ]
        return ReplyDraft(template, to.addr, message_id, subject, assemble(fields, body))

    def prepare(
        self, message: Message, template: str, signers: Sequence[SignerRecord], plan: Plan
    ) -> PreparedBody:
        """The body ``draft`` would give this reply, rendered now (see PreparedBody)."""
        context = self.context(message, signers, plan)
        return PreparedBody(template, context, self._body(template, context))

    def _body(self, template: str, context: dict[str, object]) -> MimeBody:
        rendered = self.templates.render(template, context)
        return mime_body(rendered.text, rendered.html)

    def _head(
        self, message: Message, to: Address, identity: str, purpose: str, now: datetime
    ) -> tuple[str, str, list[Field]]:
        """The Message-ID, the subject and the header fields of a reply to ``message``."""
        domain = self.campaign.reply_from.rsplit("@", 1)[-1]
        message_id = reply_message_id(identity, purpose, domain)
        subject = reply_subject(message.subject, self.campaign.name)
        fields: list[Field] = [
            ("From", address(clean(self.campaign.reply_from_name, 100), self.campaign.reply_from)),
            ("To", address(clean(to.name, 100), to.addr)),
            ("Subject", unstructured(subject)),
            ("Date", format_datetime(now)),
            ("Message-ID", message_id),
            *_thread(message),
        ]
        return message_id, subject, fields

    def answer(
        self, message: Message, identity: str, text: str, serial: int, now: datetime
    ) -> ReplyDraft:
        """The coordinator's own answer to ``message``: threaded, from the campaign's address.

        A person wrote it, so it is not marked automatic; ``serial`` (1 for the
        first answer to this message) makes each answer's Message-ID its own.
        """
        to = message.sender
        message_id, subject, fields = self._head(message, to, identity, f"answer:{serial}", now)
        body = text.replace("\r\n", "\n").strip() + "\n"
        paragraphs = "".join(
            f"<p>{html.escape(p).replace(chr(10), '<br>')}</p>"
            for p in body.split("\n\n")
            if p.strip()
        )
        data = compose(fields, body, f"<!DOCTYPE html><html><body>{paragraphs}</body></html>")
        return ReplyDraft("answer", to.addr, message_id, subject, data)


def _thread(message: Message) -> list[Field]:
    """In-Reply-To and References, from well-formed ids only."""
    parent = safe_message_id(message.message_id)
    if not parent:
        return []
    earlier = [r for r in (safe_message_id(x) for x in message.references) if r and r != parent]
    references = " ".join([*earlier[-(_MAX_REFERENCES - 1) :], parent])
    return [("In-Reply-To", parent), ("References", references)]
