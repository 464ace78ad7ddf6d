"""The meetings of a review (the workshop, follow-ups, the sign-off) and what a later
meeting said about an earlier meeting's actions."""

from __future__ import annotations

from workshop_tui.domain.models import Meeting, MeetingNote
from workshop_tui.storage.base import StoreBase


class MeetingStore(StoreBase):
    """Meetings and meeting notes, audited like every other write."""

    def meetings(self, review_id: int) -> list[Meeting]:
        """The review's meetings, first (the workshop) first."""
        return self._select("meeting", "review_id = ?", (review_id,))

    def add_meeting(self, review_id: int, meeting: Meeting) -> Meeting:
        """Store a new meeting of the review (audited)."""
        return self._add("meeting", review_id, meeting)

    def meeting_notes(self, review_id: int, meeting_id: int | None = None) -> list[MeetingNote]:
        """What meetings said about actions, in the order said (one meeting's, if given)."""
        if meeting_id is None:
            return self._select("meeting_note", "review_id = ?", (review_id,))
        return self._select(
            "meeting_note", "review_id = ? AND meeting_id = ?", (review_id, meeting_id)
        )

    def add_meeting_note(self, review_id: int, note: MeetingNote) -> MeetingNote:
        """Store what a meeting said about an action (audited)."""
        return self._add("meeting_note", review_id, note)
