"""Errors raised by the storage layer.

Every message is meant for the person at the keyboard: it says what happened
and what to do, names the file where that helps, and never carries a traceback.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path


class StorageError(Exception):
    """Base class: something went wrong reading or writing the database."""


class NotFound(StorageError):
    """The review, item or event asked for does not exist (or was deleted)."""


class ReviewExists(StorageError):
    """A review with this reference is already stored."""


class SchemaTooNew(StorageError):
    """The database was written by a newer version of workshop-tui."""


class DatabaseBusy(StorageError):
    """Another process holds the database lock for longer than the busy timeout."""


class DatabaseCorrupt(StorageError):
    """The file is not a workshop-tui database, or is damaged."""


class ReadOnlyDatabase(StorageError):
    """The database file or its folder cannot be written."""


class DiskFull(StorageError):
    """The disk holding the database is full; nothing was written."""


class EditConflict(StorageError):
    """Someone else changed the same field of the same item while it was being edited."""


class UnsafePermissions(StorageError):
    """The database file can be read by other users and could not be made owner-only."""


BUSY_MESSAGE = (
    "the database is in use by another workshop-tui (or another program) and stayed locked; "
    "nothing was saved; try again in a moment."
)


def translate(exc: sqlite3.Error, path: Path | None) -> StorageError:
    """A user-facing StorageError for an sqlite3 error (the caller raises it)."""
    where = str(path) if path is not None else "the in-memory database"
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return DatabaseBusy(BUSY_MESSAGE)
    if "readonly" in text or "read-only" in text:
        return ReadOnlyDatabase(f"cannot write to {where}: the file or its folder is read-only")
    if "full" in text:
        return DiskFull(
            f"the disk holding {where} is full; nothing was saved. Free some space and try again."
        )
    if "disk i/o error" in text:
        return StorageError(
            f"could not read or write {where} (disk I/O error); the last change was not saved. "
            "Check that the disk is still connected."
        )
    if "not a database" in text or "malformed" in text:
        return DatabaseCorrupt(f"{where} is not a workshop-tui database, or it is damaged")
    if "unable to open" in text:
        return StorageError(f"cannot open {where}")
    return StorageError(f"database error in {where}: {exc}")
