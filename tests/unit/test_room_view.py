"""What the room sees (domain.room): the KLOE on screen, the agenda, agreed items only,
and a timer that says over time in words."""

from __future__ import annotations

import datetime as dt

from workshop_tui.domain.models import (
    Action,
    Finding,
    Kloe,
    KloeStatus,
    Review,
    ReviewStatus,
    WorkshopLogEntry,
)
from workshop_tui.domain.room import AgendaState, room_timer, room_view

T0 = dt.datetime(2099, 5, 21, 10, 0)


def kloes(*statuses: KloeStatus) -> list[Kloe]:
    return [
        Kloe(id=i + 1, number=i + 1, title=f"KLOE title {i + 1}", minutes=20, status=s)
        for i, s in enumerate(statuses)
    ]


def review(status: ReviewStatus) -> Review:
    return Review(id=1, reference="LR-2099-01", title="Learning Review: Child Q", status=status)


def test_the_timer_says_the_time_left_then_warns_then_says_over_time_in_words() -> None:
    assert room_timer(dt.timedelta(minutes=5), 20).words == "of 20:00 · 15:00 left"
    assert room_timer(dt.timedelta(minutes=5), 20).state == "ok"
    warning = room_timer(dt.timedelta(minutes=17), 20)
    assert (warning.state, warning.words) == ("warning", "of 20:00 · ◔ only 3:00 left")
    over = room_timer(dt.timedelta(minutes=22, seconds=5), 20)
    assert over.digits == "22:05"
    assert over.state == "over"
    assert over.words == "▲ OVER TIME by 2:05 · time box 20:00"
    assert room_timer(dt.timedelta(minutes=75, seconds=3), 60).digits == "75:03"


def test_the_kloe_on_screen_is_the_one_the_chair_opened_and_its_time_adds_up() -> None:
    log = [
        WorkshopLogEntry(kloe_id=None, started_at=T0),
        WorkshopLogEntry(kloe_id=2, started_at=T0, ended_at=T0 + dt.timedelta(minutes=3)),
        WorkshopLogEntry(kloe_id=1, started_at=T0 + dt.timedelta(minutes=3)),
    ]
    agenda = kloes(KloeStatus.IN_PROGRESS, KloeStatus.DONE, KloeStatus.NOT_STARTED)
    view = room_view(review(ReviewStatus.IN_WORKSHOP), agenda, log, [], [], {2})
    assert view.kloe is not None
    assert (view.kloe.position, view.kloe.of, view.kloe.now) == (1, 3, True)
    assert view.kloe.elapsed(T0 + dt.timedelta(minutes=13)) == dt.timedelta(minutes=10)
    assert [line.state for line in view.agenda] == [
        AgendaState.NOW,
        AgendaState.DONE,
        AgendaState.NEXT,
    ]
    assert view.workshop_started_at == T0
    assert view.workshop_ended_at is None


def test_before_the_workshop_the_first_kloe_is_coming_up_not_running() -> None:
    agenda = kloes(KloeStatus.NOT_STARTED, KloeStatus.NOT_STARTED)
    view = room_view(review(ReviewStatus.PREPARING), agenda, [], [], [])
    assert view.kloe is not None
    assert view.kloe.now is False
    assert view.kloe.elapsed(T0) == dt.timedelta()
    assert [line.state for line in view.agenda] == [AgendaState.NEXT, AgendaState.LATER]


def test_only_agreed_items_are_kept_this_kloes_while_it_runs_all_once_ended() -> None:
    findings = [
        Finding(id=1, kloe_ids=[1], statement="agreed on one", agreed=True),
        Finding(id=2, kloe_ids=[1], statement="still a draft"),
        Finding(id=3, kloe_ids=[2], statement="agreed on two", agreed=True),
    ]
    actions = [
        Action(id=1, finding_id=1, description="agreed action", owner="Named Nurse", agreed=True),
        Action(id=2, kloe_id=1, description="draft action"),
    ]
    log = [
        WorkshopLogEntry(kloe_id=None, started_at=T0),
        WorkshopLogEntry(kloe_id=1, started_at=T0),
    ]
    agenda = kloes(KloeStatus.IN_PROGRESS, KloeStatus.NOT_STARTED)
    running = room_view(review(ReviewStatus.IN_WORKSHOP), agenda, log, findings, actions)
    assert [item.text for item in running.agreed] == ["agreed on one", "agreed action"]
    assert running.agreed[1].detail == "owner: Named Nurse"
    assert (running.agreed_scope, running.agreed_findings, running.agreed_actions) == (
        "this KLOE",
        2,
        1,
    )
    ended = room_view(review(ReviewStatus.DRAFT_MINUTES), agenda, log, findings, actions)
    assert ended.kloe is None
    assert ended.agreed_scope == "the workshop"
    assert [item.text for item in ended.agreed] == [
        "agreed on one",
        "agreed on two",
        "agreed action",
    ]
