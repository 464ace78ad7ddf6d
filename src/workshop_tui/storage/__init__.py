"""Storage: the only code that imports sqlite_utils (schema, migrations, repository)."""

from workshop_tui.storage.errors import (
    DatabaseBusy,
    DatabaseCorrupt,
    DiskFull,
    NotFound,
    ReadOnlyDatabase,
    ReviewExists,
    SchemaTooNew,
    StorageError,
)
from workshop_tui.storage.repository import Repository

__all__ = [
    "DatabaseBusy",
    "DatabaseCorrupt",
    "DiskFull",
    "NotFound",
    "ReadOnlyDatabase",
    "Repository",
    "ReviewExists",
    "SchemaTooNew",
    "StorageError",
]
