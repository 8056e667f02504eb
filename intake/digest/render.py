"""A digest as text and HTML (the ``digest`` templates), its subject and its CSV attachment."""

from __future__ import annotations

from intake.digest.model import DigestContent
from intake.export import render as export
from intake.outbox.mime import Attachment
from intake.render import Rendered, Templates

TEMPLATE = "digest"


def render_digest(content: DigestContent, templates: Templates) -> Rendered:
    """The digest through ``digest.txt.j2`` and ``digest.html.j2`` (a campaign may override)."""
    return templates.render(TEMPLATE, {"d": content})


def subject(content: DigestContent) -> str:
    """ "Digest: <campaign>: 3 new signers, 2 to review" or "Final list: <campaign> ..."."""
    totals = content.totals
    if content.final:
        return (
            f"Final list: {content.campaign}: {totals.on_list} signers, "
            f"{totals.review_open} unresolved"
        )
    news = "nothing new" if content.nothing_new else content.summary()
    return f"Digest: {content.campaign}: {news}"


def signatories_csv(content: DigestContent, day: str) -> Attachment:
    """The current signatory list as ``signatories-<day>.csv``."""
    return Attachment(f"signatories-{day}.csv", "text", "csv", export(content.letter, "csv"))
