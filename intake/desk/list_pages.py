"""The list: search and filter the signers, edit or withdraw one, download every format.

Downloads go through :mod:`intake.export`, the same code as ``intake export``
(and so the same CSV protection and the same order); the letter preview is
the HTML export itself, as it will print.
"""

from __future__ import annotations

from collections.abc import Sequence

from starlette.responses import Response

from intake import export, review
from intake.desk import forms
from intake.desk.web import NO_STORE, Ctx, action, view
from intake.digest.content import unresolved
from intake.errors import ConfigError
from intake.review import preview
from intake.store import SignerRecord

STATUSES = ("on the list", "late", "withdrawn", "merged", "rejected", "any")
MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "markdown": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
SUFFIX = {"markdown": "md"}
# The letter preview and downloads are documents, not desk pages: no script may run in them.
DOCUMENT_POLICY = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'"


def status_of(record: SignerRecord) -> str:
    """ "on the list", "late", or the record's own status."""
    if record.status == "active":
        return "late" if record.late else "on the list"
    return record.status


def matching(records: Sequence[SignerRecord], capacity: str, status: str) -> list[SignerRecord]:
    """The records of one capacity and status ("" and "any": all)."""
    return [
        r
        for r in records
        if (not capacity or r.capacity.value == capacity)
        and (status in ("", "any") or status_of(r) == status)
    ]


@view
def signers(ctx: Ctx) -> Response:
    """Every signer, searched and filtered; links to download and preview the letter."""
    query = ctx.request.query_params
    text = query.get("q", "").strip()[:200]
    capacity = query.get("capacity", "") if query.get("capacity") in review.CAPACITIES else ""
    status = query.get("status", "on the list")
    status = status if status in STATUSES else "on the list"
    found = matching(review.search(ctx.desk.store, text, include_all=True), capacity, status)
    context = {
        "rows": [(r, status_of(r)) for r in found], "q": text, "capacity": capacity,
        "status": status, "statuses": STATUSES, "capacities": review.CAPACITIES,
        "formats": export.FORMATS, "sorts": export.SORTS,
    }  # fmt: skip
    return ctx.page("signers.html.j2", context, title="The list")


def _signer(ctx: Ctx) -> SignerRecord:
    signer_id = int(ctx.request.path_params["id"])
    record = ctx.desk.store.review.signer(signer_id)
    if record is None:
        raise ConfigError(f"no signer #{signer_id}")
    return record


@view
def signer_page(ctx: Ctx) -> Response:
    """One signer: fields to edit in place, withdraw, the messages and every change."""
    record = _signer(ctx)
    store = ctx.desk.store
    context = {
        "record": record, "status": status_of(record), "capacities": review.CAPACITIES,
        "messages": store.review.messages_of(record.id),
        "history": store.review.history(record.id),
        "merges": store.review.merges_of([record.id]),
    }  # fmt: skip
    return ctx.page("signer.html.j2", context, title=f"Signer #{record.id}")


@action
def edit_signer(ctx: Ctx) -> Response:
    """Save a signer's changed fields (shown first without JavaScript)."""
    record = _signer(ctx)
    diff, was = forms.changed(ctx.form, str(record.id))
    shown = preview.edit({record.id: diff}, {record.id: record}, None)
    if ctx.form.get("step") == "live":
        return ctx.page("_preview.html.j2", {"preview": shown, "live": True})
    if ctx.form.get("step") != "apply" and not shown.changes_nothing:
        hidden = {k: v for k, v in ctx.form.items() if k not in ("csrf", "step")}
        context = {"record": record, "preview": shown, "hidden": hidden, "what": "edit"}
        return ctx.page("confirm_signer.html.j2", context, title=f"Signer #{record.id}: confirm")
    done = ctx.desk.decisions.edit_signer(record.id, diff, was, ctx.who)
    return ctx.back(f"/signers/{record.id}", done.describe())


@action
def withdraw(ctx: Ctx) -> Response:
    """Take a signer off the list (they are not told: write to them if they should be)."""
    record = _signer(ctx)
    done = ctx.desk.decisions.withdraw(record.id, ctx.who)
    return ctx.back(f"/signers/{record.id}", done.describe())


def _letter(ctx: Ctx, sort: str, with_review: bool) -> export.Letter:
    store = ctx.desk.store
    items = store.digests.digest_sources(None, ctx.now).open_items if with_review else ()
    return export.build_letter(
        ctx.desk.settings.campaign.name,
        store.signers(),
        export.check_sort(sort),
        unresolved(items) if with_review else None,
    )


@view
def download(ctx: Ctx) -> Response:
    """The letter-ready list in one of intake's export formats, as a file."""
    fmt = export.check_format(ctx.request.path_params["fmt"])
    query = ctx.request.query_params
    letter = _letter(ctx, query.get("sort", "last-name"), query.get("review") == "1")
    name = f"signatories.{SUFFIX.get(fmt, fmt)}"
    headers = {
        **NO_STORE,
        "Content-Disposition": f'attachment; filename="{name}"',
        "Content-Security-Policy": DOCUMENT_POLICY,
        "X-Content-Type-Options": "nosniff",
    }
    return Response(export.render(letter, fmt), media_type=MEDIA[fmt], headers=headers)


@view
def letter(ctx: Ctx) -> Response:
    """The letter-ready list as it will print: the HTML export, shown in the browser."""
    sort = ctx.request.query_params.get("sort", "last-name")
    data = export.render(_letter(ctx, sort, False), "html")
    headers = {**NO_STORE, "Content-Security-Policy": DOCUMENT_POLICY}
    return Response(data, media_type=MEDIA["html"], headers=headers)
