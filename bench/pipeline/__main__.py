"""``python bench/pipeline``: the poll against the floor of its parts (see ``cli.py``)."""

import os
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1]
REPO = BENCH.parent
# The intake measured is this checkout's, in this process and in every process it starts
# (an editable install elsewhere would otherwise win in a subprocess run from a temp dir).
sys.path[:0] = [str(REPO), str(BENCH), str(REPO / "tests")]
os.environ["PYTHONPATH"] = os.pathsep.join(
    filter(None, [str(REPO), str(BENCH), str(REPO / "tests"), os.environ.get("PYTHONPATH")])
)
# An installed intake has its bytecode compiled (pip does it); a checkout gets it on the
# first run unless this is set, and then every poll would compile intake's source anew.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)

from pipeline.cli import main  # noqa: E402

raise SystemExit(main())
