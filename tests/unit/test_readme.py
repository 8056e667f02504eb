"""The README's install paths work where pip refuses the system's Python (Debian 12, Ubuntu 24)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def shell_lines() -> list[str]:
    blocks = re.findall(r"```sh\n(.*?)```", README, re.DOTALL)
    return [line for block in blocks for line in block.splitlines() if line.strip()]


def test_no_command_pip_installs_into_the_systems_python() -> None:
    """A bare `pip install` stops with externally-managed-environment on those systems."""
    for line in shell_lines():
        for match in re.finditer(r"(\S*)pip install", line):
            assert match[1].endswith(("bin/", "pipx ")) or "venv" in match[1], line


def test_the_systemd_unit_runs_the_intake_the_readme_installs() -> None:
    unit = (ROOT / "config" / "intake.service").read_text(encoding="utf-8")
    binary = re.search(r"^ExecStart=(\S+) ", unit, re.MULTILINE)
    assert binary is not None
    venv = binary[1].removesuffix("/bin/intake")
    assert any(f"python3 -m venv {venv}" in line for line in shell_lines())
    assert any(f"{venv}/bin/pip install" in line for line in shell_lines())
    assert "/usr/local/bin" not in unit
