"""What runs in a fresh process of its own: the four parts of the floor, extraction alone,
the poll's imports alone, and the SMTP sink. Each prints one JSON line (``emit``).

The floor is the fastest correct way to do each part with intake's own dependencies,
timed from the moment its input is in memory (imports and loading excluded):

  a. fetch: imapclient, ``BODY.PEEK[]`` + ``INTERNALDATE`` in the poll's batch size
  b. parse: mail-parser over the stdlib's compat32 tree (what ``parse_from_bytes`` does),
     without the Received fields it would split for nothing, as intake hands it over;
     then subject, From, date, Message-ID and the text read from it
  c. build: intake's own ``ReplyBuilder.draft`` (the campaign's templates in their
     sandbox, ``compose()``), for a message made from the corpus's fields without parsing
  d. send: the bytes of (c) with smtplib over one connection to the same sink
"""

from __future__ import annotations

import pickle
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from _common import MB, emit, proc_status, sink_worker


def _load(path: str) -> Any:
    with open(path, "rb") as fh:
        return pickle.load(fh)


class Timed:
    """Wall and CPU of the work between ``Timed()`` and ``done()``, and the peak RSS."""

    def __init__(self) -> None:
        self.base_rss_mb = proc_status().get("VmRSS", 0) / MB
        self.start, self.cpu0 = time.perf_counter(), time.process_time()

    def done(self, **extra: object) -> None:
        emit(
            {
                "seconds": time.perf_counter() - self.start,
                "cpu_s": time.process_time() - self.cpu0,
                "peak_rss_mb": proc_status().get("VmHWM", 0) / MB,
                "base_rss_mb": self.base_rss_mb,
                **extra,
            }
        )


def fetch(spec: dict[str, Any]) -> None:
    """(a) Every message of the inbox in batches, bodies dropped after each batch."""
    from imapclient import IMAPClient

    timed = Timed()
    client = IMAPClient(spec["host"], spec["port"], ssl=False, timeout=120)
    client.login(spec["user"], spec["password"])
    client.select_folder("INBOX", readonly=True)
    uids = client.search("ALL")
    count = size = 0
    batch = int(spec["batch"])
    for first in range(0, len(uids), batch):
        data = client.fetch(uids[first : first + batch], ["BODY.PEEK[]", "INTERNALDATE"])
        count += len(data)
        size += sum(len(item[b"BODY[]"]) for item in data.values())
        del data
    client.logout()
    timed.done(count=count, bytes=size)


def parse(spec: dict[str, Any]) -> None:
    """(b) mail-parser on each message, reading the fields intake reads."""
    import copy
    import email
    import logging

    import mailparser

    logging.getLogger("mailparser").setLevel(logging.ERROR)  # as intake/message/parse.py does
    raws: list[bytes] = _load(spec["corpus"])
    timed = Timed()
    chars = 0
    for raw in raws:
        tree = email.message_from_bytes(raw)
        view = copy.copy(tree)
        del view["received"]
        mail = mailparser.MailParser(view)
        _ = (mail.subject, mail.from_, mail.date, mail.message_id)
        chars += sum(len(t) for t in mail.text_plain or mail.text_html)
    timed.done(count=len(raws), chars=chars)


def build(spec: dict[str, Any]) -> None:
    """(c) Each message's confirmation as intake builds it, as the bytes that are sent."""
    from intake.config import load
    from intake.extract import Capacity
    from intake.message import Address, Message
    from intake.outbox import ReplyBuilder
    from intake.render import Templates
    from intake.store import SignerRecord

    metas: list[dict[str, Any]] = _load(spec["meta"])
    settings = load(Path(spec["config"]))
    builder = ReplyBuilder(settings.campaign, Templates(settings.templates_dir))
    now = datetime.now(UTC)
    timed = Timed()
    out: list[tuple[str, bytes]] = []
    for n, meta in enumerate(metas):
        sender = Address(meta["sender_name"], meta["sender_addr"])
        message = Message(sender=sender, subject=meta["subject"], message_id=meta["message_id"])
        signer = SignerRecord(
            n, meta["name"], meta["title"], meta["organization"], Capacity(meta["capacity"]),
            sender.addr, "active", False,
        )  # fmt: skip
        draft = builder.draft(message, meta["message_id"], "confirmation", [signer], now)
        out.append((draft.to_addr, draft.body))
    seconds, cpu = time.perf_counter() - timed.start, time.process_time() - timed.cpu0
    with open(spec["out"], "wb") as fh:
        pickle.dump(out, fh)
    emit(
        {
            "seconds": seconds,
            "cpu_s": cpu,
            "peak_rss_mb": proc_status().get("VmHWM", 0) / MB,
            "base_rss_mb": timed.base_rss_mb,
            "count": len(out),
            "mean_reply_bytes": sum(len(b) for _, b in out) / len(out),
        }
    )


def send(spec: dict[str, Any]) -> None:
    """(d) Every prebuilt reply over one connection."""
    import smtplib

    replies: list[tuple[str, bytes]] = _load(spec["replies"])
    timed = Timed()
    smtp = smtplib.SMTP(spec["host"], spec["port"], timeout=120)
    smtp.ehlo()
    for to, data in replies:
        smtp.sendmail(spec["mail_from"], [to], data)
    smtp.quit()
    timed.done(count=len(replies))


def extract(spec: dict[str, Any]) -> None:
    """Extraction alone, on the same messages already parsed (reported on its own line)."""
    from intake.extract import ExtractContext
    from intake.extract import extract as read
    from intake.message import parse as parse_message

    messages = [parse_message(raw) for raw in _load(spec["corpus"])]
    context = ExtractContext(own_addresses=frozenset(spec["own"]))
    timed = Timed()
    kinds: dict[str, int] = {}
    for message in messages:
        kind = read(message, context).kind.value
        kinds[kind] = kinds.get(kind, 0) + 1
    timed.done(count=len(messages), kinds=kinds)


def imports(spec: dict[str, Any]) -> None:
    """RSS of a process that has only imported what ``intake poll`` imports (no mail yet)."""
    start = time.perf_counter()
    import intake.cli
    import intake.outbox.smtp
    import intake.run.poll  # noqa: F401

    emit(
        {
            "seconds": time.perf_counter() - start,
            "rss_mb": proc_status().get("VmRSS", 0) / MB,
            "modules": len(sys.modules),
        }
    )


def sink(spec: dict[str, Any]) -> None:
    sink_worker(spec["tests"])


WORKERS: dict[str, Callable[[dict[str, Any]], None]] = {
    "fetch": fetch,
    "parse": parse,
    "build": build,
    "send": send,
    "extract": extract,
    "imports": imports,
    "sink": sink,
}
