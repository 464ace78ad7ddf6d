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
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from itertools import chain, combinations
from typing import Protocol

from workshop_tui.domain.dates import Precision, date_rank, period_last_day
from workshop_tui.domain.display import without_hidden
from workshop_tui.domain.models import ChronologyEntry
from workshop_tui.domain.problems import Problem, Severity

#: Word-set overlap (Jaccard) at or above which two accounts read as the same words.
SAME_WORDS_JACCARD = 0.7
#: Word-sequence similarity (difflib ratio) at or above which two accounts read as the same words.
SAME_WORDS_RATIO = 0.85

#: Up to this many entries in a day, every pair is compared (quicker than indexing words:
#: 100,000 entries of ten years link in about two thirds of the time with 64 as with 24).
SMALL_DAY = 64
#: Below this word overlap two accounts are never compared character by character.
LOWEST_JACCARD = 0.4
#: More entries than this at one date and minute, or holding one word on one day, is a crowd
#: (a system export's default date and time, a template's wording): its pairs are not all
#: compared, which would grow with the square of its size (see _candidate_pairs).
CROWD = 64
#: A word is left out of a day's index only when held by more entries than CROWD and than
#: this divided by the day's entries (so days of up to 256 entries index every word: the
#: index's work stays within about n x max(CROWD, WORD_BUDGET / n) per word of an entry).
WORD_BUDGET = 65_536
#: In a crowd of identical wordings, each entry is compared with the other agencies' entries
#: this many ranks either side of its own.
CROWD_WINDOW = 4
#: Two timed records further apart than this are different events, however alike their words.
TIME_TOLERANCE_MINUTES = 30

_WORD = re.compile(r"[a-z0-9]+")
# Every ASCII character that is not in _WORD as a space (str.translate's table).
_NOT_WORD = "".join(c if _WORD.fullmatch(c) else " " for c in map(chr, range(128)))
# dates.date_rank as a table: merge_key runs for every entry of every import and load.
_RANK = {precision: date_rank(precision, False) for precision in Precision}
_DAY = Precision.DAY


