"""The deadline in words: when it is, and how long is left (pure; for replies, digest, status)."""

from __future__ import annotations

from datetime import datetime

from intake.config import CampaignSettings


def deadline_text(campaign: CampaignSettings) -> str:
    """The deadline as people read it, with its zone: "Wednesday 1 July 2020 at 17:00 EDT"."""
    return deadline_text_at(campaign.deadline_at)


def deadline_text_at(at: datetime) -> str:
    """An aware time as people read it: "Wednesday 1 July 2020 at 17:00 EDT"."""
    return f"{at:%A} {at.day} {at:%B %Y at %H:%M} {at.tzname()}"


def time_left(deadline: datetime, now: datetime) -> str:
    """ "3 days 4 hours left" or "closed 2 hours ago"."""
    delta = deadline - now
    words = _span(abs(delta.total_seconds()))
    return f"{words} left" if delta.total_seconds() > 0 else f"closed {words} ago"


def _span(seconds: float) -> str:
    days, rest = divmod(int(seconds), 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        return f"{days} day{'s' * (days != 1)} {hours} hour{'s' * (hours != 1)}"
    if hours:
        return f"{hours} hour{'s' * (hours != 1)} {minutes} min"
    return f"{minutes} min"
