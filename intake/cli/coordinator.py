"""The coordinator's commands: ``digest``, ``export``, ``review ...`` and ``signers``.

A thin shell over :mod:`intake.digest`, :mod:`intake.export` and
:mod:`intake.review`; ``register`` adds them to the ``intake`` app. Bad
input raises ``IntakeError``, which ``intake.cli.main`` prints as one line.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from intake import review
from intake.cli.state import EXIT_UNSENT, campaign_lock, now, open_store, out
from intake.errors import ConfigError
from intake.extract import Signer
from intake.files import write_private
from intake.message.clean import clean_text
from intake.review import examples
from intake.store import SignerRecord

review_app = typer.Typer(
    help="List the review queue; show an item; accept, edit, split, merge, withdraw.",
    no_args_is_help=False,
)

ActorOption = Annotated[
    str | None,
    typer.Option("--as", help="Who is acting, for the audit log (default: your login name)."),
]
NameOption = Annotated[str | None, typer.Option("--name", help="The signer's name.")]
TitleOption = Annotated[str | None, typer.Option("--title", help="Title ('' clears it).")]
OrgOption = Annotated[
    str | None, typer.Option("--organization", help="Organization ('' clears it).")
]
CapacityOption = Annotated[
    str | None, typer.Option("--capacity", help="individual, organization or both.")
]


def digest_command(
    ctx: typer.Context,
    preview: Annotated[
        bool, typer.Option("--preview", help="Print the digest's text (the default).")
    ] = False,
    html: Annotated[
        Path | None, typer.Option("--html", help="Also write the HTML version to this file.")
    ] = None,
    send: Annotated[
        bool, typer.Option("--send", help="Send it now to the coordinator and digest.to.")
    ] = False,
    final: Annotated[
        bool, typer.Option("--final", help="The final digest: the whole list (sent only once).")
    ] = False,
) -> None:
    """Preview or send the coordinator's digest of what changed since the last one."""
    from intake import digest

    if preview and send:
        raise ConfigError("choose --preview or --send, not both")
    with open_store(ctx) as (settings, store):
        if send:
            with campaign_lock(settings, store).turn("intake digest --send"):
                delivery = digest.send_now(settings, store, now, final=final)
            out.print(delivery.describe(), markup=False)
            if delivery.queued and delivery.error:
                raise typer.Exit(EXIT_UNSENT)
            return
        rendered = digest.preview(settings, store, now(), "final" if final else "manual")
    sys.stdout.write(rendered.text)
    if html is not None:
        write_private(html, rendered.html.encode("utf-8"))
        out.print(f"\nHTML written to {html}", markup=False)


def export_command(
    ctx: typer.Context,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format", "-f", help="csv, json, markdown, html or docx (default: from --output)."
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default: stdout).")
    ] = None,
    sort: Annotated[
        str, typer.Option("--sort", help="last-name, organization or arrival.")
    ] = "last-name",
    include_review: Annotated[
        bool, typer.Option("--include-review", help="List unresolved review items apart.")
    ] = False,
) -> None:
    """Write the letter-ready signatory list: organizations, then individuals."""
    from intake import export
    from intake.digest.content import unresolved

    chosen = export.check_format(fmt or (output.suffix if output and output.suffix else "md"))
    order = export.check_sort(sort)
    if chosen == "docx" and output is None:
        raise ConfigError("docx is a binary file: give --output FILE.docx")
    with open_store(ctx) as (settings, store):
        items = store.digests.digest_sources(None, now()).open_items
        letter = export.build_letter(
            settings.campaign.name,
            store.signers(),
            order,
            unresolved(items) if include_review else None,
        )
    data = export.render(letter, chosen)
    if output is None:
        sys.stdout.buffer.write(data)
        return
    write_private(output, data)
    orgs, people = len(letter.organizations), len(letter.individuals)
    out.print(f"{orgs} organizations and {people} individuals written to {output}", markup=False)


def signers_command(
    ctx: typer.Context,
    search: Annotated[
        str, typer.Option("--search", "-s", help="Text in a name, title, organization or address.")
    ] = "",
    include_all: Annotated[
        bool, typer.Option("--all", help="Include withdrawn, late, merged and rejected signers.")
    ] = False,
) -> None:
    """List or search the signers on the list (with --all, every signer recorded)."""
    from intake.cli.console import signers_table

    with open_store(ctx) as (_, store):
        found = review.search(store, search, include_all)
    out.print(signers_table(found, title=f"Signers ({len(found)})"))


