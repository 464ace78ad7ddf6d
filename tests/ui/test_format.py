"""The pure helpers behind the forms and the timer."""

from __future__ import annotations

import datetime as dt

import pytest

from workshop_tui.domain.models import Attendance, Participant, WorkshopLogEntry
from workshop_tui.ui.format import parse_date, parse_ids, parse_time, timer_text
from workshop_tui.ui.screens.workshop import kloe_elapsed
from workshop_tui.ui.widgets.speaker_picker import match_participants, participant_label


def test_parse_date_is_day_first() -> None:
    assert parse_date("03/04/2099") == dt.date(2099, 4, 3)
    assert parse_date("3/4/99") == dt.date(1999, 4, 3)  # one two-digit-year rule: 70-99 are 19xx
    assert parse_date("2099-04-03") == dt.date(2099, 4, 3)
    assert parse_date("  ") is None
    with pytest.raises(ValueError, match="not a real date"):
        parse_date("31/02/2099")
    with pytest.raises(ValueError, match="not a date"):
        parse_date("next week")


def test_parse_time_and_ids() -> None:
    assert parse_time("0930") == dt.time(9, 30)
    assert parse_time("14:05") == dt.time(14, 5)
    with pytest.raises(ValueError):
        parse_time("25:00")
    assert parse_ids("12, 15 #19,12") == [12, 15, 19]
    with pytest.raises(ValueError, match='"abc"'):
        parse_ids("12 abc")


def test_timer_turns_warning_then_over() -> None:
    assert timer_text(dt.timedelta(minutes=12, seconds=40), 25) == ("12:40 / 25:00", "ok")
    assert timer_text(dt.timedelta(minutes=21), 25) == ("21:00 / 25:00", "warning")
    assert timer_text(dt.timedelta(minutes=27, seconds=10), 25) == (
        "27:10 / 25:00  +02:10 over",
        "over",
    )


def test_elapsed_adds_every_stretch_of_a_kloe() -> None:
    at = dt.datetime(2099, 5, 21, 10, 0)
    log = [
        WorkshopLogEntry(kloe_id=None, started_at=at),
        WorkshopLogEntry(kloe_id=1, started_at=at, ended_at=at + dt.timedelta(minutes=10)),
        WorkshopLogEntry(kloe_id=2, started_at=at + dt.timedelta(minutes=10)),
        WorkshopLogEntry(kloe_id=1, started_at=at + dt.timedelta(minutes=30)),
    ]
    now = at + dt.timedelta(minutes=35)
    assert kloe_elapsed(log, 1, now) == dt.timedelta(minutes=15)


def test_speaker_matching_by_name_or_role_present_first() -> None:
    people = [
        Participant(id=1, name="Cora Wren", role="Health Visitor"),
        Participant(id=2, name="Hal Vine", role="GP", attendance=Attendance.PRESENT),
    ]
    assert [p.id for p in match_participants(people, "")] == [2, 1]
    assert [p.id for p in match_participants(people, "health vis")] == [1]
    assert [p.id for p in match_participants(people, "v")] == [2, 1]


def test_speakers_are_shown_and_found_by_agency_name() -> None:
    names = {"health_visiting": "Millbeck Health Visiting", "police": "Fernmoor Police"}
    cora = Participant(id=1, name="Cora Wren", role="Health Visitor", agency="health_visiting")
    ann = Participant(id=2, name="Ann Oak", role="Advocate", agency="Women's Aid Fernmoor")
    assert participant_label(cora, names) == "Cora Wren (Health Visitor, Millbeck Health Visiting)"
    assert participant_label(cora) == "Cora Wren (Health Visitor, health_visiting)"
    # free text is not a key: shown as typed
    assert participant_label(ann, names) == "Ann Oak (Advocate, Women's Aid Fernmoor)"
    assert participant_label(Participant(name="Bo Tern")) == "Bo Tern"
    assert [p.id for p in match_participants([cora, ann], "millbeck", names)] == [1]
    assert [p.id for p in match_participants([cora, ann], "health_visiting", names)] == [1]


def test_reflow_joins_hard_wrapped_lines_and_keeps_paragraphs_and_lists() -> None:
    from workshop_tui.ui.format import reflow

    text = (
        "One line\nwrapped here.\n\nSecond para:\n- item one\n  continues\n"
        "- item two\n1. numbered\n"
    )
    assert reflow(text) == (
        "One line wrapped here.\n\nSecond para:\n- item one continues\n- item two\n1. numbered"
    )
    assert reflow("") == ""
    assert reflow("\n\n  \n") == ""
