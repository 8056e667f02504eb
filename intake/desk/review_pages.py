"""The review queue: the list of waiting items, one item beside its message, and the actions.

Accept, not-a-signature and an answer act at once: what they will change is
on the page beside their buttons. An edit shows its changes first (as you
type, with JavaScript; on a page to confirm, without). A split or a merge
always asks to confirm. After settling, the desk moves to the next item.
"""

from __future__ import annotations

from starlette.responses import Response

from intake.desk import forms
from intake.desk.web import Ctx, action, view
from intake.review import preview, words
from intake.review.item import ItemView, item_view, merge_candidates, neighbours
from intake.review.settle import NOT_SIGNATURE_KINDS
from intake.store import SignerRecord


def _id(ctx: Ctx, name: str = "id") -> int:
    return int(ctx.request.path_params[name])


@view
def queue(ctx: Ctx) -> Response:
    """The review queue: open items oldest first (``?all=1``: settled ones too)."""
    show_all = ctx.request.query_params.get("all") == "1"
    items = ctx.desk.store.review_items(open_only=not show_all)
    rows = [
        {
            "item": i,
            "name": i.sender_name or i.sender,
            "address": i.sender if i.sender_name else "",
            "kind": words.kind_words(i.kind),
            "why": (words.sentences(i.reason) or [""])[0],
        }
        for i in items
    ]
    title = "Review queue"
    return ctx.page("queue.html.j2", {"rows": rows, "show_all": show_all}, title=title)


def _previews(ctx: Ctx, item: ItemView) -> dict[str, preview.Preview]:
    own = [line.record for line in item.own_signers]
    created = [line.record for line in item.own_signers if line.action == "signed"]
    changed = [line.record for line in item.own_signers if line.action != "signed"]
    campaign = ctx.desk.settings.campaign
    return {
        "accept": preview.accept(
            own, item.reply, item.read if item.change_held else None, item.kind
        ),
        "not_signature": preview.not_signature(created, changed, item.reply),
        "answer": preview.answer(item.written.address, campaign.reply_from, item.written.subject),
    }


@view
def item_page(ctx: Ctx) -> Response:
    """One item: the message as written beside what intake read, and what to do."""
    item = item_view(ctx.desk.store, _id(ctx))
    before, after = neighbours(ctx.desk.store, item.id)
    candidates = {
        line.record.id: merge_candidates(ctx.desk.store, line.record) for line in item.own_signers
    }
    context = {
        "item": item, "before": before, "after": after, "previews": _previews(ctx, item),
        "candidates": candidates, "kinds": NOT_SIGNATURE_KINDS, "kind_words": words.kind_words,
        "capacities": forms.CAPACITIES,
    }  # fmt: skip
    return ctx.page("item.html.j2", context, title=f"Review #{item.id}")


def _next(ctx: Ctx, review_id: int) -> str:
    """Where to go after settling ``review_id``: the next open item, else the queue."""
    _, after = neighbours(ctx.desk.store, review_id)
    if after is None:
        first = ctx.desk.store.review_items(open_only=True)
        after = first[0].id if first else None
    return f"/review/{after}" if after is not None else "/review"


def _settled(ctx: Ctx, review_id: int, message: str) -> Response:
    return ctx.back(_next(ctx, review_id), message)


@action
def accept(ctx: Ctx) -> Response:
    """Settle an item as read right."""
    review_id = _id(ctx)
    done = ctx.desk.decisions.accept(review_id, ctx.who)
    return _settled(ctx, review_id, done.describe())


@action
def close(ctx: Ctx) -> Response:
    """Close a question without an answer."""
    review_id = _id(ctx)
    return _settled(ctx, review_id, ctx.desk.decisions.close(review_id, ctx.who).describe())


def _records(item: ItemView) -> dict[int, SignerRecord]:
    return {line.record.id: line.record for line in item.own_signers}


