"""The chronology exported as CSV or Excel a row at a time from the database (issue 24).

The file must hold exactly what ``render`` writes from the whole review, be made
without the review's entries ever being loaded as a list, and keep the export targets'
checks (never over the open database).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from workshop_tui.domain.models import ChronologyEntry
from workshop_tui.exporters import chronology_file, render
from workshop_tui.services import Services
from workshop_tui.services.exports import TargetRefused
from workshop_tui.storage.repository import Repository

SAMPLE = Path(__file__).resolve().parents[2] / "sample_cases" / "child-r"
NOW = dt.datetime(2024, 3, 14, 9, 30)


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    opened = Services.open(tmp_path / "review.db", clock=lambda: NOW)
    opened.reviews.import_pack_streamed(SAMPLE)
    yield opened
    opened.close()


def review_id(services: Services) -> int:
    found = services.reviews.list_reviews()[0].id
    assert found is not None
    return found


def rows_of(content: bytes) -> list[tuple[object, ...]]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet = book.worksheets[0]
    found = [tuple(row) for row in sheet.iter_rows(values_only=True)]
    assert sheet.auto_filter.ref is not None
    return [*found, (sheet.title, sheet.auto_filter.ref)]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_streamed_chronology_is_the_rendered_one(
    services: Services, tmp_path: Path, fmt: str
) -> None:
    rid = review_id(services)
    target = tmp_path / f"chronology.{fmt}"
    assert services.exports.export_streamed(rid, "chronology", target) is not None
    expected = render(services.exports.load(rid), "chronology", fmt, generated_at=NOW)
    written = target.read_bytes()
    if fmt == "csv":
        assert written == expected
    else:
        assert rows_of(written) == rows_of(expected)
    assert target.stat().st_mode & 0o777 == 0o600


def test_the_export_takes_the_entries_one_at_a_time_never_the_whole_review(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rid = review_id(services)

    def refuse(*_: object) -> None:
        raise AssertionError("the whole chronology was loaded")

    monkeypatch.setattr(Repository, "entries", refuse)
    monkeypatch.setattr(Repository, "load_review", refuse)
    made = [0]
    row = chronology_file.chronology_row  # type: ignore[attr-defined]

    def counting(*args: object) -> tuple[object, ...]:
        made[0] += 1
        return row(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(chronology_file, "chronology_row", counting)
    iterate = Repository.iter_entries
    ahead: list[int] = []

    def spying(self: Repository, review: int) -> Iterator[ChronologyEntry]:
        for taken, entry in enumerate(iterate(self, review)):
            ahead.append(taken - made[0])  # entries taken but not yet made into a row
            yield entry

    monkeypatch.setattr(Repository, "iter_entries", spying)
    services.exports.export_streamed(rid, "chronology", tmp_path / "c.csv")
    assert len(ahead) == services.exports._repository.entry_count(rid) > 50
    assert max(ahead) == 0


def test_a_streamed_export_never_writes_over_a_database(services: Services, tmp_path: Path) -> None:
    """A database saved under a .csv name (a backup, say) is refused like the open one."""
    copy = tmp_path / "backup.csv"
    copy.write_bytes((tmp_path / "review.db").read_bytes())
    before = copy.read_bytes()
    with pytest.raises(TargetRefused):
        services.exports.export_streamed(review_id(services), "chronology", copy)
    assert copy.read_bytes() == before
    assert not list(tmp_path.glob(".backup.csv.*"))  # no temporary file left


def test_other_documents_and_word_are_not_streamed(services: Services, tmp_path: Path) -> None:
    rid = review_id(services)
    assert services.exports.export_streamed(rid, "chronology", tmp_path / "c.docx") is None
    assert services.exports.export_streamed(rid, "actions", tmp_path / "a.csv") is None
    assert not list(tmp_path.glob("[ac].*"))
