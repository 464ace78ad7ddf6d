"""Which column is which: chronology headers matched against a table of synonyms.

Headers are compared after :func:`normalise_header`: case, spaces and
punctuation are ignored and ``&`` reads as ``and``, so ``Date/Time``,
``date / time`` and ``DATE-TIME`` are one header. A ``columns`` table in
``case.toml`` overrides the synonyms for one agency.

Exact matches come first. A header that matches no synonym exactly but holds one
as a whole word or run of words (``Event / presentation``, ``Agency involvement /
event``, ``What happened (brief)``) then maps to that synonym's field, the longest
synonym first. Where a header could be two fields, or two headers one field, the
choice is made (the first column, the earlier word) and said in
:attr:`HeaderMap.ties`, which the import reports as a warning: nothing is chosen
silently. Every column that maps to no field is kept verbatim in ``extra``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from workshop_tui.domain.display import visible

#: The chronology fields a column can fill, in the order they are shown.
FIELDS: tuple[str, ...] = (
    "date",
    "time",
    "practitioner",
    "event",
    "outcome",
    "analysis",
    "end_date",
)

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
        "Start Date",
        "Date from",
        "When",
    ),
    "time": ("Time", "Time of contact", "Contact time", "Event time", "Start Time"),
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
    # The chronology merging tool's template (Sequence, Start Date, Start Time, End Date,
    # End Time, Source): an End Date makes the entry a range.
    "end_date": ("End Date", "Date to", "Finish date"),
}

#: Headers kept as other columns (``extra``) and never read as a field by their words:
#: the merging template's end time would otherwise rival its start time as the time.
KEPT_AS_COLUMNS: tuple[str, ...] = ("End Time", "Finish time", "Time to")


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

_KEPT = frozenset(normalise_header(header) for header in KEPT_AS_COLUMNS)

_WORD = re.compile(r"[^\W_]+")

#: A cell of more words than this is text, not a header: it is never matched by its words
#: (a title row such as "Chronology prepared by ... on the date of the referral").
MAX_HEADER_WORDS = 8

#: How each field is named in messages.
FIELD_LABELS: dict[str, str] = {
    "date": "the date",
    "time": "the time",
    "practitioner": "the practitioner",
    "event": "the event text",
    "outcome": "the outcome",
    "analysis": "the analysis",
    "end_date": "the end date",
}


def header_words(text: str) -> tuple[str, ...]:
    """A header's words, lower case, for matching by word (``&`` reads as ``and``).

    ``"Event / presentation"`` is ``("event", "presentation")``; punctuation separates words.
    """
    return tuple(_WORD.findall(text.lower().replace("&", " and ")))


#: Synonyms matched only as the whole header, never as a word in a longer one: "When"
#: starts headers that are no date ("When it happened" is refused with the fix to add).
EXACT_ONLY: frozenset[str] = frozenset({"When"})

# Every synonym as words, longest first, so that "Date of contact" is tried before "Date".
_WORD_SYNONYMS: tuple[tuple[tuple[str, ...], str], ...] = tuple(
    sorted(
        {
            (header_words(synonym), field_name)
            for field_name, synonyms in HEADER_SYNONYMS.items()
            for synonym in synonyms
            if synonym not in EXACT_ONLY
        },
        key=lambda pair: (-len(pair[0]), pair[0]),
    )
)


def fields_by_word(text: str) -> list[tuple[str, str]]:
    """The fields a header names by holding a synonym as whole words, best first.

    Args:
        text: A header as it appears in the file.

    Returns:
        ``(field, synonym words)`` per field, the best match first: the longest synonym,
        then the one that starts earlier in the header, then the order of :data:`FIELDS`.
        Empty for a header of more than :data:`MAX_HEADER_WORDS` words.
    """
    words = header_words(text)
    if not words or len(words) > MAX_HEADER_WORDS:
        return []
    best: dict[str, tuple[int, int, str]] = {}
    for synonym, field_name in _WORD_SYNONYMS:
        size = len(synonym)
        if size > len(words):
            continue
        for start in range(len(words) - size + 1):
            if words[start : start + size] == synonym:
                rank = (-size, start, " ".join(synonym))
                if field_name not in best or rank < best[field_name]:
                    best[field_name] = rank
                break
    order = sorted(best, key=lambda name: (best[name][:2], FIELDS.index(name)))
    return [(name, best[name][2]) for name in order]


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
        ties: What was chosen where a header could be two fields or two headers one
            field, one sentence each, for a warning.
    """

    headers: tuple[str, ...]
    keys: tuple[str, ...] = ()
    columns: dict[str, int] = field(default_factory=dict)
    extra: tuple[tuple[int, str], ...] = ()
    unmatched_overrides: tuple[tuple[str, str], ...] = ()
    ties: tuple[str, ...] = ()

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


def quoted_header(header: str) -> str:
    """A header for a message: quoted, on one line, hidden characters shown, at most 80."""
    return '"' + visible(header, one_line=True, limit=80) + '"'