@review_app.callback(invoke_without_command=True)
def review_list(
    ctx: typer.Context,
    include_all: Annotated[bool, typer.Option("--all", help="Include settled items.")] = False,
) -> None:
    """List the review queue: messages intake was unsure about, and questions."""
    if ctx.invoked_subcommand is not None:
        return
    from intake.cli.console import review_table

    with open_store(ctx) as (_, store):
        items = store.review_items(open_only=not include_all)
    if not items:
        empty = "Nothing has been sent to review." if include_all else "The review queue is empty."
        out.print(f"{empty} Nothing waits for you here.", markup=False)
        return
    title = f"Review queue ({len(items)}{'' if include_all else ' open'})"
    out.print(review_table(items, title=title))
    out.print("Next: intake review show ID", markup=False)


@review_app.command("show")
def review_show(
    ctx: typer.Context, review_id: Annotated[int, typer.Argument(help="The review item's ID.")]
) -> None:
    """Show a review item: the sender's own words, what was read, the signers it touched."""
    from intake.cli.console import plain, signers_table

    with open_store(ctx) as (settings, store):
        found = review.detail(store, review_id)
    m = found.message
    received = m.received.astimezone(settings.campaign.zone)
    lines = [f"Review #{found.id} ({found.status}): {found.reason}"]
    if found.change_held and found.status == "open":
        lines.append("The change waits: nothing was changed yet; 'intake review accept' makes it.")
    if found.resolution:
        lines.append(f"Settled: {found.resolution}")
    lines += [
        f"From: {m.sender_name} <{m.sender}>\nSubject: {m.subject}",
        f"Received: {received:%Y-%m-%d %H:%M %Z}{' (late)' if m.late else ''}; "
        f"read as {m.kind}, confidence {found.confidence:.2f}",
    ]
    for line in lines:
        out.print(plain(line))
    out.rule("their own words")
    out.print(plain(m.own_text.strip() or "(no text)"))
    out.rule()
    if found.extracted:
        out.print(_extracted_table(found.extracted))
    else:
        out.print(f"intake read no signer from this {m.kind}.", markup=False)
    touched = [s for s, _ in found.linked]
    if touched:
        out.print(signers_table(touched, title="Signers this message touched"))
    else:
        out.print("It changed no signer on the list.", markup=False)
    out.print(
        f"Next: intake review accept {found.id} | intake review not-signature {found.id} | "
        "intake review edit SIGNER_ID --title ...",
        markup=False,
    )


def _extracted_table(extracted: Sequence[Signer]) -> Table:
    from intake.cli.console import Listing, plain

    table = Listing(title="What intake read", title_justify="left")
    for column in ("Name", "Title", "Organization", "As"):
        table.add_column(column, overflow="fold")
    for signer in extracted:
        fields = signer.as_dict()
        keys = ("name", "title", "organization", "capacity")
        table.add_row(*(plain(fields[k] or "—") for k in keys))
    return table


@review_app.command("accept")
def review_accept(
    ctx: typer.Context,
    review_id: Annotated[int, typer.Argument(help="The review item's ID.")],
    actor: ActorOption = None,
) -> None:
    """Settle a review item as read correctly (a change that waited is made now)."""
    from intake.review.settle import Decisions

    who = review.actor_name(actor)
    with open_store(ctx) as (settings, store):
        done = Decisions(settings, store, now).accept(review_id, who)
    out.print(clean_text(f"{done.describe()} (logged as {who})"), markup=False)


@review_app.command("edit")
def review_edit(
    ctx: typer.Context,
    signer_id: Annotated[int, typer.Argument(help="The signer's ID (intake signers).")],
    name: NameOption = None,
    title: TitleOption = None,
    organization: OrgOption = None,
    capacity: CapacityOption = None,
    actor: ActorOption = None,
) -> None:
    """Change any field of a signer: name, title, organization, capacity."""
    values = review.field_values(name, title, organization, capacity)
    who = review.actor_name(actor)
    with open_store(ctx) as (_, store):
        record = review.edit(store, signer_id, values, who, now())
        examples.refresh(store, signer_id, "edit", who, now())
    out.print(f"signer #{record.id} is now: {_describe(record)} (logged as {who})", markup=False)


