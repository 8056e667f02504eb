"""Every route of the desk, walked over HTTP against a real uvicorn: no session, no data.

The route table is read from the running application, so a route added later
is walked too (and a route with a parameter this test cannot fill fails it).
"""

from __future__ import annotations

import re

import httpx
import pytest
from sqlalchemy import func, select
from starlette.routing import Mount, Route
from support.desk import PASSWORD, QUEUE

from intake.store.schema import audit, review

# What a request without a session must never see: names, addresses, words people wrote.
PRIVATE = sorted(
    {part for mail in QUEUE for part in re.findall(r"[\w.+-]+@[\w.-]+", mail.sender)}
    | {s.name for mail in QUEUE for s in mail.signers if s.name}
    | {"non-US residents", "Green Hollow", "Al-Noor", "weekly roundup", "Fairhaven"}
)
PUBLIC = {"/", "/login", "/login/link"}
PARAMS = {"{id:int}": "1", "{fmt}": "csv"}


def concrete(path: str) -> str:
    for param, value in PARAMS.items():
        path = path.replace(param, value)
    assert "{" not in path, f"no value to walk {path} with: add it to PARAMS"
    return path


def walk(campaign) -> list[tuple[str, str]]:
    """(method, path) for every route of the running desk."""
    found = []
    for route in campaign.desk.app.routes:
        if isinstance(route, Mount):
            continue
        assert isinstance(route, Route)
        for method in sorted(route.methods - {"HEAD"}):
            found.append((method, concrete(route.path)))
    return found


def private_in(response: httpx.Response) -> list[str]:
    text = response.text + " ".join(f"{k}: {v}" for k, v in response.headers.items())
    return [word for word in PRIVATE if word.lower() in text.lower()]


def counts(store) -> tuple[int, int, int]:
    with store.engine.connect() as conn:
        opened = conn.execute(select(func.count()).where(review.c.status == "open")).scalar_one()
        logged = conn.execute(select(func.count()).select_from(audit)).scalar_one()
    return opened, logged, len(store.signers(include_inactive=True))


def signed_in(campaign) -> httpx.Client:
    client = httpx.Client(base_url=campaign.desk.url)
    assert client.get(campaign.desk.link).status_code == 303
    return client


def test_every_route_refuses_a_request_without_a_session(campaign) -> None:
    routes = walk(campaign)
    assert len(routes) >= 20  # the queue, items and actions, the list, exports, today
    before = counts(campaign.store)
    with httpx.Client(base_url=campaign.desk.url) as anonymous:
        for method, path in routes:
            response = anonymous.request(method, path, data={"text": "x", "step": "apply"})
            assert private_in(response) == [], f"{method} {path} showed private data"
            if path in PUBLIC:
                continue
            assert response.status_code in (303, 401, 403), f"{method} {path}"
            if response.status_code == 303:
                assert response.headers["location"].startswith("/login")
        for path in ("/nowhere", "/review/999", "/static/../intake.sqlite"):
            assert private_in(anonymous.get(path)) == []
    assert counts(campaign.store) == before  # nothing was changed


def test_every_form_refuses_a_missing_or_wrong_csrf_token(campaign) -> None:
    before = counts(campaign.store)
    client = signed_in(campaign)
    posts = [path for method, path in walk(campaign) if method == "POST" and path != "/login"]
    assert "/review/1/accept" in posts and "/merges/1/undo" in posts
    for path in posts:
        for token in ({}, {"csrf": "forged"}):
            response = client.post(path, data={**token, "text": "x", "step": "apply"})
            assert response.status_code == 403, path
    assert counts(campaign.store) == before
    with httpx.Client(base_url=campaign.desk.url) as fresh:  # the sign-in form has its own
        assert fresh.post("/login", data={"password": PASSWORD}).status_code == 403


def test_a_session_that_signed_out_is_refused(campaign) -> None:
    client = signed_in(campaign)
    page = client.get("/review")
    assert page.status_code == 200 and "Jane Smith" in page.text
    token = re.search(r'name="csrf" value="([^"]+)"', page.text)[1]
    assert client.post("/logout", data={"csrf": token}).status_code == 303
    stale = httpx.Client(base_url=campaign.desk.url, cookies=dict(client.cookies))
    assert client.get("/review").status_code == 303
    assert stale.get("/review").status_code == 303  # the old cookie, replayed, is refused too


def test_sign_in_with_the_password_and_a_name_for_the_log(campaign) -> None:
    client = httpx.Client(base_url=campaign.desk.url)
    form = client.get("/login").text
    token = re.search(r'name="csrf" value="([^"]+)"', form)[1]
    wrong = client.post("/login", data={"csrf": token, "password": "nope"})
    assert wrong.status_code == 401 and "not right" in wrong.text
    right = client.post("/login", data={"csrf": token, "password": PASSWORD, "who": "Maya"})
    assert right.status_code == 303 and right.headers["location"] == "/review"
    assert "Maya (desk)" in client.get("/review").text


def test_set_cookie_is_httponly_and_samesite(campaign) -> None:
    response = httpx.get(campaign.desk.link)
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie


def test_failed_sign_ins_are_limited(campaign) -> None:
    client = httpx.Client(base_url=campaign.desk.url)
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text)[1]
    codes = [
        client.post("/login", data={"csrf": token, "password": f"guess{i}"}).status_code
        for i in range(6)
    ]
    assert codes == [401] * 5 + [429]
    limited = client.post("/login", data={"csrf": token, "password": PASSWORD})
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) > 0
    assert httpx.get(campaign.desk.url + "/login/link?token=wrong").status_code == 429


def test_the_password_is_kept_only_as_an_argon2_hash(campaign) -> None:
    access = campaign.desk.app.state.desk.access
    assert access.hashed.startswith("$argon2id$")
    assert PASSWORD not in repr(vars(access)) and PASSWORD not in access.hashed


@pytest.mark.parametrize("fmt", ["csv", "json", "markdown", "html", "docx"])
def test_every_export_format_downloads(campaign, fmt: str) -> None:
    response = signed_in(campaign).get(f"/export/{fmt}")
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    if fmt != "docx":
        assert "Jane Smith" in response.content.decode("utf-8-sig")
