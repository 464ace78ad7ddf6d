"""Prepare's Pseudonyms tab: list, add, edit and delete pseudonyms and identifying places."""

from __future__ import annotations

from textual.widgets import DataTable, Input

from tests.pilot_text import type_text
from workshop_tui.app import WorkshopApp
from workshop_tui.domain.models import IdentifyingPlace, Pseudonym
from workshop_tui.storage.repository import Repository
from workshop_tui.ui.screens.prepare import PrepareScreen
from workshop_tui.ui.screens.pseudonym_forms import PlaceForm, PseudonymForm

from .conftest import REFERENCE


def _rows(screen: PrepareScreen, table: str) -> list[list[str]]:
    data_table = screen.query_one(f"#{table}", DataTable)
    return [[str(cell) for cell in data_table.get_row_at(i)] for i in range(data_table.row_count)]


async def test_pseudonyms_tab_adds_edits_and_deletes(
    app: WorkshopApp, repository: Repository
) -> None:
    review_id = repository.get_review(REFERENCE).id
    assert review_id is not None
    repository.save_pseudonym(review_id, Pseudonym(real="Cora Wren", label="Health Visitor 1"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")  # open the review: Prepare
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PrepareScreen)
        await pilot.press("4")
        await pilot.pause()
        assert screen.tab == "pseudonyms"
        assert _rows(screen, "pseudonyms") == [["Cora Wren", "Health Visitor 1"]]

        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, PseudonymForm)
        await type_text(pilot, "Dev Marsh")
        await pilot.press("tab")
        await type_text(pilot, "Police Officer 1")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen  # type: ignore[comparison-overlap]  # awaits moved app.screen
        assert _rows(screen, "pseudonyms")[-1] == ["Dev Marsh", "Police Officer 1"]
        # The cursor is on what was just added.
        assert screen.query_one("#pseudonyms", DataTable).cursor_row == 1

        await pilot.press("up", "enter")  # edit the first one
        await pilot.pause()
        form = app.screen
        assert isinstance(form, PseudonymForm)
        form.query_one("#f-label", Input).value = "HV 1"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert _rows(screen, "pseudonyms")[0] == ["Cora Wren", "HV 1"]

        assert screen.query_one("#pseudonyms", DataTable).cursor_row == 0
        await pilot.press("delete")
        await pilot.pause()
        assert _rows(screen, "pseudonyms") == [["Dev Marsh", "Police Officer 1"]]

        await pilot.press("tab")  # the identifying places
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, PlaceForm)
        await type_text(pilot, "... Rise")
        await pilot.press("enter")
        await pilot.pause()
        assert _rows(screen, "places") == [["... Rise"]]

    assert [(p.real, p.label) for p in repository.pseudonyms(review_id)] == [
        ("Dev Marsh", "Police Officer 1")
    ]
    assert [p.name for p in repository.identifying_places(review_id)] == ["... Rise"]
    changes = [
        (e.entity, e.change, e.field)
        for e in repository.audit_events(review_id)
        if e.entity in ("pseudonym", "identifying_place")
    ]
    assert changes == [
        ("pseudonym", "create", ""),
        ("pseudonym", "create", ""),
        ("pseudonym", "update", "label"),
        ("pseudonym", "delete", ""),
        ("identifying_place", "create", ""),
    ]


async def test_an_edit_keeps_what_is_there_and_types_at_the_end(
    app: WorkshopApp, repository: Repository
) -> None:
    """Opening a pseudonym or place to edit selects nothing: the first key typed must not
    silently replace the real name (as it did: the real name was focused and selected)."""
    review_id = repository.get_review(REFERENCE).id
    assert review_id is not None
    repository.save_pseudonym(review_id, Pseudonym(real="Cora Wren", label="Health Visitor"))
    repository.save_identifying_place(review_id, IdentifyingPlace(name="Larkrise Primary"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "4")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PrepareScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PseudonymForm)
        await pilot.press(*" 1", "ctrl+s")
        await pilot.pause()
        assert app.screen is screen  # type: ignore[comparison-overlap]  # awaits moved app.screen
        assert _rows(screen, "pseudonyms") == [["Cora Wren", "Health Visitor 1"]]
        # Tab into the real name keeps it too.
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("shift+tab")
        await type_text(pilot, "-Hale")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert _rows(screen, "pseudonyms") == [["Cora Wren-Hale", "Health Visitor 1"]]

        await pilot.press("tab", "enter")  # the identifying place
        await pilot.pause()
        assert isinstance(app.screen, PlaceForm)
        await type_text(pilot, " School")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert _rows(screen, "places") == [["Larkrise Primary School"]]
    assert [(p.real, p.label) for p in repository.pseudonyms(review_id)] == [
        ("Cora Wren-Hale", "Health Visitor 1")
    ]
    assert [p.name for p in repository.identifying_places(review_id)] == ["Larkrise Primary School"]


async def test_a_saved_place_is_where_the_cursor_goes(
    app: WorkshopApp, repository: Repository
) -> None:
    review_id = repository.get_review(REFERENCE).id
    assert review_id is not None
    for name in ("Alder Road", "Birch Close", "Cedar Lane"):
        repository.save_identifying_place(review_id, IdentifyingPlace(name=name))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "4")
        await pilot.pause()
        screen = app.screen
        await pilot.press("tab", "n")
        await pilot.pause()
        await type_text(pilot, "Damson Grove")
        await pilot.press("ctrl+s")
        await pilot.pause()
        places = screen.query_one("#places", DataTable)
        assert places.cursor_row == 3
        assert str(places.get_row_at(places.cursor_row)[0]) == "Damson Grove"
