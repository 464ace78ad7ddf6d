"""Keys typed while a form is opening or saving reach it, in order, on a machine of any speed.

Every burst here is posted to the app in one go, before the app has handled any of
it (as a fast typist's keys, a paste or a busy laptop deliver them). ``pilot.press``
waits for the app between keys, so it cannot show this.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot
from textual.widgets import DataTable

from workshop_tui.app import WorkshopApp
from workshop_tui.domain.models import Action, FindingKind
from workshop_tui.storage.repository import Repository
from workshop_tui.ui.screens.home import HomeScreen
from workshop_tui.ui.screens.prepare import PrepareScreen
from workshop_tui.ui.screens.workshop import WorkshopScreen
from workshop_tui.ui.widgets.chronology_table import ChronologyTable

from .conftest import burst, keep_perspective_draft, participant_named, review_id_of


async def _settle(pilot: Pilot[None], until: Callable[[], bool] = lambda: True) -> None:
    """Let the app handle everything sent, and ``until`` hold (no sleeping: each pause
    waits for the app to be idle; a loaded machine may need several)."""
    hold = getattr(pilot.app, "key_hold", None)
    for count in range(60):
        await pilot.pause()
        queued = not pilot.app._message_queue.empty()
        held = hold is not None and (hold.held or hold.holding)
        if count >= 2 and not queued and not held and until():
            break


async def _workshop(pilot: Pilot[None]) -> WorkshopScreen:
    await pilot.press("enter", "f5", "s")
    await _settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, WorkshopScreen)
    return screen


async def test_a_perspective_typed_with_its_key_in_one_burst_is_saved_whole(
    app: WorkshopApp, repository: Repository
) -> None:
    said = "Nobody asked who else lived there."
    async with app.run_test(size=(120, 40)) as pilot:
        workshop = await _workshop(pilot)
        burst(app, ["p", *"cora", "enter", *said, "ctrl+s"])
        await _settle(pilot, lambda: app.screen is workshop)
        assert app.screen is workshop
        assert len(app.screen_stack) == 2
    review_id = review_id_of(repository)
    (perspective,) = repository.perspectives(review_id)
    people = {p.id: p.name for p in repository.participants(review_id)}
    assert people[perspective.participant_id] == "Cora Wren"
    assert perspective.text == said
    assert repository.drafts(review_id) == []


async def test_a_finding_typed_with_its_key_in_one_burst_is_saved_whole(
    app: WorkshopApp, repository: Repository
) -> None:
    statement = "Neglect was seen one visit at a time."
    async with app.run_test(size=(120, 40)) as pilot:
        workshop = await _workshop(pilot)
        # The kind comes first and is Learning unless chosen: Tab passes it.
        burst(app, ["f", "tab", *statement, "ctrl+s"])
        await _settle(pilot, lambda: app.screen is workshop)
        assert app.screen is workshop
    (finding,) = repository.findings(review_id_of(repository))
    assert finding.statement == statement
    assert finding.kind == FindingKind.LEARNING


async def test_a_burst_never_runs_a_workshop_key_behind_the_form(
    app: WorkshopApp, repository: Repository
) -> None:
    # Every letter of the action is also a Workshop key (a action, b back, d drafts,
    # e escalation, f finding, m mark, n next KLOE, p perspective, s start).
    description = "Send pen and paper to fab meds"
    review_id = review_id_of(repository)
    async with app.run_test(size=(120, 40)) as pilot:
        workshop = await _workshop(pilot)
        log_before = repository.workshop_log(review_id)
        burst(app, ["a", *description, "ctrl+s"])
        await _settle(pilot, lambda: app.screen is workshop)
        assert app.screen is workshop
        assert workshop.current_index == 0
        assert not workshop.query_one("#chronology-slice", ChronologyTable).marked_ids
        (action,) = repository.actions(review_id)
        assert action.description == description
        assert repository.perspectives(review_id) == []
        assert repository.findings(review_id) == []
        assert repository.escalations(review_id) == []
        assert repository.workshop_log(review_id) == log_before


async def test_keys_after_ctrl_s_wait_for_the_save_and_open_the_next_form(
    app: WorkshopApp, repository: Repository
) -> None:
    # Two captures in one burst: nothing of the second lands in the first, and the
    # second form's key is not lost while the first closes.
    first = "The referral sat unread."
    second = "Referrals were read by nobody."
    review_id = review_id_of(repository)
    async with app.run_test(size=(120, 40)) as pilot:
        workshop = await _workshop(pilot)
        burst(app, ["p", *"dev", "enter", *first, "ctrl+s", "f", "tab", *second, "ctrl+s"])
        await _settle(pilot, lambda: len(repository.findings(review_id)) > 0)
        assert app.screen is workshop
    (perspective,) = repository.perspectives(review_id)
    assert perspective.text == first
    (finding,) = repository.findings(review_id)
    assert finding.statement == second


async def test_a_form_that_will_not_save_keeps_the_keys_typed_after_ctrl_s(
    app: WorkshopApp, repository: Repository
) -> None:
    # ctrl+s on an escalation with no one to escalate to: the form stays open and
    # the words typed after ctrl+s go on into it, not to the Workshop's keys.
    from workshop_tui.ui.screens.capture import EscalationForm

    review_id = review_id_of(repository)
    async with app.run_test(size=(120, 40)) as pilot:
        await _workshop(pilot)
        burst(app, ["e", "ctrl+s", *" unallocated"])
        await _settle(pilot)
        form = app.screen
        assert isinstance(form, EscalationForm)
        assert form.read_values()["description"] == " unallocated"
        assert repository.escalations(review_id) == []
        assert repository.findings(review_id) == []


async def test_the_edit_form_opened_by_enter_takes_the_keys_after_it(
    app: WorkshopApp, repository: Repository
) -> None:
    review_id = review_id_of(repository)
    async with app.run_test(size=(120, 40)) as pilot:
        workshop = await _workshop(pilot)
        await pilot.press("p", *"cora", "enter", *"Visits were on time.", "ctrl+s")
        await _settle(pilot)
        workshop.query_one("#captured", DataTable).focus()
        await _settle(pilot)
        # Enter opens the capture for correction, the cursor at the end of its text.
        burst(app, ["enter", *" Mostly; a few were missed.", "ctrl+s"])
        await _settle(pilot, lambda: app.screen is workshop)
        assert app.screen is workshop
    (perspective,) = repository.perspectives(review_id)
    assert perspective.text == "Visits were on time. Mostly; a few were missed."


async def test_a_participant_typed_with_prepares_key_in_one_burst_is_saved(
    app: WorkshopApp, repository: Repository
) -> None:
    review_id = review_id_of(repository)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        await _settle(pilot)
        prepare = app.screen
        assert isinstance(prepare, PrepareScreen)
        await pilot.press("2")
        await _settle(pilot)
        burst(app, ["n", *"Gil Ashe", "tab", *"GP", "ctrl+s"])
        await _settle(pilot, lambda: app.screen is prepare)
        assert app.screen is prepare
    names = {p.name: p.role for p in repository.participants(review_id)}
    assert names.get("Gil Ashe") == "GP"


async def test_keys_typed_while_the_app_opens_a_review_reach_it(
    app: WorkshopApp, repository: Repository
) -> None:
    # Enter on the reviews list then F5 and s, at once: the review opens, the Workshop
    # screen shows and the workshop starts, whatever is still being built.
    async with app.run_test(size=(120, 40)) as pilot:
        await _settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        burst(app, ["enter", "f5", "s"])
        await _settle(pilot, lambda: isinstance(app.screen, WorkshopScreen) and app.screen.running)
        assert isinstance(app.screen, WorkshopScreen)
        assert app.screen.running


async def test_an_outcome_typed_with_its_key_in_one_burst_is_saved(
    app: WorkshopApp, repository: Repository
) -> None:
    from workshop_tui.ui.screens.outcomes import OutcomesScreen

    statement = "Nobody held the whole picture."
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "f6")
        await _settle(pilot)
        outcomes = app.screen
        assert isinstance(outcomes, OutcomesScreen)
        assert outcomes.kind == "finding"
        burst(app, ["n", "tab", *statement, "ctrl+s"])
        await _settle(pilot, lambda: app.screen is outcomes)
        assert app.screen is outcomes
    (finding,) = repository.findings(review_id_of(repository))
    assert finding.statement == statement


async def test_keys_typed_behind_start_never_answer_the_workshop_date_question() -> None:
    # The review is planned for another day, so `s` asks whether to record today. The
    # keys typed straight after it (a capture begun at once) must neither answer the
    # question (Enter or a `y` in the words would have recorded today) nor be lost:
    # they wait, and go to the Workshop once the question is answered on purpose.
    from workshop_tui.app import make_app
    from workshop_tui.domain.clock import frozen_clock
    from workshop_tui.ui.screens.dialogs import DeliberateQuestion

    from .conftest import FROZEN_AT, fictional_review

    said = "Yes, they stayed away from every appointment."
    repo = Repository.memory(clock=frozen_clock(FROZEN_AT))
    review = repo.create_review(fictional_review())  # planned for 21/05/2099
    review_id = review.id
    assert review_id is not None
    planned = review.workshop_date
    app = make_app(repo, clock=frozen_clock(FROZEN_AT))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "f5")
        await _settle(pilot, lambda: isinstance(app.screen, WorkshopScreen))
        workshop = app.screen
        burst(app, ["s", "p", *"cora", "enter", *said, "ctrl+s"])
        await _settle(pilot, lambda: isinstance(app.screen, DeliberateQuestion))
        assert isinstance(app.screen, DeliberateQuestion)  # still asking: nothing answered
        assert repo.review(review_id).workshop_date == planned
        assert repo.perspectives(review_id) == []
        await pilot.press("n")
        await _settle(pilot, lambda: app.screen is workshop and bool(repo.perspectives(review_id)))
        assert app.screen is workshop
    assert repo.review(review_id).workshop_date == planned
    (perspective,) = repo.perspectives(review_id)
    people = {p.id: p.name for p in repo.participants(review_id)}
    assert people[perspective.participant_id] == "Cora Wren"
    assert perspective.text == said


async def test_a_saved_capture_leaves_no_draft_while_the_arrival_question_is_open(
    app: WorkshopApp, repository: Repository
) -> None:
    # Walked in tmux: an unlisted speaker's perspective was saved, and while "Add to the
    # participants?" was open the form behind it kept a draft of the saved words; the
    # next `p` reopened that draft, and the next speaker's name went into its text.
    from workshop_tui.ui.screens.capture import ArrivalDialog, PerspectiveForm

    app.draft_delay = 0.0  # a draft as soon as anything changes
    review_id = review_id_of(repository)
    said = "I arrived late; the referral was closed."
    async with app.run_test(size=(120, 40)) as pilot:
        workshop = await _workshop(pilot)
        burst(app, ["p", *"Priya Sandhu", "enter", *said, "ctrl+s"])
        await _settle(pilot, lambda: isinstance(app.screen, ArrivalDialog))
        assert isinstance(app.screen, ArrivalDialog)
        form = app.screen_stack[-2]
        assert isinstance(form, PerspectiveForm)
        form.save_draft_now()  # what a change arriving after the save would set off
        assert repository.drafts(review_id) == []
        await pilot.press("escape")
        await _settle(pilot, lambda: app.screen is workshop)
        assert repository.drafts(review_id) == []
        await pilot.press("p")
        await _settle(pilot, lambda: isinstance(app.screen, PerspectiveForm))
        assert isinstance(app.screen, PerspectiveForm)
        assert app.screen.read_values()["text"] == ""
    (perspective,) = repository.perspectives(review_id)
    assert (perspective.speaker_name, perspective.text) == ("Priya Sandhu", said)


async def test_c_then_enter_in_one_burst_corrects_the_newest_capture(
    app: WorkshopApp, repository: Repository
) -> None:
    # Walked in tmux: `c End Enter` typed at once reached the slice, not the captured
    # list (the focus moves only after the keys already read), and opened an entry.
    async with app.run_test(size=(120, 40)) as pilot:
        workshop = await _workshop(pilot)
        burst(app, ["p", *"cora", "enter", *"First words.", "ctrl+s"])
        burst(app, ["p", *"cora", "enter", *"The visit was cancled", "ctrl+s"])
        # The list is by kind: this action comes after both perspectives, though older.
        assert workshop.current is not None
        repository.add_action(
            review_id_of(repository),
            Action(kloe_id=workshop.current.id, description="Older action."),
        )
        workshop.refresh_items()
        await _settle(pilot, lambda: len(repository.perspectives(review_id_of(repository))) == 2)
        burst(app, ["c", "enter", *["backspace"] * 7, *"cancelled", "ctrl+s"])
        await _settle(pilot, lambda: app.screen is workshop)
        assert app.screen is workshop
    texts = [p.text for p in repository.perspectives(review_id_of(repository))]
    assert texts == ["First words.", "The visit was cancelled"]
    assert [a.description for a in repository.actions(review_id_of(repository))] == [
        "Older action."
    ]


async def test_words_typed_right_after_enter_on_a_draft_offered_back_go_into_it(
    app: WorkshopApp, repository: Repository
) -> None:
    # Walked in tmux after a kill -9: Enter on "Unfinished capture kept" and the words
    # typed straight after it reached the closing dialog and the Workshop, not the draft.
    from workshop_tui.ui.screens.capture import DraftOfferDialog

    review_id = review_id_of(repository)
    cora = participant_named(repository, "Cora Wren")
    keep_perspective_draft(
        repository,
        {"speaker": cora.id, "text": "Rowan told his teacher he was", "focus": "text"},
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "f5")
        await _settle(pilot, lambda: isinstance(app.screen, DraftOfferDialog))
        assert isinstance(app.screen, DraftOfferDialog)
        workshop = app.screen_stack[-2]
        burst(app, ["enter", *" hungry at weekends.", "ctrl+s"])
        await _settle(pilot, lambda: app.screen is workshop)
        assert app.screen is workshop
        assert isinstance(workshop, WorkshopScreen) and workshop.current_index == 0
    (perspective,) = repository.perspectives(review_id)
    assert perspective.text == "Rowan told his teacher he was hungry at weekends."
    assert perspective.participant_id == cora.id
    assert repository.actions(review_id) == []
    assert repository.drafts(review_id) == []
