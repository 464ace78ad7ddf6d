"""Linking chronology entries as records of one event: the rules of duplicate groups.

A group is a number shared by the entries it links, unique within a review. A
group needs two members: one left alone is dissolved. Storage reads the entries
and writes what these functions decide.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from workshop_tui.domain.models import ChronologyEntry


def entries_to_link(entry_ids: Iterable[int]) -> list[int]:
    """The ids to link, each once, in the order given.

    Raises:
        ValueError: fewer than two different entries.
    """
    ids = list(dict.fromkeys(entry_ids))
    if len(ids) < 2:
        raise ValueError("link at least two entries")
    return ids


def review_of_link(review_ids: Iterable[int]) -> int:
    """The one review the entries to link belong to.

    Raises:
        ValueError: the entries belong to different reviews (or there are none).
    """
    reviews = set(review_ids)
    if len(reviews) != 1:
        raise ValueError("entries from different reviews cannot be linked")
    return reviews.pop()


def next_group(highest: int | None) -> int:
    """The number of a new group in a review whose highest group is ``highest`` (None: none)."""
    return (highest or 0) + 1


def groups_left(entries: Iterable[ChronologyEntry]) -> set[int]:
    """The groups these entries were in (and leave when they are linked anew)."""
    return {e.duplicate_group for e in entries if e.duplicate_group is not None}


def lone_member(members: Sequence[ChronologyEntry]) -> ChronologyEntry | None:
    """The entry to take out of a group whose members are ``members``: the only one left,
    or None when the group still links two or more (or is gone)."""
    return members[0] if len(members) == 1 else None
