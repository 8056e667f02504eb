"""Peak memory of one ``intake poll`` over big mail: 20 messages of 24 MB by default.

Each message is a sign-on with an attachment, just under the default size limit
(``poll.max_message_bytes`` = 25,000,000), so every one is fetched and read whole.
A fresh Dovecot on loopback holds them; a counting SMTP sink takes the replies.
The poll runs as its own process and its peak RSS (VmHWM, and the summed RSS of
its process tree) is sampled from /proc. Batches bounded by count alone held the
whole 480 MB at once; bounded by bytes (``poll.batch_bytes``) they hold one or two
messages.

Needs root and Dovecot (``tests/support/servers.py``); never part of the test run.

    python3 bench/memory.py                      # 20 x 24 MB, this checkout
    python3 bench/memory.py --code /other/tree   # the same mail, another checkout
    python3 bench/memory.py --count 5 --mb 10 --limit-mb 200

Exit status 1 when the peak is over ``--limit-mb`` (400 by default).
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import random
import shutil
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(REPO / "tests"))

from _common import run_sampled  # noqa: E402

JUNE = datetime(2020, 6, 20, 10, 0, tzinfo=ZoneInfo("America/New_York"))


def big_signature(n: int, size: int, rng: random.Random) -> bytes:
    """A sign-on of about ``size`` bytes: a short text part and a base64 attachment."""
    head = (
        f"From: Person Number{n} <p{n}@example.org>\r\nTo: coordinator@irf-roundtable.example\r\n"
        f"Subject: Sign-on letter, with our annual report\r\nMessage-ID: <big{n}@example.org>\r\n"
        "Date: Sat, 20 Jun 2020 10:00:00 -0400\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/mixed; boundary="b0"\r\n\r\n--b0\r\n'
        "Content-Type: text/plain; charset=utf-8\r\n\r\n"
        f"Please add my name to the letter.\r\n\r\nName: Person Number{n}\r\nTitle: Pastor\r\n"
        f"Organization: Church Number {n}\r\n\r\n--b0\r\n"
        "Content-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n"
        f'Content-Disposition: attachment; filename="report-{n}.pdf"\r\n\r\n'
    ).encode()
    tail = b"\r\n--b0--\r\n"
    raw_size = (size - len(head) - len(tail)) * 57 // 78  # base64 in 76-character lines
    encoded = base64.encodebytes(rng.randbytes(raw_size)).replace(b"\n", b"\r\n")
    return head + encoded + tail


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=20)
    parser.add_argument("--mb", type=float, default=24.0, help="size of each message, in MB")
    parser.add_argument("--limit-mb", type=float, default=400.0)
    parser.add_argument("--code", type=Path, default=REPO, help="the intake checkout to run")
    args = parser.parse_args()

    from support.campaign import PASSWORD_ENV, campaign_data, toml
    from support.servers import Dovecot, SmtpSink

    size = int(args.mb * 1_000_000)
    rng = random.Random(7)
    workdir = Path(tempfile.mkdtemp(prefix="intake-bench-memory-"))
    try:
        with Dovecot(tls=False) as dovecot, SmtpSink(count_only=True) as sink:
            user = dovecot.add_user("bench", "bench-pw")
            for n in range(args.count):
                user.append("INBOX", big_signature(n, size, rng), JUNE)
            data = campaign_data(user, SimpleNamespace(port=sink.port), poll={"batch_size": 100})
            config = workdir / "intake.toml"
            config.write_text(toml(data))
            env = {k: v for k, v in os.environ.items() if k != "INTAKE_CONFIG"}
            env |= {PASSWORD_ENV: user.password, "PYTHONPATH": str(args.code.resolve())}
            measured = run_sampled(
                [sys.executable, "-m", "intake", "-c", str(config), "poll"],
                env=env,
                cwd=workdir,
                stderr=workdir / "poll.err",
            )
            sink.wait_idle()
            replies = sink.count
        result = {
            "code": str(args.code.resolve()),
            "messages": args.count,
            "message_bytes": size,
            "returncode": measured.returncode,
            "peak_rss_mb": round(measured.peak_rss_mb, 1),
            "tree_peak_rss_mb": round(measured.tree_peak_rss_mb, 1),
            "wall_s": round(measured.wall_s, 1),
            "replies_sent": replies,
            "limit_mb": args.limit_mb,
        }
        print(json.dumps(result))
        if measured.returncode != 0:
            print((workdir / "poll.err").read_text()[-3000:], file=sys.stderr)
            return 1
        peak = max(measured.peak_rss_mb, measured.tree_peak_rss_mb)
        print(
            f"{args.count} x {args.mb:g} MB: peak RSS {peak:.0f} MB "
            f"(limit {args.limit_mb:.0f} MB), {replies} replies sent"
        )
        return 0 if peak <= args.limit_mb else 1
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
