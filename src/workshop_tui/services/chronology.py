"""The merged chronology: reading entries, fixing and flagging them, remapping an agency's
columns, linking and unlinking duplicates.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from workshop_tui.storage.repository import Repository


class Chronology:
    """The use cases of this area (see the module's docstring)."""

    def __init__(self, repository: Repository) -> None:
        self._repository = repository
