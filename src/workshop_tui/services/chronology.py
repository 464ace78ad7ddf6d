"""The merged chronology: reading entries, fixing and flagging them, remapping an agency's
columns, linking and unlinking duplicates.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING

from workshop_tui.domain.models import EntryFlag

if TYPE_CHECKING:
    from workshop_tui.domain.models import ChronologyEntry
    from workshop_tui.importers.columns import Remapped
    from workshop_tui.storage.repository import Repository


def toggled_flags(flags: Iterable[EntryFlag], flag: EntryFlag) -> list[EntryFlag]:
    """``flags`` with ``flag`` added if absent, taken away if present; in the one order
    flags are always listed (key practice episode, missed opportunity, good practice)."""
    wanted = set(flags) ^ {flag}
    return [f for f in EntryFlag if f in wanted]


class Chronology:
    """The use cases of this area (see the module's docstring).

    Its reads (``entries``, ``entry_count``, ``entries_head``, ``entries_undated``,
    ``entries_dated_page``) are what
    ``ui.chronology_loading`` fills a chronology table from.
    """

    def __init__(self, repository: Repository) -> None:
        self._repository = repository

    # reading ----------------------------------------------------------------------

    def entries(self, review_id: int) -> list[ChronologyEntry]:
        """Every entry of the review, in chronological order."""
        return self._repository.entries(review_id)

    def entry_count(self, review_id: int) -> int:
        """How many entries the review has."""
        return self._repository.entry_count(review_id)

    def entries_head(self, review_id: int, limit: int) -> list[ChronologyEntry]:
        """The first rows of each kind (needing attention, dated) of a large chronology."""
        return self._repository.entries_head(review_id, limit)

    def entries_undated(self, review_id: int) -> list[ChronologyEntry]:
        """The entries without a date (each needs attention), in merged order."""
        return self._repository.entries_undated(review_id)

    def entries_dated_page(self, review_id: int, offset: int, limit: int) -> list[ChronologyEntry]:
        """Dated entries ``offset`` to ``offset + limit`` of the merged order (a page)."""
        return self._repository.entries_dated_page(review_id, offset, limit)

    def iter_entries(self, review_id: int) -> Iterator[ChronologyEntry]:
        """Every entry, in order, read as it is used (a stream for the command line)."""
        return self._repository.iter_entries(review_id)

    def entry(self, entry_id: int) -> ChronologyEntry:
        """One entry as stored now."""
        return self._repository.entry(entry_id)

    # changing ---------------------------------------------------------------------

    def toggle_flag(self, entry_id: int, flag: EntryFlag) -> ChronologyEntry:
        """Flag the entry ``flag`` or, if it is flagged so, take the flag off."""
        with self._repository.atomic():  # read and write under one lock
            entry = self._repository.entry(entry_id)
            return self._repository.set_entry_flags(entry_id, toggled_flags(entry.flags, flag))

    def fix_entry(self, entry_id: int, **fields: object) -> ChronologyEntry:
        """Correct an entry by hand (date, time, text...); it no longer needs attention.

        Raises:
            ValueError: an invalid value, or no date.
        """
        return self._repository.fix_entry(entry_id, **fields)

    def remap_agency(self, review_id: int, agency_key: str, mapping: Mapping[str, str]) -> Remapped:
        """Read one agency's columns again with ``mapping`` (header to field), in one write.

        Raises:
            NotFound: no such agency in the review.
            ValueError: the mapping cannot be used.
        """
        return self._repository.remap_agency(review_id, agency_key, mapping)

    def link(self, entry_ids: Iterable[int]) -> int:
        """Link entries as records of one event (confirmed); the new group's number.

        Raises:
            ValueError: fewer than two entries, or entries of different reviews.
        """
        return self._repository.link_entries(entry_ids)

    def unlink(self, entry_id: int) -> None:
        """Take an entry out of its group (a group of one is dissolved)."""
        self._repository.unlink_entry(entry_id)

    def confirm_group(self, review_id: int, group: int) -> None:
        """A person agrees that the linked records are accounts of one event."""
        self._repository.confirm_group(review_id, group)
