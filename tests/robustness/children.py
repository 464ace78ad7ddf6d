"""Child processes for the robustness tests: run as a script, never collected by pytest.

``python children.py zygote APP`` imports workshop-tui once (the application too
when APP is ``app``) and then forks a child per line read on standard input:

    fork JOB SEED ARGS...   ->  "pid N" (the child then runs JOB and reports as it goes)
    reap N                  ->  "reaped N" once child N is dead and collected
    quit

Forking from a warm process makes each child cost milliseconds instead of a
fresh interpreter. Nothing is open in the zygote when it forks: every child
opens its own database connection. Every line is written with one
``os.write``, after the call it reports on has returned, so a line the parent
reads is a promise the database must keep.
"""

from __future__ import annotations

import asyncio
import os
import random
import sys
from collections.abc import Callable

from workshop_tui.domain.models import (
    Attendance,
    ChronologyEntry,
    Draft,
    EntryFlag,
    Perspective,
    Review,
    ReviewData,
)
from workshop_tui.storage.repository import Repository

WORDS = ["the", "referral", "sat", "in", "a", "queue", "while", "health", "visitor", "waited"]
BIG_REVIEW_ENTRIES = 300


def say(line: str) -> None:
    """One line to the parent, in a single write (atomic on a pipe below 4 KB)."""
    os.write(1, (line.replace("\n", " ") + "\n").encode())


def sentence(rng: random.Random, tag: str) -> str:
    return f"{tag} " + " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 40)))


def big_review(reference: str) -> ReviewData:
    import datetime as dt

    start = dt.date(2023, 1, 1)
    return ReviewData(
        review=Review(reference=reference, title="Killed mid-import?"),
        entries=[
            ChronologyEntry(
                agency="police",
                date=start + dt.timedelta(days=i % 300),
                event=f"entry {i} of a review that is all there or not at all",
                source_file="chronologies/police.csv",
                source_line=i + 2,
            )
            for i in range(BIG_REVIEW_ENTRIES)
        ],
    )


# --------------------------------------------------------------------- jobs


def job_capture(seed: int, db: str, review_id: str, entry_id: str) -> None:
    """Capture, save drafts, import whole reviews and flag entries until killed."""
    rng = random.Random(seed)
    repo = Repository.open(db)
    rid, eid = int(review_id), int(entry_id)
    say("ready")
    n = 0
    while True:
        n += 1
        tag = f"s{seed}n{n}"
        roll = rng.random()
        say("begin")  # a kill after this line and before the next lands inside the call
        if roll < 0.6:
            p = repo.add_perspective(rid, Perspective(text=sentence(rng, tag)))
            say(f"capture {p.id} {p.text}")
        elif roll < 0.85:
            text = sentence(rng, tag)
            repo.save_draft(rid, Draft(form="perspective", payload={"text": text, "n": n}))
            say(f"draft {seed} {n} {text}")
        elif roll < 0.93:
            review = repo.create_review(big_review(f"K-{tag}"))
            say(f"review {review.reference}")
        else:
            flags = rng.sample(list(EntryFlag), rng.randint(0, 3))
            repo.set_entry_flags(eid, flags)
            say("flags")


def job_writer(seed: int, db: str, review_id: str, entries: str, count: str, role: str) -> None:
    """One of two instances writing at once: captures, flags, fixes, links, attendance."""
    rng = random.Random(seed)
    repo = Repository.open(db)
    rid = int(review_id)
    entry_ids = [int(e) for e in entries.split(",")]
    person = repo.participants(rid)[0]
    assert person.id is not None
    say("ready")
    for i in range(int(count)):
        roll = rng.random()
        if roll < 0.4:
            p = repo.add_perspective(rid, Perspective(text=f"{role}-{i} said something"))
            say(f"capture {p.id} {p.text}")
        elif roll < 0.55:
            repo.set_entry_flags(entry_ids[0], rng.sample(list(EntryFlag), rng.randint(0, 3)))
        elif roll < 0.7:
            repo.fix_entry(entry_ids[1], event=f"{role}-{i} corrected the wording")
        elif roll < 0.8:
            repo.link_entries(rng.sample(entry_ids[2:], 2))
        elif roll < 0.9:
            repo.set_attendance(person.id, rng.choice(list(Attendance)))
        elif role == "renamer":
            current = repo.participants(rid)[0]
            repo.save_participant(rid, current.model_copy(update={"name": f"Name {i:04d}"}))
            say(f"renamed Name {i:04d}")
        else:
            repo.load_review(rid)
    say("done")


def job_reader(seed: int, db: str, review_id: str, count: str) -> None:
    """A second instance that only reads while the first writes."""
    repo = Repository.open(db)
    rid = int(review_id)
    say("ready")
    for _ in range(int(count)):
        data = repo.load_review(rid)
        say(f"seen {len(data.perspectives)} {len(data.entries)}")
    say("done")


def job_app(seed: int, db: str, reference: str, hold_at: str = "-1") -> None:
    """The application itself, headless, capturing through its keys until killed.

    With ``hold_at`` N >= 0, the first draft reported as the N-th line or later (after
    "ready") is held there, words in the form, until the parent kills the child: the kill
    lands "the moment a draft is saved" however loaded the machine, not after a ctrl+s
    that the child raced on to (which now stores the capture and drops its draft at once).
    """
    asyncio.run(_drive_app(seed, db, reference, int(hold_at)))


