"""The workshop aggregate: the review's and each KLOE's status, and the workshop log."""

from __future__ import annotations

import sqlite3

from workshop_tui.domain import workshop_state
from workshop_tui.domain.models import Kloe, Review, WorkshopLogEntry
from workshop_tui.domain.workshop_state import WorkshopStep
from workshop_tui.storage.base import StoreBase
from workshop_tui.storage.errors import NotFound


class WorkshopStore(StoreBase):
    """Running the workshop: starting and ending it and each KLOE, with their log."""

    def _open_logs(self, review_id: int) -> list[WorkshopLogEntry]:
        """The review's log rows not ended yet, in the order they were opened."""
        return self._select("workshop_log", "review_id = ? AND ended_at IS NULL", (review_id,))

    def _step(
        self,
        conn: sqlite3.Connection,
        review_id: int,
        step: WorkshopStep,
        kloe: Kloe | None = None,
    ) -> None:
        """Write what ``step`` decided: close its log rows, then open one (for ``kloe``, or the
        workshop's) and set the statuses, each audited."""
        now = self._now().isoformat() if step.close else ""
        for log_id in step.close:
            conn.execute("UPDATE workshop_log SET ended_at = ? WHERE id = ?", (now, log_id))
            self._audit(conn, review_id, "workshop_log", log_id, "update", "ended_at", None, now)
        if step.review_status is not None:
            review: Review = self._get("review", review_id)
            self._set(conn, "review", review_id, review, status=step.review_status)
        if step.open_log:
            log = WorkshopLogEntry(
                kloe_id=None if kloe is None else kloe.id, started_at=self._now()
            )
            self._insert(conn, "workshop_log", review_id, log)
        if kloe is not None and step.kloe_status is not None:
            self._set(conn, "kloe", review_id, kloe, status=step.kloe_status)

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
            step = workshop_state.start_workshop(self._open_logs(review_id))
            self._step(conn, review_id, step)
        review: Review = self._get("review", review_id)
        return review

    def end_workshop(self, review_id: int) -> Review:
        """Close every open log row and set the review to "draft minutes".

        Raises:
            NotFound: no such review; nothing is written.
        """
        with self._write() as conn:
            step = workshop_state.end_workshop(self._open_logs(review_id))
            self._step(conn, review_id, step)
        review: Review = self._get("review", review_id)
        return review

    def start_kloe(self, review_id: int, kloe_id: int) -> Kloe:
        """Start discussing a KLOE: close any open KLOE log row, open one, mark in progress.

        A KLOE left open this way keeps its status (it was not finished).
        """
        with self._write() as conn:
            kloe = self._kloe_of(review_id, kloe_id)
            step = workshop_state.start_kloe(self._open_logs(review_id))
            self._step(conn, review_id, step, kloe)
        result: Kloe = self._get("kloe", kloe_id)
        return result

    def end_kloe(self, review_id: int, kloe_id: int) -> Kloe:
        """Finish a KLOE: close its log row and mark it done."""
        with self._write() as conn:
            kloe = self._kloe_of(review_id, kloe_id)
            step = workshop_state.end_kloe(self._open_logs(review_id), kloe_id)
            self._step(conn, review_id, step, kloe)
        result: Kloe = self._get("kloe", kloe_id)
        return result

    def workshop_log(self, review_id: int) -> list[WorkshopLogEntry]:
        """When the workshop and each KLOE started and ended, in order."""
        return self._select("workshop_log", "review_id = ?", (review_id,))
