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
from collections import defaultdict
from collections.abc import Iterable, Sequence
from difflib import SequenceMatcher
from itertools import combinations

from workshop_tui.domain.models import ChronologyEntry

#: Word-set overlap (Jaccard) at or above which two accounts read as the same words.
SAME_WORDS_JACCARD = 0.7
#: Character similarity (difflib ratio) at or above which two accounts read as the same words.
SAME_WORDS_RATIO = 0.85

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


def _words(text: str) -> frozenset[str]:
    return frozenset(_WORD.findall(text.lower()))


def same_wording(a: str, b: str) -> bool:
    """Whether two accounts of an event are near-identical in wording."""
    words_a, words_b = _words(a), _words(b)
    if not words_a or not words_b:
        return False
    jaccard = len(words_a & words_b) / len(words_a | words_b)
    if jaccard >= SAME_WORDS_JACCARD:
        return True
    if jaccard < 0.4:
        return False
    norm_a = " ".join(_WORD.findall(a.lower()))
    norm_b = " ".join(_WORD.findall(b.lower()))
    matcher = SequenceMatcher(None, norm_a, norm_b, autojunk=False)
    return matcher.quick_ratio() >= SAME_WORDS_RATIO and matcher.ratio() >= SAME_WORDS_RATIO


def same_event(a: ChronologyEntry, b: ChronologyEntry) -> bool:
    """Whether two entries from different agencies record one event."""
    if a.agency == b.agency or a.date is None or a.date != b.date:
        return False
    if a.time is not None and b.time is not None:
        if a.time == b.time:
            return True
        if abs(_minutes(a.time) - _minutes(b.time)) > TIME_TOLERANCE_MINUTES:
            return False  # each agency's own notification, hours apart, is its own event
    return same_wording(a.event, b.event)


def _minutes(moment: dt.time) -> int:
    return moment.hour * 60 + moment.minute


def link_duplicates(entries: Sequence[ChronologyEntry]) -> list[ChronologyEntry]:
    """Merge the entries and link cross-agency records of one event into groups.

    Groups are numbered 1, 2, ... in merged order of their first member. A group
    never holds two entries from the same agency. Entries are copied, never
    dropped: the result holds exactly the input entries, in merged order.
    """
    merged = [entry.model_copy(update={"duplicate_group": None}) for entry in merge(entries)]
    by_date: dict[dt.date, list[int]] = defaultdict(list)
    for index, entry in enumerate(merged):
        if entry.date is not None and entry.error is None:
            by_date[entry.date].append(index)

    group_of: dict[int, list[int]] = {}
    for indices in by_date.values():
        if len(indices) < 2:
            continue
        for i, j in combinations(indices, 2):
            if not same_event(merged[i], merged[j]):
                continue
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

    number = 0
    numbered: dict[int, int] = {}
    for index in range(len(merged)):
        group = group_of.get(index)
        if group is None:
            continue
        first = group[0]
        if first not in numbered:
            number += 1
            numbered[first] = number
        merged[index].duplicate_group = numbered[first]
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
