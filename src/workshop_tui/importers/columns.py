"""Which column fed which field: warnings about a file's columns, and remapping them later.

At import, :func:`column_warnings` says what the synonyms could not decide or may have
missed (a tie, no event column, a column read as a field but empty in every row), so a
column is never lost without a word. After import, the lead can say which header is
which field for one agency: :func:`remap_entries` rebuilds that agency's entries from
their cells exactly as the import would have read them with that mapping.

An entry's cells come from what the review keeps: a bad row's ``raw`` cells (kept
whole); for a good row, its fields under the headers recorded in ``Agency.sources``
plus its ``extra`` columns. The date and time of a good row are written back as
``dd/mm/yyyy`` and ``HH:MM`` (``c.`` first if approximate), which read back the same.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from workshop_tui.domain.dates import format_date, show_date
from workshop_tui.domain.display import visible
from workshop_tui.domain.entry_fixes import REMAPPED_FIELDS
from workshop_tui.domain.models import ChronologyEntry, SourceColumns
from workshop_tui.domain.problems import Problem, Severity
from workshop_tui.importers.headers import FIELD_LABELS, FIELDS, HeaderMap, quoted_header
from workshop_tui.importers.rows import TEXT_FIELDS, RowBuilder, RowResult

_DATE_FIELDS = frozenset(
    {"date", "time", "date_approximate", "date_precision", "end_date", "error"}
)

#: The choice "keep as another column" in a mapping (no field).
KEEP = ""


#: Where a good row's field goes when its agency has no recorded headers (a review
#: imported before they were recorded): a name per field, in brackets.
LEGACY_HEADERS: dict[str, str] = {name: f"(read as {FIELD_LABELS[name]})" for name in FIELDS}


def _location(source_file: str, part: str) -> str:
    return f"{source_file}[{part}]" if part else source_file


def source_columns(source_file: str, result: RowResult) -> list[SourceColumns]:
    """How each part of one file was read, to keep with its agency (``Agency.sources``)."""
    return [
        SourceColumns(
            source_file=source_file,
            source_part=part,
            headers=list(header_map.keys),
            fields={name: header_map.keys[index] for name, index in header_map.columns.items()},
        )
        for part, header_map in result.header_maps
    ]


def column_warnings(source_file: str, result: RowResult) -> list[Problem]:
    """Warnings about one file's columns, once per header row.

    A tie the header matching settled; no column read as the event text (naming the
    headers seen); a column read as a field but empty in every row, when other text of
    the file went to a column that fills no field.

    Args:
        source_file: The file, as located in messages.
        result: What the file's reader returned.

    Returns:
        Warnings located at the file (and its sheet or table).
    """
    watch = ColumnWatch()
    for entry in result.entries:
        watch.see(entry)
    return watch.warnings(source_file, result)


class ColumnWatch:
    """What :func:`column_warnings` needs of a file's entries, taken one entry at a time
    (an import that streams its rows): per file part, whether any entry holds text in a
    column that fills no field, and which columns and fields hold text in some entry."""

    __slots__ = ("_extra", "_fields", "_keys")

    def __init__(self) -> None:
        self._extra: set[str] = set()
        self._keys: dict[str, set[str]] = defaultdict(set)
        self._fields: dict[str, set[str]] = defaultdict(set)

    def see(self, entry: ChronologyEntry) -> None:
        """Take one entry of the file."""
        part = entry.source_part
        if entry.extra:
            self._extra.add(part)
        if entry.raw:
            self._keys[part].update(key for key, text in entry.raw.items() if text)
        if entry.error is not None:
            return
        fields = self._fields[part]
        if len(fields) == _ALL_FIELDS:
            return
        fields.add("date")
        if entry.time is not None:
            fields.add("time")
        if entry.end_date is not None:
            fields.add("end_date")
        for name in TEXT_FIELDS:  # a field already seen is not looked at again
            if name not in fields and getattr(entry, name):
                fields.add(name)

    def _has_text(self, parts: set[str], name: str, key: str) -> bool:
        return any(key in self._keys[p] or name in self._fields[p] for p in parts)

    def warnings(self, source_file: str, result: RowResult) -> list[Problem]:
        """:func:`column_warnings` for the entries seen (``result`` gives the header maps)."""
        warnings: list[Problem] = []
        seen: dict[int, list[str]] = {}
        maps: list[tuple[str, HeaderMap]] = []
        for part, header_map in result.header_maps:
            if id(header_map) not in seen:
                seen[id(header_map)] = []
                maps.append((part, header_map))
            seen[id(header_map)].append(part)
        for part, header_map in maps:
            where = _location(source_file, part)
            parts = set(seen[id(header_map)])
            for tie in header_map.ties:
                warnings.append(Problem(where, tie, Severity.WARNING))
            if "event" not in header_map.columns:
                shown = ", ".join(
                    visible(h, one_line=True, limit=80) for h in header_map.headers if h
                )
                warnings.append(
                    Problem(
                        where,
                        "no column was read as the event text; headers seen: "
                        f"{shown or '(none)'} (remap the columns in the app: "
                        'Chronology, ctrl+k; or add columns = { event = "..." } in case.toml)',
                        Severity.WARNING,
                    )
                )
            # A column read as a field but empty in every row is worth a word only when
            # some of the file's text went to a column that fills no field: the synonyms
            # may have picked the wrong column. Otherwise nothing is lost (a template's
            # optional time or analysis column left empty).
            if not parts & self._extra:
                continue
            for name, index in sorted(header_map.columns.items(), key=lambda c: c[1]):
                if not self._has_text(parts, name, header_map.key(index)):
                    warnings.append(
                        Problem(
                            where,
                            f"the column {quoted_header(header_map.key(index))} was read as "
                            f"{FIELD_LABELS[name]} but is empty in every row",
                            Severity.WARNING,
                        )
                    )
        return warnings


_ALL_FIELDS = 3 + len(TEXT_FIELDS)


# --- remapping after import --------------------------------------------------------------


def _sources_by_part(sources: Iterable[SourceColumns]) -> dict[tuple[str, str], SourceColumns]:
    return {(s.source_file, s.source_part): s for s in sources}


def entry_cells(entry: ChronologyEntry, source: SourceColumns | None) -> dict[str, str]:
    """An entry's cells by header, in column order, as well as the review still knows them.

    A bad row's ``raw`` cells are exact. A good row's are its fields under the headers
    recorded for its file (``source``) and its ``extra`` columns; without ``source``
    (headers not recorded), its fields go under :data:`LEGACY_HEADERS`.
    """
    if entry.raw:
        return dict(entry.raw)
    values = _field_texts(entry)
    if source is None:
        cells = {LEGACY_HEADERS[name]: text for name, text in values.items() if text}
        cells.update(entry.extra)
        return cells
    header_of = {header: name for name, header in source.fields.items()}
    cells = {}
    for header in source.headers:
        name = header_of.get(header)
        cells[header] = values.get(name, "") if name else entry.extra.get(header, "")
    for header, text in entry.extra.items():  # cells beyond the header row
        cells.setdefault(header, text)
    return cells


def _field_texts(entry: ChronologyEntry) -> dict[str, str]:
    date = ""
    if entry.date is not None:
        date = show_date(
            entry.date, approximate=entry.date_approximate, precision=entry.date_precision
        )
    time = entry.time.strftime("%H:%M") if entry.time is not None else ""
    values = {name: getattr(entry, name) for name in TEXT_FIELDS}
    values["date"] = date
    values["time"] = time
    values["end_date"] = format_date(entry.end_date) if entry.end_date is not None else ""
    return values


def headers_seen(entries: Iterable[ChronologyEntry], sources: Iterable[SourceColumns]) -> list[str]:
    """Every header of an agency's files, in file and column order, each once."""
    sources = list(sources)
    by_part = _sources_by_part(sources)
    headers: dict[str, None] = {h: None for s in sources for h in s.headers}
    for entry in entries:
        source = by_part.get((entry.source_file, entry.source_part))
        if entry.raw or source is None:
            headers.update(dict.fromkeys(entry_cells(entry, source)))
        else:
            headers.update(dict.fromkeys(entry.extra))
    return list(headers)


