"""The action plan followed after the workshop (issue 13): the rules, the migration,
and the use cases of ``services.actions`` (each audited, all or nothing)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workshop_tui.domain import actions as rules
from workshop_tui.domain.actions import ActionFilters, MoveRefused
from workshop_tui.domain.clock import frozen_clock
from workshop_tui.domain.models import (
    Action,
    ActionStatus,
    Agency,
    Assurance,
    Rag,
    Review,
    ReviewData,
)
from workshop_tui.services import Services
from workshop_tui.services.actions import ActionRefused
from workshop_tui.storage import connection
from workshop_tui.storage.repository import Repository
from workshop_tui.storage.schema import MIGRATIONS, _action_tracker

NOW = dt.datetime(2027, 3, 10, 14, 0)
TODAY = NOW.date()


def _action(**values: Any) -> Action:
    return Action(description="Train the front door on cumulative harm", **values)


# the rules ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (ActionStatus.OPEN, ActionStatus.IN_PROGRESS),
        (ActionStatus.IN_PROGRESS, ActionStatus.COMPLETED),
    ],
)
def test_forward_one_step_is_allowed(start: ActionStatus, to: ActionStatus) -> None:
    rules.check_move(_action(status=start), to)


def test_closing_needs_evidence_of_completion() -> None:
    with pytest.raises(MoveRefused, match="evidence"):
        rules.check_move(_action(status=ActionStatus.COMPLETED), ActionStatus.CLOSED)
    with pytest.raises(MoveRefused, match="evidence"):
        rules.check_move(_action(status=ActionStatus.COMPLETED, evidence="  "), ActionStatus.CLOSED)
    rules.check_move(
        _action(status=ActionStatus.COMPLETED, evidence="Audit of 20 files"), ActionStatus.CLOSED
    )


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (ActionStatus.OPEN, ActionStatus.COMPLETED),
        (ActionStatus.OPEN, ActionStatus.CLOSED),
        (ActionStatus.IN_PROGRESS, ActionStatus.CLOSED),
    ],
)
def test_no_step_is_skipped(start: ActionStatus, to: ActionStatus) -> None:
    with pytest.raises(MoveRefused, match="before"):
        rules.check_move(_action(status=start, evidence="x"), to)


def test_reopening_needs_a_reason_and_goes_to_in_progress_only() -> None:
    done = _action(status=ActionStatus.CLOSED, evidence="x")
    with pytest.raises(MoveRefused, match="reason"):
        rules.check_move(done, ActionStatus.IN_PROGRESS)
    rules.check_move(done, ActionStatus.IN_PROGRESS, reason="the audit found no change")
    with pytest.raises(MoveRefused, match="only to in progress"):
        rules.check_move(done, ActionStatus.OPEN, reason="why not")
    with pytest.raises(MoveRefused, match="already"):
        rules.check_move(done, ActionStatus.CLOSED)


@given(
    start=st.sampled_from(list(ActionStatus)),
    to=st.sampled_from(list(ActionStatus)),
    evidence=st.sampled_from(["", "Audit report"]),
    reason=st.sampled_from(["", "Audit found gaps"]),
)
def test_every_allowed_move_keeps_to_the_rules(
    start: ActionStatus, to: ActionStatus, evidence: str, reason: str
) -> None:
    action = _action(status=start, evidence=evidence)
    try:
        rules.check_move(action, to, reason=reason)
    except MoveRefused:
        return
    forward = rules.ORDER.index(to) - rules.ORDER.index(start)
    assert forward == 1 or (to == ActionStatus.IN_PROGRESS and start in rules.DONE and reason)
    assert to != ActionStatus.CLOSED or evidence
    assert to in rules.allowed_moves(action)


def test_overdue_and_due_soon_follow_the_revised_target() -> None:
    late = _action(target_date=TODAY - dt.timedelta(days=3), status=ActionStatus.IN_PROGRESS)
    assert rules.is_overdue(late, TODAY)
    assert rules.due_words(late, TODAY) == "OVERDUE by 3 days"
    assert not rules.is_overdue(late.model_copy(update={"status": ActionStatus.COMPLETED}), TODAY)
    soon = _action(target_date=TODAY + dt.timedelta(days=30))
    assert rules.is_due_soon(soon, TODAY) and not rules.is_overdue(soon, TODAY)
    assert rules.due_words(soon, TODAY) == "due in 30 days"
    assert not rules.is_due_soon(_action(target_date=TODAY + dt.timedelta(days=31)), TODAY)


def test_parsing_statuses_rags_and_ratings() -> None:
    assert rules.parse_status("In_Progress") == ActionStatus.IN_PROGRESS
    assert rules.parse_rag("A") == Rag.AMBER
    assert rules.parse_assurance("limited assurance") == Assurance.LIMITED
    with pytest.raises(ValueError, match="red, amber or green"):
        rules.parse_rag("blue")


# the migration ----------------------------------------------------------------------


def test_an_older_database_keeps_every_action_value_and_maps_the_old_statuses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.db"
    legacy = ["not started", "on track", "at risk", "off track", "complete"]
    before = MIGRATIONS.index(_action_tracker)  # other migrations may follow it
    with monkeypatch.context() as patch:
        patch.setattr(connection, "MIGRATIONS", MIGRATIONS[:before])
        patch.setattr(connection, "SCHEMA_VERSION", before)
        with Repository.open(path, clock=frozen_clock(NOW)) as repo:
            repo.create_review(
                ReviewData(
                    review=Review(reference="LR-OLD", title="Old review"),
                    actions=[
                        _action(owner=f"Owner {i}", target_date=dt.date(2027, 1, i + 1))
                        for i in range(len(legacy))
                    ],
                )
            )
    conn = sqlite3.connect(path)
    for i, status in enumerate(legacy):
        conn.execute("UPDATE action SET status = ? WHERE owner = ?", (status, f"Owner {i}"))
    conn.commit()
    conn.close()
    with Repository.open(path, clock=frozen_clock(NOW)) as repo:
        review = repo.get_review("LR-OLD")
        assert review.id is not None
        stored = repo.actions(review.id)
    assert [(a.status, a.rag) for a in stored] == [
        (ActionStatus.OPEN, None),
        (ActionStatus.IN_PROGRESS, Rag.GREEN),
        (ActionStatus.IN_PROGRESS, Rag.AMBER),
        (ActionStatus.IN_PROGRESS, Rag.RED),
        (ActionStatus.COMPLETED, None),
    ]
    assert [a.owner for a in stored] == [f"Owner {i}" for i in range(5)]
    assert [a.target_date for a in stored] == [dt.date(2027, 1, i + 1) for i in range(5)]
    first = stored[0]
    assert (first.progress, first.revisions, first.milestones) == ([], [], [])
    assert (first.evidence, first.scope, first.assurance) == ("", None, None)


# the use cases ------------------------------------------------------------------------


@pytest.fixture
def services() -> Services:
    repo = Repository.memory(clock=frozen_clock(NOW))
    for reference, agency in (("LR-1", "police"), ("LR-2", "health")):
        repo.create_review(
            ReviewData(
                review=Review(reference=reference, title=f"Child {reference}"),
                agencies=[Agency(key=agency, name=agency.title() + " Service")],
                actions=[
                    _action(
                        owner="Designated Nurse",
                        lead_agency=agency,
                        target_date=TODAY - dt.timedelta(days=10),
                    ),
                    _action(owner="Head of Front Door", target_date=TODAY + dt.timedelta(days=20)),
                ],
            )
        )
    return Services(repo, frozen_clock(NOW))


def _first(services: Services) -> int:
    return services.actions.list_actions()[0].id


def _history(services: Services, action_id: int) -> list[tuple[str, str, str | None]]:
    events = services.repository.action_changes("status") + services.repository.action_changes(
        "progress"
    )
    return [(e.change, e.field, e.new) for e in events if e.entity_id == action_id]


def test_list_across_reviews_with_filters(services: Services) -> None:
    rows = services.actions.list_actions()
    assert [r.review_reference for r in rows] == ["LR-1", "LR-1", "LR-2", "LR-2"]
    overdue = services.actions.list_actions(ActionFilters(overdue=True))
    assert [r.due for r in overdue] == ["OVERDUE by 10 days"] * 2
    assert len(services.actions.list_actions(ActionFilters(due_soon=True))) == 2
    nurse = services.actions.list_actions(ActionFilters(owner="nurse", review="lr-2"))
    assert [(r.review_reference, r.action.owner) for r in nurse] == [("LR-2", "Designated Nurse")]
    by_name = services.actions.list_actions(ActionFilters(agency="health serv"))
    assert [r.action.lead_agency for r in by_name] == ["health"]
    assert services.actions.owners_matching("DOOR") == ["Head of Front Door"]
    groups = services.actions.by_owner()
    assert [(owner, len(rows)) for owner, rows in groups] == [
        ("Designated Nurse", 2),
        ("Head of Front Door", 2),
    ]


def test_progress_log_is_appended_dated_and_audited(services: Services) -> None:
    action_id = _first(services)
    services.actions.record_progress(action_id, "Training booked", Rag.AMBER, by="QA lead")
    saved = services.actions.record_progress(
        action_id, "Half the team trained", evidence="Attendance list"
    )
    assert [(p.text, p.rag, p.by, p.at) for p in saved.progress] == [
        ("Training booked", Rag.AMBER, "QA lead", NOW),
        ("Half the team trained", None, "", NOW),
    ]
    assert saved.rag == Rag.AMBER  # an update without a RAG leaves it
    assert saved.evidence == "Attendance list"
    again = services.actions.record_progress(action_id, "All trained", evidence="Second list")
    assert again.evidence == "Attendance list\nSecond list"  # added, never overwritten
    appended = [e for e in _history(services, action_id) if e[0] == "append"]
    assert len(appended) == 3 and "Training booked" in (appended[0][2] or "")
    with pytest.raises(ActionRefused, match="text"):
        services.actions.record_progress(action_id, "   ")


def test_every_status_move_through_the_service(services: Services) -> None:
    action_id = _first(services)
    with pytest.raises(ActionRefused, match="before"):
        services.actions.move(action_id, ActionStatus.COMPLETED)
    services.actions.move(action_id, ActionStatus.IN_PROGRESS)
    services.actions.move(action_id, ActionStatus.COMPLETED)
    with pytest.raises(ActionRefused, match="evidence"):
        services.actions.move(action_id, ActionStatus.CLOSED)
    assert services.actions.get(action_id).action.status == ActionStatus.COMPLETED
    services.actions.record_progress(action_id, "Audit done", evidence="Audit of 20 files")
    closed = services.actions.move(action_id, ActionStatus.CLOSED)
    assert closed.status == ActionStatus.CLOSED
    reopened = services.actions.move(action_id, ActionStatus.IN_PROGRESS, reason="Gaps found")
    assert reopened.progress[-1].text == "closed -> in progress: Gaps found"
    moves = [(e[2]) for e in _history(services, action_id) if e[1] == "status"]
    assert moves == ["in progress", "completed", "closed", "in progress"]


def test_one_update_can_bring_the_evidence_and_close(services: Services) -> None:
    action_id = _first(services)
    services.actions.move(action_id, ActionStatus.IN_PROGRESS)
    services.actions.move(action_id, ActionStatus.COMPLETED)
    done = services.actions.record_progress(
        action_id, "Signed off", evidence="Audit", status=ActionStatus.CLOSED
    )
    assert (done.status, done.evidence) == (ActionStatus.CLOSED, "Audit")


def test_a_refused_move_inside_an_update_saves_nothing(services: Services) -> None:
    action_id = _first(services)
    with pytest.raises(ActionRefused):
        services.actions.record_progress(action_id, "Done", Rag.GREEN, status=ActionStatus.CLOSED)
    action = services.actions.get(action_id).action
    assert (action.progress, action.rag, action.status) == ([], None, ActionStatus.OPEN)


def test_revised_target_keeps_the_old_date(services: Services) -> None:
    action_id = _first(services)
    agreed = services.actions.get(action_id).action.target_date
    first = services.actions.revise_target(action_id, dt.date(2027, 6, 30), "Trainer off sick")
    second = services.actions.revise_target(action_id, dt.date(2027, 9, 30), "Venue lost")
    assert first.current_target == dt.date(2027, 6, 30)
    assert second.target_date == agreed  # the agreed date is never overwritten
    assert [(r.previous, r.target, r.reason) for r in second.revisions] == [
        (agreed, dt.date(2027, 6, 30), "Trainer off sick"),
        (dt.date(2027, 6, 30), dt.date(2027, 9, 30), "Venue lost"),
    ]
    assert not services.actions.get(action_id).overdue
    with pytest.raises(ActionRefused, match="reason"):
        services.actions.revise_target(action_id, dt.date(2027, 12, 1), " ")
    events = services.repository.action_changes("revisions")
    assert [e.change for e in events] == ["append", "append"]


def test_assurance_and_details_are_audited(services: Services) -> None:
    action_id = _first(services)
    services.actions.rate_assurance(action_id, Assurance.LIMITED, impact="Fewer re-referrals")
    services.actions.set_details(action_id, milestones=["Training", "Audit"], scope="multi-agency")
    action = services.actions.get(action_id).action
    assert (action.assurance, action.impact) == (Assurance.LIMITED, "Fewer re-referrals")
    assert action.milestones == ["Training", "Audit"]
    assert [e.new for e in services.repository.action_changes("assurance")] == ["Limited"]
    with pytest.raises(ActionRefused, match="own use cases"):
        services.actions.set_details(action_id, status="closed")
    with pytest.raises(ActionRefused, match="not saved"):
        services.actions.set_details(action_id, scope="galactic")


def test_the_capture_form_cannot_skip_the_rules(services: Services) -> None:
    row = services.actions.list_actions()[0]
    edited = row.action.model_copy(update={"status": ActionStatus.CLOSED})
    with pytest.raises(ActionRefused, match="before"):
        services.captures.save(row.review_id, edited, row.action)
    fresh = Action(description="New one", status=ActionStatus.COMPLETED)
    with pytest.raises(ActionRefused):
        services.captures.save(row.review_id, fresh)


def test_an_older_archive_reads_its_action_statuses_as_they_meant() -> None:
    from workshop_tui.importers.archive import archive_from_dict

    document = {
        "format": "workshop-tui-archive",
        "version": 2,
        "review": {"reference": "LR-A", "title": "Archived"},
        "actions": [
            {"id": 1, "description": "One", "status": "at risk"},
            {"id": 2, "description": "Two", "status": "complete"},
        ],
    }
    data = archive_from_dict(document)
    assert [(a.status, a.rag) for a in data.actions] == [
        (ActionStatus.IN_PROGRESS, Rag.AMBER),
        (ActionStatus.COMPLETED, None),
    ]


def test_the_new_fields_survive_the_archive(services: Services) -> None:
    from workshop_tui.importers.archive import read_archive
    from workshop_tui.services.exports import Exports

    action_id = services.actions.list_actions()[0].id
    services.actions.record_progress(action_id, "Started", Rag.RED, by="Chair")
    services.actions.revise_target(action_id, dt.date(2027, 8, 1), "Slipped")
    services.actions.set_details(action_id, recommendation="R2", level="strategic")
    row = services.actions.get(action_id)
    data = Exports(services.repository, frozen_clock(NOW)).load(row.review_id)
    from workshop_tui.exporters import render

    back = read_archive(render(data, "archive", "json", generated_at=NOW))
    action = next(a for a in back.actions if a.id == action_id)
    assert action == row.action
    copy = Services(Repository.memory(clock=frozen_clock(NOW)), frozen_clock(NOW))
    created = copy.reviews.create(back.model_copy(update={"review": back.review}))
    assert created.id is not None
    again = copy.repository.actions(created.id)[0]
    assert again.model_dump(exclude={"id"}) == row.action.model_dump(exclude={"id"})


def test_the_room_view_reads_an_action_with_its_progress_log(tmp_path: Path) -> None:
    from workshop_tui.storage.readonly import ReadOnlyStore

    path = tmp_path / "room.db"
    with Repository.open(path, clock=frozen_clock(NOW)) as repo:
        review = repo.create_review(
            ReviewData(
                review=Review(reference="LR-R", title="Room"),
                actions=[_action(agreed=True)],
            )
        )
        assert review.id is not None
        services = Services(repo, frozen_clock(NOW))
        action_id = services.actions.list_actions()[0].id
        services.actions.record_progress(action_id, "Started", Rag.GREEN)
        services.actions.revise_target(action_id, dt.date(2027, 9, 1), "Later")
    with ReadOnlyStore.open(path) as store:
        (action,) = store.agreed_actions(review.id)
    assert [p.text for p in action.progress] == ["Started"]
    assert action.current_target == dt.date(2027, 9, 1)
