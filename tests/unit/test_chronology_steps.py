"""Reading a large chronology in steps (ui.chronology_loading.read_in_steps): pure, on a
list standing in for the services."""

from __future__ import annotations

import datetime as dt

from workshop_tui.domain.filtering import ChronologyFilter, ChronologyIndex, search_blob
from workshop_tui.domain.models import ChronologyEntry
from workshop_tui.ui.chronology_loading import read_in_steps


def entry(n: int, *, dated: bool = True) -> ChronologyEntry:
    return ChronologyEntry(
        id=n + 1,
        agency="school",
        date=dt.date(2098, 1, 1) + dt.timedelta(days=n) if dated else None,
        source_file="chronologies/school.csv",
        source_line=n + 2,
        event=f"Visit {n}",
        error=None if dated else "no date",
    )


class ListSource:
    """The chronology as a list, read the way the services read it."""

    def __init__(self, dated: list[ChronologyEntry], undated: list[ChronologyEntry]) -> None:
        self.dated, self.undated = dated, undated
        self.whole_reads = 0
        self.moved: tuple[int, ChronologyEntry] | None = None
        """(page, entry): before that page is read, this entry moves to the front."""

    def entries(self, review_id: int) -> list[ChronologyEntry]:
        self.whole_reads += 1
        return self.dated + self.undated

    def entry_count(self, review_id: int) -> int:
        return len(self.dated) + len(self.undated)

    def entries_head(self, review_id: int, limit: int) -> list[ChronologyEntry]:
        return self.dated[:limit] + self.undated[:limit]

    def entries_undated(self, review_id: int) -> list[ChronologyEntry]:
        return list(self.undated)

    def entries_dated_page(self, review_id: int, offset: int, limit: int) -> list[ChronologyEntry]:
        if self.moved is not None and offset // limit == self.moved[0]:
            moved = self.moved[1]
            self.dated.remove(moved)
            self.dated.insert(0, moved)
            self.moved = None
        return self.dated[offset : offset + limit]


Steps = list[tuple[ChronologyIndex | None, int]]


def read(source: ListSource) -> tuple[ChronologyIndex, Steps]:
    steps: Steps = []
    index = read_in_steps(
        source, 1, lambda *step: steps.append(step), page_rows=10, first_step=10, growth=2
    )
    return index, steps


def test_steps_grow_and_the_end_is_the_whole_chronology_in_merged_order() -> None:
    undated = [entry(100, dated=False), entry(101, dated=False)]
    source = ListSource([entry(n) for n in range(95)], undated)
    index, steps = read(source)
    assert index.entries == source.dated + source.undated
    for step, _ in steps:  # each: the merged order's dated start, then the undated
        if step is not None:
            assert step.entries == source.dated[: len(step) - 2] + source.undated
    # Every page is reported; the rows so far at 10, 20 and 40 dated entries (+2 undated).
    assert [(None if step is None else len(step), count) for step, count in steps] == [
        (12, 12),
        (22, 22),
        (None, 32),
        (42, 42),
        (None, 52),
        (None, 62),
        (None, 72),
        (82, 82),
        (None, 92),
    ]
    assert source.whole_reads == 0
    # The search text was built as the pages came, for every entry.
    assert index._blob_list == [search_blob(e) for e in index.entries]
    assert index.filter(ChronologyFilter(text="visit 101")) == [96]


def test_an_entry_moved_while_reading_is_kept_once_or_the_whole_is_read_again() -> None:
    dated = [entry(n) for n in range(35)]
    ids = [e.id for e in dated]
    source = ListSource(dated, [])
    source.moved = (2, dated[5])  # moved among the pages already read: nothing shifts
    index, _ = read(source)
    assert sorted(e.id or 0 for e in index.entries) == ids
    assert source.whole_reads == 0

    dated = [entry(n) for n in range(35)]
    source = ListSource(dated, [])
    source.moved = (1, dated[30])
    # An unread one moves among the read ones: the pages after shift, one entry would be
    # read twice and the moved one missed.
    index, _ = read(source)
    assert source.whole_reads == 1
    assert index.entries == source.dated