def current_mapping(
    entries: Iterable[ChronologyEntry], sources: Iterable[SourceColumns]
) -> dict[str, str]:
    """Header to field as the entries were read (:data:`KEEP` for another column)."""
    sources = list(sources)
    headers = headers_seen(entries, sources)
    mapping = dict.fromkeys(headers, KEEP)
    for source in sources:
        for name, header in source.fields.items():
            mapping.setdefault(header, name)
            if mapping[header] == KEEP:
                mapping[header] = name
    for name, header in LEGACY_HEADERS.items():
        if header in mapping:
            mapping[header] = name
    return mapping


def header_groups(
    entries: Iterable[ChronologyEntry], sources: Iterable[SourceColumns]
) -> list[tuple[str, ...]]:
    """The distinct header rows of an agency's entries (one per file part, as a rule)."""
    by_part = _sources_by_part(sources)
    groups: dict[tuple[str, ...], None] = {}
    for entry in entries:
        source = by_part.get((entry.source_file, entry.source_part))
        groups[tuple(entry_cells(entry, source))] = None
    return list(groups)


def mapping_problem(
    mapping: Mapping[str, str], groups: Iterable[Sequence[str]] | None = None
) -> str | None:
    """Why a mapping cannot be used, or None.

    Within each header row (``groups``: each file's headers; by default every header of
    the mapping as one row) a field may be filled by one column only, and a date column
    is needed. Two files may call their date column differently.
    """
    unknown = {name for name in mapping.values() if name != KEEP} - set(FIELDS)
    if unknown:
        return f"unknown field {', '.join(sorted(unknown))}"
    rows = [list(mapping)] if groups is None else [list(g) for g in groups]
    for headers in rows:
        chosen: dict[str, list[str]] = {}
        for header in headers:
            name = mapping.get(header, KEEP)
            if name != KEEP:
                chosen.setdefault(name, []).append(header)
        for name in FIELDS:
            twice = chosen.get(name, [])
            if len(twice) > 1:
                shown = " and ".join(quoted_header(h) for h in twice)
                return f"{shown} are both read as {FIELD_LABELS[name]}: choose one"
        if "date" not in chosen:
            among = ", ".join(quoted_header(h) for h in headers)
            return f"choose the column that holds the date (among {among})"
    return None


