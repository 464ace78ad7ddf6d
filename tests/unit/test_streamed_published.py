"""The pseudonymised chronology written as CSV or Excel a row at a time (issue 24).

It must be the document the whole path makes (``Exports.export(..., pseudonymise=True)``:
the whole review pseudonymised and redacted, rendered, its whole text checked): the same
bytes, the same leaks (line, text, the text around), the same redactions in the review's
history, and the same refusal, with nothing written, when something still identifies.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import tracemalloc
from pathlib import Path

import pytest
from export_fixtures import rich_review
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from workshop_tui.domain.clock import frozen_clock
from workshop_tui.domain.models import ChronologyEntry, ReviewData
from workshop_tui.services.exports import Exports, LeaksRemain
from workshop_tui.storage.repository import Repository

CLOCK = frozen_clock(dt.datetime(2024, 6, 11, 9, 30))
FRAGMENTS = [
    "Visit by",
    "Priya Lennox",
    "Lennox",
    "Shannon Dray",
    "Dray",
    "Dan Okafor",
    "DOB 03/04/2015",
    "07700 900123",
    "LS1 4AB",
    "at Millbrook Primary School",
    "Corrow Health Centre",
    "jo@example.org",
    "\n",
    "seen",
    "Tannery Court",
]
texts = st.lists(st.sampled_from(FRAGMENTS), max_size=6).map(" ".join)


def _review(events: list[tuple[str, str, str]]) -> ReviewData:
    data = rich_review()
    data.entries += [
        ChronologyEntry(
            id=500 + i,
            agency="police",
            date=dt.date(2023, 3, 1 + i % 28),
            practitioner=practitioner,
            event=event,
            outcome=outcome,
            extra={"Note": outcome} if i % 3 == 0 else {},
        )
        for i, (practitioner, event, outcome) in enumerate(events)
    ]
    return data


def _outcome(export: object) -> tuple[object, ...]:
    try:
        rendered = export()  # type: ignore[operator]
    except LeaksRemain as found:
        message = str(found).replace(found.path.name, "FILE", 1)
        return ("refused", message, [str(r) for r in found.rendered.redactions])
    assert rendered is not None
    return (
        "written",
        [str(leak) for leak in rendered.leaks],
        [str(r) for r in rendered.redactions],
    )


def _cells(path: Path) -> list[list[object]]:
    sheet = load_workbook(io.BytesIO(path.read_bytes()), read_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    events=st.lists(st.tuples(texts, texts, texts), min_size=0, max_size=8),
    fmt=st.sampled_from(["csv", "xlsx"]),
    accept=st.booleans(),
)
def test_the_streamed_published_chronology_is_the_whole_one(
    events: list[tuple[str, str, str]],
    fmt: str,
    accept: bool,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    folder = tmp_path_factory.mktemp("published")
    with Repository.memory() as repo:
        review = repo.create_review(_review(events))
        assert review.id is not None
        exports = Exports(repo, CLOCK)
        whole, streamed = folder / f"whole.{fmt}", folder / f"streamed.{fmt}"
        expected = _outcome(
            lambda: exports.export(
                review.id, "chronology", whole, pseudonymise=True, accept_leaks=accept
            )
        )
        got = _outcome(
            lambda: exports.export_streamed(
                review.id, "chronology", streamed, pseudonymise=True, accept_leaks=accept
            )
        )
        assert got == expected
        assert whole.exists() == streamed.exists()
        if whole.exists():
            if fmt == "csv":
                assert streamed.read_bytes() == whole.read_bytes()
            else:
                assert _cells(streamed) == _cells(whole)
        history = [
            {k: v for k, v in json.loads(e.new or "{}").items() if k != "file"}
            for e in repo.audit_events(review.id)
            if e.change == "export"
        ]
        assert len(history) in (0, 2)
        assert history[: len(history) // 2] == history[len(history) // 2 :]


def test_the_published_chronology_holds_about_one_entry(tmp_path: Path) -> None:
    data = rich_review()
    data.entries += [
        ChronologyEntry(
            agency="police",
            date=dt.date(2023, 1 + i % 12, 1 + i % 28),
            event=f"Visit {i} by Priya Lennox: " + "words of the visit " * 60,
        )
        for i in range(1500)
    ]
    with Repository.memory() as repo:
        review = repo.create_review(data)
        assert review.id is not None
        exports = Exports(repo, CLOCK)
        target = tmp_path / "published.csv"
        peaks = []
        for export in (exports.export, exports.export_streamed):
            export(review.id, "chronology", target, pseudonymise=True, accept_leaks=True)
            tracemalloc.start()
            try:
                export(review.id, "chronology", target, pseudonymise=True, accept_leaks=True)
                peaks.append(tracemalloc.get_traced_memory()[1])
            finally:
                tracemalloc.stop()
    whole, streamed = peaks
    # The whole path held the review twice over and the document's text: 16 MB here.
    assert streamed < whole / 4, f"streamed {streamed:,}, whole {whole:,}"
