"""Reading a review's chronology for a screen: the first screenful at once, the rest later.

Every screen that shows a chronology table (``ui/widgets/chronology_table.py``) fills it
with :func:`fill_table`. A small chronology is read whole before the screen first paints.
A large one paints its first rows (``entries_head``) and the table reads the rest in a
thread (:meth:`ChronologyTable.load_rest`), with :func:`read_in_steps`: a page at a time,
saying how far it has got after each page, and handing the table every row read so far
at growing steps (2,500 entries, then 10,000, 40,000...), so that the rows fill in while
the table stays usable and the whole read costs about a third more than one read. The
entries come from the services (``services.chronology``: an :class:`EntrySource`).
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Protocol

from workshop_tui.domain.filtering import ChronologyIndex, search_blob
from workshop_tui.domain.models import ChronologyEntry
from workshop_tui.memory import collector_paused

if TYPE_CHECKING:
    from workshop_tui.ui.widgets.chronology_table import ChronologyTable, Report

LOAD_AT_ONCE = 2_000
"""A chronology up to this size is read before the screen first paints."""
HEAD_ROWS = 100
"""How many rows of each kind (needing attention, dated) a first paint reads."""
PAGE_ROWS = 2_500
"""How many dated entries the loading thread reads at a time (it reports after each)."""
FIRST_STEP = 2_500
"""The table gets every row read so far once this many dated entries are in, ..."""
GROWTH = 4
"""... then each time this many times as many (the last step is the whole chronology)."""


class EntrySource(Protocol):
    """Where a screen reads a chronology: ``services.chronology`` (the repository has the
    same reads)."""

    def entries(self, review_id: int) -> list[ChronologyEntry]: ...

    def entry_count(self, review_id: int) -> int: ...

    def entries_head(self, review_id: int, limit: int) -> list[ChronologyEntry]: ...

    def entries_undated(self, review_id: int) -> list[ChronologyEntry]: ...

    def entries_dated_page(
        self, review_id: int, offset: int, limit: int
    ) -> list[ChronologyEntry]: ...


def first_entries(
    source: EntrySource,
    review_id: int,
    *,
    at_once: int = LOAD_AT_ONCE,
    head_rows: int = HEAD_ROWS,
) -> tuple[list[ChronologyEntry], int | None]:
    """Every entry of the review, or (for a large chronology) its first screenful of rows.

    Args:
        source: Where the entries are read (``services.chronology``).
        review_id: The review.
        at_once: Read the whole chronology if it has no more entries than this.
        head_rows: Otherwise, how many rows of each kind to read.

    Returns:
        The entries read, and the chronology's size if only its first rows were read
        (None when every entry was).
    """
    total = source.entry_count(review_id)
    if total > at_once:
        return list(source.entries_head(review_id, head_rows)), total
    return list(source.entries(review_id)), None


def fill_table(
    table: ChronologyTable,
    source: EntrySource,
    review_id: int,
    *,
    at_once: int = LOAD_AT_ONCE,
    head_rows: int = HEAD_ROWS,
) -> None:
    """Put the review's chronology in ``table``: all of it now if it is small, else its
    first rows now and the rest from a thread once the table has first painted.

    Args:
        table: The table to fill (mounted or not yet).
        source: Where the entries are read (``services.chronology``).
        review_id: The review.
        at_once: Read the whole chronology now if it has no more entries than this.
        head_rows: Otherwise, how many rows of each kind to read now.
    """
    entries, total = first_entries(source, review_id, at_once=at_once, head_rows=head_rows)
    table.set_entries(entries)
    if total is not None:
        table.load_rest(partial(read_in_steps, source, review_id), total)


def read_in_steps(
    source: EntrySource,
    review_id: int,
    report: Report,
    *,
    page_rows: int | None = None,
    first_step: int | None = None,
    growth: int | None = None,
) -> ChronologyIndex:
    """Every entry of the review, indexed for filtering (search text included), read a page
    at a time; ``report`` hears after each page, with the rows so far at growing steps.

    The entries without a date come first (few, and shown at the top, so every step holds
    them all), then the dated ones page by page in merged order; each step is the dated
    entries read so far followed by the undated ones, itself in merged order. An entry
    corrected meanwhile may move between pages: one read twice is kept once, and if one
    was missed (the count differs) the chronology is read again whole.

    Runs in a worker thread: the reads and the index are pure Python.

    Args:
        source: Where the entries are read (``services.chronology``).
        review_id: The review.
        report: Told the rows so far (or None) and how many entries have been read.
        page_rows: Dated entries per read (default :data:`PAGE_ROWS`).
        first_step: Dated entries in the first step (default :data:`FIRST_STEP`).
        growth: How much larger each step is than the one before (default :data:`GROWTH`).

    Returns:
        The whole chronology, indexed.
    """
    page_rows = page_rows or PAGE_ROWS
    step = first_step or FIRST_STEP
    growth = max(2, growth or GROWTH)
    with collector_paused():
        expected = source.entry_count(review_id)
        undated = source.entries_undated(review_id)
        undated_blobs = [search_blob(e) for e in undated]
        dated: list[ChronologyEntry] = []
        dated_blobs: list[str] = []
        seen = {e.id for e in undated}
        offset = 0
        while True:
            page = source.entries_dated_page(review_id, offset, page_rows)
            offset += len(page)
            fresh = [e for e in page if e.id not in seen]
            seen.update(e.id for e in fresh)
            dated += fresh
            dated_blobs += [search_blob(e) for e in fresh]
            if len(page) < page_rows:
                break
            if step <= len(dated) < expected - len(undated):  # the whole is next anyway
                step = len(dated) * growth
                index = ChronologyIndex(dated + undated, blobs=dated_blobs + undated_blobs)
                report(index, len(dated) + len(undated))
            else:
                report(None, len(dated) + len(undated))
        if len(dated) + len(undated) != source.entry_count(review_id):
            return load_index(source, review_id)  # something moved past the pages
        return ChronologyIndex(dated + undated, blobs=dated_blobs + undated_blobs)


def load_index(source: EntrySource, review_id: int) -> ChronologyIndex:
    """Every entry of the review, indexed for filtering, search text included.

    Runs in a worker thread: the read and the index are pure Python.
    """
    with collector_paused():
        index = ChronologyIndex(source.entries(review_id))
        index.prepare_search()
    return index
