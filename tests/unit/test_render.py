"""Templates: sandboxed, autoescaped HTML, clear errors, campaign overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from intake.errors import TemplateError
from intake.render import REPLY_TEMPLATES, Templates


def test_every_builtin_template_exists_in_both_forms() -> None:
    templates = Templates()
    for name in REPLY_TEMPLATES:
        for suffix in ("txt.j2", "html.j2"):
            assert templates.env.get_template(f"{name}.{suffix}") is not None


def test_campaign_folder_overrides_one_file(tmp_path: Path) -> None:
    (tmp_path / "closed.txt.j2").write_text("Closed, {{ greeting }}.")
    templates = Templates(tmp_path)
    assert templates.render_one("closed.txt.j2", {"greeting": "Jane"}) == "Closed, Jane."
    builtin, _, _ = templates.env.loader.get_source(templates.env, "confirmation.txt.j2")
    assert "We have recorded" in builtin  # the files not overridden still come from intake


def test_html_autoescapes_and_text_does_not(tmp_path: Path) -> None:
    (tmp_path / "t.html.j2").write_text("<p>{{ v }}</p>")
    (tmp_path / "t.txt.j2").write_text("{{ v }}")
    templates = Templates(tmp_path)
    assert templates.render_one("t.html.j2", {"v": "<b>&"}) == "<p>&lt;b&gt;&amp;</p>"
    assert templates.render_one("t.txt.j2", {"v": "<b>&"}) == "<b>&"


def test_sandbox_blocks_attribute_escapes(tmp_path: Path) -> None:
    (tmp_path / "evil.txt.j2").write_text("{{ ''.__class__.__mro__[1].__subclasses__() }}")
    with pytest.raises(TemplateError, match=r"evil\.txt\.j2"):
        Templates(tmp_path).render_one("evil.txt.j2", {})


def test_undefined_name_and_syntax_error_name_the_file(tmp_path: Path) -> None:
    (tmp_path / "typo.txt.j2").write_text("Dear {{ gretting }}")
    (tmp_path / "broken.txt.j2").write_text("{% if %}")
    templates = Templates(tmp_path)
    with pytest.raises(TemplateError, match=r"typo\.txt\.j2.*gretting"):
        templates.render_one("typo.txt.j2", {})
    with pytest.raises(TemplateError, match=r"broken.txt.j2 \(line 1\)"):
        templates.render_one("broken.txt.j2", {})
