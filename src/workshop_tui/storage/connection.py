"""Opening the database file safely: permissions, checks, pragmas, migrations.

An existing file is first inspected through a read-only connection, so a
file from a newer version, or one that is not a workshop-tui database at all,
is refused before anything (even the journal mode) is written to it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from pathlib import Path

from workshop_tui.storage.backups import private_umask, rotating_backup
from workshop_tui.storage.errors import (
    DatabaseCorrupt,
    ReadOnlyDatabase,
    SchemaTooNew,
    StorageError,
    translate,
)
from workshop_tui.storage.permissions import sidecars, tighten_database
from workshop_tui.storage.schema import MIGRATIONS, SCHEMA_VERSION, Migration

BUSY_TIMEOUT_MS = 2000
"""How long a write waits for another process's write to finish (SQLite retries meanwhile)
before giving up with DatabaseBusy. Every write of ours takes milliseconds; only a very
large import holds the lock longer."""


def schema_too_new(found: int) -> SchemaTooNew:
    """The error for a database written by a newer workshop-tui."""
    return SchemaTooNew(
        f"this database was written by a newer version of workshop-tui (schema {found}; "
        f"this version knows {SCHEMA_VERSION}). Upgrade workshop-tui; the file was not changed."
    )


def prepare_file(path: Path, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> list[str]:
    """Make sure ``path`` can be opened as our database, creating it privately if absent.

    An existing database that other users could read is made owner-only, with its
    -wal and -shm (see :mod:`workshop_tui.storage.permissions`).

    Returns:
        A sentence for each file whose permissions were tightened.

    Raises:
        UnsafePermissions: the file is open to others and cannot be tightened.
        ReadOnlyDatabase: the file or folder cannot be written or created.
        DatabaseCorrupt: the file is not a (workshop-tui) SQLite database.
        SchemaTooNew: the file was written by a newer workshop-tui.
        DatabaseBusy: another process holds the file locked.
        StorageError: ``path`` is a symbolic link to a file that does not exist.
    """
    if path.is_symlink() and not path.exists():
        # SQLite would create the file the link names, wherever that is; say so instead.
        raise StorageError(
            f"{path} is a symbolic link to {_link_text(path)}, which does not exist; "
            "restore that file, or remove the link to start a new database"
        )
    folder = path.parent
    if not folder.exists():
        try:
            with private_umask():
                folder.mkdir(parents=True, mode=0o700)
        except PermissionError:
            raise ReadOnlyDatabase(
                f"cannot create the folder {folder}: permission denied"
            ) from None
        except OSError as exc:
            raise StorageError(f"cannot create the folder {folder}: {exc.strerror}") from None
    if path.is_dir():
        raise DatabaseCorrupt(f"{path} is a folder, not a workshop-tui database")
    if path.exists():
        if not path.is_file():
            raise DatabaseCorrupt(f"{path} is not a regular file, so not a workshop-tui database")
        # Checked first: inspecting a file makes SQLite create its -wal and -shm.
        if not os.access(path, os.W_OK) or not os.access(folder, os.W_OK):
            raise ReadOnlyDatabase(f"cannot write to {path}: the file or its folder is read-only")
        check_existing(path, busy_timeout_ms)
        return tighten_database(path)
    try:
        # Created owner-only before SQLite touches it, so it is never readable by others.
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        check_existing(path, busy_timeout_ms)  # another process created it a moment ago
        return tighten_database(path)
    except PermissionError:
        raise ReadOnlyDatabase(f"cannot create {path}: the folder is read-only") from None
    except OSError as exc:
        raise StorageError(f"cannot create {path}: {exc.strerror}") from None
    os.close(fd)
    return []


def _link_text(path: Path) -> str:
    try:
        return os.readlink(path)
    except OSError:
        return "somewhere unreadable"


def check_existing(path: Path, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> None:
    """Inspect an existing file read-only; raise if we must not touch it.

    Refused, it is left exactly as it was: SQLite's -wal and -shm files that the
    inspection itself created beside it (owner-only) are removed again.
    """
    if path.stat().st_size == 0:
        return  # an empty file is an empty database
    beside = sidecars(path)
    existed = {side for side in beside if side.exists()}
    try:
        with private_umask():
            _inspect(path, busy_timeout_ms)
    except StorageError:
        for side in beside:
            if side not in existed:
                with contextlib.suppress(OSError):
                    if not (side.name.endswith("-wal") and side.stat().st_size > 0):
                        side.unlink()
        raise


def _inspect(path: Path, busy_timeout_ms: int) -> None:
    try:
        ro = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=busy_timeout_ms / 1000)
    except sqlite3.Error as exc:
        raise translate(exc, path) from None
    try:
        version = ro.execute("PRAGMA user_version").fetchone()[0]
        tables = {
            name for (name,) in ro.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
    except sqlite3.DatabaseError as exc:
        err = translate(exc, path)
        if isinstance(err, DatabaseCorrupt):
            raise DatabaseCorrupt(
                f"{path} is not a workshop-tui database, or it is damaged; it was not changed"
            ) from None
        raise err from None
    finally:
        ro.close()
    if version > SCHEMA_VERSION:
        raise schema_too_new(version)
    if version == 0 and tables:
        raise DatabaseCorrupt(
            f"{path} is an SQLite database but not a workshop-tui one; it was not changed"
        )


def migrate(conn: sqlite3.Connection, path: Path | None = None) -> None:
    """Apply the migrations this database lacks, all in one transaction.

    A database that holds data (schema 1 or later) is first copied into
    ``backups/`` beside ``path``; if the copy cannot be made, nothing is migrated.
    """
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise schema_too_new(version)
    if version == SCHEMA_VERSION:
        return
    if path is not None and version > 0:
        try:
            rotating_backup(conn, path, "before-migration", dt.datetime.now())
        except StorageError as error:
            raise StorageError(
                f"{path} needs upgrading, but {error}; nothing was changed"
            ) from None
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Re-read inside the write lock: another process may have migrated meanwhile.
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise schema_too_new(version)
        for migration in MIGRATIONS[version:]:
            migration(conn)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION:d}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.rollback()
        raise


def connect_file(
    path: Path, busy_timeout_ms: int = BUSY_TIMEOUT_MS, notices: list[str] | None = None
) -> sqlite3.Connection:
    """Open (creating if needed) the database at ``path``, configured and migrated.

    ``busy_timeout_ms`` is how long a statement retries while another process
    holds the lock, before DatabaseBusy. A sentence for each file made owner-only
    on the way (see :func:`prepare_file`) is appended to ``notices``.
    """
    found = prepare_file(path, busy_timeout_ms)
    if notices is not None:
        notices.extend(found)
    conn: sqlite3.Connection | None = None
    try:
        with private_umask():  # the -wal and -shm files (and any backup) are created here
            conn = sqlite3.connect(
                str(path), timeout=busy_timeout_ms / 1000, check_same_thread=False
            )
            conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms):d}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            # Checkpoint every 100 pages (default 1,000): the write-ahead log then
            # stays under half a MiB and is rewritten in place, so a capture's
            # commit seldom has to grow the file, which costs each fsync about
            # half as much again (bench: capture commit 1.5-1.7 -> 0.8-1.1).
            conn.execute("PRAGMA wal_autocheckpoint = 100")
            conn.execute("PRAGMA foreign_keys = ON")
            migrate(conn, path)
            conn.execute("SELECT count(*) FROM review").fetchone()
    except sqlite3.Error as exc:
        if conn is not None:
            conn.close()
        raise translate(exc, path) from None
    except BaseException:
        if conn is not None:
            conn.close()
        raise
    return conn


_MIGRATED: dict[tuple[int, tuple[Migration, ...]], sqlite3.Connection] = {}
"""An empty in-memory database for each list of migrations applied to it, made once."""


def connect_memory() -> sqlite3.Connection:
    """A fresh, migrated in-memory database (for tests and previews).

    The migrations run once per process, into an empty database kept for the purpose;
    each call copies it (SQLite's backup API: a fraction of a millisecond instead of
    some 40 ms of migrations).
    """
    key = (SCHEMA_VERSION, tuple(MIGRATIONS))
    template = _MIGRATED.get(key)
    if template is None:
        template = sqlite3.connect(":memory:", check_same_thread=False)
        template.execute("PRAGMA foreign_keys = ON")  # as in every database we migrate
        migrate(template)
        _MIGRATED[key] = template
    conn = sqlite3.connect(":memory:", check_same_thread=False)
    template.backup(conn)
    conn.execute("PRAGMA foreign_keys = ON")
    return conn
