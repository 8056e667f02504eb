"""Render the digest and the markdown export from ``intake demo`` data (for looking at).

    python3 bench/demo_digest.py OUTDIR

Writes OUTDIR/digest.txt, OUTDIR/digest.html, OUTDIR/final.html and
OUTDIR/signatories.md. Turn the HTML into a picture with headless Chromium:

    chromium --headless --no-sandbox --disable-gpu --screenshot=OUTDIR/digest.png \
        --window-size=900,1600 file://OUTDIR/digest.html
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from intake import digest, export
from intake.demo import run_demo


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with run_demo() as demo:
        store, settings = demo.store, demo.settings
        now = datetime.now(UTC)
        daily = digest.preview(settings, store, now, "daily")
        final = digest.preview(
            settings, store, settings.campaign.deadline_at + timedelta(minutes=5), "final"
        )
        letter = export.build_letter(settings.campaign.name, store.signers())
    (out / "digest.txt").write_text(daily.text, encoding="utf-8")
    (out / "digest.html").write_text(daily.html, encoding="utf-8")
    (out / "final.html").write_text(final.html, encoding="utf-8")
    (out / "signatories.md").write_bytes(export.render(letter, "markdown"))
    print(daily.text)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/intake-digest"))
