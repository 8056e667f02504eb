"""A campaign seeded with one review item of each kind, served by a real desk (uvicorn)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from support.desk import PASSWORD, PASSWORD_ENV, QUEUE, RunningDesk, desk_settings, seed
from support.servers import SmtpSink

from intake.config import Settings
from intake.store import Store


@dataclass
class Campaign:
    settings: Settings
    store: Store
    desk: RunningDesk
    sink: SmtpSink


@pytest.fixture
def smtp_sink() -> Iterator[SmtpSink]:
    with SmtpSink() as sink:
        yield sink


@pytest.fixture
def make_campaign(
    tmp_path: Path, smtp_sink: SmtpSink, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Any]:
    """``make_campaign(replies={"hold_for_review": True})``: seeded, and its desk running."""
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
    opened: list[tuple[Store, RunningDesk]] = []

    def make(**sections: dict[str, Any]) -> Campaign:
        settings = desk_settings(tmp_path, smtp_sink.port, **sections)
        store = Store.open(settings.database_url)
        seed(settings, store, QUEUE)
        desk = RunningDesk(settings, store).__enter__()
        opened.append((store, desk))
        return Campaign(settings, store, desk, smtp_sink)

    yield make
    for store, desk in opened:
        desk.__exit__()
        store.close()


@pytest.fixture
def campaign(make_campaign: Any) -> Campaign:
    return make_campaign()


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync",
]  # fmt: skip


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium, driven by Playwright (its own browser download is not used).

    A machine without it FAILS these tests (CI installs it); set
    ``INTAKE_ALLOW_NO_BROWSER=1`` to skip them instead.
    """
    import os

    if not CHROMIUM.exists():
        why = f"{CHROMIUM} not found: apt-get install -y chromium"
        if os.environ.get("INTAKE_ALLOW_NO_BROWSER") == "1":
            pytest.skip(why)
        pytest.fail(why, pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh browser context (no cookies) at a desktop width."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()
