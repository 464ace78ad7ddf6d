"""A large chronology opens on its first rows and fills in while the screen is in use.

The loading thread reads a page at a time; these tests hold it at a chosen page (no
sleeps: the thread says when it has got there) and look at the screen meanwhile and after.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
from collections.abc import Iterator

import pytest
from textual.widgets import Input, Static

from tests.pilot_text import type_text
from workshop_tui.app import WorkshopApp
from workshop_tui.domain.clock import frozen_clock
from workshop_tui.domain.models import ChronologyEntry
from workshop_tui.storage.repository import Repository
from workshop_tui.ui import chronology_loading
from workshop_tui.ui.screens.chronology import ChronologyScreen
from workshop_tui.ui.widgets import chronology_table

from .conftest import REFERENCE, burst, review_id_of
from .test_chronology_screen import NOW, ChronologyTestApp, d, sample_review, screen_of

DATED = 300
UNDATED = 3
PAGE = 40


def large_review_entries() -> list[ChronologyEntry]:
    """300 school visits, one in three about neglect, and three rows without a date."""
    dated = [
        ChronologyEntry(
            agency="school",
            date=d(1, 1) + dt.timedelta(days=n),
            source_file="chronologies/school.csv",
            source_line=n + 2,
            event=f"Visit {n}" + (": signs of neglect" if n % 3 == 0 else ""),
        )
        for n in range(DATED)
    ]
    undated = [
        ChronologyEntry(
            agency="police",
            source_file="chronologies/police.csv",
            source_line=n + 2,
            event=f"Undated call {n}",
            error="no date",
        )
        for n in range(UNDATED)
    ]
    return dated + undated


class PagedRepository:
    """The real repository, except that the loading thread waits before reading each page
    of ``holds`` (0 is the first) until released, and says when it has got there."""

    def __init__(self, repository: Repository, *holds: int) -> None:
        self._repository = repository
        self.waiting = {page: threading.Event() for page in holds}
        self.released = {page: threading.Event() for page in holds}

    def __getattr__(self, name: str) -> object:
        return getattr(self._repository, name)

    def entries_dated_page(self, review_id: int, offset: int, limit: int) -> list[ChronologyEntry]:
        page = offset // limit
        if page in self.waiting:
            self.waiting[page].set()
            assert self.released[page].wait(timeout=30), "the test never released the load"
        return self._repository.entries_dated_page(review_id, offset, limit)

    def release(self, page: int | None = None) -> None:
        """Let the thread read ``page``, or every page."""
        for held, event in self.released.items():
            if page is None or held == page:
                event.set()


@pytest.fixture
def large_review(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Repository, int]]:
    """A 303-entry review, read as a large one: 10 rows of each kind first, then pages of
    40 dated entries, shown at 40, 80, 160 and at the end (how far it has got is said
    only where a test asks for it: PROGRESS_AFTER)."""
    monkeypatch.setattr(chronology_table, "PROGRESS_AFTER", 3600)
    monkeypatch.setattr(ChronologyScreen, "LOAD_AT_ONCE", 50)
    monkeypatch.setattr(ChronologyScreen, "HEAD_ROWS", 10)
    monkeypatch.setattr(chronology_loading, "PAGE_ROWS", PAGE)
    monkeypatch.setattr(chronology_loading, "FIRST_STEP", PAGE)
    monkeypatch.setattr(chronology_loading, "GROWTH", 2)
    repository = Repository.memory(clock=frozen_clock(NOW))
    data = sample_review().model_copy(update={"entries": large_review_entries()})
    review = repository.create_review(data)
    assert review.id is not None
    yield repository, review.id
    repository.close()


def status_of(screen: ChronologyScreen) -> str:
    return str(screen.query_one("#chronology-status", Static).render())


async def held_at_page(paged: PagedRepository, page: int) -> None:
    """Wait (off the event loop) until the loading thread asks for the held ``page``."""
    assert await asyncio.to_thread(paged.waiting[page].wait, 30), "the load never got there"


async def test_the_first_rows_show_then_more_while_the_rest_is_read(
    large_review: tuple[Repository, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(chronology_table, "PROGRESS_AFTER", 0)  # say how far at once
    repository, review_id = large_review
    paged = PagedRepository(repository, 0, 1)
    app = ChronologyTestApp(paged, review_id)  # type: ignore[arg-type]
    async with app.run_test(size=(120, 40)) as pilot:
        await held_at_page(paged, 0)
        await pilot.pause()
        screen = screen_of(app)
        table = screen.table
        # The first paint: the rows needing attention, then the first ten dated ones.
        assert table.entries_loading
        assert table.total_count == UNDATED + 10
        assert [e.event for e in table.shown_entries()[:4]] == [
            "Undated call 0",
            "Undated call 1",
            "Undated call 2",
            "Visit 0: signs of neglect",
        ]
        paged.release(0)
        await held_at_page(paged, 1)
        await pilot.pause()
        # The first page is shown while the second is still to be read.
        assert table.entries_loading
        assert table.total_count == UNDATED + PAGE
        assert f"{UNDATED + PAGE} shown · 14% of 303 loaded" in status_of(screen)
        paged.release()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not table.entries_loading
        assert [e.id for e in table.entries] == [e.id for e in repository.entries(review_id)]
        # The counter counts every row once the last is in.
        assert table.row_count == DATED + UNDATED
        assert f"{DATED + UNDATED} of {DATED + UNDATED} shown" in status_of(screen)
        assert "3 need attention" in status_of(screen)


async def test_a_filter_typed_while_loading_applies_to_every_row_after(
    large_review: tuple[Repository, int],
) -> None:
    repository, review_id = large_review
    paged = PagedRepository(repository, 1)
    app = ChronologyTestApp(paged, review_id)  # type: ignore[arg-type]
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = screen_of(app)
        table = screen.table
        await held_at_page(paged, 1)
        await pilot.press("slash")
        await type_text(pilot, "neglect")
        await pilot.pause()
        assert screen.query_one("#chronology-text", Input).value == "neglect"
        assert table.row_count == len(range(0, PAGE, 3))  # of what is read so far
        paged.release()
        await app.workers.wait_for_complete()
        await pilot.pause()
        neglect = [f"Visit {n}: signs of neglect" for n in range(0, DATED, 3)]
        assert [e.event for e in table.shown_entries()] == neglect
        assert f"{len(neglect)} of {DATED + UNDATED} shown" in status_of(screen)


async def test_end_goes_to_the_last_row_during_and_after_loading(
    large_review: tuple[Repository, int],
) -> None:
    repository, review_id = large_review
    paged = PagedRepository(repository, 2)
    app = ChronologyTestApp(paged, review_id)  # type: ignore[arg-type]
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = screen_of(app)
        table = screen.table
        await held_at_page(paged, 2)
        await pilot.pause()
        assert table.entries_loading
        await pilot.press("end")  # pressed before the rest is read: not lost
        assert table.cursor_entry is not None
        assert table.cursor_entry.event == f"Visit {table.total_count - UNDATED - 1}"
        paged.release()
        await app.workers.wait_for_complete()
        await pilot.pause()
        last = f"Visit {DATED - 1}"
        assert table.cursor_entry is not None and table.cursor_entry.event == last
        assert table.cursor_row == table.row_count - 1
        await pilot.press("home")
        assert table.cursor_row == 0
        await pilot.press("end")
        assert table.cursor_entry is not None and table.cursor_entry.event == last
        # Up from there acts on the row above the last, as shown.
        await pilot.press("up")
        assert table.cursor_entry is not None
        assert table.cursor_entry.event == f"Visit {DATED - 2}"


async def test_a_key_moving_the_cursor_while_loading_keeps_its_entry_after(
    large_review: tuple[Repository, int],
) -> None:
    repository, review_id = large_review
    paged = PagedRepository(repository, 1)
    app = ChronologyTestApp(paged, review_id)  # type: ignore[arg-type]
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = screen_of(app)
        table = screen.table
        await pilot.press(*["down"] * 5)
        chosen = table.cursor_entry
        assert chosen is not None and chosen.event == "Visit 2"
        paged.release()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert table.cursor_entry == chosen
        await pilot.press("k")  # flags the entry under the cursor, not another
        await pilot.pause()
        assert chosen.id is not None
        assert repository.entry(chosen.id).flags != chosen.flags


async def test_words_typed_right_after_slash_go_into_the_search_box(
    repository: Repository, app: WorkshopApp
) -> None:
    """Found walking a 100,000-entry chronology while it loaded: '/' and a word typed at
    once (a paste, a fast typist) handed the word's letters to the table, where g flagged
    the entry under the cursor, l linked and c confirmed."""
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.open_review(repository.get_review(REFERENCE), "chronology")
        await pilot.pause()
        screen = screen_of(app)
        before = {e.id: e.flags for e in repository.entries(review_id_of(repository))}
        burst(app, ["slash", *"neglect"])
        await pilot.pause()
        assert screen.query_one("#chronology-text", Input).value == "neglect"
        after = {e.id: e.flags for e in repository.entries(review_id_of(repository))}
        assert after == before


async def test_a_group_unlinked_while_loading_is_right_for_members_read_before(
    large_review: tuple[Repository, int],
) -> None:
    """Visit 5 and Visit 100 are linked; the thread has read Visit 100's page (not yet
    shown) when the chair unlinks Visit 5: once every entry is in, Visit 100 is in no
    group either (a group of one is dissolved), not as it was read before the change."""
    repository, review_id = large_review
    stored = {e.event: e for e in repository.entries(review_id)}
    first, later = stored["Visit 5"].id, stored["Visit 100"].id
    assert first is not None and later is not None
    repository.link_entries([first, later])
    paged = PagedRepository(repository, 3)  # pages 0-2 read; 0-1 shown (steps 40, 80)
    app = ChronologyTestApp(paged, review_id)  # type: ignore[arg-type]
    async with app.run_test(size=(120, 40)) as pilot:
        await held_at_page(paged, 3)
        await pilot.pause()
        screen = screen_of(app)
        table = screen.table
        assert table.total_count == UNDATED + 2 * PAGE  # Visit 100 read, not shown
        assert table.move_to_entry(first)
        await pilot.press("u")
        await pilot.pause()
        assert repository.entry(later).duplicate_group is None
        paged.release()
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown = {e.id: e for e in table.entries}
        assert shown[first].duplicate_group is None
        assert shown[later].duplicate_group is None
