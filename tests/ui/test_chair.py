"""The chair's Workshop screen (issue 23): the slice, the clocks, correcting a capture,
the footer, 80x24, and one workshop date."""

from __future__ import annotations

import datetime as dt

from textual.widgets import DataTable, Footer, Input, OptionList, Static, TextArea

from tests.pilot_text import type_text
from workshop_tui.app import WorkshopApp, make_app
from workshop_tui.domain.clock import frozen_clock
from workshop_tui.domain.models import ChronologyEntry, Perspective
from workshop_tui.storage.repository import Repository
from workshop_tui.ui.screens.capture import PerspectiveForm
from workshop_tui.ui.screens.dialogs import ConfirmDialog
from workshop_tui.ui.screens.outcomes import OutcomesScreen
from workshop_tui.ui.screens.prepare import PrepareScreen
from workshop_tui.ui.screens.workshop import WorkshopScreen
from workshop_tui.ui.widgets.chronology_table import ChronologyTable

from .conftest import FROZEN_AT, REFERENCE, fictional_review, on_the_planned_day

LONG_EVENT = (
    "Strategy discussion by phone between police and the school; the health visitor was "
    "not invited, and the notes say the mother's new partner was not checked at all."
)


def review_with(*entries: ChronologyEntry, minutes: int | None = 120) -> Repository:
    data = on_the_planned_day(fictional_review())
    data.review.workshop_minutes = minutes
    data.agencies[0].name = "Fernmoor Constabulary (Public Protection Unit)"
    data.kloes[1].period_start = None  # KLOE 2 is about the whole chronology
    data.entries.extend(entries)
    repo = Repository.memory(clock=frozen_clock(FROZEN_AT))
    repo.create_review(data)
    return repo


def slice_of(app: WorkshopApp) -> ChronologyTable:
    return app.screen.query_one("#chronology-slice", ChronologyTable)


def text_of(app: WorkshopApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_the_slice_shows_short_names_the_whole_entry_and_attention_last() -> None:
    repo = review_with(
        ChronologyEntry(agency="police", date=dt.date(2098, 3, 2), event=LONG_EVENT, source_line=3),
        ChronologyEntry(agency="police", error='invalid date "31/02/2098"', source_line=4),
    )
    app = make_app(repo, clock=frozen_clock(FROZEN_AT))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "f5", "n")  # KLOE 2: every entry
        await pilot.pause()
        table = slice_of(app)
        shown = table.shown_entries()
        assert shown[0].error is None
        assert shown[-1].error is not None  # needs attention: after the dated ones
        assert "1 needing attention, shown last" in text_of(app, "#slice-title")
        # The agency's short name (no shared place name, no aside), not its key.
        assert table.agency_labels["police"] == "Constabulary"
        # The whole event of the entry under the cursor, with its number.
        police = next(e for e in shown if e.event == LONG_EVENT)
        assert police.id is not None
        assert "Constabulary" in table.render_line(shown.index(police) + 1).text
        table.move_to_entry(police.id)
        await pilot.pause()
        detail = text_of(app, "#slice-detail")
        assert f"#{police.id}" in detail
        assert "was not checked at all." in detail


async def test_slash_finds_a_date_or_words_in_the_slice() -> None:
    app = make_app(review_with(), clock=frozen_clock(FROZEN_AT))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "f5", "n")  # KLOE 2: every entry
        await pilot.pause()
        table = slice_of(app)
        await pilot.press("slash")
        await pilot.pause()
        assert app.focused is app.screen.query_one("#slice-find", Input)
        await type_text(pilot, "14/09/2098")
        await pilot.press("enter")
        await pilot.pause()
        assert table.cursor_entry is not None
        assert table.cursor_entry.date == dt.date(2098, 9, 14)
        assert app.focused is table  # type: ignore[comparison-overlap]  # awaits moved app.focused
        # Letters typed in the find line are words, not capture keys.
        await pilot.press("slash", "ctrl+u")
        await type_text(pilot, "neighbour")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, WorkshopScreen)
        assert table.cursor_entry is not None
        assert "neighbour" in table.cursor_entry.event


async def test_prepare_adds_up_the_time_boxes_against_the_workshop_length() -> None:
    app = make_app(review_with(minutes=40), clock=frozen_clock(FROZEN_AT))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PrepareScreen)
        await pilot.press("3")
        await pilot.pause()
        total = text_of(app, "#kloe-total")
        assert "Time boxes: 45 min for 2 KLOEs" in total
        assert "5 min more than the workshop's 40 min" in total


async def test_the_workshop_screen_shows_the_whole_workshops_time_left() -> None:
    repo = review_with(minutes=120)
    review = repo.get_review(REFERENCE)
    assert review.id is not None
    repo.start_workshop(review.id)  # at FROZEN_AT
    later = frozen_clock(FROZEN_AT + dt.timedelta(minutes=50))
    app = make_app(repo, clock=later, review_reference=REFERENCE)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        assert "Workshop 0:50 of 2:00 · 1:10 left" in text_of(app, "#overall-time")


