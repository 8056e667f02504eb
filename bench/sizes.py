"""Extraction time against message size: is it linear, and under 50 ms up to 1 MB of text?

    python bench/sizes.py

Builds plain-text sign-ons whose bodies grow from 4 KB to 1 MB in four shapes
(repeated "A. ", prose paragraphs, a long list of "Name, Title, Organization"
lines, one line with no break) and prints the median milliseconds of
``intake.extract.extract`` over three rounds (parsing excluded), with its CPU
time. Timings are for the bench, never asserted in tests.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from email.message import EmailMessage

from intake.extract import ExtractContext, extract
from intake.message import parse

CONTEXT = ExtractContext(own_addresses=frozenset({"coordinator@irf-roundtable.example"}))
SIZES = (4_096, 16_384, 65_536, 262_144, 1_048_576)
SHAPES: dict[str, Callable[[int], str]] = {
    'repeated "A. "': lambda n: "Please add me.\n" + "A. " * (n // 3),
    "prose": lambda n: (
        "I am glad to sign the letter on behalf of our congregation and myself. " * (n // 72)
    ),
    "signer list": lambda n: "".join(
        f"{i}. Jane Doe{i}, Pastor, First Church of Town {i}\n" for i in range(n // 48)
    ),
    "one long line": lambda n: "Sign me up " + "x" * n,
}


def _message(body: str) -> bytes:
    mail = EmailMessage()
    mail["From"] = "Jane Doe <jane@example.org>"
    mail["To"] = "coordinator@irf-roundtable.example"
    mail["Subject"] = "Re: Sign-on: Letter on religious prisoners of conscience"
    mail["Date"] = "Wed, 24 Jun 2020 10:00:00 -0400"
    mail["Message-ID"] = "<size@example.org>"
    mail.set_content(body + "\n\nJane Doe\nPastor, First Church\n")
    return mail.as_bytes()


def main() -> int:
    print("| shape | " + " | ".join(f"{s // 1024} KB" for s in SIZES) + " |")
    print("|---|" + "---|" * len(SIZES))
    for name, make in SHAPES.items():
        cells = []
        for size in SIZES:
            message = parse(_message(make(size)))
            wall, cpu = [], []
            for _ in range(3):
                w, c = time.perf_counter(), time.process_time()
                extract(message, CONTEXT)
                wall.append(time.perf_counter() - w)
                cpu.append(time.process_time() - c)
            cells.append(
                f"{statistics.median(wall) * 1000:.1f} ({statistics.median(cpu) * 1000:.1f})"
            )
        print(f"| {name} | " + " | ".join(cells) + " |")
    print("ms wall (ms CPU), median of 3, parsing excluded")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
