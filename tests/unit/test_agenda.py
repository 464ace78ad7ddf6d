"""The workshop's agenda and clock (domain.agenda), the slice's find (domain.slice_find),
and what the minutes and report make of them."""

from __future__ import annotations

import datetime as dt

from export_fixtures import GENERATED_AT, rich_review

from workshop_tui.domain.agenda import (
    agenda_summary,
    not_discussed,
    overall_time_text,
    short_agency_names,
    workshop_elapsed,
)
from workshop_tui.domain.filtering import ChronologyIndex, display_rows
from workshop_tui.domain.models import Agency, ChronologyEntry, Kloe, WorkshopLogEntry
from workshop_tui.domain.slice_find import find_row, query_date
from workshop_tui.exporters import render

DAY = dt.datetime(2099, 5, 21)


def at(hour: int, minute: int, second: int = 0) -> dt.datetime:
    return DAY.replace(hour=hour, minute=minute, second=second)


KLOE = Kloe(id=7, number=1, title="Cumulative risk", minutes=25)


def test_a_kloe_left_within_a_minute_with_nothing_captured_was_not_discussed() -> None:
    log = [
        WorkshopLogEntry(kloe_id=None, started_at=at(9, 30)),
        WorkshopLogEntry(kloe_id=7, started_at=at(9, 31), ended_at=at(9, 31, 40)),
    ]
    assert not_discussed(KLOE, log, captured=False)
    assert not not_discussed(KLOE, log, captured=True)
    longer = [log[0], log[1].model_copy(update={"ended_at": at(9, 33)})]
    assert not not_discussed(KLOE, longer, captured=False)
    still_open = [log[0], log[1].model_copy(update={"ended_at": None})]
    assert not not_discussed(KLOE, still_open, captured=False)


def test_a_kloe_never_reached_is_not_discussed_only_once_the_workshop_is_over() -> None:
    log = [WorkshopLogEntry(kloe_id=None, started_at=at(9, 30), ended_at=at(12, 0))]
    assert not_discussed(KLOE, log, captured=False, workshop_over=True)
    assert not not_discussed(KLOE, log, captured=False, workshop_over=False)
    assert not not_discussed(KLOE, [], captured=False, workshop_over=True)  # no workshop


def test_the_workshop_clock_counts_from_the_start_against_its_length() -> None:
    log = [WorkshopLogEntry(kloe_id=None, started_at=at(9, 30))]
    elapsed = workshop_elapsed(log, at(10, 12))
    assert elapsed == dt.timedelta(minutes=42)
    assert overall_time_text(elapsed, 180, 170) == "Workshop 0:42 of 3:00 · 2:18 left"
    assert overall_time_text(dt.timedelta(minutes=190), 180, 170).endswith("0:10 over")
    assert "time boxes add up to 2:50" in overall_time_text(elapsed, None, 170)
    assert workshop_elapsed([], at(10, 0)) is None
    ended = [log[0].model_copy(update={"ended_at": at(12, 5)})]
    assert workshop_elapsed(ended, at(15, 0)) == dt.timedelta(minutes=155)
    assert overall_time_text(dt.timedelta(minutes=155), 180, 170, ended=True) == (
        "Workshop ended after 2:35 (planned 3:00)"
    )
    assert overall_time_text(None, 180, 170) == "Workshop not started · time boxes 2:50 of 3:00"


def test_the_time_boxes_are_added_up_against_the_workshop_length() -> None:
    kloes = [KLOE, KLOE.model_copy(update={"id": 8, "number": 2, "minutes": 40})]
    assert agenda_summary(kloes, 180) == (
        "Time boxes: 1 h 05 min for 2 KLOEs, of the workshop's 3 h 00 min (115 min spare)"
    )
    assert "5 min more than the workshop's 1 h 00 min" in agenda_summary(kloes, 60)
    assert agenda_summary(kloes, None).startswith("Time boxes: 1 h 05 min for 2 KLOEs (set")


def test_agency_short_names_drop_the_shared_place_and_asides() -> None:
    agencies = [
        Agency(key="police", name="Ashbourne Vale Police"),
        Agency(key="csc", name="Ashbourne Vale Council Children's Social Care (incl. MASH)"),
        Agency(key="gp", name="Millbeck Medical Practice"),
        Agency(key="homes", name="Ashbourne Vale Homes"),
        Agency(key="odd", name="(Ashbourne Vale)"),
    ]
    assert short_agency_names(agencies) == {
        "police": "Police",
        "csc": "Council Children's Social Care",
        "gp": "Millbeck Medical Practice",
        "homes": "Homes",
        "odd": "(Ashbourne Vale)",
    }
    assert short_agency_names([Agency(key="p", name="Fernmoor Police")]) == {"p": "Fernmoor Police"}


def entry(n: int, date: dt.date | None, event: str, error: str | None = None) -> ChronologyEntry:
    return ChronologyEntry(
        id=n, agency="police", date=date, event=event, error=error, source_line=n
    )


ROWS = [
    entry(1, dt.date(2024, 3, 1), "Strategy discussion held"),
    entry(2, dt.date(2024, 3, 12), "Home visit, no answer"),
    entry(3, dt.date(2024, 4, 2), "Strategy meeting minutes sent"),
]


