"""The workflow rules storage used to decide itself, as pure domain functions."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workshop_tui.domain import kloe_order, workshop_state
from workshop_tui.domain.duplicate_groups import (
    entries_to_link,
    groups_left,
    lone_member,
    next_group,
    review_of_link,
)
from workshop_tui.domain.entry_fixes import (
    ENTRY_CORRECTED,
    ENTRY_FIXABLE,
    REMAPPED_FIELDS,
    fixed_entry,
)
from workshop_tui.domain.models import (
    ChronologyEntry,
    KloeStatus,
    ReviewStatus,
    WorkshopLogEntry,
)
from workshop_tui.domain.names import name_key

orders = st.lists(st.integers(min_value=1, max_value=10_000), unique=True, min_size=1)

# ------------------------------------------------------------------ KLOE order


def test_a_new_kloe_goes_last() -> None:
    assert kloe_order.next_number([]) == 1
    assert kloe_order.next_number([1, 2, 3]) == 4
    assert kloe_order.next_number([2, 7]) == 8  # after the last, even with a gap


@given(orders, st.data())
def test_moving_keeps_every_kloe_and_stays_in_range(order: list[int], data: st.DataObject) -> None:
    kloe_id = data.draw(st.sampled_from(order))
    offset = data.draw(st.integers(min_value=-20, max_value=20))
    result = kloe_order.moved(order, kloe_id, offset)
    assert sorted(result) == sorted(order)
    expected = max(0, min(len(order) - 1, order.index(kloe_id) + offset))
    assert result.index(kloe_id) == expected
    others = [i for i in order if i != kloe_id]
    assert [i for i in result if i != kloe_id] == others  # the rest keep their order


def test_moving_one_place_earlier_and_later() -> None:
    assert kloe_order.moved([10, 20, 30], 30, -1) == [10, 30, 20]
    assert kloe_order.moved([10, 20, 30], 10, 1) == [20, 10, 30]
    assert kloe_order.moved([10, 20, 30], 10, -5) == [10, 20, 30]


@given(orders, st.data())
def test_a_restored_kloe_returns_to_its_number(order: list[int], data: st.DataObject) -> None:
    kloe_id = data.draw(st.sampled_from(order))
    number = data.draw(st.integers(min_value=-3, max_value=len(order) + 3))
    result = kloe_order.restored([i for i in order if i != kloe_id], kloe_id, number)
    assert sorted(result) == sorted(order)
    assert result.index(kloe_id) == max(0, min(len(order) - 1, number - 1))


@given(st.dictionaries(st.integers(1, 50), st.integers(1, 50)), orders)
def test_renumbering_writes_only_the_numbers_that_change(
    current: dict[int, int], order: list[int]
) -> None:
    changes = kloe_order.renumbering(current, order)
    after = {**current, **{kloe_id: new for kloe_id, _, new in changes}}
    assert [after[i] for i in order] == list(range(1, len(order) + 1))
    for kloe_id, old, new in changes:
        assert old == current.get(kloe_id) and old != new


# ------------------------------------------------------------- duplicate groups


def _entry(group: int | None = None, **values: object) -> ChronologyEntry:
    return ChronologyEntry(
        agency="police", date=dt.date(2024, 1, 2), duplicate_group=group, **values
    )


def test_linking_needs_two_different_entries_of_one_review() -> None:
    assert entries_to_link([3, 1, 3, 2]) == [3, 1, 2]
    with pytest.raises(ValueError, match="at least two"):
        entries_to_link([4, 4])
    assert review_of_link([7, 7]) == 7
    with pytest.raises(ValueError, match="different reviews"):
        review_of_link([7, 8])


def test_a_new_group_is_numbered_after_the_highest() -> None:
    assert next_group(None) == 1
    assert next_group(4) == 5


def test_a_group_left_with_one_member_is_dissolved() -> None:
    alone = _entry(2)
    assert lone_member([alone]) is alone
    assert lone_member([alone, _entry(2)]) is None
    assert lone_member([]) is None
    assert groups_left([_entry(2), _entry(None), _entry(5), _entry(2)]) == {2, 5}


# ------------------------------------------------------------------ entry fixes


def test_the_remapped_fields_are_the_corrected_ones_and_extra() -> None:
    from workshop_tui.importers import columns

    assert vars(columns)["REMAPPED_FIELDS"] is REMAPPED_FIELDS  # the one definition
    assert set(REMAPPED_FIELDS) == ENTRY_CORRECTED | {"extra"}
    assert {*ENTRY_FIXABLE, "error"} == ENTRY_CORRECTED


def test_a_fix_clears_the_error_and_marks_the_period_again() -> None:
    broken = ChronologyEntry(agency="police", error="no date", raw={"Date": "32/13/2024"})
    fixed = fixed_entry(broken, {"date": "2023-05-01"}, dt.date(2024, 1, 1), None)
    assert fixed.date == dt.date(2023, 5, 1)
    assert fixed.error is None
    assert fixed.raw == {"Date": "32/13/2024"}  # the cells as they arrived are kept
    assert fixed.in_period is False
    assert broken.error == "no date"  # the old entry is not changed


def test_a_fix_refuses_unknown_fields_and_no_date() -> None:
    entry = _entry()
    with pytest.raises(ValueError, match="cannot fix agency, error"):
        fixed_entry(entry, {"agency": "x", "error": None}, None, None)
    with pytest.raises(ValueError, match="needs a date"):
        fixed_entry(entry, {"date": None}, None, None)
    with pytest.raises(ValueError):
        fixed_entry(entry, {"time": "25:99"}, None, None)


# --------------------------------------------------------------- workshop state

NOW = dt.datetime(2024, 3, 4, 10, 0)


def _log(log_id: int, kloe_id: int | None, ended: bool = False) -> WorkshopLogEntry:
    return WorkshopLogEntry(
        id=log_id, kloe_id=kloe_id, started_at=NOW, ended_at=NOW if ended else None
    )


def test_starting_a_workshop_opens_its_log_unless_resuming() -> None:
    fresh = workshop_state.start_workshop([])
    assert fresh.review_status is ReviewStatus.IN_WORKSHOP
    assert fresh.open_log and fresh.close == ()
    resumed = workshop_state.start_workshop([_log(1, None), _log(2, 5)])
    assert resumed.review_status is ReviewStatus.IN_WORKSHOP
    assert not resumed.open_log and resumed.close == ()


def test_ending_a_workshop_closes_every_open_row() -> None:
    step = workshop_state.end_workshop([_log(1, None), _log(2, 5), _log(3, 6, ended=True)])
    assert step.review_status is ReviewStatus.DRAFT_MINUTES
    assert step.close == (1, 2)
    assert not step.open_log


def test_starting_a_kloe_closes_the_one_under_way_but_not_the_workshop() -> None:
    step = workshop_state.start_kloe([_log(1, None), _log(2, 5)])
    assert step.close == (2,)
    assert step.open_log
    assert step.kloe_status is KloeStatus.IN_PROGRESS
    assert step.review_status is None


def test_ending_a_kloe_closes_only_its_row() -> None:
    step = workshop_state.end_kloe([_log(1, None), _log(2, 5), _log(3, 6)], 6)
    assert step.close == (3,)
    assert not step.open_log
    assert step.kloe_status is KloeStatus.DONE


# ------------------------------------------------------------------------ names


@given(st.lists(st.text(min_size=1).filter(lambda w: w.split() == [w]), min_size=1))
def test_name_keys_ignore_spacing(words: list[str]) -> None:
    key = name_key(" ".join(words))
    assert name_key("\t " + "  \n".join(words) + " ") == key
    assert name_key(key) == key
    assert "  " not in key and key == key.strip()


def test_name_key_examples() -> None:
    assert name_key("  Mary \n ANN ") == name_key("mary ann") == "mary ann"
    assert name_key("Straße") == name_key("STRASSE")
