"""Repository behaviour on an in-memory database: captures, audit, undo, workshop, drafts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.conftest import FROZEN_NOW
from workshop_tui.domain.models import (
    Action,
    Agency,
    Attendance,
    ChronologyEntry,
    Draft,
    EntryFlag,
    Escalation,
    Finding,
    Kloe,
    KloeStatus,
    Participant,
    Perspective,
    Pseudonym,
    Review,
    ReviewData,
    ReviewStatus,
)
from workshop_tui.storage.errors import NotFound, ReviewExists
from workshop_tui.storage.repository import Repository

D = dt.date


def entry(
    agency: str, date: D | None, time: dt.time | None = None, line: int = 0, **kw: Any
) -> ChronologyEntry:
    return ChronologyEntry(agency=agency, date=date, time=time, source_line=line, **kw)


@pytest.fixture
def review(repo: Repository) -> Review:
    data = ReviewData(
        review=Review(
            reference="LR-2024-03",
            title="Child B",
            period_start=D(2023, 1, 1),
            period_end=D(2023, 12, 31),
        ),
        agencies=[Agency(key="police", name="Police"), Agency(key="health", name="Health")],
        participants=[Participant(name="A Person", role="DS", agency="police")],
        kloes=[Kloe(number=1, title="First"), Kloe(number=2, title="Second")],
        entries=[
            entry("police", D(2023, 5, 1), dt.time(10, 0), 3),
            entry("health", D(2023, 5, 1), None, 2),
            entry("health", None, line=9, error="no date", raw={"Date": "??"}),
            entry("police", D(2023, 2, 1), line=4),
        ],
    )
    return repo.create_review(data)


def test_entries_in_merged_order(repo: Repository, review: Review) -> None:
    assert review.id is not None
    got = [(e.date, e.time, e.agency) for e in repo.entries(review.id)]
    assert got == [
        (D(2023, 2, 1), None, "police"),
        (D(2023, 5, 1), None, "health"),  # no time sorts first within its day
        (D(2023, 5, 1), dt.time(10, 0), "police"),
        (None, None, "health"),  # needs attention: last
    ]
    assert list(repo.iter_entries(review.id)) == repo.entries(review.id)


def test_list_and_get_review(repo: Repository, review: Review) -> None:
    assert repo.list_reviews() == [review]
    assert repo.get_review("LR-2024-03") == review
    with pytest.raises(NotFound):
        repo.get_review("nope")


def test_create_review_audited_once(repo: Repository, review: Review) -> None:
    assert review.id is not None
    events = repo.audit_events(review.id)
    assert [(e.entity, e.change) for e in events] == [("review", "create")]
    assert events[0].at == FROZEN_NOW


def test_review_exists_changes_nothing(repo: Repository, review: Review) -> None:
    before = list(repo._conn.iterdump())
    with pytest.raises(ReviewExists):
        repo.create_review(ReviewData(review=Review(reference="LR-2024-03", title="Again")))
    assert list(repo._conn.iterdump()) == before


def test_update_review_audits_each_field(repo: Repository, review: Review) -> None:
    updated = repo.update_review(review.model_copy(update={"title": "New", "location": "Room 2"}))
    assert updated.title == "New"
    assert review.id is not None
    changes = [
        (e.field, e.old, e.new) for e in repo.audit_events(review.id) if e.change == "update"
    ]
    assert changes == [("title", "Child B", "New"), ("location", "", "Room 2")]


def test_capture_round_trip_and_audit(repo: Repository, review: Review) -> None:
    assert review.id is not None
    kloe = repo.kloes(review.id)[0]
    person = repo.participants(review.id)[0]
    assert kloe.id is not None
    assert person.id is not None
    p = repo.add_perspective(
        review.id, Perspective(kloe_id=kloe.id, participant_id=person.id, text="We saw it")
    )
    assert p.id is not None
    assert p.captured_at == FROZEN_NOW
    assert repo.perspectives(review.id) == [p]
    assert repo.perspectives(review.id, kloe_id=kloe.id) == [p]
    assert repo.perspectives(review.id, kloe_id=repo.kloes(review.id)[1].id) == []

    changed = repo.update_perspective(p.model_copy(update={"text": "We saw it late"}))
    assert changed.text == "We saw it late"
    events = [e for e in repo.audit_events(review.id) if e.entity == "perspective"]
    assert [(e.change, e.field) for e in events] == [("create", ""), ("update", "text")]
    assert events[1].old == "We saw it" and events[1].new == "We saw it late"


def test_findings_actions_escalations(repo: Repository, review: Review) -> None:
    assert review.id is not None
    k1, k2 = repo.kloes(review.id)
    assert k1.id is not None
    assert k2.id is not None
    f = repo.add_finding(review.id, Finding(statement="S", kloe_ids=[k1.id, k2.id]))
    assert f.id is not None
    a = repo.add_action(review.id, Action(description="Do", finding_id=f.id, kloe_id=k2.id))
    e = repo.add_escalation(review.id, Escalation(description="Now", kloe_id=k1.id))
    assert repo.findings(review.id, kloe_id=k2.id) == [f]
    assert repo.actions(review.id, kloe_id=k2.id) == [a]
    assert repo.actions(review.id, kloe_id=k1.id) == []
    assert repo.escalations(review.id) == [e]
    assert repo.update_finding(f.model_copy(update={"agreed": True})).agreed
    assert repo.update_action(a.model_copy(update={"owner": "Head of service"})).owner
    assert repo.update_escalation(e.model_copy(update={"outcome": "done"})).outcome == "done"


def test_foreign_key_to_missing_kloe_is_not_found(repo: Repository, review: Review) -> None:
    with pytest.raises(NotFound):
        assert review.id is not None
        repo.add_perspective(review.id, Perspective(kloe_id=999, text="x"))
    assert review.id is not None
    assert repo.perspectives(review.id) == []


def test_delete_and_undo(repo: Repository, review: Review) -> None:
    assert review.id is not None
    p = repo.add_perspective(review.id, Perspective(text="one"))
    assert p.id is not None
    audit_id = repo.delete_item("perspective", p.id)
    assert repo.perspectives(review.id) == []
    last = repo.last_deletion(review.id)
    assert last is not None and last.id == audit_id and last.entity_id == p.id
    repo.undo_delete(audit_id)
    assert repo.perspectives(review.id) == [p]
    assert repo.last_deletion(review.id) is None
    assert [e.change for e in repo.audit_events(review.id) if e.entity == "perspective"] == [
        "create",
        "delete",
        "restore",
    ]
    with pytest.raises(ValueError):
        repo.delete_item("entry", 1)
    first_event = repo.audit_events(review.id)[0].id
    assert first_event is not None
    with pytest.raises(ValueError):
        repo.undo_delete(first_event)


def test_delete_kloe_renumbers_and_undo_restores_place(repo: Repository, review: Review) -> None:
    assert review.id is not None
    k1, k2 = repo.kloes(review.id)
    assert k1.id is not None
    audit_id = repo.delete_item("kloe", k1.id)
    assert k2.id is not None
    assert [(k.id, k.number) for k in repo.kloes(review.id)] == [(k2.id, 1)]
    repo.undo_delete(audit_id)
    assert [(k.id, k.number) for k in repo.kloes(review.id)] == [(k1.id, 1), (k2.id, 2)]


def test_save_and_move_kloes(repo: Repository, review: Review) -> None:
    assert review.id is not None
    k3 = repo.save_kloe(review.id, Kloe(number=99, title="Third"))
    assert k3.number == 3
    renamed = repo.save_kloe(review.id, k3.model_copy(update={"title": "Renamed", "number": 1}))
    assert (renamed.title, renamed.number) == ("Renamed", 3)
    assert k3.id is not None
    order = repo.move_kloe(k3.id, -5)
    assert [(k.title, k.number) for k in order] == [("Renamed", 1), ("First", 2), ("Second", 3)]
    order = repo.move_kloe(k3.id, 1)
    assert [k.title for k in order] == ["First", "Renamed", "Second"]


def test_participants_and_attendance(repo: Repository, review: Review) -> None:
    assert review.id is not None
    p = repo.save_participant(review.id, Participant(name="New One", agency="health"))
    assert p.id is not None
    assert repo.set_attendance(p.id, Attendance.PRESENT).attendance is Attendance.PRESENT
    assert repo.set_attendance(p.id, "apologies").attendance is Attendance.APOLOGIES
    assert [x.name for x in repo.participants(review.id)] == ["A Person", "New One"]
    repo.delete_item("participant", p.id)
    assert [x.name for x in repo.participants(review.id)] == ["A Person"]


def test_flags_and_fix_entry(repo: Repository, review: Review) -> None:
    assert review.id is not None
    broken = repo.entries(review.id)[-1]
    assert broken.error
    assert broken.id is not None
    flagged = repo.set_entry_flags(broken.id, ["missed opportunity"])
    assert flagged.flags == [EntryFlag.MISSED_OPPORTUNITY]
    with pytest.raises(ValueError):
        repo.fix_entry(broken.id, event="still no date")
    with pytest.raises(ValueError):
        repo.fix_entry(broken.id, agency="other")
    fixed = repo.fix_entry(broken.id, date="2024-02-01", event="Seen")
    assert fixed.error is None and fixed.raw == {"Date": "??"}
    assert fixed.date == D(2024, 2, 1) and not fixed.in_period  # after the review period
    fields = {e.field for e in repo.audit_events(review.id) if e.entity_id == broken.id}
    assert {"flags", "date", "event", "error", "in_period"} <= fields
    assert repo.fix_entry(broken.id, date=D(2023, 3, 3)).in_period


def test_link_unlink_confirm(repo: Repository, review: Review) -> None:
    assert review.id is not None
    e1, e2, e3, _ = repo.entries(review.id)
    assert e1.id is not None
    assert e2.id is not None
    group = repo.link_entries([e1.id, e2.id])
    assert group == 1
    assert repo.entry(e1.id).duplicate_group == 1
    with pytest.raises(ValueError):
        repo.link_entries([e1.id])
    assert e3.id is not None
    second = repo.link_entries([e2.id, e3.id])  # e2 leaves group 1, leaving e1 alone
    assert second == 2
    assert repo.entry(e1.id).duplicate_group is None
    repo.unlink_entry(e3.id)  # leaves e2 alone: dissolved
    assert repo.entry(e2.id).duplicate_group is None
    repo.create_review(
        ReviewData(
            review=Review(reference="LR-2", title="Other"),
            entries=[
                entry("a", D(2020, 1, 1), duplicate_group=4),
                entry("b", D(2020, 1, 1), duplicate_group=4),
            ],
        )
    )
    other = repo.get_review("LR-2")
    assert other.id is not None
    repo.confirm_group(other.id, 4)
    assert all(e.duplicate_confirmed for e in repo.entries(other.id))
    with pytest.raises(NotFound):
        repo.confirm_group(other.id, 5)


def test_link_checks_every_entry_and_audits_under_its_review(
    repo: Repository, review: Review
) -> None:
    assert review.id is not None
    e1, e2, *_ = repo.entries(review.id)
    other = repo.create_review(
        ReviewData(
            review=Review(reference="LR-9", title="Other"),
            entries=[entry("a", D(2020, 1, 1))],
        )
    )
    assert other.id is not None
    (stranger,) = repo.entries(other.id)
    assert review.id is not None
    before = repo.audit_events(review.id), repo.audit_events(other.id)
    assert e1.id is not None
    assert stranger.id is not None
    with pytest.raises(ValueError, match="different reviews"):
        repo.link_entries([e1.id, stranger.id])
    with pytest.raises(NotFound):
        repo.link_entries([e1.id, 12345])
    with pytest.raises(NotFound):
        repo.unlink_entry(12345)
    assert (repo.audit_events(review.id), repo.audit_events(other.id)) == before
    assert e1.id is not None
    assert repo.entry(e1.id).duplicate_group is None
    assert e2.id is not None
    repo.link_entries([e1.id, e2.id])
    repo.unlink_entry(e1.id)  # e2 is left alone: dissolved
    groups = [
        (e.entity_id, e.new)
        for e in repo.audit_events(review.id)[len(before[0]) :]
        if e.field == "duplicate_group"
    ]
    assert groups == [(e1.id, "1"), (e2.id, "1"), (e1.id, None), (e2.id, None)]
    assert repo.audit_events(other.id) == before[1]


def test_workshop_flow(repo: Repository, review: Review) -> None:
    assert review.id is not None
    k1, k2 = repo.kloes(review.id)
    assert repo.start_workshop(review.id).status is ReviewStatus.IN_WORKSHOP
    assert k1.id is not None
    assert repo.start_kloe(review.id, k1.id).status is KloeStatus.IN_PROGRESS
    assert k2.id is not None
    repo.start_kloe(review.id, k2.id)  # moving on closes k1's row
    assert repo.end_kloe(review.id, k2.id).status is KloeStatus.DONE
    assert repo.end_workshop(review.id).status is ReviewStatus.DRAFT_MINUTES
    log = repo.workshop_log(review.id)
    assert [x.kloe_id for x in log] == [None, k1.id, k2.id]
    assert all(x.started_at == FROZEN_NOW and x.ended_at == FROZEN_NOW for x in log)
    statuses = [e for e in repo.audit_events(review.id) if e.field == "status"]
    assert [e.new for e in statuses if e.entity == "review"] == ["in workshop", "draft minutes"]


def test_start_workshop_twice_keeps_one_open_row(repo: Repository, review: Review) -> None:
    assert review.id is not None
    repo.start_workshop(review.id)
    repo.start_workshop(review.id)
    assert len(repo.workshop_log(review.id)) == 1


def test_drafts(repo: Repository, review: Review) -> None:
    assert review.id is not None
    d = repo.save_draft(review.id, Draft(form="perspective", payload={"text": "half"}))
    assert d.updated_at == FROZEN_NOW and d.payload == {"text": "half"}
    again = repo.save_draft(review.id, Draft(form="perspective", payload={"text": "half typed"}))
    assert again.id == d.id
    repo.save_draft(review.id, Draft(form="action", kloe_id=1, payload={"when": D(2024, 1, 1)}))
    assert {x.form for x in repo.drafts(review.id)} == {"perspective", "action"}
    repo.discard_draft(review.id, "perspective")
    assert [x.form for x in repo.drafts(review.id)] == ["action"]
    assert repo.drafts(review.id)[0].payload == {"when": "2024-01-01"}


def test_pseudonyms(repo: Repository, review: Review) -> None:
    assert review.id is not None
    p = repo.save_pseudonym(review.id, Pseudonym(real="Jane Smith", label="Health Visitor 1"))
    p2 = repo.save_pseudonym(review.id, p.model_copy(update={"label": "HV 1"}))
    assert repo.pseudonyms(review.id) == [p2]
    assert p2.label == "HV 1"


def test_not_found(repo: Repository, review: Review) -> None:
    with pytest.raises(NotFound):
        repo.entry(12345)
    with pytest.raises(NotFound):
        repo.update_perspective(Perspective(id=77, text="x"))
    with pytest.raises(NotFound):
        repo.load_review(999)


def test_capture_for_missing_review_is_not_found_and_writes_nothing(
    repo: Repository, review: Review
) -> None:
    # The whole database, not review.id's rows: a write for review 999 would not show there.
    before = list(repo._conn.iterdump())
    with pytest.raises(NotFound):
        repo.add_perspective(999, Perspective(text="x"))
    with pytest.raises(NotFound):
        repo.add_finding(999, Finding(statement="x"))
    with pytest.raises(NotFound):
        repo.save_participant(999, Participant(name="N"))
    assert list(repo._conn.iterdump()) == before


def test_every_capture_returns_what_was_stored(repo: Repository, review: Review) -> None:
    assert review.id is not None
    k1, _ = repo.kloes(review.id)
    assert k1.id is not None
    f = repo.add_finding(review.id, Finding(statement="S", kloe_ids=[k1.id], agreed=True))
    assert f.id is not None
    a = repo.add_action(review.id, Action(description="Do", finding_id=f.id))
    e = repo.add_escalation(review.id, Escalation(description="Now", kloe_id=k1.id))
    p = repo.add_perspective(review.id, Perspective(kloe_id=k1.id, text="We saw it"))
    person = repo.save_participant(review.id, Participant(name="B Person", role="SW"))
    assert repo.findings(review.id) == [f]
    assert repo.actions(review.id) == [a]
    assert repo.escalations(review.id) == [e]
    assert repo.perspectives(review.id) == [p]
    assert person in repo.participants(review.id)
