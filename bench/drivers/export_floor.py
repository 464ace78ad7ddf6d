"""The chronology's Word and Excel export against the library floor, in one process.

Usage: ``python export_floor.py FORMAT DB REFERENCE ROUNDS`` (run by bench/scaling_import.py).

FORMAT is ``docx`` or ``xlsx``. The review is loaded once (not timed). Each round
times, alternating: ours, ``exporters.render(data, "chronology", FORMAT)``; and the
floor, a bare script writing the same cells with the library alone: python-docx filling
one table made at its final size with the same rows (header row and cell texts, nothing
else, as the Word minutes' baseline), or openpyxl's
write-only workbook appending the same rows. The cells are those our document holds
(made by the exporter's own functions before timing), so the floor is what the library
costs for them. Reports the medians as ``ours_ms`` and ``baseline_ms``.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import statistics
import sys
import time
from pathlib import Path

from workshop_tui.exporters import render
from workshop_tui.exporters.chronology import entry_row
from workshop_tui.exporters.review_view import ReviewView
from workshop_tui.exporters.sheets import chronology_sheet
from workshop_tui.storage.repository import Repository

GENERATED = dt.datetime(2024, 6, 11, 9, 30)


def word_floor(cells: list[tuple[str, ...]], headers: list[str]) -> None:
    """A table at its final size, filled through the public API's quickest way (as the
    Word minutes' baseline in drivers/minutes.py)."""
    import docx

    document = docx.Document()
    table = document.add_table(rows=len(cells) + 1, cols=len(headers))
    rows = table.rows
    for cell, text in zip(rows[0].cells, headers, strict=True):
        cell.paragraphs[0].add_run(text)
    for row, values in zip(rows[1:], cells, strict=True):
        for cell, text in zip(row.cells, values, strict=True):
            cell.paragraphs[0].add_run(text)
    document.save(io.BytesIO())


def excel_floor(rows: list[tuple[object, ...]], headers: list[str]) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Merged chronology")
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    book.save(io.BytesIO())


def main(fmt: str, db: Path, reference: str, rounds: int) -> None:
    repo = Repository.open(db)
    review = repo.get_review(reference)
    assert review.id is not None
    data = repo.load_review(review.id)
    repo.close()
    if fmt == "docx":
        view = ReviewView(data)
        cells = [entry_row(view, e, full=True) for e in data.entries]
        headers = ["Date", "Time", "Agency", "Practitioner", "Event", "Outcome", "Analysis"]
        headers.append("Notes")

        def floor() -> None:
            word_floor(cells, headers)
    else:
        sheet = chronology_sheet(data)
        headers = [c.header for c in sheet.columns]

        def floor() -> None:
            excel_floor(sheet.rows, headers)

    ours_ms: list[float] = []
    floor_ms: list[float] = []
    for index in range(rounds):
        sides = [("ours", ours_ms), ("floor", floor_ms)]
        for side, times in sides if index % 2 == 0 else sides[::-1]:
            start = time.perf_counter()
            if side == "ours":
                render(data, "chronology", fmt, generated_at=GENERATED)
            else:
                floor()
            times.append((time.perf_counter() - start) * 1000)
    out = os.environ.get("BENCH_OUT")
    report = {
        "ours_ms": statistics.median(ours_ms),
        "baseline_ms": statistics.median(floor_ms),
        "entries": len(data.entries),
    }
    if out:
        Path(out).write_text(json.dumps(report), "utf-8")
    print(json.dumps(report))


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]), sys.argv[3], int(sys.argv[4]))
