"""The audit aggregate: the trail of recorded changes, and deleting and restoring items."""

from __future__ import annotations

from workshop_tui.domain.capture_kinds import CAPTURE_KIND_NAMES
from workshop_tui.domain.kloe_order import restored
from workshop_tui.domain.models import AuditEvent
from workshop_tui.storage.base import StoreBase
from workshop_tui.storage.errors import NotFound

DELETABLE_KINDS = (*CAPTURE_KIND_NAMES, "participant", "kloe")
"""Kinds ``delete_item`` accepts; deletion is soft, so ``undo_delete`` can restore."""


class AuditStore(StoreBase):
    """Every change to a review, and the soft deletion its trail can undo."""

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
                order = restored(self._kloe_order(conn, review_id), row["id"], row["number"])
                self._renumber(conn, review_id, order)

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
