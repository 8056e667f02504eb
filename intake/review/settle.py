"""Settling a review item: the change, the held reply, the answer, and the example.

:class:`Decisions` is what the desk calls (and the CLI, for the same
promises). Each decision checks that the item is still open and that the
records are still what the coordinator saw, makes the change (logged with
who and when), settles the item, lets a held reply go with the values
settled on (or drops it), and keeps the decision as a labelled example.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from intake.config import Settings
from intake.errors import ConfigError, ConflictError
from intake.message import Address, Message
from intake.outbox import ReplyBuilder, SmtpSession, send_pending
from intake.render import Templates
from intake.review import actions, examples
from intake.review.item import original
from intake.store import SignerRecord, Store
from intake.store.review import ReviewDetail

Clock = Callable[[], datetime]
Values = Mapping[str, object]
NOT_SIGNATURE_KINDS = ("other", "question", "spam", "auto_reply", "list", "bounce")


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Done:
    """What a decision did, in a sentence, and what became of the mail it sent."""

    message: str
    review_id: int | None = None
    sent: int = 0
    error: str = ""

    def describe(self) -> str:
        if self.error:
            return f"{self.message} The mail waits in the outbox: {self.error}"
        return self.message


class Decisions:
    """The coordinator's decisions on one campaign."""

    def __init__(self, settings: Settings, store: Store, clock: Clock = utcnow) -> None:
        self.settings = settings
        self.store = store
        self.clock = clock
        templates = Templates(settings.templates_dir)
        self.builder = ReplyBuilder(settings.campaign, templates, settings.replies.reply_to)

    # -- settling an item ------------------------------------------------

    def accept(self, review_id: int, actor: str) -> Done:
        """It was read right: the records stay; a held reply goes as it is. A change the
        item held back (a third party's address, a failed sender check ...) is made now."""
        item = self._open(review_id)
        what = f"#{review_id} accepted."
        if item.change_held:
            made = self.store.review.make_held_change(review_id, self.clock())
            if made is None:
                raise ConflictError(f"review item #{review_id} was settled meanwhile")
            names = ", ".join(r.name or r.organization or f"#{r.id}" for r in made)
            what = f"#{review_id} accepted: the change that waited was made ({names or 'none'})."
            return self._settle(review_id, "accepted: the change was made", "accept", actor, what)
        return self._settle(review_id, "accepted", "accept", actor, what)

    def close(self, review_id: int, actor: str) -> Done:
        """A question that needs no answer (or was answered by other means)."""
        self._open(review_id)
        return self._settle(review_id, "closed without an answer", "accept", actor, "Closed.")

    def edit(
        self,
        review_id: int,
        changes: Mapping[int, Values],
        expect: Mapping[int, Values],
        actor: str,
    ) -> Done:
        """Fields edited in place on the item's signers, then the item is settled."""
        item = self._open(review_id)
        mine = {record.id for record, _ in item.linked}
        now = self.clock()
        changed = 0
        for signer_id, values in changes.items():
            if signer_id not in mine:
                raise ConfigError(f"signer #{signer_id} is not one of review item #{review_id}'s")
            if values:
                actions.edit(self.store, signer_id, values, actor, now, expect.get(signer_id))
                changed += 1
        if not changed:
            return self.accept(review_id, actor)
        return self._settle(review_id, "edited", "edit", actor, f"#{review_id}: saved and settled.")

    def split(
        self, review_id: int, signer_id: int, first: Values, second: Values, expect: Values,
        actor: str,
    ) -> Done:  # fmt: skip
        """One record was two signers: the record keeps ``first``, a new one gets ``second``."""
        item = self._open(review_id)
        source = self._mine(item, signer_id)
        actions.check_result(source, second)
        now = self.clock()
        if first:
            actions.edit(self.store, signer_id, first, actor, now, expect)
        made = self.store.review.split(signer_id, second, actor, now)
        assert made is not None
        message = f"#{review_id}: split; #{made.id} added."
        return self._settle(review_id, "split", "split", actor, message)

    def merge(self, review_id: int, keep_id: int, other_id: int, actor: str) -> Done:
        """This message's signer ``other_id`` is ``keep_id`` again: fold it in (undoable)."""
        item = self._open(review_id)
        self._mine(item, other_id)
        actions.merge(self.store, keep_id, other_id, actor, self.clock(), review_id)
        message = f"#{other_id} merged into #{keep_id}; it can be undone."
        return self._settle(review_id, "merged", "merge", actor, message)

    def not_signature(self, review_id: int, kind: str, actor: str) -> Done:
        """Not a signature: undo what the message did; a held reply never goes."""
        if kind not in NOT_SIGNATURE_KINDS:
            raise ConfigError(f"not a signature, but what? one of {', '.join(NOT_SIGNATURE_KINDS)}")
        item = self._open(review_id)
        now = self.clock()
        undone = actions.not_a_signature(self.store, review_id, actor, now)
        dropped = self.store.decisions.drop_held(item.message.id)
        examples.save(self.store, review_id, "not-signature", actor, now, kind)
        note = " The held reply will not be sent." if dropped else ""
        return Done(f"#{review_id}: not a signature; {len(undone)} signer rows undone.{note}")

    def answer(self, review_id: int, text: str, actor: str) -> Done:
        """Send the coordinator's answer, threaded, from the campaign's address; close the item."""
        if not text.strip():
            raise ConfigError("the answer is empty: write it first")
        item = self._open(review_id)
        facts = self.store.decisions.facts(item.message.id)
        assert facts is not None
        if not facts.sender:
            raise ConfigError(f"#{review_id} has no sender address to answer")
        message = original(facts, self.store.decisions.raw(facts.id)) or Message(
            sender=Address(facts.sender_name, facts.sender),
            subject=facts.subject,
            message_id=facts.message_id,
        )
        serial = len(self.store.decisions.answers(review_id)) + 1
        now = self.clock()
        draft = self.builder.answer(message, facts.identity, text, serial, now)
        reply_id = self.store.decisions.answer(review_id, draft, text.strip(), actor, now)
        if reply_id is None:
            raise ConflictError(f"review item #{review_id} was settled meanwhile; nothing was sent")
        examples.save(self.store, review_id, "answer", actor, now)
        return self._send(reply_id, f"Answer sent to {draft.to_addr}; #{review_id} closed.")

    def add_signer(self, review_id: int, values: Values, actor: str) -> Done:
        """A signer intake missed, added to the item's message; they get their confirmation."""
        if not values.get("name") and not values.get("organization"):
            raise ConfigError("give the signer's name or organization")
        if values.get("capacity") not in (None, "individual") and not values.get("organization"):
            raise ConfigError(f"a signer who signs as {values['capacity']} needs an organization")
        item = self._open(review_id)
        now = self.clock()
        record = self.store.review.add(review_id, values, actor, now)
        assert record is not None
        facts = self.store.decisions.facts(item.message.id)
        assert facts is not None
        kind = None if facts.kind in examples.ACTS_ON_SIGNERS else "signature"
        done = self._settle(review_id, "edited", "edit", actor, f"#{record.id} added.", kind)
        reply_id = self._confirm(item.message.id, now)
        if reply_id is None:
            return done
        return self._send(reply_id, f"{done.message} A confirmation was sent.", review_id)

    def undo_merge(self, merge_id: int, actor: str) -> Done:
        """Put both records back as they were; a review item the merge settled opens again."""
        undone = self.store.review.undo_merge(merge_id, actor, self.clock())
        again = f" Review item #{undone.review_id} is open again." if undone.review_id else ""
        return Done(f"Merge of #{undone.other_id} into #{undone.keep_id} undone.{again}")

    # -- the list --------------------------------------------------------

    def edit_signer(self, signer_id: int, values: Values, expect: Values, actor: str) -> Done:
        """Edit a signer from the list (not tied to a review item)."""
        if not values:
            return Done(f"#{signer_id}: nothing changed.")
        record = actions.edit(self.store, signer_id, values, actor, self.clock(), expect)
        return Done(f"#{record.id} saved.")

    def withdraw(self, signer_id: int, actor: str) -> Done:
        record = actions.withdraw(self.store, signer_id, actor, self.clock())
        return Done(f"#{record.id} withdrawn: off the list.")

    # -- steps -----------------------------------------------------------

    def _open(self, review_id: int) -> ReviewDetail:
        item = actions.detail(self.store, review_id)
        if item.status != "open":
            raise ConflictError(f"review item #{review_id} is already settled ({item.resolution})")
        return item

    @staticmethod
    def _mine(item: ReviewDetail, signer_id: int) -> SignerRecord:
        for record, _ in item.linked:
            if record.id == signer_id:
                return record
        raise ConfigError(f"signer #{signer_id} is not one of review item #{item.id}'s")

    def _settle(
        self,
        review_id: int,
        resolution: str,
        decision: str,
        actor: str,
        what: str,
        kind: str | None = None,
    ) -> Done:
        now = self.clock()
        if not self.store.review.resolve(review_id, resolution, actor, now):
            raise ConflictError(f"review item #{review_id} was settled meanwhile")
        examples.save(self.store, review_id, decision, actor, now, kind)
        reply_id = self._release(review_id, now)
        if reply_id is None:
            return Done(what, review_id)
        return self._send(reply_id, f"{what} The reply held for review was sent.", review_id)

    def _release(self, review_id: int, now: datetime) -> int | None:
        """Let the item's held reply go, rendered again with the records as settled."""
        item = actions.detail(self.store, review_id)
        reply = self.store.decisions.reply_of(item.message.id)
        if reply is None or reply.status != "held":
            return None
        facts = self.store.decisions.facts(item.message.id)
        assert facts is not None
        message = original(facts, self.store.decisions.raw(facts.id))
        records = [r for r, _ in item.linked if r.status not in ("merged", "rejected")]
        template = "confirmation" if reply.template == "incomplete" and records else reply.template
        draft = None
        if message is not None:
            draft = self.builder.draft(message, facts.identity, template, records, now)
        return reply.id if self.store.decisions.release_held(reply.id, draft, now) else None

    def _confirm(self, message_row: int, now: datetime) -> int | None:
        """A confirmation for a message that had no reply (it was not read as a signature)."""
        if self.store.decisions.reply_of(message_row) is not None:
            return None
        facts = self.store.decisions.facts(message_row)
        assert facts is not None
        raw = self.store.decisions.raw(message_row)
        message = original(facts, raw)
        if message is None or examples.automatic(message):
            return None
        records = [r for r, _ in self.store.review.linked(message_row) if r.status == "active"]
        template = "closed" if facts.late else "confirmation"
        if facts.late and not self.settings.campaign.closed_reply:
            return None
        draft = self.builder.draft(message, facts.identity, template, records, now)
        return self.store.decisions.queue_reply(message_row, draft, now)

    def _send(self, reply_id: int, what: str, review_id: int | None = None) -> Done:
        campaign = self.settings.campaign
        with SmtpSession(self.settings.smtp) as smtp:
            report = send_pending(self.store, smtp, campaign.reply_from, self.clock, [reply_id])
        return Done(what, review_id, report.sent, report.error)
