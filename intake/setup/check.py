"""``intake check``: every setting tried for real, one pass/fail line each."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from intake import guards
from intake.assess import Plan, Template
from intake.config import ServerSettings, Settings
from intake.deadline import deadline_text, time_left
from intake.errors import IntakeError
from intake.extract import Capacity, Kind
from intake.mailbox import Mailbox
from intake.message import Address, Message, parse_headers_only
from intake.outbox.reply import ReplyBuilder
from intake.outbox.smtp import SmtpConnection
from intake.render import REPLY_TEMPLATES, Rendered, Templates
from intake.setup.hints import likely_cause
from intake.store import SignerRecord, Store


@dataclass(frozen=True)
class CheckResult:
    """One line of ``intake check``: a pass, a failure, or a pass that needs a look (warning)."""

    name: str
    ok: bool
    detail: str
    warning: bool = False


SAMPLE_MESSAGE = Message(
    sender=Address("Jane Smith", "jane.smith@example.org"),
    subject="Sign-on letter",
    message_id="<sample@example.org>",
)
SAMPLE_SIGNERS = (
    SignerRecord(
        1,
        "Jane Smith",
        "Executive Director",
        "Center for Conscience",
        Capacity.BOTH,
        "jane.smith@example.org",
        "active",
        False,
    ),
)


def _attempt(name: str, action: Callable[[], str]) -> CheckResult:
    try:
        return CheckResult(name, True, action())
    except IntakeError as exc:
        return CheckResult(name, False, str(exc))


def check_deadline(settings: Settings, now: datetime) -> CheckResult:
    """The deadline in words; a warning when it has passed (every signer would be told so)."""
    campaign = settings.campaign
    detail = (
        f"{deadline_text(campaign)} ({campaign.timezone}), {time_left(campaign.deadline_at, now)}"
    )
    if campaign.deadline_at > now:
        return CheckResult("deadline", True, detail)
    return CheckResult(
        "deadline",
        True,
        f"{detail}: it has passed, so every signature from now on is late and its "
        "sender is told that signing has closed; if that is not meant, set campaign.deadline",
        warning=True,
    )


def check_templates(settings: Settings) -> Iterator[CheckResult]:
    """Render every reply template with sample data (from the campaign's folder, if it has one)."""
    try:
        builder = ReplyBuilder(settings.campaign, Templates(settings.templates_dir))
    except IntakeError as exc:
        yield CheckResult("templates", False, str(exc))
        return
    if settings.templates_dir is not None:
        yield CheckResult("templates folder", True, str(settings.templates_dir))
    now = datetime.now(UTC)
    for name in REPLY_TEMPLATES:
        yield _attempt(
            f"template {name}",
            lambda name=name: _render(builder, name, now),  # type: ignore[misc]
        )


def _render(builder: ReplyBuilder, name: str, now: datetime) -> str:
    plan = Plan(
        Kind.SIGNATURE,
        tuple(s.as_signer() for s in SAMPLE_SIGNERS),
        late=name == "closed",
        reply=Template(name),
        to=SAMPLE_MESSAGE.sender,
        on_list=("Jane Smith",),
    )
    draft = builder.draft(SAMPLE_MESSAGE, "sample", name, SAMPLE_SIGNERS, now, plan)
    where = builder.templates.source_of(f"{name}.txt.j2")
    return f"{len(draft.body)} bytes, subject {draft.subject!r} ({where})"


def check_notices(settings: Settings) -> Iterator[CheckResult]:
    """Render the alert and, from the real record, the digest the coordinator would get."""
    try:
        templates = Templates(settings.templates_dir)
    except IntakeError:
        return  # check_templates has said why
    sample = {"campaign": {"name": settings.campaign.name}, "headline": "x", "detail": "y"}
    context = {**sample, "recovered": False, "hint": "z"}
    yield _attempt("template alert", lambda: _sizes(templates.render("alert", context)))

    def digest() -> str:
        from intake.digest.send import preview

        store = Store.open(settings.database_url)
        try:
            return _sizes(preview(settings, store, datetime.now(UTC)))
        finally:
            store.close()

    yield _attempt("template digest", digest)


def _sizes(rendered: Rendered) -> str:
    return f"{len(rendered.text)} characters of text, {len(rendered.html)} of HTML"


def check_database(settings: Settings) -> CheckResult:
    def action() -> str:
        store = Store.open(settings.database_url)
        try:
            counts = store.counts()
        finally:
            store.close()
        return f"{counts['messages']} messages, {counts['signers']} signers recorded"

    return _attempt("database", action)


def check_imap(settings: Settings) -> CheckResult:
    """Log in and select every watched folder."""

    def action() -> str:
        with Mailbox(settings.imap) as box:
            found = []
            for folder in settings.folders.watch:
                state = box.select(folder)
                keyword = (
                    "keywords kept" if state.keeps(settings.folders.keyword) else "no keywords"
                )
                found.append(f"{folder}: {state.exists} messages, {keyword}")
        return f"logged in as {settings.imap.user}; " + "; ".join(found)

    imap = settings.imap
    result = _attempt(f"IMAP {imap.host}:{imap.effective_port()} ({imap.security})", action)
    return _with_hint(result, imap, imap.effective_port())


def check_sender_results(settings: Settings) -> CheckResult:
    """Read the Authentication-Results of the latest mail in the watched folders."""
    recent: list[Message] = []
    try:
        with Mailbox(settings.imap) as box:
            for folder in settings.folders.watch:
                box.select(folder)
                for raw in box.recent_headers(RECENT):
                    recent.append(parse_headers_only(raw.data, raw.size, raw.internaldate))
    except IntakeError as exc:
        return CheckResult("sender checks (Authentication-Results)", False, str(exc))
    return sender_checks(settings.security.authserv_id, recent)


RECENT = 20  # messages per folder whose Authentication-Results check reads


def sender_checks(authserv_id: str, recent: list[Message]) -> CheckResult:
    """Which server's Authentication-Results recent mail carries, so that
    ``security.authserv_id`` is easy to set (and a wrong one is caught)."""
    seen = guards.authserv_ids(recent)
    total = sum(seen.values())
    best = max((k for k in seen if k), key=lambda k: seen[k], default="")
    name = "sender checks (Authentication-Results)"
    if not total:
        return CheckResult(name, True, "no mail to look at yet")
    if authserv_id:
        count = seen.get(authserv_id.lower(), 0)
        detail = f'security.authserv_id = "{authserv_id}" tops {count} of {total} recent messages'
        if count:
            return CheckResult(name, True, detail)
        hint = f'; recent mail carries "{best}": set that' if best else ""
        return CheckResult(name, False, detail + hint)
    if not best:
        detail = (
            f"none of {total} recent messages carries one, so a forged sender cannot be told "
            "(your mail server writes none)"
        )
        return CheckResult(name, True, detail)
    detail = (
        f"{best} wrote them on {seen[best]} of {total} recent messages; to trust only its "
        f'results, set security.authserv_id = "{best}"'
    )
    return CheckResult(name, True, detail)


def check_smtp(settings: Settings) -> CheckResult:
    """Connect, secure and log in (nothing is sent)."""

    def action() -> str:
        with SmtpConnection(settings.smtp):
            pass
        who = f"as {settings.smtp.user}" if settings.smtp.auth_method != "none" else "without login"
        return f"connected {who}"

    smtp = settings.smtp
    result = _attempt(f"SMTP {smtp.host}:{smtp.effective_port()} ({smtp.security})", action)
    return _with_hint(result, smtp, smtp.effective_port())


def _with_hint(result: CheckResult, server: ServerSettings, port: int) -> CheckResult:
    """A failed server check gains the likely cause, where one fits."""
    cause = None if result.ok else likely_cause(result.detail, server, port)
    if cause is None:
        return result
    return CheckResult(result.name, False, f"{result.detail}\n    likely cause: {cause}")


def run_checks(
    settings: Settings, servers: bool = True, now: datetime | None = None
) -> Iterator[CheckResult]:
    """Every check in order; servers last, since they are the slow ones."""
    yield check_deadline(settings, now or datetime.now(UTC))
    yield from check_templates(settings)
    yield check_database(settings)
    yield from check_notices(settings)
    if servers:
        imap = check_imap(settings)
        yield imap
        if imap.ok:
            yield check_sender_results(settings)
        yield check_smtp(settings)
