"""Signing in and out: the password form, the link ``intake serve`` printed, sign-out.

Failed attempts (password or link) are limited per client address and in
all; past the limit the desk answers 429 with the seconds to wait. The
sign-in form carries its own CSRF token, so another site cannot sign a
browser in.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from intake.desk.auth import new_token, same, verify
from intake.desk.web import NO_STORE, Ctx, action, desk_of, refuse

DEFAULT_WHO = "coordinator"


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _next(request: Request, value: str | None) -> str:
    target = value or "/review"
    return target if target.startswith("/") and not target.startswith("//") else "/review"


def _page(request: Request, error: str = "", status: int = 200) -> Response:
    desk = desk_of(request)
    token = request.session.get("login_csrf") or new_token()
    request.session["login_csrf"] = token
    context = {
        "csrf": token, "error": error, "has_password": desk.access.hashed is not None,
        "next": _next(request, request.query_params.get("next")), "title": "Sign in",
        "campaign": desk.settings.campaign, "who": "",
    }  # fmt: skip
    return desk.templates.TemplateResponse(
        request, "login.html.j2", context, status_code=status, headers=NO_STORE
    )


async def login_form(request: Request) -> Response:
    """The sign-in page (it shows nothing of the campaign's data)."""
    return _page(request)


def _start(request: Request, who: str, target: str) -> Response:
    desk = desk_of(request)
    request.session.clear()
    request.session["sid"] = desk.access.sessions.start()
    request.session["csrf"] = new_token()
    request.session["who"] = f"{who.strip()[:60] or DEFAULT_WHO} (desk)"
    return RedirectResponse(target, status_code=303, headers=NO_STORE)


def _limited(request: Request) -> Response | None:
    wait = desk_of(request).access.limiter.wait(_client(request))
    if not wait:
        return None
    response = refuse(f"Too many failed sign-ins: try again in {wait} seconds.", status=429)
    response.headers["Retry-After"] = str(wait)
    return response


async def login(request: Request) -> Response:
    """Check the password (Argon2) and start a session."""
    if (limited := _limited(request)) is not None:
        return limited
    form = await request.form()
    if not same(str(form.get("csrf") or ""), str(request.session.get("login_csrf") or "")):
        return refuse("The sign-in form is out of date: reload it and try again.")
    access = desk_of(request).access
    if not await run_in_threadpool(verify, access.hashed, str(form.get("password") or "")):
        access.limiter.failed(_client(request))
        return _page(request, "That password is not right.", status=401)
    access.limiter.succeeded(_client(request))
    return _start(request, str(form.get("who") or ""), _next(request, str(form.get("next") or "")))


async def login_link(request: Request) -> Response:
    """The link ``intake serve`` printed: signs in on this machine without the password."""
    if (limited := _limited(request)) is not None:
        return limited
    access = desk_of(request).access
    if not same(request.query_params.get("token", ""), access.link_token):
        access.limiter.failed(_client(request))
        return _page(request, "That sign-in link is not (or no longer) valid.", status=401)
    access.limiter.succeeded(_client(request))
    return _start(request, DEFAULT_WHO, "/review")


@action
def logout(ctx: Ctx) -> Response:
    """Sign out: this session ends here and on the server."""
    ctx.desk.access.sessions.end(ctx.request.session.get("sid"))
    ctx.request.session.clear()
    return RedirectResponse("/login", status_code=303)
