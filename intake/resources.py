"""Files that ship with intake: built-in templates and the example config.

In a wheel they live in ``intake/_data``; in a source checkout (an editable
install) they are read from the repository's ``templates/`` and ``config/``.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent


def templates_dir() -> Path:
    """The folder of built-in templates."""
    packaged = _PACKAGE / "_data" / "templates"
    return packaged if packaged.is_dir() else _CHECKOUT / "templates"


def example_config() -> Path:
    """The commented example configuration."""
    packaged = _PACKAGE / "_data" / "intake.example.toml"
    return packaged if packaged.is_file() else _CHECKOUT / "config" / "intake.example.toml"


def demo_mailbox() -> Path:
    """The demo's sample mailbox (messages and their manifest)."""
    return _PACKAGE / "demo" / "mailbox"
