"""Nothing lost: SIGKILL at random moments, during writes too, never loses a confirmed capture.

A child process captures through the real code (the repository; then the
application itself, headless, through its keys) and prints what it confirmed
once each call has returned. The test kills it at a random moment and then
checks the file: ``PRAGMA integrity_check`` is ok, every confirmed capture is
there, a whole-review import is all there or not at all, and the draft that
was being typed is still there to be offered back.
"""

from __future__ import annotations

import random
import signal
import sqlite3
from pathlib import Path

import pytest
from textual.widgets import TextArea

from workshop_tui.app import make_app
from workshop_tui.storage.repository import Repository
from workshop_tui.ui.screens.capture import DraftOfferDialog, PerspectiveForm

from .children import BIG_REVIEW_ENTRIES
from .conftest import REFERENCE
from .harness import Zygote, integrity

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL and fork")

REPOSITORY_KILLS = 60
APP_KILLS = 6


def _kill_at_random(zygote: Zygote, pid: int, rng: random.Random) -> list[str]:
    """Let the child work for a random while (a few confirmations, a little more), then kill it."""
    zygote.until(lambda line: line == "ready", 60)
    seen: list[str] = []
    for _ in range(rng.randint(0, 12)):
        line = zygote.next(5)
        assert line is not None, "the child stopped reporting"
        seen.append(line)
    # A random extra moment: the kill lands inside the next write as often as not.
    seen.extend(zygote.lines.drain(rng.uniform(0, 0.01)))
    zygote.pending.extend(seen)
    return zygote.kill(pid)


def test_sigkill_of_the_repository_loses_no_confirmed_capture(
    db_path: Path, zygote: Zygote
) -> None:
    with Repository.open(db_path) as repo:
        review = repo.get_review(REFERENCE)
        assert review.id is not None
        entry_id = repo.entries(review.id)[0].id
    rng = random.Random(20240521)
    confirmed: dict[int, str] = {}
    reviews: set[str] = set()
    survived = mid_write = 0
    for seed in range(REPOSITORY_KILLS):
        pid = zygote.fork("capture", seed, db_path, review.id, entry_id)
        lines = _kill_at_random(zygote, pid, rng)
        mid_write += bool(lines) and lines[-1] == "begin"
        last_draft: tuple[int, str] | None = None
        for line in lines:
            kind, _, rest = line.partition(" ")
            if kind == "capture":
                item_id, _, text = rest.partition(" ")
                confirmed[int(item_id)] = text
            elif kind == "draft":
                _, number, text = rest.split(" ", 2)
                last_draft = (int(number), text)
            elif kind == "review":
                reviews.add(rest)

        assert integrity(db_path) == "ok", f"kill {seed}"
        with Repository.open(db_path) as repo:
            stored = {p.id: p.text for p in repo.perspectives(review.id)}
            missing = {i: t for i, t in confirmed.items() if stored.get(i) != t}
            assert not missing, f"kill {seed}: confirmed captures lost: {missing}"
            # The import of a whole review is one transaction: all of it, or none.
            for other in repo.list_reviews():
                if other.reference != REFERENCE:
                    assert other.id is not None
                    assert len(repo.entries(other.id)) == BIG_REVIEW_ENTRIES, other.reference
            present = {r.reference for r in repo.list_reviews()}
            assert reviews <= present, f"kill {seed}: imported reviews lost"
            if last_draft is not None:
                (draft,) = repo.drafts(review.id)
                n, text = last_draft
                # That draft, or one saved after it whose line the kill cut off.
                saved_n = draft.payload["n"]
                assert isinstance(saved_n, int) and saved_n >= n
                if saved_n == n:
                    assert draft.payload["text"] == text
                else:
                    assert str(draft.payload["text"]).startswith(f"s{seed}n")
        survived += 1

    assert survived == REPOSITORY_KILLS
    assert len(confirmed) > REPOSITORY_KILLS  # the kills did not all land before any write
    assert mid_write > 0  # and kills landed inside one (most do; how many varies)
    with Repository.open(db_path) as repo:  # and the file still takes new work
        assert repo.perspectives(review.id)
    print(
        f"\nrepository path: {survived}/{REPOSITORY_KILLS} kills survived ({mid_write} inside a "
        f"write call); {len(confirmed)} confirmed captures, {len(reviews)} whole imports present"
    )


