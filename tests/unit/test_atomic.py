"""repository.atomic(): several writes in one transaction, nestable with SAVEPOINTs."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from workshop_tui.domain.clock import Clock
from workshop_tui.domain.models import (
    Finding,
    Kloe,
    KloeStatus,
    Perspective,
    Review,
    ReviewData,
    ReviewStatus,
)
from workshop_tui.storage.backups import automatic_backups
from workshop_tui.storage.errors import NotFound, StorageError
from workshop_tui.storage.repository import Repository


class Boom(Exception):
    """A failure of the caller's own, part-way through a use case."""


def _review(repo: Repository) -> Review:
    data = ReviewData(
        review=Review(reference="LR-9", title="Child Q"),
        kloes=[Kloe(number=1, title="First"), Kloe(number=2, title="Second")],
    )
    return repo.create_review(data)


def _dump(repo: Repository) -> list[str]:
    return list(repo._conn.iterdump())


def _others_see(path: Path, sql: str) -> list[tuple[object, ...]]:
    """What a second connection to the file reads (only what is committed)."""
    other = sqlite3.connect(path)
    try:
        return other.execute(sql).fetchall()
    finally:
        other.close()


def test_a_failure_in_the_second_write_leaves_nothing_behind(repo: Repository) -> None:
    review = _review(repo)
    before = _dump(repo)
    with pytest.raises(NotFound), repo.atomic():
        assert review.id is not None
        repo.start_workshop(review.id)  # the first write of "start the workshop at a KLOE"
        repo.start_kloe(review.id, 999)  # the second fails: no such KLOE
    assert _dump(repo) == before
    assert review.id is not None
    assert repo.review(review.id).status == ReviewStatus.PREPARING
    assert repo.workshop_log(review.id) == []


def test_an_integrity_failure_in_the_second_write_leaves_nothing_behind(repo: Repository) -> None:
    review = _review(repo)
    before = _dump(repo)
    with pytest.raises(NotFound), repo.atomic():
        assert review.id is not None
        repo.add_perspective(review.id, Perspective(text="kept?"))
        repo.add_finding(review.id + 1, Finding(statement="to a review that does not exist"))
    assert _dump(repo) == before


def test_a_caller_exception_rolls_back_every_write_of_the_block(repo: Repository) -> None:
    review = _review(repo)
    before = _dump(repo)
    with pytest.raises(Boom), repo.atomic():
        assert review.id is not None
        repo.add_perspective(review.id, Perspective(text="one"))
        repo.add_finding(review.id, Finding(statement="two"))
        raise Boom
    assert _dump(repo) == before


def test_both_writes_are_kept_when_the_block_ends(repo: Repository) -> None:
    review = _review(repo)
    assert review.id is not None
    first = repo.kloes(review.id)[0]
    with repo.atomic():
        repo.start_workshop(review.id)
        assert first.id is not None
        repo.start_kloe(review.id, first.id)
    assert repo.review(review.id).status == ReviewStatus.IN_WORKSHOP
    assert first.id is not None
    assert repo.kloe(first.id).status == KloeStatus.IN_PROGRESS
    assert [log.kloe_id for log in repo.workshop_log(review.id)] == [None, first.id]


def test_an_inner_block_rolls_back_alone_and_the_outer_keeps_its_first_write(
    repo: Repository,
) -> None:
    review = _review(repo)
    with repo.atomic():
        assert review.id is not None
        kept = repo.add_perspective(review.id, Perspective(text="kept"))
        with pytest.raises(Boom), repo.atomic():
            repo.add_finding(review.id, Finding(statement="undone"))
            repo.add_perspective(review.id, Perspective(text="undone too"))
            raise Boom
        after = repo.add_finding(review.id, Finding(statement="after"))
    assert review.id is not None
    assert [p.text for p in repo.perspectives(review.id)] == ["kept"]
    assert [f.statement for f in repo.findings(review.id)] == ["after"]
    created = [e.entity_id for e in repo.audit_events(review.id) if e.change == "create"]
    assert created == [review.id, kept.id, after.id]  # no audit event of the undone writes


