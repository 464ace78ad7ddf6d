"""The application when a capture cannot be saved: locked, disk full, file gone.

The interface must say why, in words, and keep running (no traceback); and the
words typed must not be lost: the form stays open with them, or they are kept
as a draft.
"""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from textual.widgets import TextArea

from workshop_tui.app import make_app
from workshop_tui.storage.repository import Repository
from workshop_tui.ui.screens.capture import PerspectiveForm

from .conftest import REFERENCE, workshop_review

SAID = "The school nurse had raised it twice before. " * 120  # needs new pages


@contextmanager
def locked(db: Path, repo: Repository) -> Iterator[None]:
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        holder.execute("ROLLBACK")
        holder.close()


@contextmanager
def disk_full(db: Path, repo: Repository) -> Iterator[None]:
    conn = repo._conn
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")
    try:
        yield
    finally:
        conn.execute("PRAGMA max_page_count = 1073741823")


@contextmanager
def file_gone(db: Path, repo: Repository) -> Iterator[None]:
    moved = db.with_name("moved.db")
    shutil.move(db, moved)
    try:
        yield
    finally:
        shutil.move(moved, db)


FAILURES: dict[str, tuple[Callable[[Path, Repository], AbstractContextManager[None]], str]] = {
    "locked": (locked, "in use by another workshop-tui"),
    "disk full": (disk_full, "is full; nothing was saved"),
    "file gone": (file_gone, "moved, replaced or deleted while it was open"),
}


@dataclass
class Outcome:
    """What the person saw and what was kept after confirming while the save failed."""

    screen: str
    messages: list[str]
    form_text: str | None
    saved: list[str]
    drafts: list[object]
    return_code: int | None


async def _confirm_while_failing(db: Path, failure: str) -> Outcome:
    make_failure, _ = FAILURES[failure]
    with Repository.open(db, busy_timeout=0.1) as repo:
        app = make_app(repo, review_reference=REFERENCE)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("f5")
            await pilot.pause()
            await pilot.press("s", "p")
            await pilot.pause()
            form = app.screen
            assert isinstance(form, PerspectiveForm)
            await pilot.press("tab", *SAID[:4])
            form.query_one("#f-text", TextArea).insert(SAID[4:])
            with make_failure(db, repo):
                await pilot.press("ctrl+s")  # confirmed at once, before the draft timer
                await pilot.pause()
            screen = app.screen
            text = (
                screen.query_one("#f-text", TextArea).text
                if isinstance(screen, PerspectiveForm)
                else None
            )
            outcome = Outcome(
                screen=type(screen).__name__,
                messages=[n.message for n in app._notifications],
                form_text=text,
                saved=[],
                drafts=[],
                return_code=None,
            )
        review = repo.get_review(REFERENCE)
        assert review.id is not None
        outcome.saved = [p.text for p in repo.perspectives(review.id)]
        outcome.drafts = [d.payload.get("text") for d in repo.drafts(review.id)]
    outcome.return_code = app.return_code
    return outcome


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Outcome]:
    """Each failure once (the application is slow to drive), shared by the tests below."""
    results = {}
    for failure in FAILURES:
        db = tmp_path_factory.mktemp(failure.replace(" ", "-")) / "workshop.db"
        with Repository.open(db) as repo:
            repo.create_review(workshop_review())
        results[failure] = asyncio.run(_confirm_while_failing(db, failure))
    return results


@pytest.mark.parametrize("failure", sorted(FAILURES))
def test_a_failed_save_is_explained_and_the_app_keeps_running(
    outcomes: dict[str, Outcome], failure: str
) -> None:
    outcome = outcomes[failure]
    assert outcome.saved == []  # not saved, and not half saved
    _, words = FAILURES[failure]
    assert any(words in message for message in outcome.messages), outcome.messages
    assert outcome.return_code in (None, 0)  # no crash


@pytest.mark.parametrize("failure", sorted(FAILURES))
def test_the_words_of_a_failed_save_are_not_lost(
    outcomes: dict[str, Outcome], failure: str
) -> None:
    outcome = outcomes[failure]
    kept = outcome.form_text == SAID or SAID in outcome.drafts
    assert kept, f"after {failure}: screen {outcome.screen}, drafts {outcome.drafts}"
