"""The room view (issue 15): a second app on the same database file follows the chair,
read-only, and shows the room only the agreed wording.

Each test drives two ``make_app`` apps on one file: the chair's (a repository) and the
room's (``services.room.Room``, opened read-only). The room's poll is called directly,
so no test waits on a timer.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.app import App
from textual.pilot import Pilot

from tests.pilot_text import type_text
from workshop_tui.app import WorkshopApp, make_app
from workshop_tui.domain.clock import frozen_clock
from workshop_tui.domain.models import Draft, Escalation, Finding, Pseudonym
from workshop_tui.room_app import RoomApp
from workshop_tui.services.room import Room
from workshop_tui.storage.errors import StorageError
from workshop_tui.storage.readonly import ReadOnlyStore
from workshop_tui.storage.repository import Repository
from workshop_tui.ui.screens.capture import FindingForm
from workshop_tui.ui.screens.room import RoomScreen
from workshop_tui.ui.screens.workshop import WorkshopScreen

from .conftest import FROZEN_AT, REFERENCE, fictional_review, on_the_planned_day

CLOCK = frozen_clock(FROZEN_AT)


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    """A database file holding the fictional review, closed again (as after a restart)."""
    path = tmp_path / "data" / "workshop.db"
    with Repository.open(path, CLOCK) as repo:
        repo.create_review(on_the_planned_day(fictional_review()))
    return path


@pytest.fixture
def room(db_file: Path) -> Iterator[Room]:
    follower = Room.open(db_file)
    yield follower
    follower.close()


def chair_app(path: Path, tmp_path: Path) -> WorkshopApp:
    return make_app(
        Repository.open(path, CLOCK),
        clock=CLOCK,
        review_reference=REFERENCE,
        export_folder=tmp_path / "exports",
    )


def drawn(app: App[None]) -> str:
    """Every character the app's screens draw, line by line."""
    lines: list[str] = []
    for screen in app.screen_stack:
        for strip in screen._compositor.render_strips():
            lines.append("".join(segment.text for segment in strip))
    return "\n".join(lines)


async def follow(app: RoomApp, pilot: Pilot[None]) -> str:
    """Let the room view poll once (as its timer does) and return what it draws."""
    screen = app.screen
    assert isinstance(screen, RoomScreen)
    screen.call_later(screen.poll)  # run by the room app, as its timer runs it
    await pilot.pause()
    return drawn(app)


async def start_workshop(chair: WorkshopApp, pilot: Pilot[None]) -> None:
    await pilot.pause()
    await pilot.press("f5")
    await pilot.pause()
    assert isinstance(chair.screen, WorkshopScreen)
    await pilot.press("s")
    await pilot.pause()


async def test_the_room_follows_the_chair_and_shows_an_agreed_finding(
    db_file: Path, room: Room, tmp_path: Path
) -> None:
    chair = chair_app(db_file, tmp_path)
    viewer = make_app(room, clock=CLOCK, review_reference=REFERENCE)
    assert isinstance(viewer, RoomApp)
    async with (
        chair.run_test(size=(120, 40)) as chair_pilot,
        viewer.run_test(size=(120, 40)) as room_pilot,
    ):
        seen = await follow(viewer, room_pilot)
        assert "Workshop not started" in seen
        assert "Coming up: KLOE 1 of 2 · Cumulative risk" in seen

        await start_workshop(chair, chair_pilot)
        seen = await follow(viewer, room_pilot)
        assert "Workshop running since 10:12" in seen
        assert "KLOE 1 of 2 · Cumulative risk" in seen
        assert "Coming up" not in seen
        assert "How well did agencies see the build-up of risk?" in seen
        assert "▶ 1. now: Cumulative risk (25m)" in seen
        assert "› 2. next: Hearing the child (20m)" in seen

        # The chair agrees a finding: the room shows its wording.
        await chair_pilot.press("f")
        await chair_pilot.pause()
        assert isinstance(chair.screen, FindingForm)
        await chair_pilot.press("tab")
        await type_text(chair_pilot, "Risk was seen one visit at a time.")
        await chair_pilot.press("tab", "tab", "tab", "tab", "space", "ctrl+s")
        await chair_pilot.pause()
        assert isinstance(chair.screen, WorkshopScreen)
        seen = await follow(viewer, room_pilot)
        assert "Finding (learning): Risk was seen one visit at a time." in seen
        assert "Agreed in the whole workshop: 1 finding, 0 actions." in seen

        # The chair moves on: the room's KLOE, agenda and agreed items follow.
        await chair_pilot.press("n")
        await chair_pilot.pause()
        seen = await follow(viewer, room_pilot)
        assert "KLOE 2 of 2 · Hearing the child" in seen
        assert "How was Child Q's voice heard?" in seen
        assert "✓ 1. done: Cumulative risk (25m)" in seen
        assert "▶ 2. now: Hearing the child (20m)" in seen
        assert "Risk was seen one visit at a time." not in seen  # KLOE 1's, not this one's
        assert "Nothing agreed yet." in seen
    chair.repository.close()


