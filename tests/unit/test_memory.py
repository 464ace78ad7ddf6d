"""The garbage collector around start-up and bulk loads."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from workshop_tui.memory import collector_paused, pause_for_start_up, start_up_done


@pytest.fixture(autouse=True)
def collector_restored() -> Iterator[None]:
    yield
    gc.unfreeze()
    gc.enable()


def test_start_up_pauses_the_collector_until_done_then_freezes_what_it_built() -> None:
    pause_for_start_up()
    assert not gc.isenabled()
    built_at_start = [[i] for i in range(1000)]
    start_up_done()
    assert gc.isenabled()
    assert gc.get_freeze_count() >= len(built_at_start)
    # Frozen objects are out of the collector's sight: get_objects() no longer lists them.
    first = built_at_start[0]
    assert not any(obj is first for obj in gc.get_objects())


def test_start_up_done_leaves_a_running_collector_alone() -> None:
    # The app calls it on every first screen; in tests and later screens the
    # collector is already on, and nothing must be frozen then.
    start_up_done()
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_collector_paused_restores_the_state_it_found() -> None:
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()
