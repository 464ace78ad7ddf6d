"""Pilot tests of the chronology view, on an in-memory repository with fictional data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from textual.app import App
from textual.widgets import Input, OptionList, Static

from tests.pilot_text import type_text
from workshop_tui.domain.clock import frozen_clock
from workshop_tui.domain.filtering import ChronologyFilter, filter_entries
from workshop_tui.domain.models import (
    Agency,
    ChronologyEntry,
    EntryFlag,
    Kloe,
    Review,
    ReviewData,
)
from workshop_tui.resources import styles_dir
from workshop_tui.services import Services
from workshop_tui.storage.repository import Repository
from workshop_tui.ui.screens.chronology import ChronologyScreen, FixEntryScreen
from workshop_tui.ui.widgets import chronology_table
from workshop_tui.ui.widgets.chooser import Chooser, ChooserList
from workshop_tui.ui.widgets.chronology_table import ChronologyTable

from .conftest import SlowRepository

NOW = dt.datetime(2099, 6, 1, 10, 0)


def d(day: int, month: int, year: int = 2098) -> dt.date:
    return dt.date(year, month, day)


def sample_review() -> ReviewData:
    """A small fictional review: four agencies, one duplicate group, one bad row."""

    def entry(agency: str, line: int, **fields: object) -> ChronologyEntry:
        return ChronologyEntry(
            agency=agency, source_file=f"chronologies/{agency}.csv", source_line=line, **fields
        )

    entries = [
        entry(
            "police",
            2,
            date=d(4, 2),
            time=dt.time(22, 15),
            practitioner="PC Orrin Vale",
            event="Domestic incident at the family home; Child Q present.",
            outcome="DASH completed, referral to children's social care.",
            extra={"Incident ref": "WP-0000-1"},
        ),
        entry(
            "health_visiting",
            2,
            date=d(9, 2),
            practitioner="HV Tamsin Reed",
            event="Routine home visit. Mother tired; home cluttered.",
            flags=[EntryFlag.GOOD_PRACTICE],
        ),
        entry(
            "social_care",
            2,
            date=d(12, 2),
            time=dt.time(10, 0),
            practitioner="SW Ida Farrow",
            event="Strategy discussion held with police and health.",
            duplicate_group=1,
        ),
        entry(
            "police",
            3,
            date=d(12, 2),
            time=dt.time(10, 0),
            practitioner="DC Lyle Marsh",
            event="Strategy discussion with social care and health.",
            duplicate_group=1,
        ),
        entry(
            "health_visiting",
            3,
            date=d(12, 2),
            time=dt.time(10, 5),
            practitioner="HV Tamsin Reed",
            event="Attended strategy discussion by phone.",
            duplicate_group=1,
        ),
        entry(
            "school",
            2,
            date=d(1, 3),
            date_approximate=True,
            practitioner="DSL Wren Abbot",
            event="Attendance below 85% this half term.",
            flags=[EntryFlag.MISSED_OPPORTUNITY],
        ),
        entry(
            "health_visiting",
            4,
            date=d(20, 4),
            practitioner="HV Tamsin Reed",
            event="Missed 12-month review; no follow-up recorded.",
            flags=[EntryFlag.MISSED_OPPORTUNITY, EntryFlag.KEY_PRACTICE_EPISODE],
        ),
        entry(
            "social_care",
            3,
            date=d(2, 5),
            practitioner="SW Ida Farrow",
            event="Child and family assessment completed.",
            analysis="Cumulative neglect not named.",
        ),
        entry(
            "social_care",
            4,
            event="Called mother about the nursery place",
            error='invalid date "31/02/2098": February 2098 has 28 days',
            raw={
                "Date of contact": "31/02/2098",
                "Details": "Called mother about the nursery place",
                "Worker": "SW Ida Farrow",
            },
        ),
    ]
    return ReviewData(
        review=Review(
            reference="LR-2099-01",
            title="Learning Review: Child Q",
            subject="Child Q",
            period_start=d(1, 1),
            period_end=d(31, 12),
        ),
        agencies=[
            Agency(key="police", name="Westmere Police"),
            Agency(key="health_visiting", name="Westmere Health Visiting"),
            Agency(key="social_care", name="Westmere Children's Social Care"),
            Agency(key="school", name="Larkfield Primary"),
        ],
        kloes=[
            Kloe(number=1, title="Early help", period_start=d(1, 1), period_end=d(28, 2)),
            Kloe(number=2, title="Health follow-up", period_start=d(1, 4), period_end=d(30, 4)),
        ],
        entries=entries,
    )


class ChronologyTestApp(App[None]):
    """Just enough app to show the chronology screen: ``services`` and the styles."""

    CSS_PATH = [str(styles_dir() / "chronology.tcss")]

    def __init__(self, repository: Repository, review_id: int) -> None:
        super().__init__()
        self.services = Services(repository, frozen_clock(NOW))
        self.review_id = review_id

    def on_mount(self) -> None:
        self.push_screen(ChronologyScreen(self.review_id))


@pytest.fixture
def review_repo() -> Iterator[tuple[Repository, int]]:
    repository = Repository.memory(clock=frozen_clock(NOW))
    review = repository.create_review(sample_review())
    assert review.id is not None
    yield repository, review.id
    repository.close()


def screen_of(app: App[None]) -> ChronologyScreen:
    screen = app.screen
    assert isinstance(screen, ChronologyScreen)
    return screen


def events(table: ChronologyTable) -> list[str]:
    return [e.event for e in table.shown_entries()]


async def test_attention_first_then_merged_order_with_groups_collapsed(
    review_repo: tuple[Repository, int],
) -> None:
    repository, review_id = review_repo
    app = ChronologyTestApp(repository, review_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        table = screen_of(app).table
        shown = table.shown_entries()
        assert shown[0].needs_attention
        assert [e.agency for e in shown[1:4]] == ["police", "health_visiting", "police"]
        assert table.row_count == 7  # 9 entries, a group of 3 shown as one row
        assert table.total_count == 9
        assert table.has_focus
        status = str(app.screen.query_one("#chronology-status", Static).render())
        assert "7 of 9 shown" in status and "1 need attention" in status


async def test_typing_filters_as_you_type(review_repo: tuple[Repository, int]) -> None:
    repository, review_id = review_repo
    app = ChronologyTestApp(repository, review_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash")
        assert isinstance(app.focused, Input) and app.focused.id == "chronology-text"
        await type_text(pilot, "missed")
        await pilot.pause()
        table = screen_of(app).table
        assert events(table) == ["Missed 12-month review; no follow-up recorded."]
        await pilot.press("backspace", "backspace", "backspace", "backspace", "backspace")
        await pilot.press("space")
        await type_text(pilot, "strategy")
        await pilot.pause()
        # "m strategy": both words must appear; the group shows once.
        assert table.row_count == 1
        await pilot.press("escape")
        assert app.focused is table  # type: ignore[comparison-overlap]  # awaits moved app.focused


async def test_agency_flag_date_and_kloe_filters(review_repo: tuple[Repository, int]) -> None:
    repository, review_id = review_repo
    app = ChronologyTestApp(repository, review_id)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = screen_of(app)
        table = screen.table
        screen.query_one("#chronology-agency", Chooser).value = "school"
        await pilot.pause()
        assert [e.agency for e in table.shown_entries()] == ["school"]
        screen.query_one("#chronology-agency", Chooser).clear()
        screen.query_one("#chronology-flag", Chooser).value = "missed"
        await pilot.pause()
        assert table.row_count == 2
        screen.query_one("#chronology-flag", Chooser).value = "attention"
        await pilot.pause()
        assert [e.needs_attention for e in table.shown_entries()] == [True]
        screen.query_one("#chronology-flag", Chooser).clear()

        screen.query_one("#chronology-from", Input).focus()
        await type_text(pilot, "01/03/2098")
        await pilot.pause()
        assert [e.date for e in table.shown_entries()] == [d(1, 3), d(20, 4), d(2, 5)]
        screen.query_one("#chronology-to", Input).focus()
        await type_text(pilot, "31/02/2098")
        await pilot.pause()
        status = str(screen.query_one("#chronology-status", Static).render())
        assert "To: invalid date" in status and "28 days" in status
        assert table.row_count == 3  # the bad date is left out, not guessed
        screen.query_one("#chronology-to", Input).value = ""
        screen.query_one("#chronology-from", Input).value = ""
        await pilot.pause()

        kloe = repository.kloes(review_id)[1]
        screen.query_one("#chronology-kloe", Chooser).value = kloe.id
        await pilot.pause()
        assert events(table) == ["Missed 12-month review; no follow-up recorded."]
        assert table.filter == ChronologyFilter.for_kloe(kloe)


async def test_every_filter_by_keyboard(review_repo: tuple[Repository, int]) -> None:
    repository, review_id = review_repo
    app = ChronologyTestApp(repository, review_id)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = screen_of(app)
        table = screen.table
        agency = screen.query_one("#chronology-agency", Chooser)
        flag = screen.query_one("#chronology-flag", Chooser)
        kloe = screen.query_one("#chronology-kloe", Chooser)

        # From the search box, Tab reaches the agency; Right and Left step through it.
        await pilot.press("slash", "tab")
        assert app.focused is agency
        await pilot.press("right")
        await pilot.pause()
        assert agency.value == "police" and agency.label == "Westmere Police"
        assert {e.agency for e in table.shown_entries()} == {"police"}
        await pilot.press("left")
        await pilot.pause()
        assert agency.value is None and table.row_count == 7
        await pilot.press("left")  # round to the last agency
        await pilot.pause()
        assert agency.value == "school"
        await pilot.press("right")  # and back round to all agencies
        await pilot.pause()
        assert agency.value is None

        # Enter opens the list at the current choice; Down and Enter pick.
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ChooserList)
        options = app.screen.query_one(OptionList)
        assert options.highlighted == 0
        assert [str(options.get_option_at_index(i).prompt) for i in range(5)] == [
            "All agencies",
            "Westmere Police",
            "Westmere Health Visiting",
            "Westmere Children's Social Care",
            "Larkfield Primary",
        ]
        await pilot.press("down", "down", "down", "down", "enter")
        await pilot.pause()
        assert app.screen is screen and app.focused is agency  # type: ignore[comparison-overlap]  # awaits moved app.focused
        assert agency.value == "school"
        assert [e.agency for e in table.shown_entries()] == ["school"]

        # Esc closes the list and keeps the choice.
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("up", "escape")
        await pilot.pause()
        assert app.screen is screen and agency.value == "school"  # type: ignore[comparison-overlap]  # awaits moved app.screen
        await pilot.press("enter", "home", "enter")  # back to all agencies
        await pilot.pause()
        assert agency.value is None and table.row_count == 7

        # The flag: any flag, then only entries that need attention.
        await pilot.press("tab")
        assert app.focused is flag
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("down", "down", "down", "down", "enter")
        await pilot.pause()
        assert flag.value == "any"
        assert all(e.flags for e in table.shown_entries()) and table.row_count == 3
        await pilot.press("right")
        await pilot.pause()
        assert flag.value == "attention"
        assert [e.needs_attention for e in table.shown_entries()] == [True]
        await pilot.press("right")
        await pilot.pause()
        assert flag.value is None

        # The dates, then the KLOE period.
        await pilot.press("tab")
        await type_text(pilot, "01/03/2098")
        await pilot.press("tab")
        await type_text(pilot, "30/04/2098")
        await pilot.pause()
        assert [e.date for e in table.shown_entries()] == [d(1, 3), d(20, 4)]
        await pilot.press("ctrl+u", "shift+tab", "ctrl+u", "tab", "tab")
        await pilot.pause()
        assert app.focused is kloe and table.row_count == 7
        await pilot.press("right", "right")
        await pilot.pause()
        assert kloe.label == "KLOE 2: Health follow-up"
        assert events(table) == ["Missed 12-month review; no follow-up recorded."]

        # Esc from any filter goes back to the table.
        await pilot.press("escape")
        assert app.focused is table  # type: ignore[comparison-overlap]  # awaits moved app.focused


async def test_a_click_opens_the_list_and_a_click_outside_closes_it(
    review_repo: tuple[Repository, int],
) -> None:
    repository, review_id = review_repo
    app = ChronologyTestApp(repository, review_id)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = screen_of(app)
        agency = screen.query_one("#chronology-agency", Chooser)
        await pilot.click(agency)
        await pilot.pause()
        assert isinstance(app.screen, ChooserList)
        options = app.screen.query_one(OptionList)
        # Dropped down under the chooser, at least as wide.
        assert options.region.y == agency.region.bottom
        assert options.region.x == agency.region.x
        assert options.region.width >= agency.region.width
        await pilot.click(offset=(5, 35))
        await pilot.pause()
        assert app.screen is screen and agency.value is None  # type: ignore[comparison-overlap]  # awaits moved app.screen


async def test_flags_are_saved_and_toggled(review_repo: tuple[Repository, int]) -> None:
    repository, review_id = review_repo
    app = ChronologyTestApp(repository, review_id)
    async with app.run_test(size=(120, 40)) as pilot:
        table = screen_of(app).table
        await pilot.press("down")  # past the entry that needs attention
        entry = table.cursor_entry
        assert entry is not None and entry.agency == "police" and entry.id is not None
        await pilot.press("k", "g")
        await pilot.pause()
        assert repository.entry(entry.id).flags == [
            EntryFlag.KEY_PRACTICE_EPISODE,
            EntryFlag.GOOD_PRACTICE,
        ]
        assert table.cursor_entry is not None and table.cursor_entry.id == entry.id
        await pilot.press("k")
        await pilot.pause()
        assert repository.entry(entry.id).flags == [EntryFlag.GOOD_PRACTICE]
        detail = str(app.screen.query_one("#chronology-detail", Static).render())
        assert "Flags: good practice" in detail


async def test_detail_pane_shows_every_cell_and_provenance(
    review_repo: tuple[Repository, int],
) -> None:
    repository, review_id = review_repo
    app = ChronologyTestApp(repository, review_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("down")
        await pilot.pause()
        detail = str(app.screen.query_one("#chronology-detail", Static).render())
        assert "04/02/2098 22:15" in detail
        assert "police (Westmere Police)" in detail
        assert "Practitioner: PC Orrin Vale" in detail
        assert "Source: chronologies/police.csv:2" in detail
        assert "DASH completed" in detail
        assert "Incident ref: WP-0000-1" in detail
        await pilot.press("up")
        await pilot.pause()
        detail = str(app.screen.query_one("#chronology-detail", Static).render())
        assert "Needs attention: invalid date" in detail
        assert "Date of contact: 31/02/2098" in detail
        assert "Worker: SW Ida Farrow" in detail


async def test_duplicate_group_expands_to_every_source(review_repo: tuple[Repository, int]) -> None:
    repository, review_id = review_repo
    app = ChronologyTestApp(repository, review_id)
    async with app.run_test(size=(120, 40)) as pilot:
        table = screen_of(app).table
        await pilot.press("down", "down", "down")
        head = table.cursor_entry
        assert head is not None and head.duplicate_group is not None
        detail = str(app.screen.query_one("#chronology-detail", Static).render())
        assert "Same event, 3 sources" in detail
        await pilot.press("space")
        await pilot.pause()
        assert table.row_count == 9
        assert [table.is_member_row(r) for r in (3, 4, 5)] == [False, True, True]
        assert {e.agency for e in table.shown_entries()[3:6]} == {
            "police",
            "social_care",
            "health_visiting",
        }
        await pilot.press("down", "plus")  # collapse from a member row
        await pilot.pause()
        assert table.row_count == 7
        assert table.cursor_entry == head


async def test_fixing_an_entry_that_needs_attention(review_repo: tuple[Repository, int]) -> None:
    repository, review_id = review_repo
    app = ChronologyTestApp(repository, review_id)
    async with app.run_test(size=(120, 40)) as pilot:
        table = screen_of(app).table
        bad = table.cursor_entry
        assert bad is not None and bad.needs_attention and bad.id is not None
        await pilot.press("f")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FixEntryScreen)
        date = form.query_one("#fix-date", Input)
        assert date.value == "31/02/2098"  # prefilled from the raw cells
        assert form.query_one("#fix-practitioner", Input).value == "SW Ida Farrow"
        await pilot.press("ctrl+s")
        await pilot.pause()
        error = form.query_one("#fix-date-error", Static)
        assert error.display and "28 days" in str(error.render())
        date.value = "28/02/2098"
        form.query_one("#fix-time", Input).value = "2.20pm"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ChronologyScreen)
        stored = repository.entry(bad.id)
        assert stored.error is None
        assert stored.date == d(28, 2) and stored.time == dt.time(14, 20)
        assert stored.practitioner == "SW Ida Farrow"
        assert stored.raw["Date of contact"] == "31/02/2098"
        assert not any(e.needs_attention for e in table.entries)
        # Now a normal entry, in date order, and still under the cursor.
        assert table.cursor_entry is not None and table.cursor_entry.id == bad.id
        assert table.shown_entries()[0].agency == "police"
        assert [e.id for e in table.entries] == [e.id for e in repository.entries(review_id)]


async def test_link_marked_entries_and_unlink(review_repo: tuple[Repository, int]) -> None:
    repository, review_id = review_repo
    app = ChronologyTestApp(repository, review_id)
    async with app.run_test(size=(120, 40)) as pilot:
        table = screen_of(app).table
        await pilot.press("down", "x", "down")  # mark police, move to health visit
        first, second = table.entry_at(1), table.entry_at(2)
        assert first is not None and second is not None
        assert first.id is not None and second.id is not None
        assert table.marked_ids == {first.id}
        await pilot.press("l")
        await pilot.pause()
        group = repository.entry(first.id).duplicate_group
        assert group is not None and repository.entry(second.id).duplicate_group == group
        assert table.marked_ids == set()
        assert table.row_count == 6
        assert "6 of 9 shown" in str(app.screen.query_one("#chronology-status", Static).render())
        assert table.cursor_entry is not None and table.cursor_entry.duplicate_group == group
        await pilot.press("u")
        await pilot.pause()
        assert repository.entry(first.id).duplicate_group is None
        assert repository.entry(second.id).duplicate_group is None  # a group of one dissolves
        assert table.row_count == 7
        # The counter says what the table now shows, not what it showed when linked.
        status = str(app.screen.query_one("#chronology-status", Static).render())
        assert "7 of 9 shown" in status


async def test_only_visible_rows_are_drawn() -> None:
    """At 5,000 entries the table draws the screenful, not every row."""
    many = [
        ChronologyEntry(
            id=i,
            agency="police",
            date=d(1, 1) + dt.timedelta(days=i // 20),
            event=f"Fictional contact {i}",
            source_file="police.csv",
            source_line=i + 1,
        )
        for i in range(1, 5001)
    ]
    drawn: list[int] = []

    class CountingTable(ChronologyTable):
        def render_line(self, y: int):  # type: ignore[no-untyped-def]
            drawn.append(y)
            return super().render_line(y)

    class TableApp(App[None]):
        def compose(self):  # type: ignore[no-untyped-def]
            yield CountingTable(many, id="t")

    app = TableApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.query_one(CountingTable)
        assert table.virtual_size.height == 5001  # header + one line a row
        assert 0 < len(drawn) <= 3 * 24
        drawn.clear()
        await pilot.press("end")
        await pilot.pause()
        assert table.cursor_entry is not None and table.cursor_entry.id == 5000
        assert len(drawn) <= 3 * 24
        flt = ChronologyFilter(text="contact 49")
        table.apply_filter(flt)
        await pilot.pause()
        assert table.row_count == len(filter_entries(many, flt)) < 5000


async def test_table_messages_and_mouse(review_repo: tuple[Repository, int]) -> None:
    repository, review_id = review_repo
    entries = repository.entries(review_id)
    highlighted: list[ChronologyEntry | None] = []
    selected: list[ChronologyEntry] = []

    class TableApp(App[None]):
        def compose(self):  # type: ignore[no-untyped-def]
            yield ChronologyTable(entries)

        def on_chronology_table_entry_highlighted(
            self, message: ChronologyTable.EntryHighlighted
        ) -> None:
            highlighted.append(message.entry)

        def on_chronology_table_entry_selected(
            self, message: ChronologyTable.EntrySelected
        ) -> None:
            selected.append(message.entry)

    app = TableApp()
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(ChronologyTable)
        table.focus()
        await pilot.pause()
        assert highlighted[-1] is not None and highlighted[-1].needs_attention
        await pilot.click(ChronologyTable, offset=(20, 3))  # header, then rows 0, 1, 2
        await pilot.pause()
        assert table.cursor_row == 2
        assert highlighted[-1] == table.entry_at(2)
        assert selected == []
        await pilot.press("enter")
        await pilot.pause()
        assert selected == [table.entry_at(2)]
        table.apply_filter(ChronologyFilter(text="no such words"))
        await pilot.pause()
        assert highlighted[-1] is None
        assert table.cursor_entry is None


@pytest.fixture
def large_chronology(monkeypatch: pytest.MonkeyPatch) -> None:
    """Treat the nine-entry sample as a large chronology: two dated rows come first (and
    the status says how far the loading has got only after an hour: never in a test)."""
    monkeypatch.setattr(ChronologyScreen, "LOAD_AT_ONCE", 3)
    monkeypatch.setattr(ChronologyScreen, "HEAD_ROWS", 2)
    monkeypatch.setattr(chronology_table, "PROGRESS_AFTER", 3600)


async def test_large_chronology_shows_first_rows_then_every_row(
    review_repo: tuple[Repository, int], large_chronology: None
) -> None:
    repository, review_id = review_repo
    slow = SlowRepository(repository)
    app = ChronologyTestApp(slow, review_id)  # type: ignore[arg-type]
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = screen_of(app)
        table = screen.table
        assert screen.entries_loading
        # Attention first, then the first two dated entries in merged order.
        assert [e.agency for e in table.shown_entries()] == [
            "social_care",
            "police",
            "health_visiting",
        ]
        status = str(screen.query_one("#chronology-status", Static).render())
        assert "loading 9 entries" in status
        await pilot.press("down")
        slow.release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not screen.entries_loading
        assert table.total_count == 9 and table.row_count == 7
        assert [e.id for e in table.entries] == [e.id for e in repository.entries(review_id)]
        assert table.cursor_entry is not None and table.cursor_entry.agency == "police"
        status = str(screen.query_one("#chronology-status", Static).render())
        assert "7 of 9 shown" in status


async def test_large_chronology_filter_and_flag_while_loading_hold_after(
    review_repo: tuple[Repository, int], large_chronology: None
) -> None:
    repository, review_id = review_repo
    slow = SlowRepository(repository)
    app = ChronologyTestApp(slow, review_id)  # type: ignore[arg-type]
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = screen_of(app)
        table = screen.table
        await pilot.press("down")  # the police entry of 4 February
        flagged = table.cursor_entry
        assert flagged is not None and flagged.id is not None
        await pilot.press("k")
        await pilot.pause()
        assert repository.entry(flagged.id).flags == [EntryFlag.KEY_PRACTICE_EPISODE]
        await pilot.press("slash")
        await type_text(pilot, "strategy")
        await pilot.pause()
        assert table.row_count == 0  # only what is loaded so far
        slow.release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        # The filter is applied to every entry once loaded: the group shows once.
        assert table.filter.text == "strategy"
        assert table.row_count == 1 and table.total_count == 9
        await pilot.press("escape")
        screen.query_one("#chronology-text", Input).value = ""
        await pilot.pause()
        shown = {e.id: e for e in table.shown_entries()}
        assert shown[flagged.id].flags == [EntryFlag.KEY_PRACTICE_EPISODE]


async def test_narrowing_search_shows_the_first_rows_then_counts_every_match() -> None:
    entries = [
        ChronologyEntry(
            agency="school",
            date=d(1, 1) + dt.timedelta(days=n),
            source_file="chronologies/school.csv",
            source_line=n + 2,
            event=f"Visit {n}" + (": signs of neglect" if n % 3 == 0 else ""),
        )
        for n in range(300)
    ]
    data = sample_review().model_copy(update={"entries": entries})
    repository = Repository.memory(clock=frozen_clock(NOW))
    review = repository.create_review(data)
    assert review.id is not None
    app = ChronologyTestApp(repository, review.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = screen_of(app)
        table = screen.table
        screen.query_one("#chronology-text", Input).value = "negl"
        table.apply_filter(ChronologyFilter(text="neglect"))  # narrows the last search
        assert not table.filter_complete
        expected = [entries[i].event for i in range(0, 300, 3)]
        assert 0 < table.row_count < 100
        assert events(table) == expected[: table.row_count]
        await pilot.pause()
        assert table.filter_complete
        assert events(table) == expected
        status = str(screen.query_one("#chronology-status", Static).render())
        assert "100 of 300 shown" in status
    repository.close()


async def test_confirm_a_linked_group(review_repo: tuple[Repository, int]) -> None:
    repository, review_id = review_repo
    app = ChronologyTestApp(repository, review_id)
    async with app.run_test(size=(120, 40)) as pilot:
        table = screen_of(app).table
        row = next(
            r for r in range(table.row_count) if (e := table.entry_at(r)) and e.duplicate_group
        )
        table.move_cursor(row)
        await pilot.pause()
        group = table.cursor_entry.duplicate_group if table.cursor_entry else None
        members = [e for e in repository.entries(review_id) if e.duplicate_group == group]
        assert len(members) == 3 and not any(e.duplicate_confirmed for e in members)
        await pilot.press("c")
        await pilot.pause()
        members = [e for e in repository.entries(review_id) if e.duplicate_group == group]
        assert all(e.duplicate_confirmed for e in members)
        assert "confirmed" in str(screen_of(app).query_one("#chronology-detail", Static).render())


def test_help_tells_how_to_use_the_filter_bar_by_keyboard() -> None:
    from workshop_tui.ui.screens.help import keys_markdown

    row = "| Chronology | `Left / Right (on agency, flag or KLOE)` | Previous / next choice |"
    assert row in keys_markdown()
