"""The repository: every read and write of a review, in domain models.

Screens and commands call these methods and never see SQL. Each write is one
``BEGIN IMMEDIATE`` ... ``COMMIT`` transaction that also writes its audit
events, and commits before the method returns, so a capture confirmed on
screen survives the process being killed a moment later. Inside
``with repository.atomic():`` writes join one transaction instead (all or
nothing), committed when the block ends.

The module talks to ``sqlite3`` directly on the hot paths. ``sqlite_utils``
(imported lazily by :attr:`Repository.db`, because it costs ~90 ms at start-up)
is there for inspection and maintenance.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from workshop_tui.domain.chronology import mark_in_period, merge_key
from workshop_tui.domain.clock import Clock, system_clock
from workshop_tui.domain.models import (
    Action,
    Agency,
    Attendance,
    AuditEvent,
    ChronologyEntry,
    Draft,
    EntryFlag,
    Escalation,
    Finding,
    IdentifyingPlace,
    Kloe,
    KloeStatus,
    Model,
    Participant,
    Perspective,
    Pseudonym,
    Review,
    ReviewData,
    ReviewStatus,
    WorkshopLogEntry,
)
from workshop_tui.memory import collector_paused
from workshop_tui.storage.backups import committed_source, copy_database, rotating_backup
from workshop_tui.storage.connection import (
    BUSY_TIMEOUT_MS,
    connect_file,
    connect_memory,
)
from workshop_tui.storage.convert import (
    ENTRY_COLUMNS,
    audit_text,
    entry_from_tuple,
    entry_to_tuple,
    from_row,
    to_json,
    to_row,
    to_value,
)
from workshop_tui.storage.errors import (
    EditConflict,
    NotFound,
    ReviewExists,
    StorageError,
    translate,
)
from workshop_tui.storage.transaction import Transactions

if TYPE_CHECKING:
    from sqlite_utils import Database

    from workshop_tui.importers.columns import Remapped

M = TypeVar("M", bound=Model)


@dataclass(frozen=True, slots=True)
class _Table:
    name: str
    model: type[Model]
    json_columns: tuple[str, ...] = ()
    soft_delete: bool = False
    order: str = "id"


_TABLES: dict[str, _Table] = {
    t.name: t
    for t in (
        _Table("review", Review),
        _Table("agency", Agency, ("sources",)),
        _Table("participant", Participant, soft_delete=True),
        _Table("kloe", Kloe, ("prompts", "entry_ids"), soft_delete=True, order="number, id"),
        _Table("entry", ChronologyEntry, ("extra", "flags", "raw")),
        _Table("perspective", Perspective, ("entry_ids",), soft_delete=True),
        _Table(
            "finding",
            Finding,
            ("kloe_ids", "themes", "entry_ids", "perspective_ids"),
            soft_delete=True,
        ),
        _Table("action", Action, soft_delete=True),
        _Table("escalation", Escalation, soft_delete=True),
        _Table("pseudonym", Pseudonym),
        _Table("identifying_place", IdentifyingPlace),
        _Table("workshop_log", WorkshopLogEntry),
        _Table("audit_event", AuditEvent),
        _Table("draft", Draft, ("payload",)),
    )
}

DELETABLE_KINDS = ("perspective", "finding", "action", "escalation", "participant", "kloe")
"""Kinds ``delete_item`` accepts; deletion is soft, so ``undo_delete`` can restore."""

_ENTRY_FIXABLE = frozenset(
    {"date", "time", "date_approximate", "practitioner", "event", "outcome", "analysis"}
)
# Fields whose audited update (by ``fix_entry``) means a person corrected them by hand.
_ENTRY_CORRECTED = _ENTRY_FIXABLE | {"error"}

# Merged chronology order, the same key as domain.chronology.merge: dated entries
# by date, time (entries without a time first within their day), agency, source
# file, part and line; entries needing attention (no date) last; id breaks ties
# so equal keys keep their import order.
_ENTRY_SELECT = f"SELECT {', '.join(ENTRY_COLUMNS)} FROM entry"
# The same order as two reads that walk the entry_order index (no temporary sort
# b-tree): the dated entries, then the undated ones. SQLite sorts NULL first, so
# an entry without a time comes first within its day, as in merge_key.
_INDEX_ORDER = "date, time, agency, source_file, source_part, source_line, id"
_DATED_SELECT = f"{_ENTRY_SELECT} WHERE review_id = ? AND date IS NOT NULL ORDER BY {_INDEX_ORDER}"
_UNDATED_SELECT = f"{_ENTRY_SELECT} WHERE review_id = ? AND date IS NULL ORDER BY {_INDEX_ORDER}"
_GROUP_COLUMN = ENTRY_COLUMNS.index("duplicate_group")
_ENTRY_AND_REVIEW_SELECT = f"SELECT {', '.join(ENTRY_COLUMNS)}, review_id FROM entry WHERE id = ?"


def _id_of(model: Model) -> int | None:
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


class Repository:
    """All stored reviews, behind methods that take and return domain models.

    Create one with :meth:`open` (a file) or :meth:`memory` (tests). Not safe to
    share between threads that write at the same time; each write is short.

    Several processes may open the same file (the chair's terminal and a second
    one): every read-modify-write reads its "before" values inside the write
    lock, so neither overwrites the other's work nor records a stale old value
    in the audit trail.
    """

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
        for table in _TABLES.values():
            present = {row[1] for row in conn.execute(f"PRAGMA table_info({table.name})")}
            self._columns[table.name] = tuple(
                name for name in table.model.model_fields if name != "id" and name in present
            )

    # ----------------------------------------------------------------- lifecycle

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        clock: Clock = system_clock,
        *,
        busy_timeout: float = BUSY_TIMEOUT_MS / 1000,
    ) -> Repository:
        """Open the database at ``path``, creating it (and its folder) if absent.

        A created folder is 0700 and a created file 0600. The database runs in
        WAL mode with full sync, a busy timeout and foreign keys on; missing
        migrations are applied in one transaction, after a copy of the file is
        made in ``backups/`` beside it.

        Args:
            path: The database file.
            clock: Where "now" comes from.
            busy_timeout: Seconds a write keeps retrying while another process
                holds the lock, before DatabaseBusy.

        Raises:
            SchemaTooNew: written by a newer workshop-tui (the file is untouched).
            DatabaseCorrupt: not a workshop-tui database (the file is untouched).
            ReadOnlyDatabase: the file or folder cannot be written.
            DatabaseBusy: another workshop-tui holds the lock.
            UnsafePermissions: other users can read the file, and it cannot be made
                owner-only (an existing file that can is tightened: see ``notices``).
        """
        resolved = Path(path).expanduser().absolute()
        notices: list[str] = []
        repository = cls(
            connect_file(resolved, round(busy_timeout * 1000), notices), resolved, clock
        )
        repository.notices = notices
        return repository

    @classmethod
    def memory(cls, clock: Clock = system_clock) -> Repository:
        """A repository on a fresh in-memory database."""
        return cls(connect_memory(), None, clock)

    @property
    def path(self) -> Path | None:
        """The database file, or None for an in-memory database."""
        return self._path

    @property
    def db(self) -> Database:
        """The same connection as a ``sqlite_utils.Database``, for inspection tools."""
        if self._db is None:
            from sqlite_utils import Database  # slow import, rarely needed

            self._db = Database(self._conn, execute_plugins=False)
        return self._db

    def close(self) -> None:
        """Close the connection; committed work is already on disk."""
        self._conn.close()

    def __enter__(self) -> Repository:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def backup(self, path: str | os.PathLike[str]) -> Path:
        """Copy the whole database to a new owner-only file with SQLite's backup API.

        Raises:
            StorageError: ``path`` exists or cannot be created or written.
        """
        with committed_source(self._conn) as source:  # inside atomic(): what is committed
            return copy_database(source, Path(path).expanduser().absolute())

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
        spec = _TABLES[table]
        return from_row(spec.model, row, spec.json_columns)

    def _select(self, table: str, where: str, params: Sequence[object]) -> list[Any]:
        spec = _TABLES[table]
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
        item_id = _id_of(old)
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
            row = self._get_row(table, _id_of(model))
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

    # ------------------------------------------------------------------- reviews

    def list_reviews(self) -> list[Review]:
        """Every stored review, oldest first."""
        return [self._model("review", r) for r in self._rows("SELECT * FROM review ORDER BY id")]

    def get_review(self, reference: str) -> Review:
        """The review with this reference.

        Raises:
            NotFound: no such review.
        """
        rows = self._rows("SELECT * FROM review WHERE reference = ?", (reference,))
        if not rows:
            raise NotFound(f"no review with reference {reference!r}")
        review: Review = self._model("review", rows[0])
        return review

    def review(self, review_id: int) -> Review:
        """The review with this id (NotFound if none)."""
        review: Review = self._get("review", review_id)
        return review

    def create_review(self, data: ReviewData) -> Review:
        """Store a whole review in one transaction and return it with its new id.

        Ids in ``data`` (from an archive) or None (from a case pack) are replaced
        by new ones, and every link between objects follows. A link to an object
        not in ``data`` is dropped (set to None or left out of its list). Writes
        one audit event for the whole review, not one per row.

        Raises:
            ReviewExists: a review with this reference is stored; nothing changed.
        """
        reference = data.review.reference
        if self._query("SELECT 1 FROM review WHERE reference = ?", (reference,)):
            raise ReviewExists(f"a review with reference {reference!r} already exists")
        with self._write() as conn:
            review_id = self._create_all(conn, data)
        return self.review(review_id)

    def _create_all(self, conn: sqlite3.Connection, data: ReviewData) -> int:
        # One audit event for the whole review (below), not one per row.
        review_id = self._insert_row(conn, "review", None, data.review, {})[0]

        def insert(
            table: str, model: Model, new_ids: dict[int, int] | None = None, **links: object
        ) -> None:
            """Insert ``model`` with ``links``; note its old id -> new id in ``new_ids``."""
            new = self._insert_row(conn, table, review_id, model, links)[0]
            old = _id_of(model)
            if new_ids is not None and old is not None:
                new_ids[old] = new

        def one(mapping: dict[int, int], old: int | None) -> int | None:
            return None if old is None else mapping.get(old)

        def many(mapping: dict[int, int], olds: Iterable[int]) -> list[int]:
            return [mapping[o] for o in olds if o in mapping]

        for agency in data.agencies:
            insert("agency", agency)

        participant_ids: dict[int, int] = {}
        for p in data.participants:
            insert("participant", p, participant_ids)

        # Entries in bulk with explicit ids: we hold the write lock, so max(id)
        # cannot move, and the old->new map comes without a query per row.
        base = conn.execute("SELECT coalesce(max(id), 0) FROM entry").fetchone()[0]
        entry_ids: dict[int, int] = {}
        rows = []
        for offset, e in enumerate(data.entries, start=1):
            if e.id is not None:
                entry_ids[e.id] = base + offset
            rows.append(entry_to_tuple(review_id, base + offset, e))
        placeholders = ", ".join("?" * (len(ENTRY_COLUMNS) + 1))
        conn.executemany(
            f"INSERT INTO entry (review_id, {', '.join(ENTRY_COLUMNS)}) VALUES ({placeholders})",
            rows,
        )

        kloe_ids: dict[int, int] = {}
        for k in data.kloes:
            insert("kloe", k, kloe_ids, entry_ids=many(entry_ids, k.entry_ids))

        perspective_ids: dict[int, int] = {}
        for pv in data.perspectives:
            insert(
                "perspective",
                pv,
                perspective_ids,
                kloe_id=one(kloe_ids, pv.kloe_id),
                participant_id=one(participant_ids, pv.participant_id),
                entry_ids=many(entry_ids, pv.entry_ids),
            )

        finding_ids: dict[int, int] = {}
        for f in data.findings:
            insert(
                "finding",
                f,
                finding_ids,
                kloe_ids=many(kloe_ids, f.kloe_ids),
                entry_ids=many(entry_ids, f.entry_ids),
                perspective_ids=many(perspective_ids, f.perspective_ids),
            )

        for a in data.actions:
            insert(
                "action",
                a,
                finding_id=one(finding_ids, a.finding_id),
                kloe_id=one(kloe_ids, a.kloe_id),
            )
        for esc in data.escalations:
            insert("escalation", esc, kloe_id=one(kloe_ids, esc.kloe_id))
        for ps in data.pseudonyms:
            insert("pseudonym", ps)
        for place in data.identifying_places:
            insert("identifying_place", place)
        for log in data.workshop_log:
            insert("workshop_log", log, kloe_id=one(kloe_ids, log.kloe_id))

        summary = {
            "reference": data.review.reference,
            "agencies": len(data.agencies),
            "participants": len(data.participants),
            "kloes": len(data.kloes),
            "entries": len(data.entries),
            "perspectives": len(data.perspectives),
            "findings": len(data.findings),
            "actions": len(data.actions),
            "escalations": len(data.escalations),
            "pseudonyms": len(data.pseudonyms),
            "identifying_places": len(data.identifying_places),
        }
        self._audit(conn, review_id, "review", review_id, "create", new=to_json(summary))
        return review_id

    def load_review(self, review_id: int) -> ReviewData:
        """Everything about one review (deleted items left out), lists in display order."""
        review = self.review(review_id)
        return ReviewData.model_construct(
            review=review,
            agencies=self.agencies(review_id),
            participants=self.participants(review_id),
            kloes=self.kloes(review_id),
            entries=self.entries(review_id),
            perspectives=self.perspectives(review_id),
            findings=self.findings(review_id),
            actions=self.actions(review_id),
            escalations=self.escalations(review_id),
            pseudonyms=self.pseudonyms(review_id),
            workshop_log=self.workshop_log(review_id),
            identifying_places=self.identifying_places(review_id),
        )

    def update_review(self, review: Review, original: Review | None = None) -> Review:
        """Save changed fields of ``review``, one audit event per field.

        Raises:
            NotFound: no review with this id.
            ReviewExists: the new reference belongs to another review.
            EditConflict: with ``original``, a field was changed differently meanwhile.
        """
        clash = self._query(
            "SELECT 1 FROM review WHERE reference = ? AND id != ?", (review.reference, review.id)
        )
        if clash:
            raise ReviewExists(f"a review with reference {review.reference!r} already exists")
        return self._update("review", review, original=original)

    # -------------------------------------------------------- people and agenda

    def agencies(self, review_id: int) -> list[Agency]:
        """The review's agencies in the order they were listed."""
        return self._select("agency", "review_id = ?", (review_id,))

    def participants(self, review_id: int) -> list[Participant]:
        """The review's participants in the order they were added."""
        return self._select("participant", "review_id = ?", (review_id,))

    def save_participant(self, review_id: int, participant: Participant) -> Participant:
        """Insert ``participant`` when its id is None, otherwise save its changes."""
        if participant.id is None:
            return self._add("participant", review_id, participant)
        return self._update("participant", participant)

    def set_attendance(self, participant_id: int, attendance: Attendance | str) -> Participant:
        """Record whether a participant is present, sent apologies, etc.

        Only the attendance is written: a change another process made to the
        participant meanwhile is kept.
        """
        value = Attendance(attendance)
        with self._write() as conn:
            row = self._get_row("participant", participant_id)
            old: Participant = self._model("participant", row)
            self._set(conn, "participant", row["review_id"], old, attendance=value)
        result: Participant = self._get("participant", participant_id)
        return result

    def add_arrival(self, review_id: int, participant: Participant) -> Participant:
        """Add someone who joined during the workshop, present, arrived now.

        The perspectives already captured with their name typed as the speaker (no
        participant picked) are attributed to them in the same transaction, audited.
        """
        arrival = participant.model_copy(
            update={
                "id": None,
                "attendance": Attendance.PRESENT,
                "arrived_at": participant.arrived_at or self._now(),
            }
        )
        name = " ".join(arrival.name.split()).casefold()
        with self._write() as conn:
            new_id = self._insert(conn, "participant", review_id, arrival)
            spoken = self._select(
                "perspective", "review_id = ? AND participant_id IS NULL", (review_id,)
            )
            for old in spoken:
                if " ".join(old.speaker_name.split()).casefold() == name:
                    self._set(
                        conn, "perspective", review_id, old, participant_id=new_id, speaker_name=""
                    )
        result: Participant = arrival.model_copy(update={"id": new_id})
        return result

    def kloes(self, review_id: int) -> list[Kloe]:
        """The review's KLOEs by number."""
        return self._select("kloe", "review_id = ?", (review_id,))

    def kloe(self, kloe_id: int) -> Kloe:
        """One KLOE (NotFound if missing or deleted)."""
        kloe: Kloe = self._get("kloe", kloe_id)
        return kloe

    def save_kloe(self, review_id: int, kloe: Kloe) -> Kloe:
        """Insert ``kloe`` when its id is None (numbered last + 1), else save changes.

        The number of a stored KLOE changes only through :meth:`move_kloe`.
        """
        if kloe.id is None:
            self._require_review(review_id)
            with self._write() as conn:
                last = conn.execute(
                    "SELECT coalesce(max(number), 0) FROM kloe"
                    " WHERE review_id = ? AND deleted_at IS NULL",
                    (review_id,),
                ).fetchone()[0]
                new_id = self._insert(
                    conn, "kloe", review_id, kloe.model_copy(update={"number": last + 1})
                )
            return self.kloe(new_id)
        fields = [name for name in self._columns["kloe"] if name != "number"]
        return self._update("kloe", kloe, fields)

    def move_kloe(self, kloe_id: int, offset: int) -> list[Kloe]:
        """Move a KLOE ``offset`` places (negative = earlier) and renumber 1..n."""
        with self._write() as conn:
            row = self._get_row("kloe", kloe_id)
            review_id = row["review_id"]
            order = self._kloe_order(conn, review_id)
            index = order.index(kloe_id)
            order.pop(index)
            order.insert(max(0, min(len(order), index + offset)), kloe_id)
            self._renumber(conn, review_id, order)
        return self.kloes(review_id)

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
        current = dict(
            conn.execute("SELECT id, number FROM kloe WHERE review_id = ?", (review_id,)).fetchall()
        )
        for number, kloe_id in enumerate(order, start=1):
            if current.get(kloe_id) != number:
                conn.execute("UPDATE kloe SET number = ? WHERE id = ?", (number, kloe_id))
                self._audit(
                    conn,
                    review_id,
                    "kloe",
                    kloe_id,
                    "update",
                    "number",
                    current.get(kloe_id),
                    number,
                )

    # ---------------------------------------------------------------- chronology

    def entries(self, review_id: int) -> list[ChronologyEntry]:
        """The review's chronology in merged order (entries needing attention last).

        Safe to call from a worker thread while the interface goes on (the chronology
        screen loads a large chronology this way).
        """
        with collector_paused():
            rows = self._query(_DATED_SELECT, (review_id,))
            rows += self._query(_UNDATED_SELECT, (review_id,))
            return [entry_from_tuple(row) for row in rows]

    def entry_count(self, review_id: int) -> int:
        """How many chronology entries the review has (a quick count on an index)."""
        rows = self._query("SELECT count(*) FROM entry WHERE review_id = ?", (review_id,))
        return int(rows[0][0])

    def entries_head(self, review_id: int, limit: int) -> list[ChronologyEntry]:
        """The start of the chronology, enough to fill a screen while the rest loads.

        Up to ``limit`` entries needing attention (a screen shows them first) and the
        first ``limit`` dated entries, with the other members of their duplicate
        groups (so a group's size shows right); in merged order, like :meth:`entries`.
        """
        dated = self._query(f"{_DATED_SELECT} LIMIT ?", (review_id, limit))
        undated = self._query(f"{_UNDATED_SELECT} LIMIT ?", (review_id, limit))
        seen = {row[0] for row in dated}
        groups = sorted({row[_GROUP_COLUMN] for row in dated if row[_GROUP_COLUMN] is not None})
        members: list[tuple[Any, ...]] = []
        for start in range(0, len(groups), 500):
            chunk = groups[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            # No ORDER BY: it would make SQLite walk entry_order over the whole
            # review instead of looking the groups up in entry_duplicate_group;
            # the members are sorted below anyway.
            members += self._query(
                f"{_ENTRY_SELECT} WHERE review_id = ? AND date IS NOT NULL"
                f" AND duplicate_group IN ({marks})",
                (review_id, *chunk),
            )
        later = sorted(
            (entry_from_tuple(row) for row in members if row[0] not in seen),
            key=lambda e: (merge_key(e), e.id),
        )
        return [
            *(entry_from_tuple(row) for row in dated),
            *later,
            *(entry_from_tuple(row) for row in undated),
        ]

    def iter_entries(self, review_id: int) -> Iterator[ChronologyEntry]:
        """Like :meth:`entries`, but streamed from a cursor, one entry at a time."""
        try:
            for sql in (_DATED_SELECT, _UNDATED_SELECT):
                cursor = self._conn.execute(sql, (review_id,))
                while batch := cursor.fetchmany(500):
                    for row in batch:
                        yield entry_from_tuple(row)
        except sqlite3.Error as exc:
            raise translate(exc, self._path) from None

    def entry(self, entry_id: int) -> ChronologyEntry:
        """One chronology entry (NotFound if missing)."""
        return self._entry_and_review(entry_id)[0]

    def _entry_and_review(self, entry_id: int) -> tuple[ChronologyEntry, int]:
        """One chronology entry and the id of its review, in one read (NotFound if missing)."""
        rows = self._query(_ENTRY_AND_REVIEW_SELECT, (entry_id,))
        if not rows:
            raise NotFound(f"no chronology entry with id {entry_id}")
        *columns, review_id = rows[0]
        return entry_from_tuple(columns), review_id

    def _change_entry(
        self, entry_id: int, change: Callable[[ChronologyEntry, int], ChronologyEntry]
    ) -> ChronologyEntry:
        """Read the entry under the write lock, apply ``change(old, review_id)``, save the diff."""
        with self._write() as conn:
            old, review_id = self._entry_and_review(entry_id)
            self._update_fields(conn, "entry", review_id, old, change(old, review_id))
        return self.entry(entry_id)

    def set_entry_flags(self, entry_id: int, flags: Iterable[EntryFlag | str]) -> ChronologyEntry:
        """Replace an entry's flags (key practice episode, missed opportunity, ...)."""
        unique = list(dict.fromkeys(EntryFlag(f) for f in flags))
        return self._change_entry(entry_id, lambda old, _: old.model_copy(update={"flags": unique}))

    def fix_entry(self, entry_id: int, **fields: object) -> ChronologyEntry:
        """Correct an entry that needs attention (or any entry) by hand.

        Accepts date, time, date_approximate, practitioner, event, outcome and
        analysis (ISO strings are accepted for date and time). The result must
        have a date. Clears ``error`` (the raw cells are kept) and recomputes
        ``in_period`` against the review period.

        Raises:
            ValueError: an unknown field, an invalid value, or no date.
        """
        unknown = set(fields) - _ENTRY_FIXABLE
        if unknown:
            raise ValueError(f"cannot fix {', '.join(sorted(unknown))} on an entry")

        def fixed(old: ChronologyEntry, review_id: int) -> ChronologyEntry:
            values = old.model_dump()
            values.update(fields)
            values["error"] = None
            # pydantic's ValidationError is a ValueError
            new = ChronologyEntry.model_validate(values)
            if new.date is None:
                raise ValueError("an entry needs a date")
            review = self.review(review_id)
            mark_in_period([new], review.period_start, review.period_end)
            return new

        return self._change_entry(entry_id, fixed)

    def remap_agency(self, review_id: int, agency_key: str, mapping: Mapping[str, str]) -> Remapped:
        """Read one agency's columns again with ``mapping`` (header to field), in one write.

        Each entry is rebuilt from its cells (``importers.columns.remap_entries``):
        fields, dates, ``extra`` and whether it needs attention; ``in_period`` is marked
        again. Ids, flags, duplicate links (confirmed or automatic: linking is not run
        again), links from captures, and fields a person corrected by hand stay as they
        are. One audit event (change ``remap``) per entry that changed, naming its changed
        fields with their old and new values; the agency's recorded mapping is updated
        (audited as an update of ``sources``).

        Raises:
            NotFound: no such agency in the review.
            ValueError: the mapping cannot be used (no date column, a field twice).
        """
        from workshop_tui.importers.columns import changed_fields, remap_entries

        with self._write() as conn:
            rows = self._rows(
                "SELECT * FROM agency WHERE review_id = ? AND key = ?", (review_id, agency_key)
            )
            if not rows:
                raise NotFound(f"no agency {agency_key!r} in this review")
            agency: Agency = self._model("agency", rows[0])
            olds = [
                entry_from_tuple(row)
                for row in conn.execute(
                    f"{_ENTRY_SELECT} WHERE review_id = ? AND agency = ? ORDER BY id",
                    (review_id, agency_key),
                ).fetchall()
            ]
            corrected: dict[int, set[str]] = {}
            marks = ", ".join("?" * len(_ENTRY_CORRECTED))
            for entity_id, field in conn.execute(
                "SELECT entity_id, field FROM audit_event WHERE review_id = ? AND entity = 'entry'"
                f" AND change = 'update' AND field IN ({marks})",
                (review_id, *sorted(_ENTRY_CORRECTED)),
            ).fetchall():
                corrected.setdefault(entity_id, set()).add(field)
            result = remap_entries(olds, agency.sources, mapping, corrected)
            review = self.review(review_id)
            mark_in_period(result.entries, review.period_start, review.period_end)
            for old, new in zip(olds, result.entries, strict=True):
                changed = changed_fields(old, new)
                if not changed:
                    continue
                assignments = ", ".join(f"{name} = ?" for name in changed)
                values = [to_value(getattr(new, name)) for name in changed]
                conn.execute(f"UPDATE entry SET {assignments} WHERE id = ?", [*values, old.id])
                self._audit(
                    conn,
                    review_id,
                    "entry",
                    old.id,
                    "remap",
                    ", ".join(changed),
                    {name: getattr(old, name) for name in changed},
                    {name: getattr(new, name) for name in changed},
                )
            self._set(conn, "agency", review_id, agency, sources=result.sources)
        return result

    def link_entries(self, entry_ids: Iterable[int]) -> int:
        """Mark entries as records of the same event; return the new group number.

        Groups are numbered per review (highest + 1). Linking by hand is a
        person's judgement, so the group is confirmed. Any group an entry
        leaves that is left with one member is dissolved.

        Raises:
            ValueError: fewer than two entries, or entries from different reviews.
        """
        ids = list(dict.fromkeys(entry_ids))
        if len(ids) < 2:
            raise ValueError("link at least two entries")
        with self._write() as conn:
            read = [self._entry_and_review(i) for i in ids]
            olds = [old for old, _ in read]
            reviews = {review_id for _, review_id in read}
            if len(reviews) != 1:
                raise ValueError("entries from different reviews cannot be linked")
            review_id = reviews.pop()
            group: int = (
                conn.execute(
                    "SELECT coalesce(max(duplicate_group), 0) FROM entry WHERE review_id = ?",
                    (review_id,),
                ).fetchone()[0]
                + 1
            )
            for old in olds:
                self._set(
                    conn, "entry", review_id, old, duplicate_group=group, duplicate_confirmed=True
                )
            for left in {o.duplicate_group for o in olds} - {None}:
                self._dissolve_if_single(conn, review_id, left)
        return group

    def unlink_entry(self, entry_id: int) -> None:
        """Take an entry out of its duplicate group (a group of one is dissolved)."""
        with self._write() as conn:
            old, review_id = self._entry_and_review(entry_id)
            if old.duplicate_group is None:
                return
            self._set(
                conn, "entry", review_id, old, duplicate_group=None, duplicate_confirmed=False
            )
            self._dissolve_if_single(conn, review_id, old.duplicate_group)

    def _dissolve_if_single(
        self, conn: sqlite3.Connection, review_id: int, group: int | None
    ) -> None:
        rows = conn.execute(
            f"{_ENTRY_SELECT} WHERE review_id = ? AND duplicate_group = ?", (review_id, group)
        ).fetchall()
        if len(rows) == 1:
            old = entry_from_tuple(rows[0])
            self._set(
                conn, "entry", review_id, old, duplicate_group=None, duplicate_confirmed=False
            )

    def confirm_group(self, review_id: int, group: int) -> None:
        """Confirm that the entries in ``group`` are records of one event.

        Raises:
            NotFound: the review has no such group.
        """
        with self._write() as conn:
            rows = self._query(
                f"{_ENTRY_SELECT} WHERE review_id = ? AND duplicate_group = ?", (review_id, group)
            )
            if not rows:
                raise NotFound(f"no linked group {group} in this review")
            for row in rows:
                self._set(conn, "entry", review_id, entry_from_tuple(row), duplicate_confirmed=True)

    # ------------------------------------------------------------------ captures

    def _capture(self, table: str, review_id: int, item: M) -> M:
        if getattr(item, "captured_at", None) is None:
            return self._add(table, review_id, item, captured_at=self._now())
        return self._add(table, review_id, item)

    def _by_kloe(self, table: str, review_id: int, kloe_id: int | None) -> list[Any]:
        if kloe_id is None:
            return self._select(table, "review_id = ?", (review_id,))
        return self._select(table, "review_id = ? AND kloe_id = ?", (review_id, kloe_id))

    def add_perspective(self, review_id: int, p: Perspective) -> Perspective:
        """Store what a participant said (``captured_at`` from the clock if None)."""
        return self._capture("perspective", review_id, p)

    def update_perspective(
        self, p: Perspective, original: Perspective | None = None
    ) -> Perspective:
        """Save a perspective's changed fields, audited one by one (see ``_update``)."""
        return self._update("perspective", p, original=original)

    def perspectives(self, review_id: int, kloe_id: int | None = None) -> list[Perspective]:
        """Perspectives in capture order, optionally only those under one KLOE."""
        return self._by_kloe("perspective", review_id, kloe_id)

    def add_finding(self, review_id: int, f: Finding) -> Finding:
        """Store a finding (``captured_at`` from the clock if None)."""
        return self._capture("finding", review_id, f)

    def update_finding(self, f: Finding, original: Finding | None = None) -> Finding:
        """Save a finding's changed fields, audited one by one (see ``_update``)."""
        return self._update("finding", f, original=original)

    def findings(self, review_id: int, kloe_id: int | None = None) -> list[Finding]:
        """Findings in capture order, optionally only those linked to one KLOE."""
        if kloe_id is None:
            return self._select("finding", "review_id = ?", (review_id,))
        return self._select(
            "finding",
            "review_id = ? AND EXISTS (SELECT 1 FROM json_each(finding.kloe_ids)"
            " WHERE json_each.value = ?)",
            (review_id, kloe_id),
        )

    def add_action(self, review_id: int, a: Action) -> Action:
        """Store an action (``captured_at`` from the clock if None)."""
        return self._capture("action", review_id, a)

    def update_action(self, a: Action, original: Action | None = None) -> Action:
        """Save an action's changed fields, audited one by one (see ``_update``)."""
        return self._update("action", a, original=original)

    def actions(self, review_id: int, kloe_id: int | None = None) -> list[Action]:
        """Actions in capture order, optionally only those under one KLOE."""
        return self._by_kloe("action", review_id, kloe_id)

    def add_escalation(self, review_id: int, e: Escalation) -> Escalation:
        """Store an escalation (``captured_at`` from the clock if None)."""
        return self._capture("escalation", review_id, e)

    def update_escalation(self, e: Escalation, original: Escalation | None = None) -> Escalation:
        """Save an escalation's changed fields, audited one by one (see ``_update``)."""
        return self._update("escalation", e, original=original)

    def escalations(self, review_id: int, kloe_id: int | None = None) -> list[Escalation]:
        """Escalations in capture order, optionally only those under one KLOE."""
        return self._by_kloe("escalation", review_id, kloe_id)

    # ---------------------------------------------------------- delete and undo

    def delete_item(self, kind: str, item_id: int) -> int:
        """Soft-delete a perspective, finding, action, escalation, participant or KLOE.

        Deleting a KLOE renumbers the rest 1..n. Returns the id of the audit
        event, which :meth:`undo_delete` takes.

        Raises:
            ValueError: an unknown kind.
            NotFound: no such item, or already deleted.
        """
        if kind not in DELETABLE_KINDS:
            raise ValueError(f"cannot delete a {kind}; one of {', '.join(DELETABLE_KINDS)}")
        now = self._now().isoformat()
        with self._write() as conn:
            row = self._get_row(kind, item_id)
            review_id = row["review_id"]
            conn.execute(f"UPDATE {kind} SET deleted_at = ? WHERE id = ?", (now, item_id))
            audit_id = self._audit(
                conn, review_id, kind, item_id, "delete", "deleted_at", None, now
            )
            if kind == "kloe":
                self._renumber(conn, review_id, self._kloe_order(conn, review_id))
        return audit_id

    def undo_delete(self, audit_id: int) -> None:
        """Restore the item deleted by audit event ``audit_id`` (no-op if already back).

        A KLOE returns to its old number and the others move down to make room.

        Raises:
            NotFound: no such audit event.
            ValueError: the event is not a deletion.
        """
        event = self._audit_event(audit_id)
        if event.change != "delete" or event.entity not in DELETABLE_KINDS:
            raise ValueError("that change is not a deletion, so it cannot be undone")
        kind = event.entity
        with self._write() as conn:
            row = self._get_row(kind, event.entity_id, deleted=True)
            if row["deleted_at"] is None:
                return
            review_id = row["review_id"]
            conn.execute(f"UPDATE {kind} SET deleted_at = NULL WHERE id = ?", (event.entity_id,))
            self._audit(
                conn, review_id, kind, event.entity_id, "restore", "deleted_at", row["deleted_at"]
            )
            if kind == "kloe":
                restored: int = row["id"]
                rest = [i for i in self._kloe_order(conn, review_id) if i != restored]
                rest.insert(max(0, min(len(rest), row["number"] - 1)), restored)
                self._renumber(conn, review_id, rest)

    def last_deletion(self, review_id: int) -> AuditEvent | None:
        """The most recent deletion in this review that has not been undone."""
        rows = self._rows(
            "SELECT * FROM audit_event WHERE review_id = ? AND change = 'delete' ORDER BY id DESC",
            (review_id,),
        )
        for row in rows:
            if row["entity"] not in DELETABLE_KINDS:
                continue
            still = self._query(
                f"SELECT 1 FROM {row['entity']} WHERE id = ? AND deleted_at IS NOT NULL",
                (row["entity_id"],),
            )
            if still:
                event: AuditEvent = self._model("audit_event", row)
                return event
        return None

    def _audit_event(self, audit_id: int) -> AuditEvent:
        rows = self._rows("SELECT * FROM audit_event WHERE id = ?", (audit_id,))
        if not rows:
            raise NotFound(f"no recorded change with id {audit_id}")
        event: AuditEvent = self._model("audit_event", rows[0])
        return event

    def audit_events(self, review_id: int) -> list[AuditEvent]:
        """Every recorded change to a review, oldest first."""
        return self._select("audit_event", "review_id = ?", (review_id,))

    # ------------------------------------------------------------------ workshop

    def _set_status(self, conn: sqlite3.Connection, review_id: int, status: ReviewStatus) -> None:
        self._set(conn, "review", review_id, self.review(review_id), status=status)

    def _open_log(self, conn: sqlite3.Connection, review_id: int, kloe_id: int | None) -> None:
        log = WorkshopLogEntry(kloe_id=kloe_id, started_at=self._now())
        self._insert(conn, "workshop_log", review_id, log)

    def _close_logs(
        self, conn: sqlite3.Connection, review_id: int, where: str, params: Sequence[object]
    ) -> None:
        now = self._now().isoformat()
        open_ids = conn.execute(
            f"SELECT id FROM workshop_log WHERE review_id = ? AND ended_at IS NULL AND {where}",
            (review_id, *params),
        ).fetchall()
        for (log_id,) in open_ids:
            conn.execute("UPDATE workshop_log SET ended_at = ? WHERE id = ?", (now, log_id))
            self._audit(conn, review_id, "workshop_log", log_id, "update", "ended_at", None, now)

    def _kloe_of(self, review_id: int, kloe_id: int) -> Kloe:
        row = self._get_row("kloe", kloe_id)
        if row["review_id"] != review_id:
            raise NotFound(f"KLOE {kloe_id} is not part of this review")
        kloe: Kloe = self._model("kloe", row)
        return kloe

    def start_workshop(self, review_id: int) -> Review:
        """Set the review "in workshop" and log the start (resuming keeps the open log).

        First the database is copied into ``backups/`` beside it (the newest few
        copies are kept). A failed copy does not stop the workshop: its reason is
        left in :attr:`backup_problem` for the interface to show.
        """
        self._require_review(review_id)
        self._automatic_backup("before-workshop")
        with self._write() as conn:
            self._set_status(conn, review_id, ReviewStatus.IN_WORKSHOP)
            already = conn.execute(
                "SELECT 1 FROM workshop_log WHERE review_id = ? AND kloe_id IS NULL"
                " AND ended_at IS NULL",
                (review_id,),
            ).fetchone()
            if not already:
                self._open_log(conn, review_id, None)
        return self.review(review_id)

    def end_workshop(self, review_id: int) -> Review:
        """Close every open log row and set the review to "draft minutes".

        Raises:
            NotFound: no such review; nothing is written.
        """
        with self._write() as conn:
            self._close_logs(conn, review_id, "1", ())
            self._set_status(conn, review_id, ReviewStatus.DRAFT_MINUTES)
        return self.review(review_id)

    def start_kloe(self, review_id: int, kloe_id: int) -> Kloe:
        """Start discussing a KLOE: close any open KLOE log row, open one, mark in progress.

        A KLOE left open this way keeps its status (it was not finished).
        """
        with self._write() as conn:
            kloe = self._kloe_of(review_id, kloe_id)
            self._close_logs(conn, review_id, "kloe_id IS NOT NULL", ())
            self._open_log(conn, review_id, kloe_id)
            self._set(conn, "kloe", review_id, kloe, status=KloeStatus.IN_PROGRESS)
        return self.kloe(kloe_id)

    def end_kloe(self, review_id: int, kloe_id: int) -> Kloe:
        """Finish a KLOE: close its log row and mark it done."""
        with self._write() as conn:
            kloe = self._kloe_of(review_id, kloe_id)
            self._close_logs(conn, review_id, "kloe_id = ?", (kloe_id,))
            self._set(conn, "kloe", review_id, kloe, status=KloeStatus.DONE)
        return self.kloe(kloe_id)

    def workshop_log(self, review_id: int) -> list[WorkshopLogEntry]:
        """When the workshop and each KLOE started and ended, in order."""
        return self._select("workshop_log", "review_id = ?", (review_id,))

    # -------------------------------------------------------------------- drafts

    def save_draft(self, review_id: int, draft: Draft) -> Draft:
        """Keep a half-typed form (one per review and form); ``updated_at`` from the clock.

        Drafts are scratch space, not review content, so they are not audited.
        """
        self._require_review(review_id)
        with self._write() as conn:
            conn.execute(
                "INSERT INTO draft (review_id, form, kloe_id, payload, updated_at)"
                " VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (review_id, form) DO UPDATE SET kloe_id = excluded.kloe_id,"
                " payload = excluded.payload, updated_at = excluded.updated_at",
                (
                    review_id,
                    draft.form,
                    draft.kloe_id,
                    to_json(draft.payload),
                    self._now().isoformat(),
                ),
            )
        rows = self._select("draft", "review_id = ? AND form = ?", (review_id, draft.form))
        saved: Draft = rows[0]
        return saved

    def drafts(self, review_id: int) -> list[Draft]:
        """The review's saved drafts."""
        return self._select("draft", "review_id = ?", (review_id,))

    def discard_draft(self, review_id: int, form: str) -> None:
        """Forget the draft of ``form`` (no-op if none)."""
        with self._write() as conn:
            conn.execute("DELETE FROM draft WHERE review_id = ? AND form = ?", (review_id, form))

    # ---------------------------------------------------------------- pseudonyms

    def pseudonyms(self, review_id: int) -> list[Pseudonym]:
        """The review's pseudonyms in the order they were added."""
        return self._select("pseudonym", "review_id = ?", (review_id,))

    def save_pseudonym(self, review_id: int, p: Pseudonym) -> Pseudonym:
        """Insert ``p`` when its id is None, otherwise save its changes."""
        if p.id is None:
            return self._add("pseudonym", review_id, p)
        return self._update("pseudonym", p)

    def delete_pseudonym(self, pseudonym_id: int) -> None:
        """Remove a pseudonym; the audit trail keeps what it was."""
        self._delete_row("pseudonym", pseudonym_id)

    def identifying_places(self, review_id: int) -> list[IdentifyingPlace]:
        """The review's identifying places in the order they were added."""
        return self._select("identifying_place", "review_id = ?", (review_id,))

    def save_identifying_place(self, review_id: int, place: IdentifyingPlace) -> IdentifyingPlace:
        """Insert ``place`` when its id is None, otherwise save its changes."""
        if place.id is None:
            return self._add("identifying_place", review_id, place)
        return self._update("identifying_place", place)

    def delete_identifying_place(self, place_id: int) -> None:
        """Remove an identifying place; the audit trail keeps what it was."""
        self._delete_row("identifying_place", place_id)

    def _delete_row(self, table: str, item_id: int) -> None:
        """Delete a row for good (a table without soft deletion), auditing its values."""
        with self._write() as conn:
            row = self._get_row(table, item_id)
            conn.execute(f"DELETE FROM {table} WHERE id = ?", (item_id,))
            old = {k: v for k, v in row.items() if k not in ("id", "review_id")}
            self._audit(conn, row["review_id"], table, item_id, "delete", old=to_json(old))
