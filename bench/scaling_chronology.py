"""Benchmark rows: the chronology screen at 10,000, 50,000 and 100,000 entries.

Registered by ``run.py`` (``build_scenarios``). Opening is exec to the table's first
rows painted (``drivers/paint.py chronology``), against the bare app; loading is the
rest of the chronology read into the table after that paint, and scrolling is Page
Down, End, Page Up and Home on the whole of it, key to repaint (``drivers/
chronology_scroll.py``), against one frame. Each kind also gets a row comparing
100,000 entries with 10,000, so the ratio 100k/10k is printed and held to a goal:
about 1 for opening (only the first rows are read before the paint; goal 2), at most 10
for loading (linear; goal 12, for noise), about 1 for scrolling (goal 2).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import synth

DRIVERS = Path(__file__).resolve().parent / "drivers"
FRAME_MS = 1000 / 60
SIZES = (10_000, 50_000, 100_000)


def scenarios(ws: Any, scenario: Any, run_child: Any, bare: Callable[[], Any]) -> list[Any]:
    """The rows, built with ``run.py``'s own ``Scenario`` and ``run_child``.

    Args:
        ws: The run's ``Workspace`` (``ws.database(size)``: a review of that many entries).
        scenario: ``run.Scenario``.
        run_child: ``run.run_child``.
        bare: The bare app's first paint (the start-up baseline).
    """
    import sys

    python = sys.executable

    def child(driver: str, size: int, *args: str) -> Callable[[], Any]:
        def measure() -> Any:
            db = ws.database(size)
            argv = [python, str(DRIVERS / driver), str(db), synth.pack_reference(size), *args]
            return run_child(argv, work=ws.root, timeout_s=600)

        return measure

    def opening(size: int) -> Callable[[], Any]:
        def measure() -> Any:
            db = ws.database(size)
            argv = [python, str(DRIVERS / "paint.py"), "chronology", str(db)]
            return run_child([*argv, synth.pack_reference(size)], work=ws.root)

        return measure

    rows: list[Any] = [
        scenario(
            "chronology open: 100,000 entries",
            3.0,
            opening(100_000),
            bare,
            runs=(2, 5),
            note="exec to the chronology screen painted with its first rows; baseline: bare app",
        ),
        scenario(
            "chronology open scaling: 100,000 vs 10,000 entries",
            2.0,
            opening(100_000),
            opening(10_000),
            runs=(2, 5),
            note="informational; the ratio is 100k/10k of exec to first rows painted (flat: "
            "only the first rows are read before the paint)",
        ),
    ]
    for size in SIZES:
        rows.append(
            scenario(
                f"chronology loaded: {size:,} entries",
                None,
                child("chronology_scroll.py", size, "loaded"),
                runs=(1, 3),
                warmup=False,
                note="informational; from the first rows painted to every entry in the table "
                "(read in a thread, in steps, while the screen is usable)",
            )
        )
    rows.append(
        scenario(
            "chronology loaded scaling: 100,000 vs 10,000 entries",
            12.0,
            child("chronology_scroll.py", 100_000, "loaded"),
            child("chronology_scroll.py", 10_000, "loaded"),
            runs=(1, 3),
            warmup=False,
            note="informational; the ratio is 100k/10k of the load after the first paint "
            "(linear growth would be 10)",
        )
    )
    for size in SIZES:
        rows.append(
            scenario(
                f"chronology scroll: {size:,} entries",
                2.0,
                child("chronology_scroll.py", size, "scroll"),
                baseline_constant=FRAME_MS,
                runs=(1, 3),
                warmup=False,
                note="median of 42 keys per run (Page Down x30, End, Page Up x10, Home) once "
                "every entry is in, key to table repainted; baseline: one frame (16.7 ms)",
            )
        )
    rows.append(
        scenario(
            "chronology scroll scaling: 100,000 vs 10,000 entries",
            2.0,
            child("chronology_scroll.py", 100_000, "scroll"),
            child("chronology_scroll.py", 10_000, "scroll"),
            runs=(1, 3),
            warmup=False,
            note="informational; the ratio is 100k/10k of the median key to repaint (flat: "
            "only the rows on screen are drawn)",
        )
    )
    return rows
