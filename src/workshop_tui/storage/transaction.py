"""Nestable write transactions: one ``BEGIN IMMEDIATE ... COMMIT``, SAVEPOINTs inside it.

The outermost block takes the write lock up front (retrying for the busy timeout
while another process writes) and commits once, at its end, before control
returns to the caller: a single write called on its own is therefore on disk
the moment it returns. A block opened inside another is a SAVEPOINT: an
exception that escapes it undoes its own writes only, and the enclosing block
decides what happens next (let the exception through, and everything is rolled
back; catch it, and the rest still commits).
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterator

from workshop_tui.storage.errors import StorageError

LOST_MESSAGE = (
    "the database gave up part-way through this change (SQLite rolled it back), "
    "so nothing of it was saved; try again."
)


class Transactions:
    """The transaction state of one connection: how deep the open blocks are nested.

    Args:
        conn: The connection (in Python's default, legacy transaction mode).
        before_begin: Called before the outermost block begins (may raise to refuse).
        error: Turns an ``sqlite3.Error`` into the StorageError to raise.
    """

    def __init__(
        self,
        conn: sqlite3.Connection,
        *,
        before_begin: Callable[[], None],
        error: Callable[[sqlite3.Error], StorageError],
    ) -> None:
        self._conn = conn
        self._before_begin = before_begin
        self._error = error
        self._depth = 0
        self._lost = False
        """SQLite rolled back the whole transaction under an inner block (a full disk,
        an I/O error): the outer block must not commit whatever ran after it."""

    @property
    def active(self) -> bool:
        """Whether a block is open (writes now join its transaction)."""
        return self._depth > 0

    @contextlib.contextmanager
    def atomic(self) -> Iterator[sqlite3.Connection]:
        """One transaction, or a SAVEPOINT inside the one already open; yields the connection.

        Raises:
            StorageError: an ``sqlite3.Error`` inside the block (translated), or
                the database is locked for longer than the busy timeout.
        """
        if self._depth == 0:
            with self._transaction():
                yield self._conn
        else:
            with self._savepoint():
                yield self._conn

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        conn = self._conn
        self._before_begin()
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise self._error(exc) from None
        self._depth, self._lost = 1, False
        try:
            yield
            if self._lost:
                raise StorageError(LOST_MESSAGE)
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self._rollback()
            raise self._error(exc) from None
        except BaseException:
            self._rollback()
            raise
        finally:
            self._depth = 0

    @contextlib.contextmanager
    def _savepoint(self) -> Iterator[None]:
        conn = self._conn
        if self._lost:
            raise StorageError(LOST_MESSAGE)
        name = f"atomic_{self._depth}"
        try:
            conn.execute(f"SAVEPOINT {name}")
        except sqlite3.Error as exc:
            raise self._error(exc) from None
        self._depth += 1
        try:
            yield
            conn.execute(f"RELEASE {name}")
        except sqlite3.Error as exc:
            self._undo(name)
            raise self._error(exc) from None
        except BaseException:
            self._undo(name)
            raise
        finally:
            self._depth -= 1

    def _undo(self, name: str) -> None:
        """Roll back to the savepoint and drop it; note if the transaction itself is gone."""
        conn = self._conn
        if conn.in_transaction:
            try:
                conn.execute(f"ROLLBACK TO {name}")
                conn.execute(f"RELEASE {name}")
                return
            except sqlite3.Error:
                pass
        self._lost = True

    def _rollback(self) -> None:
        if self._conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                self._conn.rollback()
