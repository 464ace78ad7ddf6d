"""Meetings of a review (issue 13): the migration that gives every stored review its
workshop meeting and keeps every capture, and the use cases of services.meetings."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from workshop_tui.domain.clock import frozen_clock
from workshop_tui.domain.models import (
    Action,
    Attendance,
    Decision,
    MeetingKind,
    Participant,
    Perspective,
    Rag,
    Review,
    ReviewData,
)
from workshop_tui.services import Services
from workshop_tui.services.actions import ActionRefused
from workshop_tui.services.meetings import MeetingRefused
from workshop_tui.storage import connection
from workshop_tui.storage.repository import Repository
from workshop_tui.storage.schema import MIGRATIONS, _meetings

NOW = dt.datetime(2026, 12, 7, 14, 0)


def test_the_migration_puts_every_capture_deleted_ones_too_in_the_review_s_workshop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.db"
    before = MIGRATIONS.index(_meetings)
    with monkeypatch.context() as patch:
        patch.setattr(connection, "MIGRATIONS", MIGRATIONS[:before])
        patch.setattr(connection, "SCHEMA_VERSION", before)
        with Repository.open(path, clock=frozen_clock(NOW)) as repo:
            for reference, day in (("LR-1", dt.date(2026, 3, 4)), ("LR-2", None)):
                repo.create_review(
                    ReviewData(
                        review=Review(reference=reference, title="Old", workshop_date=day),
                        perspectives=[Perspective(text="Said then.", speaker_name="Ann")],
                        actions=[Action(description="Do it."), Action(description="Gone.")],
                        decisions=[Decision(text="Decided.", speaker_name="the panel")],
                    )
                )
            gone = repo.actions(repo.get_review("LR-1").id or 0)[1]
            repo.delete_item("action", gone.id or 0)
    with Repository.open(path, clock=frozen_clock(NOW)) as repo:
        for reference, day in (("LR-1", dt.date(2026, 3, 4)), ("LR-2", None)):
            review_id = repo.get_review(reference).id or 0
            (workshop,) = repo.meetings(review_id)
            assert (workshop.kind, workshop.date) == (MeetingKind.WORKSHOP, day)
            captured = [
                *repo.perspectives(review_id),
                *repo.actions(review_id),
                *repo.captures("decision", review_id),
            ]
            assert len(captured) == (3 if reference == "LR-1" else 4)
            assert {c.meeting_id for c in captured} == {workshop.id}
    conn = sqlite3.connect(path)
    try:  # the deleted action too (its undo brings it back in its meeting)
        rows = conn.execute("SELECT description, meeting_id FROM action").fetchall()
    finally:
        conn.close()
    assert all(meeting_id is not None for _, meeting_id in rows) and len(rows) == 4


@pytest.fixture
def services() -> Services:
    repo = Repository.memory(clock=frozen_clock(NOW))
    repo.create_review(ReviewData(review=Review(reference="LR-9", title="Child Z")))
    return Services(repo, frozen_clock(NOW))


def test_a_follow_up_takes_the_new_captures_and_reviews_the_earlier_actions(
    services: Services,
) -> None:
    review_id = services.reviews.get("LR-9").id or 0
    (workshop,) = services.meetings.meetings(review_id)
    early = services.captures.save(review_id, Action(description="Early action.", owner="DSL"))
    assert early.meeting_id == workshop.id
    with pytest.raises(MeetingRefused):
        services.meetings.start(review_id, MeetingKind.WORKSHOP)
    follow_up = services.meetings.start(review_id, MeetingKind.FOLLOW_UP, dt.date(2027, 1, 9))
    assert services.meetings.current(review_id) == follow_up
    assert (follow_up.date, follow_up.started_at) == (dt.date(2027, 1, 9), NOW)
    late = services.captures.save(review_id, Action(description="Late action."))
    assert late.meeting_id == follow_up.id
    # Only the earlier meeting's actions come up at the follow-up.
    assert [r.id for r in services.meetings.actions_to_review(review_id, follow_up.id or 0)] == [
        early.id
    ]
    updated = services.meetings.record_update(
        review_id, follow_up.id or 0, early.id or 0, " Half done. ", Rag.AMBER, by="DSL"
    )
    assert updated.rag == Rag.AMBER and updated.progress[-1].text == "Half done."
    (note,) = services.meetings.notes(review_id, follow_up.id or 0)
    assert (note.action_id, note.text, note.rag, note.by, note.at) == (
        early.id,
        "Half done.",
        Rag.AMBER,
        "DSL",
        NOW,
    )


def test_an_empty_update_saves_neither_the_progress_nor_the_note(services: Services) -> None:
    review_id = services.reviews.get("LR-9").id or 0
    action = services.captures.save(review_id, Action(description="An action."))
    follow_up = services.meetings.start(review_id, MeetingKind.FOLLOW_UP)
    with pytest.raises(ActionRefused):
        services.meetings.record_update(review_id, follow_up.id or 0, action.id or 0, "  ")
    assert services.meetings.notes(review_id, follow_up.id or 0) == []
    assert services.actions.get(action.id or 0).action.progress == []


def test_attendance_at_a_later_meeting_is_its_own_and_the_workshop_s_the_participant_s(
    services: Services,
) -> None:
    review_id = services.reviews.get("LR-9").id or 0
    cora, dev = (
        services.prepare.save_participant(review_id, Participant(name=name, role="DSL"))
        for name in ("Cora Wren", "Dev Oakes")
    )
    assert cora.id is not None and dev.id is not None
    (workshop,) = services.meetings.meetings(review_id)
    follow_up = services.meetings.start(review_id, MeetingKind.FOLLOW_UP)
    assert workshop.id is not None and follow_up.id is not None
    services.meetings.set_attendance(review_id, workshop.id, cora.id, Attendance.PRESENT)
    services.meetings.set_attendance(review_id, follow_up.id, cora.id, Attendance.APOLOGIES)
    services.meetings.set_attendance(review_id, follow_up.id, dev.id, Attendance.PRESENT)
    services.meetings.set_attendance(review_id, follow_up.id, dev.id, Attendance.ABSENT)

    def at(meeting_id: int) -> list[tuple[str, Attendance]]:
        return [(p.name, a) for p, a in services.meetings.attendance(review_id, meeting_id)]

    assert at(workshop.id) == [("Cora Wren", Attendance.PRESENT), ("Dev Oakes", "invited")]
    assert at(follow_up.id) == [("Cora Wren", "apologies"), ("Dev Oakes", "absent")]
    changes = [
        (e.old, e.new)
        for e in services.reviews.history(review_id)
        if e.entity == "meeting_attendance"
    ]
    assert changes == [(None, "apologies"), (None, "present"), ("present", "absent")]
    with pytest.raises(MeetingRefused, match="no participant 999"):
        services.meetings.set_attendance(review_id, follow_up.id, 999, Attendance.PRESENT)
    with pytest.raises(MeetingRefused, match="no meeting 999"):
        services.meetings.set_attendance(review_id, 999, dev.id, Attendance.PRESENT)

    # The archive carries it to another database, following the new ids.
    from workshop_tui.exporters import render
    from workshop_tui.importers.archive import read_archive

    data = services.exports.load(review_id)
    back = read_archive(render(data, "archive", "json", generated_at=NOW))
    other = Services(Repository.memory(clock=frozen_clock(NOW)), frozen_clock(NOW))
    other.reviews.create(ReviewData(review=Review(reference="LR-1", title="First")))
    copy = other.reviews.create(back)
    assert copy.id is not None
    meetings = other.meetings.meetings(copy.id)
    assert meetings[1].id != follow_up.id
    assert [(p.name, a) for p, a in other.meetings.attendance(copy.id, meetings[1].id or 0)] == [
        ("Cora Wren", "apologies"),
        ("Dev Oakes", "absent"),
    ]


def test_an_archive_with_attendance_that_leads_nowhere_is_refused(services: Services) -> None:
    import json

    from workshop_tui.domain.problems import InputError
    from workshop_tui.exporters import render
    from workshop_tui.importers.archive import read_archive

    review_id = services.reviews.get("LR-9").id or 0
    document = json.loads(
        render(services.exports.load(review_id), "archive", "json", generated_at=NOW)
    )
    document["meeting_attendance"] = [
        {"meeting_id": 77, "participant_id": 5, "attendance": "present"}
    ]
    with pytest.raises(InputError) as refused:
        read_archive(json.dumps(document).encode(), name="forged.json")
    said = str(refused.value)
    assert "$.meeting_attendance[0].meeting_id: no meeting with id 77" in said
