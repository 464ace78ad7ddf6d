"""The meetings of a review (issue 13): the workshop, then follow-ups and the sign-off.

Every capture belongs to a meeting: a new one to the review's latest (the meeting
running now). A later meeting starts with "Review previous actions": the actions from
earlier meetings not yet closed come up one by one, and what was said about each is
written twice in one commit: a line in the action's progress log (the tracker's
``record_progress``) and a note of this meeting, which its minutes record.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from workshop_tui.domain.models import (
    Action,
    ActionStatus,
    Attendance,
    Meeting,
    MeetingKind,
    MeetingNote,
    Participant,
    Rag,
)
from workshop_tui.storage.errors import StorageError

if TYPE_CHECKING:
    from workshop_tui.domain.actions import TrackedAction
    from workshop_tui.domain.clock import Clock
    from workshop_tui.services.actions import Actions
    from workshop_tui.storage.repository import Repository


class MeetingRefused(StorageError):
    """A meeting that cannot be started as asked (the workshop is the first and only
    workshop), or minutes that cannot be written; nothing was saved."""


class Meetings:
    """The use cases of this area (see the module's docstring)."""

    def __init__(self, repository: Repository, clock: Clock, actions: Actions) -> None:
        self._repository = repository
        self._clock = clock
        self._actions = actions

    # reads ------------------------------------------------------------------

    def meetings(self, review_id: int) -> list[Meeting]:
        """The review's meetings, the workshop first."""
        return self._repository.meetings(review_id)

    def current(self, review_id: int) -> Meeting | None:
        """The meeting new captures belong to: the latest (None for a review without
        any, which only a database written by a test could hold)."""
        meetings = self.meetings(review_id)
        return meetings[-1] if meetings else None

    def notes(self, review_id: int, meeting_id: int) -> list[MeetingNote]:
        """What the meeting said about earlier actions, in the order said."""
        return self._repository.meeting_notes(review_id, meeting_id)

    def actions_to_review(self, review_id: int, meeting_id: int) -> list[TrackedAction]:
        """The review's actions from meetings before ``meeting_id`` that are not closed,
        in capture order: what "Review previous actions" brings up one by one."""
        earlier = {m.id for m in self.meetings(review_id) if m.id is not None and m.id < meeting_id}
        return [
            row
            for row in self._actions.list_actions()
            if row.review_id == review_id
            and row.action.status != ActionStatus.CLOSED
            and (row.action.meeting_id in earlier or row.action.meeting_id is None)
        ]

    def attendance(self, review_id: int, meeting_id: int) -> list[tuple[Participant, Attendance]]:
        """Each participant of the review and their attendance at the meeting: the
        workshop's is the participant's own; at a later one, as recorded, else invited."""
        meeting = self._meeting(review_id, meeting_id)
        people = self._repository.participants(review_id)
        if meeting.kind == MeetingKind.WORKSHOP:
            return [(p, p.attendance) for p in people]
        recorded = {
            a.participant_id: a.attendance
            for a in self._repository.meeting_attendance(review_id)
            if a.meeting_id == meeting_id
        }
        return [(p, recorded.get(p.id or 0, Attendance.INVITED)) for p in people]

    def present_counts(self, review_id: int) -> Counter[int]:
        """How many were present at each later meeting, by meeting id (one read)."""
        return Counter(
            a.meeting_id
            for a in self._repository.meeting_attendance(review_id)
            if a.attendance == Attendance.PRESENT
        )

    def _meeting(self, review_id: int, meeting_id: int) -> Meeting:
        for meeting in self.meetings(review_id):
            if meeting.id == meeting_id:
                return meeting
        raise MeetingRefused(f"the review has no meeting {meeting_id}; nothing was saved")

    # writes -----------------------------------------------------------------

    def set_attendance(
        self, review_id: int, meeting_id: int, participant_id: int, attendance: Attendance
    ) -> Attendance:
        """Record whether a participant was at the meeting (committed at once, audited).
        At the workshop this is the participant's own attendance, as on Prepare.

        Raises:
            MeetingRefused: no such meeting or participant in the review; nothing saved.
        """
        meeting = self._meeting(review_id, meeting_id)
        if participant_id not in {p.id for p in self._repository.participants(review_id)}:
            raise MeetingRefused(
                f"the review has no participant {participant_id}; nothing was saved"
            )
        if meeting.kind == MeetingKind.WORKSHOP:
            return self._repository.set_attendance(participant_id, attendance).attendance
        stored = self._repository.set_meeting_attendance(
            review_id, meeting_id, participant_id, attendance
        )
        return stored.attendance

    def start(self, review_id: int, kind: MeetingKind, date: dt.date | None = None) -> Meeting:
        """Start a later meeting of the review (a follow-up or the sign-off), dated
        ``date`` (today if None); from now on new captures belong to it. Audited.

        Raises:
            MeetingRefused: a second workshop; nothing saved.
        """
        if kind == MeetingKind.WORKSHOP:
            raise MeetingRefused("a review has one workshop, its first meeting; nothing was saved")
        now = self._clock()
        meeting = Meeting(kind=kind, date=date or now.date(), started_at=now)
        return self._repository.add_meeting(review_id, meeting)

    def record_update(
        self,
        review_id: int,
        meeting_id: int,
        action_id: int,
        text: str,
        rag: Rag | None = None,
        evidence: str = "",
        *,
        by: str = "",
    ) -> Action:
        """What the meeting said about an earlier action: a line in its progress log
        (with the new RAG and any evidence) and a note in this meeting's minutes, in one
        commit. Returns the action as stored.

        Raises:
            ActionRefused: empty text; nothing saved. NotFound: no such action.
        """
        repository = self._repository
        with repository.atomic():
            action = self._actions.record_progress(action_id, text, rag, evidence, by=by)
            note = MeetingNote(
                meeting_id=meeting_id,
                action_id=action_id,
                text=text.strip(),
                rag=action.rag,
                status=action.status,
                by=by.strip(),
                at=self._clock(),
            )
            repository.add_meeting_note(review_id, note)
        return action

    # documents --------------------------------------------------------------

    def minutes(self, review_id: int, meeting_id: int, fmt: str = "md") -> bytes:
        """The minutes of one meeting, as Markdown (``md``) or Word (``docx``)."""
        from workshop_tui.exporters.meeting_minutes import render_meeting_minutes

        data = self._repository.load_review(review_id)
        return render_meeting_minutes(data, meeting_id, fmt, self._clock())

    def write_minutes(self, review_id: int, meeting_id: int, target: Path) -> Path:
        """Write one meeting's minutes to ``target`` (the format from its extension: .md
        or .docx), atomically, owner-only.

        Raises:
            MeetingRefused: the extension is neither, or the file cannot be written (the
                message says why); nothing is written.
        """
        from workshop_tui.exporters import ExportError, write_atomic

        fmt = target.suffix.lower().lstrip(".")
        try:
            content = self.minutes(review_id, meeting_id, fmt)
            write_atomic(target, content, protected=self._protected())
        except (ExportError, OSError) as error:
            raise MeetingRefused(f"{target}: {error}") from None
        return target

    def _protected(self) -> tuple[Path, ...]:
        path = self._repository.path
        return (path,) if path is not None else ()
