"""The database opened read-only, for a window that only follows: the room view.

The connection is opened with ``mode=ro`` and ``PRAGMA query_only``, so nothing it
runs can change the file (SQLite refuses: "attempt to write a readonly database").
It never takes the write lock and, the database being in WAL mode, never blocks the
chair's instance writing. :meth:`ReadOnlyStore.changed` polls ``PRAGMA data_version``,
which moves whenever another connection commits, so following costs one tiny
statement per poll. It also notices the file being replaced (a restore from a backup)
and opens the new one.

Only the reads the room may see are here: the review, its KLOEs, the workshop log,
agreed findings and agreed actions, and which KLOEs have captures (ids only). There is
no method for escalations, drafts, perspectives, pseudonyms or the chronology.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from workshop_tui.domain.models import Action, Finding, Kloe, Review, WorkshopLogEntry
from workshop_tui.storage.backups import private_umask
from workshop_tui.storage.connection import BUSY_TIMEOUT_MS, schema_too_new
from workshop_tui.storage.convert import from_row
from workshop_tui.storage.errors import DatabaseCorrupt, NotFound, StorageError, translate
from workshop_tui.storage.schema import SCHEMA_VERSION
from workshop_tui.storage.tables import TABLES


class ReadOnlyStore:
    """One database file, read-only. Create it with :meth:`open`; close it when done."""

    def __init__(self, path: Path, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> None:
        self._path = path
        self._busy_timeout_ms = busy_timeout_ms
        self._identity: tuple[int, int] | None = None
        self._version: int | None = None
        self._conn: sqlite3.Connection | None = None

    @classmethod
    def open(
        cls, path: str | os.PathLike[str], busy_timeout_ms: int = BUSY_TIMEOUT_MS
    ) -> ReadOnlyStore:
        """Open the database at ``path`` read-only.

        Raises:
            NotFound: there is no file at ``path`` (nothing is created).
            DatabaseCorrupt: it is not a workshop-tui database.
            SchemaTooNew: it was written by a newer workshop-tui.
            StorageError: it needs upgrading first, or cannot be read.
        """
        store = cls(Path(path).expanduser().absolute(), busy_timeout_ms)
        store._connect()
        return store

    @property
    def path(self) -> Path:
        """The database file."""
        return self._path

    @property
    def connection(self) -> sqlite3.Connection:
        """The read-only connection (for tests that prove it cannot write)."""
        return self._live()

    def close(self) -> None:
        """Close the connection (there is nothing to save)."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> ReadOnlyStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ plumbing

    def _file_identity(self) -> tuple[int, int] | None:
        try:
            info = self._path.stat()
        except OSError:
            return None
        return info.st_dev, info.st_ino

    def _connect(self) -> None:
        path = self._path
        identity = self._file_identity()
        if identity is None or not path.is_file():
            raise NotFound(f"there is no workshop-tui database at {path}")
        try:
            # SQLite makes the -shm (and an empty -wal) beside a WAL database when the
            # first connection opens it: owner-only, like the database.
            with private_umask():
                conn = sqlite3.connect(
                    f"{path.as_uri()}?mode=ro",
                    uri=True,
                    timeout=self._busy_timeout_ms / 1000,
                    check_same_thread=False,
                )
        except sqlite3.Error as exc:
            raise translate(exc, path) from None
        try:
            conn.execute("PRAGMA query_only = ON")
            conn.execute(f"PRAGMA busy_timeout = {int(self._busy_timeout_ms):d}")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise schema_too_new(version)
            if version == 0:
                raise DatabaseCorrupt(f"{path} is not a workshop-tui database")
            if version < SCHEMA_VERSION:
                raise StorageError(
                    f"{path} was written by an older workshop-tui: open it once in "
                    "workshop-tui (which upgrades it), then start the room view again"
                )
            data_version = conn.execute("PRAGMA data_version").fetchone()[0]
        except sqlite3.Error as exc:
            conn.close()
            error = translate(exc, path)
            if isinstance(error, DatabaseCorrupt):
                raise DatabaseCorrupt(f"{path} is not a workshop-tui database") from None
            raise error from None
        except BaseException:
            conn.close()
            raise
        self.close()
        self._conn, self._identity, self._version = conn, identity, data_version

    def _live(self) -> sqlite3.Connection:
        if self._conn is None:
            self._connect()
        assert self._conn is not None
        return self._conn

    def changed(self) -> bool:
        """Whether anything was committed since the last call (or the open).

        A file replaced under the same name (a restore) is opened afresh and counts as
        a change.

        Raises:
            StorageError: the file is gone or cannot be read now; call again later.
        """
        identity = self._file_identity()
        if identity is None:
            self.close()
            raise NotFound(f"the database file {self._path} is not there (moved or deleted)")
        if self._conn is None or identity != self._identity:
            self._connect()
            return True
        try:
            version = self._conn.execute("PRAGMA data_version").fetchone()[0]
        except sqlite3.Error as exc:
            raise translate(exc, self._path) from None
        if version == self._version:
            return False
        self._version = version
        return True

    def _rows(self, sql: str, params: tuple[object, ...]) -> list[dict[str, Any]]:
        try:
            cursor = self._live().execute(sql, params)
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        except sqlite3.Error as exc:
            raise translate(exc, self._path) from None

    # --------------------------------------------------------------------- reads

    def review(self, reference: str) -> Review:
        """The review with this reference (NotFound if none)."""
        rows = self._rows("SELECT * FROM review WHERE reference = ?", (reference,))
        if not rows:
            raise NotFound(f"no review with reference {reference!r}")
        return from_row(Review, rows[0])

    def kloes(self, review_id: int) -> list[Kloe]:
        """The review's KLOEs in agenda order."""
        rows = self._rows(
            "SELECT * FROM kloe WHERE review_id = ? AND deleted_at IS NULL ORDER BY number, id",
            (review_id,),
        )
        return [from_row(Kloe, row, ("prompts", "entry_ids")) for row in rows]

    def workshop_log(self, review_id: int) -> list[WorkshopLogEntry]:
        """When the workshop and each KLOE started and ended."""
        rows = self._rows(
            "SELECT * FROM workshop_log WHERE review_id = ? ORDER BY id", (review_id,)
        )
        return [from_row(WorkshopLogEntry, row) for row in rows]

    def agreed_findings(self, review_id: int) -> list[Finding]:
        """The findings whose wording the room agreed, in capture order."""
        rows = self._rows(
            "SELECT * FROM finding WHERE review_id = ? AND agreed = 1 AND deleted_at IS NULL"
            " ORDER BY id",
            (review_id,),
        )
        columns = ("kloe_ids", "themes", "entry_ids", "perspective_ids")
        return [from_row(Finding, row, columns) for row in rows]

    def agreed_actions(self, review_id: int) -> list[Action]:
        """The actions the room agreed, in capture order."""
        rows = self._rows(
            "SELECT * FROM action WHERE review_id = ? AND agreed = 1 AND deleted_at IS NULL"
            " ORDER BY id",
            (review_id,),
        )
        columns = TABLES["action"].json_columns  # its progress log, revisions, milestones
        return [from_row(Action, row, columns) for row in rows]

    def kloes_with_captures(self, review_id: int) -> set[int]:
        """Ids of the KLOEs a perspective, finding or action was captured for (ids only:
        whether a KLOE was discussed, never what was said)."""
        rows = self._rows(
            "SELECT kloe_id FROM perspective WHERE review_id = ? AND deleted_at IS NULL"
            " UNION SELECT kloe_id FROM action WHERE review_id = ? AND deleted_at IS NULL"
            " UNION SELECT json_each.value FROM finding, json_each(finding.kloe_ids)"
            " WHERE finding.review_id = ? AND finding.deleted_at IS NULL",
            (review_id, review_id, review_id),
        )
        return {int(row["kloe_id"]) for row in rows if row["kloe_id"] is not None}
