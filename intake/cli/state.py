"""What the ``intake`` callback hands to every command, through Typer's context.

The global options (``-c``, ``--debug``) are parsed once by the app's callback
and stored as ``ctx.obj``; a command reaches them with :func:`state`, so the
command modules never import the app (and the app imports them).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import typer
from rich.console import Console

from intake import config
from intake.config import Settings
from intake.run.lock import CampaignLock
from intake.store import Store

# Exit codes: 0 done; 1 the world failed (a server, the database, another intake at
# work); 2 the configuration or the command is wrong; 3 mail was read and recorded
# but replies wait in the outbox because SMTP failed.
EXIT_UNSENT = 3

# No emoji codes: ":smile:" in a name is printed as written.
err = Console(stderr=True, highlight=False, emoji=False)
out = Console(highlight=False, emoji=False)


@dataclass(frozen=True)
class State:
    """The global options of one ``intake`` invocation."""

    config: Path = Path("intake.toml")
    debug: bool = False


def state(ctx: typer.Context) -> State:
    """The options the app's callback stored (defaults when a command runs on its own)."""
    found = ctx.find_object(State)
    return found if found is not None else State()


def settings(ctx: typer.Context) -> Settings:
    """The campaign's settings, loaded and validated from ``-c``."""
    return config.load(state(ctx).config)


@contextmanager
def open_store(ctx: typer.Context) -> Iterator[tuple[Settings, Store]]:
    """The campaign's settings and an open store, closed afterwards."""
    loaded = settings(ctx)
    store = Store.open(loaded.database_url)
    try:
        yield loaded, store
    finally:
        store.close()


def now() -> datetime:
    return datetime.now(UTC)


def campaign_lock(settings: Settings, store: Store) -> CampaignLock:
    """The campaign's one lock, shared by run, poll and digest --send."""
    return CampaignLock.for_store(store, settings.base_dir)
