"""Filtering the merged chronology for display: pure, no Textual, fast at 50,000 entries.

The chronology view re-filters on every keystroke, so the work is split in two:

- :class:`ChronologyIndex` is built once per list of entries. It keeps, per entry, the
  fields a filter looks at in parallel lists (a lowercase search blob, agency, date,
  flags, duplicate group), so that filtering is a handful of list comprehensions over
  plain Python values instead of attribute access on pydantic models.
- :meth:`ChronologyIndex.filter` returns the indices of the entries that pass a
  :class:`ChronologyFilter`, in merged order. When only the search text changed and the
  new text extends the previous one, it narrows the previous result instead of scanning
  everything again.

:func:`display_rows` then orders the matches for the screen: entries that need attention
first, then merged order, with each duplicate group collapsed to one row (optionally
expanded to show every source).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from workshop_tui.domain.chronology import merge_key
from workshop_tui.domain.display import has_hidden, without_hidden
from workshop_tui.domain.models import ChronologyEntry, EntryFlag, Kloe

DatePeriod = tuple[dt.date | None, dt.date | None]


@dataclass(frozen=True, slots=True)
class ChronologyFilter:
    """What the user asked to see. Every criterion left empty lets everything through.

    Attributes:
        agencies: Agency keys to keep; empty keeps every agency.
        text: Words that must all appear (case-insensitive) in the entry's event, outcome,
            analysis, practitioner, agency, error, raw or extra cells.
        date_from: Keep entries on or after this date (undated entries are dropped).
        date_to: Keep entries on or before this date (undated entries are dropped).
        flags: Keep entries carrying any of these flags; empty keeps all.
        kloe_period: A KLOE's period ``(start, end)``, either end open; with
            ``kloe_entry_ids`` it forms the KLOE's slice of the chronology.
        kloe_entry_ids: Entries linked to the KLOE by hand; kept whatever their date.
        attention_only: Keep only entries that need attention.
    """

    agencies: frozenset[str] = frozenset()
    text: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    flags: frozenset[EntryFlag] = frozenset()
    kloe_period: DatePeriod | None = None
    kloe_entry_ids: frozenset[int] = frozenset()
    attention_only: bool = False

    @classmethod
    def for_kloe(cls, kloe: Kloe) -> ChronologyFilter:
        """The slice of the chronology a KLOE is about: its period, or the entries linked to it.

        A KLOE with neither a period nor linked entries is about the whole chronology.
        """
        period = (
            (kloe.period_start, kloe.period_end)
            if kloe.period_start is not None or kloe.period_end is not None
            else None
        )
        return cls(kloe_period=period, kloe_entry_ids=frozenset(kloe.entry_ids))

    @property
    def is_empty(self) -> bool:
        """True when the filter lets every entry through."""
        return self == _EMPTY

    @property
    def words(self) -> tuple[str, ...]:
        """The search text as lowercase words."""
        return tuple(self.text.lower().split())


_EMPTY = ChronologyFilter()
_NO_FLAGS: frozenset[EntryFlag] = frozenset()
#: How many recent filter results an index keeps (each a list of up to N indices).
_CACHED_RESULTS = 24


def search_blob(entry: ChronologyEntry) -> str:
    """The lowercase text a search looks in, built once per entry.

    Control characters and bidi overrides are left out, so that a word an agency's
    system broke with one (``pa\\x1b[0mtient``) is still found; so is what the screen
    shows of a sequence (``␛]0;title␇`` is found by ``title``).
    """
    parts = [
        entry.event,
        entry.outcome,
        entry.analysis,
        entry.practitioner,
        entry.agency,
        entry.location,
    ]
    if entry.extra:
        parts.extend(entry.extra.values())
    if entry.error is not None:
        parts.append(entry.error)
        parts.extend(entry.raw.values())
    text = "\n".join(parts)
    if has_hidden(text):
        text = f"{without_hidden(text)}\n{without_hidden(text, sequences=False)}"
    return text.lower()


@dataclass(slots=True)
class DisplayRows:
    """What the table shows, row by row.

    Attributes:
        indices: The entry index (into the index's entries) shown on each row.
        members: Row positions that show a member of an expanded duplicate group,
            indented under the group's first row.
    """

    indices: list[int] = field(default_factory=list)
    members: set[int] = field(default_factory=set)

    def __len__(self) -> int:
        return len(self.indices)


class ChronologyIndex:
    """Per-entry values a filter looks at, computed once for a list of entries.

    The entries must be in merged order (as the repository returns them). The index can
    be updated in place when one entry changes (a flag set, an entry fixed).
    """

    def __init__(
        self, entries: Iterable[ChronologyEntry], *, blobs: Iterable[str] | None = None
    ) -> None:
        """Args:
        entries: The entries, in merged order.
        blobs: Their search texts (:func:`search_blob`), one per entry, if already built
            (a chronology read in steps builds each entry's once); else built when first
            searched.
        """
        self.entries: list[ChronologyEntry] = list(entries)
        self._blob_list: list[str] | None = None if blobs is None else list(blobs)
        if self._blob_list is not None and len(self._blob_list) != len(self.entries):
            raise ValueError("one search text per entry")
        self._rebuild_fields()

    def __len__(self) -> int:
        return len(self.entries)

    def _rebuild_fields(self) -> None:
        entries = self.entries
        self.agency: list[str] = [e.agency for e in entries]
        self.date: list[dt.date | None] = [e.date for e in entries]
        self.flags: list[frozenset[EntryFlag]] = [
            frozenset(e.flags) if e.flags else _NO_FLAGS for e in entries
        ]
        self.attention: list[bool] = [e.error is not None for e in entries]
        self._attention_positions = [i for i, flag in enumerate(self.attention) if flag]
        self.group: list[int | None] = [e.duplicate_group for e in entries]
        self.entry_id: list[int | None] = [e.id for e in entries]
        self.position_of_id: dict[int, int] = {
            e.id: i for i, e in enumerate(entries) if e.id is not None
        }
        self.group_members: dict[int, list[int]] = {}
        for i, group in enumerate(self.group):
            if group is not None:
                self.group_members.setdefault(group, []).append(i)
        self._results: dict[ChronologyFilter, list[int]] = {}

    @property
    def _blobs(self) -> list[str]:
        if self._blob_list is None:
            self._blob_list = [search_blob(e) for e in self.entries]
        return self._blob_list

    def prepare_search(self) -> None:
        """Build the search blobs now (otherwise the first text search builds them)."""
        _ = self._blobs

    def group_size(self, i: int) -> int:
        """How many entries share entry ``i``'s duplicate group (1 when it has none)."""
        group = self.group[i]
        return 1 if group is None else len(self.group_members.get(group, ()))

    def replace_entry(self, entry: ChronologyEntry) -> int:
        """Put a changed entry (same id) in place of the old one; see :meth:`replace_entries`."""
        return self.replace_entries([entry])[0]

    def replace_entries(self, changed: Iterable[ChronologyEntry]) -> list[int]:
        """Put changed entries (same ids) in place of the old ones, moving any whose date
        changed, and rebuild the per-entry fields once for the whole batch.

        Returns:
            Each entry's index after the change, in the order given.

        Raises:
            KeyError: An entry's id is not in the index (nothing is changed).
        """
        changed = list(changed)
        for entry in changed:
            if entry.id is None or entry.id not in self.position_of_id:
                raise KeyError(entry.id)
        entries, blobs = self.entries, self._blob_list
        movers: list[ChronologyEntry] = []
        latest = {entry.id: entry for entry in changed}  # an id given twice: the last wins
        for entry in latest.values():
            old = self.position_of_id[entry.id]  # type: ignore[index]
            if merge_key(entries[old]) == merge_key(entry):
                entries[old] = entry
                if blobs is not None:
                    blobs[old] = search_blob(entry)
            else:
                movers.append(entry)
        if movers:
            moving = {entry.id for entry in movers}
            staying = [i for i, entry in enumerate(entries) if entry.id not in moving]
            entries[:] = [entries[i] for i in staying]
            if blobs is not None:
                blobs[:] = [blobs[i] for i in staying]
            for entry in movers:
                new = bisect_right(entries, merge_key(entry), key=merge_key)
                entries.insert(new, entry)
                if blobs is not None:
                    blobs.insert(new, search_blob(entry))
        self._rebuild_fields()
        return [self.position_of_id[entry.id] for entry in changed]  # type: ignore[index]

    def filter(self, flt: ChronologyFilter) -> list[int]:
        """Indices, in merged order, of the entries that pass ``flt``.

        Recent results are kept, so that backspacing over a search (each key widening
        the match) costs a look-up, and typing on narrows the longest earlier search
        that the new text extends instead of scanning every entry.
        """
        # Taken out and kept again, so that a result in use is the last to be evicted.
        result = self._results.pop(flt, None)
        if result is None:
            base = self._narrowest_base(flt)
            result = self._match(flt) if base is None else self._match_words(base, flt.words)
        return self._keep(flt, result)

    def filter_head(self, flt: ChronologyFilter, rows: int) -> tuple[list[int], bool]:
        """The first matches of ``flt``: enough for the first ``rows`` display rows.

        Typing a word narrows the previous search; the matches a screen shows first
        are found by scanning only until a screenful is found, and the rest can wait
        for :meth:`filter` (after the screen is painted). Every match that needs
        attention is included (they are shown first); the others are a prefix, in
        merged order, of what :meth:`filter` returns, so ``display_rows`` of the head
        starts with the same ``rows`` rows as ``display_rows`` of the whole result.

        Returns:
            The indices, in merged order, and whether they are the whole result (then
            it is also kept, as :meth:`filter` would).
        """
        if flt in self._results:
            return self.filter(flt), True
        base = self._narrowest_base(flt)
        if base is None:
            return self.filter(flt), True
        words, blobs, attention, groups = flt.words, self._blobs, self.attention, self.group

        def matches(i: int) -> bool:
            blob = blobs[i]
            return all(word in blob for word in words)

        found = [i for i in self._attention_positions if _holds(base, i) and matches(i)]
        seen_groups = {groups[i] for i in found}
        new_rows = 0
        for i in base:
            if attention[i] or not matches(i):
                continue
            found.append(i)
            group = groups[i]
            if group is None or group not in seen_groups:  # a row of its own
                seen_groups.add(group)
                new_rows += 1
                if new_rows >= rows:
                    break
        else:
            return self._keep(flt, sorted(found)), True
        return sorted(found), False

    def _keep(self, flt: ChronologyFilter, result: list[int]) -> list[int]:
        """Keep ``result`` as the newest cached one, evicting the oldest if full; return a copy."""
        cache = self._results
        if len(cache) >= _CACHED_RESULTS:
            del cache[next(iter(cache))]
        cache[flt] = result
        return list(result)

    def _narrowest_base(self, flt: ChronologyFilter) -> list[int] | None:
        """The result of the longest cached search the new text extends, same other criteria.

        If the new text starts with the old text, every old word is a substring of a
        new word, so whatever matches the new text matched the old one.
        """
        text = flt.text.lower()
        rest = replace(flt, text="")
        best: tuple[int, list[int]] | None = None
        for cached, result in self._results.items():
            old = cached.text.lower()
            if (
                text.startswith(old)
                and (best is None or len(old) > best[0])
                and replace(cached, text="") == rest
            ):
                best = (len(old), result)
        return None if best is None else best[1]

    def _match_words(self, candidates: Sequence[int], words: Sequence[str]) -> list[int]:
        blobs = self._blobs
        result = list(candidates)
        for word in words:
            result = [i for i in result if word in blobs[i]]
        return result

    def passes(self, flt: ChronologyFilter, i: int) -> bool:
        """Whether entry ``i`` passes ``flt``."""
        return bool(self._match(flt, [i]))

    def _match(self, flt: ChronologyFilter, candidates: list[int] | None = None) -> list[int]:
        result: list[int] = list(range(len(self.entries))) if candidates is None else candidates
        if flt.attention_only:
            attention = self.attention
            result = [i for i in result if attention[i]]
        if flt.agencies:
            agency, keep = self.agency, flt.agencies
            result = [i for i in result if agency[i] in keep]
        if flt.flags:
            flags, wanted = self.flags, flt.flags
            result = [i for i in result if flags[i] & wanted]
        dates = self.date
        if flt.date_from is not None or flt.date_to is not None:
            low = flt.date_from or dt.date.min
            high = flt.date_to or dt.date.max
            result = [i for i in result if (d := dates[i]) is not None and low <= d <= high]
        if flt.kloe_period is not None or flt.kloe_entry_ids:
            ids, linked = self.entry_id, flt.kloe_entry_ids
            if flt.kloe_period is None:
                result = [i for i in result if ids[i] in linked]
            else:
                low = flt.kloe_period[0] or dt.date.min
                high = flt.kloe_period[1] or dt.date.max
                result = [
                    i
                    for i in result
                    if ((d := dates[i]) is not None and low <= d <= high) or ids[i] in linked
                ]
        if flt.words:
            result = self._match_words(result, flt.words)
        return result


def _holds(ordered: Sequence[int], value: int) -> bool:
    """Whether the ascending sequence ``ordered`` holds ``value``."""
    at = bisect_left(ordered, value)
    return at < len(ordered) and ordered[at] == value


def filter_entries(entries: Sequence[ChronologyEntry], flt: ChronologyFilter) -> list[int]:
    """Indices, in order, of the entries that pass ``flt`` (one-off; reuse an index to repeat)."""
    return ChronologyIndex(entries).filter(flt)


def display_rows(
    index: ChronologyIndex,
    matched: Sequence[int],
    expanded: Iterable[int] = (),
    *,
    attention_last: bool = False,
) -> DisplayRows:
    """Order matched entries for display and collapse duplicate groups.

    Entries that need attention come first (last with ``attention_last``, as the
    workshop's slice shows them), then the rest in merged order. Each duplicate
    group shows as one row, its first matching member; a group in ``expanded`` is followed
    by every other member of the group (whether it matched or not: the other accounts of
    one event are evidence too), marked as member rows.
    """
    attention = index.attention
    flagged = [i for i in matched if attention[i]]
    if not flagged:
        ordered = list(matched)
    elif attention_last:
        ordered = [*(i for i in matched if not attention[i]), *flagged]
    else:
        ordered = [*flagged, *(i for i in matched if not attention[i])]
    if not index.group_members:
        return DisplayRows(ordered)
    # Only grouped entries need the per-group bookkeeping; list comprehensions do the rest.
    groups = index.group
    heads: dict[int, int] = {}
    for i in [i for i in ordered if groups[i] is not None]:
        heads.setdefault(groups[i], i)  # type: ignore[arg-type]
    shown_heads = set(heads.values())
    rows = [i for i in ordered if groups[i] is None or i in shown_heads]
    members: set[int] = set()
    open_group_of = {heads[g]: g for g in expanded if g in heads}
    if open_group_of:
        # Each open group's other members follow its row, marked as member rows.
        spliced: list[int] = []
        for i in rows:
            spliced.append(i)
            group = open_group_of.get(i)
            if group is not None:
                others = [j for j in index.group_members[group] if j != i]
                members.update(range(len(spliced), len(spliced) + len(others)))
                spliced.extend(others)
        rows = spliced
    return DisplayRows(rows, members)
