"""Build small messages (and their plans) for unit tests: plain data, no servers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from intake.assess import Facts, Plan, Policy, Template, assess, reply_target
from intake.extract import Capacity, Extraction, Kind, Signer
from intake.message import Message, parse


def mail(
    body: str = "Please add my name.\n",
    headers: dict[str, str] | None = None,
    received: datetime | None = None,
) -> Message:
    """Parse a message made of ``headers`` (From/To/Subject defaults) and ``body``."""
    fields = {
        "From": "Jane Smith <jane@example.org>",
        "To": "coordinator@campaign.example",
        "Subject": "Sign-on letter",
        "Message-ID": "<m1@example.org>",
        "Date": "Tue, 16 Jun 2020 09:40:23 -0400",
    }
    fields.update(headers or {})
    head = "".join(f"{k}: {v}\r\n" for k, v in fields.items() if v is not None)
    raw = (head + "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body).encode()
    return parse(raw, received)


def plan_for(message: Message, extraction: Extraction, late: bool = False) -> Plan:
    """``assess`` with a deadline just before (late) or just after the message arrived."""
    at = message.received or datetime(2020, 6, 20, 14, 0, tzinfo=UTC)
    deadline = at - timedelta(seconds=1) if late else at + timedelta(seconds=1)
    return assess(message, Facts(Policy(deadline=deadline), now=at), extraction)


def reply_plan(message: Message, template: str = "confirmation", late: bool = False) -> Plan:
    """The plan of a reply with ``template`` to ``message``, as ``assess`` would address it."""
    kinds = {"corrected": Kind.CORRECTION, "withdrawn": Kind.WITHDRAWAL}
    return Plan(
        kinds.get(template, Kind.SIGNATURE),
        (Signer("Jane Smith", "Director", "Center for Conscience", Capacity.BOTH),),
        late=late,
        reply=Template(template),
        to=reply_target(message, Policy())[0],
        on_list=("Jane Smith",) if late else (),
    )
