"""A measured place: a fresh Dovecot with a seeded inbox, a campaign config, a SQLite file;
and the shared machine's load around each timed run."""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from _common import MB, SinkProcess, group_cpu_seconds, self_cpu_s, wait_idle

# A measurement is "contended" when other sessions' processes used more than this share of
# one core on average while it ran (the machine has 2 cores and is shared).
CONTENDED = 0.35
IDLE = SimpleNamespace(max_wait=120.0)


@dataclass
class Site:
    """One fresh Dovecot + campaign config + SQLite file, seeded with ``n`` messages."""

    n: int
    workdir: Path
    dovecot: Any
    user: Any
    config: Path
    env: dict[str, str]
    seed_s: float

    @property
    def database(self) -> Path:
        return self.workdir / "intake.sqlite"

    def append(self, mails: Sequence[Any]) -> float:
        if not mails:
            return 0.0
        start = time.perf_counter()
        uids = self.user.multiappend("INBOX", [(m.raw, m.internaldate) for m in mails])
        assert len(uids) == len(mails), (len(uids), len(mails))
        return time.perf_counter() - start

    def close(self, keep: bool = False) -> None:
        self.dovecot.stop()
        if not keep:
            shutil.rmtree(self.workdir, ignore_errors=True)


def open_site(
    mails: Sequence[Any], sink: SinkProcess, poll: dict[str, Any], tag: str, hook: Path | None
) -> Site:
    """A Dovecot holding ``mails``, and a campaign that polls it with the ``poll`` settings;
    ``hook`` is a folder put first on the poll's PYTHONPATH (a sitecustomize)."""
    from support.campaign import PASSWORD_ENV, campaign_data, toml
    from support.servers import Dovecot

    workdir = Path(tempfile.mkdtemp(prefix=f"intake-bench-{tag}-"))
    dovecot = Dovecot(tls=False).start()
    user = dovecot.add_user("bench", "bench-pw")
    data = campaign_data(user, SimpleNamespace(port=sink.port), poll=poll)
    config = workdir / "intake.toml"
    config.write_text(toml(data))
    env = {k: v for k, v in os.environ.items() if k != "INTAKE_CONFIG"}
    env[PASSWORD_ENV] = user.password
    if hook is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(hook), env["PYTHONPATH"]])
    site = Site(len(mails), workdir, dovecot, user, config, env, 0.0)
    site.seed_s = site.append(mails)
    return site


def db_stats(path: Path) -> dict[str, Any]:
    """What the poll left in its database: counts, and its own timing of the cycle."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:

        def one(sql: str) -> Any:
            return db.execute(sql).fetchone()

        replies = dict(db.execute("SELECT status, count(*) FROM replies GROUP BY status"))
        last = one("SELECT started_at, finished_at FROM polls ORDER BY id DESC LIMIT 1")
        cycle = None
        if last and last[0] and last[1]:
            cycle = (
                datetime.fromisoformat(last[1]) - datetime.fromisoformat(last[0])
            ).total_seconds()
        return {
            "messages": one("SELECT count(*) FROM messages")[0],
            "replies": replies,
            "review_open": one("SELECT count(*) FROM review WHERE status = 'open'")[0],
            "signers": one("SELECT count(*) FROM signers")[0],
            "mean_reply_bytes": one("SELECT avg(length(body)) FROM replies")[0],
            "cycle_s": cycle,
            "db_mb": round(path.stat().st_size / MB, 1),
        }


def quiet() -> dict[str, float]:
    """Wait for the shared machine to go idle before a timed run; say how long it took."""
    waited, busy = wait_idle(IDLE.max_wait)
    if waited > 1.5:
        print(
            f"    (waited {waited:.0f} s for other sessions' load to drop; now {100 * busy:.0f} %"
            " busy)",
            flush=True,
        )
    return {"idle_wait_s": round(waited, 1), "busy_before": round(busy, 3)}


class Load:
    """CPU that other sessions used while one measurement ran: the machine's busy time
    less the measured process, the SMTP sink, Dovecot and this orchestrator."""

    def __init__(self, sink: SinkProcess | None = None, dovecot_pid: int | None = None) -> None:
        self.sink, self.dovecot_pid = sink, dovecot_pid
        self.sent0 = sink.count() if sink else 0
        self.sink0 = sink.cpu() if sink else 0.0
        self.dove0 = group_cpu_seconds(dovecot_pid) if dovecot_pid else 0.0
        self.self0 = self_cpu_s()

    def done(self, machine_busy_s: float, measured_cpu_s: float, wall_s: float) -> dict[str, Any]:
        sink_cpu = self.sink.cpu() - self.sink0 if self.sink else 0.0
        dove = group_cpu_seconds(self.dovecot_pid) - self.dove0 if self.dovecot_pid else 0.0
        own = self_cpu_s() - self.self0
        others = max(machine_busy_s - measured_cpu_s - sink_cpu - dove - own, 0.0)
        return {
            "sink_received": self.sink.count() - self.sent0 if self.sink else 0,
            "sink_cpu_s": sink_cpu,
            "dovecot_cpu_s": dove,
            "others_cpu_s": others,
            "contended": others > CONTENDED * wall_s,
        }
