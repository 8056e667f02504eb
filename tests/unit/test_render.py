"""Templates: sandboxed, autoescaped HTML, clear errors, campaign overrides."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest
from support.mail import mail, reply_plan
from support.replies import CAMPAIGN, JANE

from intake import resources
from intake.errors import TemplateError
from intake.extract import Capacity
from intake.outbox.reply import ReplyBuilder
from intake.render import REPLY_TEMPLATES, Templates

MARKUP = re.compile(r"<(p|br|div|table|ul|li|strong|em|a)\b", re.IGNORECASE)


def test_every_builtin_reply_has_a_text_and_an_html_form_that_say_it() -> None:
    """Each reply template is a file in both forms, and each form renders the greeting and
    the signer: text without markup, HTML with it (not the text form twice, not empty)."""
    builtin = resources.templates_dir()
    builder = ReplyBuilder(CAMPAIGN, Templates())
    for name in REPLY_TEMPLATES:
        context = builder.context(mail(), [JANE], reply_plan(mail(), name, late=name == "closed"))
        assert (builtin / f"{name}.txt.j2").is_file() and (builtin / f"{name}.html.j2").is_file()
        rendered = builder.templates.render(name, context)
        text = " ".join(rendered.text.split())
        html = " ".join(lxml.html.fromstring(rendered.html).text_content().split())
        assert "Jane Smith" in text and "Jane Smith" in html, name
        assert not MARKUP.search(rendered.text), name
        assert MARKUP.search(rendered.html), name


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


def test_letter_url_is_in_every_reply_when_set() -> None:
    with_link = CAMPAIGN.model_copy(update={"letter_url": "https://example.org/the-letter"})
    builder = ReplyBuilder(with_link, Templates())
    context = builder.context(mail(), [JANE])
    for name in REPLY_TEMPLATES:
        rendered = builder.templates.render(name, context)
        assert "The letter: https://example.org/the-letter" in rendered.text, name
        assert 'href="https://example.org/the-letter"' in rendered.html, name
    without = ReplyBuilder(CAMPAIGN, Templates())
    plain = without.templates.render("confirmation", without.context(mail(), [JANE]))
    assert "The letter:" not in plain.text


def test_an_organization_is_confirmed_as_an_organization() -> None:
    builder = ReplyBuilder(CAMPAIGN, Templates())
    council = JANE.__class__(
        8, None, None, "Sanatana Dharma Council", Capacity.ORGANIZATION, "o@example.org",
        "active", False,
    )  # fmt: skip
    contact = JANE.__class__(
        9, "Raj Patel", "Secretary", "Hindu Temple Society", Capacity.ORGANIZATION,
        "r@example.org", "active", False,
    )  # fmt: skip
    for signer, lines in (
        (council, ["Organization: Sanatana Dharma Council", "Signing as: organization"]),
        (contact, ["Organization: Hindu Temple Society", "Contact: Raj Patel, Secretary"]),
    ):
        rendered = builder.templates.render("confirmation", builder.context(mail(), [signer]))
        for line in lines:
            assert line in rendered.text
        assert "(none: the organization signs)" not in rendered.text + rendered.html
        assert "Title: (none)" not in rendered.text and "Name:" not in rendered.text
