"""Screenshots of every desk page at 1280 and 390 px wide, on the demo's campaign.

Run from the repository (needs the demo extra and Debian's chromium):

    python3 docs/screenshots/shoot.py

It runs ``intake demo`` into a temporary folder, serves the desk on loopback
exactly as ``intake serve`` does, signs in with the printed link and writes
``docs/screenshots/PAGE-WIDTH.png``.
"""

from __future__ import annotations

import tempfile
import threading
import time
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from intake.demo import run_demo
from intake.desk.server import Listen, prepare

HERE = Path(__file__).resolve().parent
WIDTHS = (1280, 390)
ARGS = [
    "--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync",
]  # fmt: skip


def split_confirm(page: Page, url: str) -> None:
    """The page a split shows before it changes anything."""
    page.goto(f"{url}/review/1")
    page.click("summary:has-text('is two signers: split')")
    page.fill("details.more[open] input[name='name.second']", "Tom Ellsworth-Ng")
    page.click("details.more[open] >> text=Show what changes")


PAGES = [
    ("review", lambda page, url: page.goto(f"{url}/review")),
    ("review-item", lambda page, url: page.goto(f"{url}/review/1")),
    ("review-question", lambda page, url: page.goto(f"{url}/review/2")),
    ("review-confirm", split_confirm),
    ("signers", lambda page, url: page.goto(f"{url}/signers")),
    ("signer", lambda page, url: page.goto(f"{url}/signers/1")),
    ("today", lambda page, url: page.goto(f"{url}/today")),
    ("letter", lambda page, url: page.goto(f"{url}/letter")),
]


def shoot(link: str) -> None:
    url = link.split("/login/")[0]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for width in WIDTHS:
            phone = width < 600  # a phone's browser: touch, and pages laid out for its width
            context = browser.new_context(
                viewport={"width": width, "height": 844 if phone else 900},
                is_mobile=phone,
                has_touch=phone,
                device_scale_factor=1,
            )
            page = context.new_page()
            page.goto(f"{url}/login")
            page.screenshot(path=HERE / f"login-{width}.png", full_page=True)
            page.goto(link)
            for name, visit in PAGES:
                visit(page, url)
                page.wait_for_load_state("networkidle")
                page.screenshot(path=HERE / f"{name}-{width}.png", full_page=True)
            context.close()
        browser.close()


def main() -> None:
    with tempfile.TemporaryDirectory() as folder, run_demo(Path(folder)) as demo:
        server, sock, link = prepare(demo.settings, demo.store, Listen("127.0.0.1", 0))
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        try:
            shoot(link)
        finally:
            server.should_exit = True
            thread.join(timeout=10)
    print(f"screenshots written to {HERE}")


if __name__ == "__main__":
    main()
