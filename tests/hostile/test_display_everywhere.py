"""Markup, control characters, bidi overrides and page-long strings in every field of a
review, shown on every screen: nothing crashes, nothing reaches the terminal raw, and the
text shows as typed.

A KLOE called ``[/x]`` once ended the app (a markup error), a note-taker's
``[inaudible]`` vanished (read as a tag), and ``ESC[2J`` in a cell cleared the
terminal. Every screen is rendered with Pilot and what it draws is read back.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.widgets import DataTable, OptionList, Static

from tests.pilot_text import type_text
from workshop_tui.app import WorkshopApp, make_app
from workshop_tui.domain.clock import frozen_clock
from workshop_tui.domain.models import (
    Action,
    Agency,
    ChronologyEntry,
    Draft,
    Escalation,
    Finding,
    Kloe,
    Participant,
    Perspective,
    Review,
    ReviewData,
)
from workshop_tui.storage.repository import Repository
from workshop_tui.ui.screens.capture import CaptureForm, DraftOfferDialog
from workshop_tui.ui.screens.chronology import ChronologyScreen, FixEntryScreen
from workshop_tui.ui.screens.dialogs import ConfirmDialog
from workshop_tui.ui.screens.export import ExportScreen
from workshop_tui.ui.screens.help import HelpScreen
from workshop_tui.ui.screens.outcomes import OutcomesScreen
from workshop_tui.ui.screens.prepare import PrepareScreen
from workshop_tui.ui.screens.prepare_forms import DetailsForm, KloeForm, ParticipantForm
from workshop_tui.ui.screens.workshop import WorkshopScreen
from workshop_tui.ui.widgets.chooser import Chooser, ChooserList

AT = dt.datetime(2099, 5, 21, 10, 0)
MARKUP = "[/x] [bold]b [link=http://example.invalid]x[/link] [$x] [Bold]B"
CONTROLS = "\x1b[2J \x1b]0;pwned\x07 \x9b31m \x00nul"
BIDI = "\u202eesrever"
LONG = "long " * 2000  # 10,000 characters
INAUDIBLE = "[inaudible] then [/x]"


def hostile(label: str) -> str:
    """``label`` followed by markup, terminal controls and a bidi override."""
    return f"{label} {MARKUP} {CONTROLS} {BIDI}"


# What must never be drawn: ESC, a C1 CSI, BEL, NUL, a bidi override.
RAW = {"\x1b": "ESC", "\x9b": "C1 CSI", "\x07": "BEL", "\x00": "NUL", "\u202e": "RLO"}
REFERENCE = "LR-[/x]-99"


def hostile_review() -> ReviewData:
    """A review whose every field a person or a file filled holds hostile text."""
    return ReviewData(
        review=Review(
            reference=REFERENCE,
            title=hostile("Child [/x] review") + " " + LONG,
            subject=hostile("Child"),
            partnership=hostile("Partnership"),
            lead_reviewer=hostile("Lead"),
            note_taker=hostile("Notes"),
            location=hostile("Room"),
            terms_of_reference=hostile("Terms") + "\n" + LONG,
            period_start=dt.date(2098, 1, 1),
            period_end=dt.date(2099, 3, 31),
        ),
        agencies=[
            Agency(key="police", name=hostile("Police")),
            Agency(key="health", name=hostile("Health") + LONG),
            Agency(key="sch[/x]\x1b[2J", name=hostile("School")),
        ],
        participants=[
            Participant(name=hostile("Cora"), role=hostile("Health Visitor"), agency="health"),
            Participant(name=hostile("Dev") + LONG, role="DS", agency="police"),
            Participant(name="Elin Frost", role=hostile("DSL"), agency="sch[/x]\x1b[2J"),
        ],
        kloes=[
            Kloe(
                number=1,
                title=hostile("Risk"),
                question=hostile("How well?") + " " + LONG,
                prompts=[hostile("Known?"), hostile("In the way?")],
                period_start=dt.date(2098, 1, 1),
                period_end=dt.date(2099, 3, 31),
            ),
            Kloe(number=2, title=hostile("Voice") + LONG, question=hostile("Heard?")),
        ],
        entries=[
            ChronologyEntry(
                agency="health",
                date=dt.date(2098, 2, 3),
                practitioner=hostile("Cora"),
                event=hostile("Visit"),
                outcome=hostile("Outcome"),
                analysis=hostile("Analysis") + LONG,
                extra={hostile("Notes header"): hostile("note")},
                source_file="chron\x1b[2J[/x]\nINJECTED.csv",
                source_line=2,
            ),
            ChronologyEntry(
                agency="sch[/x]\x1b[2J",
                date=dt.date(2098, 4, 10),
                practitioner="Elin Frost",
                event=hostile("Hungry") + LONG,
                source_file="school.csv",
                source_line=3,
            ),
            ChronologyEntry(
                agency="police",
                error=hostile("not a date"),
                raw={hostile("Date"): hostile("31/02")},
                source_file="police[/x].csv",
                source_line=4,
            ),
        ],
    )


def add_captures(repo: Repository) -> int:
    """Captures, a draft and the review's id: what the workshop would have produced."""
    review = repo.get_review(REFERENCE)
    assert review.id is not None
    kloe = repo.kloes(review.id)[0]
    person = repo.participants(review.id)[0]
    repo.add_perspective(
        review.id,
        Perspective(kloe_id=kloe.id, participant_id=person.id, text=f"{INAUDIBLE} {CONTROLS}"),
    )
    finding = repo.add_finding(
        review.id,
        Finding(kloe_ids=[kloe.id], statement=hostile("Finding"), themes=[hostile("theme")]),
    )
    repo.add_action(
        review.id,
        Action(
            kloe_id=kloe.id,
            finding_id=finding.id,
            description=hostile("Action") + LONG,
            owner=hostile("Owner"),
            subgroup=hostile("Subgroup"),
            success_measure=hostile("Measure"),
        ),
    )
    repo.add_escalation(
        review.id,
        Escalation(
            kloe_id=kloe.id,
            description=hostile("Escalation"),
            raised_by=hostile("Raiser"),
            escalate_to=hostile("To"),
        ),
    )
    repo.save_draft(
        review.id,
        Draft(
            form="perspective",
            kloe_id=kloe.id,
            payload={"text": hostile("Draft"), "speaker": None, "speaker_text": hostile("who")},
        ),
    )
    return review.id


