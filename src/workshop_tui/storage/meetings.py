"""The meetings of a review (the workshop, follow-ups, the sign-off) and what a later
meeting said about an earlier meeting's actions."""

from __future__ import annotations

from workshop_tui.domain.models import Attendance, Meeting, MeetingAttendance, MeetingNote
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

    def meeting_attendance(self, review_id: int) -> list[MeetingAttendance]:
        """Who was at each later meeting, as recorded (participants deleted since left out)."""
        return self._select(
            "meeting_attendance",
            "review_id = ? AND participant_id IN"
            " (SELECT id FROM participant WHERE deleted_at IS NULL)",
            (review_id,),
        )

    def set_meeting_attendance(
        self, review_id: int, meeting_id: int, participant_id: int, attendance: Attendance
    ) -> MeetingAttendance:
        """Record whether a participant was at a meeting (committed at once, audited)."""
        with self._write() as conn:
            old = conn.execute(
                "SELECT attendance FROM meeting_attendance"
                " WHERE meeting_id = ? AND participant_id = ?",
                (meeting_id, participant_id),
            ).fetchone()
            conn.execute(
                "INSERT INTO meeting_attendance"
                " (review_id, meeting_id, participant_id, attendance) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (meeting_id, participant_id)"
                " DO UPDATE SET attendance = excluded.attendance",
                (review_id, meeting_id, participant_id, attendance.value),
            )
            row_id = conn.execute(
                "SELECT id FROM meeting_attendance WHERE meeting_id = ? AND participant_id = ?",
                (meeting_id, participant_id),
            ).fetchone()[0]
            self._audit(
                conn,
                review_id,
                "meeting_attendance",
                row_id,
                "update" if old else "create",
                "attendance",
                old[0] if old else None,
                attendance.value,
            )
        return MeetingAttendance(
            id=row_id, meeting_id=meeting_id, participant_id=participant_id, attendance=attendance
        )
