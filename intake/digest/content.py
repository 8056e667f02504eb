"""Gather a digest from the record: pure :func:`build` over a :class:`Snapshot`.

``gather`` is the only part that reads the store; ``build`` turns what it read
into a :class:`DigestContent` with the time passed in, so tests fill a real
store and assert on the value section by section.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from intake.config import CampaignSettings, Settings
from intake.deadline import deadline_text, time_left
from intake.digest.model import (
    Arrival,
    Change,
    DigestContent,
    FailedReply,
    Health,
    Incident,
    Item,
    Skipped,
    Totals,
    Waiting,
    Window,
    local_text,
)
from intake.export import Letter, Unresolved, build_letter
from intake.message.clean import clean_line, shorten
from intake.store import PollRecord, SignerRecord, Store
from intake.store.digests import DigestSources
from intake.store.outbox import WaitingReply
from intake.store.views import AuditEntry, MessageLine, OpenItem

FIELDS = ("name", "title", "organization", "capacity", "status")
HAND_CHANGES = {"corrected", "signed again", "edited", "split", "merged", "not a signature"}
EXCERPT = 280
SENDER, SUBJECT = 120, 200  # characters of a sender or a subject a digest shows
WAITING_SHOWN = 50


@dataclass(frozen=True)
class Snapshot:
    """Everything read from the store for one digest."""

    sources: DigestSources
    last_ok_poll: PollRecord | None
    last_poll: PollRecord | None
    replies_waiting: int
    waiting: tuple[WaitingReply, ...] = ()
    skipped: tuple[int, int] = (0, 0)  # before opening: in all, and in the window


def gather(settings: Settings, store: Store, window: Window, kind: str) -> DigestContent:
    """Read the store for ``window`` and build the digest (``window.end`` is "now")."""
    snapshot = Snapshot(
        sources=store.digests.digest_sources(window.start, window.end),
        last_ok_poll=store.last_poll(ok_only=True),
        last_poll=store.last_poll(),
        replies_waiting=store.counts()["replies_pending"],
        waiting=tuple(store.waiting_replies()),
        skipped=(store.skipped(), store.skipped(window.start, window.end)),
    )
    stale = timedelta(seconds=max(3 * settings.poll.interval_seconds, 3600))
    return build(snapshot, settings.campaign, window, kind, stale, settings.desk.url)


def build(
    snapshot: Snapshot,
    campaign: CampaignSettings,
    window: Window,
    kind: str,
    stale_after: timedelta,
    desk_url: str = "",
) -> DigestContent:
    """The digest for ``window``, as of ``window.end``."""
    src, zone, now = snapshot.sources, campaign.zone, window.end
    everyone = list(src.signers.values())
    letter = build_letter(campaign.name, everyone)
    signed = _signed_in(src.changes, src.signers)
    fresh = build_letter(campaign.name, signed)
    questions = [i for i in src.open_items if i.message.kind == "question"]
    others = [i for i in src.open_items if i.message.kind != "question"]
    return DigestContent(
        kind=kind,
        campaign=campaign.name,
        since=local_text(window.start, zone) if window.start else "the start of the campaign",
        until=local_text(now, zone),
        new_count=len([s for s in signed if s.status == "active" and not s.late]),
        new_organizations=fresh.organizations,
        new_individuals=fresh.individuals,
        changes=tuple(changes(src.changes)),
        withdrawals=tuple(withdrawals(src.changes)),
        late=tuple(arrivals(src.late, src.changes, zone)),
        questions=tuple(_item(i, window) for i in questions),
        review=tuple(_item(i, window) for i in others),
        failed_replies=tuple(_failed(src, window)),
        totals=totals(letter, everyone, len(src.open_items), len(src.failed_replies)),
        deadline=f"{deadline_text(campaign)} ({campaign.timezone})",
        time_left=time_left(campaign.deadline_at, now),
        closed=now >= campaign.deadline_at,
        health=health(snapshot, window, campaign, stale_after),
        letter=letter,
        desk_url=desk_url,
    )


def unresolved(items: Iterable[OpenItem]) -> list[Unresolved]:
    return [Unresolved(i.id, _sender(i.message), i.message.subject, i.reason) for i in items]


def who(fields: Mapping[str, str | None] | SignerRecord | None) -> str:
    """A signer in a few words: "Jane Smith (Center for Conscience)"."""
    if fields is None:
        return "(unknown)"
    if isinstance(fields, SignerRecord):
        fields = fields.as_signer().as_dict()
    name, org = fields.get("name"), fields.get("organization")
    name = shorten(clean_line(name), 200) if name else name
    org = shorten(clean_line(org), 300) if org else org
    if name and org:
        return f"{name} ({org})"
    return name or org or "(no name)"


def _signed_in(
    entries: Sequence[AuditEntry], signers: Mapping[int, SignerRecord]
) -> list[SignerRecord]:
    """Signers first recorded in the window who are on the list now."""
    ids = {e.signer_id for e in entries if e.action == "signed" and e.before is None}
    return [signers[i] for i in sorted(i for i in ids if i is not None and i in signers)]


def _by(entry: AuditEntry) -> str:
    return "the signer" if entry.actor == "intake" else entry.actor


def diff(before: Mapping[str, str | None] | None, after: Mapping[str, str | None] | None) -> str:
    """ "title: Director → Senior Director; status: active → withdrawn"."""
    if before is None:
        return "new entry"
    after = after or {}
    parts = [
        f"{key}: {before.get(key) or '—'} → {after.get(key) or '—'}"
        for key in FIELDS
        if before.get(key) != after.get(key)
    ]
    return "; ".join(parts)


def changes(entries: Sequence[AuditEntry]) -> list[Change]:
    """Corrections by signers and edits by the coordinator, with what changed."""
    found = []
    for entry in entries:
        if entry.action not in HAND_CHANGES or entry.signer_id is None:
            continue
        what = diff(entry.before, entry.after)
        if not what:
            continue
        if entry.action in ("split", "merged", "not a signature") and entry.note:
            what = f"{entry.action} ({entry.note}): {what}"
        found.append(Change(who(entry.after or entry.before), what, _by(entry)))
    return found


def withdrawals(entries: Sequence[AuditEntry]) -> list[Change]:
    return [
        Change(who(e.before), "withdrawn", _by(e))
        for e in entries
        if e.action == "withdrawn" and e.signer_id is not None
    ]


def arrivals(
    late: Sequence[MessageLine], entries: Sequence[AuditEntry], zone: ZoneInfo
) -> list[Arrival]:
    """Late mail, with the names it carried (kept off the list)."""
    found = []
    for message in late:
        names = [who(e.after) for e in entries if e.message_row == message.id and e.after]
        found.append(
            Arrival(
                _sender(message), clean_line(message.subject, SUBJECT),
                local_text(message.received, zone),
                "; ".join(names) or message.kind,
            )
        )  # fmt: skip
    return found


def _sender(message: MessageLine) -> str:
    name = shorten(clean_line(message.sender_name), SENDER)
    if name and message.sender:
        return f"{name} <{message.sender}>"
    return message.sender or name or "(no sender)"


def _item(item: OpenItem, window: Window) -> Item:
    excerpt = clean_line(item.message.own_text, EXCERPT)
    new = window.start is None or item.created_at >= window.start
    subject = clean_line(item.message.subject, SUBJECT)
    return Item(item.id, _sender(item.message), subject, shorten(item.reason, 500), new, excerpt)


def _failed(src: DigestSources, window: Window) -> list[FailedReply]:
    return [
        FailedReply(
            r.to_addr, r.subject, r.last_error, window.start is None or r.created_at >= window.start
        )
        for r in src.failed_replies
    ]


def totals(letter: Letter, everyone: Sequence[SignerRecord], review: int, failed: int) -> Totals:
    on_time = [s for s in everyone if s.status == "active" and not s.late]
    return Totals(
        on_list=len(on_time),
        organizations=len(letter.organizations),
        individuals=len(letter.individuals),
        withdrawn=sum(s.status == "withdrawn" for s in everyone),
        late=sum(s.late and s.status == "active" for s in everyone),
        review_open=review,
        replies_failed=failed,
    )


def health(
    snapshot: Snapshot, window: Window, campaign: CampaignSettings, stale_after: timedelta
) -> Health:
    """The last good poll, the last failure, incidents in the window, the replies that
    wait after a failed attempt, mail not read, and a stale warning."""
    zone = campaign.zone
    now, ok, last = window.end, snapshot.last_ok_poll, snapshot.last_poll
    ok_at = (ok.finished_at or ok.started_at) if ok else None
    failure = ""
    if last is not None and last.ok is False:
        failure = f"{local_text(last.started_at, zone)}: {last.error or 'failed'}"
    incidents = tuple(
        Incident(local_text(i.at, zone), i.source.upper(), i.kind, i.detail)
        for i in snapshot.sources.incidents
    )
    return Health(
        last_ok_poll=_ago(ok_at, now, zone) if ok_at else "never",
        last_failure=failure,
        warning=_stale(ok_at, now, stale_after),
        incidents=incidents,
        failed_polls=snapshot.sources.failed_polls,
        replies_waiting=snapshot.replies_waiting,
        waiting=tuple(
            Waiting(w.to_addr, w.template, local_text(w.created_at, zone), w.last_error)
            for w in snapshot.waiting[:WAITING_SHOWN]
        ),
        skipped=_skipped(snapshot.skipped, campaign),
    )


def _skipped(counts: tuple[int, int], campaign: CampaignSettings) -> Skipped | None:
    total, new = counts
    opened = campaign.opened_at
    if not total or opened is None:
        return None
    return Skipped(f"{opened.day} {opened:%b %Y}", total, new)


def _ago(moment: datetime, now: datetime, zone: ZoneInfo) -> str:
    minutes = (now - moment).total_seconds() / 60
    if minutes < 1:
        span = "just now"
    elif minutes < 90:
        span = f"{minutes:.0f} minutes ago"
    else:
        span = f"{minutes / 60:.0f} hours ago"
    return f"{local_text(moment, zone)} ({span})"


def _stale(ok_at: datetime | None, now: datetime, stale_after: timedelta) -> str:
    if ok_at is None:
        return "intake has not yet read the mailbox successfully: run 'intake check'"
    if now - ok_at > stale_after:
        return "no successful poll for a while: is 'intake run' still running? ('intake check')"
    return ""
