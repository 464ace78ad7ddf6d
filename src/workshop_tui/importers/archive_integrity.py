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

from collections.abc import Sequence
from typing import Any

from workshop_tui.domain.capture_kinds import CAPTURE_KINDS
from workshop_tui.domain.models import Model, ReviewData
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


def integers_out_of_range(document: Any, label: str) -> list[Problem]:
    """The first whole number in ``document`` that SQLite cannot store, with its JSON path.

    Walked iteratively in document order (a hostile archive must not exhaust the stack).
    """
    stack: list[tuple[Any, str]] = [(document, "$")]
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


def duplicate_ids(data: ReviewData, label: str) -> list[Problem]:
    """Every id used twice within one kind of record (and every agency key used twice)."""
    problems: list[Problem] = []
    for field, what in ID_KINDS.items():
        records: Sequence[Model] = getattr(data, field)
        first_at: dict[int, int] = {}
        for index, record in enumerate(records):
            record_id = getattr(record, "id", None)
            if record_id is None:
                continue
            if record_id in first_at:
                problems.append(
                    Problem(
                        label,
                        f"$.{field}[{index}].id: {what} id {record_id} is used again "
                        f"(first by $.{field}[{first_at[record_id]}]); ids must be unique",
                    )
                )
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
    return problems


def unknown_agencies(data: ReviewData, label: str) -> list[Problem]:
    """Entries whose agency key names no agency of the archive."""
    keys = {agency.key for agency in data.agencies}
    return [
        Problem(label, f"$.entries[{index}].agency: no agency with key {entry.agency!r}")
        for index, entry in enumerate(data.entries)
        if entry.agency not in keys
    ]


def first_problems(problems: list[Problem], label: str) -> list[Problem]:
    """At most :data:`MAX_PROBLEMS` of ``problems``, with a word for the rest."""
    if len(problems) <= MAX_PROBLEMS:
        return problems
    rest = len(problems) - MAX_PROBLEMS
    return [*problems[:MAX_PROBLEMS], Problem(label, f"and {rest} more problem(s) like these")]
