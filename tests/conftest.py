"""Shared fixtures. Keep this small: put fixtures used by one file in that file."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from workshop_tui.domain.clock import frozen_clock
from workshop_tui.storage.repository import Repository

BENCH = Path(__file__).resolve().parents[1] / "bench"
# The benchmark's synthetic inputs (``import synth``) serve the tests too.
sys.path.insert(0, str(BENCH))

FROZEN_NOW = dt.datetime(2024, 3, 14, 9, 30, 0)
"""What "now" is in every test that uses the shared clock."""


@pytest.fixture
def clock():
    """A clock frozen at FROZEN_NOW."""
    return frozen_clock(FROZEN_NOW)


@pytest.fixture
def repo(clock) -> Iterator[Repository]:
    """An empty repository on an in-memory database, with the frozen clock."""
    repository = Repository.memory(clock=clock)
    yield repository
    repository.close()


@pytest.fixture
def tmp_db_path(tmp_path: Path) -> Path:
    """Where a test may create a database file (not created yet; its folder is new)."""
    return tmp_path / "data" / "workshop.db"
