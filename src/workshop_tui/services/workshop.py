"""The workshop day: starting and ending it, going to a KLOE, arrivals and attendance."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from workshop_tui.domain.clock import Clock
    from workshop_tui.storage.repository import Repository


class Workshop:
    """The workshop day: starting and ending it, going to a KLOE, arrivals and attendance."""

    def __init__(self, repository: Repository, clock: Clock) -> None:
        self._repository = repository
        self._clock = clock
