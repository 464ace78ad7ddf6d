"""``workshop-tui room REF``: the room view opens the database read-only, and says clearly
when there is no database or no such review, creating and changing nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.ui.conftest import FROZEN_AT, REFERENCE, fictional_review
from workshop_tui.cli import main
from workshop_tui.domain.clock import frozen_clock
from workshop_tui.room_app import RoomApp
from workshop_tui.storage.repository import Repository


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--db", str(db), *args])


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "workshop.db"
    with Repository.open(path, frozen_clock(FROZEN_AT)) as repo:
        repo.create_review(fictional_review())
    return path


def test_room_without_a_database_says_so_and_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "workshop.db"
    result = run(missing, "room", REFERENCE)
    assert result.exit_code == 1
    assert "no workshop-tui database" in result.stderr
    assert not missing.parent.exists()


def test_room_of_an_unknown_review_says_so_and_changes_nothing(db: Path) -> None:
    before = db.read_bytes()
    result = run(db, "room", "LR-NOPE")
    assert result.exit_code == 1
    assert "no review with reference 'LR-NOPE'" in result.stderr
    assert db.read_bytes() == before


def test_room_runs_the_room_app_on_a_read_only_database(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ran: list[tuple[str, bool]] = []

    def fake_run(app: RoomApp) -> None:
        connection = app.services.room.database.connection
        read_only = connection.execute("PRAGMA query_only").fetchone()[0] == 1
        ran.append((app.reference, read_only))

    monkeypatch.setattr(RoomApp, "run", fake_run)
    result = run(db, "room", REFERENCE)
    assert result.exit_code == 0, result.output
    assert ran == [(REFERENCE, True)]
