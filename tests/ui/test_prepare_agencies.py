"""Prepare's Agencies tab: statuses, dates, chasing, adding a file and replacing one with the
change shown first; the Reviews screen's count of outstanding chronologies; a review
started from nothing."""

from __future__ import annotations

import csv
from pathlib import Path

from textual.widgets import DataTable

from tests.pilot_text import type_text
from workshop_tui.app import WorkshopApp
from workshop_tui.domain.models import Agency
from workshop_tui.storage.repository import Repository
from workshop_tui.ui.screens.prepare import PrepareScreen
from workshop_tui.ui.screens.prepare_agency_forms import ChangeDialog, FileForm, RequestForm
from workshop_tui.ui.screens.prepare_forms import NewReviewForm

from .conftest import REFERENCE, review_id_of


def _rows(screen: object, table: str) -> list[list[str]]:
    data_table = screen.query_one(f"#{table}", DataTable)  # type: ignore[attr-defined]
    return [[str(cell) for cell in data_table.get_row_at(i)] for i in range(data_table.row_count)]


def _add_housing(repository: Repository) -> None:
    """An agency whose chronology has not arrived (the fixture's three all have entries)."""
    repository.add_agency(review_id_of(repository), Agency(key="housing", name="Fernmoor Homes"))


def _file(path: Path, events: list[str]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Date", "Details"])
        writer.writerows([f"0{n + 1}/03/2098", event] for n, event in enumerate(events))
    return path


async def test_agencies_tab_adds_a_file_then_replaces_it_after_showing_the_change(
    app: WorkshopApp, repository: Repository, tmp_path: Path
) -> None:
    review_id = review_id_of(repository)
    _add_housing(repository)
    first = _file(tmp_path / "housing.csv", ["Class teacher noted hunger", "Late again"])
    second = _file(tmp_path / "housing_v2.csv", ["Class teacher noted hunger", "Absent all day"])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PrepareScreen)
        await pilot.press("5")
        await pilot.pause()
        assert screen.tab == "agencies"
        rows = {row[0]: row for row in _rows(screen, "agencies")}
        assert rows["Fernmoor Homes"][1:3] == ["requested", "0"]

        await pilot.press("down", "down", "down")  # the housing association, last
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, FileForm)
        await pilot.press(*str(first), "enter")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ChangeDialog)
        assert "Add 2 entries for Fernmoor Homes" in dialog.summary
        await pilot.press("y")
        await pilot.pause()
        rows = {row[0]: row for row in _rows(screen, "agencies")}
        assert rows["Fernmoor Homes"][1:3] == ["received", "2"]
        assert len(repository.agency_entries(review_id, "housing")) == 2

        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, FileForm)
        await pilot.press(*str(second), "enter")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ChangeDialog)
        assert dialog.summary == "housing: 1 added, 1 removed, 0 changed, 1 unchanged"
        assert any("Late again" in line for line in dialog.lines)
        # Nothing is written until the change is accepted.
        assert {e.event for e in repository.agency_entries(review_id, "housing")} == {
            "Class teacher noted hunger",
            "Late again",
        }
        await pilot.press("y")
        await pilot.pause()
        assert {e.event for e in repository.agency_entries(review_id, "housing")} == {
            "Class teacher noted hunger",
            "Absent all day",
        }
        rows = {row[0]: row for row in _rows(screen, "agencies")}
        assert rows["Fernmoor Homes"][1] == "replaced"


async def test_agencies_tab_sets_dates_and_chases(app: WorkshopApp, repository: Repository) -> None:
    _add_housing(repository)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        await pilot.press("5")
        await pilot.pause()
        await pilot.press("down", "down", "down")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RequestForm)
        await type_text(pilot, "01/04/2024")
        await pilot.press("tab")
        await type_text(pilot, "01/05/2024")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("c")
        await pilot.pause()
        housing = _rows(screen, "agencies")[-1]
        # The frozen clock says 21/05/2024: due 01/05/2024 has passed, and says so in words.
        assert housing[:2] == ["Fernmoor Homes", "overdue by 20 days"]
        assert housing[3:5] == ["01/04/2024", "01/05/2024"]
        assert housing[6] == "1×, last 21/05/2024"
        assert "1 overdue" in str(screen.query_one("#agencies-summary").render())


async def test_reviews_screen_counts_outstanding_and_starts_a_review_from_nothing(
    app: WorkshopApp, repository: Repository
) -> None:
    _add_housing(repository)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        home = app.screen
        assert _rows(home, "reviews")[0][-1] == "1 of 4"
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NewReviewForm)
        await pilot.press(*REFERENCE, "tab")
        await type_text(pilot, "Another")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, NewReviewForm)  # the reference is taken: said so
        # The error focused the reference: it is typed again.
        await pilot.press("ctrl+u")
        await type_text(pilot, "LR-2099-02")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is home
        assert _rows(home, "reviews")[-1][:2] == ["LR-2099-02", "Another"]
        assert _rows(home, "reviews")[-1][-1] == "no agencies"


async def test_tab_in_a_form_never_leaves_the_fields_so_typing_is_never_lost(
    app: WorkshopApp, repository: Repository
) -> None:
    """Found walking: Tab from a form's last field gave the focus to the form's scroll
    box, and a path typed next went nowhere, without a word."""
    from textual.widgets import Input

    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("5")
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FileForm)
        await pilot.press("tab")
        await type_text(pilot, "/tmp/x.csv")
        await pilot.pause()
        assert isinstance(app.focused, Input)
        typed = [field.value for field in form.query(Input)]
        assert any("/tmp/x.csv" in value for value in typed), typed
