"""The Search screen (issue 22): from any screen, hits grouped by review as you type, Enter
opens the hit where it lives in its review, and back again."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.message import Message
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList, Static
from textual.worker import Worker, WorkerCancelled

from tests.pilot_text import type_text
from tests.search_cases import FIRST, SECOND, first_review, second_review
from workshop_tui.app import WorkshopApp, make_app
from workshop_tui.domain.clock import frozen_clock
from workshop_tui.domain.models import Decision, Finding, Perspective
from workshop_tui.storage.repository import Repository
from workshop_tui.ui.screens.chronology import ChronologyScreen
from workshop_tui.ui.screens.home import HomeScreen
from workshop_tui.ui.screens.outcomes import OutcomesScreen
from workshop_tui.ui.screens.prepare import PrepareScreen
from workshop_tui.ui.screens.search import SearchScreen
from workshop_tui.ui.screens.workshop import WorkshopScreen

from .conftest import FROZEN_AT, REFERENCE, burst, fictional_review, on_the_planned_day


@pytest.fixture
def repository() -> Iterator[Repository]:
    repo = Repository.memory(clock=frozen_clock(FROZEN_AT))
    repo.create_review(on_the_planned_day(fictional_review()))
    repo.create_review(first_review())
    repo.create_review(second_review())
    yield repo
    repo.close()


@pytest.fixture
def app(repository: Repository, tmp_path: Path) -> WorkshopApp:
    return make_app(repository, clock=frozen_clock(FROZEN_AT), export_folder=tmp_path / "x")


def shown(screen: SearchScreen) -> list[str]:
    """The lines of the results list, as drawn."""
    options = screen.query_one("#search-hits", OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def settle(pilot: Pilot[None], app: WorkshopApp) -> None:
    """Wait for the search running in its thread, and for its hits to be shown. Each key
    of a burst starts a search that cancels the one before; a cancelled search is not
    waited for (``wait_for_complete`` would raise WorkerCancelled for it)."""
    await pilot.pause()
    for worker in list(app.workers):
        with contextlib.suppress(WorkerCancelled):
            await worker.wait()
    await pilot.pause()


async def type_query(pilot: Pilot[None], screen: SearchScreen, text: str) -> None:
    screen.query_one("#search-query", Input).value = text
    await settle(pilot, screen.workshop_app)  # type: ignore[arg-type]


async def test_search_from_the_workshop_opens_a_hit_in_another_review_and_comes_back(
    app: WorkshopApp, repository: Repository
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_review(repository.get_review(REFERENCE), "workshop")
        await pilot.pause()
        assert isinstance(app.screen, WorkshopScreen)
        await pilot.press("f8")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        await type_text(pilot, "bruise arm")
        await settle(pilot, app)
        lines = shown(screen)
        assert lines[0] == f"{SECOND} · Learning Review: Child T"
        assert (
            "bruise on the arm" in lines[1] and "Primary" in lines[1]
        )  # its name, not key "school"
        assert "1 hit in 1 review" in str(screen.query_one("#search-status", Static).render())

        await pilot.press("enter")
        await pilot.pause()
        chronology = app.screen
        assert isinstance(chronology, ChronologyScreen)
        assert app.review is not None and app.review.reference == SECOND
        entry = chronology.table.cursor_entry
        assert entry is not None and "bruise on the arm" in entry.event

        await pilot.press("f8")  # the query and its results are still there
        await pilot.pause()
        assert app.screen is screen
        assert screen.query_one("#search-query", Input).value == "bruise arm"
        assert "ctrl+b: back to LR-2099-01 Workshop" in str(
            screen.query_one("#search-status", Static).render()
        )
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert isinstance(app.screen, WorkshopScreen)
        assert app.review is not None and app.review.reference == REFERENCE


async def test_enter_typed_ahead_of_the_hits_opens_the_best_one(app: WorkshopApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        burst(app, ["f8", *"dental", "enter"])
        await settle(pilot, app)
        await pilot.pause()
        chronology = app.screen
        assert isinstance(chronology, ChronologyScreen)
        entry = chronology.table.cursor_entry
        assert entry is not None and "dental appointment" in entry.event


async def test_enter_after_the_search_ends_but_before_its_hits_show_waits_for_them(
    app: WorkshopApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fast typist's Enter can be read after the search for the last letter finished
    but before its hits are shown: it opens the best of those hits, never the highlighted
    hit of what was typed before."""
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f8")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        await type_query(pilot, screen, "Child Q arrived hungry")  # the fictional review
        assert "hungry" in shown(screen)[1]
        # The next search's news that it is done is held back, as if still queued.
        held: list[Message] = []
        post = screen.post_message

        def holding(message: Message) -> bool:
            if isinstance(message, Worker.StateChanged) and message.state.name == "SUCCESS":
                held.append(message)
                return True
            return post(message)

        monkeypatch.setattr(screen, "post_message", holding)
        await type_query(pilot, screen, "dental")
        assert len(held) == 1 and "hungry" in shown(screen)[1]
        await pilot.press("enter")
        assert app.screen is screen  # nothing opened yet: dental's hits are not shown
        monkeypatch.undo()
        screen.post_message(held[0])
        await pilot.pause()
        await pilot.pause()
        chronology = app.screen
        assert isinstance(chronology, ChronologyScreen)
        entry = chronology.table.cursor_entry
        assert entry is not None and "dental appointment" in entry.event


