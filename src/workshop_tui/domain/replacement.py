"""A corrected chronology replacing an agency's first one: what changed, matched by content.

Row numbers mean nothing across two versions of a file (a row inserted near the top
moves every row after it), so entries are matched by what they say:

1. the same content (date, time, practitioner, event, outcome, analysis, extra
   columns, the cells of a bad row): **unchanged**;
2. the same date and the same event text: **changed** (another field was corrected);
3. the same event text on another date: **changed** (the date was corrected);

each pass pairing in file order what the earlier passes left. What is left of the old
version is **removed**, of the new one **added**. Duplicate groups are then worked out
again for the days concerned (:func:`relink`), keeping the lead's confirmed groups and
hand unlinks.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field

from workshop_tui.domain.chronology import link_and_note
from workshop_tui.domain.models import ChronologyEntry

CONTENT_FIELDS: tuple[str, ...] = (
    "date",
    "time",
    "date_approximate",
    "practitioner",
    "event",
    "outcome",
    "analysis",
    "extra",
    "error",
    "raw",
)
"""What an entry says (as opposed to where it was read from and what people did with it)."""


def content_key(entry: ChronologyEntry) -> tuple[object, ...]:
    """The entry's content, hashable: two entries with equal keys say the same thing."""
    return (
        entry.date,
        entry.time,
        entry.date_approximate,
        entry.practitioner,
        entry.event,
        entry.outcome,
        entry.analysis,
        tuple(sorted(entry.extra.items())),
        entry.error,
        tuple(sorted(entry.raw.items())),
    )


def changed_content(old: ChronologyEntry, new: ChronologyEntry) -> tuple[str, ...]:
    """The content fields in which two entries differ."""
    return tuple(name for name in CONTENT_FIELDS if getattr(old, name) != getattr(new, name))


@dataclass(slots=True)
class EntryDiff:
    """Two versions of one agency's chronology compared entry by entry.

    ``old`` entries are given as they were imported (a person's corrections undone), so
    that a row the agency did not touch matches even when the lead fixed it by hand.
    """

    unchanged: list[tuple[ChronologyEntry, ChronologyEntry]] = field(default_factory=list)
    changed: list[tuple[ChronologyEntry, ChronologyEntry]] = field(default_factory=list)
    removed: list[ChronologyEntry] = field(default_factory=list)
    added: list[ChronologyEntry] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        """How many entries are unchanged, changed, removed and added."""
        return {
            "unchanged": len(self.unchanged),
            "changed": len(self.changed),
            "removed": len(self.removed),
            "added": len(self.added),
        }


def _pair(
    olds: list[ChronologyEntry],
    news: list[ChronologyEntry],
    key: Callable[[ChronologyEntry], Hashable | None],
) -> tuple[
    list[tuple[ChronologyEntry, ChronologyEntry]], list[ChronologyEntry], list[ChronologyEntry]
]:
    """Pair entries with equal keys in order; a key of None never pairs. Returns the pairs
    and what is left of each side, in the order given."""
    waiting: dict[Hashable, list[int]] = defaultdict(list)
    for index, entry in enumerate(olds):
        value = key(entry)
        if value is not None:
            waiting[value].append(index)
    taken: set[int] = set()
    pairs: list[tuple[ChronologyEntry, ChronologyEntry]] = []
    left_new: list[ChronologyEntry] = []
    cursor: Counter[Hashable] = Counter()
    for entry in news:
        value = key(entry)
        candidates = waiting.get(value) if value is not None else None
        if candidates and cursor[value] < len(candidates):
            index = candidates[cursor[value]]
            cursor[value] += 1
            taken.add(index)
            pairs.append((olds[index], entry))
        else:
            left_new.append(entry)
    left_old = [entry for index, entry in enumerate(olds) if index not in taken]
    return pairs, left_old, left_new


def _event(entry: ChronologyEntry) -> str | None:
    text = " ".join(entry.event.split()).casefold()
    return text or None


def _date_and_event(entry: ChronologyEntry) -> tuple[object, str] | None:
    event = _event(entry)
    return None if event is None or entry.date is None else (entry.date, event)


def diff_entries(old: Sequence[ChronologyEntry], new: Sequence[ChronologyEntry]) -> EntryDiff:
    """Compare the old and new version of one agency's chronology (see the module's
    docstring). Every entry of each side appears exactly once in the result.

    Args:
        old: The stored entries, as imported, in file order.
        new: The new file's entries in file order.
    """
    order = sorted(old, key=lambda e: (e.source_file, e.source_part, e.source_line))
    unchanged, left_old, left_new = _pair(order, list(new), content_key)
    same_day, left_old, left_new = _pair(left_old, left_new, _date_and_event)
    other_day, left_old, left_new = _pair(left_old, left_new, _event)
    return EntryDiff(unchanged, [*same_day, *other_day], left_old, left_new)


def relink(
    day_entries: Sequence[ChronologyEntry], pinned: Iterable[int], highest: int
) -> dict[int, int | None]:
    """Duplicate groups worked out again over some days, as linking a whole import would.

    Args:
        day_entries: Every stored entry (ids set) of the days concerned: groups never span
            two days, so no other entry's group can change.
        pinned: Entries a person took out of a group by hand: left out of automatic linking.
        highest: The review's highest group number; a new group is numbered above it.

    Returns:
        For each entry whose group changes, its new group (None: in none). Entries in a
        confirmed group keep it. A group found again keeps the number most of its members
        had; a new one gets the next number.
    """
    keep = set(pinned)
    free = [e for e in day_entries if not e.duplicate_confirmed and e.id not in keep]
    before = {e.id: e.duplicate_group for e in day_entries}
    taken = {e.duplicate_group for e in day_entries if e.duplicate_confirmed}
    linked, _ = link_and_note(free)
    groups: dict[int, list[ChronologyEntry]] = defaultdict(list)
    for entry in linked:
        if entry.duplicate_group is not None:
            groups[entry.duplicate_group].append(entry)
    changes: dict[int, int | None] = {}
    number = highest
    for members in groups.values():
        olds = Counter(before[m.id] for m in members if before[m.id] is not None)
        reused = [g for g, _ in olds.most_common() if g not in taken]
        if reused:
            group = reused[0]
        else:
            number += 1
            group = number
        taken.add(group)
        for member in members:
            assert member.id is not None
            if before[member.id] != group:
                changes[member.id] = group
    grouped = {m.id for members in groups.values() for m in members}
    for entry in free:
        assert entry.id is not None
        if entry.id not in grouped and entry.duplicate_group is not None:
            changes[entry.id] = None
    return changes