@action
def edit(ctx: Ctx) -> Response:
    """Fields edited in place: preview the changes, or save them and settle the item."""
    review_id = _id(ctx)
    item = item_view(ctx.desk.store, review_id)
    records = _records(item)
    changes, expect = forms.edits(ctx.form, records)
    shown = preview.edit(changes, records, item.reply)
    if ctx.form.get("step") == "live":
        return ctx.page("_preview.html.j2", {"preview": shown, "live": True})
    if ctx.form.get("step") != "apply" and not shown.changes_nothing:
        return _confirm(ctx, item, "edit", "Save and settle", shown)
    done = ctx.desk.decisions.edit(review_id, changes, expect, ctx.who)
    return _settled(ctx, review_id, done.describe())


@action
def add(ctx: Ctx) -> Response:
    """A signer intake missed, added to this message."""
    review_id = _id(ctx)
    done = ctx.desk.decisions.add_signer(review_id, forms.clean(ctx.form, "new"), ctx.who)
    return _settled(ctx, review_id, done.describe())


@action
def split(ctx: Ctx) -> Response:
    """One record that was two signers: confirm, then split."""
    review_id = _id(ctx)
    item = item_view(ctx.desk.store, review_id)
    signer_id = forms.number(ctx.form, "signer", "the signer to split")
    source = _records(item).get(signer_id)
    if source is None:
        return ctx.back(f"/review/{review_id}", f"#{signer_id} is not this message's signer.")
    first, was = forms.changed(ctx.form, "first")
    second = forms.clean(ctx.form, "second")
    shown = preview.split(source, first, second, item.reply)
    if ctx.form.get("step") != "apply" or shown.warnings:
        return _confirm(ctx, item, "split", "Split in two and settle", shown)
    done = ctx.desk.decisions.split(review_id, signer_id, first, second, was, ctx.who)
    return _settled(ctx, review_id, done.describe())


@action
def merge(ctx: Ctx) -> Response:
    """This signer signed before: confirm, then fold into the earlier record (undoable)."""
    review_id = _id(ctx)
    item = item_view(ctx.desk.store, review_id)
    other_id = forms.number(ctx.form, "signer", "this message's signer")
    typed = ctx.form.get("keep_number", "").strip()
    keep_id = forms.number(
        {"keep": typed or ctx.form.get("keep", "")}, "keep", "the earlier signer"
    )
    other = _records(item).get(other_id)
    keep = ctx.desk.store.review.signer(keep_id)
    if other is None or keep is None or keep_id == other_id:
        return ctx.back(f"/review/{review_id}", "Choose another signer to merge into.")
    shown = preview.merge(keep, other, item.reply)
    if ctx.form.get("step") != "apply":
        return _confirm(ctx, item, "merge", f"Merge into #{keep_id} and settle", shown)
    done = ctx.desk.decisions.merge(review_id, keep_id, other_id, ctx.who)
    return _settled(ctx, review_id, done.describe())


@action
def not_signature(ctx: Ctx) -> Response:
    """Not a signature: what the message did is undone; a held reply never goes."""
    review_id = _id(ctx)
    kind = ctx.form.get("kind") or "other"
    done = ctx.desk.decisions.not_signature(review_id, kind, ctx.who)
    return _settled(ctx, review_id, done.describe())


@action
def answer(ctx: Ctx) -> Response:
    """Send the coordinator's answer to a question, threaded; close the item."""
    review_id = _id(ctx)
    done = ctx.desk.decisions.answer(review_id, ctx.form.get("text", ""), ctx.who)
    return _settled(ctx, review_id, done.describe())


@action
def undo_merge(ctx: Ctx) -> Response:
    """Undo a merge: both records as they were; its review item opens again."""
    done = ctx.desk.decisions.undo_merge(_id(ctx), ctx.who)
    back = ctx.form.get("back", "")
    return ctx.back(
        back if back.startswith("/") and not back.startswith("//") else "/review", done.describe()
    )


def _confirm(ctx: Ctx, item: ItemView, what: str, button: str, shown: preview.Preview) -> Response:
    """The page that shows what an action will change and asks to go on."""
    hidden = {k: v for k, v in ctx.form.items() if k not in ("csrf", "step")}
    context = {"item": item, "what": what, "button": button, "preview": shown, "hidden": hidden}
    return ctx.page("confirm.html.j2", context, title=f"Review #{item.id}: confirm")
