"""Pilot tests: an agency whose event column the import missed, warned of on Home and
remapped from the Chronology screen (ctrl+k, "Columns of AGENCY")."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

from test_columns import make_pack
from textual.widgets import Input, Static

from workshop_tui.app import WorkshopApp
from workshop_tui.domain.clock import frozen_clock
from workshop_tui.importers.pack import read_pack
from workshop_tui.storage.repository import Repository
from workshop_tui.ui.screens.chronology import ChronologyScreen
from workshop_tui.ui.screens.dialogs import MessageDialog, PathDialog
from workshop_tui.ui.screens.help import keys_markdown
from workshop_tui.ui.screens.remap import RemapColumnsScreen
from workshop_tui.ui.widgets.chooser import Chooser

from .test_chronology_screen import ChronologyTestApp


async def test_home_shows_the_missing_event_column_warning(
    app: WorkshopApp, tmp_path: Path
) -> None:
    pack = make_pack(tmp_path / "pack")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, PathDialog)
        app.screen.query_one("#path", Input).value = str(pack)
        await pilot.press("enter")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, MessageDialog)
        text = "\n".join(str(s.render()) for s in dialog.query(Static))
        assert (
            "chronologies/school.csv: warning: no column was read as the event text; "
            "headers seen: Date, Time, Staff member, Concern raised, Action"
        ) in text


async def test_remap_an_agency_whose_event_column_was_missed(tmp_path: Path) -> None:
    repository = Repository.memory(clock=frozen_clock(dt.datetime(2099, 1, 1, 9, 0)))
    review = repository.create_review(read_pack(make_pack(tmp_path / "pack")).data)
    assert review.id is not None
    review_id = review.id
    app = ChronologyTestApp(repository, review_id)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, ChronologyScreen)
        table = screen.table
        # The first row needs attention (school's bad date): its agency is remapped.
        assert table.cursor_entry is not None and table.cursor_entry.agency == "school"
        await pilot.press("ctrl+k")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, RemapColumnsScreen)
        title = str(form.query_one(".remap-title", Static).render())
        assert title == "Columns of Fernhill Primary"
        assert form.headers == ["Date", "Time", "Staff member", "Concern raised", "Action"]
        preview = str(form.query_one("#remap-preview", Static).render())
        assert "(no event text)" in preview
        concern = form.query_one("#remap-column-3", Chooser)
        assert concern.value is None  # kept as another column, as imported
        concern.focus()
        await pilot.press("right", "right", "right", "right")  # Date, Time, Practitioner, Event
        await pilot.pause()
        assert concern.value == "event"
        assert "Came in without a coat" in str(form.query_one("#remap-preview", Static).render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ChronologyScreen)
        school = [e for e in table.entries if e.agency == "school"]
        assert sorted(e.event for e in school) == [
            "Bruise on arm in PE",
            "Came in without a coat",
            "Late again; hungry",
        ]
    stored = [e for e in repository.entries(review_id) if e.agency == "school"]
    assert len(stored) == 3  # else the next line holds of nothing
    assert all(e.event and not e.extra for e in stored)
    remaps = [e for e in repository.audit_events(review_id) if e.change == "remap"]
    assert Counter(e.entity_id for e in remaps) == Counter(e.id for e in stored)


async def test_remap_refuses_two_columns_for_one_field(tmp_path: Path) -> None:
    repository = Repository.memory(clock=frozen_clock(dt.datetime(2099, 1, 1, 9, 0)))
    review = repository.create_review(read_pack(make_pack(tmp_path / "pack")).data)
    assert review.id is not None
    app = ChronologyTestApp(repository, review.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+k")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, RemapColumnsScreen)
        form.query_one("#remap-column-4", Chooser).value = "practitioner"  # Action
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        error = str(form.query_one("#remap-error", Static).render())
        assert '"Staff member" and "Action" are both read as the practitioner' in error
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ChronologyScreen)
    assert not [e for e in repository.audit_events(review.id) if e.change == "remap"]


def test_the_remap_key_is_in_the_help() -> None:
    assert "| Chronology | `ctrl+k` | Remap columns |" in keys_markdown()


async def test_headers_and_cells_are_shown_as_written(tmp_path: Path) -> None:
    school = "Date,[red]Concern[/red],Note\x1b[2J\n03/03/2023,[b]Seen[/b],x\n"
    repository = Repository.memory(clock=frozen_clock(dt.datetime(2099, 1, 1, 9, 0)))
    review = repository.create_review(read_pack(make_pack(tmp_path / "pack", school=school)).data)
    assert review.id is not None
    app = ChronologyTestApp(repository, review.id)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, ChronologyScreen)
        screen.query_one("#chronology-agency", Chooser).value = "school"
        await pilot.press("ctrl+k")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, RemapColumnsScreen)
        labels = [str(label.render()) for label in form.query(".remap-header")]
        assert labels == ["Date", "[red]Concern[/red]", "Note␛[2J"]
        samples = [str(s.render()) for s in form.query(".remap-sample")]
        assert samples[1] == "[b]Seen[/b]"
