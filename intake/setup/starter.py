"""``intake init``: a starter config and editable templates in a folder."""

from __future__ import annotations

import shutil
from pathlib import Path

from intake import resources
from intake.errors import ConfigError


def write(folder: Path, force: bool = False) -> list[Path]:
    """Copy the example config to ``intake.toml`` and the templates to ``templates/``."""
    folder.mkdir(parents=True, exist_ok=True)
    targets = {resources.example_config(): folder / "intake.toml"}
    for template in sorted(resources.templates_dir().glob("*.j2")):
        targets[template] = folder / "templates" / template.name
    existing = [t for t in targets.values() if t.exists()]
    if existing and not force:
        raise ConfigError(f"{existing[0]} already exists (use --force to overwrite)")
    (folder / "templates").mkdir(exist_ok=True)
    for source, target in targets.items():
        shutil.copyfile(source, target)
    return list(targets.values())