def test_find_moves_to_a_date_or_the_next_row_with_every_word() -> None:
    assert query_date("12/03/2024") == (dt.date(2024, 3, 12), False)
    assert query_date("03/2024") == (dt.date(2024, 3, 1), True)
    assert query_date("31/02/2024") is None
    assert find_row(ROWS, "12/03/2024") == 1
    assert find_row(ROWS, "15/03/2024") == 2  # no entry that day: the next dated one
    assert find_row(ROWS, "04/2024") == 2
    assert find_row(ROWS, "2024-03-01") == 0
    assert find_row(ROWS, "strategy") == 0
    assert find_row(ROWS, "strategy", start=1) == 2  # the next match, wrapping round
    assert find_row(ROWS, "Strategy MINUTES") == 2
    assert find_row(ROWS, "police") == 0
    assert find_row(ROWS, "nothing like it") is None
    assert find_row(ROWS, "Fernmoor", label=lambda e: "Fernmoor Police") == 0


def test_the_slice_can_put_entries_that_need_attention_last() -> None:
    rows = [entry(9, None, "", error="invalid date"), *ROWS]
    index = ChronologyIndex(rows)
    every = list(range(len(rows)))
    assert display_rows(index, every).indices == [0, 1, 2, 3]
    assert display_rows(index, every, attention_last=True).indices == [1, 2, 3, 0]


def test_the_minutes_give_the_reviews_workshop_date_not_the_day_it_was_started() -> None:
    data = rich_review()
    planned = dt.date(2024, 5, 20)
    data = data.model_copy(
        update={"review": data.review.model_copy(update={"workshop_date": planned})}
    )
    minutes = render(data, "minutes", "md", generated_at=GENERATED_AT).decode()
    report = render(data, "report", "md", generated_at=GENERATED_AT).decode()
    assert "**Date:** 20 May 2024" in minutes
    assert "took place on 20 May 2024" in report
    assert "21 May 2024" not in minutes.split("## Attendance")[0]


def test_a_kloe_moved_past_at_once_is_not_discussed_in_the_minutes() -> None:
    data = rich_review()
    first = data.workshop_log[0].started_at
    moved_past = WorkshopLogEntry(
        id=9, kloe_id=3, started_at=first, ended_at=first + dt.timedelta(seconds=20)
    )
    data = data.model_copy(update={"workshop_log": [*data.workshop_log, moved_past]})
    minutes = render(data, "minutes", "md", generated_at=GENERATED_AT).decode()
    kloe3 = minutes[minutes.index("### KLOE 3") : minutes.index("### Other points")]
    assert "**Not discussed** in the workshop (time box 20 minutes)" in kloe3
    assert "Time spent" not in kloe3
    assert "Time spent: 0 minutes" not in kloe3.replace("**", "")


def test_the_workshop_length_is_stored_and_carried_in_the_archive() -> None:
    from workshop_tui.importers.archive import read_archive
    from workshop_tui.storage.repository import Repository

    data = rich_review()
    data.review.workshop_minutes = 210
    copied = read_archive(render(data, "archive", "json", generated_at=GENERATED_AT))
    assert copied.review.workshop_minutes == 210
    repo = Repository.memory()
    stored = repo.create_review(copied)
    assert stored.id is not None
    assert repo.load_review(stored.id).review.workshop_minutes == 210
    changed = repo.update_review(stored.model_copy(update={"workshop_minutes": 180}))
    assert changed.workshop_minutes == 180
    assert any(e.field == "workshop_minutes" for e in repo.audit_events(stored.id))


def test_a_discussed_kloe_under_half_a_minute_reads_under_a_minute_not_zero() -> None:
    from workshop_tui.exporters.review_view import ReviewView

    data = rich_review()
    kloe = data.kloes[0]
    brief = [WorkshopLogEntry(kloe_id=kloe.id, started_at=at(9, 31), ended_at=at(9, 31, 20))]
    view = ReviewView(data.model_copy(update={"workshop_log": brief}))
    assert view.time_spent(kloe) == f"under a minute (time box {kloe.minutes} minutes)"
    longer = [brief[0].model_copy(update={"ended_at": at(9, 33)})]
    view = ReviewView(data.model_copy(update={"workshop_log": longer}))
    assert view.time_spent(kloe).startswith("2 minutes (")


def test_the_timetable_puts_a_break_in_before_ninety_minutes_run_over() -> None:
    from workshop_tui.domain.agenda import BREAK_MINUTES, timetable, timetable_minutes

    kloes = [Kloe(id=n, number=n, title=f"K{n}", minutes=m) for n, m in
             enumerate((30, 25, 25, 25, 20, 30, 25), 1)]  # fmt: skip
    slots = timetable(kloes)
    shown = [(s.kloe.number if s.kloe else "break", s.offset, s.minutes) for s in slots]
    assert shown == [
        (1, 0, 30), (2, 30, 25), (3, 55, 25), ("break", 80, BREAK_MINUTES),
        (4, 95, 25), (5, 120, 20), (6, 140, 30), ("break", 170, BREAK_MINUTES),
        (7, 185, 25),
    ]  # fmt: skip
    assert timetable_minutes(kloes) == 210 == sum(k.minutes for k in kloes) + 2 * BREAK_MINUTES
    assert slots[3].starts_at(dt.time(9, 30)) == dt.time(10, 50)
    assert slots[-1].ends_at(dt.time(9, 30)) == dt.time(13, 0)


def test_a_short_or_empty_agenda_has_no_break() -> None:
    from workshop_tui.domain.agenda import timetable, timetable_minutes

    assert timetable([]) == [] and timetable_minutes([]) == 0
    long_one = [Kloe(id=1, number=1, title="Everything", minutes=120)]
    assert [s.kloe for s in timetable(long_one)] == long_one
    assert timetable_minutes([KLOE, KLOE.model_copy(update={"minutes": 65})]) == 90
