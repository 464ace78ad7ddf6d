"""Reading a review's chronology for a screen: the first screenful at once, the rest later.

Every screen that shows a chronology table (``ui/widgets/chronology_table.py``) fills it
with :func:`fill_table`. A small chronology is read whole before the screen first paints.
A large one paints its first rows (``entries_head``) and the table reads the rest in a
thread (:meth:`ChronologyTable.load_rest`), with :func:`load_index`. The entries come from
the services (``services.chronology``: an :class:`EntrySource`).
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Protocol

from workshop_tui.domain.filtering import ChronologyIndex
from workshop_tui.domain.models import ChronologyEntry
from workshop_tui.memory import collector_paused

if TYPE_CHECKING:
    from workshop_tui.ui.widgets.chronology_table import ChronologyTable

LOAD_AT_ONCE = 2_000
"""A chronology up to this size is read before the screen first paints."""
HEAD_ROWS = 100
"""How many rows of each kind (needing attention, dated) a first paint reads."""


class EntrySource(Protocol):
    """Where a screen reads a chronology: ``services.chronology`` (the repository has the
    same reads)."""

    def entries(self, review_id: int) -> list[ChronologyEntry]: ...

    def entry_count(self, review_id: int) -> int: ...

    def entries_head(self, review_id: int, limit: int) -> list[ChronologyEntry]: ...


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
        table.load_rest(partial(load_index, source, review_id), total)


def load_index(source: EntrySource, review_id: int) -> ChronologyIndex:
    """Every entry of the review, indexed for filtering, search text included.

    Runs in a worker thread: the read and the index are pure Python.
    """
    with collector_paused():
        index = ChronologyIndex(source.entries(review_id))
        index.prepare_search()
    return index