def drawn(app: WorkshopApp) -> str:
    """Every character the screens on the stack draw, line by line."""
    lines: list[str] = []
    for screen in app.screen_stack:
        for strip in screen._compositor.render_strips():
            lines.append("".join(segment.text for segment in strip))
    return "\n".join(lines)


def assert_safe(app: WorkshopApp, where: str) -> str:
    """Nothing raw reaches the terminal; returns what is drawn."""
    text = drawn(app)
    found = [name for char, name in RAW.items() if char in text]
    assert not found, f"{where}: {found} drawn raw"
    return text


async def settle(pilot: object) -> None:
    await pilot.pause()  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]


async def close_form(app: WorkshopApp, pilot: object) -> None:
    """Escape a form, discarding when it asks."""
    await pilot.press("escape")  # type: ignore[attr-defined]
    await settle(pilot)
    if isinstance(app.screen, ConfirmDialog):
        assert_safe(app, "discard dialog")
        await pilot.press("y")  # type: ignore[attr-defined]
        await settle(pilot)


def hostile_database(folder: Path) -> Path:
    path = folder / "hostile.db"
    with Repository.open(path, clock=frozen_clock(AT)) as repo:
        repo.create_review(hostile_review())
        add_captures(repo)
    return path


async def test_every_screen_shows_hostile_text_as_typed(tmp_path: Path) -> None:
    path = hostile_database(tmp_path)
    with Repository.open(path, clock=frozen_clock(AT)) as repo:
        app = make_app(repo, clock=frozen_clock(AT))
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            home = assert_safe(app, "home")
            assert "LR-[/x]-99" in home and "Child [/x] review" in home and "␛" in home

            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, PrepareScreen)
            assert_safe(app, "prepare details")
            details = str(app.screen.query_one("#details", Static).render())
            assert "Partnership [/x] [bold]b" in details and "<U+202E>" in details
            assert "\x1b" not in details
            await pilot.press("e")
            await settle(pilot)
            assert isinstance(app.screen, DetailsForm)
            assert "␛[2J" in assert_safe(app, "details form")
            await close_form(app, pilot)

            await pilot.press("2")
            await settle(pilot)
            assert "Cora [/x]" in assert_safe(app, "participants")
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, ParticipantForm)
            assert_safe(app, "participant form")
            await close_form(app, pilot)

            await pilot.press("3")
            await settle(pilot)
            assert "Risk [/x] [bold]b" in assert_safe(app, "KLOEs")
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, KloeForm)
            assert "[link=http://example.invalid]" in assert_safe(app, "KLOE form")
            await close_form(app, pilot)

            await pilot.press("f4")
            await settle(pilot)
            assert isinstance(app.screen, ChronologyScreen)
            chronology = assert_safe(app, "chronology")
            assert "Needs attention" in chronology or "not a date [/x]" in chronology
            for _ in range(3):
                await pilot.press("down")
                await settle(pilot)
                assert_safe(app, "chronology entry")
            await pilot.press("home")
            await settle(pilot)
            await pilot.press("f")  # the first entry needs attention: fix it
            await settle(pilot)
            assert isinstance(app.screen, FixEntryScreen)
            assert "police[/x].csv" in assert_safe(app, "fix entry")
            await pilot.press("escape")
            await settle(pilot)
            for chooser in app.screen.query(Chooser):
                chooser.action_open()
                await settle(pilot)
                assert isinstance(app.screen, ChooserList)
                assert_safe(app, f"chooser {chooser.id}")
                await pilot.press("escape")
                await settle(pilot)

            await pilot.press("f5")
            await settle(pilot)
            if isinstance(app.screen, DraftOfferDialog):
                assert "Draft [/x]" in assert_safe(app, "draft offer")
                await pilot.press("escape")
                await settle(pilot)
            assert isinstance(app.screen, WorkshopScreen)
            await pilot.press("s")
            await settle(pilot)
            workshop = assert_safe(app, "workshop")
            assert INAUDIBLE in workshop and "Risk [/x] [bold]b" in workshop
            assert "␛[2J" in workshop
            for key in "pfae":
                await pilot.press(key)
                await settle(pilot)
                assert isinstance(app.screen, CaptureForm), key
                assert_safe(app, f"capture form {key}")
                await close_form(app, pilot)
            workshop_screen = app.screen
            captured = workshop_screen.query_one("#captured", DataTable)
            for row in range(captured.row_count):
                captured.focus()
                captured.move_cursor(row=row)
                await pilot.press("enter")
                await settle(pilot)
                assert isinstance(app.screen, CaptureForm), row
                assert_safe(app, f"edit form {row}")
                await close_form(app, pilot)
            kloe_list = workshop_screen.query_one("#kloe-list", OptionList)
            assert kloe_list.option_count == 2
            await pilot.press("ctrl+p")
            await settle(pilot)
            await type_text(pilot, "kloe")
            await settle(pilot)
            assert_safe(app, "command palette")
            await pilot.press("escape")
            await settle(pilot)

            await pilot.press("f6")
            await settle(pilot)
            assert isinstance(app.screen, OutcomesScreen)
            tabs = ("Finding [/x]", "Owner [/x]", "To [/x]", INAUDIBLE)
            for key, expected in zip("1234", tabs, strict=True):
                await pilot.press(key)
                await settle(pilot)
                assert expected in assert_safe(app, f"outcomes tab {key}")

            await pilot.press("f7")
            await settle(pilot)
            assert isinstance(app.screen, ExportScreen)
            app.screen.refresh_preview()  # rendered in a thread, laid out in another
            while list(app.workers):
                await app.workers.wait_for_complete()
                await pilot.pause()
            await settle(pilot)
            preview = assert_safe(app, "export")
            assert "[/x]" in preview

            await pilot.press("f1")
            await settle(pilot)
            assert isinstance(app.screen, HelpScreen)
            assert_safe(app, "help")


