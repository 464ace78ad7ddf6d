"""Fixtures for the interface tests: a small fictional review in an in-memory database."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual import events

from workshop_tui.app import WorkshopApp, make_app
from workshop_tui.domain.clock import frozen_clock
from workshop_tui.domain.models import (
    Agency,
    ChronologyEntry,
    Draft,
    Kloe,
    Participant,
    Review,
    ReviewData,
)
from workshop_tui.storage.repository import Repository

FROZEN_AT = dt.datetime(2024, 5, 21, 10, 12, 40)
REFERENCE = "LR-2099-01"


def fictional_review() -> ReviewData:
    """Child Q: an invented review, small enough to read in a test."""
    return ReviewData(
        review=Review(
            reference=REFERENCE,
            title="Learning Review: Child Q",
            subject="Child Q",
            partnership="Fernmoor Children's Safeguarding Partnership",
            lead_reviewer="Ada Quill",
            note_taker="Bo Tern",
            period_start=dt.date(2098, 1, 1),
            period_end=dt.date(2099, 3, 31),
            workshop_date=dt.date(2099, 5, 21),
            location="Teams",
            terms_of_reference="To understand how agencies worked together for Child Q.",
        ),
        agencies=[
            Agency(key="police", name="Fernmoor Police"),
            Agency(key="health", name="Fernmoor Community Health"),
            Agency(key="school", name="Larkrise Primary School"),
        ],
        participants=[
            Participant(name="Cora Wren", role="Health Visitor", agency="health"),
            Participant(name="Dev Marsh", role="Detective Sergeant", agency="police"),
            Participant(name="Elin Frost", role="Designated Safeguarding Lead", agency="school"),
            Participant(name="Finn Sorrel", role="Social Worker", agency="social care"),
        ],
        kloes=[
            Kloe(
                number=1,
                title="Cumulative risk",
                question="How well did agencies see the build-up of risk?",
                prompts=["What was known at the time?", "What got in the way?"],
                minutes=25,
                period_start=dt.date(2098, 1, 1),
                period_end=dt.date(2098, 6, 30),
            ),
            Kloe(
                number=2,
                title="Hearing the child",
                question="How was Child Q's voice heard?",
                minutes=20,
                period_start=dt.date(2098, 7, 1),
            ),
        ],
        entries=[
            ChronologyEntry(
                agency="health",
                date=dt.date(2098, 2, 3),
                practitioner="Cora Wren",
                event="New birth visit; home cluttered, mother tired.",
                source_file="chronologies/health.csv",
                source_line=2,
            ),
            ChronologyEntry(
                agency="police",
                date=dt.date(2098, 4, 10),
                practitioner="Dev Marsh",
                event="Domestic incident reported by a neighbour.",
                source_file="chronologies/police.csv",
                source_line=2,
            ),
            ChronologyEntry(
                agency="school",
                date=dt.date(2098, 9, 14),
                practitioner="Elin Frost",
                event="Child Q arrived hungry; breakfast club offered.",
                source_file="chronologies/school.csv",
                source_line=2,
            ),
        ],
    )


def on_the_planned_day(data: ReviewData) -> ReviewData:
    """The review with its workshop planned for the frozen clock's day, so that starting
    the workshop asks nothing (the question for another day has its own tests)."""
    review = data.review.model_copy(update={"workshop_date": FROZEN_AT.date()})
    return data.model_copy(update={"review": review})


def review_id_of(repository: Repository) -> int:
    """The fictional review's id in ``repository``."""
    review = repository.get_review(REFERENCE)
    assert review.id is not None
    return review.id


def burst(app: WorkshopApp, keys: list[str]) -> None:
    """Keys sent at once: all of them wait in the app's queue before the first is read
    (as a fast typist's keys, a paste or a busy laptop deliver them)."""
    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else None))


def participant_named(repository: Repository, name: str) -> Participant:
    """Somebody on the fictional review's participant list."""
    return next(p for p in repository.participants(review_id_of(repository)) if p.name == name)


def keep_perspective_draft(repository: Repository, payload: dict[str, object]) -> None:
    """A perspective half typed on the first KLOE, kept as the debounce timer keeps it."""
    review_id = review_id_of(repository)
    kloe = repository.kloes(review_id)[0]
    repository.save_draft(review_id, Draft(form="perspective", kloe_id=kloe.id, payload=payload))


class SlowRepository:
    """The real repository, except that reading the whole chronology waits for a signal:
    the screen must show its first rows, and work, before the rest arrives."""

    def __init__(self, repository: Repository) -> None:
        self._repository = repository
        self.release = threading.Event()

    def __getattr__(self, name: str) -> object:
        return getattr(self._repository, name)

    def entries(self, review_id: int) -> list[ChronologyEntry]:
        assert self.release.wait(timeout=30), "the test never released the full load"
        return self._repository.entries(review_id)

    def entries_dated_page(self, review_id: int, offset: int, limit: int) -> list[ChronologyEntry]:
        assert self.release.wait(timeout=30), "the test never released the full load"
        return self._repository.entries_dated_page(review_id, offset, limit)


@pytest.fixture
def repository() -> Iterator[Repository]:
    repo = Repository.memory(clock=frozen_clock(FROZEN_AT))
    repo.create_review(on_the_planned_day(fictional_review()))
    yield repo
    repo.close()


@pytest.fixture
def app(repository: Repository, tmp_path: Path) -> WorkshopApp:
    # Exports go to a temporary folder, never the real Documents folder.
    return make_app(repository, clock=frozen_clock(FROZEN_AT), export_folder=tmp_path / "exports")
