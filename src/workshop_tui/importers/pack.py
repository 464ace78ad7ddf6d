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
from collections.abc import Callable, Iterable, Iterator, Mapping
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
    CaseConfig,
    default_agency_name,
    parse_case_toml,
)
from workshop_tui.importers.columns import ColumnWatch, source_columns
from workshop_tui.importers.csv_reader import iter_csv, read_csv
from workshop_tui.importers.docx_reader import read_docx
from workshop_tui.importers.file_kind import foreign_kind
from workshop_tui.importers.rows import RowResult, repeated_header_warnings
from workshop_tui.importers.xlsx_reader import iter_xlsx, read_xlsx

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
    result = RowResult()
    result.entries = list(_iter_read(reader, data, source_file, agency, columns, result))
    return result


def iter_chronology(
    data: bytes,
    source_file: str,
    agency: str,
    columns: Mapping[str, str] | None,
    result: RowResult,
) -> Iterator[ChronologyEntry]:
    """:func:`read_chronology` as a stream: the entries are yielded as they are read (a CSV
    file's and a workbook's one at a time; a Word document's once the file is read:
    python-docx parses the whole document first, the library's floor), and
    ``result`` gains the header maps and, after the last entry, the problems.

    Raises:
        InputError: as :func:`read_chronology`, possibly after some entries were yielded.
    """
    suffix = Path(source_file).suffix.lower()
    foreign = foreign_kind(data)
    if foreign is not None:
        raise InputError(Problem(source_file, f"cannot read this file: it is {foreign}"))
    reader = READERS.get(suffix)
    if reader is None:
        read_chronology(data, source_file, agency, columns)  # raises with the message
        return
    yield from _iter_read(reader, data, source_file, agency, columns, result)


def _iter_read(
    reader: Reader,
    data: bytes,
    source_file: str,
    agency: str,
    columns: Mapping[str, str] | None,
    result: RowResult,
) -> Iterator[ChronologyEntry]:
    if reader is read_csv:
        yield from iter_csv(data, source_file, agency, columns or None, result)
    elif reader is read_xlsx:
        yield from iter_xlsx(data, source_file, agency, columns or None, result)
    else:
        read = reader(data, source_file, agency, columns or None)
        result.problems.extend(read.problems)
        result.header_maps.extend(read.header_maps)
        result.repeated_headers.extend(read.repeated_headers)
        entries, read.entries = read.entries, []
        entries.reverse()
        while entries:  # handed over, and let go, one at a time
            yield entries.pop()
    if result.repeated_headers:
        result.problems.extend(repeated_header_warnings(result))


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
    read = AgencyRead(source_file)
    entries = list(read.entries(content, agency, columns, review))
    return AgencyFile(agency, source_file, entries, read.sources, read.problems)


class AgencyRead:
    """One agency's chronology file read as a stream (:func:`read_agency_bytes`, one entry
    at a time): after :meth:`entries` is exhausted, ``problems`` and ``sources`` hold what
    :func:`read_agency_bytes` returns with the entries."""

    def __init__(self, source_file: str) -> None:
        self.source_file = source_file
        self.problems: list[Problem] = []
        self.sources: list[SourceColumns] = []

    def entries(
        self,
        content: bytes,
        agency: str,
        columns: Mapping[str, str] | None = None,
        review: Review | None = None,
    ) -> Iterator[ChronologyEntry]:
        """The file's entries as they are read.

        Raises:
            InputError: the file cannot be used at all (possibly after some entries).
        """
        source_file = self.source_file
        result = RowResult()
        watches = ColumnWatch(), OrderWatch()
        period = None if review is None else PeriodWatch(review.period_start, review.period_end)
        for entry in iter_chronology(content, source_file, agency, columns, result):
            for watch in watches:
                watch.see(entry)
            if period is not None:
                period.see(entry)
            yield entry
        self.problems = [
            *watches[0].warnings(source_file, result),
            *result.problems,
            *watches[1].warnings(),
            *(period.warnings() if period is not None else []),
        ]
        self.sources = source_columns(source_file, result)


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
    content, source_file = agency_file_bytes(file)
    try:
        read = read_agency_bytes(content, source_file, agency, columns, review)
    except InputError as error:
        raise InputError([where_it_is(p, source_file, file) for p in error.problems]) from None
    if review is not None:
        mark_in_period(read.entries, review.period_start, review.period_end)
    read.problems[:] = [where_it_is(p, source_file, file) for p in read.problems]
    return read


def where_it_is(problem: Problem, source_file: str, file: Path) -> Problem:
    """A problem of the file as named in the review (``chronologies/police.csv:12``), named
    where the person has it (``~/Downloads/police.csv:12``): that is where they will look."""
    rest = problem.location.removeprefix(source_file)
    if rest == problem.location or rest[:1] not in ("", ":", "["):
        return problem
    return replace(problem, location=f"{file}{rest}")


