"""Log set-up: plain lines on stderr by default, JSON lines with ``--log-format json``."""

from __future__ import annotations

import json
import logging
import sys
from typing import Literal

LogFormat = Literal["plain", "json"]
_QUIET = {
    "apscheduler": logging.WARNING,
    "imapclient": logging.WARNING,
    "mail.log": logging.WARNING,
}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message (and the error, if any)."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def setup(fmt: LogFormat = "plain", level: int = logging.INFO) -> None:
    """Send intake's log to stderr in ``fmt``; quieten chatty libraries."""
    handler = logging.StreamHandler(sys.stderr)
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name, quiet in _QUIET.items():
        logging.getLogger(name).setLevel(max(quiet, level))
