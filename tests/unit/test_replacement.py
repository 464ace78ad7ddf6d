"""Matching two versions of an agency's chronology by content, and relinking some days."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from workshop_tui.domain.chronology import link_duplicates
from workshop_tui.domain.models import ChronologyEntry
from workshop_tui.domain.replacement import content_key, diff_entries, relink

_WORDS = st.sampled_from(["visit", "call", "strategy meeting", "home visit", "school", ""])


@st.composite
def entries(draw: st.DrawFn, agency: str = "youth") -> list[ChronologyEntry]:
    rows = draw(
        st.lists(
            st.tuples(
                st.dates(dt.date(2023, 1, 1), dt.date(2023, 1, 10)),
                _WORDS,
                st.sampled_from(["", "done", "not seen"]),
            ),
            max_size=25,
        )
    )
    return [
        ChronologyEntry(
            agency=agency,
            date=day,
            event=event,
            outcome=outcome,
            source_file="chronologies/youth.csv",
            source_line=line,
        )
        for line, (day, event, outcome) in enumerate(rows, start=2)
    ]


def _ids(items: list[ChronologyEntry]) -> list[int]:
    return sorted(id(item) for item in items)


@given(entries(), entries())
def test_every_entry_of_each_side_is_accounted_for_exactly_once(
    old: list[ChronologyEntry], new: list[ChronologyEntry]
) -> None:
    diff = diff_entries(old, new)
    olds = [o for o, _ in diff.unchanged] + [o for o, _ in diff.changed] + diff.removed
    news = [n for _, n in diff.unchanged] + [n for _, n in diff.changed] + diff.added
    assert _ids(olds) == _ids(old)
    assert _ids(news) == _ids(new)
    assert all(content_key(o) == content_key(n) for o, n in diff.unchanged)
    assert all(content_key(o) != content_key(n) for o, n in diff.changed)


@given(entries(), st.randoms(use_true_random=False))
def test_the_same_rows_in_another_order_are_all_unchanged(
    old: list[ChronologyEntry], random: object
) -> None:
    shuffled = list(old)
    random.shuffle(shuffled)  # type: ignore[attr-defined]
    new = [
        entry.model_copy(update={"source_line": line, "source_file": "chronologies/youth_v2.csv"})
        for line, entry in enumerate(shuffled, start=2)
    ]
    diff = diff_entries(old, new)
    assert diff.counts == {"unchanged": len(old), "changed": 0, "removed": 0, "added": 0}


def test_a_corrected_date_or_outcome_is_a_change_not_a_removal() -> None:
    old = [
        ChronologyEntry(agency="a", date=dt.date(2023, 1, 2), event="Home visit", source_line=2),
        ChronologyEntry(agency="a", date=dt.date(2023, 1, 3), event="Phone call", source_line=3),
    ]
    new = [
        old[0].model_copy(update={"outcome": "Child seen"}),
        old[1].model_copy(update={"date": dt.date(2023, 1, 4)}),
    ]
    diff = diff_entries(old, new)
    assert diff.counts == {"unchanged": 0, "changed": 2, "removed": 0, "added": 0}


def _stored(entries: list[ChronologyEntry]) -> list[ChronologyEntry]:
    return [e.model_copy(update={"id": n}) for n, e in enumerate(entries, start=1)]


def test_relinking_finds_the_groups_a_whole_import_finds_and_keeps_old_numbers() -> None:
    day = dt.date(2023, 3, 11)
    police = ChronologyEntry(agency="police", date=day, time=dt.time(21, 47), event="999 call")
    social = ChronologyEntry(agency="csc", date=day, time=dt.time(21, 47), event="Referral")
    youth = ChronologyEntry(agency="youth", date=day, time=dt.time(21, 47), event="Police called")
    stored = _stored([police, social, youth])
    stored[0].duplicate_group = stored[1].duplicate_group = 7
    changes = relink(stored, pinned=(), highest=9)
    assert changes == {3: 7}  # the new entry joins group 7
    whole = link_duplicates([police, social, youth])
    assert len({e.duplicate_group for e in whole}) == 1


def test_relinking_leaves_confirmed_groups_and_hand_unlinked_entries_alone() -> None:
    day = dt.date(2023, 3, 11)
    a, b, c = _stored(
        [
            ChronologyEntry(agency="police", date=day, time=dt.time(9), event="Visit"),
            ChronologyEntry(agency="csc", date=day, time=dt.time(9), event="Visit"),
            ChronologyEntry(agency="youth", date=day, time=dt.time(9), event="Visit"),
        ]
    )
    a.duplicate_group, a.duplicate_confirmed = 3, True
    assert relink([a, b, c], pinned={2}, highest=3) == {}
    assert relink([a, b, c], pinned=set(), highest=3) == {2: 4, 3: 4}
