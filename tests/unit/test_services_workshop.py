"""The workshop and capture use cases (services): each commits once, all or nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from workshop_tui.domain.capture_kinds import capture_kind
from workshop_tui.domain.models import (
    Action,
    Draft,
    Escalation,
    Finding,
    Kloe,
    KloeStatus,
    Perspective,
    Review,
    ReviewData,
    ReviewStatus,
)
from workshop_tui.services import Services
from workshop_tui.storage.errors import DatabaseBusy
from workshop_tui.storage.repository import Repository


def _busy(*_: object, **__: object) -> Any:
    raise DatabaseBusy("the database is in use by another workshop-tui; try again.")


@pytest.fixture
def services(repo: Repository, clock: Any) -> Services:
    return Services(repo, clock)


@pytest.fixture
def review(repo: Repository) -> Review:
    data = ReviewData(
        review=Review(reference="LR-7", title="Child T"),
        kloes=[
            Kloe(number=1, title="First"),
            Kloe(number=2, title="Second"),
            Kloe(number=3, title="Third"),
        ],
    )
    return repo.create_review(data)


def _dump(repo: Repository) -> list[str]:
    return list(repo._conn.iterdump())


def _ids(repo: Repository, review: Review) -> list[int]:
    assert review.id is not None
    ids = [k.id for k in repo.kloes(review.id)]
    assert None not in ids
    return [i for i in ids if i is not None]


# going to a KLOE ----------------------------------------------------------------


def test_going_to_a_kloe_ends_the_one_left_and_starts_the_next(
    repo: Repository, services: Services, review: Review
) -> None:
    assert review.id is not None
    first, second, _ = _ids(repo, review)
    services.workshop.start(review.id, first)
    services.workshop.go_to_kloe(review.id, first, second)
    statuses = [k.status for k in repo.kloes(review.id)]
    assert statuses == [KloeStatus.DONE, KloeStatus.IN_PROGRESS, KloeStatus.NOT_STARTED]


def test_a_failure_starting_the_next_kloe_leaves_the_one_left_in_progress(
    repo: Repository, services: Services, review: Review, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert review.id is not None
    first, second, _ = _ids(repo, review)
    services.workshop.start(review.id, first)
    before = _dump(repo)
    monkeypatch.setattr(repo, "start_kloe", _busy)  # the second write
    with pytest.raises(DatabaseBusy):
        services.workshop.go_to_kloe(review.id, first, second)
    assert _dump(repo) == before  # the first write (ending KLOE 1) rolled back
    assert repo.kloe(first).status == KloeStatus.IN_PROGRESS


def test_moving_before_the_workshop_writes_nothing(
    repo: Repository, services: Services, review: Review
) -> None:
    assert review.id is not None
    first, second, _ = _ids(repo, review)
    before = _dump(repo)
    services.workshop.go_to_kloe(review.id, first, second)
    assert _dump(repo) == before


# starting and ending ------------------------------------------------------------


def test_starting_records_the_date_starts_the_workshop_and_opens_the_kloe(
    repo: Repository, services: Services, review: Review
) -> None:
    assert review.id is not None
    first, *_ = _ids(repo, review)
    day = dt.date(2024, 3, 14)
    assert services.workshop.start(review.id, first, workshop_date=day) is None
    stored = repo.review(review.id)
    assert stored.status == ReviewStatus.IN_WORKSHOP
    assert stored.workshop_date == day
    assert repo.kloe(first).status == KloeStatus.IN_PROGRESS
    assert [e.kloe_id for e in repo.workshop_log(review.id)] == [None, first]


@pytest.mark.parametrize("failing", ["start_workshop", "start_kloe"])
def test_a_failure_in_a_later_write_of_starting_leaves_nothing_behind(
    repo: Repository,
    services: Services,
    review: Review,
    monkeypatch: pytest.MonkeyPatch,
    failing: str,
) -> None:
    assert review.id is not None
    first, *_ = _ids(repo, review)
    before = _dump(repo)
    monkeypatch.setattr(repo, failing, _busy)
    with pytest.raises(DatabaseBusy):
        services.workshop.start(review.id, first, workshop_date=dt.date(2024, 3, 14))
    assert _dump(repo) == before  # the date and the start are rolled back too
    stored = repo.review(review.id)
    assert stored.status == ReviewStatus.PREPARING
    assert stored.workshop_date is None
    assert repo.workshop_log(review.id) == []


def test_the_start_plan_records_today_asks_on_another_day_and_else_does_nothing(
    repo: Repository, services: Services, review: Review, clock: Any
) -> None:
    assert review.id is not None
    today = clock().date()
    assert services.workshop.start_plan(review.id).record_today  # no date yet
    planned = today + dt.timedelta(days=2)
    repo.update_review(repo.review(review.id).model_copy(update={"workshop_date": planned}))
    plan = services.workshop.start_plan(review.id)
    assert (plan.record_today, plan.planned, plan.today) == (False, planned, today)
    services.workshop.start(review.id, None)
    plan = services.workshop.start_plan(review.id)  # resuming: asks nothing
    assert (plan.record_today, plan.planned) == (False, None)


def test_ending_finishes_the_current_kloe_and_the_workshop(
    repo: Repository, services: Services, review: Review
) -> None:
    assert review.id is not None
    first, *_ = _ids(repo, review)
    services.workshop.start(review.id, first)
    services.workshop.end(review.id, first)
    assert repo.review(review.id).status == ReviewStatus.DRAFT_MINUTES
    assert repo.kloe(first).status == KloeStatus.DONE


def test_a_failure_ending_the_workshop_leaves_the_kloe_in_progress(
    repo: Repository, services: Services, review: Review, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert review.id is not None
    first, *_ = _ids(repo, review)
    services.workshop.start(review.id, first)
    before = _dump(repo)
    monkeypatch.setattr(repo, "end_workshop", _busy)  # the second write
    with pytest.raises(DatabaseBusy):
        services.workshop.end(review.id, first)
    assert _dump(repo) == before
    assert repo.kloe(first).status == KloeStatus.IN_PROGRESS
    assert repo.review(review.id).status == ReviewStatus.IN_WORKSHOP


# captures -----------------------------------------------------------------------


def test_saving_a_capture_stores_it_and_drops_its_draft(
    repo: Repository, services: Services, review: Review
) -> None:
    assert review.id is not None
    first, *_ = _ids(repo, review)
    repo.save_draft(review.id, Draft(form="finding", kloe_id=first, payload={"statement": "Th"}))
    saved = services.captures.save(review.id, Finding(kloe_ids=[first], statement="The finding."))
    assert saved.id is not None
    assert [f.statement for f in repo.findings(review.id)] == ["The finding."]
    assert repo.drafts(review.id) == []


def test_a_failure_dropping_the_draft_leaves_no_capture_and_keeps_the_draft(
    repo: Repository, services: Services, review: Review, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert review.id is not None
    first, *_ = _ids(repo, review)
    draft = Draft(form="perspective", kloe_id=first, payload={"text": "We saw"})
    repo.save_draft(review.id, draft)
    before = _dump(repo)
    monkeypatch.setattr(repo, "discard_draft", _busy)  # the second write
    with pytest.raises(DatabaseBusy):
        services.captures.save(review.id, Perspective(kloe_id=first, text="We saw it."))
    assert _dump(repo) == before  # the perspective added first is rolled back
    assert repo.perspectives(review.id) == []
    assert [d.form for d in repo.drafts(review.id)] == ["perspective"]


def test_a_failure_dropping_the_draft_of_an_edit_leaves_the_item_and_its_audit_as_they_were(
    repo: Repository, services: Services, review: Review, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert review.id is not None
    first, *_ = _ids(repo, review)
    stored = repo.add_action(review.id, Action(kloe_id=first, description="Add a tool."))
    before = _dump(repo)
    monkeypatch.setattr(repo, "discard_draft", _busy)
    edited = stored.model_copy(update={"description": "Add a neglect tool."})
    with pytest.raises(DatabaseBusy):
        services.captures.save(review.id, edited, stored)
    assert _dump(repo) == before
    assert [a.description for a in repo.actions(review.id)] == ["Add a tool."]


def test_delete_and_undo_bring_back_the_last_capture_deleted(
    repo: Repository, services: Services, review: Review
) -> None:
    assert review.id is not None
    first, *_ = _ids(repo, review)
    stored = repo.add_escalation(review.id, Escalation(kloe_id=first, description="Sibling."))
    assert stored.id is not None
    kind = capture_kind("escalation")
    services.captures.delete(kind, stored.id)
    assert repo.escalations(review.id) == []
    assert services.captures.undo_delete(review.id)  # no audit id: the last deletion
    assert [e.id for e in repo.escalations(review.id)] == [stored.id]
    assert not services.captures.undo_delete(review.id)  # nothing left to undo


def test_undo_leaves_a_deleted_kloe_alone(
    repo: Repository, services: Services, review: Review
) -> None:
    assert review.id is not None
    first, *_ = _ids(repo, review)
    repo.delete_item("kloe", first)
    assert not services.captures.undo_delete(review.id)
    assert len(repo.kloes(review.id)) == 2


# which KLOEs have captures ------------------------------------------------------


def test_captured_kloe_ids_are_every_kloe_with_a_live_capture_of_any_kind(
    repo: Repository, services: Services, review: Review
) -> None:
    assert review.id is not None
    first, second, third = _ids(repo, review)
    assert services.captures.captured_kloe_ids(review.id) == set()
    repo.add_finding(review.id, Finding(kloe_ids=[second, third], statement="Across two."))
    gone = repo.add_perspective(review.id, Perspective(kloe_id=first, text="Said."))
    repo.add_action(review.id, Action(kloe_id=None, description="For no KLOE."))
    assert gone.id is not None
    repo.delete_item("perspective", gone.id)
    assert services.captures.captured_kloe_ids(review.id) == {second, third}
    repo.add_escalation(review.id, Escalation(kloe_id=first, description="Now."))
    assert services.captures.captured_kloe_ids(review.id) == {first, second, third}


def test_captured_kloe_ids_take_one_query(
    repo: Repository, services: Services, review: Review
) -> None:
    assert review.id is not None
    first, *_ = _ids(repo, review)
    repo.add_perspective(review.id, Perspective(kloe_id=first, text="Said."))
    statements: list[str] = []
    repo._conn.set_trace_callback(statements.append)
    try:
        assert services.captures.captured_kloe_ids(review.id) == {first}
    finally:
        repo._conn.set_trace_callback(None)
    assert len(statements) == 1


def test_the_captures_for_a_kloe_come_kind_by_kind(
    repo: Repository, services: Services, review: Review
) -> None:
    assert review.id is not None
    first, second, _ = _ids(repo, review)
    repo.add_action(review.id, Action(kloe_id=first, description="Act."))
    repo.add_finding(review.id, Finding(kloe_ids=[second, first], statement="Found."))
    repo.add_perspective(review.id, Perspective(kloe_id=first, text="Said."))
    repo.add_perspective(review.id, Perspective(kloe_id=second, text="Elsewhere."))
    listed = services.captures.for_kloe(review.id, first)
    assert [(kind.kind, type(item).__name__) for kind, item in listed] == [
        ("perspective", "Perspective"),
        ("finding", "Finding"),
        ("action", "Action"),
    ]
