"""Which column is which: chronology headers matched against a table of synonyms.

Headers are compared after :func:`normalise_header`: case, spaces and
punctuation are ignored and ``&`` reads as ``and``, so ``Date/Time``,
``date / time`` and ``DATE-TIME`` are one header. A ``columns`` table in
``case.toml`` overrides the synonyms for one agency. The first column that maps
to a field wins; every other column is kept verbatim in ``extra``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

#: The chronology fields a column can fill, in the order they are shown.
FIELDS: tuple[str, ...] = ("date", "time", "practitioner", "event", "outcome", "analysis")

#: Header synonyms per field, as agencies write them (documented in the README).
#: A date column may hold a time as well (``03/03/2023 14:20``); it then fills both.
HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "date": (
        "Date",
        "Date of contact",
        "Date/Time",
        "Date and time",
        "Date & time",
        "Contact date",
        "Event date",
        "Date of event",
        "Date of entry",
        "Entry date",
        "Date seen",
        "When",
    ),
    "time": ("Time", "Time of contact", "Contact time", "Event time"),
    "practitioner": (
        "Practitioner",
        "Practitioner name",
        "Practitioner / role",
        "Worker",
        "Clinician",
        "Recorded by",
        "Entered by",
        "Completed by",
        "Officer",
        "Staff member",
        "Staff",
        "Author",
        "Professional",
        "Professional involved",
        "Name / role",
        "Name and role",
    ),
    "event": (
        "Event",
        "Events",
        "Event details",
        "Details",
        "Detail",
        "Details of contact",
        "Details of event",
        "Entry",
        "Summary",
        "Notes",
        "Case notes",
        "Description",
        "Contact details",
        "Event / contact",
        "Narrative",
        "What happened",
        "Information",
    ),
    "outcome": (
        "Outcome",
        "Outcomes",
        "Action taken",
        "Actions taken",
        "Action",
        "Actions",
        "Outcome / decision",
        "Decision / outcome",
        "Outcome / action",
        "Decision",
        "Decisions",
        "Result",
        "Next steps",
    ),
    "analysis": (
        "Analysis",
        "Significance",
        "Significance of event",
        "Analysis / significance",
        "Safeguarding considerations",
        "Safeguarding concerns",
        "Comments / analysis",
        "Comments",
        "Comment",
        "Agency analysis",
        "Reflection",
        "Reflections",
    ),
}


def normalise_header(text: str) -> str:
    """A header reduced for matching: lower case, letters and digits only, ``&`` as ``and``.

    Args:
        text: A header as it appears in the file.

    Returns:
        The matching key, e.g. ``"datetime"`` for ``"Date / Time:"``.
    """
    lowered = text.lower().replace("&", "and")
    return "".join(char for char in lowered if char.isalnum())


_LOOKUP: dict[str, str] = {
    normalise_header(synonym): field_name
    for field_name, synonyms in HEADER_SYNONYMS.items()
    for synonym in synonyms
}


def field_for_header(text: str) -> str | None:
    """The chronology field a header names by synonym, or None."""
    return _LOOKUP.get(normalise_header(text))


@dataclass(frozen=True, slots=True)
class HeaderMap:
    """How one header row maps to chronology fields.

    Attributes:
        headers: The header cells as read (stripped), one per column.
        keys: A unique name per column for ``extra`` and ``raw``: the header, or
            ``column N`` for a blank header, made unique with `` (2)``.
        columns: Field name to column index, for each mapped field.
        extra: ``(column index, key)`` for every column that maps to no field.
        unmatched_overrides: ``columns`` overrides whose header is not in the row.
    """

    headers: tuple[str, ...]
    keys: tuple[str, ...] = ()
    columns: dict[str, int] = field(default_factory=dict)
    extra: tuple[tuple[int, str], ...] = ()
    unmatched_overrides: tuple[tuple[str, str], ...] = ()

    @property
    def date_column(self) -> int | None:
        """Index of the date column, or None when the row has none."""
        return self.columns.get("date")

    def key(self, index: int) -> str:
        """The name of a column, including one beyond the header row (``column N``)."""
        return self.keys[index] if index < len(self.keys) else f"column {index + 1}"

    def problem(self) -> str | None:
        """Why these headers cannot be used (no date column, an override not found), or None."""
        found = ", ".join(f'"{h}"' for h in self.headers if h) or "(none)"
        if self.unmatched_overrides:
            field_name, header = self.unmatched_overrides[0]
            return (
                f'columns: {field_name} = "{header}" matches no header; headers found are {found}'
            )
        if self.date_column is None:
            example = next((h for h in self.headers if h), "When")
            return (
                f"no date column: headers found are {found}; add "
                f'columns = {{ date = "{example}" }} to this agency in case.toml'
            )
        return None


def map_headers(headers: Sequence[str], overrides: Mapping[str, str] | None = None) -> HeaderMap:
    """Map a header row to chronology fields.

    Args:
        headers: The header cells, one per column.
        overrides: Field name to header text, from ``columns`` in ``case.toml``; an
            override wins over any synonym (the header is matched after normalising).

    Returns:
        The mapping; check :meth:`HeaderMap.problem` before using it.
    """
    cleaned = tuple(header.strip() for header in headers)
    normalised = [normalise_header(header) for header in cleaned]
    columns: dict[str, int] = {}
    taken: set[int] = set()
    unmatched: list[tuple[str, str]] = []

    for field_name, header in (overrides or {}).items():
        wanted = normalise_header(header)
        index = next(
            (i for i, n in enumerate(normalised) if n == wanted and i not in taken and n), None
        )
        if index is None:
            unmatched.append((field_name, header))
            continue
        columns[field_name] = index
        taken.add(index)

    for index, key in enumerate(normalised):
        if index in taken:
            continue
        synonym_of = _LOOKUP.get(key)
        if synonym_of is not None and synonym_of not in columns:
            columns[synonym_of] = index
            taken.add(index)

    keys: list[str] = []
    used_keys: set[str] = set()
    for index, header in enumerate(cleaned):
        key = header or f"column {index + 1}"
        if key in used_keys:
            number = 2
            while f"{key} ({number})" in used_keys:
                number += 1
            key = f"{key} ({number})"
        used_keys.add(key)
        keys.append(key)
    extra = tuple((index, key) for index, key in enumerate(keys) if index not in taken)

    return HeaderMap(cleaned, tuple(keys), columns, extra, tuple(unmatched))


def find_header(
    rows: Iterable[Sequence[str]], overrides: Mapping[str, str] | None = None
) -> tuple[int, HeaderMap | None, list[HeaderMap]]:
    """The first of ``rows`` that is a usable header row; rows without text are passed over.

    Args:
        rows: The cell texts of the rows to search (the top of a file, sheet or table).
        overrides: ``columns`` from ``case.toml``.

    Returns:
        The header row's position in ``rows`` and its map, or ``(-1, None)``; and the maps
        of the rows with text before it, which are not header rows (for a message).
    """
    failures: list[HeaderMap] = []
    for position, texts in enumerate(rows):
        if not any(text.strip() for text in texts):
            continue
        header_map = map_headers(texts, overrides)
        if header_map.problem() is None:
            return position, header_map, failures
        failures.append(header_map)
    return -1, None, failures
