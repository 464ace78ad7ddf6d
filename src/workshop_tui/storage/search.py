"""Reading the full-text index of every review (``search_index``, schema migration 7).

The index is written only by the database's own triggers (see storage/schema.py), in
the transaction of every write, so it is always current; this module only reads it.
"""

from __future__ import annotations

import sqlite3

from workshop_tui.domain.search import MATCH_END, MATCH_START, SearchFilters, SearchHit
from workshop_tui.storage.base import StoreBase
from workshop_tui.storage.errors import translate

SNIPPET_TOKENS = 14
"""About how many words of text a snippet shows around its matches."""


class QueryNotUnderstood(Exception):
    """SQLite's FTS5 could not read the expression (an operator without both sides)."""


class SearchStore(StoreBase):
    """The full-text index, read on the repository's own connection (the same snapshot
    as everything else)."""

    def search_index(self, match: str, filters: SearchFilters, limit: int) -> list[SearchHit]:
        """The best ``limit`` items matching the FTS5 expression ``match``, best first.

        Raises:
            QueryNotUnderstood: FTS5 could not read ``match``.
            StorageError: the database failed.
        """
        where = ["search_index MATCH ?"]
        params: list[object] = [match]
        if filters.review:
            where.append("review.reference = ?")
            params.append(filters.review)
        if filters.kinds:
            where.append(f"search_index.kind IN ({', '.join('?' * len(filters.kinds))})")
            params.extend(filters.kinds)
        if filters.agency:
            where.append(
                "(search_index.agency = ? COLLATE NOCASE OR search_index.agency IN"
                " (SELECT key FROM agency WHERE agency.review_id = search_index.review_id"
                " AND (agency.name = ? COLLATE NOCASE OR agency.key = ? COLLATE NOCASE)))"
            )
            params.extend([filters.agency] * 3)
        if filters.since:
            where.append("search_index.day >= ?")
            params.append(filters.since.isoformat())
        if filters.until:
            where.append("search_index.day <= ?")
            params.append(filters.until.isoformat())
        sql = (
            "SELECT search_index.review_id, review.reference, review.title, search_index.kind,"
            " search_index.item_id, search_index.day, search_index.agency, search_index.who,"
            f" snippet(search_index, 6, ?, ?, '…', {SNIPPET_TOKENS}), search_index.rank,"
            " entry.date_precision, entry.date_approximate, entry.end_date"
            " FROM search_index JOIN review ON review.id = search_index.review_id"
            " LEFT JOIN entry ON search_index.kind = 'entry'"
            " AND entry.id = search_index.item_id"
            f" WHERE {' AND '.join(where)} ORDER BY search_index.rank LIMIT ?"
        )
        try:
            rows = self._conn.execute(sql, [MATCH_START, MATCH_END, *params, limit]).fetchall()
        except sqlite3.OperationalError as exc:
            text = str(exc)
            if text.startswith(("fts5:", "no such column", "unknown special query")):
                raise QueryNotUnderstood(text) from None
            raise translate(exc, self._path) from None
        except sqlite3.Error as exc:
            raise translate(exc, self._path) from None
        return [
            SearchHit(
                review_id=row[0],
                review=row[1],
                review_title=row[2],
                kind=row[3],
                item_id=row[4],
                day=row[5],
                agency=row[6] or "",
                who=row[7] or "",
                snippet=row[8] or "",
                rank=row[9],
                precision=row[10] or "day",
                approximate=bool(row[11]),
                end_day=row[12],
            )
            for row in rows
        ]

    def search_document_count(self) -> int:
        """How many items the index holds."""
        try:
            row = self._conn.execute("SELECT count(*) FROM search_index").fetchone()
        except sqlite3.Error as exc:
            raise translate(exc, self._path) from None
        return int(row[0])
