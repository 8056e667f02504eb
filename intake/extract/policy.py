"""The labelling policy's last rules on a whole reading (corpus README, "signers").

- A title is a person's role: a signer with no named person (an organization that
  signs on its own, a board, an office) has none. A role read beside such a record
  ("Assistant Bishop, Anglican Diocese of Perth" under an assistant's signature) is
  someone's, and which person's is the review's to say, not the letter's to print.
- One person or organization is one record: a signer read twice over, the same in
  every field, is kept once.
"""

from __future__ import annotations

from dataclasses import replace

from intake.extract.model import Extraction, Signer

NO_ROLE = "a title without a named person left out"
ONCE = "the same signer read twice kept once"


def apply(reading: Extraction) -> Extraction:
    """``reading`` with the policy's rules applied to its signers."""
    if not reading.signers:
        return reading
    reasons = list(reading.reasons)
    signers = tuple(_without_role(s) for s in reading.signers)
    if signers != reading.signers:
        reasons.append(NO_ROLE)
    unique = tuple(dict.fromkeys(signers))
    if len(unique) < len(signers):
        reasons.append(ONCE)
    if unique == reading.signers:
        return reading
    return replace(reading, signers=unique, reasons=tuple(reasons))


def _without_role(signer: Signer) -> Signer:
    if signer.name is None and signer.title is not None:
        return replace(signer, title=None)
    return signer