async def _drive_app(seed: int, db: str, reference: str, hold_at: int = -1) -> None:
    from textual.widgets import TextArea

    from workshop_tui.app import make_app
    from workshop_tui.ui.screens.capture import DraftOfferDialog, PerspectiveForm, draft_preview
    from workshop_tui.ui.screens.workshop import WorkshopScreen

    rng = random.Random(seed)
    repo = Repository.open(db)
    review = repo.get_review(reference)
    assert review.id is not None
    app = make_app(repo, review_reference=reference)
    app.draft_delay = 0.02
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        # A draft left by the child killed before this one is offered back at once.
        while isinstance(app.screen, DraftOfferDialog):
            dialog = app.screen
            say(f"offered {dialog.draft.payload.get('text', '')}")
            say(f"preview {draft_preview(dialog.draft)}")
            await pilot.press("d")  # the parent has checked it; start afresh
            await pilot.pause()
        if not isinstance(app.screen, WorkshopScreen):
            await pilot.press("f5")
            await pilot.pause()
        if repo.get_review(reference).status != "in workshop":
            await pilot.press("s")
            await pilot.pause()
        say("ready")
        said = 0
        n = 0
        while True:
            n += 1
            text = sentence(rng, f"a{seed}n{n}")
            await pilot.press("p")
            await pilot.pause()
            form = app.screen
            assert isinstance(form, PerspectiveForm), type(form)
            await pilot.press("tab")  # speaker -> what they said
            # The first words typed key by key, the rest inserted as a paste would be (each
            # key costs the headless Pilot ~70 ms).
            head, rest = text[:3], text[3:]
            await pilot.press(*head)
            form.query_one("#f-text", TextArea).insert(rest)
            await pilot.pause()
            if rng.random() < 0.5:
                form.save_draft_now()
            else:
                for _ in range(200):  # let the debounce timer save it
                    if any(d.payload.get("text") == text for d in repo.drafts(review.id)):
                        break
                    await pilot.pause(0.01)
            typed = form.query_one("#f-text", TextArea).text
            if any(d.payload.get("text") == typed for d in repo.drafts(review.id)):
                say(f"draft {typed}")
                said += 1
                if 0 <= hold_at <= said:
                    await asyncio.Event().wait()  # until the parent's SIGKILL
            await pilot.press("ctrl+s")
            await pilot.pause()
            stored = [p for p in repo.perspectives(review.id) if p.text == typed]
            if stored:
                say(f"capture {stored[0].id} {typed}")
                said += 1


def job_import(seed: int, db: str, pack: str) -> None:
    """Import the case pack as the command line does (read, link, one create), until killed."""
    from pathlib import Path

    from workshop_tui.importers.pack import read_pack

    repo = Repository.open(db)
    say("ready")
    n = 0
    while True:
        n += 1
        data = read_pack(Path(pack)).data
        data.review.reference = f"I-s{seed}n{n}"
        say("begin")
        review = repo.create_review(data)
        say(f"review {review.reference}")


def job_capture_only(seed: int, db: str, review_id: str) -> None:
    """Nothing but captures, each reported once add_perspective has returned."""
    rng = random.Random(seed)
    repo = Repository.open(db)
    rid = int(review_id)
    say("ready")
    n = 0
    while True:
        n += 1
        say("begin")
        p = repo.add_perspective(rid, Perspective(text=sentence(rng, f"c{seed}n{n}")))
        say(f"capture {p.id} {p.text}")


def job_export(seed: int, db: str, reference: str, folder: str, stamp: str) -> None:
    """Write every spreadsheet and document export over the same files, again and again."""
    import datetime as dt
    from pathlib import Path

    from workshop_tui.exporters import export_to_path

    repo = Repository.open(db)
    review_id = repo.get_review(reference).id
    assert review_id is not None
    data = repo.load_review(review_id)
    generated_at = dt.datetime.fromisoformat(stamp)
    say("ready")
    while True:
        for document, name in EXPORTS:
            say("begin")
            export_to_path(data, document, Path(folder) / name, generated_at=generated_at)
            say(f"exported {name}")


EXPORTS = (
    ("minutes", "minutes.docx"),
    ("chronology", "chronology.xlsx"),
    ("chronology", "chronology.csv"),
    ("actions", "actions.xlsx"),
    ("minutes", "minutes.md"),
)
"""(document, file name) written by ``job_export``."""


JOBS: dict[str, Callable[..., None]] = {
    "capture": job_capture,
    "writer": job_writer,
    "reader": job_reader,
    "app": job_app,
    "import": job_import,
    "capture-only": job_capture_only,
    "export": job_export,
}


# ------------------------------------------------------------------- zygote


def zygote(warm_app: bool) -> None:
    if warm_app:
        # Import once, before forking, so no child pays for it.
        import workshop_tui.app
        import workshop_tui.ui.screens.workshop  # noqa: F401
    say("zygote")
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        if words[0] == "quit":
            break
        if words[0] == "reap":
            pid = int(words[1])
            os.waitpid(pid, 0)
            say(f"reaped {pid}")
            continue
        if words[0] == "fork":
            job, seed, args = words[1], int(words[2]), words[3:]
            pid = os.fork()
            if pid == 0:
                status = 0
                try:
                    JOBS[job](seed, *args)
                except BaseException as error:  # report, so the parent can show it
                    say(f"error {type(error).__name__}: {error}")
                    status = 1
                finally:
                    os._exit(status)
            say(f"pid {pid}")


if __name__ == "__main__":
    zygote(warm_app=sys.argv[1:] == ["zygote", "app"])
