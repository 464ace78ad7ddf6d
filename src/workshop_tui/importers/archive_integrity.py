"""An archive's records must hang together before any of them is written.

An archive is a file someone sent, and may be forged. Its records refer to each other
by id (a perspective's KLOE and speaker, a finding's evidence); on import every id is
replaced by a new one and the links follow. Two records of a kind sharing an id would
make the links ambiguous (the last one used to win: a perspective could be
re-attributed to another speaker), and an integer beyond SQLite's 64-bit range ended
in a traceback when stored. Both are refused here, naming the JSON path of each
problem (first in document order), before anything is written.

Links that lead nowhere are refused by ``archive._dangling_links``.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from typing import Any

from workshop_tui.domain.capture_kinds import CAPTURE_KINDS
from workshop_tui.domain.models import ChronologyEntry, Model, ReviewData
from workshop_tui.domain.problems import Problem

SQLITE_MIN = -(2**63)
SQLITE_MAX = 2**63 - 1
"""SQLite's INTEGER range: every whole number in an archive must fit."""
MAX_PROBLEMS = 20
"""A forged archive may have a problem in each of a million records; the first ones say enough."""

#: The kinds of record whose ids other records refer to (and so must be unique), by the
#: ReviewData field that holds them, with the word for one.
ID_KINDS: dict[str, str] = {
    "participants": "participant",
    "kloes": "KLOE",
    "entries": "chronology entry",
    **{kind.plural: kind.kind for kind in CAPTURE_KINDS},
    "pseudonyms": "pseudonym",
    "workshop_log": "workshop log entry",
    "identifying_places": "identifying place",
    "meetings": "meeting",
    "meeting_notes": "meeting note",
    "meeting_attendance": "meeting attendance",
    "agencies": "agency",
}


