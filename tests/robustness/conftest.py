"""Fixtures for the robustness tests: a small fictional review in a database file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from workshop_tui.domain.models import (
    Agency,
    ChronologyEntry,
    Kloe,
    Participant,
    Review,
    ReviewData,
)
from workshop_tui.storage.repository import Repository

from .harness import Zygote

REFERENCE = "LR-2099-07"
EVENTS = [
    "New birth visit; home cluttered, mother tired.",
    "Domestic incident reported by a neighbour.",
    "Strategy discussion held by phone.",
    "Strategy discussion: police and social care agreed a joint visit.",
    "Child arrived at school hungry; breakfast club offered.",
    "GP appointment missed; letter sent.",
]


def workshop_review(reference: str = REFERENCE) -> ReviewData:
    """Child V: invented, with people, two KLOEs and a short chronology."""
    agencies = ["health", "police", "social_care", "social_care", "school", "gp"]
    return ReviewData(
        review=Review(
            reference=reference,
            title="Learning Review: Child V",
            subject="Child V",
            period_start=dt.date(2098, 1, 1),
            period_end=dt.date(2099, 3, 31),
        ),
        agencies=[Agency(key=key, name=key.replace("_", " ").title()) for key in set(agencies)],
        participants=[
            Participant(name="Cora Wren", role="Health Visitor", agency="health"),
            Participant(name="Dev Marsh", role="Detective Sergeant", agency="police"),
        ],
        kloes=[
            Kloe(number=1, title="Cumulative risk", question="How was risk seen?", minutes=25),
            Kloe(number=2, title="Hearing the child", question="How was V heard?", minutes=20),
        ],
        entries=[
            ChronologyEntry(
                agency=agency,
                date=dt.date(2098, 2, 3 + i),
                event=event,
                source_file=f"chronologies/{agency}.csv",
                source_line=2 + i,
            )
            for i, (agency, event) in enumerate(zip(agencies, EVENTS, strict=True))
        ],
    )


@pytest.fixture
def db_path(tmp_db_path: Path) -> Path:
    """A database file holding the Child V review, closed, in a fresh data folder."""
    with Repository.open(tmp_db_path) as repo:
        repo.create_review(workshop_review())
    return tmp_db_path


@pytest.fixture
def zygote(tmp_path: Path) -> Iterator[Zygote]:
    """A warm interpreter forking repository children."""
    z = Zygote(tmp_path / "zygote.log")
    yield z
    z.close()


@pytest.fixture
def app_zygote(tmp_path: Path) -> Iterator[Zygote]:
    """A warm interpreter (Textual already imported) forking headless application children."""
    z = Zygote(tmp_path / "app-zygote.log", app=True)
    yield z
    z.close()
