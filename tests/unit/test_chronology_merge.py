"""Merged order and duplicate linking (domain/chronology.py)."""

from __future__ import annotations

import datetime as dt
from unittest.mock import patch

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from workshop_tui.domain import chronology
from workshop_tui.domain.chronology import (
    link_duplicates,
    mark_in_period,
    merge,
    merge_key,
    same_event,
)
from workshop_tui.domain.models import ChronologyEntry, construct_entry


def entry(
    agency: str,
    day: str | None,
    time: str | None = None,
    event: str = "",
    line: int = 2,
    error: str | None = None,
) -> ChronologyEntry:
    return ChronologyEntry(
        agency=agency,
        date=dt.date.fromisoformat(day) if day else None,
        time=dt.time.fromisoformat(time) if time else None,
        event=event,
        source_file=f"chronologies/{agency}.csv",
        source_line=line,
        error=error,
    )


def test_merge_orders_by_date_time_agency_then_line() -> None:
    entries = [
        entry("school", "2023-03-03", "10:00", line=5),
        entry("police", "2023-03-03", "10:00", line=9),
        entry("police", "2023-03-03", None, line=3),
        entry("health", "2023-03-02", "23:00"),
        entry("police", "2023-03-03", "10:00", line=4),
        entry("gp", None, error="missing date"),
    ]
    merged = merge(entries)
    assert [(e.agency, e.source_line) for e in merged] == [
        ("health", 2),
        ("police", 3),
        ("police", 4),
        ("police", 9),
        ("school", 5),
        ("gp", 2),
    ]


def test_same_meeting_at_same_time_is_linked_across_agencies() -> None:
    linked = link_duplicates(
        [
            entry("police", "2023-05-10", "14:00", "Strategy discussion held"),
            entry("social_care", "2023-05-10", "14:00", "Strategy meeting with police and health"),
            entry("health", "2023-05-10", "14:00", "Attended strategy discussion by Teams"),
            entry("school", "2023-05-10", "09:00", "Child arrived late, no breakfast"),
        ]
    )
    groups = {e.agency: e.duplicate_group for e in linked}
    assert groups["police"] == groups["social_care"] == groups["health"] == 1
    assert groups["school"] is None


def test_phone_call_recorded_by_both_sides_links_on_wording() -> None:
    linked = link_duplicates(
        [
            entry(
                "health",
                "2023-06-01",
                None,
                "Telephone call between HV and social worker re missed appointments",
            ),
            entry(
                "social_care",
                "2023-06-01",
                "11:20",
                "Telephone call between social worker and HV re missed appointments",
            ),
        ]
    )
    assert [e.duplicate_group for e in linked] == [1, 1]


def test_each_agency_notification_of_one_incident_is_not_a_duplicate() -> None:
    linked = link_duplicates(
        [
            entry(
                "police",
                "2023-07-01",
                "23:10",
                "Domestic incident at the family home; father arrested",
            ),
            entry(
                "school",
                "2023-07-02",
                "08:45",
                "Operation Encompass notification received from police",
            ),
            entry(
                "health",
                "2023-07-02",
                "11:30",
                "Operation Encompass notification received from police",
            ),
            entry(
                "social_care",
                "2023-07-02",
                "10:05",
                "Police report of domestic incident screened by MASH",
            ),
        ]
    )
    assert all(e.duplicate_group is None for e in linked)


def test_unrelated_events_on_one_day_are_not_linked() -> None:
    linked = link_duplicates(
        [
            entry("gp", "2023-08-08", "09:10", "Mother seen for review of medication"),
            entry("school", "2023-08-08", "09:30", "Child absent, no call from parent"),
            entry("housing", "2023-08-08", None, "Repair request logged for damp in bedroom"),
        ]
    )
    assert all(e.duplicate_group is None for e in linked)


def test_a_group_never_holds_two_entries_from_one_agency() -> None:
    linked = link_duplicates(
        [
            entry("police", "2023-05-10", "14:00", "Strategy discussion", line=2),
            entry("police", "2023-05-10", "14:00", "Strategy discussion", line=3),
            entry("health", "2023-05-10", "14:00", "Strategy discussion"),
        ]
    )
    members = [e for e in linked if e.duplicate_group == 1]
    assert sorted(e.agency for e in members) == ["health", "police"]


def test_entries_needing_attention_are_never_linked() -> None:
    linked = link_duplicates(
        [
            entry("police", None, None, "Strategy discussion", error="missing date"),
            entry("health", None, None, "Strategy discussion", error="missing date"),
        ]
    )
    assert all(e.duplicate_group is None for e in linked)


