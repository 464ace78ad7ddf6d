"""Copies of the database: on demand, before every migration, at the start of each workshop.

A copy is made with SQLite's backup API (consistent even while another
process writes) into a new file that only its owner can read. Automatic
copies go to a ``backups/`` folder beside the database (0700), named
``<db stem>-<YYYYMMDD-HHMMSS>[-n]-<reason>.db``, and only the newest
:data:`KEEP_BACKUPS` of one database are kept.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from workshop_tui.storage.errors import StorageError, translate

BACKUP_FOLDER = "backups"
KEEP_BACKUPS = 5
"""How many automatic copies of one database are kept (older ones are deleted)."""

REASONS = ("before-migration", "before-workshop")


@contextlib.contextmanager
def private_umask() -> Iterator[None]:
    """Files and folders created inside are readable by their owner only.

    The umask is process-wide, so it is restored as soon as the block ends.
    """
    old = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(old)


def copy_database(conn: sqlite3.Connection, target: Path) -> Path:
    """Copy the database behind ``conn`` to the new file ``target`` (0600).

    Raises:
        StorageError: ``target`` exists, or it cannot be created or written (a
            half-written copy is removed).
    """
    try:
        fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        raise StorageError(f"{target} already exists; choose a new file name") from None
    except OSError as exc:
        raise StorageError(f"cannot create {target}: {exc.strerror}") from None
    os.close(fd)
    try:
        with private_umask():  # the copy's own journal, while it is written
            dest = sqlite3.connect(str(target))
            try:
                conn.backup(dest)
            finally:
                dest.close()
    except sqlite3.Error as exc:
        with contextlib.suppress(OSError):
            target.unlink()
        error = translate(exc, target)
        raise type(error)(f"the backup was not made: {error}") from None
    return target


@contextlib.contextmanager
def committed_source(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """The connection to copy from: ``conn``, or a second one to its file while ``conn``
    is inside a transaction.

    SQLite's backup API waits (for ever, in Python's loop) on a connection's own open
    write transaction, as inside ``repository.atomic()``; a second, read-only
    connection copies what is committed, without the unfinished change.

    Raises:
        StorageError: an in-memory database inside a transaction (it has no file).
    """
    if not conn.in_transaction:
        yield conn
        return
    file = conn.execute("PRAGMA database_list").fetchone()[2]
    if not file:
        raise StorageError(
            "the backup was not made: an in-memory database cannot be copied in the middle "
            "of a change"
        )
    source = sqlite3.connect(f"{Path(file).as_uri()}?mode=ro", uri=True)
    try:
        yield source
    finally:
        source.close()


def _pattern(db_path: Path) -> re.Pattern[str]:
    reasons = "|".join(REASONS)
    return re.compile(rf"{re.escape(db_path.stem)}-(\d{{8}}-\d{{6}})(?:-(\d+))?-(?:{reasons})\.db")


def automatic_backups(db_path: Path) -> list[Path]:
    """The automatic copies of the database at ``db_path``, oldest first."""
    folder = db_path.parent / BACKUP_FOLDER
    if not folder.is_dir():
        return []
    pattern = _pattern(db_path)
    found: list[tuple[str, int, Path]] = []
    for path in folder.iterdir():
        match = pattern.fullmatch(path.name)
        if match:
            found.append((match[1], int(match[2] or 1), path))
    return [path for *_, path in sorted(found)]


def rotating_backup(
    conn: sqlite3.Connection,
    db_path: Path,
    reason: str,
    now: dt.datetime,
    keep: int = KEEP_BACKUPS,
) -> Path:
    """Copy the database into ``backups/`` beside it and delete all but the newest ``keep``.

    Args:
        conn: An open connection to the database.
        db_path: The database file (names the folder and the copies).
        reason: One of :data:`REASONS`, part of the file name.
        now: When (from the caller's clock), part of the file name.
        keep: How many automatic copies of this database to keep.

    Raises:
        StorageError: the folder or the copy cannot be made; older copies are untouched.
    """
    folder = db_path.parent / BACKUP_FOLDER
    try:
        with private_umask():
            folder.mkdir(mode=0o700, exist_ok=True)
    except OSError as exc:
        raise StorageError(f"cannot create the backup folder {folder}: {exc.strerror}") from None
    stamp = now.strftime("%Y%m%d-%H%M%S")
    target = folder / f"{db_path.stem}-{stamp}-{reason}.db"
    number = 1
    while target.exists():
        number += 1
        target = folder / f"{db_path.stem}-{stamp}-{number}-{reason}.db"
    copy_database(conn, target)
    for old in automatic_backups(db_path)[:-keep] if keep > 0 else []:
        with contextlib.suppress(OSError):
            old.unlink()
    return target
