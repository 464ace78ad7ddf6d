"""The merged chronology: one deterministic order, and cross-agency duplicate linking.

Linking is deliberately conservative. Two entries are the same event only when
they come from different agencies, fall on the same date, and either carry the
same time or tell the event in near-identical words (and, when both are timed,
within half an hour of each other). Each agency's own record
of being told about an incident (different time, different words) stays a
separate event: the different accounts are evidence in their own right.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from difflib import SequenceMatcher
from itertools import chain, combinations

from workshop_tui.domain.display import without_hidden
from workshop_tui.domain.models import ChronologyEntry

#: Word-set overlap (Jaccard) at or above which two accounts read as the same words.
SAME_WORDS_JACCARD = 0.7
#: Word-sequence similarity (difflib ratio) at or above which two accounts read as the same words.
SAME_WORDS_RATIO = 0.85

#: Up to this many entries in a day, every pair is compared (quicker than indexing words).
SMALL_DAY = 24
#: Below this word overlap two accounts are never compared character by character.
LOWEST_JACCARD = 0.4
#: Two timed records further apart than this are different events, however alike their words.
TIME_TOLERANCE_MINUTES = 30

_WORD = re.compile(r"[a-z0-9]+")


def merge_key(entry: ChronologyEntry) -> tuple[object, ...]:
    """The merged order: date, time (untimed first), agency, then provenance.

    Entries without a date (they need attention) come after every dated entry.
    """
    return (
        entry.date is None,
        entry.date or dt.date.min,
        entry.time is not None,
        entry.time or dt.time.min,
        entry.agency,
        entry.source_file,
        entry.source_part,
        entry.source_line,
    )


def merge(entries: Iterable[ChronologyEntry]) -> list[ChronologyEntry]:
    """Every entry of every agency in one deterministic order (see :func:`merge_key`)."""
    return sorted(entries, key=merge_key)


class _Account:
    """What linking compares of one entry, worked out once rather than once per pair."""

    __slots__ = ("agency", "minutes", "sequence", "words")

    def __init__(self, agency: str, time: dt.time | None, event: str) -> None:
        self.agency = agency
        self.minutes = None if time is None else _minutes(time)
        self.sequence = tuple(_WORD.findall(without_hidden(event).lower()))
        self.words = frozenset(self.sequence)


def _minutes(moment: dt.time) -> int:
    return moment.hour * 60 + moment.minute


def _similar(a: _Account, b: _Account) -> bool:
    words_a, words_b = a.words, b.words
    if not words_a or not words_b:
        return False
    shared = len(words_a & words_b)
    jaccard = shared / (len(words_a) + len(words_b) - shared)
    if jaccard >= SAME_WORDS_JACCARD:
        return True
    if jaccard < LOWEST_JACCARD:
        return False
    # Compared word by word: as telling as characters for "the same words", and
    # far quicker on the long entries agencies write.
    matcher = SequenceMatcher(None, a.sequence, b.sequence, autojunk=False)
    return (
        matcher.real_quick_ratio() >= SAME_WORDS_RATIO
        and matcher.quick_ratio() >= SAME_WORDS_RATIO
        and matcher.ratio() >= SAME_WORDS_RATIO
    )


def _same(a: _Account, b: _Account) -> bool:
    """Two accounts on one date: the same event? (see the module's docstring)."""
    if a.agency == b.agency:
        return False
    if a.minutes is not None and b.minutes is not None:
        if a.minutes == b.minutes:
            return True
        if abs(a.minutes - b.minutes) > TIME_TOLERANCE_MINUTES:
            return False  # each agency's own notification, hours apart, is its own event
    return _similar(a, b)


def same_event(a: ChronologyEntry, b: ChronologyEntry) -> bool:
    """Whether two entries from different agencies record one event."""
    if a.date is None or a.date != b.date or a.error is not None or b.error is not None:
        return False
    return _same(_account(a), _account(b))


def _account(entry: ChronologyEntry) -> _Account:
    return _Account(entry.agency, entry.time, entry.event)


def _candidate_pairs(accounts: Sequence[_Account]) -> list[tuple[int, int]]:
    """The pairs of one day's accounts that could be one event, in order.

    Comparing every pair grows with the square of a day's entries, so on a busy
    day only pairs at the same minute, or sharing enough words to reach the lowest word
    overlap :func:`_similar` looks at, are returned. Every pair :func:`_same`
    accepts is among them.
    """
    if len(accounts) <= SMALL_DAY:
        return list(combinations(range(len(accounts)), 2))
    pairs: set[tuple[int, int]] = set()
    at_minute: dict[int, list[int]] = defaultdict(list)
    postings: dict[str, list[int]] = defaultdict(list)
    for k, account in enumerate(accounts):
        if account.minutes is not None:
            at_minute[account.minutes].append(k)
        for word in account.words:
            postings[word].append(k)
    for same_minute in at_minute.values():
        pairs.update(combinations(same_minute, 2))
    for k, account in enumerate(accounts):
        size = len(account.words)
        shared_with = Counter(chain.from_iterable(postings[word] for word in account.words))
        for other, shared in shared_with.items():
            # shared / (size + other_size - shared) >= LOWEST_JACCARD, without dividing
            # (with a little slack for rounding: a spare candidate costs nothing)
            if other > k and shared * (1 + LOWEST_JACCARD) + 1e-9 >= LOWEST_JACCARD * (
                size + len(accounts[other].words)
            ):
                pairs.add((k, other))
    return sorted(pairs)


def link_duplicates(entries: Sequence[ChronologyEntry]) -> list[ChronologyEntry]:
    """Merge the entries and link cross-agency records of one event into groups.

    Groups are numbered 1, 2, ... in merged order of their first member. A group
    never holds two entries from the same agency. Nothing is dropped and the input
    entries are never changed: an entry whose group changes is copied, and the
    result holds exactly the input entries, in merged order.
    """
    merged = merge(entries)
    by_date: dict[dt.date, list[int]] = defaultdict(list)
    for index, entry in enumerate(merged):
        if entry.date is not None and entry.error is None:
            by_date[entry.date].append(index)

    group_of: dict[int, list[int]] = {}
    for indices in by_date.values():
        if len(indices) < 2 or len({merged[i].agency for i in indices}) < 2:
            continue
        accounts = [_account(merged[i]) for i in indices]
        for a, b in _candidate_pairs(accounts):
            if not _same(accounts[a], accounts[b]):
                continue
            i, j = indices[a], indices[b]
            group_i = group_of.get(i, [i])
            group_j = group_of.get(j, [j])
            if group_i is group_j:
                continue
            agencies_i = {merged[k].agency for k in group_i}
            if any(merged[k].agency in agencies_i for k in group_j):
                continue  # one agency's two records are never one event's two accounts
            joined = sorted(group_i + group_j)
            for k in joined:
                group_of[k] = joined

    numbered: dict[int, int] = {}
    for index, entry in enumerate(merged):
        group = group_of.get(index)
        number = None
        if group is not None:
            number = numbered.setdefault(group[0], len(numbered) + 1)
        if entry.duplicate_group != number:
            merged[index] = entry.model_copy(update={"duplicate_group": number})
    return merged


def mark_in_period(
    entries: Iterable[ChronologyEntry], start: dt.date | None, end: dt.date | None
) -> None:
    """Set ``in_period`` on each entry against the review's scope (undated entries count as in)."""
    for entry in entries:
        inside = entry.date is None or (
            (start is None or entry.date >= start) and (end is None or entry.date <= end)
        )
        if entry.in_period != inside:
            entry.in_period = inside
