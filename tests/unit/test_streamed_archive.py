"""The archive written and read an entry at a time (issue 24).

Before, an archive export built the whole review, its dict and its JSON text in memory,
and an import read the whole file, parsed it whole and validated it whole (a 190 MB
archive needed more than 1.5 GB). Now the export writes each entry as it is read from
the database, and the import reads each entry as it comes; both hold about the largest
entry, and give the same bytes and the same review as before.
"""

from __future__ import annotations

import datetime as dt
import json
import tracemalloc
from pathlib import Path

import pytest
from export_fixtures import rich_review

from workshop_tui.domain.clock import frozen_clock
from workshop_tui.domain.models import ChronologyEntry, ReviewData
from workshop_tui.exporters.archive import archive_dict
from workshop_tui.services.exports import Exports
from workshop_tui.storage.repository import Repository

CLOCK = frozen_clock(dt.datetime(2024, 6, 11, 9, 30))
MANY = 3000


def _many_entries(data: ReviewData, count: int) -> ReviewData:
    data.entries += [
        ChronologyEntry(
            id=10_000 + i,
            agency="police",
            date=dt.date(2023, 1 + i % 12, 1 + i % 28),
            event=f"Visit {i}: " + "words of the visit " * 60,
            outcome="Seen",
        )
        for i in range(count)
    ]
    return data


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> tuple[Repository, int]:
    repo = Repository.open(tmp_path_factory.mktemp("archive") / "review.db")
    review = repo.create_review(_many_entries(rich_review(), MANY))
    assert review.id is not None
    return repo, review.id


def test_the_streamed_archive_is_the_bytes_of_the_whole_one(
    stored: tuple[Repository, int], tmp_path: Path
) -> None:
    repo, review_id = stored
    exports = Exports(repo, CLOCK)
    whole, streamed = tmp_path / "whole.json", tmp_path / "streamed.json"
    exports.export(review_id, "archive", whole, pseudonymise=False)
    assert exports.export_streamed(review_id, "archive", streamed) is not None
    assert streamed.read_bytes() == whole.read_bytes()
    data = repo.load_review(review_id)
    records = exports.publishing(review_id, data).records
    expected = json.dumps(archive_dict(data, CLOCK(), records), ensure_ascii=False, indent=2)
    assert streamed.read_text("utf-8") == expected + "\n"
    assert streamed.stat().st_mode & 0o777 == 0o600


def test_an_archive_export_holds_about_one_entry_not_the_chronology(
    stored: tuple[Repository, int], tmp_path: Path
) -> None:
    repo, review_id = stored
    exports = Exports(repo, CLOCK)
    target = tmp_path / "review.json"
    exports.export_streamed(review_id, "archive", target)  # warm: imports, caches
    tracemalloc.start()
    try:
        exports.export_streamed(review_id, "archive", target)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    size = target.stat().st_size
    assert size > 3_000_000
    # The whole export held about three times the file; this, the fetch of a few
    # hundred rows at a time (about 2 MB here, whatever the chronology).
    assert peak < size / 2, f"peak {peak:,} for an archive of {size:,} bytes"