def integers_out_of_range(document: Any, label: str, path: str = "$") -> list[Problem]:
    """The first whole number in ``document`` (found at ``path``) that SQLite cannot
    store, with its JSON path.

    Walked iteratively in document order (a hostile archive must not exhaust the stack).
    """
    stack: list[tuple[Any, str]] = [(document, path)]
    while stack:
        value, path = stack.pop()
        if isinstance(value, dict):
            stack.extend((v, f"{path}.{k}") for k, v in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend((v, f"{path}[{i}]") for i, v in reversed(list(enumerate(value))))
        elif (
            isinstance(value, int)
            and not isinstance(value, bool)
            and not SQLITE_MIN <= value <= SQLITE_MAX
        ):
            digits = str(value)
            shown = digits if len(digits) <= 30 else f"{digits[:12]}… ({len(digits)} digits)"
            return [
                Problem(
                    label,
                    f"{path}: {shown} is out of range; whole numbers must be between "
                    f"{SQLITE_MIN} and {SQLITE_MAX}",
                )
            ]
    return []


class EntryIds:
    """What the referential checks need of each chronology entry, kept compactly (about
    20 bytes an entry) while the entries themselves are read and let go: its index, id
    and agency key."""

    def __init__(self) -> None:
        self.count = 0
        self._index = array("q")
        self._ids = array("q")
        self._agency = array("I")
        self._keys: dict[str, int] = {}
        self.dropped = 0
        """Problems found beyond the first ones kept (a forged archive may have millions)."""

    def _kept(self, problems: list[Problem], problem: Problem) -> None:
        if len(problems) <= MAX_PROBLEMS:
            problems.append(problem)
        else:
            self.dropped += 1

    def add(self, entry: ChronologyEntry) -> None:
        """Note the next entry (index ``count``)."""
        # An id beyond SQLite's range is refused before these are asked (integers_out_of_range).
        if entry.id is not None and SQLITE_MIN <= entry.id <= SQLITE_MAX:
            self._index.append(self.count)
            self._ids.append(entry.id)
        self._agency.append(self._keys.setdefault(entry.agency, len(self._keys)))
        self.count += 1

    def repeated(self, label: str) -> list[Problem]:
        """Each entry whose id an earlier entry has, in order (as :func:`duplicate_ids`)."""
        ids = self._ids
        twice: set[int] = set()
        # A set of every id would hold ~70 bytes an entry: one share of the ids at a time.
        shares = max(1, len(ids) // 200_000)
        for share in range(shares):
            seen: set[int] = set()
            for value in ids:
                if value % shares == share:
                    if value in seen:
                        twice.add(value)
                    seen.add(value)
        if not twice:
            return []
        first_at: dict[int, int] = {}
        problems: list[Problem] = []
        for index, value in zip(self._index, ids, strict=True):
            if value not in twice:
                continue
            if value in first_at:
                self._kept(
                    problems, _used_again("entries", "chronology entry", index, value, first_at)
                )
            else:
                first_at[value] = index
        return problems

    def present(self, wanted: Iterable[int]) -> set[int]:
        """Those of ``wanted`` that are ids of entries."""
        wanted = set(wanted)
        return {value for value in self._ids if value in wanted} if wanted else set()

    def unknown_agencies(self, keys: set[str], label: str) -> list[Problem]:
        """Entries whose agency key is not one of ``keys`` (as :func:`unknown_agencies`)."""
        unknown = {code: key for key, code in self._keys.items() if key not in keys}
        if not unknown:
            return []
        problems: list[Problem] = []
        for index, code in enumerate(self._agency):
            if code in unknown:
                at = f"$.entries[{index}].agency"
                self._kept(problems, Problem(label, f"{at}: no agency with key {unknown[code]!r}"))
        return problems


def entry_ids_of(entries: Iterable[ChronologyEntry]) -> EntryIds:
    """:class:`EntryIds` of entries held in a list."""
    found = EntryIds()
    for entry in entries:
        found.add(entry)
    return found


def _used_again(
    field: str, what: str, index: int, record_id: int, first_at: dict[int, int]
) -> Problem:
    return Problem(
        "",
        f"$.{field}[{index}].id: {what} id {record_id} is used again "
        f"(first by $.{field}[{first_at[record_id]}]); ids must be unique",
    )


def duplicate_ids(data: ReviewData, label: str, entries: EntryIds | None = None) -> list[Problem]:
    """Every id used twice within one kind of record (and every agency key used twice);
    the chronology's entries from ``entries`` where given (they are not held)."""
    problems: list[Problem] = []
    for field, what in ID_KINDS.items():
        if field == "entries" and entries is not None:
            problems.extend(entries.repeated(label))
            continue
        records: Sequence[Model] = getattr(data, field)
        first_at: dict[int, int] = {}
        for index, record in enumerate(records):
            record_id = getattr(record, "id", None)
            if record_id is None:
                continue
            if record_id in first_at:
                problems.append(_used_again(field, what, index, record_id, first_at))
            else:
                first_at[record_id] = index
    keys: dict[str, int] = {}
    for index, agency in enumerate(data.agencies):
        if agency.key in keys:
            problems.append(
                Problem(
                    label,
                    f"$.agencies[{index}].key: agency key {agency.key!r} is used again "
                    f"(first by $.agencies[{keys[agency.key]}]); keys must be unique",
                )
            )
        else:
            keys[agency.key] = index
    return [Problem(label, p.message) if not p.location else p for p in problems]


def unknown_agencies(
    data: ReviewData, label: str, entries: EntryIds | None = None
) -> list[Problem]:
    """Entries whose agency key names no agency of the archive (of ``entries`` where given)."""
    keys = {agency.key for agency in data.agencies}
    if entries is not None:
        return entries.unknown_agencies(keys, label)
    return [
        Problem(label, f"$.entries[{index}].agency: no agency with key {entry.agency!r}")
        for index, entry in enumerate(data.entries)
        if entry.agency not in keys
    ]


def first_problems(problems: list[Problem], label: str, more: int = 0) -> list[Problem]:
    """At most :data:`MAX_PROBLEMS` of ``problems``, with a word for the rest (and for
    ``more`` problems found after them and not kept)."""
    if len(problems) + more <= MAX_PROBLEMS:
        return problems
    rest = len(problems) + more - MAX_PROBLEMS
    return [*problems[:MAX_PROBLEMS], Problem(label, f"and {rest} more problem(s) like these")]
