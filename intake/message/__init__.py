"""Raw bytes to an immutable :class:`Message`.

This is the only package that imports mail-parser. It never raises on broken
mail: whatever goes wrong is recorded in ``Message.defects`` and the message
still comes out, so the pipeline can record it and queue it for review.
"""

from intake.message.model import Address, Attachment, Message
from intake.message.parse import parse, parse_headers_only

__all__ = ["Address", "Attachment", "Message", "parse", "parse_headers_only"]
