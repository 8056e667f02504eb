"""The review queue settled by the coordinator, from the CLI or the desk.

::

    actions.py   the checked changes: accept, edit, split, merge, withdraw, not a signature
    words.py     pure: why an item waits, in plain words
    preview.py   pure: what an action will change, said before it is done
    item.py      one review item as the desk shows it: the message as written beside the reading
    settle.py    settling an item: the change, the held reply, the answer, the example
    examples.py  each decision as a labelled example, and their export in the corpus schema

Every action is logged with who did it and when (``actor``); every decision
that settles an item is also kept as a labelled example, so that a
campaign's own corrections can train the next model.
"""

from intake.review.actions import (
    CAPACITIES,
    DEFAULT_ACTOR,
    accept,
    actor_name,
    detail,
    edit,
    field_values,
    merge,
    not_a_signature,
    search,
    split,
    withdraw,
)

__all__ = [
    "CAPACITIES",
    "DEFAULT_ACTOR",
    "accept",
    "actor_name",
    "detail",
    "edit",
    "field_values",
    "merge",
    "not_a_signature",
    "search",
    "split",
    "withdraw",
]