class PackStream:
    """A case pack opened for reading: its case.toml read, its chronology files read as
    :meth:`entries` is iterated (one entry at a time for CSV), so that an import can store
    each entry as it comes and hold none of them (``storage.bulk``).

    After :meth:`entries` is exhausted: ``fatal`` (what makes the pack unusable: the
    iteration then ends with an :class:`InputError` carrying it), ``others`` (bad rows and
    warnings, in the order found, before the duplicate linking's), ``sources``, and the
    counts of entries per agency and of entries needing attention.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fatal: list[Problem] = []
        self.others: list[Problem] = []
        self.sources: dict[str, list[SourceColumns]] = {}
        self.outstanding: list[str] = []
        self.counts: dict[str, int] = {}
        self.attention = 0
        self.review: Review | None = None
        self.agency_specs: list[AgencySpec] = []
        self._pack: Path | None = None
        self._config: CaseConfig | None = None
        pack = path.parent if path.is_file() and path.name == CASE_FILE else path
        if not pack.is_dir():
            self.fatal.append(Problem(str(path), "not a case pack: no such folder"))
            return
        case_file = pack / CASE_FILE
        refused = _link_refused(case_file, pack.resolve())
        if refused is not None:
            self.fatal.append(Problem(CASE_FILE, refused))
            return
        try:
            case_bytes = _read_file(case_file)
        except FileNotFoundError:
            self.fatal.append(Problem(str(pack), f"not a case pack: there is no {CASE_FILE} in it"))
            return
        except OSError as error:
            self.fatal.append(Problem(CASE_FILE, f"cannot read: {error.strerror or error}"))
            return
        config, fatal = parse_case_toml(case_bytes)
        self.fatal.extend(fatal)
        if config.agencies is None:
            self.agency_specs, found = discover_agencies(pack)
            self.others.extend(found)
        else:
            self.agency_specs = list(config.agencies)
        self.review = config.review
        self._pack, self._config = pack, config

    @property
    def usable(self) -> bool:
        """No fatal problem so far, and a review to create."""
        return not self.fatal and self.review is not None

    def entries(self) -> Iterator[ChronologyEntry]:
        """Every chronology file's entries, in case.toml's order, each marked in or out of
        the review period, yielded as read. A file that cannot be used is a fatal problem:
        the other files are read on for their problems, and nothing more is yielded.

        Raises:
            InputError: at the end, when the pack cannot be used (every fatal problem).
        """
        pack, root = self._pack, None if self._pack is None else self._pack.resolve()
        review = self.review
        for spec in self.agency_specs if pack is not None else []:
            assert pack is not None and root is not None
            for source_file in spec.files:
                file = pack / source_file
                if not file.resolve().is_relative_to(root):
                    self.fatal.append(
                        Problem(source_file, "refused: the path leads outside the case pack")
                    )
                    continue
                try:
                    content = _read_file(file)
                except FileNotFoundError:
                    # Chronologies arrive over weeks: a review is set up before they do.
                    if spec.key not in self.outstanding:
                        self.outstanding.append(spec.key)
                    self.others.append(
                        Problem(
                            source_file,
                            f'not there yet: agency "{spec.key}" ({spec.name}) is outstanding; '
                            f"add it later with add-chronology REF FILE --agency {spec.key}",
                            Severity.WARNING,
                        )
                    )
                    continue
                except OSError as error:
                    self.fatal.append(
                        Problem(source_file, f"cannot read: {error.strerror or error}")
                    )
                    continue
                read = AgencyRead(source_file)
                try:
                    for entry in read.entries(content, spec.key, spec.columns, review):
                        if not self.usable:
                            continue  # refused: read on only for the file's problems
                        assert review is not None
                        mark_in_period((entry,), review.period_start, review.period_end)
                        self.counts[spec.key] = self.counts.get(spec.key, 0) + 1
                        self.attention += entry.needs_attention
                        yield entry
                except InputError as error:
                    self.fatal.extend(error.problems)
                    continue
                finally:
                    del content
                self.sources.setdefault(spec.key, []).extend(read.sources)
                self.others.extend(read.problems)
        if not self.usable:
            raise InputError(self.fatal or [Problem(str(self.path), "not a usable case pack")])

    def data(self, entries: list[ChronologyEntry] | None = None) -> ReviewData:
        """The review to create (with ``entries``, or none: they are streamed)."""
        config = self._config
        assert self.review is not None and config is not None
        return ReviewData(
            review=self.review,
            agencies=[
                Agency(key=spec.key, name=spec.name, sources=self.sources.get(spec.key, []))
                for spec in self.agency_specs
            ],
            participants=config.participants,
            kloes=config.kloes,
            entries=entries or [],
            pseudonyms=config.pseudonyms,
        )

    def requests(self) -> list[AgencyRequest]:
        """What case.toml says was asked of each agency."""
        return [
            AgencyRequest(
                agency=spec.key, requested=spec.requested, due=spec.due, columns=dict(spec.columns)
            )
            for spec in self.agency_specs
        ]


def agency_file_bytes(file: Path) -> tuple[bytes, str]:
    """A chronology file from anywhere on disk, and its name in the review as if it were in
    the pack's ``chronologies/`` (see :func:`read_agency_file`).

    Raises:
        InputError: the file is missing, unreadable or too large.
    """
    try:
        content = _read_file(file)
    except FileNotFoundError:
        raise InputError(Problem(str(file), "file not found")) from None
    except OSError as error:
        raise InputError(Problem(str(file), f"cannot read: {error.strerror or error}")) from None
    return content, f"{CHRONOLOGY_FOLDER}/{file.name}"


def _load(path: Path) -> tuple[CaseReading | None, list[Problem], list[Problem]]:
    """Read a pack. Returns the result (None if unusable), fatal problems, other problems."""
    stream = PackStream(path)
    entries: list[ChronologyEntry] = []
    try:
        entries.extend(stream.entries())
    except InputError:
        return None, stream.fatal, stream.others
    others = stream.others
    linked, crowded = link_and_note(entries)
    others.extend(crowded)
    data = stream.data(linked)
    return CaseReading(data, others, stream.requests(), stream.outstanding), stream.fatal, others


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


def order_warnings(entries: Iterable[ChronologyEntry]) -> list[Problem]:
    """A warning per file part whose dated entries go backwards, at the first such row.

    Args:
        entries: One file's entries in file order.

    Returns:
        Warnings like ``police.csv:9: warning: out of date order: 03/02/2023 comes after
        05/03/2023``, with a count when more rows are out of order.
    """
    watch = OrderWatch()
    for entry in entries:
        watch.see(entry)
    return watch.warnings()


class OrderWatch:
    """:func:`order_warnings` one entry at a time (an import that streams its rows)."""

    __slots__ = ("_counts", "_first", "_previous")

    def __init__(self) -> None:
        self._previous: dict[str, ChronologyEntry] = {}
        self._first: dict[str, tuple[ChronologyEntry, ChronologyEntry]] = {}
        self._counts: dict[str, int] = {}

    def see(self, entry: ChronologyEntry) -> None:
        """Take the file's next entry."""
        if entry.date is None:
            return
        before = self._previous.get(entry.source_part)
        # A vaguer date is out of order only when its whole period is before the row
        # above: "May 2016" after 20/05/2016 is in order.
        last = entry.date
        if entry.date_precision is not Precision.DAY:
            last = period_last_day(entry.date, entry.date_precision)
        if before is not None and before.date is not None and last < before.date:
            self._counts[entry.source_part] = self._counts.get(entry.source_part, 0) + 1
            self._first.setdefault(entry.source_part, (entry, before))
        self._previous[entry.source_part] = entry

    def warnings(self) -> list[Problem]:
        """The warnings for the entries seen."""
        warnings: list[Problem] = []
        for part, (entry, before) in self._first.items():
            assert entry.date is not None and before.date is not None
            more = self._counts[part] - 1
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
    entries: Iterable[ChronologyEntry], start: dt.date | None, end: dt.date | None
) -> list[Problem]:
    """One warning per file for entries outside the review period, at the first of them.

    Args:
        entries: One file's entries.
        start: The review period's first day, if set.
        end: The review period's last day, if set.

    Returns:
        At most one warning, naming the first such entry and the count.
    """
    watch = PeriodWatch(start, end)
    for entry in entries:
        watch.see(entry)
    return watch.warnings()


class PeriodWatch:
    """:func:`period_warnings` one entry at a time (an import that streams its rows)."""

    __slots__ = ("_count", "_end", "_first", "_start")

    def __init__(self, start: dt.date | None, end: dt.date | None) -> None:
        self._start, self._end = start, end
        self._count = 0
        self._first: ChronologyEntry | None = None

    def see(self, entry: ChronologyEntry) -> None:
        """Take the file's next entry."""
        start, end = self._start, self._end
        if entry.date is not None and (
            (start is not None and entry.date < start) or (end is not None and entry.date > end)
        ):
            self._count += 1
            if self._first is None:
                self._first = entry

    def warnings(self) -> list[Problem]:
        """At most one warning, naming the first entry outside the period and the count."""
        first, count, start, end = self._first, self._count, self._start, self._end
        if first is None:
            return []
        period = f"{format_date(start) if start else '...'} to {format_date(end) if end else '...'}"
        assert first.date is not None
        noun = "entry is" if count == 1 else "entries are"
        return [
            Problem(
                first.location,
                f"{count} {noun} outside the review period {period} "
                f"(first: {format_date(first.date)}); they are kept and marked out of period",
                Severity.WARNING,
            )
        ]
