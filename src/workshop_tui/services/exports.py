"""Writing the review's documents (minutes, report, action plan, chronology, archive)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from workshop_tui.storage.repository import Repository


class Exports:
    """Writing the review's documents (minutes, report, action plan, chronology, archive)."""

    def __init__(self, repository: Repository) -> None:
        self._repository = repository
