"""Owner-only files: an existing database (and its -wal and -shm) tightened on open.

The app creates every file it writes owner-only (0600). A database that already
existed may not be: copied from elsewhere, created by another tool, unpacked
from an archive. Sensitive data must not go on being written into a file other
users can read, so it is tightened to 0600, with a word saying so; if it cannot
be (another user owns it), it is refused with the command that fixes it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from workshop_tui.storage.errors import UnsafePermissions

OWNER_ONLY = 0o600


def sidecars(path: Path) -> list[Path]:
    """SQLite's write-ahead log and shared-memory files beside ``path``."""
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]


def tighten(path: Path) -> str | None:
    """Make an existing file owner-only (0600) if group or others could read or write it.

    Returns:
        A sentence for the person at the keyboard when the file was tightened
        (which file, what it was); None when it was already private or is absent.

    Raises:
        UnsafePermissions: the file is open to others and its mode cannot be
            changed (another user owns it); the message names the fix.
    """
    try:
        info = path.lstat()
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return None  # a symlink's own mode means nothing; its target is checked as opened
    mode = stat.S_IMODE(info.st_mode)
    if not mode & 0o077:
        return None
    try:
        os.chmod(path, OWNER_ONLY)
    except OSError as error:
        raise UnsafePermissions(
            f"{path} can be read by other users (mode {mode:04o}) and could not be made "
            f"owner-only ({error.strerror or error}); it was not opened. Run: chmod 600 {path} "
            "(as the file's owner), then try again."
        ) from None
    return f"{path} could be read by other users (mode {mode:04o}); it is now owner-only (0600)"


def tighten_database(path: Path) -> list[str]:
    """:func:`tighten` the database file and its -wal and -shm; the sentences for those changed."""
    notices = []
    for file in (path, *sidecars(path)):
        notice = tighten(file)
        if notice is not None:
            notices.append(notice)
    return notices
