"""A large chronology on its screen: loading the rest, then scrolling it, in process.

Usage: ``python chronology_scroll.py DB REFERENCE loaded`` or ``... scroll``
(run by bench/scaling_chronology.py).

Opens the review's chronology screen headless at 120x40 (``app.run_test``), as
``filter_keys.py`` does. ``loaded`` reports the time from the first paint of
the table's first rows to the moment every entry is in it (the rest is read in
a thread, in steps): the part of opening that grows with the chronology.
``scroll`` waits until every entry is in and the app has been idle a moment,
then sends Page Down 30 times, End, Page Up 10 times and Home, and for each key
measures from just before it is sent to the end of the first compositor refresh
that paints the table with the cursor moved (hooked at ``App._display``, turned
into terminal escape sequences as a real driver would); it reports the median.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

from paint import open_reviews_on_chronology
from textual.app import App
from textual.screen import Screen

from workshop_tui.app import make_app
from workshop_tui.storage.repository import Repository
from workshop_tui.ui.widgets.chronology_table import ChronologyTable

SIZE = (120, 40)
KEYS = ["pagedown"] * 30 + ["end"] + ["pageup"] * 10 + ["home"]
GAP_S = 0.05
TIMEOUT_S = 10.0


class Probe:
    """Notes the first compositor refresh after which ``wanted`` holds of the screen."""

    def __init__(self) -> None:
        self.wanted: Callable[[Screen[Any]], bool] | None = None
        self.painted_ns: int | None = None
        self.first_rows_ns: int | None = None

    def install(self) -> None:
        original = App._display
        probe = self

        def display(app: App[Any], screen: Screen[Any], renderable: Any) -> None:
            original(app, screen, renderable)
            if renderable is None:
                return
            render_segments = getattr(renderable, "render_segments", None)
            if render_segments is not None:
                render_segments(app.console)
            if probe.first_rows_ns is None:
                table = _table(screen)
                if table is not None and table.row_count > 0:
                    probe.first_rows_ns = time.monotonic_ns()
            if probe.wanted is not None and probe.painted_ns is None and probe.wanted(screen):
                probe.painted_ns = time.monotonic_ns()

        App._display = display  # type: ignore[method-assign]


def _table(screen: Screen[Any]) -> ChronologyTable | None:
    found = screen.query(ChronologyTable)
    return found.first() if found else None


async def measure(db: str, reference: str, mode: str) -> dict[str, object]:
    probe = Probe()
    probe.install()
    repo = Repository.open(db)
    app = make_app(repo, review_reference=reference)
    open_reviews_on_chronology()
    result: dict[str, object] = {}
    async with app.run_test(size=SIZE) as pilot:
        deadline = time.monotonic() + 300
        while True:
            table = _table(app.screen)
            if table is not None and table.row_count > 0 and not table.entries_loading:
                break
            if time.monotonic() > deadline:
                raise SystemExit("the chronology never finished loading")
            await asyncio.sleep(0.002)
        loaded_ns = time.monotonic_ns()
        assert probe.first_rows_ns is not None
        result["loaded_ms"] = (loaded_ns - probe.first_rows_ns) / 1e6
        result["entries"] = table.total_count
        if mode == "loaded":
            result["ms"] = result["loaded_ms"]
            return result
        await pilot.pause(1.0)
        table.focus()
        await pilot.pause(0.2)
        samples: list[float] = []
        for key in KEYS:
            before = table.cursor_row
            probe.wanted = lambda screen, before=before: (  # type: ignore[misc]
                (t := _table(screen)) is not None and t.cursor_row != before
            )
            probe.painted_ns = None
            start = time.monotonic_ns()
            await pilot.press(key)
            deadline = time.monotonic() + TIMEOUT_S
            while probe.painted_ns is None:
                if time.monotonic() > deadline:
                    raise SystemExit(f"no repaint after {key} within {TIMEOUT_S} s")
                await asyncio.sleep(0.001)
            samples.append((probe.painted_ns - start) / 1e6)
            probe.wanted = None
            await pilot.pause(GAP_S)
        result["ms"] = statistics.median(samples)
        result["samples"] = samples
    repo.close()
    return result


def main(argv: list[str]) -> None:
    db, reference, mode = argv
    result = asyncio.run(measure(db, reference, mode))
    with open(os.environ["BENCH_OUT"], "w", encoding="utf-8") as handle:
        json.dump(result, handle)


if __name__ == "__main__":
    main(sys.argv[1:])
