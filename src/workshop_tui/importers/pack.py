"""A case pack folder (case.toml and chronologies/) read into one ReviewData.

What cannot be used at all (no case.toml, an invalid case.toml, an unreadable
chronology file, a file with no date column) stops the import with an
:class:`InputError` listing every such problem. A chronology file case.toml lists
that is not there yet is a warning: its agency is outstanding (a review is set up
weeks before the chronologies arrive), and an empty or missing ``chronologies/``
makes a review with every agency still to come. A bad row does not: it is kept
as an entry that needs attention, with an error problem naming its file and
line. A file out of date order and entries outside the review period are
warnings.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import stat
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path

from workshop_tui.domain.agency_file import AgencyFile
from workshop_tui.domain.chronology import link_and_note, mark_in_period
from workshop_tui.domain.dates import Precision, format_date, period_last_day
from workshop_tui.domain.intake import AgencyRequest
from workshop_tui.domain.models import Agency, ChronologyEntry, Review, ReviewData, SourceColumns
from workshop_tui.domain.problems import CaseReading, InputError, Problem, Severity
from workshop_tui.importers.case_toml import (
    CASE_FILE,
    AgencySpec,
    default_agency_name,
    parse_case_toml,
)
from workshop_tui.importers.columns import column_warnings, source_columns
from workshop_tui.importers.csv_reader import read_csv
from workshop_tui.importers.docx_reader import read_docx
from workshop_tui.importers.file_kind import foreign_kind
from workshop_tui.importers.rows import RowResult, repeated_header_warnings
from workshop_tui.importers.xlsx_reader import read_xlsx

CHRONOLOGY_FOLDER = "chronologies"

Reader = Callable[[bytes, str, str, Mapping[str, str] | None], RowResult]

#: The chronology readers by file extension.
READERS: dict[str, Reader] = {".csv": read_csv, ".xlsx": read_xlsx, ".docx": read_docx}

#: The largest chronology file read (a 100,000-row CSV is about 15 MB).
MAX_FILE_BYTES = 256 * 1024 * 1024

_OLD_FORMATS = {
    ".xls": "an old Excel file; save it as .xlsx",
    ".doc": "an old Word file; save it as .docx",
    ".odt": "an OpenDocument text document (LibreOffice); save it as .docx",
    ".ods": "an OpenDocument spreadsheet (LibreOffice); save it as .xlsx or .csv",
    ".pdf": "a PDF document; ask for the file it was made from, or save it as .docx",
    ".rtf": "a Rich Text Format document; save it as .docx",
}


def read_chronology(
    data: bytes, source_file: str, agency: str, columns: Mapping[str, str] | None = None
) -> RowResult:
    """Read one chronology file of any supported type, chosen by its extension.

    Args:
        data: The file's bytes.
        source_file: Its path relative to the case pack, posix form.
        agency: The agency key.
        columns: Header overrides (field name to header).

    Returns:
        Entries in file order and the problems with individual rows.

    Raises:
        InputError: The file's type is not supported, or the file cannot be used at all.
    """
    suffix = Path(source_file).suffix.lower()
    foreign = foreign_kind(data)
    if foreign is not None:  # by its bytes, whatever the extension says
        raise InputError(Problem(source_file, f"cannot read this file: it is {foreign}"))
    reader = READERS.get(suffix)
    if reader is None:
        what = _OLD_FORMATS.get(suffix, "not a supported chronology type")
        raise InputError(
            Problem(
                source_file,
                f"cannot read {suffix or 'a file without extension'}: {what} "
                "(chronologies must be .csv, .xlsx or .docx)",
            )
        )
    result = reader(data, source_file, agency, columns or None)
    if result.repeated_headers:
        result.problems.extend(repeated_header_warnings(result))
    return result


def discover_agencies(pack: Path) -> tuple[list[AgencySpec], list[Problem]]:
    """One agency per file stem in ``chronologies/``, for a case.toml without ``[[agencies]]``.

    The key is the file stem; the name is the stem with underscores and hyphens as
    spaces, title-cased (``social_care.csv`` is "Social Care"). Files of other types
    are warned about and skipped; hidden files and Office lock files (``~$...``) are
    skipped silently.
    """
    folder = pack / CHRONOLOGY_FOLDER
    problems: list[Problem] = []
    by_key: dict[str, list[str]] = {}
    files = sorted(folder.iterdir()) if folder.is_dir() else []
    for file in files:
        if not file.is_file() or file.name.startswith((".", "~$")):
            continue
        relative = f"{CHRONOLOGY_FOLDER}/{file.name}"
        suffix = file.suffix.lower()
        if suffix not in READERS:
            what = _OLD_FORMATS.get(suffix, "not a chronology type")
            problems.append(
                Problem(
                    relative,
                    f"ignored: {what} (chronologies must be .csv, .xlsx or .docx)",
                    Severity.WARNING,
                )
            )
            continue
        by_key.setdefault(file.stem, []).append(relative)
    agencies = [
        AgencySpec(key, default_agency_name(key), tuple(paths)) for key, paths in by_key.items()
    ]
    if not agencies:
        problems.append(
            Problem(f"{CHRONOLOGY_FOLDER}/", "no chronology files found", Severity.WARNING)
        )
    return agencies, problems


def read_agency_bytes(
    content: bytes,
    source_file: str,
    agency: str,
    columns: Mapping[str, str] | None = None,
    review: Review | None = None,
) -> AgencyFile:
    """One agency's chronology file read as the pack import reads each of its files: the
    rows, the column warnings, the rows out of order and outside the review's period.

    Raises:
        InputError: the file cannot be used at all (its type, no date column).
    """
    result = read_chronology(content, source_file, agency, columns)
    problems = [*column_warnings(source_file, result), *result.problems]
    problems.extend(order_warnings(result.entries))
    if review is not None:
        problems.extend(period_warnings(result.entries, review.period_start, review.period_end))
    return AgencyFile(
        agency, source_file, result.entries, source_columns(source_file, result), problems
    )


def read_agency_file(
    file: Path,
    agency: str,
    columns: Mapping[str, str] | None = None,
    review: Review | None = None,
) -> AgencyFile:
    """One agency's chronology file from anywhere on disk, named in the review as if it were
    in the pack's ``chronologies/`` (``chronologies/police.csv``), so that a file added later
    reads exactly as the same file imported with the pack.

    Raises:
        InputError: the file is missing, unreadable or cannot be used at all.
    """
    source_file = f"{CHRONOLOGY_FOLDER}/{file.name}"
    try:
        content = _read_file(file)
    except FileNotFoundError:
        raise InputError(Problem(str(file), "file not found")) from None
    except OSError as error:
        raise InputError(Problem(str(file), f"cannot read: {error.strerror or error}")) from None
    try:
        read = read_agency_bytes(content, source_file, agency, columns, review)
    except InputError as error:
        raise InputError([_where_it_is(p, source_file, file) for p in error.problems]) from None
    if review is not None:
        mark_in_period(read.entries, review.period_start, review.period_end)
    read.problems[:] = [_where_it_is(p, source_file, file) for p in read.problems]
    return read


def _where_it_is(problem: Problem, source_file: str, file: Path) -> Problem:
    """A problem of the file as named in the review (``chronologies/police.csv:12``), named
    where the person has it (``~/Downloads/police.csv:12``): that is where they will look."""
    rest = problem.location.removeprefix(source_file)
    if rest == problem.location or rest[:1] not in ("", ":", "["):
        return problem
    return replace(problem, location=f"{file}{rest}")


def _load(path: Path) -> tuple[CaseReading | None, list[Problem], list[Problem]]:
    """Read a pack. Returns the result (None if unusable), fatal problems, other problems."""
    pack = path.parent if path.is_file() and path.name == CASE_FILE else path
    if not pack.is_dir():
        return None, [Problem(str(path), "not a case pack: no such folder")], []
    case_file = pack / CASE_FILE
    root = pack.resolve()
    refused = _link_refused(case_file, root)
    if refused is not None:
        return None, [Problem(CASE_FILE, refused)], []
    try:
        case_bytes = _read_file(case_file)
    except FileNotFoundError:
        return None, [Problem(str(pack), f"not a case pack: there is no {CASE_FILE} in it")], []
    except OSError as error:
        return None, [Problem(CASE_FILE, f"cannot read: {error.strerror or error}")], []

    config, fatal = parse_case_toml(case_bytes)
    others: list[Problem] = []
    if config.agencies is None:
        agency_specs, found = discover_agencies(pack)
        others.extend(found)
    else:
        agency_specs = config.agencies

    entries: list[ChronologyEntry] = []
    sources: dict[str, list[SourceColumns]] = {}
    outstanding: list[str] = []
    for spec in agency_specs:
        for source_file in spec.files:
            file = pack / source_file
            if not file.resolve().is_relative_to(root):
                fatal.append(Problem(source_file, "refused: the path leads outside the case pack"))
                continue
            try:
                content = _read_file(file)
            except FileNotFoundError:
                # Chronologies arrive over weeks: a review is set up before they do.
                if spec.key not in outstanding:
                    outstanding.append(spec.key)
                others.append(
                    Problem(
                        source_file,
                        f'not there yet: agency "{spec.key}" ({spec.name}) is outstanding; '
                        f"add it later with add-chronology REF FILE --agency {spec.key}",
                        Severity.WARNING,
                    )
                )
                continue
            except OSError as error:
                fatal.append(Problem(source_file, f"cannot read: {error.strerror or error}"))
                continue
            try:
                read = read_agency_bytes(
                    content, source_file, spec.key, spec.columns, config.review
                )
            except InputError as error:
                fatal.extend(error.problems)
                continue
            sources.setdefault(spec.key, []).extend(read.sources)
            others.extend(read.problems)
            entries.extend(read.entries)

    if fatal or config.review is None:
        return None, fatal, others
    review = config.review
    linked, crowded = link_and_note(entries)
    others.extend(crowded)
    mark_in_period(linked, review.period_start, review.period_end)
    data = ReviewData(
        review=review,
        agencies=[
            Agency(key=spec.key, name=spec.name, sources=sources.get(spec.key, []))
            for spec in agency_specs
        ],
        participants=config.participants,
        kloes=config.kloes,
        entries=linked,
        pseudonyms=config.pseudonyms,
    )
    requests = [
        AgencyRequest(
            agency=spec.key, requested=spec.requested, due=spec.due, columns=dict(spec.columns)
        )
        for spec in agency_specs
    ]
    return CaseReading(data, others, requests, outstanding), fatal, others


def _link_refused(file: Path, root: Path) -> str | None:
    """Why ``file`` (a symbolic link) must not be read, or None when it may be.

    A link that leads outside the pack would import whatever file it names (another
    review's case.toml, say), as chronology files that lead outside already are refused;
    a link to nothing gets its own sentence rather than "not found".
    """
    if not file.is_symlink():
        return None
    try:
        target = os.readlink(file)
    except OSError:
        target = "somewhere unreadable"
    if not file.exists():
        return f"a symbolic link to {target}, which does not exist"
    if not file.resolve().is_relative_to(root):
        return f"refused: a symbolic link to {target}, which is outside the case pack"
    return None


def _read_file(file: Path) -> bytes:
    """A regular file's bytes; a pipe or device (which could block for ever) is refused.

    Raises:
        FileNotFoundError: No such file.
        OSError: Not a regular file, too large, or unreadable (``strerror`` says which).
    """
    info = file.stat()
    if not stat.S_ISREG(info.st_mode):
        raise OSError(errno.EINVAL, "not a regular file (a folder, pipe or device?)")
    if info.st_size > MAX_FILE_BYTES:
        raise OSError(
            errno.EFBIG,
            f"the file is {info.st_size / 1024 / 1024:,.0f} MB; "
            f"the limit is {MAX_FILE_BYTES // 1024 // 1024} MB",
        )
    return file.read_bytes()


def read_pack(path: Path) -> CaseReading:
    """Read a case pack folder into a review with its merged, linked chronology.

    Args:
        path: The pack folder (or its case.toml).

    Returns:
        The review data (entries merged, duplicates linked, ``in_period`` set, ids None)
        and the non-fatal problems: bad rows (errors) and warnings.

    Raises:
        InputError: The pack cannot be used at all; it carries every fatal problem found.
    """
    result, fatal, _ = _load(Path(path))
    if result is None:
        raise InputError(fatal or [Problem(str(path), "not a usable case pack")])
    return result


def check_pack(path: Path) -> list[Problem]:
    """Every problem in a case pack, fatal or not, without raising for bad input.

    Args:
        path: The pack folder (or its case.toml).

    Returns:
        Fatal problems first, then bad rows and warnings in the order found.
    """
    _, fatal, others = _load(Path(path))
    return [*fatal, *others]


def order_warnings(entries: list[ChronologyEntry]) -> list[Problem]:
    """A warning per file part whose dated entries go backwards, at the first such row.

    Args:
        entries: One file's entries in file order.

    Returns:
        Warnings like ``police.csv:9: warning: out of date order: 03/02/2023 comes after
        05/03/2023``, with a count when more rows are out of order.
    """
    warnings: list[Problem] = []
    previous: dict[str, ChronologyEntry] = {}
    first: dict[str, tuple[ChronologyEntry, ChronologyEntry]] = {}
    counts: dict[str, int] = {}
    for entry in entries:
        if entry.date is None:
            continue
        before = previous.get(entry.source_part)
        # A vaguer date is out of order only when its whole period is before the row
        # above: "May 2016" after 20/05/2016 is in order.
        last = entry.date
        if entry.date_precision is not Precision.DAY:
            last = period_last_day(entry.date, entry.date_precision)
        if before is not None and before.date is not None and last < before.date:
            counts[entry.source_part] = counts.get(entry.source_part, 0) + 1
            first.setdefault(entry.source_part, (entry, before))
        previous[entry.source_part] = entry
    for part, (entry, before) in first.items():
        assert entry.date is not None and before.date is not None
        more = counts[part] - 1
        suffix = f" ({more} more rows out of order)" if more else ""
        warnings.append(
            Problem(
                entry.location,
                f"out of date order: {entry.when} comes after {before.when}{suffix}",
                Severity.WARNING,
            )
        )
    return warnings


def period_warnings(
    entries: list[ChronologyEntry], start: dt.date | None, end: dt.date | None
) -> list[Problem]:
    """One warning per file for entries outside the review period, at the first of them.

    Args:
        entries: One file's entries.
        start: The review period's first day, if set.
        end: The review period's last day, if set.

    Returns:
        At most one warning, naming the first such entry and the count.
    """
    outside = [
        entry
        for entry in entries
        if entry.date is not None
        and ((start is not None and entry.date < start) or (end is not None and entry.date > end))
    ]
    if not outside:
        return []
    period = f"{format_date(start) if start else '...'} to {format_date(end) if end else '...'}"
    first = outside[0]
    assert first.date is not None
    count = len(outside)
    noun = "entry is" if count == 1 else "entries are"
    return [
        Problem(
            first.location,
            f"{count} {noun} outside the review period {period} "
            f"(first: {format_date(first.date)}); they are kept and marked out of period",
            Severity.WARNING,
        )
    ]
