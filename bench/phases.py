"""Where start-up time goes: one headless start, with a timestamp at each phase.

    .venv/bin/python bench/phases.py bare
    .venv/bin/python bench/phases.py demo
    .venv/bin/python bench/phases.py chronology DB REFERENCE

Runs ``drivers/paint.py`` in a child process (exactly as the benchmark does)
with marks added at: imports done, ``App.run`` called, the app mounted, the
review screen composed and mounted, first paint, target painted. Times are
from just before the child was started. For finding what to fix, not for
reporting: use ``run.py`` for figures.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent

CHILD = r"""
import os, sys, time
START = int(os.environ["PHASES_START_NS"])
def mark(label):
    print(f"{(time.monotonic_ns() - START) / 1e6:9.1f} ms  {label}", file=sys.stderr, flush=True)
mark("interpreter started")
sys.path.insert(0, os.environ["PHASES_DRIVERS"])
import paint
from textual.app import App
from textual.screen import Screen
mark("textual imported")
original_run = App.run
def run(self, **kwargs):
    mark("App.run called (pack read, database open, app built)")
    return original_run(self, **kwargs)
App.run = run
original_compose = Screen._compose
async def compose(self):
    mark(f"{type(self).__name__}: compose starts")
    await original_compose(self)
    mark(f"{type(self).__name__}: compose done")
Screen._compose = compose
original_mount = Screen._on_mount
def on_mount(self, event):
    mark(f"{type(self).__name__}: mounted")
    return original_mount(self, event)
Screen._on_mount = on_mount
original_display = App._display
seen = set()
def display(self, screen, renderable):
    if renderable is not None and type(screen).__name__ not in seen:
        seen.add(type(screen).__name__)
        mark(f"{type(screen).__name__}: first paint")
    original_display(self, screen, renderable)
App._display = display
paint.main(sys.argv[1:])
"""


def main(argv: list[str]) -> int:
    with tempfile.TemporaryDirectory(prefix="workshop-tui-phases-") as work:
        report = Path(work) / "report.json"
        env = dict(os.environ)
        env.update(
            BENCH_OUT=str(report),
            TMPDIR=work,
            PHASES_DRIVERS=str(BENCH / "drivers"),
            PYTHONPATH=str(BENCH),
            PYTHONPYCACHEPREFIX=str(Path(tempfile.gettempdir()) / "workshop-tui-phases-pycache"),
        )
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # as run.py: byte code cached
        start = time.monotonic_ns()
        env["PHASES_START_NS"] = str(start)
        subprocess.run(
            [sys.executable, "-c", CHILD, *argv],
            env=env,
            cwd=work,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        painted = json.loads(report.read_text("utf-8"))["paint_ns"]
        print(f"{(painted - start) / 1e6:9.1f} ms  target painted (the benchmark's figure)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