async def test_escalations_drafts_unagreed_items_and_pseudonyms_never_reach_the_room(
    db_file: Path, room: Room, tmp_path: Path
) -> None:
    chair = chair_app(db_file, tmp_path)
    viewer = make_app(room, clock=CLOCK, review_reference=REFERENCE)
    async with (
        chair.run_test(size=(120, 40)) as chair_pilot,
        viewer.run_test(size=(120, 40)) as room_pilot,
    ):
        await start_workshop(chair, chair_pilot)
        repo = chair.repository
        review_id = repo.get_review(REFERENCE).id
        assert review_id is not None
        kloe_id = repo.kloes(review_id)[0].id
        assert kloe_id is not None
        repo.add_escalation(
            review_id,
            Escalation(kloe_id=kloe_id, description="ESCALATED sibling still unseen"),
        )
        repo.add_finding(
            review_id, Finding(kloe_ids=[kloe_id], statement="UNAGREED wording", agreed=False)
        )
        repo.save_draft(
            review_id,
            Draft(form="finding", kloe_id=kloe_id, payload={"statement": "HALF-TYPED draft"}),
        )
        repo.save_pseudonym(review_id, Pseudonym(real="Cora Wren", label="Health Visitor 1"))
        repo.add_finding(
            review_id, Finding(kloe_ids=[kloe_id], statement="AGREED wording", agreed=True)
        )
        for viewport in ((120, 40), (80, 24), (200, 50)):
            await room_pilot.resize_terminal(*viewport)
            seen = await follow(viewer, room_pilot)
            assert "AGREED wording" in seen, viewport
            for secret in ("ESCALATED", "UNAGREED", "HALF-TYPED", "Cora Wren", "Health Visitor"):
                assert secret not in seen, (secret, viewport)
            assert "Escalation" not in seen
        # Once the workshop has ended the room shows the whole workshop's agreed items,
        # and still nothing else.
        await chair_pilot.press("ctrl+e")
        await chair_pilot.pause()
        await chair_pilot.press("y")
        await chair_pilot.pause()
        seen = await follow(viewer, room_pilot)
        assert "The workshop has ended." in seen
        assert "AGREED wording" in seen
        assert "UNAGREED" not in seen and "ESCALATED" not in seen
    chair.repository.close()


def test_the_rooms_connection_is_read_only(db_file: Path, room: Room) -> None:
    conn = room.database.connection
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        conn.execute("UPDATE review SET title = 'changed by the room'")
    with pytest.raises(sqlite3.OperationalError):
        conn.execute("PRAGMA query_only = OFF")
        conn.execute("DELETE FROM kloe")
    with Repository.open(db_file, CLOCK) as repo:
        review = repo.get_review(REFERENCE)
        assert review.title == "Learning Review: Child Q"
        assert review.id is not None
        assert len(repo.kloes(review.id)) == 2


def test_opening_the_room_creates_nothing_where_there_is_no_database(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "workshop.db"
    with pytest.raises(StorageError, match="no workshop-tui database"):
        Room.open(missing)
    assert not missing.parent.exists()


def test_the_room_does_not_hold_the_writer_off(db_file: Path, room: Room) -> None:
    """While the room has read, the chair still writes at once (no busy wait)."""
    room.view(REFERENCE)
    assert not room.changed()
    with Repository.open(db_file, CLOCK, busy_timeout=0) as repo:
        review = repo.get_review(REFERENCE)
        repo.update_review(review.model_copy(update={"location": "Room 2"}), original=review)
    assert room.changed()
    assert not room.changed()


async def test_the_room_survives_the_chair_quitting_and_coming_back(
    db_file: Path, room: Room, tmp_path: Path
) -> None:
    viewer = make_app(room, clock=CLOCK, review_reference=REFERENCE)
    async with viewer.run_test(size=(80, 24)) as room_pilot:
        first = chair_app(db_file, tmp_path)
        async with first.run_test(size=(120, 40)) as chair_pilot:
            await start_workshop(first, chair_pilot)
        first.repository.close()  # the chair quits
        seen = await follow(viewer, room_pilot)
        assert "KLOE 1 of 2 · Cumulative risk" in seen
        assert "Not following" not in seen

        again = chair_app(db_file, tmp_path)  # and starts again
        async with again.run_test(size=(120, 40)) as chair_pilot:
            await chair_pilot.pause()
            assert isinstance(again.screen, WorkshopScreen)
            await chair_pilot.press("n")
            await chair_pilot.pause()
            seen = await follow(viewer, room_pilot)
            assert "KLOE 2 of 2 · Hearing the child" in seen
        again.repository.close()


async def test_a_missing_file_is_said_and_followed_again_when_it_is_back(
    db_file: Path, room: Room
) -> None:
    viewer = make_app(room, clock=CLOCK, review_reference=REFERENCE)
    async with viewer.run_test(size=(80, 24)) as pilot:
        assert "Coming up: KLOE 1 of 2" in await follow(viewer, pilot)
        aside = db_file.with_name("aside.db")
        db_file.rename(aside)
        seen = await follow(viewer, pilot)
        assert "⚠ Not following just now" in seen
        assert "Coming up: KLOE 1 of 2" in seen  # the last view stays up
        aside.rename(db_file)
        seen = await follow(viewer, pilot)
        assert "Not following" not in seen
        assert "Coming up: KLOE 1 of 2" in seen


async def test_the_timer_says_over_time_in_words(db_file: Path, tmp_path: Path) -> None:
    later = frozen_clock(FROZEN_AT)
    chair = chair_app(db_file, tmp_path)
    async with chair.run_test(size=(120, 40)) as chair_pilot:
        await start_workshop(chair, chair_pilot)
    chair.repository.close()
    import datetime as dt

    late = frozen_clock(FROZEN_AT + dt.timedelta(minutes=27, seconds=10))
    with Room.open(db_file) as follower:
        for clock, words in ((later, "of 25:00 · 25:00 left"), (late, "▲ OVER TIME by 2:10")):
            viewer = make_app(follower, clock=clock, review_reference=REFERENCE)
            async with viewer.run_test(size=(80, 24)) as pilot:
                seen = await follow(viewer, pilot)
                assert words in seen


def test_a_newer_or_foreign_database_is_refused_read_only(tmp_path: Path) -> None:
    foreign = tmp_path / "other.db"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE t (a)")
    conn.commit()
    conn.close()
    with pytest.raises(StorageError, match="not a workshop-tui database"):
        ReadOnlyStore.open(foreign)
