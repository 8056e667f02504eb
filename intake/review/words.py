"""Why a message waits for the coordinator, in plain words (pure).

The poll records its reasons as short phrases joined by "; " (the digest and
``intake review`` print them); the desk shows each as a sentence.
"""

from __future__ import annotations

import re

_NO_SIGNER = re.compile(r"^(signature|correction|withdrawal): no signer found$")
_AFTER = re.compile(r"^(correction|withdrawal) after the deadline$")
CHANGE_HELD = "change held: "  # the prefix assess gives a reason a change waits for
_PLAIN = {
    "question: needs an answer from the coordinator": "A question: it needs your answer.",
    "no sender address": "The message has no sender address, so no reply can go.",
    "message over the size limit: not read": "Too large to read: open it in your mail program.",
    "withdrawal: could not tell which signer to remove": (
        "A withdrawal, but intake could not tell which signer to take off."
    ),
}


def sentences(reason: str) -> list[str]:
    """Each recorded reason as a sentence a coordinator reads."""
    return [sentence(part) for part in reason.split("; ") if part.strip()]


def sentence(part: str) -> str:
    """One recorded reason as a sentence."""
    part = part.strip()
    if part in _PLAIN:
        return _PLAIN[part]
    if found := _NO_SIGNER.match(part):
        return f"It reads as a {found[1]}, but no signer could be read from it."
    if found := _AFTER.match(part):
        return f"A {found[1]} that arrived after the deadline."
    if part.startswith("not sure it read this right"):
        return "intake is " + part + ": check each field."
    if part.startswith(CHANGE_HELD):
        why = part.removeprefix(CHANGE_HELD)
        return f"Nothing was changed yet, because {why}. Accepting makes the change."
    return part[:1].upper() + part[1:] + ("" if part.endswith((".", "?", "!")) else ".")


KINDS = {
    "signature": "a signature",
    "correction": "a correction",
    "withdrawal": "a withdrawal",
    "question": "a question",
    "other": "not about signing",
    "auto_reply": "an automatic reply",
    "bounce": "a bounce",
    "list": "list or bulk mail",
    "spam": "spam",
}


def kind_words(kind: str) -> str:
    """ "a signature", "a question" ... for a recorded kind."""
    return KINDS.get(kind, kind.replace("_", " "))


def no_reply(reason: str, kind: str) -> str:
    """Why no automatic reply went, in a sentence ("" reason: none was due)."""
    if not reason or reason == f"{kind}: no automatic reply":
        return f"No automatic reply: {kind_words(kind)} gets none."
    return f"No automatic reply: {reason}."