def test_a_failed_write_method_inside_a_block_undoes_only_its_own_part(
    repo: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    review = _review(repo)
    real_audit = repo._audit

    def audit_fails_for_findings(
        conn: sqlite3.Connection, review_id: int | None, entity: str, *args: Any, **kwargs: Any
    ) -> int:
        if entity == "finding":  # after the finding's row was inserted
            raise sqlite3.OperationalError("disk I/O error")
        return real_audit(conn, review_id, entity, *args, **kwargs)

    with repo.atomic():
        assert review.id is not None
        repo.add_perspective(review.id, Perspective(text="kept"))
        monkeypatch.setattr(repo, "_audit", audit_fails_for_findings)
        with pytest.raises(StorageError, match="disk I/O error"):
            repo.add_finding(review.id, Finding(statement="half-written"))
        monkeypatch.undo()
    assert review.id is not None
    assert [p.text for p in repo.perspectives(review.id)] == ["kept"]
    assert repo.findings(review.id) == []
    assert repo._query("SELECT count(*) FROM finding") == [(0,)]


def test_an_escaping_inner_failure_rolls_back_the_outer_too(repo: Repository) -> None:
    review = _review(repo)
    before = _dump(repo)
    with pytest.raises(Boom), repo.atomic():
        assert review.id is not None
        repo.add_perspective(review.id, Perspective(text="first"))
        with repo.atomic():
            repo.add_finding(review.id, Finding(statement="second"))
            raise Boom
    assert _dump(repo) == before


def test_a_write_outside_any_block_is_committed_at_once(tmp_db_path: Path, clock: Clock) -> None:
    with Repository.open(tmp_db_path, clock=clock) as repo:
        review = repo.create_review(ReviewData(review=Review(reference="R", title="T")))
        assert review.id is not None
        repo.add_perspective(review.id, Perspective(text="said"))
        assert _others_see(tmp_db_path, "SELECT text FROM perspective") == [("said",)]
        assert not repo._conn.in_transaction


def test_writes_inside_a_block_are_committed_once_at_its_end(
    tmp_db_path: Path, clock: Clock
) -> None:
    with Repository.open(tmp_db_path, clock=clock) as repo:
        review = repo.create_review(ReviewData(review=Review(reference="R", title="T")))
        with repo.atomic():
            assert review.id is not None
            repo.add_perspective(review.id, Perspective(text="one"))
            with repo.atomic():
                repo.add_perspective(review.id, Perspective(text="two"))
            assert _others_see(tmp_db_path, "SELECT text FROM perspective") == []
        seen = _others_see(tmp_db_path, "SELECT text FROM perspective ORDER BY id")
        assert seen == [("one",), ("two",)]
        # and the repository is back to committing each write by itself
        assert review.id is not None
        repo.add_perspective(review.id, Perspective(text="three"))
        assert len(_others_see(tmp_db_path, "SELECT text FROM perspective")) == 3


def test_the_backup_at_the_start_of_a_workshop_inside_a_block_holds_what_was_committed(
    tmp_db_path: Path, clock: Clock
) -> None:
    # SQLite's backup waits for ever on its own connection's open write transaction.
    with Repository.open(tmp_db_path, clock=clock) as repo:
        review = _review(repo)
        with repo.atomic():
            assert review.id is not None
            repo.add_perspective(review.id, Perspective(text="not yet committed"))
            repo.start_workshop(review.id)
        assert repo.backup_problem is None
        (copy,) = automatic_backups(tmp_db_path)
        assert _others_see(copy, "SELECT count(*) FROM perspective") == [(0,)]
        assert _others_see(copy, "SELECT status FROM review") == [("preparing",)]
        assert review.id is not None
        assert repo.review(review.id).status == ReviewStatus.IN_WORKSHOP


def test_a_copy_on_demand_inside_a_block_holds_what_was_committed(
    tmp_db_path: Path, tmp_path: Path, clock: Clock
) -> None:
    with Repository.open(tmp_db_path, clock=clock) as repo:
        review = _review(repo)
        target = tmp_path / "copy.db"
        with repo.atomic():
            assert review.id is not None
            repo.add_perspective(review.id, Perspective(text="not yet committed"))
            repo.backup(target)
        assert _others_see(target, "SELECT count(*) FROM review") == [(1,)]
        assert _others_see(target, "SELECT count(*) FROM perspective") == [(0,)]


def test_an_in_memory_copy_inside_a_block_is_refused_not_hung(
    repo: Repository, tmp_path: Path
) -> None:
    target = tmp_path / "copy.db"
    with repo.atomic(), pytest.raises(StorageError, match="backup was not made"):
        repo.backup(target)
    assert not target.exists()


def test_a_transaction_sqlite_rolled_back_under_an_inner_block_is_not_half_committed(
    repo: Repository,
) -> None:
    # A full disk or an I/O error can make SQLite roll back the whole transaction,
    # savepoints and all; what the outer block writes afterwards must not commit alone.
    review = _review(repo)
    before = _dump(repo)
    with pytest.raises(StorageError, match="nothing of it was saved"), repo.atomic():
        assert review.id is not None
        repo.add_perspective(review.id, Perspective(text="lost with the transaction"))
        with pytest.raises(Boom), repo.atomic():
            repo._conn.rollback()  # what SQLite does by itself on SQLITE_FULL
            raise Boom
        repo.add_finding(review.id, Finding(statement="would be committed alone"))
    assert _dump(repo) == before
    assert review.id is not None
    repo.add_finding(review.id, Finding(statement="the next write works"))
    assert [f.statement for f in repo.findings(review.id)] == ["the next write works"]