async def test_a_kloe_moved_past_with_nothing_captured_is_not_discussed() -> None:
    app = make_app(review_with(), clock=frozen_clock(FROZEN_AT))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "f5", "s", "n")
        await pilot.pause()
        options = app.screen.query_one("#kloe-list", OptionList)
        first = str(options.get_option_at_index(0).prompt)
        assert "not discussed" in first
        assert "✓" not in first


async def test_enter_on_a_capture_opens_it_to_correct_and_the_edit_is_audited() -> None:
    repo = review_with()
    review = repo.get_review(REFERENCE)
    assert review.id is not None
    kloe = repo.kloes(review.id)[0]
    typo = "We saw each vist on its own." + " The rest of a long account." * 6
    stored = repo.add_perspective(review.id, Perspective(kloe_id=kloe.id, text=typo))
    app = make_app(repo, clock=frozen_clock(FROZEN_AT))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "f5", "s", "c")
        await pilot.pause()
        assert app.focused is app.screen.query_one("#captured", DataTable)
        await pilot.press("enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, PerspectiveForm)
        area = form.query_one("#f-text", TextArea)
        assert area.text == typo  # the whole text, to correct
        area.text = typo.replace("vist", "visit")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, WorkshopScreen)
    assert stored.id is not None
    saved = next(p for p in repo.perspectives(review.id) if p.id == stored.id)
    assert saved.text.startswith("We saw each visit on its own.")
    edits = [
        e
        for e in repo.audit_events(review.id)
        if e.entity == "perspective" and e.change == "update" and e.field == "text"
    ]
    assert edits and "vist" in (edits[-1].old or "")


async def test_the_footer_stops_offering_start_once_the_workshop_runs() -> None:
    app = make_app(review_with(), clock=frozen_clock(FROZEN_AT))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "f5")
        await pilot.pause()
        footer = app.screen.query_one(Footer)

        def offered() -> set[str]:
            return {key.description for key in footer.query("FooterKey")}  # type: ignore[attr-defined]

        assert "Start" in offered()
        await pilot.press("s")
        await pilot.pause()
        assert "Start" not in offered()
        assert "End" in offered()
        actions = {b.binding.action for b in app.screen.active_bindings.values()}
        assert "start_workshop" not in actions  # nor in the command palette


async def test_at_80x24_the_kloe_position_and_the_capture_keys_stay_in_view() -> None:
    app = make_app(review_with(), clock=frozen_clock(FROZEN_AT))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "f5", "s")
        await pilot.pause()
        screen = app.screen
        slice_of(app).focus()  # its own keys must not push the capture keys off
        await pilot.pause()
        title = screen.query_one("#kloe-title", Static)
        assert title.region.height == 1 and "KLOE 1 of 2" in str(title.render())
        footer = screen.query_one(Footer)
        visible = {
            key.description  # type: ignore[attr-defined]
            for key in footer.query("FooterKey")
            if key.region.right <= 80 - 12  # left of the palette hint
        }
        assert {"Perspective", "Finding", "Action", "Escalation", "Next KLOE", "End"} <= visible


async def test_at_80x24_outcomes_show_the_text_and_date_first(app: WorkshopApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "f6")
        await pilot.pause()
        assert isinstance(app.screen, OutcomesScreen)
        action = app.screen.query_one("#table-action", DataTable)
        labels = [c.label.plain for c in action.columns.values()]
        assert labels[:2] == ["Action", "Target"]
        escalation = app.screen.query_one("#table-escalation", DataTable)
        assert [c.label.plain for c in escalation.columns.values()][:2] == ["Issue", "Due"]
        finding = app.screen.query_one("#table-finding", DataTable)
        assert next(iter(finding.columns.values())).label.plain == "Finding"


async def test_starting_on_another_day_asks_to_record_today_as_the_workshop_date() -> None:
    data = fictional_review()  # planned for 21/05/2099; the clock says 21/05/2024
    repo = Repository.memory(clock=frozen_clock(FROZEN_AT))
    review = repo.create_review(data)
    assert review.id is not None
    app = make_app(repo, clock=frozen_clock(FROZEN_AT))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "f5", "s")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert "planned for 21/05/2099; today is 21/05/2024" in dialog.question
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, WorkshopScreen)
    stored = repo.review(review.id)
    assert stored.workshop_date == FROZEN_AT.date()
    assert stored.status == "in workshop"
    changes = [e for e in repo.audit_events(review.id) if e.field == "workshop_date"]
    assert changes and changes[-1].new is not None and "2024-05-21" in changes[-1].new
