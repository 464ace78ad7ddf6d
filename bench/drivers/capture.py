"""Capture commit: ``Repository.add_perspective`` against a raw sqlite3 commit.

Usage: ``python capture.py FOLDER ITERATIONS`` (run by bench/run.py).

Both sides write to their own file database in FOLDER, in WAL mode with
``synchronous=FULL``, one committed row per capture. The two are interleaved
one operation at a time (ours then raw, then raw then ours, ...), so the disk's
mood at any moment falls on both. The Perspective model is built before the
clock starts: it is what the capture form hands over. Writes the median of each
side, in milliseconds, to the file named by ``BENCH_OUT``.
"""

from __future__ import annotations

import json
import os
import sqlite3
import statistics
import sys
import time
from pathlib import Path

from workshop_tui.domain.models import (
    Kloe,
    Participant,
    Perspective,
    PerspectiveKind,
    Review,
    ReviewData,
)
from workshop_tui.storage.repository import Repository

TEXT = (
    "The health visitor said she had raised the missed dental appointment twice but felt "
    "there was no route to escalate it while the case was open to children's social care; "
    "she did not know the family had moved until the school told her."
)

RAW_SCHEMA = """
CREATE TABLE perspective (
    id INTEGER PRIMARY KEY,
    review_id INTEGER NOT NULL,
    kloe_id INTEGER,
    participant_id INTEGER,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    entry_ids TEXT NOT NULL DEFAULT '[]',
    captured_at TEXT,
    deleted_at TEXT
)
"""


def main(folder: Path, iterations: int) -> None:
    repo = Repository.open(folder / "ours.db")
    review = repo.create_review(
        ReviewData(
            review=Review(reference="LR-BENCH-CAPTURE", title="Capture benchmark"),
            participants=[Participant(name="Seren Holloway", role="Health Visitor")],
            kloes=[Kloe(number=1, title="Cumulative risk")],
        )
    )
    assert review.id is not None
    kloe_id = repo.kloes(review.id)[0].id
    participant_id = repo.participants(review.id)[0].id

    raw = sqlite3.connect(folder / "raw.db", isolation_level=None)
    raw.execute("PRAGMA journal_mode=WAL")
    raw.execute("PRAGMA synchronous=FULL")
    raw.execute(RAW_SCHEMA)

    def ours() -> int:
        p = Perspective(
            kloe_id=kloe_id,
            participant_id=participant_id,
            kind=PerspectiveKind.INTERVENTION,
            text=TEXT,
        )
        start = time.perf_counter_ns()
        repo.add_perspective(review.id, p)
        return time.perf_counter_ns() - start

    def baseline() -> int:
        start = time.perf_counter_ns()
        raw.execute("BEGIN")
        raw.execute(
            "INSERT INTO perspective (review_id, kloe_id, participant_id, kind, text, "
            "entry_ids, captured_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (1, 1, 1, "intervention", TEXT, "[]", "2024-06-11T10:15:00"),
        )
        raw.execute("COMMIT")
        return time.perf_counter_ns() - start

    for _ in range(5):  # warm both files and code paths
        ours()
        baseline()
    ours_ns: list[int] = []
    base_ns: list[int] = []
    for i in range(iterations):
        if i % 2:
            base_ns.append(baseline())
            ours_ns.append(ours())
        else:
            ours_ns.append(ours())
            base_ns.append(baseline())
    repo.close()
    raw.close()
    with open(os.environ["BENCH_OUT"], "w", encoding="utf-8") as handle:
        json.dump(
            {
                "ours_ms": statistics.median(ours_ns) / 1e6,
                "baseline_ms": statistics.median(base_ns) / 1e6,
                "ops": iterations,
            },
            handle,
        )


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]))
