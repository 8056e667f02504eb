"""A campaign and a recorded signer to build replies with (plain values, no servers)."""

from __future__ import annotations

from datetime import datetime

from intake.config import CampaignSettings
from intake.extract import Capacity
from intake.store import SignerRecord

CAMPAIGN = CampaignSettings(
    name="open letter on prisoners of conscience",
    coordinator="coordinator@campaign.example",
    coordinator_name="Eleanor Whitfield",
    reply_from="desk@campaign.example",
    reply_from_name="Sign-on desk",
    timezone="America/New_York",
    deadline=datetime(2020, 7, 1, 17, 0),
)
JANE = SignerRecord(
    7,
    "Jane Smith",
    "Director",
    "Center for Conscience",
    Capacity.BOTH,
    "jane@example.org",
    "active",
    False,
)
