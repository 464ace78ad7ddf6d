"""Preparing a review: participants, KLOEs, agencies, pseudonyms and identifying places."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from workshop_tui.storage.repository import Repository


class Prepare:
    """Preparing a review: participants, KLOEs, agencies, pseudonyms and identifying places."""

    def __init__(self, repository: Repository) -> None:
        self._repository = repository
