"""Errors raised by the storage layer.

Every message is meant for the person at the keyboard: it says what happened
and what to do, names the file where that helps, and never carries a traceback.
"""

from __future__ import annotations


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
