"""The application layer: one method per use case, the only caller of storage.

Screens, the CLI and the app call these; these call the repository. A use case
that writes more than once does it inside one ``repository.atomic()``: it commits
once, all or nothing. Workflow rules (what starting a workshop means, going to a
KLOE, saving a capture and dropping its draft) live here or in ``domain``, never in
a screen. Reads that a screen needs are here too, so that a screen never holds the
repository.

Each area is one class, bound to the repository (and the clock where it needs one),
in its own module; ``Services`` gathers them, and the app builds one ``Services``.
Heavy imports (exporters, importers, docx, openpyxl) happen inside the methods that
need them, so that building ``Services`` costs nothing at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from workshop_tui.services.captures import Captures
from workshop_tui.services.chronology import Chronology
from workshop_tui.services.exports import Exports
from workshop_tui.services.prepare import Prepare
from workshop_tui.services.reviews import Reviews
from workshop_tui.services.search import Search
from workshop_tui.services.workshop import Workshop
from workshop_tui.storage.errors import StorageError

if TYPE_CHECKING:
    from workshop_tui.domain.clock import Clock
    from workshop_tui.storage.repository import Repository

__all__ = ["Services", "StorageError"]


class Services:
    """Every use case of the application, by area, on one repository."""

    def __init__(self, repository: Repository, clock: Clock) -> None:
        self._repository = repository
        self.clock = clock
        self.reviews = Reviews(repository)
        self.prepare = Prepare(repository)
        self.chronology = Chronology(repository)
        self.workshop = Workshop(repository, clock)
        self.captures = Captures(repository, clock)
        self.exports = Exports(repository)
        self.search = Search(repository)
