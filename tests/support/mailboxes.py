"""A real mailbox that does something to the world while a poll runs (an outage, a drop)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from intake.mailbox import FetchLimits, Mailbox, RawMail


class AfterBatch(Mailbox):
    """A real mailbox that calls ``action`` once the poll has taken batch ``batches``:
    when it asks for the next one (the poll records a batch while it fetches the next)."""

    def __init__(self, settings: Any, batches: int, action: Callable[[], None]) -> None:
        super().__init__(settings)
        self.batches, self.action = batches, action

    def fetch(self, uids: Any, limits: FetchLimits) -> Iterator[list[RawMail]]:
        for number, batch in enumerate(super().fetch(uids, limits), start=1):
            yield batch
            if number == self.batches:
                self.action()
