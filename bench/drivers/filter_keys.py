"""Filter keystroke to repaint on the chronology screen, in process, through Pilot.

Usage: ``python filter_keys.py DB REFERENCE`` or ``python filter_keys.py bare``
(run by bench/run.py).

Opens the review's chronology screen headless at 120x40 (``app.run_test``),
waits until the rows are painted and the app has been idle for a moment (as a
chair would look before typing), focuses the search box and types a sequence
of keys: a word letter by letter, back to nothing with backspace (each one
widening the match again, the expensive direction), then two words. For each
key it measures from just before the key is sent to the end of the first
compositor refresh that paints the table with that key's filter in force
(hooked at ``App._display``, the update already rendered to strips, then turned
into terminal escape sequences as a real driver would). Writes the median and
every sample, in milliseconds, to the file named by ``BENCH_OUT``.

``bare`` types the same keys into a bare Textual app (Header, Input, Label
echoing the value, Footer), measured the same way: the floor that Textual's
own key handling and refresh timer set, for context.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import sys
import time
from typing import Any

from paint import open_reviews_on_chronology
from textual import on
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Label

from workshop_tui.app import make_app
from workshop_tui.storage.repository import Repository

SIZE = (120, 40)
KEYS = (
    list("neglect") + ["backspace"] * 7 + list("school coat") + ["backspace"] * 4 + list("hungry")
)
GAP_S = 0.08
"""Pause between keys: a quick typist, and time for any deferred work to settle."""
TIMEOUT_S = 10.0


class Probe:
    """Watches every compositor refresh for the table painted with a given filter text."""

    def __init__(self) -> None:
        self.waiting_for: str | None = None
        self.painted_ns: int | None = None

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
            if probe.waiting_for is None or probe.painted_ns is not None:
                return
            if _applied_text(screen) == probe.waiting_for:
                probe.painted_ns = time.monotonic_ns()

        App._display = display  # type: ignore[method-assign]


class BareApp(App[None]):
    """The floor: an Input whose every change updates a Label."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(id="chronology-text")
        yield Label("", id="echo")
        yield Footer()

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        self.query_one("#echo", Label).update(event.value)


def _applied_text(screen: Screen[Any]) -> str | None:
    """The text whose result is on screen: the table's filter, or the bare app's echo."""
    table = _table(screen)
    if table is not None:
        return str(table.filter.text)
    echo = screen.query("#echo")
    return str(echo.first(Label).content) if echo else None


def _rows_shown(app: App[Any]) -> bool:
    if isinstance(app, BareApp):
        return bool(app.screen.query("#echo"))
    table = _table(app.screen)
    # A large chronology paints its first rows, then reads the rest in a thread: type
    # only once every entry is in, so that each key filters the whole chronology.
    loading = bool(getattr(app.screen, "entries_loading", False))
    return table is not None and table.row_count > 0 and not loading


def _table(screen: Screen[Any]) -> Any:
    from workshop_tui.ui.widgets.chronology_table import ChronologyTable

    found = screen.query(ChronologyTable)
    return found.first() if found else None


async def measure(db: str | None, reference: str | None) -> list[float]:
    probe = Probe()
    probe.install()
    repo = None
    if db is None or reference is None:
        app: App[Any] = BareApp()
    else:
        repo = Repository.open(db)
        app = make_app(repo, review_reference=reference)
        open_reviews_on_chronology()
    samples: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        deadline = time.monotonic() + 120
        while True:
            if _rows_shown(app):
                break
            if time.monotonic() > deadline:
                raise SystemExit("the chronology screen never showed its rows")
            await pilot.pause(0.05)
        await pilot.pause(1.0)
        search = app.screen.query_one("#chronology-text", Input)
        search.focus()
        await pilot.pause(0.2)
        text = search.value
        for key in KEYS:
            text = text[:-1] if key == "backspace" else text + key
            probe.waiting_for = text
            probe.painted_ns = None
            start = time.monotonic_ns()
            await pilot.press(key)
            deadline = time.monotonic() + TIMEOUT_S
            while probe.painted_ns is None:
                if time.monotonic() > deadline:
                    raise SystemExit(f"no repaint with the filter {text!r} after {TIMEOUT_S} s")
                await asyncio.sleep(0.001)
            samples.append((probe.painted_ns - start) / 1e6)
            probe.waiting_for = None
            await pilot.pause(GAP_S)
    if repo is not None:
        repo.close()
    return samples


def main(argv: list[str]) -> None:
    if argv == ["bare"]:
        samples = asyncio.run(measure(None, None))
    else:
        samples = asyncio.run(measure(argv[0], argv[1]))
    with open(os.environ["BENCH_OUT"], "w", encoding="utf-8") as handle:
        json.dump({"ms": statistics.median(samples), "samples": samples}, handle)


if __name__ == "__main__":
    main(sys.argv[1:])
