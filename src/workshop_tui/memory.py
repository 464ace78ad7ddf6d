"""Building many objects at once without the garbage collector's stalls."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while a large chronology is built.

    Tens of thousands of new entries (each with its own dicts and lists) set off
    repeated full collections that find nothing to free: entries form no cycles,
    so pausing leaks nothing, roughly halves the time to load 50,000 entries and
    spares the interface a third-of-a-second stall.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
