"""Today: the counts, the time left, the health of the last polls, and the digest as it
would go out now (the same code as ``intake digest --preview``; nothing is sent)."""

from __future__ import annotations

from starlette.responses import Response

from intake import digest
from intake.deadline import deadline_text, time_left
from intake.desk.list_pages import DOCUMENT_POLICY
from intake.desk.web import NO_STORE, Ctx, view
from intake.digest.content import gather
from intake.digest.send import current_window


@view
def today(ctx: Ctx) -> Response:
    """Counts, the deadline, the mail servers' health, and a link to the digest."""
    settings, store = ctx.desk.settings, ctx.desk.store
    now = ctx.now
    content = gather(settings, store, current_window(store, now), "manual")
    campaign = settings.campaign
    context = {
        "counts": store.counts(), "content": content, "last_poll": store.last_poll(),
        "deadline": f"{deadline_text(campaign)} ({campaign.timezone})",
        "time_left": time_left(campaign.deadline_at, now),
        "closed": now >= campaign.deadline_at,
    }  # fmt: skip
    return ctx.page("today.html.j2", context, title="Today")


@view
def digest_preview(ctx: Ctx) -> Response:
    """The digest as it would be sent now, in its HTML form (nothing is recorded or sent)."""
    rendered = digest.preview(ctx.desk.settings, ctx.desk.store, ctx.now)
    headers = {**NO_STORE, "Content-Security-Policy": DOCUMENT_POLICY}
    return Response(rendered.html, media_type="text/html; charset=utf-8", headers=headers)
