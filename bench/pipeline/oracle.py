"""Extraction set apart: the poll reads each message's answer from the corpus instead.

Extraction is rebuilt elsewhere and its cost per message changes with it, so the
poll is compared with the floor of the parts it owns (fetch, parse, store, build,
send) with ``intake.extract.extract`` replaced, in the poll and in every worker it
starts, by a lookup of the answer the corpus generator wrote down for the message
(by Message-ID; a message the corpus does not know goes to the real extraction).
Everything else is the real ``intake poll``: it parses every message, assesses,
records, builds and sends each reply. The hook is a ``sitecustomize`` on the poll's
PYTHONPATH; extraction itself is measured alone (``workers.extract``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ANSWERS_ENV = "BENCH_ORACLE_ANSWERS"
SITECUSTOMIZE = """# by bench/pipeline/oracle.py: extraction answered from the corpus (see there)
import json, os
_path = os.environ.get("BENCH_ORACLE_ANSWERS")
if _path:
    import intake.assess.assessment as _assessment
    from intake.extract import Capacity, Extraction, Kind, Signer

    with open(_path) as _fh:
        _answers = json.load(_fh)
    _real = _assessment.extract

    def extract(message, context):
        found = _answers.get(message.message_id)
        if found is None:
            return _real(message, context)
        name, title, organization, capacity = found
        signer = Signer(name, title, organization, Capacity(capacity))
        return Extraction(Kind.SIGNATURE, (signer,), 0.99, ("bench: the corpus's answer",))

    _assessment.extract = extract
"""


def install(folder: Path, mails: Sequence[Any], more: str = "") -> tuple[Path, dict[str, str]]:
    """Write the hook (with ``more`` hook code after it) and the answers to ``folder``;
    return the hook's folder (for the front of PYTHONPATH) and the environment that
    switches it on."""
    hook = folder / "oracle-site"
    hook.mkdir(parents=True, exist_ok=True)
    (hook / "sitecustomize.py").write_text(SITECUSTOMIZE + more)
    answers = folder / "oracle-answers.json"
    answers.write_text(
        json.dumps({m.message_id: [m.name, m.title, m.organization, m.capacity] for m in mails})
    )
    return hook, {ANSWERS_ENV: str(answers)}
