"""The coordinator's digest: what changed, what waits, totals and health, by email.

::

    due.py      pure: is a digest due now? (cron slots, one per local day)
    model.py    the frozen values a digest says
    content.py  read the store for a window; pure ``build``
    render.py   text, HTML, subject, CSV attachment
    send.py     record once, queue, send; the jobs and ``intake digest`` call it
"""

from __future__ import annotations

from intake.digest.model import DigestContent, Window
from intake.digest.send import (
    Delivery,
    daily_slot,
    deliver,
    final_is_due,
    preview,
    run_due,
    run_final,
    send_now,
)

__all__ = [
    "Delivery",
    "DigestContent",
    "Window",
    "daily_slot",
    "deliver",
    "final_is_due",
    "preview",
    "run_due",
    "run_final",
    "send_now",
]