@review_app.command("split")
def review_split(
    ctx: typer.Context,
    signer_id: Annotated[int, typer.Argument(help="The signer to split a second one out of.")],
    name: NameOption = None,
    title: TitleOption = None,
    organization: OrgOption = None,
    capacity: CapacityOption = None,
    actor: ActorOption = None,
) -> None:
    """Make a second signer out of one record (fields not given are copied)."""
    values = review.field_values(name, title, organization, capacity)
    who = review.actor_name(actor)
    with open_store(ctx) as (_, store):
        record = review.split(store, signer_id, values, who, now())
        examples.refresh(store, signer_id, "split", who, now())
    out.print(
        f"signer #{record.id} split from #{signer_id}: {_describe(record)} (logged as {who}); "
        f"fix #{signer_id} with: intake review edit {signer_id} --name ...",
        markup=False,
    )


@review_app.command("merge")
def review_merge(
    ctx: typer.Context,
    keep_id: Annotated[int, typer.Argument(help="The signer to keep.")],
    other_id: Annotated[int, typer.Argument(help="The duplicate to fold into it.")],
    actor: ActorOption = None,
) -> None:
    """Merge two records of the same signer: the second is folded into the first."""
    who = review.actor_name(actor)
    with open_store(ctx) as (_, store):
        record = review.merge(store, keep_id, other_id, who, now())
        examples.refresh(store, other_id, "merge", who, now())
        merge_id = store.review.merges_of([other_id])[0].id
    out.print(
        f"#{other_id} merged into #{keep_id}: {_describe(record)}; "
        f"undo with: intake review undo-merge {merge_id}",
        markup=False,
    )


@review_app.command("undo-merge")
def review_undo_merge(
    ctx: typer.Context,
    merge_id: Annotated[int, typer.Argument(help="The merge's number (printed by merge).")],
    actor: ActorOption = None,
) -> None:
    """Undo a merge: both signers as they were before it."""
    from intake.review.settle import Decisions

    who = review.actor_name(actor)
    with open_store(ctx) as (settings, store):
        done = Decisions(settings, store, now).undo_merge(merge_id, who)
    out.print(done.describe(), markup=False)


@review_app.command("not-signature")
def review_not_signature(
    ctx: typer.Context,
    review_id: Annotated[int, typer.Argument(help="The review item's ID.")],
    kind: Annotated[
        str,
        typer.Option("--kind", help="What it is: other, question, spam, auto_reply, list, bounce."),
    ] = "other",
    actor: ActorOption = None,
) -> None:
    """Mark a message as not a signature: undo what it did to the signers."""
    from intake.review.settle import Decisions

    who = review.actor_name(actor)
    with open_store(ctx) as (settings, store):
        done = Decisions(settings, store, now).not_signature(review_id, kind, who)
    out.print(done.describe(), markup=False)


@review_app.command("withdraw")
def review_withdraw(
    ctx: typer.Context,
    signer_id: Annotated[int, typer.Argument(help="The signer's ID (intake signers).")],
    actor: ActorOption = None,
) -> None:
    """Take a signer off the list (for a withdrawal intake could not match)."""
    who = review.actor_name(actor)
    with open_store(ctx) as (_, store):
        record = review.withdraw(store, signer_id, who, now())
    out.print(f"signer #{record.id} withdrawn: {_describe(record)}", markup=False)


@review_app.command("export-examples")
def review_export_examples(
    ctx: typer.Context,
    folder: Annotated[Path, typer.Argument(help="Folder to write NAME.eml and NAME.json into.")],
) -> None:
    """Write every settled review decision as a labelled example (the corpus schema)."""
    with open_store(ctx) as (settings, store):
        done = examples.export(store, folder, settings.campaign.zone)
    out.print(f"{done.written} examples written to {done.folder}", markup=False)
    if done.reconstructed:
        out.print(
            f"{len(done.reconstructed)} of them had no original bytes kept (text removed after "
            "the retention date, or recorded before intake kept them): their .eml is rebuilt "
            "from the stored sender, subject and text, and their notes say so",
            markup=False,
        )


def _describe(record: SignerRecord) -> str:
    from intake.export import Person

    fields = record.as_signer().as_dict()
    line = Person(0, fields["name"] or "", fields["title"] or "", fields["organization"] or "", "")
    return clean_text(f"{line.line() or '(empty)'} [{fields['capacity']}, {record.status}]")


def register(app: typer.Typer) -> None:
    """Add the coordinator's commands to the ``intake`` app."""
    app.command("digest")(digest_command)
    app.command("export")(export_command)
    app.command("signers")(signers_command)
    app.add_typer(review_app, name="review")
