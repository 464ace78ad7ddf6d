"""The action plan after the workshop (issue 13): actions across every review, their
progress log and revisions of their target, appended and audited.

The rules (which status moves are allowed, what a revision needs) are decided in
``domain.actions`` and applied by ``services.actions``; this only reads and writes.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from workshop_tui.domain.models import Action, AuditEvent, ProgressEntry, Review, TargetRevision
from workshop_tui.storage.base import StoreBase
from workshop_tui.storage.convert import to_json


class ActionStore(StoreBase):
    """Actions as a tracker reads them, and the logs it only ever appends to."""

    def actions_across(
        self, review_ids: Sequence[int] | None = None
    ) -> list[tuple[Review, Action]]:
        """Every action (deleted ones left out) with its review, by review reference then
        capture order; only those of ``review_ids`` when given."""
        reviews = {r.id: r for r in self._select("review", "1", ())}
        where = "1"
        params: tuple[int, ...] = ()
        if review_ids is not None:
            wanted = list(review_ids)
            if not wanted:
                return []
            where = f"review_id IN ({', '.join('?' * len(wanted))})"
            params = tuple(wanted)
        rows = self._rows(
            f"SELECT * FROM action WHERE {where} AND deleted_at IS NULL ORDER BY review_id, id",
            params,
        )
        found = [(reviews[row["review_id"]], self._model("action", row)) for row in rows]
        found.sort(key=lambda pair: (pair[0].reference.casefold(), pair[0].id or 0))
        return found

    def action_with_review(self, action_id: int) -> tuple[Review, Action]:
        """The action with id ``action_id`` (ids are unique in the database) and its review.

        Raises:
            NotFound: no such action, or it was deleted.
        """
        row = self._get_row("action", action_id)
        review: Review = self._get("review", row["review_id"])
        return review, self._model("action", row)

    def append_action_progress(
        self, action_id: int, entry: ProgressEntry, **values: object
    ) -> Action:
        """Add ``entry`` to the action's progress log and write ``values`` (``rag``,
        ``evidence``, ``status`` ...) over its fields, in one transaction.

        The entry is audited as an ``append`` (``new`` holds it as JSON); each changed
        field as an ``update``. The log is never rewritten.

        Raises:
            NotFound: no such action.
        """
        return self._append(action_id, "progress", entry.model_dump(mode="json"), values)

    def append_action_revision(
        self, action_id: int, revision: TargetRevision, **values: object
    ) -> Action:
        """Add a revision of the target date (the old date stays in it), audited as an
        ``append``; ``values`` are written over the action's fields, each audited.

        Raises:
            NotFound: no such action.
        """
        return self._append(action_id, "revisions", revision.model_dump(mode="json"), values)

    def set_action_fields(self, action_id: int, **values: object) -> Action:
        """Write ``values`` over the action's fields (read under the write lock), one audit
        event for each that changes.

        Raises:
            NotFound: no such action.
        """
        with self._write() as conn:
            row = self._get_row("action", action_id)
            old = self._model("action", row)
            self._set(conn, "action", row["review_id"], old, **values)
        result: Action = self._get("action", action_id)
        return result

    def _append(
        self, action_id: int, column: str, line: dict[str, Any], values: dict[str, object]
    ) -> Action:
        with self._write() as conn:
            row = self._get_row("action", action_id)
            review_id = row["review_id"]
            lines = json.loads(row[column] or "[]")
            lines.append(line)
            conn.execute(
                f"UPDATE action SET {column} = ? WHERE id = ?", (to_json(lines), action_id)
            )
            self._audit(conn, review_id, "action", action_id, "append", column, None, to_json(line))
            if values:
                old = self._model("action", self._get_row("action", action_id))
                self._set(conn, "action", review_id, old, **values)
        result: Action = self._get("action", action_id)
        return result

    def action_changes(
        self, field: str, since: dt.datetime | None = None, action_ids: Sequence[int] | None = None
    ) -> list[AuditEvent]:
        """The audited changes of one field of actions (``rag``, ``status``...), oldest
        first, on or after ``since`` when given, of ``action_ids`` when given."""
        sql = "SELECT * FROM audit_event WHERE entity = 'action' AND field = ?"
        params: list[object] = [field]
        if since is not None:
            sql += " AND at >= ?"
            params.append(since.isoformat())
        if action_ids is not None:
            ids = list(action_ids)
            if not ids:
                return []
            sql += f" AND entity_id IN ({', '.join('?' * len(ids))})"
            params.extend(ids)
        return [self._model("audit_event", row) for row in self._rows(sql + " ORDER BY id", params)]