def merge_key(entry: ChronologyEntry) -> tuple[object, ...]:
    """The merged order (docs/CONTRACTS.md, "Chronology order").

    By the date (a week, month, season or year at its first day); on one day by
    :func:`~workshop_tui.domain.dates.date_rank` (exact dates, then approximate ones,
    then the week, month, season and year starting that day); then untimed before
    timed and by time; then one day before a range, a shorter range first; then by
    agency and provenance (file, part, line: the agency's own sequence). Entries
    without a date (they need attention) come after every dated entry. The store
    reads entries in this order (storage/chronology.py).
    """
    return (
        entry.date is None,
        entry.date or dt.date.min,
        # dates.date_rank, inlined (hashing an Enum is a Python call: a day skips it)
        (0 if entry.date_precision is _DAY else _RANK[entry.date_precision])
        + entry.date_approximate,
        entry.time is not None,
        entry.time or dt.time.min,
        entry.end_date or dt.date.min,
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

    __slots__ = ("_counts", "agency", "crowded", "minutes", "sequence", "words")

    def __init__(self, agency: str, time: dt.time | None, event: str) -> None:
        self.agency = agency
        self.minutes = None if time is None else _minutes(time)
        self.sequence = _words(event)
        self.words = frozenset(self.sequence)
        self.crowded = False
        """At a crowded moment (see :data:`CROWD`): its time is no evidence on its own."""
        self._counts: Counter[str] | None = None

    @property
    def counts(self) -> Counter[str]:
        """How many times each word is in the account (worked out when first needed)."""
        counts = self._counts
        if counts is None:
            counts = self._counts = Counter(self.sequence)
        return counts


def _words(event: str) -> tuple[str, ...]:
    """The event's words (runs of ``a-z`` and ``0-9``), lower case, in order."""
    text = without_hidden(event).lower()
    if text.isascii():  # nearly every account: the same words, split in C at twice the speed
        return tuple(text.translate(_NOT_WORD).split())
    return tuple(_WORD.findall(text))


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
    # far quicker on the long entries agencies write. SequenceMatcher's own two upper
    # bounds of its ratio first, worked out as it does (the same sums, the same division)
    # without building a matcher, which indexes the second sequence: most pairs stop here.
    sequence_a, sequence_b = a.sequence, b.sequence
    length = len(sequence_a) + len(sequence_b)
    if 2.0 * min(len(sequence_a), len(sequence_b)) / length < SAME_WORDS_RATIO:
        return False  # real_quick_ratio
    if len(sequence_a) == len(words_a) and len(sequence_b) == len(words_b):
        matches = shared  # no word twice in either: each shared word matches once
    else:
        counts_a, counts_b = a.counts, b.counts
        matches = sum(min(counts_a[word], counts_b[word]) for word in words_a & words_b)
    if 2.0 * matches / length < SAME_WORDS_RATIO:
        return False  # quick_ratio
    matcher = SequenceMatcher(None, sequence_a, sequence_b, autojunk=False)
    return matcher.ratio() >= SAME_WORDS_RATIO


def _same(a: _Account, b: _Account) -> bool:
    """Two accounts on one date: the same event? (see the module's docstring)."""
    if a.agency == b.agency:
        return False
    if a.minutes is not None and b.minutes is not None:
        if a.minutes == b.minutes and not a.crowded:
            return True
        if abs(a.minutes - b.minutes) > TIME_TOLERANCE_MINUTES:
            return False  # each agency's own notification, hours apart, is its own event
    return _similar(a, b)


class Linkable(Protocol):
    """What linking reads of an entry (a ChronologyEntry, or an import's stored row)."""

    @property
    def agency(self) -> str: ...

    @property
    def time(self) -> dt.time | None: ...

    @property
    def event(self) -> str: ...

    @property
    def location(self) -> str: ...


def same_event(a: ChronologyEntry, b: ChronologyEntry) -> bool:
    """Whether two entries from different agencies record one event (on an uncrowded day)."""
    if a.date is None or a.date != b.date or a.error is not None or b.error is not None:
        return False
    return _same(_account(a), _account(b))


def _account(entry: Linkable) -> _Account:
    return _Account(entry.agency, entry.time, entry.event)


@dataclass(slots=True)
class _Crowds:
    """What one day's candidate search left out (see :data:`CROWD`)."""

    moments: dict[int, int] = field(default_factory=dict)
    """Minute of the day -> entries at it, for each crowded moment."""
    words: int = 0
    """Entries with a rare word held among the rarest words of more than CROWD entries."""


def _cross_pairs(members: Sequence[int], accounts: Sequence[_Account]) -> Iterable[tuple[int, int]]:
    return ((a, b) for a, b in combinations(members, 2) if accounts[a].agency != accounts[b].agency)


def _rank_window_pairs(
    members: Sequence[int], accounts: Sequence[_Account]
) -> Iterable[tuple[int, int]]:
    """A crowd of one wording: each entry with the entries of other agencies of about its rank.

    Comparing every pair of the linking order would pair the n-th record of each
    agency (a group takes one entry per agency, in order); the pairs within
    :data:`CROWD_WINDOW` ranks of each other give the same groups when nothing
    else links them.
    """
    by_agency: dict[str, list[int]] = defaultdict(list)
    for k in members:
        by_agency[accounts[k].agency].append(k)
    lists = list(by_agency.values())
    for x, first in enumerate(lists):
        for second in lists[x + 1 :]:
            for rank, a in enumerate(first):
                for b in second[max(0, rank - CROWD_WINDOW) : rank + CROWD_WINDOW + 1]:
                    yield (a, b) if a < b else (b, a)


def _candidate_pairs(accounts: Sequence[_Account], crowds: _Crowds) -> list[tuple[int, int]]:
    """The pairs of one day's accounts that could be one event, in order.

    Comparing every pair grows with the square of a day's entries, so on a busy day
    (more than :data:`SMALL_DAY` entries) only these pairs are returned: two entries
    at the same minute; two entries whose shared words could reach the lowest word
    overlap :func:`_similar` looks at (counted through an index of the day's words);
    two entries of identical wording. Every pair :func:`_same` accepts is among
    them, unless the day holds a crowd (see :data:`CROWD`):

    - a minute holding more than ``CROWD`` entries (a default date and time) gives
      no pairs of its own; its entries are marked ``crowded``, and :func:`_same`
      then needs their words to match;
    - a word held by more than ``CROWD`` of the day's entries (and more than
      :data:`WORD_BUDGET` divided by their number) is left out of the index. Two
      word sets whose overlap reaches :data:`LOWEST_JACCARD` share one of the
      ``len - ceil(LOWEST_JACCARD * len) + 1`` rarest words of each (prefix
      filtering), so only an entry with that many words left out can miss a pair;
      such entries are counted. Identical wordings are still paired, a crowd of
      them by rank (see :func:`_rank_window_pairs`).

    Either is recorded in ``crowds`` for a warning: a day without one gets exactly
    the groups of comparing every pair.
    """
    if len(accounts) <= SMALL_DAY:
        return _small_day_pairs(accounts)
    pairs: set[tuple[int, int]] = set()
    at_minute: dict[int, list[int]] = defaultdict(list)
    same_wording: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for k, account in enumerate(accounts):
        if account.minutes is not None:
            at_minute[account.minutes].append(k)
        if account.sequence:
            same_wording[account.sequence].append(k)
    for minute, members in at_minute.items():
        if len(members) > CROWD:
            crowds.moments[minute] = len(members)
            for k in members:
                accounts[k].crowded = True
        else:
            pairs.update(_cross_pairs(members, accounts))

    # Words held by a crowd of the day's entries are left out of the index: listing
    # every pair that shares one would grow with the square of the crowd.
    crowd = max(CROWD, WORD_BUDGET // len(accounts))
    frequency = Counter(chain.from_iterable(account.words for account in accounts))
    common_words = {word for word, count in frequency.items() if count > crowd}
    own_words = [account.words - common_words for account in accounts]
    agencies = [account.agency for account in accounts]
    sizes = [len(account.words) for account in accounts]
    # Each entry is paired with the entries after it: the index holds those only (it is
    # filled from the last entry back), so an entry counts no word shared with one before.
    postings: dict[str, list[int]] = defaultdict(list)
    for k in range(len(accounts) - 1, -1, -1):
        size = sizes[k]
        if size:  # no words: never alike (see _similar)
            indexed = [postings[word] for word in own_words[k]]
            common = size - len(indexed)
            # Two word sets whose overlap reaches LOWEST_JACCARD share one of the
            # ``size - need + 1`` rarest words of each (prefix filtering); when that many
            # of this entry's words are not indexed, a pair sharing only those is not found.
            need = max(1, math.ceil(LOWEST_JACCARD * size - 1e-9))
            if len(indexed) < size - need + 1:
                crowds.words += 1
            agency = agencies[k]
            for other, shared in Counter(chain.from_iterable(indexed)).items():
                if agencies[other] == agency:
                    continue
                other_size = sizes[other]
                # At most this many words shared: the indexed ones and every common word.
                most = shared + (common if common < other_size - shared else other_size - shared)
                # most / (size + other_size - most) >= LOWEST_JACCARD, without dividing
                # (with a little slack for rounding: a spare candidate costs nothing)
                if most * (1 + LOWEST_JACCARD) + 1e-9 >= LOWEST_JACCARD * (size + other_size):
                    pairs.add((k, other))
        for word in own_words[k]:
            postings[word].append(k)
    for members in same_wording.values():
        if len(members) > crowd:
            pairs.update(_rank_window_pairs(members, accounts))
        elif len(members) > 1:
            pairs.update(_cross_pairs(members, accounts))
    return sorted(pairs)


def _small_day_pairs(accounts: Sequence[_Account]) -> list[tuple[int, int]]:
    """Every pair of a small day's accounts, in order, but those :func:`_same` is sure to
    refuse for what is cheapest to compare: one agency; both timed, further apart than
    :data:`TIME_TOLERANCE_MINUTES`; fewer shared words than :data:`LOWEST_JACCARD` needs
    (with a little slack for rounding: a spare pair costs nothing). The pairs left are
    compared in full; a day of 50 entries has 1,225 pairs, and calling :func:`_same` for
    each was most of the time an import spends linking."""
    agencies = [account.agency for account in accounts]
    minutes = [account.minutes for account in accounts]
    words = [account.words for account in accounts]
    sizes = [len(w) for w in words]
    pairs: list[tuple[int, int]] = []
    count = len(accounts)
    for a in range(count):
        agency, minute, words_a, size = agencies[a], minutes[a], words[a], sizes[a]
        for b in range(a + 1, count):
            if agencies[b] == agency:
                continue
            other = minutes[b]
            if minute is not None and other is not None:
                if minute == other:
                    pairs.append((a, b))
                    continue
                if abs(minute - other) > TIME_TOLERANCE_MINUTES:
                    continue
            if (
                size
                and sizes[b]
                and len(words_a & words[b]) * (1 + LOWEST_JACCARD) + 1e-9
                >= LOWEST_JACCARD * (size + sizes[b])
            ):
                pairs.append((a, b))
    return pairs


def link_duplicates(entries: Sequence[ChronologyEntry]) -> list[ChronologyEntry]:
    """Merge the entries and link cross-agency records of one event into groups.

    Groups are numbered 1, 2, ... in merged order of their first member. A group
    never holds two entries from the same agency. Nothing is dropped and the input
    entries are never changed: an entry whose group changes is copied, and the
    result holds exactly the input entries, in merged order.
    """
    return link_and_note(entries)[0]


def link_and_note(
    entries: Sequence[ChronologyEntry],
) -> tuple[list[ChronologyEntry], list[Problem]]:
    """:func:`link_duplicates`, and a warning for each day whose crowds were not compared in full.

    Returns:
        The merged, linked entries, and one warning per crowded moment (more than
        :data:`CROWD` entries at one date and minute: linked only on their words)
        and per day where common words left some entries with fewer comparisons,
        at the first entry concerned.
    """
    merged = merge(entries)
    by_date: dict[dt.date, list[int]] = defaultdict(list)
    for index, entry in enumerate(merged):
        if entry.date is not None and entry.error is None:
            by_date[entry.date].append(index)

    warnings: list[Problem] = []
    group_of: dict[int, list[int]] = {}
    for date, indices in by_date.items():
        groups, found = link_day(date, [merged[i] for i in indices])
        for members in groups:
            joined = [indices[k] for k in members]
            for k in joined:
                group_of[k] = joined
        warnings.extend(found)

    numbered: dict[int, int] = {}
    for index, entry in enumerate(merged):
        group = group_of.get(index)
        number = None
        if group is not None:
            number = numbered.setdefault(group[0], len(numbered) + 1)
        if entry.duplicate_group != number:
            merged[index] = entry.model_copy(update={"duplicate_group": number})
    return merged, warnings


def link_day(date: dt.date, day: Sequence[Linkable]) -> tuple[list[list[int]], list[Problem]]:
    """Link one date's entries (dated, none needing attention, in merged order).

    The step :func:`link_and_note` takes for each date, also taken by an import that
    links a day at a time from the database (``storage.bulk``), so that both give the
    same groups and warnings.

    Returns:
        The groups of two or more entries, each the sorted positions of its members in
        ``day``, and the day's crowd warnings.
    """
    if len(day) < 2 or len({entry.agency for entry in day}) < 2:
        return [], []
    accounts = [_account(entry) for entry in day]
    crowds = _Crowds()
    group_of: dict[int, list[int]] = {}
    for a, b in _candidate_pairs(accounts, crowds):
        if not _same(accounts[a], accounts[b]):
            continue
        group_a = group_of.get(a, [a])
        group_b = group_of.get(b, [b])
        if group_a is group_b:
            continue
        agencies_a = {day[k].agency for k in group_a}
        if any(day[k].agency in agencies_a for k in group_b):
            continue  # one agency's two records are never one event's two accounts
        joined = sorted(group_a + group_b)
        for k in joined:
            group_of[k] = joined
    groups = list({id(group): group for group in group_of.values()}.values())
    groups.sort(key=lambda group: group[0])
    return groups, _crowd_warnings(date, day, accounts, crowds)


def _crowd_warnings(
    date: dt.date,
    day: Sequence[Linkable],
    accounts: Sequence[_Account],
    crowds: _Crowds,
) -> list[Problem]:
    when = f"{date.day:02d}/{date.month:02d}/{date.year:04d}"
    warnings: list[Problem] = []
    for minute, count in sorted(crowds.moments.items()):
        first = next(e for e, a in zip(day, accounts, strict=True) if a.minutes == minute)
        warnings.append(
            Problem(
                first.location,
                f"{count:,} entries at {when} {minute // 60:02d}:{minute % 60:02d} "
                f"(more than {CROWD}: a default date and time?); the shared time is not "
                "taken as one event, so these are linked as duplicates only where their "
                "words match",
                Severity.WARNING,
            )
        )
    if crowds.words:
        crowd = max(CROWD, WORD_BUDGET // len(day))
        warnings.append(
            Problem(
                day[0].location,
                f"{len(day):,} entries on {when}: {crowds.words:,} of them share words with "
                f"more than {crowd} others, too many to compare every pair; two of them alike "
                "only in those words may not be linked as duplicates (identical wordings are)",
                Severity.WARNING,
            )
        )
    return warnings


def mark_in_period(
    entries: Iterable[ChronologyEntry], start: dt.date | None, end: dt.date | None
) -> None:
    """Set ``in_period`` on each entry against the review's scope (undated entries count as in).

    An entry that spans days (a range, a month, a season...) is in when any of its days is.
    """
    for entry in entries:
        date = entry.date
        if date is None:
            inside = True
        else:
            last = date
            if entry.end_date is not None or entry.date_precision is not Precision.DAY:
                last = _last_day(entry)
            inside = (start is None or last >= start) and (end is None or date <= end)
        if entry.in_period != inside:
            entry.in_period = inside


def _last_day(entry: ChronologyEntry) -> dt.date:
    assert entry.date is not None
    if entry.end_date is not None:
        return entry.end_date
    if entry.date_precision is Precision.DAY:
        return entry.date
    return period_last_day(entry.date, entry.date_precision)
