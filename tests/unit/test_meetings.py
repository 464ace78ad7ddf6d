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
    Decision,
    MeetingKind,
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