async def test_a_capture_holding_markup_reopens_on_workshop_and_outcomes(
    tmp_path: Path,
) -> None:
    path = hostile_database(tmp_path)
    with Repository.open(path, clock=frozen_clock(AT)) as repo:
        review_id = repo.get_review(REFERENCE).id
        assert review_id is not None
        repo.start_workshop(review_id)
    for screen in ("workshop", "outcomes"):
        with Repository.open(path, clock=frozen_clock(AT)) as repo:
            app = make_app(repo, clock=frozen_clock(AT), review_reference=REFERENCE)
            async with app.run_test(size=(120, 40)) as pilot:
                await settle(pilot)
                if isinstance(app.screen, DraftOfferDialog):
                    await pilot.press("escape")
                    await settle(pilot)
                app.action_go(screen)
                await settle(pilot)
                if isinstance(app.screen, DraftOfferDialog):
                    await pilot.press("escape")
                    await settle(pilot)
                assert app.screen.screen_name == screen  # type: ignore[attr-defined]
                if screen == "outcomes":
                    await pilot.press("4")
                    await settle(pilot)
                assert INAUDIBLE in assert_safe(app, screen)


async def test_creating_from_a_hostile_pack_lists_its_problems_one_line_each(
    tmp_path: Path,
) -> None:
    from textual.widgets import Input

    from workshop_tui.ui.screens.dialogs import MessageDialog, PathDialog

    from .test_cli_display import CSV, FILE_NAME, case_toml

    pack = tmp_path / "pack"
    (pack / "chronologies").mkdir(parents=True)
    (pack / "case.toml").write_text(case_toml(), encoding="utf-8")
    (pack / "chronologies" / FILE_NAME).write_text(CSV, encoding="utf-8")
    with Repository.open(tmp_path / "new.db", clock=frozen_clock(AT)) as repo:
        app = make_app(repo, clock=frozen_clock(AT))
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("c")
            await settle(pilot)
            assert isinstance(app.screen, PathDialog)
            app.screen.query_one("#path", Input).value = str(pack)
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, MessageDialog)
            shown = assert_safe(app, "import problems")
            assert "evil⏎INJECTED: error: forged line.csv:3: invalid date" in shown
            assert "Child Q ␛[2J" in shown  # the home list behind the dialog