def test_mark_in_period() -> None:
    entries = [entry("gp", "2022-01-01"), entry("gp", "2022-06-01"), entry("gp", None, error="x")]
    mark_in_period(entries, dt.date(2022, 4, 1), dt.date(2023, 3, 31))
    assert [e.in_period for e in entries] == [False, True, True]


AGENCIES = st.sampled_from(["police", "health", "school", "gp"])
DATES = st.one_of(st.none(), st.dates(dt.date(2022, 1, 1), dt.date(2022, 1, 5)))
TIMES = st.one_of(st.none(), st.sampled_from([dt.time(9), dt.time(9, 20), dt.time(14)]))
EVENTS = st.sampled_from(["Strategy discussion", "Home visit", "Phone call to mother", ""])


def drawn_entries(
    draw: st.DrawFn,
    n: int,
    dates: st.SearchStrategy[dt.date | None],
    events: st.SearchStrategy[str],
) -> list[ChronologyEntry]:
    """``n`` entries of one file, lines 2, 3, ..., with drawn agencies, dates, times, events."""
    return [
        ChronologyEntry(
            agency=draw(AGENCIES),
            date=draw(dates),
            time=draw(TIMES),
            event=draw(events),
            source_file="f.csv",
            source_line=i + 2,
        )
        for i in range(n)
    ]


@st.composite
def entry_lists(draw: st.DrawFn) -> list[ChronologyEntry]:
    return drawn_entries(draw, draw(st.integers(0, 25)), DATES, EVENTS)


@given(entry_lists())
def test_merge_is_sorted_loses_nothing_and_is_idempotent(entries: list[ChronologyEntry]) -> None:
    merged = merge(entries)
    assert [merge_key(e) for e in merged] == sorted(merge_key(e) for e in entries)
    assert sorted(map(id, merged)) == sorted(map(id, entries))
    assert merge(merged) == merged


@given(entry_lists())
def test_linking_loses_nothing_is_idempotent_and_groups_are_cross_agency(
    entries: list[ChronologyEntry],
) -> None:
    linked = link_duplicates(entries)
    strip = [e.model_copy(update={"duplicate_group": None}) for e in linked]
    assert strip == [e.model_copy(update={"duplicate_group": None}) for e in merge(entries)]
    assert link_duplicates(linked) == linked
    groups: dict[int, list[ChronologyEntry]] = {}
    for e in linked:
        if e.duplicate_group is not None:
            groups.setdefault(e.duplicate_group, []).append(e)
    for members in groups.values():
        assert len(members) >= 2
        assert len({m.agency for m in members}) == len(members)
        assert len({m.date for m in members}) == 1


WORDS = st.sampled_from(["strategy", "discussion", "home", "visit", "call", "mother", "school"])


@st.composite
def same_day_entries(draw: st.DrawFn) -> list[ChronologyEntry]:
    events = st.lists(WORDS, min_size=0, max_size=6).map(" ".join)
    return drawn_entries(draw, draw(st.integers(2, 12)), st.just(dt.date(2023, 5, 10)), events)


def link_by_comparing_every_pair(entries: list[ChronologyEntry]) -> list[int | None]:
    """The plain reference: every pair in merged order, joined unless an agency repeats."""
    merged = merge(entries)
    group_of: dict[int, list[int]] = {}
    for i in range(len(merged)):
        for j in range(i + 1, len(merged)):
            if not same_event(merged[i], merged[j]):
                continue
            group_i, group_j = group_of.get(i, [i]), group_of.get(j, [j])
            if group_i is group_j:
                continue
            if {merged[k].agency for k in group_i} & {merged[k].agency for k in group_j}:
                continue
            joined = sorted(group_i + group_j)
            for k in joined:
                group_of[k] = joined
    numbers: dict[int, int] = {}
    return [
        numbers.setdefault(group_of[k][0], len(numbers) + 1) if k in group_of else None
        for k in range(len(merged))
    ]


@given(same_day_entries())
def test_linking_gives_the_same_groups_as_comparing_every_pair(
    entries: list[ChronologyEntry],
) -> None:
    """The candidate shortcut never misses a pair that comparing all pairs would link."""
    expected = link_by_comparing_every_pair(entries)
    assert [e.duplicate_group for e in link_duplicates(entries)] == expected
    with patch.object(chronology, "SMALL_DAY", 0):  # the word index, as on a busy day
        assert [e.duplicate_group for e in link_duplicates(entries)] == expected


