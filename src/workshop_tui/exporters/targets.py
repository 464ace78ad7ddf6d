"""Which files an export may replace: never a database, its journal, a backup or a pack's file.

An export is written over whatever file the person names. A slip of the finger (the
database's own name, ``-o workshop.db``) or a hostile suggestion must not turn an
export into the loss of every review, so the target is looked at before anything is
written (:func:`check_target`):

- a symbolic link is refused, naming where it leads: replacing the link would leave
  the file it points at unchanged while the person believes it was written, and
  following it would write wherever the link says; the file itself can be named;
- anything but a regular file (a folder, a device, a pipe) is refused;
- the open database (passed as ``protected``), and its ``-wal``, ``-shm`` and
  ``-journal``, are refused by name, even before they exist;
- any file that is an SQLite database (a workshop-tui database, a backup of one) or
  an SQLite write-ahead log is refused by its first bytes, and so is the ``-wal``,
  ``-shm`` or ``-journal`` of any SQLite database;
- an existing file inside a case pack (a folder above it holds ``case.toml``) is
  refused: a pack holds the agencies' originals, read again on every import. A new
  file may be written there.

A document written as a folder of files (the chronology templates, the participant
packs) is checked by :func:`check_folder_target`: the folder must be a folder (or not
exist yet), not a link, and not a case pack or inside one (its ``chronologies/`` is
read on every import, and a template there would be read as an agency's file); then
each file it would write is checked as above.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from .errors import UnsafeTarget

SQLITE_HEADER = b"SQLite format 3\x00"
WAL_MAGIC = (b"\x37\x7f\x06\x82", b"\x37\x7f\x06\x83")
"""The first four bytes of an SQLite write-ahead log (either byte order of its checksums)."""
JOURNAL_SUFFIXES = ("-wal", "-shm", "-journal")
CASE_PACK_MARKER = "case.toml"
NOTHING_WRITTEN = "nothing was written."


def check_target(path: Path | str, protected: Iterable[Path | str] = ()) -> Path:
    """Refuse ``path`` as an export target if replacing it could destroy data.

    Args:
        path: where the export would be written.
        protected: files that must never be replaced (the open database); their
            ``-wal``, ``-shm`` and ``-journal`` are protected with them.

    Returns:
        ``path`` as a Path, unchanged (the file to write).

    Raises:
        UnsafeTarget: the message names the file and why it was refused.
    """
    target = Path(path)
    try:
        info = target.lstat()
    except OSError:  # absent, or unreachable: the write itself will say why
        info = None
    if info is not None and stat.S_ISLNK(info.st_mode):
        raise UnsafeTarget(
            f"{target} is a symbolic link to {_link_text(target)}; name the file itself "
            f"(or another file); {NOTHING_WRITTEN}"
        )
    if info is not None and not stat.S_ISREG(info.st_mode):
        what = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
        raise UnsafeTarget(f"{target} is {what}; {NOTHING_WRITTEN}")
    resolved = _resolved(target)
    for database in protected:
        base = _resolved(Path(database))
        if resolved == base:
            raise UnsafeTarget(
                f"{target} is the open database; an export would replace every review "
                f"in it; {NOTHING_WRITTEN}"
            )
        for suffix in JOURNAL_SUFFIXES:
            if resolved == base.with_name(base.name + suffix):
                raise UnsafeTarget(
                    f"{target} is the open database's {suffix[1:]} file; {NOTHING_WRITTEN}"
                )
    if info is not None:
        first = _first_bytes(target)
        if first.startswith(SQLITE_HEADER):
            raise UnsafeTarget(
                f"{target} is an SQLite database (a workshop-tui database or a backup of "
                f"one); an export never replaces one; {NOTHING_WRITTEN}"
            )
        if first[:4] in WAL_MAGIC:
            raise UnsafeTarget(f"{target} is a database's write-ahead log; {NOTHING_WRITTEN}")
    for suffix in JOURNAL_SUFFIXES:
        if resolved.name.endswith(suffix) and len(resolved.name) > len(suffix):
            owner = resolved.with_name(resolved.name[: -len(suffix)])
            if _is_sqlite(owner):
                raise UnsafeTarget(
                    f"{target} is the {suffix[1:]} file of the database {owner.name}; "
                    f"{NOTHING_WRITTEN}"
                )
    if info is not None:
        pack = _case_pack_holding(resolved)
        if pack is not None:
            raise UnsafeTarget(
                f"{target} is a file of the case pack {pack} (it holds {CASE_PACK_MARKER}); "
                f"an export never replaces a pack's file; choose a new name or another "
                f"folder; {NOTHING_WRITTEN}"
            )
    return target


def _resolved(path: Path) -> Path:
    """``path`` absolute, with every link and ``..`` of its folders followed."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a loop of links: compare as written
        return Path(os.path.abspath(path))


def _link_text(path: Path) -> str:
    try:
        return os.readlink(path)
    except OSError:
        return "somewhere unreadable"


def _first_bytes(path: Path, size: int = len(SQLITE_HEADER)) -> bytes:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return b""  # unreadable: the write will say why, if it fails
    try:
        return os.read(fd, size)
    except OSError:
        return b""
    finally:
        os.close(fd)


def _is_sqlite(path: Path) -> bool:
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return False
    except OSError:
        return False
    return _first_bytes(path).startswith(SQLITE_HEADER)


def _case_pack_holding(path: Path) -> Path | None:
    """The case pack folder that ``path`` is inside (a folder above it holds case.toml)."""
    if path.name == CASE_PACK_MARKER:
        return path.parent
    for folder in path.parents:
        if (folder / CASE_PACK_MARKER).is_file():
            return folder
    return None


def check_folder_target(
    folder: Path | str, names: Iterable[str], protected: Iterable[Path | str] = ()
) -> Path:
    """Refuse ``folder`` as the place for a folder of exported files, or any of ``names``
    in it, if writing there could destroy data (see the module docstring).

    Returns:
        ``folder`` as a Path, unchanged.

    Raises:
        UnsafeTarget: the message names the folder or file and why.
    """
    target = Path(folder)
    try:
        info = target.lstat()
    except OSError:
        info = None
    if info is not None and stat.S_ISLNK(info.st_mode):
        raise UnsafeTarget(
            f"{target} is a symbolic link to {_link_text(target)}; name the folder itself "
            f"(or another folder); {NOTHING_WRITTEN}"
        )
    if info is not None and not stat.S_ISDIR(info.st_mode):
        raise UnsafeTarget(
            f"{target} is a file, not a folder; this document is a folder of files, one per "
            f"agency: name a folder (it is made if it does not exist); {NOTHING_WRITTEN}"
        )
    resolved = _resolved(target)
    pack = resolved if (resolved / CASE_PACK_MARKER).is_file() else _case_pack_holding(resolved)
    if pack is not None:
        raise UnsafeTarget(
            f"{target} is inside the case pack {pack} (it holds {CASE_PACK_MARKER}), whose "
            f"chronologies are read on every import; choose a folder outside it; "
            f"{NOTHING_WRITTEN}"
        )
    protected = tuple(protected)
    for name in names:
        check_target(target / name, protected)
    return target
