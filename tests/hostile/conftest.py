"""Shared by the hostile-input tests: a time bound, so a hang fails instead of stalling."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from types import FrameType

import pytest

HANG_SECONDS = 120
"""Far beyond the CPU time any case takes; only a hang reaches it."""

STALL_SECONDS = 600
"""Wall time for a case that waits instead of working (a deadlock): far beyond any case on
a busy machine (the longest case takes about 50 s on two quiet cores), within CI's limit."""


class Hang(AssertionError):
    """The code under test did not return within HANG_SECONDS."""


@pytest.fixture(autouse=True)
def no_hang() -> Iterator[None]:
    """A case that loops fails after HANG_SECONDS of CPU time, one that waits after
    STALL_SECONDS. CPU time, not wall time: under load (four test workers on two cores
    beside other work) the longest case took over 120 s of wall time, working all along."""
    if not hasattr(signal, "SIGALRM") or not hasattr(signal, "setitimer"):
        yield
        return

    def cpu_spent(signum: int, frame: FrameType | None) -> None:
        raise Hang(f"no answer after {HANG_SECONDS} s of CPU time: a hang")

    def stalled(signum: int, frame: FrameType | None) -> None:
        raise Hang(f"no answer after {STALL_SECONDS} s: a hang")

    previous_prof = signal.signal(signal.SIGPROF, cpu_spent)
    previous_alarm = signal.signal(signal.SIGALRM, stalled)
    signal.setitimer(signal.ITIMER_PROF, HANG_SECONDS)
    signal.alarm(STALL_SECONDS)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGALRM, previous_alarm)
        signal.signal(signal.SIGPROF, previous_prof)
