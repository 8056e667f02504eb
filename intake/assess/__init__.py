"""Pure: what to do with one message, decided as a value before anything is done.

``assess(message, facts)`` turns a parsed message, what extraction reads in
it, the guards' verdict and the facts of the moment (the campaign's policy,
the time, replies already sent today) into a :class:`Plan`. ``intake
extract``, the benches and the poll all go through it; the poll records the
plan and queues its reply, a dry run prints it, tests assert on it. It never
plans a reply the guards forbid.
"""

from intake.assess.assessment import assess, is_late, safe_extract, unreadable
from intake.assess.plan import Facts, Plan, Policy, Template
from intake.assess.rules import reply_target

__all__ = [
    "Facts",
    "Plan",
    "Policy",
    "Template",
    "assess",
    "is_late",
    "reply_target",
    "safe_extract",
    "unreadable",
]