def _has_text(db_path: Path, table: str, prefix: str) -> bool:
    conn = sqlite3.connect(db_path)
    try:
        column = "payload" if table == "draft" else "text"
        rows = conn.execute(f"SELECT {column} FROM {table}").fetchall()
    finally:
        conn.close()
    return any(prefix in row[0] for row in rows)


async def test_sigkill_of_the_application_mid_draft(db_path: Path, app_zygote: Zygote) -> None:
    rng = random.Random(7)
    confirmed: dict[int, str] = {}
    expect_offer: str | None = None
    offers_seen = kills_mid_draft = 0
    survived = 0
    for seed in range(APP_KILLS):
        # Two kills in three come the moment a draft is saved, words still in the form;
        # the others at a random moment (typing, saving, between captures).
        mid_draft = seed == APP_KILLS - 1 or seed % 3 != 1
        wanted = rng.randint(0, 2)
        # Mid-draft, the child holds at the draft this loop stops at (see job_app).
        pid = app_zygote.fork("app", seed, db_path, REFERENCE, wanted if mid_draft else -1)
        _, before = app_zygote.until(lambda line: line == "ready", 60)
        offered = [line.split(" ", 1)[1] for line in before if line.startswith("offered ")]
        if expect_offer is not None:
            # The draft the last child was typing was offered back by this one, at once.
            assert offered == [expect_offer], f"kill {seed}: draft not offered back"
            offers_seen += 1
        seen: list[str] = []
        while len(seen) < wanted or (mid_draft and not (seen and seen[-1].startswith("draft "))):
            line = app_zygote.next(30)
            assert line is not None, "the application stopped reporting"
            seen.append(line)
        app_zygote.pending.extend(seen)
        if not mid_draft:
            app_zygote.pending.extend(app_zygote.lines.drain(rng.uniform(0, 0.3)))
        kills_mid_draft += mid_draft
        lines = app_zygote.kill(pid)

        last_draft: str | None = None
        for line in lines:
            kind, _, rest = line.partition(" ")
            if kind == "capture":
                item_id, _, text = rest.partition(" ")
                confirmed[int(item_id)] = text
                last_draft = None
            elif kind == "draft":
                last_draft = rest
        assert integrity(db_path) == "ok", f"kill {seed}"
        with Repository.open(db_path) as repo:
            review = repo.get_review(REFERENCE)
            assert review.id is not None
            stored = {p.id: p.text for p in repo.perspectives(review.id)}
            missing = {i: t for i, t in confirmed.items() if stored.get(i) != t}
            assert not missing, f"kill {seed}: confirmed captures lost: {missing}"
            drafts = repo.drafts(review.id)
        if last_draft is not None:
            # Kept as a draft, or saved (ctrl+s had committed; its line was cut off).
            assert _has_text(db_path, "draft", last_draft) or _has_text(
                db_path, "perspective", last_draft
            ), f"kill {seed}: the draft being typed was lost"
        expect_offer = str(drafts[0].payload.get("text", "")) if drafts else None
        survived += 1

    assert survived == APP_KILLS
    assert expect_offer is not None
    assert offers_seen >= 1
    # The last kill was mid-draft: the application offers it back, and reopening it
    # puts every word back in the form.
    with Repository.open(db_path) as repo:
        app = make_app(repo, review_reference=REFERENCE)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, DraftOfferDialog)
            await pilot.press("enter")
            await pilot.pause()
            form = app.screen
            assert isinstance(form, PerspectiveForm)
            assert form.query_one("#f-text", TextArea).text == expect_offer
    print(
        f"\napplication path: {survived}/{APP_KILLS} kills survived ({kills_mid_draft} the moment "
        f"a draft was saved); {len(confirmed)} confirmed captures present; the draft offered "
        f"back after {offers_seen + 1} kills"
    )
