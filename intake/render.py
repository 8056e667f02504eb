"""Templates: Jinja2 in a sandbox, HTML autoescaped, undefined names an error.

Templates are user-edited files, so they always run in Jinja2's
``SandboxedEnvironment``. A campaign folder of templates overrides the
built-in ones file by file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined, TemplateError, select_autoescape
from jinja2.sandbox import SandboxedEnvironment

from intake import resources
from intake.errors import ConfigError
from intake.errors import TemplateError as IntakeTemplateError

REPLY_TEMPLATES = ("confirmation", "closed", "corrected", "withdrawn", "incomplete")


@dataclass(frozen=True)
class Rendered:
    """A template's plain text and HTML forms."""

    text: str
    html: str


class Templates:
    """Loads ``NAME.txt.j2`` / ``NAME.html.j2`` from the campaign folder, then the built-ins.

    A campaign folder that is named but missing is a ConfigError.
    """

    def __init__(self, folder: Path | None = None) -> None:
        loaders = [FileSystemLoader(str(resources.templates_dir()))]
        if folder is not None:
            if not folder.is_dir():  # else the built-in text would go out in its place, unseen
                raise ConfigError(
                    f"the templates folder {folder} does not exist: restore it (intake init "
                    "writes a fresh copy) or remove the setting to use the built-in templates",
                    key="replies.templates",
                )
            loaders.insert(0, FileSystemLoader(str(folder)))
        self.env = SandboxedEnvironment(
            loader=ChoiceLoader(loaders),
            autoescape=select_autoescape(enabled_extensions=("html", "html.j2"), default=False),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )

    def render_one(self, filename: str, context: Mapping[str, object]) -> str:
        """Render one template file; any failure is a TemplateError naming the file."""
        try:
            return self.env.get_template(filename).render(**context)
        except TemplateError as exc:
            line = getattr(exc, "lineno", None)
            where = f" (line {line})" if line else ""
            raise IntakeTemplateError(f"template {filename}{where}: {exc.message or exc}") from None
        except Exception as exc:  # a sandbox violation or a broken filter in a user template
            raise IntakeTemplateError(f"template {filename}: {type(exc).__name__}: {exc}") from None

    def render(self, name: str, context: Mapping[str, object]) -> Rendered:
        """Render ``name`` as text and HTML."""
        return Rendered(
            text=self.render_one(f"{name}.txt.j2", context),
            html=self.render_one(f"{name}.html.j2", context),
        )
