"""Start an app headless and report when its target screen is first painted.

Usage (run by bench/run.py, one process per measurement):

    python paint.py bare
    python paint.py bare-libraries
    python paint.py demo
    python paint.py chronology DB REFERENCE

``bare`` is the baseline: a Textual app with a Header, a Label and a Footer.
``bare-libraries`` is the same app after importing pydantic and click, the
libraries workshop-tui needs before it can show a review (informational: the
floor under the start-up figures).
``demo`` runs the real ``workshop-tui demo`` command. ``chronology`` runs the
real ``workshop-tui --db DB open REFERENCE`` command, sent to the chronology
screen instead of the screen the review's status would choose.

Every mode runs the same way: ``App.run`` forced headless at 120x40, and a hook
on ``App._display`` (called after every compositor refresh, with the update
already rendered to strips) that also turns the update into terminal escape
sequences, as a real terminal driver would, then checks whether the target is
on screen. The first time it is, the hook writes ``time.monotonic_ns()`` to the
file named by ``BENCH_OUT`` and exits the app. The parent subtracts the
monotonic time at which it started the process, so the figure is exec to paint,
interpreter start-up and imports included.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from typing import Any

from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header, Label

SIZE = (120, 40)

Target = Callable[[App[Any], Screen[Any]], bool]


def _report(**values: object) -> None:
    with open(os.environ["BENCH_OUT"], "w", encoding="utf-8") as handle:
        json.dump(values, handle)


def install_hooks(target: Target) -> None:
    """Record the first paint where ``target`` holds, then exit the app."""
    original_display = App._display
    original_run = App.run
    done = False

    def display(self: App[Any], screen: Screen[Any], renderable: Any) -> None:
        nonlocal done
        original_display(self, screen, renderable)
        if renderable is None or done:
            return
        render_segments = getattr(renderable, "render_segments", None)
        if render_segments is not None:
            render_segments(self.console)  # what the terminal driver would write
        if screen is self.screen and target(self, screen):
            done = True
            _report(paint_ns=time.monotonic_ns(), screen=type(screen).__name__)
            self.exit()

    def run(self: App[Any], **kwargs: Any) -> Any:
        kwargs.update(headless=True, size=SIZE)
        return original_run(self, **kwargs)

    App._display = display  # type: ignore[method-assign]
    App.run = run  # type: ignore[method-assign]


class BareApp(App[None]):
    """The baseline: the smallest app that looks like an app."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("Hello from a bare Textual app")
        yield Footer()


def _bare_painted(app: App[Any], screen: Screen[Any]) -> bool:
    return bool(screen.query(Footer))


def _review_painted(app: App[Any], screen: Screen[Any]) -> bool:
    from workshop_tui.ui.screens.base import ReviewScreen

    return isinstance(screen, ReviewScreen)


def table_row_count(screen: Screen[Any]) -> int:
    """How many rows the chronology table of ``screen`` holds (0 if none yet)."""
    from workshop_tui.ui.widgets.chronology_table import ChronologyTable

    tables = screen.query(ChronologyTable)
    return tables.first().row_count if tables else 0


def _chronology_painted(app: App[Any], screen: Screen[Any]) -> bool:
    if type(screen).__name__ != "ChronologyScreen":
        return False
    return table_row_count(screen) > 0


def open_reviews_on_chronology() -> None:
    """Send every review opened to the chronology screen, whatever its status would choose."""
    from workshop_tui.app import WorkshopApp

    original_open = WorkshopApp.open_review

    def open_chronology(self: WorkshopApp, review: Any, screen: str | None = None) -> None:
        original_open(self, review, "chronology")

    WorkshopApp.open_review = open_chronology  # type: ignore[method-assign]


def main(argv: list[str]) -> int:
    mode = argv[0]
    if mode in ("bare", "bare-libraries"):
        if mode == "bare-libraries":
            import click  # noqa: F401
            from pydantic import BaseModel  # noqa: F401
        install_hooks(_bare_painted)
        BareApp().run()
        return 0
    from workshop_tui.cli import main as cli

    if mode == "demo":
        install_hooks(_review_painted)
        cli.main(["demo"], standalone_mode=False)
        return 0
    if mode == "chronology":
        db, reference = argv[1], argv[2]
        open_reviews_on_chronology()
        install_hooks(_chronology_painted)
        cli.main(["--db", db, "open", reference], standalone_mode=False)
        return 0
    raise SystemExit(f"unknown mode {mode!r}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
