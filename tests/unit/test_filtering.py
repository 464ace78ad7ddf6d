"""The chronology filter: pure logic, with property tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workshop_tui.domain import filtering
from workshop_tui.domain.chronology import merge_key
from workshop_tui.domain.filtering import (
    ChronologyFilter,
    ChronologyIndex,
    display_rows,
    filter_entries,
)
from workshop_tui.domain.models import ChronologyEntry, EntryFlag, Kloe

K = EntryFlag.KEY_PRACTICE_EPISODE
M = EntryFlag.MISSED_OPPORTUNITY
G = EntryFlag.GOOD_PRACTICE


def entry(
    id: int,
    day: int | None,
    agency: str = "police",
    event: str = "",
    **fields: object,
) -> ChronologyEntry:
    date = None if day is None else dt.date(2023, 1, 1) + dt.timedelta(days=day)
    if date is None:
        fields.setdefault("error", 'invalid date "31/02/2023"')
    return ChronologyEntry(
        id=id,
        agency=agency,
        date=date,
        event=event,
        source_file=f"{agency}.csv",
        source_line=id + 1,
        **fields,
    )


ENTRIES = [
    entry(1, 0, "police", "Domestic incident reported by neighbour", practitioner="PC Hale"),
    entry(2, 3, "health", "Home visit by health visitor", flags=[G]),
    entry(3, 3, "social_care", "Strategy discussion", duplicate_group=1),
    entry(4, 3, "police", "Strategy discussion with social care", duplicate_group=1, flags=[K]),
    entry(5, 10, "school", "Absent from school", extra={"Pupil ref": "QX-77"}),
    entry(6, 40, "health", "Missed appointment", flags=[M, K]),
    entry(7, None, "school", "", raw={"Date": "31/02/2023", "Details": "Called mother"}),
]


def ids(indices: list[int], entries: list[ChronologyEntry] = ENTRIES) -> list[int | None]:
    return [entries[i].id for i in indices]


def test_empty_filter_keeps_everything_in_order() -> None:
    assert ChronologyFilter().is_empty
    assert filter_entries(ENTRIES, ChronologyFilter()) == list(range(len(ENTRIES)))


def test_text_is_case_insensitive_and_every_word_must_match() -> None:
    assert ids(filter_entries(ENTRIES, ChronologyFilter(text="STRATEGY"))) == [3, 4]
    assert ids(filter_entries(ENTRIES, ChronologyFilter(text="strategy with"))) == [4]


def test_text_searches_practitioner_extra_error_and_raw_cells() -> None:
    assert ids(filter_entries(ENTRIES, ChronologyFilter(text="pc hale"))) == [1]
    assert ids(filter_entries(ENTRIES, ChronologyFilter(text="qx-77"))) == [5]
    assert ids(filter_entries(ENTRIES, ChronologyFilter(text="called mother"))) == [7]
    assert ids(filter_entries(ENTRIES, ChronologyFilter(text="february"))) == []
    assert ids(filter_entries(ENTRIES, ChronologyFilter(text="invalid date"))) == [7]


def test_agency_flag_and_attention_filters() -> None:
    flt = ChronologyFilter(agencies=frozenset({"health", "school"}))
    assert ids(filter_entries(ENTRIES, flt)) == [2, 5, 6, 7]
    assert ids(filter_entries(ENTRIES, ChronologyFilter(flags=frozenset({K})))) == [4, 6]
    assert ids(filter_entries(ENTRIES, ChronologyFilter(flags=frozenset({M, G})))) == [2, 6]
    assert ids(filter_entries(ENTRIES, ChronologyFilter(attention_only=True))) == [7]


def test_date_range_is_inclusive_and_drops_undated_entries() -> None:
    flt = ChronologyFilter(date_from=dt.date(2023, 1, 4), date_to=dt.date(2023, 1, 11))
    assert ids(filter_entries(ENTRIES, flt)) == [2, 3, 4, 5]
    assert ids(filter_entries(ENTRIES, ChronologyFilter(date_to=dt.date(2023, 1, 1)))) == [1]


def test_kloe_slice_is_its_period_or_its_linked_entries() -> None:
    kloe = Kloe(
        number=1,
        title="Neglect",
        period_start=dt.date(2023, 1, 4),
        period_end=dt.date(2023, 1, 4),
        entry_ids=[6],
    )
    assert ids(filter_entries(ENTRIES, ChronologyFilter.for_kloe(kloe))) == [2, 3, 4, 6]
    only_linked = Kloe(number=2, title="Health", entry_ids=[1, 5])
    assert ids(filter_entries(ENTRIES, ChronologyFilter.for_kloe(only_linked))) == [1, 5]
    whole = Kloe(number=3, title="All of it")
    assert ChronologyFilter.for_kloe(whole).is_empty


def test_display_puts_attention_first_and_collapses_duplicate_groups() -> None:
    index = ChronologyIndex(ENTRIES)
    rows = display_rows(index, index.filter(ChronologyFilter()))
    assert ids(rows.indices) == [7, 1, 2, 3, 5, 6]
    assert rows.members == set()
    assert index.group_size(2) == 2
    assert index.group_size(0) == 1


def test_expanded_group_shows_every_member_even_those_filtered_out() -> None:
    index = ChronologyIndex(ENTRIES)
    matched = index.filter(ChronologyFilter(agencies=frozenset({"police"})))
    rows = display_rows(index, matched, expanded={1})
    assert ids(rows.indices) == [1, 4, 3]
    assert rows.members == {2}


def test_narrowing_gives_the_same_answer_as_a_fresh_scan() -> None:
    index = ChronologyIndex(ENTRIES)
    for text in ["s", "st", "str", "strategy", "strategy ", "strategy w", "strategy with"]:
        assert index.filter(ChronologyFilter(text=text)) == filter_entries(
            ENTRIES, ChronologyFilter(text=text)
        )
    # Widening again (backspace) must not reuse the narrowed result.
    assert ids(index.filter(ChronologyFilter(text="s"))) == ids(
        filter_entries(ENTRIES, ChronologyFilter(text="s"))
    )


def test_replace_entry_updates_fields_and_moves_a_fixed_entry_into_date_order() -> None:
    index = ChronologyIndex(ENTRIES)
    index.filter(ChronologyFilter(text="called"))
    fixed = ENTRIES[6].model_copy(
        update={"date": dt.date(2023, 1, 5), "error": None, "event": "Called mother"}
    )
    position = index.replace_entry(fixed)
    assert position == 4
    assert [e.id for e in index.entries] == [1, 2, 3, 4, 7, 5, 6]
    assert index.attention == [False] * 7
    assert ids(index.filter(ChronologyFilter(text="called")), index.entries) == [7]
    flagged = index.entries[0].model_copy(update={"flags": [M]})
    assert index.replace_entry(flagged) == 0
    assert ids(index.filter(ChronologyFilter(flags=frozenset({M}))), index.entries) == [1, 6]


def test_replace_entries_in_one_batch_matches_one_at_a_time() -> None:
    fixed = ENTRIES[6].model_copy(update={"date": dt.date(2023, 1, 5), "error": None})
    flagged = ENTRIES[0].model_copy(update={"flags": [M]})
    one_by_one = ChronologyIndex(ENTRIES)
    one_by_one.replace_entry(fixed)
    one_by_one.replace_entry(flagged)
    batch = ChronologyIndex(ENTRIES)
    assert batch.replace_entries([fixed, flagged, fixed]) == [4, 0, 4]
    assert batch.entries == one_by_one.entries
    assert batch.flags == one_by_one.flags and batch.attention == one_by_one.attention
    unknown = ENTRIES[0].model_copy(update={"id": 999})
    with pytest.raises(KeyError):
        batch.replace_entries([flagged, unknown])
    assert batch.entries == one_by_one.entries  # nothing changed


def test_filter_keeps_the_recent_results_and_evicts_the_least_recently_used() -> None:
    index = ChronologyIndex(ENTRIES)
    first = ChronologyFilter(text="visit")
    index.filter(first).append(99)  # the caller gets a copy
    others = [ChronologyFilter(text=f"x{n}") for n in range(filtering._CACHED_RESULTS)]
    for n, flt in enumerate(others):
        index.filter(flt)
        if n % 2:
            assert ids(index.filter(first)) == [2]  # used again: kept as the newest
    assert len(index._results) == filtering._CACHED_RESULTS
    assert first in index._results and others[0] not in index._results
    head, complete = index.filter_head(ChronologyFilter(text="visit by"), rows=10)
    assert complete and ids(head) == [2]
    assert len(index._results) == filtering._CACHED_RESULTS
    assert ChronologyFilter(text="visit by") in index._results


# --- properties ---------------------------------------------------------------

AGENCIES = ["police", "health", "school"]
WORDS = ["visit", "strategy", "Mother", "school", "référé", "ÉCOLE", "call"]

entries_strategy = st.lists(
    st.builds(
        lambda day, agency, words, flags, group: (day, agency, " ".join(words), flags, group),
        st.one_of(st.none(), st.integers(0, 60)),
        st.sampled_from(AGENCIES),
        st.lists(st.sampled_from(WORDS), max_size=4),
        st.lists(st.sampled_from(list(EntryFlag)), max_size=2, unique=True),
        st.one_of(st.none(), st.integers(1, 3)),
    ),
    max_size=25,
).map(
    lambda rows: sorted(
        (
            entry(i + 1, day, agency, text, flags=flags, duplicate_group=group)
            for i, (day, agency, text, flags, group) in enumerate(rows)
        ),
        key=merge_key,
    )
)

filters_strategy = st.builds(
    ChronologyFilter,
    agencies=st.frozensets(st.sampled_from(AGENCIES)),
    text=st.one_of(st.just(""), st.sampled_from(WORDS), st.text(max_size=4)),
    date_from=st.one_of(st.none(), st.dates(dt.date(2022, 12, 1), dt.date(2023, 3, 1))),
    date_to=st.one_of(st.none(), st.dates(dt.date(2022, 12, 1), dt.date(2023, 3, 1))),
    flags=st.frozensets(st.sampled_from(list(EntryFlag))),
    kloe_period=st.one_of(
        st.none(),
        st.tuples(
            st.one_of(st.none(), st.dates(dt.date(2022, 12, 1), dt.date(2023, 3, 1))),
            st.one_of(st.none(), st.dates(dt.date(2022, 12, 1), dt.date(2023, 3, 1))),
        ),
    ),
    kloe_entry_ids=st.frozensets(st.integers(1, 25), max_size=3),
    attention_only=st.booleans(),
)


@settings(max_examples=200, deadline=None)
@given(entries_strategy, filters_strategy)
def test_filter_result_is_an_ordered_subset_and_idempotent(
    entries: list[ChronologyEntry], flt: ChronologyFilter
) -> None:
    result = filter_entries(entries, flt)
    assert result == sorted(set(result))
    assert all(0 <= i < len(entries) for i in result)
    kept = [entries[i] for i in result]
    assert filter_entries(kept, flt) == list(range(len(kept)))


@settings(max_examples=100, deadline=None)
@given(entries_strategy)
def test_empty_filter_returns_all(entries: list[ChronologyEntry]) -> None:
    assert filter_entries(entries, ChronologyFilter()) == list(range(len(entries)))


@settings(max_examples=100, deadline=None)
@given(entries_strategy, st.text(alphabet="scrtaoéÉ ", max_size=6), st.text(max_size=3))
def test_incremental_narrowing_matches_a_fresh_scan(
    entries: list[ChronologyEntry], start: str, more: str
) -> None:
    index = ChronologyIndex(entries)
    index.filter(ChronologyFilter(text=start))
    flt = ChronologyFilter(text=start + more)
    assert index.filter(flt) == ChronologyIndex(entries).filter(flt)


@settings(max_examples=100, deadline=None)
@given(entries_strategy, filters_strategy, st.frozensets(st.integers(1, 3)))
def test_display_rows_lose_no_matched_event(
    entries: list[ChronologyEntry], flt: ChronologyFilter, expanded: frozenset[int]
) -> None:
    index = ChronologyIndex(entries)
    matched = index.filter(flt)
    rows = display_rows(index, matched, expanded)
    shown = set(rows.indices)
    for i in matched:
        group = entries[i].duplicate_group
        assert i in shown or any(entries[j].duplicate_group == group for j in shown)
    heads = [i for n, i in enumerate(rows.indices) if n not in rows.members]
    attention = [entries[i].needs_attention for i in heads]
    assert attention == sorted(attention, reverse=True)
    if expanded.isdisjoint(index.group_members):
        assert rows.members == set()


@settings(max_examples=200, deadline=None)
@given(entries_strategy, st.data())
def test_replaced_entries_keep_merged_order_and_match_a_fresh_index(
    entries: list[ChronologyEntry], data: st.DataObject
) -> None:
    index = ChronologyIndex(entries)
    index.prepare_search()
    positions = data.draw(st.lists(st.integers(0, max(len(entries) - 1, 0)), max_size=4))
    changed = [
        entries[i].model_copy(
            update={
                "date": data.draw(st.one_of(st.none(), st.dates(dt.date(2023, 1, 1)))),
                "event": data.draw(st.sampled_from(WORDS)),
            }
        )
        for i in positions
        if entries
    ]
    index.replace_entries(changed)
    keys = [merge_key(e) for e in index.entries]
    assert keys == sorted(keys)
    latest = {e.id: e for e in changed}
    assert sorted(index.entries, key=lambda e: e.id or 0) == sorted(
        (latest.get(e.id, e) for e in entries), key=lambda e: e.id or 0
    )
    fresh = ChronologyIndex(index.entries)
    assert index.date == fresh.date and index.group_members == fresh.group_members
    for word in WORDS:
        flt = ChronologyFilter(text=word)
        assert index.filter(flt) == fresh.filter(flt)


def test_filtering_never_imports_textual() -> None:
    source = Path(filtering.__file__).read_text(encoding="utf-8")
    assert "import textual" not in source and "from textual" not in source


@settings(max_examples=200, deadline=None)
@given(
    entries_strategy,
    st.text(alphabet="scrtaoe ", max_size=4),
    st.text(alphabet="scrtaoe", min_size=1, max_size=3),
    st.integers(1, 6),
    st.frozensets(st.integers(1, 3)),
)
def test_filter_head_starts_like_the_whole_result(
    entries: list[ChronologyEntry], start: str, more: str, rows: int, expanded: frozenset[int]
) -> None:
    index = ChronologyIndex(entries)
    index.filter(ChronologyFilter(text=start))
    flt = ChronologyFilter(text=start + more)
    head, complete = index.filter_head(flt, rows)
    whole = ChronologyIndex(entries).filter(flt)
    if complete:
        assert head == whole
    else:
        assert set(head) <= set(whole) and head == sorted(head)
        attention = [i for i in whole if entries[i].needs_attention]
        assert set(attention) <= set(head)
        head_rows = display_rows(index, head, expanded).indices
        whole_rows = display_rows(index, whole, expanded).indices
        assert len(head_rows) >= rows
        assert head_rows[:rows] == whole_rows[:rows]
    assert index.filter(flt) == whole
    assert all(index.passes(flt, i) == (i in whole) for i in range(len(entries)))