@dataclass(slots=True)
class Remapped:
    """An agency's entries rebuilt with a new mapping.

    Attributes:
        entries: Every entry, rebuilt (ids, agency, source, flags and links kept).
        problems: A problem per row that now needs attention (as the import says it).
        sources: The agency's recorded headers with the new mapping.
        kept_by_hand: How many entries kept fields corrected by hand.
    """

    entries: list[ChronologyEntry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    sources: list[SourceColumns] = field(default_factory=list)
    kept_by_hand: int = 0


def remap_entries(
    entries: Sequence[ChronologyEntry],
    sources: Sequence[SourceColumns],
    mapping: Mapping[str, str],
    corrected: Mapping[int, Iterable[str]] | None = None,
) -> Remapped:
    """Rebuild an agency's entries from their cells with ``mapping`` (header to field).

    Each row is read as the import reads it (:class:`RowBuilder`): dates parsed again,
    a row whose date does not read becomes an entry that needs attention (its cells kept
    in ``raw``), every column mapped to no field goes to ``extra``. What a person decided
    stays: the id, flags, duplicate links, ``in_period`` (the caller marks it again),
    and any field corrected by hand (``corrected``: entry id to field names).

    Args:
        entries: One agency's entries.
        sources: The agency's recorded headers (``Agency.sources``).
        mapping: Header to field name, or :data:`KEEP`; headers not named are kept.
        corrected: Entry id to the fields a person corrected by hand.

    Returns:
        The rebuilt entries in the order given, their problems and the new sources.

    Raises:
        ValueError: The mapping cannot be used (see :func:`mapping_problem`).
    """
    problem = mapping_problem(mapping, header_groups(entries, sources) if entries else None)
    if problem is not None:
        raise ValueError(problem)
    by_part = _sources_by_part(sources)
    builders: dict[tuple[str, ...], HeaderMap] = {}
    result = Remapped()
    corrected = corrected or {}
    for entry in entries:
        cells = entry_cells(entry, by_part.get((entry.source_file, entry.source_part)))
        headers = tuple(cells)
        header_map = builders.get(headers)
        if header_map is None:
            header_map = _header_map(headers, mapping)
            builders[headers] = header_map
        rows = RowResult()
        RowBuilder(entry.agency, entry.source_file, entry.source_part, header_map).add(
            list(cells.values()), entry.source_line, rows
        )
        if not rows.entries:  # every cell empty: nothing to rebuild from
            result.entries.append(entry)
            continue
        rebuilt = rows.entries[0]
        values = {name: getattr(rebuilt, name) for name in REMAPPED_FIELDS}
        values["raw"] = rebuilt.raw if rebuilt.error is not None else entry.raw
        by_hand = set(corrected.get(entry.id or -1, ()))
        if by_hand:
            result.kept_by_hand += 1
            if by_hand & _DATE_FIELDS:
                by_hand |= _DATE_FIELDS
            for name in by_hand & set(REMAPPED_FIELDS):
                values[name] = getattr(entry, name)
        if values["error"] is not None:
            result.problems.append(Problem(entry.location, values["error"]))
        result.entries.append(entry.model_copy(update=values))
    result.sources = [
        source.model_copy(
            update={
                "fields": {
                    name: header
                    for header in source.headers
                    if (name := mapping.get(header, KEEP)) != KEEP
                }
            }
        )
        for source in sources
    ]
    return result


def _header_map(headers: Sequence[str], mapping: Mapping[str, str]) -> HeaderMap:
    columns = {
        name: index
        for index, header in enumerate(headers)
        if (name := mapping.get(header, KEEP)) != KEEP
    }
    taken = set(columns.values())
    extra = tuple((i, h) for i, h in enumerate(headers) if i not in taken)
    return HeaderMap(tuple(headers), tuple(headers), columns, extra)


def changed_fields(old: ChronologyEntry, new: ChronologyEntry) -> list[str]:
    """The remapped fields (and ``raw``, ``in_period``) that differ between two entries."""
    return [
        name
        for name in (*REMAPPED_FIELDS, "raw", "in_period")
        if getattr(old, name) != getattr(new, name)
    ]