async def test_workshop_and_outcomes_at_80x24_draw_nothing_raw(tmp_path: Path) -> None:
    """The narrow terminal cuts and wraps differently: cut text must stay safe too."""
    path = hostile_database(tmp_path)
    with Repository.open(path, clock=frozen_clock(AT)) as repo:
        review_id = repo.get_review(REFERENCE).id
        assert review_id is not None
        repo.start_workshop(review_id)
        app = make_app(repo, clock=frozen_clock(AT), review_reference=REFERENCE)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            if isinstance(app.screen, DraftOfferDialog):
                assert "Draft [/x]" in assert_safe(app, "draft offer at 80x24")
                await pilot.press("escape")
                await settle(pilot)
            app.action_go("workshop")
            await settle(pilot)
            assert isinstance(app.screen, WorkshopScreen)
            workshop = assert_safe(app, "workshop at 80x24")
            assert "Risk [/x]" in workshop and "␛" in workshop
            await pilot.press("p")
            await settle(pilot)
            assert isinstance(app.screen, CaptureForm)
            assert_safe(app, "capture form at 80x24")
            await close_form(app, pilot)

            app.action_go("outcomes")
            await settle(pilot)
            assert isinstance(app.screen, OutcomesScreen)
            # At 80 columns text and dates come first; owner and "to" are off to the right.
            tabs = ("Finding [/x]", "[/x]", "[/x]", "[/x]")
            for key, expected in zip("1234", tabs, strict=True):
                await pilot.press(key)
                await settle(pilot)
                assert expected in assert_safe(app, f"outcomes tab {key} at 80x24")
