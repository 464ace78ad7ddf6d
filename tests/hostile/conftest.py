"""Shared by the hostile-input tests: a time bound, so a hang fails instead of stalling."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from types import FrameType

import pytest

HANG_SECONDS = 120
"""Far beyond what any case takes; only a hang reaches it."""


class Hang(AssertionError):
    """The code under test did not return within HANG_SECONDS."""


@pytest.fixture(autouse=True)
def no_hang() -> Iterator[None]:
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def alarm(signum: int, frame: FrameType | None) -> None:
        raise Hang(f"no answer after {HANG_SECONDS} s: a hang")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(HANG_SECONDS)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
