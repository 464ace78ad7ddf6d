"""The Briefing screen (F9): sections prefilled from the agreed findings and actions,
edited, and saved the moment they are confirmed; responses and the publication block."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Select, Static, TabbedContent, TextArea

from tests.pilot_text import type_text
from workshop_tui.app import WorkshopApp
from workshop_tui.domain.models import Finding, RecommendationTo
from workshop_tui.domain.publishing import PublicationStatus
from workshop_tui.storage.repository import Repository
from workshop_tui.ui.screens.briefing import BriefingScreen

from .conftest import review_id_of


def _seed(repository: Repository) -> int:
    review_id = review_id_of(repository)
    repository.add_finding(
        review_id,
        Finding(
            statement="Nobody put Child Q's missed appointments together.",
            recommendation_to=RecommendationTo.CASE_REVIEW_GROUP,
            agreed=True,
        ),
    )
    return review_id


async def _open(app: WorkshopApp, pilot: object) -> BriefingScreen:
    await pilot.press("enter")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    await pilot.press("f10")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    screen = app.screen
    assert isinstance(screen, BriefingScreen)
    return screen


async def test_a_section_is_prefilled_edited_and_saved(
    app: WorkshopApp, repository: Repository
) -> None:
    review_id = _seed(repository)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(app, pilot)
        status = screen.query_one("#briefing-status", Static)
        assert "Prefilled" in str(status.render())
        area = screen.query_one("#text-background", TextArea)
        assert area.has_focus
        assert "Fernmoor Children's Safeguarding Partnership" in area.text
        area.move_cursor(area.document.end)
        await pilot.press("space")
        await type_text(pilot, "Seen")
        await pilot.press("ctrl+s")
        await pilot.pause()
        saved = repository.briefing_sections(review_id)
        assert saved["background"].endswith(" Seen")
        assert "Saved: Background." in str(status.render())
        # Another section: the findings came from the agreed finding.
        await pilot.press("tab", "right", "right")
        await pilot.pause()
        assert screen.query_one("#briefing-tabs", TabbedContent).active == "tab-findings"
        findings = screen.query_one("#text-findings", TextArea)
        assert "missed appointments" in findings.text


async def test_changing_tab_or_leaving_saves_what_was_typed(
    app: WorkshopApp, repository: Repository
) -> None:
    review_id = _seed(repository)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(app, pilot)
        screen.query_one("#text-background", TextArea).clear()
        await type_text(pilot, "Our words")
        await pilot.press("tab", "right")
        await pilot.pause()
        assert repository.briefing_sections(review_id)["background"] == "Our words"
        assert "Saved: Background." in str(screen.query_one("#briefing-status", Static).render())
        screen.query_one("#text-why", TextArea).load_text("Why, typed then left")
        await pilot.press("f6")  # to Outcomes: nothing typed is lost
        await pilot.pause()
        assert repository.briefing_sections(review_id)["why"] == "Why, typed then left"


async def test_responses_and_the_publication_block(
    app: WorkshopApp, repository: Repository
) -> None:
    review_id = _seed(repository)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(app, pilot)
        tabs = screen.query_one("#briefing-tabs", TabbedContent)
        tabs.active = "tab-responses"
        await pilot.pause()
        screen.query_one("#response-1", TextArea).load_text("Accepted in full.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert repository.responses(review_id) != {}
        assert list(repository.responses(review_id).values()) == ["Accepted in full."]
        tabs.active = "tab-publication"
        await pilot.pause()
        screen.query_one("#status-briefing", Select).value = "approved"
        await pilot.press("ctrl+s")
        await pilot.pause()
        status = str(screen.query_one("#briefing-status", Static).render())
        assert "say who approved the briefing" in status and "Not saved" in status
        screen.query_one("#by-briefing", Input).value = "Case Review Group"
        screen.query_one("#date-briefing", Input).value = "31/02/2099"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "is not a date" in str(screen.query_one("#briefing-status", Static).render())
        screen.query_one("#date-briefing", Input).value = "12/06/2099"
        await pilot.press("ctrl+s")
        await pilot.pause()
        block = repository.publications(review_id)["briefing"]
        assert block.status is PublicationStatus.APPROVED
        assert block.approved_by == "Case Review Group"
        assert str(block.date) == "2099-06-12"


async def test_the_palette_offers_the_briefing(app: WorkshopApp, repository: Repository) -> None:
    _seed(repository)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "briefing")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)


async def test_a_bad_settings_file_is_said_and_the_app_opens(
    app: WorkshopApp, repository: Repository, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = tmp_path / "settings.toml"
    settings.write_text("[groups]\nbusiness = ''\n", encoding="utf-8")
    monkeypatch.setenv("WORKSHOP_TUI_SETTINGS", str(settings))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        messages = [str(n.message) for n in app._notifications]
        assert any(
            f"{settings}: groups.business" in m and "default settings are in use" in m
            for m in messages
        ), messages
