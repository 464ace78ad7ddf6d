"""Pseudonyms and identifying places: what pseudonymised exports replace."""

from __future__ import annotations

from workshop_tui.domain.models import IdentifyingPlace, Pseudonym
from workshop_tui.storage.base import StoreBase
from workshop_tui.storage.convert import to_json


class PlaceStore(StoreBase):
    """The review's pseudonyms and identifying places."""

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
