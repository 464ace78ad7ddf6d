"""A review created from a case pack read as a stream: its entries are inserted as they are
read and linked as duplicates one day at a time from the database, so that the memory an
import needs grows with its largest day, not with its chronology (issue 24)."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from workshop_tui.domain.models import ChronologyEntry, Review, ReviewData, SourceColumns
from workshop_tui.domain.problems import Problem
from workshop_tui.storage.base import StoreBase
from workshop_tui.storage.chronology import _INDEX_ORDER
from workshop_tui.storage.convert import to_value
from workshop_tui.storage.errors import ReviewExists, translate

#: How many rows a read of the stored entries fetches at a time.
FETCH_ROWS = 1000


class BulkStore(StoreBase):
    """Creating a review whose entries arrive as a stream."""

    def create_review_streamed(
        self,
        data: ReviewData,
        entries: Iterable[ChronologyEntry],
        sources: Callable[[], Mapping[str, list[SourceColumns]]] | None = None,
    ) -> tuple[Review, list[Problem]]:
        """:meth:`create_review` for ``data`` with ``entries`` in place of ``data.entries``.

        ``entries`` is iterated once, inside the one transaction, each entry inserted as it
        comes; an exception from it (a file refused part-way) rolls everything back. The
        entries are then linked as duplicates one date at a time, read back in merged
        order (``domain.chronology.link_day``: the same groups and group numbers as
        ``link_and_note`` over the whole chronology).

        Returns:
            The review, and the warnings linking gave (crowded days), in date order.

        Raises:
            ReviewExists: a review with this reference is stored; nothing changed.
        """
        reference = data.review.reference
        if self._query("SELECT 1 FROM review WHERE reference = ?", (reference,)):
            raise ReviewExists(f"a review with reference {reference!r} already exists")
        with self._write() as conn, _larger_cache(conn):
            review_id = self._create_all(conn, data, entries)  # type: ignore[attr-defined]
            for key, read in (sources() if sources is not None else {}).items():
                conn.execute(
                    "UPDATE agency SET sources = ? WHERE review_id = ? AND key = ?",
                    (to_value(read), review_id, key),
                )
            warnings = _link_stored(conn, review_id)
        return self.review(review_id), warnings  # type: ignore[attr-defined]

    @contextlib.contextmanager
    def read_snapshot(self) -> Iterator[None]:
        """Reads that see one state of the database (a deferred read transaction: in WAL
        mode it keeps no writer waiting), for an export that reads the chronology twice
        (its extra columns, then its rows). Writes are not allowed inside; inside a
        transaction already open, nothing more is done."""
        conn = self._conn
        if conn.in_transaction:
            yield
            return
        conn.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            if conn.in_transaction:
                conn.execute("COMMIT")  # nothing was written: it ends the snapshot

    def entry_extra_keys(self, review_id: int) -> list[str]:
        """The names of the entries' extra columns, in the order they first appear in the
        merged chronology (as ``exporters.sheets.chronology_extra_keys`` finds them)."""
        keys: dict[str, None] = {}
        try:
            for order in ("date IS NOT NULL", "date IS NULL"):
                cursor = self._conn.execute(
                    f"SELECT extra FROM entry WHERE review_id = ? AND {order}"
                    f" ORDER BY {_INDEX_ORDER}",
                    (review_id,),
                )
                while batch := cursor.fetchmany(FETCH_ROWS):
                    for (extra,) in batch:
                        if extra != "{}":
                            for key in json.loads(extra):
                                keys.setdefault(key, None)
        except sqlite3.Error as exc:
            raise translate(exc, self._path) from None
        return list(keys)

    def duplicate_group_count(self, review_id: int) -> int:
        """How many duplicate groups the review's chronology has."""
        rows = self._query(
            "SELECT count(DISTINCT duplicate_group) FROM entry WHERE review_id = ?", (review_id,)
        )
        return int(rows[0][0])


#: The page cache an import's transaction may use, in KiB (SQLite's default is 2,000):
#: the entries' indexes, the search index built from them and linking's read in merged
#: order then stay in memory rather than going back and forth to the write-ahead log.
IMPORT_CACHE_KIB = 64 * 1024


@contextlib.contextmanager
def _larger_cache(conn: sqlite3.Connection) -> Iterator[None]:
    """The connection's page cache at :data:`IMPORT_CACHE_KIB` while inside, then as it was."""
    (before,) = conn.execute("PRAGMA cache_size").fetchone()
    conn.execute(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB:d}")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA cache_size = {int(before):d}")


class _Stored:
    """What linking reads of a stored entry (``domain.chronology.Linkable``), read without
    building the whole entry: the import's chronology is read back once, a day at a time."""

    __slots__ = (
        "agency",
        "date",
        "duplicate_group",
        "event",
        "id",
        "source_file",
        "source_line",
        "source_part",
        "time",
    )

    def __init__(self, row: tuple[Any, ...]) -> None:
        (
            self.id,
            self.date,
            time,
            self.agency,
            self.event,
            self.source_file,
            self.source_part,
            self.source_line,
            self.duplicate_group,
        ) = row
        self.time = None if time is None else dt.time.fromisoformat(time)

    @property
    def location(self) -> str:
        """As ``ChronologyEntry.location``."""
        part = f"[{self.source_part}]" if self.source_part else ""
        return f"{self.source_file}{part}:{self.source_line}"


def _link_stored(conn: sqlite3.Connection, review_id: int) -> list[Problem]:
    """Link the review's stored entries one date at a time; return the crowd warnings."""
    from workshop_tui.domain.chronology import link_day

    cursor = conn.execute(
        "SELECT id, date, time, agency, event, source_file, source_part, source_line,"
        " duplicate_group FROM entry WHERE review_id = ? AND date IS NOT NULL AND error IS NULL"
        f" ORDER BY {_INDEX_ORDER}",
        (review_id,),
    )
    warnings: list[Problem] = []
    changes: list[tuple[int | None, int]] = []
    number = 0
    day: list[_Stored] = []

    def link() -> None:
        nonlocal number
        if not day:
            return
        groups, found = link_day(dt.date.fromisoformat(day[0].date), day)
        warnings.extend(found)
        grouped: set[int] = set()
        for group in groups:
            number += 1
            for k in group:
                grouped.add(k)
                if day[k].duplicate_group != number:
                    changes.append((number, day[k].id))
        for k, entry in enumerate(day):
            if k not in grouped and entry.duplicate_group is not None:
                changes.append((None, entry.id))
        day.clear()

    while batch := cursor.fetchmany(FETCH_ROWS):
        for row in batch:
            entry = _Stored(row)
            if day and entry.date != day[0].date:
                link()
            day.append(entry)
    link()
    # After the read: the rows are not changed under the cursor that walks them.
    conn.executemany("UPDATE entry SET duplicate_group = ? WHERE id = ?", changes)
    return warnings
