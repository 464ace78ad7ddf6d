"""The room view's use cases: follow one review read-only, and say what the room may see.

The room view is a second window (``workshop-tui room REF``) on the same database as
the chair's instance. It has no repository at all: it reads through a read-only
connection (``storage.readonly``), so it cannot write, and it notices the chair's
changes by polling ``PRAGMA data_version``. What it shows is built by
``domain.room.room_view``: agreed findings and actions only, never escalations,
drafts, unagreed items or pseudonym keys.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from workshop_tui.domain.clock import Clock, system_clock
from workshop_tui.domain.room import RoomView, room_view

if TYPE_CHECKING:
    from workshop_tui.storage.readonly import ReadOnlyStore


class Room:
    """Following one database read-only, for the room view."""

    def __init__(self, database: ReadOnlyStore) -> None:
        self._database = database

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> Room:
        """The room's use cases on the database file at ``path``, opened read-only
        (nothing is created or changed); close it with :meth:`close`.

        Raises:
            StorageError: no database there, not one of ours, or it cannot be read
                (its message says which).
        """
        from workshop_tui.storage.readonly import ReadOnlyStore

        return cls(ReadOnlyStore.open(path))

    @property
    def database(self) -> ReadOnlyStore:
        """The read-only database (for tests that prove it cannot write)."""
        return self._database

    def close(self) -> None:
        """Close the database (a read-only view has nothing to save)."""
        self._database.close()

    def __enter__(self) -> Room:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def check(self, reference: str) -> None:
        """Make sure the review exists.

        Raises:
            NotFound: no review with this reference.
        """
        self._database.review(reference)

    def changed(self) -> bool:
        """Whether the chair (or anyone) committed anything since the last call.

        Raises:
            StorageError: the file is gone or unreadable just now; ask again later.
        """
        return self._database.changed()

    def view(self, reference: str) -> RoomView:
        """What the room sees of review ``reference`` now.

        Raises:
            NotFound: no such review (it was deleted or the file replaced).
            StorageError: the file cannot be read just now.
        """
        database = self._database
        review = database.review(reference)
        assert review.id is not None
        return room_view(
            review,
            database.kloes(review.id),
            database.workshop_log(review.id),
            database.agreed_findings(review.id),
            database.agreed_actions(review.id),
            database.kloes_with_captures(review.id),
        )


class RoomServices:
    """Every use case of the room view's app: following, and nothing that writes.

    The counterpart of :class:`workshop_tui.services.Services` for ``workshop-tui room``:
    the room app is given this, so no screen of it can reach a write.
    """

    def __init__(self, room: Room, clock: Clock = system_clock) -> None:
        self.room = room
        self.clock = clock
