"""The repository: every read and write of a review, in domain models.

Screens and commands call these methods and never see SQL. Each write is one
``BEGIN IMMEDIATE`` ... ``COMMIT`` transaction that also writes its audit
events, and commits before the method returns, so a capture confirmed on
screen survives the process being killed a moment later. Inside
``with repository.atomic():`` writes join one transaction instead (all or
nothing), committed when the block ends.

:class:`Repository` is composed of one store per aggregate, each a mixin on
:class:`~workshop_tui.storage.base.StoreBase` (the connection, transactions and
row plumbing): :mod:`.reviews` (reviews, agencies, participants, KLOEs),
:mod:`.chronology` (entries, fixes, flags, remapping, duplicate links),
:mod:`.captures` (perspectives, findings, actions, escalations, drafts),
:mod:`.audit` (the audit trail, delete and undo), :mod:`.workshop` (statuses and
the workshop log), :mod:`.places` (pseudonyms and identifying places) and
:mod:`.actions` (the action plan across reviews: progress log, revised targets). The
workflow rules they apply are decided in ``domain`` (``kloe_order``,
``duplicate_groups``, ``entry_fixes``, ``workshop_state``); storage writes them.

The modules talk to ``sqlite3`` directly on the hot paths. ``sqlite_utils``
(imported lazily by :attr:`Repository.db`, because it costs ~90 ms at start-up)
is there for inspection and maintenance.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from workshop_tui.domain.clock import Clock, system_clock
from workshop_tui.domain.models import ReviewData
from workshop_tui.storage.actions import ActionStore
from workshop_tui.storage.audit import AuditStore
from workshop_tui.storage.backups import committed_source, copy_database
from workshop_tui.storage.bulk import BulkStore
from workshop_tui.storage.captures import CaptureStore
from workshop_tui.storage.chronology import ChronologyStore
from workshop_tui.storage.connection import BUSY_TIMEOUT_MS, connect_file, connect_memory
from workshop_tui.storage.intake import IntakeStore
from workshop_tui.storage.meetings import MeetingStore
from workshop_tui.storage.places import PlaceStore
from workshop_tui.storage.publishing import PublishingStore
from workshop_tui.storage.reviews import ReviewStore
from workshop_tui.storage.search import SearchStore
from workshop_tui.storage.workshop import WorkshopStore

if TYPE_CHECKING:
    from sqlite_utils import Database

__all__ = ["Repository"]


class Repository(
    ReviewStore,
    BulkStore,
    ChronologyStore,
    CaptureStore,
    AuditStore,
    WorkshopStore,
    PlaceStore,
    SearchStore,
    IntakeStore,
    ActionStore,
    PublishingStore,
    MeetingStore,
):
    """All stored reviews, behind methods that take and return domain models.

    Create one with :meth:`open` (a file) or :meth:`memory` (tests). Not safe to
    share between threads that write at the same time; each write is short.

    Several processes may open the same file (the chair's terminal and a second
    one): every read-modify-write reads its "before" values inside the write
    lock, so neither overwrites the other's work nor records a stale old value
    in the audit trail.
    """

    # ----------------------------------------------------------------- lifecycle

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        clock: Clock = system_clock,
        *,
        busy_timeout: float = BUSY_TIMEOUT_MS / 1000,
    ) -> Repository:
        """Open the database at ``path``, creating it (and its folder) if absent.

        A created folder is 0700 and a created file 0600. The database runs in
        WAL mode with full sync, a busy timeout and foreign keys on; missing
        migrations are applied in one transaction, after a copy of the file is
        made in ``backups/`` beside it.

        Args:
            path: The database file.
            clock: Where "now" comes from.
            busy_timeout: Seconds a write keeps retrying while another process
                holds the lock, before DatabaseBusy.

        Raises:
            SchemaTooNew: written by a newer workshop-tui (the file is untouched).
            DatabaseCorrupt: not a workshop-tui database (the file is untouched).
            ReadOnlyDatabase: the file or folder cannot be written.
            DatabaseBusy: another workshop-tui holds the lock.
            UnsafePermissions: other users can read the file, and it cannot be made
                owner-only (an existing file that can is tightened: see ``notices``).
        """
        resolved = Path(path).expanduser().absolute()
        notices: list[str] = []
        repository = cls(
            connect_file(resolved, round(busy_timeout * 1000), notices), resolved, clock
        )
        repository.notices = notices
        return repository

    @classmethod
    def memory(cls, clock: Clock = system_clock) -> Repository:
        """A repository on a fresh in-memory database."""
        return cls(connect_memory(), None, clock)

    @property
    def path(self) -> Path | None:
        """The database file, or None for an in-memory database."""
        return self._path

    @property
    def db(self) -> Database:
        """The same connection as a ``sqlite_utils.Database``, for inspection tools."""
        if self._db is None:
            from sqlite_utils import Database  # slow import, rarely needed

            self._db = Database(self._conn, execute_plugins=False)
        return self._db

    def close(self) -> None:
        """Close the connection; committed work is already on disk."""
        self._conn.close()

    def __enter__(self) -> Repository:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def backup(self, path: str | os.PathLike[str]) -> Path:
        """Copy the whole database to a new owner-only file with SQLite's backup API.

        Raises:
            StorageError: ``path`` exists or cannot be created or written.
        """
        with committed_source(self._conn) as source:  # inside atomic(): what is committed
            return copy_database(source, Path(path).expanduser().absolute())

    # ------------------------------------------------------------- whole review

    def load_review(self, review_id: int, *, with_entries: bool = True) -> ReviewData:
        """Everything about one review (deleted items left out), lists in display order;
        without ``with_entries``, all but the chronology (an export that streams it)."""
        review = self.review(review_id)
        return ReviewData.model_construct(
            review=review,
            agencies=self.agencies(review_id),
            participants=self.participants(review_id),
            kloes=self.kloes(review_id),
            entries=self.entries(review_id) if with_entries else [],
            perspectives=self.perspectives(review_id),
            findings=self.findings(review_id),
            actions=self.actions(review_id),
            escalations=self.escalations(review_id),
            decisions=self.captures("decision", review_id),
            meetings=self.meetings(review_id),
            meeting_notes=self.meeting_notes(review_id),
            meeting_attendance=self.meeting_attendance(review_id),
            pseudonyms=self.pseudonyms(review_id),
            workshop_log=self.workshop_log(review_id),
            identifying_places=self.identifying_places(review_id),
        )
