"""Pathological shapes against their plain twins, in process (issue 24).

Usage: ``python shapes.py xlsx|docx ROUNDS`` (run by bench/run.py).

``xlsx``: a 3-row workbook declaring ``A1:XFD1048576`` as its used range (ours)
against the same workbook declaring ``A1:C4`` (baseline), each read by
``read_xlsx``. ``docx``: a 3,000-row Word table whose Agency column is merged down
every row (ours) against the same table unmerged (baseline), each read by
``read_docx``. The two alternate, after one unrecorded warm-up each; the medians go
to the file named by ``BENCH_OUT`` as ``ours_ms`` and ``baseline_ms``.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import hostile_shapes as shapes

from workshop_tui.importers.docx_reader import read_docx
from workshop_tui.importers.xlsx_reader import read_xlsx


def timed(read: Callable[[], object]) -> float:
    start = time.perf_counter_ns()
    read()
    return (time.perf_counter_ns() - start) / 1e6


def main(kind: str, rounds: int) -> None:
    if kind == "xlsx":
        hostile = shapes.workbook(3, shapes.WHOLE_SHEET)
        plain = shapes.workbook(3, "A1:C4")

        def ours() -> object:
            return read_xlsx(hostile, "police.xlsx", "police")

        def baseline() -> object:
            return read_xlsx(plain, "police.xlsx", "police")
    else:
        merged = shapes.merged_docx(3_000)
        unmerged = shapes.merged_docx(3_000, merged=False)

        def ours() -> object:
            return read_docx(merged, "police.docx", "police")

        def baseline() -> object:
            return read_docx(unmerged, "police.docx", "police")

    ours()
    baseline()
    ours_ms: list[float] = []
    base_ms: list[float] = []
    for i in range(rounds):
        if i % 2:
            base_ms.append(timed(baseline))
            ours_ms.append(timed(ours))
        else:
            ours_ms.append(timed(ours))
            base_ms.append(timed(baseline))
    with open(os.environ["BENCH_OUT"], "w", encoding="utf-8") as handle:
        json.dump(
            {"ours_ms": statistics.median(ours_ms), "baseline_ms": statistics.median(base_ms)},
            handle,
        )


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
