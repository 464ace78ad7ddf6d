"""Tagging a finding with themes: type to filter, Space to tick, in the capture form and
when editing a finding on Outcomes; nothing typed before the register is lost."""

from __future__ import annotations

from tests.pilot_text import type_text
from workshop_tui.app import WorkshopApp
from workshop_tui.domain.models import Finding, FindingLevel
from workshop_tui.storage.repository import Repository
from workshop_tui.ui.screens.capture import FindingForm
from workshop_tui.ui.screens.outcomes import OutcomesScreen
from workshop_tui.ui.screens.workshop import WorkshopScreen
from workshop_tui.ui.widgets.theme_picker import ThemeList, ThemePicker

from .conftest import review_id_of


async def test_finding_tagged_by_typing_a_few_letters_and_space(
    app: WorkshopApp, repository: Repository
) -> None:
    review_id = review_id_of(repository)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "f5", "s")
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FindingForm)
        # Level and scope are decided after the workshop (Outcomes), not in the room
        assert not form.query("#f-level") and not form.query("#f-scope")
        # The statement is typed as before: the picker is only reached on purpose.
        await pilot.press("tab")
        await type_text(pilot, "Nobody asked Child Q what home was like.")
        form.query_one("#f-themes", ThemePicker).focus()
        await pilot.pause()
        assert isinstance(app.focused, ThemeList)
        await type_text(pilot, "voice")  # voice of the child
        await pilot.press("space")
        await pilot.press("escape")  # clears the filter, keeps the form open
        await pilot.pause()
        assert isinstance(app.screen, FindingForm)
        await pilot.press(*"da", "space")  # domestic abuse, by its initials
        await pilot.press("backspace", "backspace")  # on, off
        await type_text(pilot, "infosh")
        await pilot.press("space", "space")
        await pilot.pause()
        picker = form.query_one("#f-themes", ThemePicker)
        assert picker.chosen == ["voice of the child", "domestic abuse"]
        await pilot.press("enter")  # on to the next field, nothing more ticked
        await pilot.pause()
        assert not isinstance(app.focused, ThemeList)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, WorkshopScreen)
    (finding,) = repository.findings(review_id)
    assert finding.statement == "Nobody asked Child Q what home was like."
    assert finding.themes == ["voice of the child", "domestic abuse"]


async def test_editing_on_outcomes_keeps_an_old_theme_and_sets_level(
    app: WorkshopApp, repository: Repository
) -> None:
    review_id = review_id_of(repository)
    repository.add_finding(
        review_id, Finding(statement="Risk was seen one incident at a time.", themes=["Cumulative"])
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "f6")
        await pilot.pause()
        assert isinstance(app.screen, OutcomesScreen)
        await pilot.press("enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FindingForm)
        picker = form.query_one("#f-themes", ThemePicker)
        # a theme typed before the register is ticked and shown as such, never dropped
        assert picker.chosen == ["Cumulative"]
        assert "Cumulative" in picker.themes
        picker.focus()
        await type_text(pilot, "neglect")
        await pilot.press("space")
        await pilot.pause()
        level = form.query_one("#f-level")
        level.value = FindingLevel.PARTNERSHIP.value
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, OutcomesScreen)
    (finding,) = repository.findings(review_id)
    assert finding.themes == ["Cumulative", "neglect and cumulative harm"]
    assert finding.level is FindingLevel.PARTNERSHIP
    changes = [e.field for e in repository.audit_events(review_id) if e.change == "update"]
    assert "themes" in changes and "level" in changes


async def test_a_draft_keeps_the_ticked_themes(app: WorkshopApp, repository: Repository) -> None:
    review_id = review_id_of(repository)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "f5", "s", "f")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FindingForm)
        await pilot.press("tab")
        await type_text(pilot, "Half a finding")
        form.query_one("#f-themes", ThemePicker).focus()
        await type_text(pilot, "transitions")
        await pilot.press("space")
        await pilot.pause()
        form.save_draft_now()
    (draft,) = repository.drafts(review_id)
    assert draft.payload["themes"] == ["transitions"]
