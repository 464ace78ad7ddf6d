"""A half-typed capture survives the app going away, and is offered back."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import TextArea

from tests.pilot_text import type_text
from workshop_tui.app import make_app
from workshop_tui.domain.clock import frozen_clock
from workshop_tui.domain.models import Action, Draft, Finding
from workshop_tui.storage.repository import Repository
from workshop_tui.ui.screens.capture import (
    ActionForm,
    DraftOfferDialog,
    FindingForm,
    PerspectiveForm,
)
from workshop_tui.ui.screens.workshop import WorkshopScreen

from .conftest import FROZEN_AT, REFERENCE, fictional_review, on_the_planned_day


async def test_abandoned_draft_is_offered_back(tmp_path: Path) -> None:
    path = tmp_path / "review.db"
    clock = frozen_clock(FROZEN_AT)
    with Repository.open(path, clock=clock) as repo:
        review = repo.create_review(on_the_planned_day(fictional_review()))
        assert review.id is not None
        app = make_app(repo, clock=clock, review_reference=REFERENCE)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("f5", "s", "p")
            await pilot.pause()
            form = app.screen
            assert isinstance(form, PerspectiveForm)
            await type_text(pilot, "finn")
            await pilot.press("tab")
            await type_text(pilot, "The referral sat in a queue")
            await pilot.pause()
            # What the debounce timer calls two seconds after the last key.
            form.save_draft_now()
            (draft,) = repo.drafts(review.id)
            assert draft.payload["text"] == "The referral sat in a queue"
            app.exit()  # walks away without confirming: a crash, as far as the form knows
        assert repo.perspectives(review.id) == []

    with Repository.open(path, clock=clock) as repo:
        app = make_app(repo, clock=clock, review_reference=REFERENCE)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, DraftOfferDialog)
            # "in workshop" opens the Workshop screen, which offers the draft back at once.
            assert isinstance(app.screen_stack[-2], WorkshopScreen)
            await pilot.press("enter")
            await pilot.pause()
            form = app.screen
            assert isinstance(form, PerspectiveForm)
            assert form.query_one("#f-text", TextArea).text == "The referral sat in a queue"
            assert form.picker_name() == "Finn Sorrel"
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, WorkshopScreen)
        review = repo.get_review(REFERENCE)
        assert review.id is not None
        (perspective,) = repo.perspectives(review.id)
        assert perspective.text == "The referral sat in a queue"
        assert repo.drafts(review.id) == []


async def test_typing_schedules_a_draft_and_cancel_discards_it(tmp_path: Path) -> None:
    clock = frozen_clock(FROZEN_AT)
    with Repository.open(tmp_path / "r.db", clock=clock) as repo:
        review = repo.create_review(fictional_review())
        assert review.id is not None
        app = make_app(repo, clock=clock, review_reference=REFERENCE)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("f5", "a")
            await pilot.pause()
            form = app.screen
            assert isinstance(form, ActionForm)
            await type_text(pilot, "Audit the")
            await pilot.pause()
            assert form._draft_timer is not None  # a draft is on its way
            form.save_draft_now()
            assert [d.form for d in repo.drafts(review.id)] == ["action"]
            await pilot.press("escape")
            await pilot.pause()
            await pilot.press("y")  # yes, discard
            await pilot.pause()
            assert isinstance(app.screen, WorkshopScreen)
        assert repo.drafts(review.id) == []


async def test_draft_of_an_edit_reopens_on_its_item(repository: Repository) -> None:
    review = repository.get_review(REFERENCE)
    assert review.id is not None
    repository.add_action(review.id, Action(description="An action, the same id as the finding."))
    finding = repository.add_finding(review.id, Finding(statement="As first worded."))
    repository.save_draft(
        review.id,
        Draft(form="finding", payload={"statement": "As reworded", "item_id": finding.id}),
    )
    app = make_app(repository, clock=frozen_clock(FROZEN_AT), review_reference=REFERENCE)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        assert isinstance(app.screen, DraftOfferDialog)
        await pilot.press("enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FindingForm)
        assert form.item is not None and form.item.id == finding.id
        assert isinstance(form.item, Finding)
        assert form.query_one("#f-statement", TextArea).text == "As reworded"


async def test_a_function_key_or_quit_with_a_form_open_keeps_its_last_words(
    tmp_path: Path,
) -> None:
    """F4 (or any screen key, F7, ctrl+q) closes an open form to go elsewhere: the words
    typed since the last draft are kept as its draft then, not lost with the form."""
    clock = frozen_clock(FROZEN_AT)
    with Repository.open(tmp_path / "r.db", clock=clock) as repo:
        review = repo.create_review(on_the_planned_day(fictional_review()))
        assert review.id is not None
        app = make_app(repo, clock=clock, review_reference=REFERENCE)
        app.draft_delay = 3600.0  # no draft from the timer in this test
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("f5", "s", "p")
            await pilot.pause()
            assert isinstance(app.screen, PerspectiveForm)
            await type_text(pilot, "finn")
            await pilot.press("tab")
            await type_text(pilot, "Seen twice [/x] at home")
            await pilot.press("f4")
            await pilot.pause()
            assert not isinstance(app.screen, PerspectiveForm)
            (draft,) = repo.drafts(review.id)
            assert draft.payload["text"] == "Seen twice [/x] at home"
            # The notice was posted to the app as the draft was kept: a pause begins by
            # draining the app's queue, so it is shown by now however slow the machine.
            await pilot.pause()
            said = [str(n.message) for n in app._notifications]
            assert any("perspective is kept as a draft: p on the Workshop" in m for m in said)
            await pilot.press("f5")
            await pilot.pause()
            if isinstance(app.screen, DraftOfferDialog):  # offered back: take it
                await pilot.press("enter")
                await pilot.pause()
            form = app.screen
            assert isinstance(form, PerspectiveForm)
            await type_text(pilot, " and at school")
            await pilot.press("ctrl+q")
            await pilot.pause()
        (draft,) = repo.drafts(review.id)
        assert draft.payload["text"] == "Seen twice [/x] at home and at school"
        assert repo.perspectives(review.id) == []


async def test_words_typed_just_before_a_function_key_land_in_the_kept_draft(
    tmp_path: Path,
) -> None:
    """A burst (a fast typist, a busy laptop): the words and F4 all wait in the queue;
    F4 is a priority key, read before the field has taken the words. The form closes
    only once it has them, so its draft holds every word."""
    from .conftest import burst

    clock = frozen_clock(FROZEN_AT)
    with Repository.open(tmp_path / "r.db", clock=clock) as repo:
        review = repo.create_review(on_the_planned_day(fictional_review()))
        assert review.id is not None
        app = make_app(repo, clock=clock, review_reference=REFERENCE)
        app.draft_delay = 3600.0
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("f5", "s", "p")
            await pilot.pause()
            assert isinstance(app.screen, PerspectiveForm)
            await type_text(pilot, "finn")
            await pilot.press("tab")
            burst(app, [*"Seen (twice) [/x]", "f4"])
            await pilot.pause()
            await pilot.pause()
            assert not isinstance(app.screen, PerspectiveForm)
            (draft,) = repo.drafts(review.id)
            assert draft.payload["text"] == "Seen (twice) [/x]"
