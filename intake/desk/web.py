"""The desk's request plumbing: who is signed in, CSRF, pages, flashes and errors.

Every page handler is a plain function of a :class:`Ctx`, run in a worker
thread (the store is synchronous). ``view`` wraps a page: without a session
it answers with the sign-in page's address and nothing else. ``action``
wraps a form post: without a session, or without the session's CSRF token,
it refuses with 403 and changes nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.templating import Jinja2Templates

from intake.config import Settings
from intake.desk.auth import Access, same
from intake.errors import ConfigError, ConflictError, IntakeError, OperationalError
from intake.review.settle import Decisions
from intake.store import Store

log = logging.getLogger(__name__)
Endpoint = Callable[[Request], Awaitable[Response]]
NO_STORE = {"Cache-Control": "no-store"}


@dataclass
class Desk:
    """What every request needs: the campaign, its store, access rules, the templates."""

    settings: Settings
    store: Store
    access: Access
    templates: Jinja2Templates
    decisions: Decisions


@dataclass
class Ctx:
    """One signed-in request: the desk, who is acting, and the form (for posts)."""

    request: Request
    desk: Desk
    who: str
    csrf: str
    form: Mapping[str, str] = field(default_factory=dict)
    lists: Mapping[str, list[str]] = field(default_factory=dict)

    @property
    def htmx(self) -> bool:
        return self.request.headers.get("hx-request") == "true"

    def page(
        self, name: str, context: Mapping[str, Any], status: int = 200, title: str = ""
    ) -> Response:
        """Render a desk page (or, for htmx, the same template: it extends nothing then)."""
        full = {
            "who": self.who, "csrf": self.csrf, "title": title,
            "campaign": self.desk.settings.campaign, "flash": pop_flash(self.request),
            "open_count": len(self.desk.store.review_items(open_only=True)),
            "path": self.request.url.path, "htmx": self.htmx, **context,
        }  # fmt: skip
        return self.desk.templates.TemplateResponse(
            self.request, name, full, status_code=status, headers=NO_STORE
        )

    def back(self, url: str, message: str = "") -> Response:
        """To ``url`` after a post (303), with a message for the next page."""
        if message:
            flash(self.request, message)
        if self.htmx:
            return Response(status_code=204, headers={"HX-Location": url})
        return RedirectResponse(url, status_code=303)

    @property
    def now(self) -> datetime:
        return self.desk.decisions.clock()


def desk_of(request: Request) -> Desk:
    found = request.app.state.desk
    assert isinstance(found, Desk)
    return found


def signed_in(request: Request) -> bool:
    return desk_of(request).access.sessions.valid(request.session.get("sid"))


def flash(request: Request, message: str) -> None:
    request.session["flash"] = message[:500]


def pop_flash(request: Request) -> str:
    return str(request.session.pop("flash", "") or "")


def view(handler: Callable[[Ctx], Response]) -> Endpoint:
    """A page that needs a session; without one, only the way to the sign-in page."""

    async def endpoint(request: Request) -> Response:
        if not signed_in(request):
            return to_login(request)
        return await run_in_threadpool(_run, handler, _ctx(request))

    endpoint.__doc__ = handler.__doc__
    return endpoint


def action(handler: Callable[[Ctx], Response]) -> Endpoint:
    """A form post that needs a session and its CSRF token; otherwise 403, nothing changed."""

    async def endpoint(request: Request) -> Response:
        form = await request.form()
        if not signed_in(request):
            return refuse("Your session has ended: sign in again.")
        given = str(form.get("csrf") or request.headers.get("x-csrf-token") or "")
        if not same(given, str(request.session.get("csrf", ""))):
            return refuse("This form is out of date (no valid CSRF token): reload the page.")
        ctx = _ctx(request)
        ctx.form = {k: str(v) for k, v in form.items()}
        ctx.lists = {k: [str(v) for v in form.getlist(k)] for k in form}
        return await run_in_threadpool(_run, handler, ctx)

    endpoint.__doc__ = handler.__doc__
    return endpoint


def _ctx(request: Request) -> Ctx:
    session = request.session
    return Ctx(request, desk_of(request), str(session.get("who", "")), str(session.get("csrf", "")))


def _run(handler: Callable[[Ctx], Response], ctx: Ctx) -> Response:
    """Run a handler; what a person did wrong comes back as a message, never a traceback."""
    try:
        return handler(ctx)
    except (ConfigError, ConflictError) as exc:
        if ctx.request.method == "GET":
            return ctx.page("error.html.j2", {"error": str(exc)}, status=404, title="Not found")
        return ctx.back(_referer(ctx), str(exc))
    except OperationalError as exc:
        log.warning("desk: %s", exc)
        return ctx.page("error.html.j2", {"error": str(exc)}, status=503, title="Unavailable")
    except IntakeError as exc:
        return ctx.page("error.html.j2", {"error": str(exc)}, status=400, title="Error")


def _referer(ctx: Ctx) -> str:
    """Back where the form was (same site only), else the form's own ``back`` field."""
    back = ctx.form.get("back", "")
    return back if back.startswith("/") and not back.startswith("//") else "/review"


def to_login(request: Request) -> Response:
    """Where a request without a session goes: the sign-in page (no data at all)."""
    target = "/login?next=" + quote(request.url.path, safe="/")
    if request.headers.get("hx-request") == "true":
        return Response(status_code=401, headers={"HX-Redirect": target})
    return RedirectResponse(target, status_code=303)


def refuse(reason: str, status: int = 403) -> Response:
    """A refusal that says why and shows nothing else."""
    body = (
        "<!DOCTYPE html><html lang=en><meta charset=utf-8>"
        '<meta name=viewport content="width=device-width,initial-scale=1">'
        f"<title>Refused</title><p>{reason} <a href=/login>Sign in</a></p></html>"
    )
    return HTMLResponse(body, status_code=status, headers=NO_STORE)
