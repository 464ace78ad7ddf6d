"""Chronologies arriving one agency at a time: requests, added files, replaced files.

The rules (what a status is, which entries match, how groups are renumbered) are
decided in ``domain.intake`` and ``domain.replacement``; this writes what they decide,
with an audit event for every row changed, so that a replaced chronology can be read
back from the trail.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence

from workshop_tui.domain.entry_fixes import ENTRY_CORRECTED
from workshop_tui.domain.intake import AgencyRequest
from workshop_tui.domain.models import Agency, ChronologyEntry
from workshop_tui.storage.base import StoreBase
from workshop_tui.storage.convert import (
    ENTRY_COLUMNS,
    ENTRY_SELECT,
    entry_from_tuple,
    entry_to_tuple,
    to_json,
    to_value,
)
from workshop_tui.storage.errors import NotFound
from workshop_tui.storage.schema import ENTRY_INDEX_SELECT

#: Tables whose rows link to entries by a JSON list of entry ids.
_ENTRY_LINKS = (("kloe", "entry_ids"), ("perspective", "entry_ids"), ("finding", "entry_ids"))


def _audited(field: str, text: str | None) -> object:
    """A value as the audit trail wrote it, back as the entry field's type."""
    if text is None:
        return None
    if field == "date":
        return dt.date.fromisoformat(text)
    if field == "time":
        return dt.time.fromisoformat(text)
    if field == "date_approximate":
        return text == "true"
    return text


