"""The desk's ASGI application: its routes, its middleware and its templates.

Starlette earns its place as the small ASGI toolkit under the desk: routing,
form parsing (python-multipart), signed session cookies (itsdangerous) and
Jinja2 responses, without an ORM or a second validation layer; uvicorn serves
it. Every route but the sign-in pages and the static files needs a session.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from intake.config import Settings
from intake.desk import list_pages, login, review_pages, today_pages
from intake.desk.auth import Access
from intake.desk.web import Desk, refuse, signed_in, to_login
from intake.digest.model import local_text
from intake.review import words
from intake.review.settle import Clock, Decisions, utcnow
from intake.store import Store

HERE = Path(__file__).resolve().parent
PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
)


async def to_review(request: Request) -> Response:
    """The desk's front door: the queue when signed in, else the sign-in page."""
    return RedirectResponse("/review" if signed_in(request) else "/login", status_code=303)


ROUTES = [
    Route("/", to_review, methods=["GET"]),
    Route("/login", login.login_form, methods=["GET"]),
    Route("/login", login.login, methods=["POST"]),
    Route("/login/link", login.login_link, methods=["GET"]),
    Route("/logout", login.logout, methods=["POST"]),
    Route("/review", review_pages.queue, methods=["GET"]),
    Route("/review/{id:int}", review_pages.item_page, methods=["GET"]),
    Route("/review/{id:int}/accept", review_pages.accept, methods=["POST"]),
    Route("/review/{id:int}/edit", review_pages.edit, methods=["POST"]),
    Route("/review/{id:int}/add", review_pages.add, methods=["POST"]),
    Route("/review/{id:int}/split", review_pages.split, methods=["POST"]),
    Route("/review/{id:int}/merge", review_pages.merge, methods=["POST"]),
    Route("/review/{id:int}/not-signature", review_pages.not_signature, methods=["POST"]),
    Route("/review/{id:int}/answer", review_pages.answer, methods=["POST"]),
    Route("/review/{id:int}/close", review_pages.close, methods=["POST"]),
    Route("/merges/{id:int}/undo", review_pages.undo_merge, methods=["POST"]),
    Route("/signers", list_pages.signers, methods=["GET"]),
    Route("/signers/{id:int}", list_pages.signer_page, methods=["GET"]),
    Route("/signers/{id:int}/edit", list_pages.edit_signer, methods=["POST"]),
    Route("/signers/{id:int}/withdraw", list_pages.withdraw, methods=["POST"]),
    Route("/export/{fmt}", list_pages.download, methods=["GET"]),
    Route("/letter", list_pages.letter, methods=["GET"]),
    Route("/today", today_pages.today, methods=["GET"]),
    Route("/today/digest", today_pages.digest_preview, methods=["GET"]),
    Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
]


class SecurityHeaders:
    """Headers on every answer: a strict content policy (no inline script), no framing by
    other sites, no MIME sniffing, no referrer to other sites."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                extra = {
                    b"content-security-policy": PAGE_POLICY.encode(),
                    b"x-content-type-options": b"nosniff",
                    b"referrer-policy": b"same-origin",
                    b"x-frame-options": b"SAMEORIGIN",
                }
                headers += [(k, v) for k, v in extra.items() if k not in names]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


def templates(settings: Settings) -> Jinja2Templates:
    """The desk's own templates (not user-edited), autoescaped, strict about names."""
    env = Environment(
        loader=FileSystemLoader(str(HERE / "templates")),
        autoescape=select_autoescape(default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    zone = settings.campaign.zone
    env.filters["local"] = lambda moment: local_text(moment, zone) if moment else "—"
    env.filters["dash"] = lambda value: value if value else "—"
    env.globals["no_reply_words"] = words.no_reply
    return Jinja2Templates(env=env)


async def not_found(request: Request, exc: Any) -> Response:
    """An unknown address: the sign-in page without a session, a plain 404 with one."""
    if not signed_in(request):
        return to_login(request)
    status = getattr(exc, "status_code", 404)
    return refuse("There is no such page here.", status=status if status in (404, 405) else 404)


def create_app(
    settings: Settings, store: Store, access: Access, clock: Clock = utcnow
) -> Starlette:
    """The desk for one campaign, over its store."""
    middleware = [
        Middleware(SecurityHeaders),
        Middleware(
            SessionMiddleware,
            secret_key=secrets.token_urlsafe(48),
            session_cookie="intake_desk",
            max_age=settings.desk.session_hours * 3600,
            same_site="lax",
            https_only=access.secure_cookie,
        ),
    ]
    app = Starlette(
        routes=ROUTES,
        middleware=middleware,
        exception_handlers={404: not_found, 405: not_found, HTTPException: not_found},
    )
    decisions = Decisions(settings, store, clock)
    app.state.desk = Desk(settings, store, access, templates(settings), decisions)
    return app
