"""Pure extraction: a parsed :class:`~intake.message.Message` in, an :class:`Extraction` out.

No I/O, no clock, no globals: easy to test on thousands of messages.
"""

from intake.extract.model import Capacity, ExtractContext, Extraction, Kind, Signer
from intake.extract.pipeline import extract

__all__ = ["Capacity", "ExtractContext", "Extraction", "Kind", "Signer", "extract"]
