"""Domain model validation that is not covered by the importer and storage tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from pydantic import ValidationError

from workshop_tui.domain.models import Kloe, Review

START, END = dt.date(2023, 4, 1), dt.date(2024, 3, 31)


@pytest.mark.parametrize(
    "make",
    [
        lambda **period: Review(reference="LR-1", title="Child B", **period),
        lambda **period: Kloe(number=1, title="Cumulative risk", **period),
    ],
    ids=["review", "kloe"],
)
def test_a_period_may_not_end_before_it_starts(make: Callable[..., Review | Kloe]) -> None:
    with pytest.raises(
        ValidationError, match="period_start 2024-03-31 is after period_end 2023-04-01"
    ):
        make(period_start=END, period_end=START)
    for period in ({}, {"period_start": START}, {"period_end": END}):
        make(**period)
    assert make(period_start=START, period_end=START).period_end == START