def map_headers(
    headers: Sequence[str],
    overrides: Mapping[str, str] | None = None,
    *,
    by_words: bool = True,
) -> HeaderMap:
    """Map a header row to chronology fields.

    Overrides first, then exact synonyms (the first column wins a field), then, with
    ``by_words``, synonyms held as whole words by the headers still unmapped (see the
    module's docstring). Each choice between rivals is described in ``ties``.

    Args:
        headers: The header cells, one per column.
        overrides: Field name to header text, from ``columns`` in ``case.toml``; an
            override wins over any synonym (the header is matched after normalising).
        by_words: Also match synonyms held as words; False for exact matches only.

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

    ties: list[str] = []
    kept: set[int] = set()
    exact_rivals: dict[str, list[int]] = {}
    for index, key in enumerate(normalised):
        if index in taken:
            continue
        if key in _KEPT:
            kept.add(index)  # a column of its own: never a field, kept in extra below
            taken.add(index)
            continue
        synonym_of = _LOOKUP.get(key)
        if synonym_of is None:
            continue
        if synonym_of not in columns:
            columns[synonym_of] = index
            taken.add(index)
        elif synonym_of not in (overrides or {}):
            exact_rivals.setdefault(synonym_of, []).append(index)
    chosen_by_lead = set(overrides or {})

    word_rivals: dict[str, list[int]] = {}
    if by_words:
        for index, header in enumerate(cleaned):
            if index in taken or _LOOKUP.get(normalised[index]) is not None:
                continue
            matches = fields_by_word(header)
            if not matches:
                continue
            # Only the fields named by the longest synonym in the header are in contention
            # ("Event date (approx)" is a date column, never the event text).
            top = len(matches[0][1].split())
            contenders = [name for name, words in matches if len(words.split()) == top]
            for name in contenders:
                if name in columns and name not in chosen_by_lead:
                    word_rivals.setdefault(name, []).append(index)
            free = [name for name in contenders if name not in columns]
            if not free:
                continue
            chosen = free[0]
            columns[chosen] = index
            taken.add(index)
            if len(free) > 1:
                could = " or ".join(FIELD_LABELS[name] for name in free)
                ties.append(
                    f"header {quoted_header(header)} could be {could}; "
                    f"read as {FIELD_LABELS[chosen]}"
                )

    for name in FIELDS:
        losers = [*exact_rivals.get(name, []), *word_rivals.get(name, [])]
        if name not in columns or not losers:
            continue
        winner = columns[name]
        others = sorted(set(losers) - {winner})
        if not others:
            continue
        named = [quoted_header(cleaned[i]) for i in [winner, *others]]
        rest = ", ".join(named[1:])
        field_of = {index: field_name for field_name, index in columns.items()}
        fates = [
            f"{quoted_header(cleaned[i])} as {FIELD_LABELS[field_of[i]]}"
            if i in field_of
            else f"{quoted_header(cleaned[i])} kept as another column"
            for i in others
        ]
        ties.append(
            f"headers {named[0]} and {rest} could each be {FIELD_LABELS[name]}; "
            f"read {named[0]} as {FIELD_LABELS[name]}, {', '.join(fates)}"
        )

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
    extra = tuple(
        (index, key) for index, key in enumerate(keys) if index not in taken or index in kept
    )

    return HeaderMap(cleaned, tuple(keys), columns, extra, tuple(unmatched), tuple(ties))


def find_header(
    rows: Iterable[Sequence[str]],
    overrides: Mapping[str, str] | None = None,
    *,
    by_words: bool | None = None,
) -> tuple[int, HeaderMap | None, list[HeaderMap]]:
    """The first of ``rows`` that is a usable header row; rows without text are passed over.

    A row whose date column is found by exact synonyms wins over an earlier row (a title)
    that only holds a date synonym among other words; the header row's other columns are
    then matched by words as well.

    Args:
        rows: The cell texts of the rows to search (the top of a file, sheet or table).
        overrides: ``columns`` from ``case.toml``.
        by_words: How a row qualifies as the header row: None, by exact synonyms first and
            then by words; False, by exact synonyms only; True, by words only (a reader
            that tries several readings of a file, such as CSV delimiters, tries them all
            exactly before any by words).

    Returns:
        The header row's position in ``rows`` and its map, or ``(-1, None)``; and the maps
        of the rows with text before it, which are not header rows (for a message).
    """
    rows = [list(texts) for texts in rows]
    passes = (False, True) if by_words is None else (by_words,)
    failures: list[HeaderMap] = []
    for words in passes:
        failures = []
        for position, texts in enumerate(rows):
            if not any(text.strip() for text in texts):
                continue
            header_map = map_headers(texts, overrides, by_words=words)
            if header_map.problem() is None:
                if not words:
                    header_map = map_headers(texts, overrides)
                return position, header_map, failures
            failures.append(header_map)
    return -1, None, failures
