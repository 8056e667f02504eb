"""Baseline extraction: labelled blocks and the From name. Replaced by the full reader."""

from __future__ import annotations

import re

from intake import guards
from intake.extract.model import Capacity, ExtractContext, Extraction, Kind, Signer
from intake.message import Message

_LABEL = re.compile(r"^\s*(name|title|organi[sz]ation|signing as)\s*:\s*(.*?)\s*$", re.I | re.M)


def extract(message: Message, context: ExtractContext) -> Extraction:
    """Read the kind and the signers of ``message``."""
    verdict = guards.check(message, guards.GuardContext(own_addresses=context.own_addresses))
    if verdict.kind:
        return Extraction(Kind(verdict.kind), (), 0.95, verdict.reasons)
    fields = {k.lower()[:5]: v for k, v in _LABEL.findall(message.own_text) if v}
    name = fields.get("name") or message.sender.name or None
    if not name:
        return Extraction(Kind.SIGNATURE, (), 0.2, ("no name found",))
    capacity = Capacity.BOTH if "both" in fields.get("signi", "").lower() else Capacity.INDIVIDUAL
    signer = Signer(name, fields.get("title"), fields.get("organ"), capacity)
    return Extraction(Kind.SIGNATURE, (signer,), 0.6, ("baseline reader",))
