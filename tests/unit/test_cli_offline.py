"""The commands that need no campaign: ``intake demo`` without its extra says what to install."""

from __future__ import annotations

import importlib.util

import pytest
from typer.testing import CliRunner

from intake.cli import app
from intake.errors import ConfigError


def test_demo_without_its_servers_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec

    def without_pymap(name: str, *args: object) -> object:
        return None if name == "pymap" else real(name, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(importlib.util, "find_spec", without_pymap)
    result = CliRunner().invoke(app, ["demo"])
    assert isinstance(result.exception, ConfigError)
    assert "needs pymap (the demo extra)" in str(result.exception)
    assert "pip install '.[demo]'" in str(result.exception)
