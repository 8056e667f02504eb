"""Pure: what to do with one message, decided as a value before anything is done."""

from intake.assess.plan import Plan, Policy, Template, decide

__all__ = ["Plan", "Policy", "Template", "decide"]
