"""Duplicate linking against the plain sort of the same rows, in one process.

Usage: ``python linking.py SHAPE ROUNDS`` (run by bench/run.py); SHAPE is one of
``synth.shaped_entries``' shapes: ``busy`` (2 x 3,000 rows at one date and
time), ``large`` (100,000 rows over ten years), ``undated`` (100,000 rows, none
dated).

The entries are built before the clock starts. Each round times
``link_duplicates`` (which merges, then links) and ``sorted`` by the merged
order's key, alternating which goes first. Writes the median of each side, in
milliseconds, to the file named by ``BENCH_OUT``.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time

import synth

from workshop_tui.domain.chronology import link_duplicates, merge_key


def main(shape: str, rounds: int) -> None:
    entries = synth.shaped_entries(shape)
    ours: list[float] = []
    baseline: list[float] = []

    def link() -> None:
        started = time.perf_counter()
        link_duplicates(entries)
        ours.append((time.perf_counter() - started) * 1000)

    def sort() -> None:
        started = time.perf_counter()
        sorted(entries, key=merge_key)
        baseline.append((time.perf_counter() - started) * 1000)

    for index in range(rounds):
        for side in (link, sort) if index % 2 == 0 else (sort, link):
            side()
    report = {"ours_ms": statistics.median(ours), "baseline_ms": statistics.median(baseline)}
    with open(os.environ["BENCH_OUT"], "w", encoding="utf-8") as out:
        json.dump(report, out)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
