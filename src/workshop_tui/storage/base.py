"""The shared base of the repository: the connection, transactions and row plumbing.

Every aggregate's store (:mod:`.reviews`, :mod:`.chronology`, :mod:`.captures`,
:mod:`.audit`, :mod:`.workshop`, :mod:`.places`) is a mixin on :class:`StoreBase`;
:class:`workshop_tui.storage.repository.Repository` composes them. This module
imports none of them.

Each write is one ``BEGIN IMMEDIATE`` ... ``COMMIT`` transaction (see
:meth:`StoreBase.atomic`) that also writes its audit events.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from workshop_tui.domain.clock import Clock, system_clock
from workshop_tui.domain.kloe_order import renumbering
from workshop_tui.domain.models import Model
from workshop_tui.storage.backups import committed_source, rotating_backup
from workshop_tui.storage.convert import audit_text, from_row, to_json, to_row, to_value
from workshop_tui.storage.errors import (
    EditConflict,
    NotFound,
    ReviewExists,
    StorageError,
    translate,
)
from workshop_tui.storage.tables import TABLES
from workshop_tui.storage.transaction import Transactions

if TYPE_CHECKING:
    from sqlite_utils import Database

M = TypeVar("M", bound=Model)


def id_of(model: Model) -> int | None:
    item_id: int | None = getattr(model, "id", None)
    return item_id


def _edited_fields(
    table: str, stored: Model, original: Model, edited: Model, fields: Iterable[str] | None
) -> list[str]:
    """The fields an editor changed; refuses any that someone else changed differently."""
    names = list(fields) if fields is not None else list(type(edited).model_fields)
    edited_names = [n for n in names if n != "id" and getattr(edited, n) != getattr(original, n)]
    clashes = [
        n
        for n in edited_names
        if getattr(stored, n) != getattr(original, n) and getattr(stored, n) != getattr(edited, n)
    ]
    if clashes:
        raise EditConflict(
            f"this {table} was changed elsewhere (another window or terminal) while you "
            f"edited it: {', '.join(clashes)}. Nothing was saved."
        )
    return edited_names


class StoreBase:
    """The connection and the helpers every store's methods are written with."""

    def __init__(
        self, conn: sqlite3.Connection, path: Path | None, clock: Clock = system_clock
    ) -> None:
        self._conn = conn
        self._path = path
        self._clock = clock
        self._db: Database | None = None
        self._identity = self._file_identity()
        self._transactions = Transactions(
            conn, before_begin=self._check_file, error=self._storage_error
        )
        self.backup_problem: str | None = None
        self.notices: list[str] = []
        """What opening the file changed that its owner should know (permissions tightened)."""
        """Why the last automatic backup (at the start of a workshop) failed, if it did."""
        # Columns each model maps to: its fields that exist in the table, so a
        # field added to a model ahead of its migration is simply not stored.
        self._columns: dict[str, tuple[str, ...]] = {}
        for table in TABLES.values():
            present = {row[1] for row in conn.execute(f"PRAGMA table_info({table.name})")}
            self._columns[table.name] = tuple(
                name for name in table.model.model_fields if name != "id" and name in present
            )

    def _automatic_backup(self, reason: str) -> None:
        """A copy in ``backups/`` beside the file; a failure is kept in ``backup_problem``."""
        self.backup_problem = None
        if self._path is None:
            return
        try:
            with committed_source(self._conn) as source:
                rotating_backup(source, self._path, reason, self._now())
        except StorageError as error:
            self.backup_problem = str(error)

    # ------------------------------------------------------------------ plumbing

    def _now(self) -> dt.datetime:
        return self._clock()

    def _file_identity(self) -> tuple[int, int] | None:
        if self._path is None:
            return None
        try:
            info = self._path.stat()
        except OSError:
            return None
        return info.st_dev, info.st_ino

    def _check_file(self) -> None:
        """Refuse to write when the file was deleted or replaced under us.

        SQLite would go on writing to the deleted file, and everything written
        would vanish when the program closed.
        """
        if self._identity is None or self._identity == self._file_identity():
            return
        raise StorageError(
            f"the database file {self._path} was moved, replaced or deleted while it was open, "
            "so this change was not saved (it would have been lost). Put the file back, or "
            "restart workshop-tui."
        )

    @contextlib.contextmanager
    def atomic(self) -> Iterator[None]:
        """One transaction around several writes: all of them are saved, or none.

        The outermost ``with repository.atomic():`` takes the write lock and
        commits once, when the block ends; an exception that escapes it rolls
        everything back. Every write method runs inside ``atomic()`` itself, so
        outside any block each write commits on its own before it returns (a
        capture confirmed on screen is on disk at once). Blocks nest: an inner
        one is a SAVEPOINT, and an exception escaping it undoes its writes only;
        the enclosing block lets it through (all rolled back) or catches it
        (the rest still commits).

        Raises:
            DatabaseBusy: another process kept the database locked too long.
            StorageError: the database failed; nothing of the block was saved.
        """
        with self._transactions.atomic():
            yield

    def _write(self) -> contextlib.AbstractContextManager[sqlite3.Connection]:
        """The transaction of one write method: :meth:`atomic`, yielding the connection.

        ``BEGIN IMMEDIATE`` takes the write lock up front (retrying for the busy
        timeout while another process writes, then DatabaseBusy), so whatever the
        block reads is current until it commits: read the "before" values of a
        read-modify-write inside it. sqlite3 errors become StorageError subclasses.
        """
        return self._transactions.atomic()

    def _storage_error(self, exc: sqlite3.Error) -> StorageError:
        if isinstance(exc, sqlite3.IntegrityError):
            return self._integrity(exc)
        return translate(exc, self._path)

    @staticmethod
    def _integrity(exc: sqlite3.IntegrityError) -> StorageError:
        text = str(exc)
        if "review.reference" in text:
            return ReviewExists("a review with this reference already exists")
        if "FOREIGN KEY" in text:
            return NotFound("this refers to an item that does not exist (or was deleted)")
        return StorageError(f"could not save: {text}")

    def _query(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        try:
            return self._conn.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise translate(exc, self._path) from None

    def _rows(self, sql: str, params: Sequence[object] = ()) -> list[dict[str, Any]]:
        try:
            cursor = self._conn.execute(sql, params)
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        except sqlite3.Error as exc:
            raise translate(exc, self._path) from None

    def _model(self, table: str, row: dict[str, Any]) -> Any:
        spec = TABLES[table]
        return from_row(spec.model, row, spec.json_columns)

    def _select(self, table: str, where: str, params: Sequence[object]) -> list[Any]:
        spec = TABLES[table]
        live = " AND deleted_at IS NULL" if spec.soft_delete else ""
        sql = f"SELECT * FROM {table} WHERE {where}{live} ORDER BY {spec.order}"
        return [self._model(table, row) for row in self._rows(sql, params)]

    def _get_row(self, table: str, item_id: int | None, *, deleted: bool = False) -> dict[str, Any]:
        if item_id is None:
            raise ValueError(f"this {table} has not been saved yet (id is None)")
        rows = self._rows(f"SELECT * FROM {table} WHERE id = ?", (item_id,))
        if not rows or (not deleted and rows[0].get("deleted_at") is not None):
            raise NotFound(f"no {table.replace('_', ' ')} with id {item_id}")
        return rows[0]

    def _get(self, table: str, item_id: int | None) -> Any:
        return self._model(table, self._get_row(table, item_id))

    def _audit(
        self,
        conn: sqlite3.Connection,
        review_id: int | None,
        entity: str,
        entity_id: int | None,
        change: str,
        field: str = "",
        old: object = None,
        new: object = None,
    ) -> int:
        cursor = conn.execute(
            "INSERT INTO audit_event (review_id, at, entity, entity_id, change, field, old, new)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                review_id,
                self._now().isoformat(),
                entity,
                entity_id,
                change,
                field,
                audit_text(old),
                audit_text(new),
            ),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def _insert_row(
        self,
        conn: sqlite3.Connection,
        table: str,
        review_id: int | None,
        model: Model,
        fields: Mapping[str, object],
    ) -> tuple[int, dict[str, Any]]:
        """Insert ``model`` (its id ignored, ``fields`` put in), without an audit event;
        return the new id and the row as written."""
        row = to_row(model, self._columns[table])
        for name, value in fields.items():
            row[name] = to_value(value)
        if table != "review":
            row["review_id"] = review_id
        names = ", ".join(row)
        marks = ", ".join("?" * len(row))
        cursor = conn.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", list(row.values()))
        new_id = cursor.lastrowid
        assert new_id is not None
        return new_id, row

    def _insert(
        self,
        conn: sqlite3.Connection,
        table: str,
        review_id: int | None,
        model: Model,
        **fields: object,
    ) -> int:
        """Insert ``model`` (its id ignored, ``fields`` put in) into a review's
        ``table`` and audit the creation; return the new id. (A review itself is
        inserted by ``_create_all``, with its own audit event.)"""
        new_id, row = self._insert_row(conn, table, review_id, model, fields)
        self._audit(conn, review_id, table, new_id, "create", new=to_json(row))
        return new_id

    def _update_fields(
        self,
        conn: sqlite3.Connection,
        table: str,
        review_id: int | None,
        old: Model,
        new: Model,
        fields: Iterable[str] | None = None,
    ) -> list[str]:
        """Write the fields where ``new`` differs from ``old``, one audit event each."""
        changed = [
            name
            for name in (fields if fields is not None else self._columns[table])
            if getattr(old, name) != getattr(new, name)
        ]
        if not changed:
            return []
        assignments = ", ".join(f"{name} = ?" for name in changed)
        values = [to_value(getattr(new, name)) for name in changed]
        item_id = id_of(old)
        conn.execute(f"UPDATE {table} SET {assignments} WHERE id = ?", [*values, item_id])
        for name in changed:
            self._audit(
                conn,
                review_id,
                table,
                item_id,
                "update",
                name,
                getattr(old, name),
                getattr(new, name),
            )
        return changed

    def _set(
        self, conn: sqlite3.Connection, table: str, review_id: int, old: M, **values: object
    ) -> None:
        """Write ``values`` over ``old`` (read under the write lock), one audit event each."""
        self._update_fields(conn, table, review_id, old, old.model_copy(update=values), values)

    def _update(
        self,
        table: str,
        model: M,
        fields: Iterable[str] | None = None,
        original: M | None = None,
    ) -> M:
        """Save the fields (all, or ``fields``) where ``model`` differs from the stored row.

        With ``original`` (the item as the editor loaded it), only the fields the
        editor changed are written, so another window's changes to other fields are
        kept; a field both changed differently is an :class:`EditConflict` and
        nothing is written.
        """
        # Read the old values inside the write lock, so the audit trail's "old"
        # is what this write replaced even if another process wrote just before.
        with self._write() as conn:
            row = self._get_row(table, id_of(model))
            old = self._model(table, row)
            review_id = row["id"] if table == "review" else row["review_id"]
            if original is not None:
                fields = _edited_fields(table, old, original, model, fields)
            self._update_fields(conn, table, review_id, old, model, fields)
        result: M = self._get(table, row["id"])
        return result

    def _add(self, table: str, review_id: int, model: M, **fields: object) -> M:
        # No check-then-insert and no read-back: the review_id foreign key turns a
        # missing review into NotFound, and the stored row is exactly ``model``
        # (already validated) with ``fields`` put in, so the caller gets it back
        # with those and its new id, in one copy.
        with self._write() as conn:
            new_id = self._insert(conn, table, review_id, model, **fields)
        result: M = model.model_copy(update={**fields, "id": new_id})
        return result

    def _require_review(self, review_id: int) -> None:
        if not self._query("SELECT 1 FROM review WHERE id = ?", (review_id,)):
            raise NotFound(f"no review with id {review_id}")

    # -------------------------------------------------------------- KLOE numbers

    @staticmethod
    def _kloe_order(conn: sqlite3.Connection, review_id: int) -> list[int]:
        """The ids of the review's KLOEs (deleted ones left out), by number."""
        return [
            kloe_id
            for (kloe_id,) in conn.execute(
                "SELECT id FROM kloe WHERE review_id = ? AND deleted_at IS NULL"
                " ORDER BY number, id",
                (review_id,),
            )
        ]

    def _renumber(self, conn: sqlite3.Connection, review_id: int, order: Sequence[int]) -> None:
        """Number the KLOEs of ``order`` 1..n, auditing each number that changes."""
        current = dict(
            conn.execute("SELECT id, number FROM kloe WHERE review_id = ?", (review_id,)).fetchall()
        )
        for kloe_id, old, new in renumbering(current, order):
            conn.execute("UPDATE kloe SET number = ? WHERE id = ?", (new, kloe_id))
            self._audit(conn, review_id, "kloe", kloe_id, "update", "number", old, new)