async def test_a_hit_opens_in_its_own_review_on_the_same_kind_of_screen(
    app: WorkshopApp, repository: Repository
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_review(repository.get_review(FIRST), "chronology")
        await pilot.pause()
        before = app.screen
        assert isinstance(before, ChronologyScreen)
        await pilot.press("f8")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        await type_query(pilot, screen, "dental")
        await pilot.press("enter")
        await pilot.pause()
        chronology = app.screen
        assert isinstance(chronology, ChronologyScreen) and chronology is not before
        assert chronology.review_id == repository.get_review(SECOND).id
        entry = chronology.table.cursor_entry
        assert entry is not None and "dental appointment" in entry.event


async def test_opened_over_a_form_back_goes_to_the_screen_under_the_form(
    app: WorkshopApp, repository: Repository
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_review(repository.get_review(FIRST), "outcomes")
        await pilot.pause()
        await pilot.press("n")  # a new finding's form, over Outcomes
        await pilot.pause()
        assert not isinstance(app.screen, OutcomesScreen)
        await pilot.press("f8")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        await type_query(pilot, screen, "dental")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ChronologyScreen)
        await pilot.press("f8")
        await pilot.pause()
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert isinstance(app.screen, OutcomesScreen)
        assert app.review is not None and app.review.reference == FIRST


async def test_results_are_grouped_by_review_best_review_first(app: WorkshopApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f8")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        await type_query(pilot, screen, "bruise")
        headings = [line for line in shown(screen) if line.startswith("LR-")]
        assert sorted(headings) == [
            f"{FIRST} · Learning Review: Child S",
            f"{SECOND} · Learning Review: Child T",
        ]
        lines = shown(screen)
        first_at = lines.index(f"{FIRST} · Learning Review: Child S")
        second_at = lines.index(f"{SECOND} · Learning Review: Child T")
        # Every hit sits under its own review's heading.
        start, end = sorted((first_at, second_at))
        under_first = lines[first_at + 1 : end if first_at == start else len(lines)]
        assert any("non-mobile" in line for line in under_first)
        assert not any("on the arm" in line for line in under_first)


async def test_a_finding_opens_in_outcomes_and_a_kloe_in_prepare(
    app: WorkshopApp, repository: Repository
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f8")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        await type_query(pilot, screen, "kind:finding neglectful")
        await pilot.press("enter")
        await pilot.pause()
        outcomes = app.screen
        assert isinstance(outcomes, OutcomesScreen)
        item = outcomes.selected()
        assert isinstance(item, Finding) and "neglectful" in item.statement

        await pilot.press("f8")
        await pilot.pause()
        await type_query(pilot, screen, "kind:kloe escalated")
        await pilot.press("enter")
        await pilot.pause()
        prepare = app.screen
        assert isinstance(prepare, PrepareScreen)
        assert app.review is not None and app.review.reference == FIRST
        assert prepare.tab == "kloes"
        table = prepare.query_one("#kloes", DataTable)
        assert prepare.kloes[table.cursor_row].title == "Bruising in a non-mobile baby"


async def test_a_decision_opens_on_its_tab_in_outcomes(
    app: WorkshopApp, repository: Repository
) -> None:
    first = repository.get_review(FIRST)
    assert first.id is not None
    decision = Decision(speaker_name="The panel", text="Ask the trust for its triage audit.")
    stored = repository.add_capture("decision", first.id, decision)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f8")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        await type_query(pilot, screen, "triage")
        assert any("decision" in line and "The panel" in line for line in shown(screen))
        await pilot.press("enter")
        await settle(pilot, app)
        outcomes = app.screen
        assert isinstance(outcomes, OutcomesScreen)
        # A new Outcomes screen shows the hit once it is mounted: wait for that, not a time.
        for _ in range(50):
            if outcomes.kind == "decision":
                break
            await pilot.pause()
        assert app.review is not None and app.review.reference == FIRST
        assert outcomes.kind == "decision" and outcomes.selected() == stored


async def test_a_perspective_opens_on_its_tab_in_the_same_review(
    app: WorkshopApp, repository: Repository
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_review(repository.get_review(FIRST), "outcomes")
        await pilot.pause()
        outcomes = app.screen
        assert isinstance(outcomes, OutcomesScreen)
        await pilot.press("f8")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        await type_query(pilot, screen, "sofa")
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, OutcomesScreen) and app.screen is outcomes  # the same one
        assert outcomes.kind == "perspective"
        item = outcomes.selected()
        assert isinstance(item, Perspective) and "sofa" in item.text


async def test_escape_goes_back_to_the_screen_under_the_search(app: WorkshopApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f8")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_the_palette_searches_every_review_for_what_was_typed(app: WorkshopApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "dental")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        assert screen.query_one("#search-query", Input).value == "dental"
        assert any("dental appointment" in line for line in shown(screen))


async def test_a_capture_made_in_the_workshop_is_found_at_once(
    app: WorkshopApp, repository: Repository
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f8")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        await type_query(pilot, screen, "trampoline")
        assert shown(screen) == []
        await pilot.press("escape")
        review = repository.get_review(SECOND)
        assert review.id is not None
        stored = repository.add_finding(review.id, Finding(statement="A trampoline fall."))
        await pilot.press("f8")
        await settle(pilot, app)
        assert any("trampoline" in line for line in shown(screen))
        assert stored.id is not None
        audit_id = repository.delete_item("finding", stored.id)
        await type_query(pilot, screen, "trampolines")
        assert shown(screen) == []
        repository.undo_delete(audit_id)
        await type_query(pilot, screen, "trampoline")
        assert any("trampoline" in line for line in shown(screen))


async def test_hostile_text_and_queries_are_shown_as_typed(
    app: WorkshopApp, repository: Repository
) -> None:
    review = repository.get_review(SECOND)
    assert review.id is not None
    repository.add_finding(review.id, Finding(statement="[bold red]gecko[/] \x1b[2J done"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f8")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        await type_query(pilot, screen, "gecko")
        hit = next(line for line in shown(screen) if "gecko" in line)
        assert "[bold red]gecko[/] ␛[2J done" in hit
        for query in ('"unclosed', "NEAR(", "[/]", "foo:bar", "\x1b[31m", "-", "kind:x"):
            await type_query(pilot, screen, query)
            status = str(screen.query_one("#search-status", Static).render())
            assert status  # a hit count or a message, never a crash
        assert app.screen is screen


def test_a_hit_line_keeps_a_space_between_the_longest_kind_and_the_date() -> None:
    from workshop_tui.domain.search import SearchHit
    from workshop_tui.ui.screens.search import hit_line

    hit = SearchHit(
        review_id=1, review="LR-1", review_title="t", kind="perspective", item_id=1,
        day="2026-12-07", agency="", who="Jo Pell", snippet="words", rank=0.0,
    )  # fmt: skip
    assert "perspective 2026-12-07" in hit_line(hit).plain
