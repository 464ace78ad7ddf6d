"""Reviews as a whole: listing, opening, creating, importing a case pack, editing the review's
own fields.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from workshop_tui.domain.models import Review
    from workshop_tui.storage.repository import Repository


class Reviews:
    """The use cases of this area (see the module's docstring)."""

    def __init__(self, repository: Repository) -> None:
        self._repository = repository

    # reading -----------------------------------------------------------------

    def list_reviews(self) -> list[Review]:
        """Every review in the database."""
        return self._repository.list_reviews()