def test_construct_entry_equals_a_validated_entry_and_behaves_like_one() -> None:
    values = entry("police", "2023-05-10", "14:00", "Strategy discussion").model_dump()
    built = construct_entry(dict(values))
    assert built == ChronologyEntry.model_validate(values)
    assert built.model_copy(update={"duplicate_group": 3}).duplicate_group == 3
    built.duplicate_group = 2  # assignment is still validated
    assert built.duplicate_group == 2
    with pytest.raises(ValidationError):
        built.source_line = "not a number"  # type: ignore[assignment]


# --- crowds: a busy day stays near-linear, and says where it compared less -----------------


def crowd_at_one_moment(per_agency: int) -> list[ChronologyEntry]:
    """Two agencies' rows all at one date and time (a default), each in its own words."""
    return [
        entry(agency, "2020-01-01", "00:00", f"record {agency} {n} word{n} other{n}", line=n + 2)
        for agency in ("police", "health")
        for n in range(per_agency)
    ]


def test_a_crowded_moment_links_only_on_words_and_says_so() -> None:
    size = chronology.CROWD // 2 + 1  # two agencies: just over CROWD at one minute
    entries = [
        *crowd_at_one_moment(size),
        entry("police", "2020-01-01", "00:00", "Strategy discussion held at the office", 900),
        entry("health", "2020-01-01", "00:00", "Strategy discussion held at the office", 901),
    ]
    linked, warnings = chronology.link_and_note(entries)
    grouped = [e for e in linked if e.duplicate_group is not None]
    # Today's rule would pair the n-th record of each agency for sharing a minute; in a
    # crowd the shared minute is no evidence: only the two alike accounts are linked.
    assert sorted(e.source_line for e in grouped) == [900, 901]
    assert len(linked) == len(entries)
    assert len(warnings) == 1
    assert warnings[0].location == "chronologies/health.csv:2"
    assert f"{2 * size + 2:,} entries at 01/01/2020 00:00" in warnings[0].message
    assert "only where their words match" in warnings[0].message


def test_a_crowd_of_identical_wordings_is_paired_as_comparing_every_pair_would() -> None:
    per_agency = 200  # every word held by all 400 entries of the day: all crowded
    entries = [
        entry(agency, "2020-02-03", None, "Did not attend", line=n + 2)
        for agency in ("police", "health")
        for n in range(per_agency)
    ]
    linked, warnings = chronology.link_and_note(entries)
    assert [e.duplicate_group for e in linked] == link_by_comparing_every_pair(entries)
    assert all(e.duplicate_group is not None for e in linked)
    assert len(warnings) == 1 and "share words with more than" in warnings[0].message


def test_a_busy_day_of_varied_words_has_no_warning() -> None:
    """Three times SMALL_DAY entries, "the" in every one: not a crowd."""
    entries = [
        entry(
            ("police", "health", "school")[n % 3],
            "2021-03-04",
            f"{8 + n // 12:02d}:{n % 60:02d}",
            f"visit{n} to see mother{n} about the dentist{n} appointment{n}",
            line=n + 2,
        )
        for n in range(3 * chronology.SMALL_DAY)
    ]
    linked, warnings = chronology.link_and_note(entries)
    assert warnings == []
    assert [e.duplicate_group for e in linked] == link_by_comparing_every_pair(entries)


@st.composite
def crowded_day_entries(draw: st.DrawFn) -> list[ChronologyEntry]:
    events = st.lists(WORDS, min_size=0, max_size=6).map(" ".join)
    return drawn_entries(draw, draw(st.integers(2, 16)), st.just(dt.date(2023, 5, 10)), events)


@given(crowded_day_entries())
def test_a_day_without_a_crowd_warning_gets_exactly_the_groups_of_every_pair(
    entries: list[ChronologyEntry],
) -> None:
    """The rule changes only where a warning says so; nothing is ever lost."""
    with (
        patch.object(chronology, "SMALL_DAY", 0),
        patch.object(chronology, "CROWD", 3),  # tiny crowds, so drawn days have them
        patch.object(chronology, "WORD_BUDGET", 0),
    ):
        linked, warnings = chronology.link_and_note(entries)
    strip = [e.model_copy(update={"duplicate_group": None}) for e in linked]
    assert strip == [e.model_copy(update={"duplicate_group": None}) for e in merge(entries)]
    groups: dict[int, set[str]] = {}
    for e in linked:
        if e.duplicate_group is not None:
            assert e.agency not in groups.get(e.duplicate_group, set())
            groups.setdefault(e.duplicate_group, set()).add(e.agency)
    assert all(len(agencies) >= 2 for agencies in groups.values())
    if not warnings:
        assert [e.duplicate_group for e in linked] == link_by_comparing_every_pair(entries)
