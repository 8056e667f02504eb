"""Templates: Jinja2 in a sandbox, HTML autoescaped, undefined names an error.

Templates are user-edited files, so they always run in Jinja2's
``SandboxedEnvironment``. A campaign folder of templates overrides the
built-in ones file by file.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    select_autoescape,
)
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from intake import resources
from intake.errors import ConfigError
from intake.errors import TemplateError as IntakeTemplateError
from intake.message.clean import clean_text

REPLY_TEMPLATES = ("confirmation", "closed", "corrected", "withdrawn", "incomplete", "waiting")


class _CampaignFolder(FileSystemLoader):
    """The campaign's own templates; a folder that has gone is an error, never a quiet
    fall-back to the built-in words."""

    def __init__(self, folder: Path) -> None:
        super().__init__(str(folder))
        self.folder = folder

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        if not self.folder.is_dir():
            raise TemplateError(
                f"the templates folder {self.folder} is missing (replies.templates)"
            )
        return super().get_source(environment, template)


def _printable(value: object) -> object:
    """Every ``{{ value }}`` a template prints, without control characters (markup that
    is already safe, such as a macro's output, stays safe)."""
    if isinstance(value, Markup):
        return Markup(clean_text(str(value)))  # noqa: S704  # already escaped
    return clean_text(value) if isinstance(value, str) else value


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
        loaders: list[BaseLoader] = [FileSystemLoader(str(resources.templates_dir()))]
        if folder is not None:
            if not folder.is_dir():  # else the built-in text would go out in its place, unseen
                raise ConfigError(
                    f"the templates folder {folder} does not exist: restore it (intake init "
                    "writes a fresh copy) or remove the setting to use the built-in templates",
                    key="replies.templates",
                )
            loaders.insert(0, _CampaignFolder(folder))
        self.folder = folder
        self.env = SandboxedEnvironment(
            loader=ChoiceLoader(loaders),
            autoescape=select_autoescape(enabled_extensions=("html", "html.j2"), default=False),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            finalize=_printable,
        )

    def __reduce__(self) -> tuple[type[Templates], tuple[Path | None]]:
        """Pickled as its folder (a spawned worker process loads the templates anew)."""
        return (Templates, (self.folder,))

    def source_of(self, name: str) -> str:
        """Where template ``name`` comes from: the campaign's folder or the built-ins."""
        if self.folder is not None and (self.folder / name).is_file():
            return str(self.folder / name)
        return "built-in"

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
