"""The minutes of one meeting of a review (issue 13).

The workshop's are the workshop minutes (``minutes.build_minutes``) of what was
captured at it. A later meeting's (a follow-up, the sign-off) say when it was, who
attended (as recorded for that meeting), what was said about each earlier action
("Review of previous actions": the words, the RAG and status after), then what was
captured at it: decisions, new actions, findings and perspectives. Action references
(A1, A2...) are the whole review's, as in its plan.
"""

from __future__ import annotations

import datetime as dt

from workshop_tui.domain.models import Attendance, Meeting, MeetingKind, ReviewData

from .blocks import Document, details, spans
from .errors import ExportError
from .markdown_writer import render_markdown
from .minutes import (
    PEOPLE_COLUMNS,
    action_table,
    decision_item,
    finding_item,
    people_rows,
    perspective_item,
)
from .review_view import ReviewView
from .text import hhmm, uk_date
from .word_writer import render_word

MEETING_NAMES = {
    MeetingKind.WORKSHOP: "Workshop",
    MeetingKind.FOLLOW_UP: "Follow-up meeting",
    MeetingKind.SIGN_OFF: "Sign-off meeting",
}


def meeting_label(meeting: Meeting, number: int) -> str:
    """``Follow-up meeting 2, 07/12/2026`` (the number counts the review's meetings)."""
    date = uk_date(meeting.date)
    return f"{MEETING_NAMES[meeting.kind]} {number}" + (f", {date}" if date else "")


def _meeting(data: ReviewData, meeting_id: int) -> tuple[Meeting, int]:
    for number, meeting in enumerate(data.meetings, 1):
        if meeting.id == meeting_id:
            return meeting, number
    raise ExportError(f"review {data.review.reference} has no meeting {meeting_id}")


def of_meeting(data: ReviewData, meeting_id: int) -> ReviewData:
    """``data`` with only the captures made at the meeting (the first meeting, the
    workshop, also keeps any capture without a meeting)."""
    first = data.meetings[0].id if data.meetings else None

    def ours(item_meeting: int | None) -> bool:
        return item_meeting == meeting_id or (item_meeting is None and meeting_id == first)

    return data.model_copy(
        update={
            "perspectives": [p for p in data.perspectives if ours(p.meeting_id)],
            "findings": [f for f in data.findings if ours(f.meeting_id)],
            "actions": [a for a in data.actions if ours(a.meeting_id)],
            "escalations": [e for e in data.escalations if ours(e.meeting_id)],
            "decisions": [d for d in data.decisions if ours(d.meeting_id)],
        }
    )


def build_meeting_minutes(data: ReviewData, meeting_id: int) -> Document:
    """The minutes of meeting ``meeting_id`` of the review (see the module)."""
    from .minutes import build_minutes

    meeting, number = _meeting(data, meeting_id)
    ours = of_meeting(data, meeting_id)
    if meeting.kind == MeetingKind.WORKSHOP:
        return build_minutes(ours)
    review = data.review
    whole = ReviewView(data)
    view = ReviewView(ours)
    label = meeting_label(meeting, number)
    doc = Document(
        title=f"Minutes: {label}. {review.title}",
        marking=review.marking,
        footer_label=f"{review.reference} {MEETING_NAMES[meeting.kind].lower()} minutes",
    )
    doc.blocks.append(
        details(
            ("Partnership", review.partnership),
            ("Review", f"{review.title} ({review.reference})"),
            ("Meeting", label),
            ("Started", hhmm(meeting.started_at) or "Not recorded"),
            ("Chair", review.lead_reviewer or "Not recorded"),
            ("Note-taker", review.note_taker or "Not recorded"),
        )
    )
    _attendance_at(doc, data, meeting_id)
    doc.heading(1, "Review of previous actions")
    notes = [n for n in data.meeting_notes if n.meeting_id == meeting_id]
    actions = {a.id: a for a in data.actions if a.id is not None}
    if notes:
        rows = []
        for note in notes:
            action = actions.get(note.action_id)
            ref = whole.action_ref(action) if action else f"Action {note.action_id}"
            what = f"{ref}: {action.description}" if action else ref
            rows.append(
                (
                    what,
                    action.owner if action else "",
                    note.text + (f" ({note.by})" if note.by else ""),
                    note.rag.value.upper() if note.rag else "Not given",
                    str(note.status.value).capitalize() if note.status else "",
                )
            )
        doc.table(
            [
                ("Action", 5.0),
                ("Owner", 2.6),
                ("What was said", 5.4),
                ("RAG", 1.4),
                ("Status", 2.0),
            ],
            rows,
        )
    else:
        doc.note("No earlier actions were reviewed at this meeting.")
    doc.heading(1, "Decisions")
    if ours.decisions:
        doc.bullets([decision_item(view, d) for d in ours.decisions])
    else:
        doc.note("No decisions were recorded.")
    doc.heading(1, "New actions")
    if ours.actions:
        action_table(doc, whole, ours.actions)
    else:
        doc.note("No new actions were agreed.")
    if ours.findings:
        doc.heading(1, "Findings")
        doc.bullets([finding_item(whole, f) for f in ours.findings])
    if ours.perspectives:
        doc.heading(1, "What was said")
        doc.bullets([perspective_item(view, p) for p in ours.perspectives])
    if ours.escalations:
        doc.heading(1, "Case-specific escalations")
        doc.bullets([spans(e.description) for e in ours.escalations])
    return doc


def _attendance_at(doc: Document, data: ReviewData, meeting_id: int) -> None:
    """Who was at a later meeting, as recorded on the Meetings screen (``p``)."""
    recorded = {
        a.participant_id: a.attendance
        for a in data.meeting_attendance
        if a.meeting_id == meeting_id
    }
    doc.heading(1, "Attendance")
    if not recorded:
        doc.note("Attendance was not recorded for this meeting.")
        return
    view = ReviewView(data)
    for label, attendance in (
        ("Present", Attendance.PRESENT),
        ("Apologies", Attendance.APOLOGIES),
        ("Did not attend", Attendance.ABSENT),
    ):
        people = [p for p in data.participants if recorded.get(p.id or 0) == attendance]
        if people:
            doc.heading(2, label)
            doc.table(PEOPLE_COLUMNS, people_rows(view, people))


def render_meeting_minutes(
    data: ReviewData, meeting_id: int, fmt: str, generated_at: dt.datetime
) -> bytes:
    """The meeting's minutes as Markdown (``md``) or Word (``docx``).

    Raises:
        ExportError: another format, or no such meeting.
    """
    doc = build_meeting_minutes(data, meeting_id)
    if fmt == "md":
        return render_markdown(doc, generated_at).encode("utf-8")
    if fmt == "docx":
        return render_word(doc, generated_at)
    raise ExportError(f"a meeting's minutes are written as .md or .docx, not .{fmt}")
