"""An existing database open to other users is made owner-only, or refused (issue 19)."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from workshop_tui.cli import main
from workshop_tui.domain.models import Review, ReviewData
from workshop_tui.storage.errors import UnsafePermissions
from workshop_tui.storage.repository import Repository


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def sidecars(db: Path) -> list[Path]:
    return [db.with_name(db.name + suffix) for suffix in ("-wal", "-shm")]


def shared_database(tmp_path: Path) -> Path:
    """A database holding a review, left (as by another tool) readable by everyone."""
    db = tmp_path / "review.db"
    with Repository.open(db) as repo:
        repo.create_review(ReviewData(review=Review(reference="LR-1", title="Child Q")))
    os.chmod(db, 0o644)
    return db


def test_an_existing_database_readable_by_others_is_made_owner_only(tmp_path: Path) -> None:
    db = shared_database(tmp_path)
    for side in sidecars(db):  # SQLite's own files, left open as well
        side.touch()
        os.chmod(side, 0o664)
    with Repository.open(db) as repo:
        assert repo.get_review("LR-1").title == "Child Q"
        repo.create_review(ReviewData(review=Review(reference="LR-2", title="Child P")))
        assert mode(db) == 0o600
        assert any(side.exists() for side in sidecars(db))  # else the next holds of none
        assert all(mode(side) == 0o600 for side in sidecars(db) if side.exists())
        assert repo.notices[0] == (
            f"{db} could be read by other users (mode 0644); it is now owner-only (0600)"
        )
        assert len(repo.notices) == 3  # the file, its -wal and its -shm, each named
    assert mode(db) == 0o600


def test_a_private_database_opens_without_a_word(tmp_path: Path) -> None:
    db = shared_database(tmp_path)
    os.chmod(db, 0o600)
    with Repository.open(db) as repo:
        assert repo.notices == []


def test_a_database_that_cannot_be_tightened_is_refused_with_the_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = shared_database(tmp_path)
    before = db.read_bytes()

    def not_the_owner(path: object, mode: int) -> None:
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr("workshop_tui.storage.permissions.os.chmod", not_the_owner)
    with pytest.raises(UnsafePermissions) as refused:
        Repository.open(db)
    message = str(refused.value)
    assert f"{db} can be read by other users (mode 0644)" in message
    assert f"chmod 600 {db}" in message
    assert db.read_bytes() == before
    assert mode(db) == 0o644


def test_the_command_line_says_which_file_was_tightened(tmp_path: Path) -> None:
    db = shared_database(tmp_path)
    result = CliRunner().invoke(main, ["--db", str(db), "list"])
    assert result.exit_code == 0, result.output
    assert f"warning: {db} could be read by other users (mode 0644); it is now owner-only" in (
        result.stderr
    )
    assert "LR-1" in result.stdout
    assert mode(db) == 0o600


def test_the_command_line_refuses_with_the_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = shared_database(tmp_path)

    def not_the_owner(path: object, mode: int) -> None:
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr("workshop_tui.storage.permissions.os.chmod", not_the_owner)
    result = CliRunner().invoke(main, ["--db", str(db), "list"])
    assert result.exit_code == 1
    assert f"error: {db} can be read by other users" in result.stderr
    assert f"Run: chmod 600 {db}" in result.stderr
    assert "Traceback" not in result.output


async def test_the_app_says_which_file_was_tightened(tmp_path: Path) -> None:
    from workshop_tui.app import make_app

    db = shared_database(tmp_path)
    with Repository.open(db) as repo:
        app = make_app(repo)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            messages = [str(n.message) for n in app._notifications]
            titles = [n.title for n in app._notifications]
    assert any(f"{db} could be read by other users" in m for m in messages)
    assert "Permissions tightened" in titles
