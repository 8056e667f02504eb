"""Files that hold signers' addresses and their mail are readable by their owner only.

The database, exports, backups and saved digests are created mode 0600 whatever
the umask, so a shared machine's other users cannot read them.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

PRIVATE = 0o600


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` (made or replaced), mode 0600."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE)
    with os.fdopen(descriptor, "wb") as handle:
        os.fchmod(handle.fileno(), PRIVATE)  # an existing file keeps its mode otherwise
        handle.write(data)


def create_private(path: Path, exclusive: bool = False) -> bool:
    """Make sure ``path`` exists with mode 0600; True if it was created here.

    An existing file others can read is narrowed to 0600. With ``exclusive``, an
    existing file raises FileExistsError instead.
    """
    flags = os.O_WRONLY | os.O_CREAT | (os.O_EXCL if exclusive else 0)
    existed = path.exists()
    descriptor = os.open(path, flags, PRIVATE)
    try:
        if stat.S_IMODE(os.fstat(descriptor).st_mode) & 0o077:
            with contextlib.suppress(PermissionError):  # another user's file: leave it be
                os.fchmod(descriptor, PRIVATE)
    finally:
        os.close(descriptor)
    return not existed