class IntakeStore(StoreBase):
    """Agency requests, and entries added or replaced one agency at a time."""

    # ------------------------------------------------------------------ requests

    def agency_requests(self, review_id: int) -> list[AgencyRequest]:
        """The review's stored agency requests (an agency may have none)."""
        return self._select("agency_request", "review_id = ?", (review_id,))

    def save_agency_request(self, review_id: int, request: AgencyRequest) -> AgencyRequest:
        """Insert or update the request for ``request.agency`` (one per agency key), audited."""
        with self._write() as conn:
            rows = self._rows(
                "SELECT * FROM agency_request WHERE review_id = ? AND agency = ?",
                (review_id, request.agency),
            )
            if rows:
                old: AgencyRequest = self._model("agency_request", rows[0])
                fields = [name for name in self._columns["agency_request"] if name != "agency"]
                self._update_fields(
                    conn, "agency_request", review_id, old, request.model_copy(), fields
                )
                new_id = old.id
            else:
                new_id = self._insert(conn, "agency_request", review_id, request)
        return request.model_copy(update={"id": new_id})

    def entry_counts(self, review_id: int) -> dict[str, int]:
        """How many entries each agency key has in the review."""
        rows = self._query(
            "SELECT agency, count(*) FROM entry WHERE review_id = ? GROUP BY agency", (review_id,)
        )
        return {agency: count for agency, count in rows}

    # ------------------------------------------------------------------ agencies

    def add_agency(self, review_id: int, agency: Agency) -> Agency:
        """Add an agency to a review (audited)."""
        added: Agency = self._add("agency", review_id, agency)
        return added

    def set_agency_sources(self, review_id: int, agency: Agency) -> None:
        """Save how the agency's files were read (``agency.sources``), audited."""
        with self._write() as conn:
            old: Agency = self._get("agency", agency.id)
            self._update_fields(conn, "agency", review_id, old, agency, ["sources"])

    # ------------------------------------------------------------------ entries

    def agency_entries(self, review_id: int, agency: str) -> list[ChronologyEntry]:
        """One agency's entries in the order they were stored."""
        rows = self._query(
            f"{ENTRY_SELECT} WHERE review_id = ? AND agency = ? ORDER BY id", (review_id, agency)
        )
        return [entry_from_tuple(row) for row in rows]

    def entries_on(self, review_id: int, dates: Iterable[dt.date]) -> list[ChronologyEntry]:
        """Every entry of the review dated on one of ``dates``."""
        days = sorted({day.isoformat() for day in dates})
        found: list[ChronologyEntry] = []
        for start in range(0, len(days), 500):
            chunk = days[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            rows = self._query(
                f"{ENTRY_SELECT} WHERE review_id = ? AND date IN ({marks})", (review_id, *chunk)
            )
            found.extend(entry_from_tuple(row) for row in rows)
        return found

    def highest_group(self, review_id: int) -> int:
        """The highest duplicate group number in the review (0 when none)."""
        rows = self._query(
            "SELECT coalesce(max(duplicate_group), 0) FROM entry WHERE review_id = ?", (review_id,)
        )
        return int(rows[0][0])

    def lone_group_members(self, review_id: int) -> list[ChronologyEntry]:
        """Entries alone in their duplicate group (the others removed or moved away)."""
        rows = self._query(
            f"{ENTRY_SELECT} WHERE review_id = ? AND duplicate_group IN ("
            "SELECT duplicate_group FROM entry WHERE review_id = ? AND duplicate_group"
            " IS NOT NULL GROUP BY duplicate_group HAVING count(*) = 1)",
            (review_id, review_id),
        )
        return [entry_from_tuple(row) for row in rows]

    def hand_unlinked(self, review_id: int) -> set[int]:
        """The entries a person took out of a duplicate group (automatic linking leaves them
        out): an audited update that set ``duplicate_group`` to none. Relinking writes its own
        changes as ``relink``, so they are not counted."""
        rows = self._query(
            "SELECT DISTINCT entity_id FROM audit_event WHERE review_id = ? AND entity = 'entry'"
            " AND change = 'update' AND field = 'duplicate_group' AND new IS NULL",
            (review_id,),
        )
        return {entity_id for (entity_id,) in rows}

    def hand_corrections(self, review_id: int) -> dict[int, dict[str, object]]:
        """Per entry a person corrected by hand, each corrected field's value as imported
        (the old value of the first correction of that field). A replacement that rewrote
        the entry from a new file starts it afresh: corrections before it no longer count."""
        fields = sorted(ENTRY_CORRECTED)
        rows = self._query(
            "SELECT entity_id, change, field, old FROM audit_event WHERE review_id = ?"
            " AND entity = 'entry' AND change IN ('update', 'replace')"
            f" AND field IN ({', '.join('?' * len(fields))}) ORDER BY id",
            (review_id, *fields),
        )
        original: dict[int, dict[str, object]] = {}
        for entity_id, change, field, old in rows:
            if change == "replace":
                original.pop(entity_id, None)
            else:
                original.setdefault(entity_id, {}).setdefault(field, _audited(field, old))
        return original

    def insert_entries(
        self, review_id: int, entries: Iterable[ChronologyEntry], note: Mapping[str, object]
    ) -> list[int]:
        """Insert entries (ids ignored) in bulk; one audit event (``note``) for them all.

        ``entries`` may be a stream (a file read as it is inserted): it is iterated once,
        each row inserted as it comes, and the new ids are consecutive. A ``note`` value
        that is a callable is asked for after the entries are in (a count, say).
        """
        with self._write() as conn:
            base = conn.execute("SELECT coalesce(max(id), 0) FROM entry").fetchone()[0]
            count = [0]

            def rows() -> Iterator[tuple[object, ...]]:
                for offset, entry in enumerate(entries, start=1):
                    count[0] = offset
                    yield entry_to_tuple(review_id, base + offset, entry)

            marks = ", ".join("?" * (len(ENTRY_COLUMNS) + 1))
            # Indexed for search in one statement below, not by a trigger per row.
            conn.execute("INSERT INTO search_deferred (review_id) VALUES (?)", (review_id,))
            conn.executemany(
                f"INSERT INTO entry (review_id, {', '.join(ENTRY_COLUMNS)}) VALUES ({marks})",
                rows(),
            )
            ids = list(range(base + 1, base + 1 + count[0]))
            if ids:
                conn.execute(
                    f"{ENTRY_INDEX_SELECT} WHERE entry.id BETWEEN ? AND ?", (ids[0], ids[-1])
                )
            conn.execute("DELETE FROM search_deferred WHERE review_id = ?", (review_id,))
            said = {key: value() if callable(value) else value for key, value in note.items()}
            file = str(said.get("file", ""))
            self._audit(conn, review_id, "entry", None, "add", file, None, to_json(said))
        return ids

    def rewrite_entries(
        self,
        review_id: int,
        changes: Sequence[tuple[ChronologyEntry, ChronologyEntry]],
        change: str,
        fields: Sequence[str] | None = None,
    ) -> None:
        """Write each (old, new) pair's differing fields (all, or ``fields``), one audit event
        per field with ``change`` as its kind (``replace``, ``relink``): not ``update``, which
        means a person's correction."""
        names = fields or [c for c in ENTRY_COLUMNS if c != "id"]
        with self._write() as conn:
            for old, new in changes:
                changed = [n for n in names if getattr(old, n) != getattr(new, n)]
                if not changed:
                    continue
                assignments = ", ".join(f"{name} = ?" for name in changed)
                values = [to_value(getattr(new, name)) for name in changed]
                conn.execute(f"UPDATE entry SET {assignments} WHERE id = ?", [*values, old.id])
                for name in changed:
                    self._audit(
                        conn,
                        review_id,
                        "entry",
                        old.id,
                        change,
                        name,
                        getattr(old, name),
                        getattr(new, name),
                    )

    def remove_entries(self, review_id: int, entries: Sequence[ChronologyEntry]) -> None:
        """Delete entries, each audited (``delete``) with its whole row as it was, and take
        them out of the entry lists of KLOEs, perspectives and findings (audited)."""
        if not entries:
            return
        gone = {e.id for e in entries}
        with self._write() as conn:
            for entry in entries:
                self._audit(
                    conn,
                    review_id,
                    "entry",
                    entry.id,
                    "delete",
                    "",
                    to_json(entry.model_dump(mode="json")),
                    None,
                )
            for table, column in _ENTRY_LINKS:
                for row in self._rows(
                    f"SELECT * FROM {table} WHERE review_id = ? AND {column} != '[]'",
                    (review_id,),
                ):
                    model = self._model(table, row)
                    ids = getattr(model, column)
                    kept = [i for i in ids if i not in gone]
                    if kept != ids:
                        self._set(conn, table, review_id, model, **{column: kept})
            ordered = sorted(i for i in gone if i is not None)
            for start in range(0, len(ordered), 500):
                chunk = ordered[start : start + 500]
                conn.execute(
                    f"DELETE FROM entry WHERE id IN ({', '.join('?' * len(chunk))})", chunk
                )

    def capture_links(self, review_id: int) -> dict[int, list[str]]:
        """Per entry id, what links to it (``perspective 4``, ``KLOE 2``, ...)."""
        links: dict[int, list[str]] = {}
        for table, column in _ENTRY_LINKS:
            for row in self._rows(
                f"SELECT * FROM {table} WHERE review_id = ? AND {column} != '[]'", (review_id,)
            ):
                if row.get("deleted_at") is not None:
                    continue
                model = self._model(table, row)
                label = f"KLOE {row['number']}" if table == "kloe" else f"{table} {row['id']}"
                for entry_id in getattr(model, column):
                    links.setdefault(entry_id, []).append(label)
        return links

    def audit_note(
        self,
        review_id: int,
        entity: str,
        entity_id: int | None,
        change: str,
        field: str,
        note: object,
    ) -> None:
        """One audit event summing up a change made of many rows (``note`` as JSON)."""
        with self._write() as conn:
            self._audit(conn, review_id, entity, entity_id, change, field, None, to_json(note))

    def require_agency(self, review_id: int, key: str) -> Agency:
        """The review's agency with this key.

        Raises:
            NotFound: none.
        """
        found: list[Agency] = self._select("agency", "review_id = ? AND key = ?", (review_id, key))
        if not found:
            raise NotFound(f"no agency {key!r} in this review")
        return found[0]
