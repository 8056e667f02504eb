"""Latency: APPEND of a signature to Dovecot -> its confirmation at the SMTP server.

Runs a real ``intake run`` in ``mode = "idle"`` as a subprocess against a
private Dovecot and an aiosmtpd sink on loopback, appends N signatures one at
a time (waiting for each confirmation), and prints p50 / p95 / max.

    python bench/latency.py [--n 50] [--mode idle|interval]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from support.campaign import PASSWORD_ENV, campaign_data, toml  # noqa: E402
from support.servers import Dovecot, SmtpSink  # noqa: E402

JUNE = datetime(2020, 6, 20, 10, 0, tzinfo=ZoneInfo("America/New_York"))


def signature(n: int) -> bytes:
    return (
        f"From: Signer {n} <signer{n}@example.org>\r\nTo: coordinator@irf-roundtable.example\r\n"
        f"Subject: Sign-on letter\r\nMessage-ID: <lat{n}@example.org>\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\n"
        f"Please add my name.\r\n\r\nName: Signer Number{n}\r\nTitle: Pastor\r\n"
        f"Organization: Church {n}\r\n"
    ).encode()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure(n: int, mode: str) -> list[float]:
    with Dovecot(tls=False) as server, SmtpSink() as sink, tempfile.TemporaryDirectory() as tmp:
        user = server.add_user()
        config = Path(tmp) / "intake.toml"
        poll = {"mode": mode, "interval_seconds": 5}
        config.write_text(toml(campaign_data(user, sink, poll=poll)))
        env = {**os.environ, PASSWORD_ENV: user.password}
        run = subprocess.Popen(
            [sys.executable, "-m", "intake", "-c", str(config), "-q", "run"], env=env
        )
        try:
            time.sleep(2.0)  # let it start and settle into IDLE
            return [one(user, sink, k) for k in range(n)]
        finally:
            run.terminate()
            run.wait(timeout=60)


def one(user: object, sink: SmtpSink, k: int) -> float:
    """Append signature k; wait until the reply to it arrives (the digest may arrive too)."""
    wanted = f"<lat{k}@example.org>".encode()
    started = time.monotonic()
    user.append("INBOX", signature(k), JUNE)  # type: ignore[attr-defined]
    deadline = started + 30
    seen = 0
    while time.monotonic() < deadline:
        arrived = sink.messages
        if any(b"In-Reply-To: " + wanted in m.data for m in arrived[seen:]):
            elapsed = time.monotonic() - started
            time.sleep(0.2)
            return elapsed
        seen = max(0, len(arrived) - 5)
        sink.wait_for(len(arrived) + 1, timeout=0.05)
    raise SystemExit(f"no confirmation for message {k} within 30 s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=50)
    parser.add_argument("--mode", choices=("idle", "interval"), default="idle")
    args = parser.parse_args()
    times = measure(args.n, args.mode)
    ms = [t * 1000 for t in times]
    print(f"mode={args.mode} n={len(ms)}  APPEND -> confirmation at the SMTP server")
    print("| p50 ms | p95 ms | max ms | min ms | mean ms |")
    print("|---|---|---|---|---|")
    print(
        f"| {statistics.median(ms):.0f} | {percentile(ms, 0.95):.0f} | {max(ms):.0f} "
        f"| {min(ms):.0f} | {statistics.mean(ms):.0f} |"
    )


if __name__ == "__main__":
    main()
