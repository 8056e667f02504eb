"""A campaign wired to this test's Dovecot user and SMTP sink, with a database of its own."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from support.campaign import PASSWORD_ENV, settings_for

from intake.config import Settings
from intake.store import Store


@pytest.fixture
def make_settings(
    imap_user: Any,
    smtp_sink: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    database_url: str,
) -> Callable[..., Settings]:
    """``make_settings(poll={...}, folders={...})``: settings for this test's servers and
    database (each call: the same database)."""
    monkeypatch.setenv(PASSWORD_ENV, imap_user.password)

    def make(**sections: dict[str, Any]) -> Settings:
        sections = {"database": {"url": database_url}, **sections}
        return settings_for(imap_user, smtp_sink, tmp_path, **sections)

    return make


@pytest.fixture
def settings(make_settings: Callable[..., Settings]) -> Settings:
    return make_settings()


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    db = Store.open(settings.database_url)
    yield db
    db.close()
