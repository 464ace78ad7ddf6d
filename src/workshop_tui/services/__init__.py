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

from functools import cached_property
from typing import TYPE_CHECKING

from workshop_tui.services.reviews import Reviews
from workshop_tui.storage.errors import NotFound, StorageError

if TYPE_CHECKING:
    from pathlib import Path

    from workshop_tui.domain.clock import Clock
    from workshop_tui.services.actions import Actions
    from workshop_tui.services.captures import Captures
    from workshop_tui.services.chronology import Chronology
    from workshop_tui.services.exports import Exports
    from workshop_tui.services.intake import Intake
    from workshop_tui.services.meetings import Meetings
    from workshop_tui.services.prepare import Prepare
    from workshop_tui.services.publishing import Publishing
    from workshop_tui.services.search import Search
    from workshop_tui.services.themes import Themes
    from workshop_tui.services.workshop import Workshop
    from workshop_tui.storage.repository import Repository

__all__ = ["NotFound", "Services", "StorageError"]


class Services:
    """Every use case of the application, by area, on one repository.

    ``reviews`` (what opening a review needs) is built with it; every other area is
    built, and its module imported, the first time it is used: the first screen is
    painted before the code of the areas it does not use is loaded (start-up, issue 17).
    """

    def __init__(self, repository: Repository, clock: Clock) -> None:
        self._repository = repository
        self.clock = clock
        self.reviews = Reviews(repository, clock)

    @cached_property
    def prepare(self) -> Prepare:
        from workshop_tui.services.prepare import Prepare

        return Prepare(self._repository)

    @cached_property
    def chronology(self) -> Chronology:
        from workshop_tui.services.chronology import Chronology

        return Chronology(self._repository)

    @cached_property
    def workshop(self) -> Workshop:
        from workshop_tui.services.workshop import Workshop

        return Workshop(self._repository, self.clock)

    @cached_property
    def captures(self) -> Captures:
        from workshop_tui.services.captures import Captures

        return Captures(self._repository, self.clock)

    @cached_property
    def publishing(self) -> Publishing:
        from workshop_tui.services.publishing import Publishing

        return Publishing(self._repository, self.clock)

    @cached_property
    def exports(self) -> Exports:
        from workshop_tui.services.exports import Exports

        return Exports(self._repository, self.clock, self.publishing)

    @cached_property
    def search(self) -> Search:
        from workshop_tui.services.search import Search

        return Search(self._repository)

    @cached_property
    def intake(self) -> Intake:
        from workshop_tui.services.intake import Intake

        return Intake(self._repository, self.clock)

    @cached_property
    def actions(self) -> Actions:
        from workshop_tui.services.actions import Actions

        return Actions(self._repository, self.clock)

    @cached_property
    def themes(self) -> Themes:
        from workshop_tui.services.themes import Themes

        return Themes(
            self._repository,
            self.clock,
            settings_themes=lambda: self.publishing.loaded_settings().settings.themes,
        )

    @cached_property
    def meetings(self) -> Meetings:
        from workshop_tui.services.meetings import Meetings

        return Meetings(self._repository, self.clock, self.actions)

    @property
    def repository(self) -> Repository:
        """The repository these run on: for the app, which builds the screens on it, and for
        tests. Screens and the command line call the use cases, never this."""
        return self._repository

    @classmethod
    def open(cls, path: Path, clock: Clock | None = None) -> Services:
        """Every use case on the database file at ``path`` (created if absent); close it
        with :meth:`close` or use it as a context manager. For the command line: the app
        is given a repository by whoever builds it.

        Raises:
            StorageError: the file cannot be opened (its message says why).
        """
        from workshop_tui.domain.clock import system_clock
        from workshop_tui.storage.repository import Repository

        clock = clock or system_clock
        return cls(Repository.open(path, clock), clock)

    def close(self) -> None:
        """Close the database (committed work is already on disk)."""
        self._repository.close()

    def __enter__(self) -> Services:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
