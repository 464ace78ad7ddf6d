"""Capturing, editing (audited), deleting and restoring perspectives, findings, actions and
escalations; drafts of half-typed forms.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from workshop_tui.domain.clock import Clock
    from workshop_tui.storage.repository import Repository


class Captures:
    """The use cases of this area (see the module's docstring)."""

    def __init__(self, repository: Repository, clock: Clock) -> None:
        self._repository = repository
        self._clock = clock
