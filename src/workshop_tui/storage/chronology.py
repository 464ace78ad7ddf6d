"""The chronology aggregate: entries, hand fixes, flags, remapping and duplicate links."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from workshop_tui.domain.chronology import mark_in_period, merge_key
from workshop_tui.domain.duplicate_groups import (
    entries_to_link,
    groups_left,
    lone_member,
    next_group,
    review_of_link,
)
from workshop_tui.domain.entry_fixes import ENTRY_CORRECTED, check_fixable, fixed_entry
from workshop_tui.domain.models import Agency, ChronologyEntry, EntryFlag, Review
from workshop_tui.memory import collector_paused
from workshop_tui.storage.base import StoreBase
from workshop_tui.storage.convert import ENTRY_COLUMNS, ENTRY_SELECT, entry_from_tuple, to_value
from workshop_tui.storage.errors import NotFound, translate

if TYPE_CHECKING:
    from workshop_tui.importers.columns import Remapped

# Merged chronology order, the same key as domain.chronology.merge: dated entries
# by date, date_rank (exact days first, then approximate, week, month, season, year:
# domain.dates.date_rank), time (entries without a time first within their day), end
# date (one day before a range), agency, source file, part and line; entries needing
# attention (no date) last; id breaks ties so equal keys keep their import order.
# The same order as two reads that walk the entry_order index (no temporary sort
# b-tree): the dated entries, then the undated ones. SQLite sorts NULL first, so
# an entry without a time comes first within its day, as in merge_key.
_INDEX_ORDER = "date, date_rank, time, end_date, agency, source_file, source_part, source_line, id"
_DATED_SELECT = f"{ENTRY_SELECT} WHERE review_id = ? AND date IS NOT NULL ORDER BY {_INDEX_ORDER}"
_UNDATED_SELECT = f"{ENTRY_SELECT} WHERE review_id = ? AND date IS NULL ORDER BY {_INDEX_ORDER}"
_GROUP_COLUMN = ENTRY_COLUMNS.index("duplicate_group")
_ENTRY_AND_REVIEW_SELECT = f"SELECT {', '.join(ENTRY_COLUMNS)}, review_id FROM entry WHERE id = ?"


class ChronologyStore(StoreBase):
    """A review's chronology entries and the changes people make to them."""

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
                f"{ENTRY_SELECT} WHERE review_id = ? AND date IS NOT NULL"
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

    def entries_undated(self, review_id: int) -> list[ChronologyEntry]:
        """The entries without a date (each needs attention), in merged order: the end of
        :meth:`entries`."""
        with collector_paused():
            return [entry_from_tuple(row) for row in self._query(_UNDATED_SELECT, (review_id,))]

    def entries_dated_page(self, review_id: int, offset: int, limit: int) -> list[ChronologyEntry]:
        """Dated entries ``offset`` to ``offset + limit`` of the merged order: the start of
        :meth:`entries`, a page at a time (a large chronology is read so, in a thread)."""
        with collector_paused():
            rows = self._query(f"{_DATED_SELECT} LIMIT ? OFFSET ?", (review_id, limit, offset))
            return [entry_from_tuple(row) for row in rows]

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
        check_fixable(fields)

        def fixed(old: ChronologyEntry, review_id: int) -> ChronologyEntry:
            review: Review = self._get("review", review_id)
            return fixed_entry(old, fields, review.period_start, review.period_end)

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
                    f"{ENTRY_SELECT} WHERE review_id = ? AND agency = ? ORDER BY id",
                    (review_id, agency_key),
                ).fetchall()
            ]
            corrected: dict[int, set[str]] = {}
            marks = ", ".join("?" * len(ENTRY_CORRECTED))
            for entity_id, field in conn.execute(
                "SELECT entity_id, field FROM audit_event WHERE review_id = ? AND entity = 'entry'"
                f" AND change = 'update' AND field IN ({marks})",
                (review_id, *sorted(ENTRY_CORRECTED)),
            ).fetchall():
                corrected.setdefault(entity_id, set()).add(field)
            result = remap_entries(olds, agency.sources, mapping, corrected)
            review: Review = self._get("review", review_id)
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
        ids = entries_to_link(entry_ids)
        with self._write() as conn:
            read = [self._entry_and_review(i) for i in ids]
            olds = [old for old, _ in read]
            review_id = review_of_link(review_id for _, review_id in read)
            highest = conn.execute(
                "SELECT max(duplicate_group) FROM entry WHERE review_id = ?", (review_id,)
            ).fetchone()[0]
            group = next_group(highest)
            for old in olds:
                self._set(
                    conn, "entry", review_id, old, duplicate_group=group, duplicate_confirmed=True
                )
            for left in groups_left(olds):
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
            f"{ENTRY_SELECT} WHERE review_id = ? AND duplicate_group = ?", (review_id, group)
        ).fetchall()
        lone = lone_member([entry_from_tuple(row) for row in rows])
        if lone is not None:
            self._set(
                conn, "entry", review_id, lone, duplicate_group=None, duplicate_confirmed=False
            )

    def confirm_group(self, review_id: int, group: int) -> None:
        """Confirm that the entries in ``group`` are records of one event.

        Raises:
            NotFound: the review has no such group.
        """
        with self._write() as conn:
            rows = self._query(
                f"{ENTRY_SELECT} WHERE review_id = ? AND duplicate_group = ?", (review_id, group)
            )
            if not rows:
                raise NotFound(f"no linked group {group} in this review")
            for row in rows:
                self._set(conn, "entry", review_id, entry_from_tuple(row), duplicate_confirmed=True)
