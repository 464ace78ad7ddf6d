"""Reviews as a whole: listing, opening, creating, importing a case pack, editing the review's
own fields; the database itself (its notices, backups).

Reading a case pack or an archive needs no database, so those are plain functions here
(:func:`read_case`, :func:`check_pack`): the command line reports a pack's problems, and
refuses under ``--strict``, before it opens (or creates) the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from workshop_tui.domain.problems import CaseReading, Problem

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from workshop_tui.domain.clock import Clock
    from workshop_tui.domain.models import Agency, AuditEvent, ChronologyEntry, Review, ReviewData
    from workshop_tui.domain.publishing import ReviewRecords
    from workshop_tui.importers.archive import ArchiveChecked
    from workshop_tui.storage.repository import Repository


@dataclass(slots=True)
class Imported:
    """A review created from a case pack, with what reading the pack found."""

    review: Review
    reading: CaseReading


class ImportRefused(Exception):
    """``--strict`` and the case has errors: nothing was imported."""

    def __init__(self, errors: list[Problem], problems: list[Problem] | None = None) -> None:
        super().__init__(f"{len(errors)} error(s) and --strict: nothing imported")
        self.errors = errors
        self.problems = problems if problems is not None else errors
        """Every problem found (a streamed import finds them as it reads)."""


@dataclass(slots=True)
class StreamedImport:
    """A review created from a case pack read as a stream (:meth:`Reviews.import_pack_streamed`):
    what reading found, and the counts of what was stored (the entries are not held)."""

    review: Review
    reading: CaseReading
    """The review's data without its entries, and every problem found."""
    counts: dict[str, int]
    """Entries per agency key."""
    attention: int
    groups: int

    @property
    def entries(self) -> int:
        """How many entries were stored."""
        return sum(self.counts.values())


def read_case(source: Path, *, archive: bool = False) -> CaseReading:
    """Read a case pack folder (or, with ``archive``, also an ``ARCHIVE.json`` file).

    Raises:
        InputError: the pack or archive cannot be used at all (its problems say where).
    """
    if archive and source.suffix.lower() == ".json" and source.is_file():
        from workshop_tui.importers.archive import read_archived

        archived = read_archived(source)
        return CaseReading(archived.data, records=archived.records)
    from workshop_tui.importers.pack import read_pack

    return read_pack(source)


def check_archive(source: Path) -> ArchiveChecked:
    """Read the archive at ``source`` through once and check it, holding none of its
    chronology's entries (nothing is written anywhere); import it with
    :meth:`Reviews.import_archive`.

    Raises:
        InputError: the archive cannot be used (its problems say where).
    """
    from workshop_tui.importers.archive import check_archive as check

    return check(source)


def refuse_if_strict(reading: CaseReading, *, strict: bool) -> None:
    """Under ``strict``, a case with any error is not imported.

    Raises:
        ImportRefused: ``strict`` and the case has errors.
    """
    errors = reading.errors
    if strict and errors:
        raise ImportRefused(errors)


def check_pack(source: Path) -> list[Problem]:
    """Every problem of the case pack at ``source`` (those of ``importers.pack.check_pack``,
    in its order); nothing is written anywhere the person keeps anything.

    The entries go, as they are read, into a scratch database in a temporary folder
    (removed after), where they are linked as duplicates a day at a time as an import
    links them: the memory does not grow with the pack (issue 24).
    """
    import contextlib
    import tempfile
    from pathlib import Path

    from workshop_tui.domain.problems import InputError
    from workshop_tui.importers.pack import PackStream
    from workshop_tui.storage.repository import Repository

    stream = PackStream(source)
    if not stream.usable:  # no review to make: read on for every file's problems
        with contextlib.suppress(InputError):
            for _ in stream.entries():
                pass
        return [*stream.fatal, *stream.others]
    with tempfile.TemporaryDirectory(prefix="workshop-tui-check-") as folder:
        repo = Repository.open(Path(folder) / "check.db")
        try:
            _, crowded = repo.create_review_streamed(
                stream.data(), stream.entries(), lambda: stream.sources
            )
        except InputError:  # a file that cannot be used: its problems say where
            return [*stream.fatal, *stream.others]
        finally:
            repo.close()
    return [*stream.fatal, *stream.others, *crowded]


def database_version() -> int:
    """The schema version this program writes (names the demo's cached database)."""
    from workshop_tui.storage.schema import SCHEMA_VERSION

    return SCHEMA_VERSION


class Reviews:
    """The use cases of this area (see the module's docstring)."""

    def __init__(self, repository: Repository, clock: Clock | None = None) -> None:
        self._repository = repository
        self._clock = clock

    # reading -----------------------------------------------------------------

    def list_reviews(self) -> list[Review]:
        """Every review in the database."""
        return self._repository.list_reviews()

    def get(self, reference: str) -> Review:
        """The review ``reference``.

        Raises:
            NotFound: no review has that reference.
        """
        return self._repository.get_review(reference)

    def review(self, review_id: int) -> Review:
        """The review ``review_id`` as stored now."""
        return self._repository.review(review_id)

    def agencies(self, review_id: int) -> list[Agency]:
        """The review's agencies."""
        return self._repository.agencies(review_id)

    def history(self, review_id: int) -> list[AuditEvent]:
        """The review's audit trail: every change, oldest first."""
        return self._repository.audit_events(review_id)

    # creating ----------------------------------------------------------------

    def create(self, data: ReviewData) -> Review:
        """Store a whole review (one transaction)."""
        return self._repository.create_review(data)

    def import_case(self, reading: CaseReading, *, strict: bool = False) -> Review:
        """Create the review read from a case pack or archive.

        Raises:
            ImportRefused: ``strict`` and the case has errors (nothing is written).
            StorageError: the database refused it (nothing is written).
        """
        refuse_if_strict(reading, strict=strict)
        records = reading.records
        if not reading.requests and (records is None or records.is_empty):
            return self.create(reading.data)
        with self._repository.atomic():
            review = self.create(reading.data)
            assert review.id is not None
            self._save_requests(review.id, reading)
            if records is not None:
                self._restore(review.id, reading.data, records)
        return review

    def _save_requests(self, review_id: int, reading: CaseReading) -> None:
        """What case.toml says was asked of each agency, received today where its file came
        with the pack."""
        if not reading.requests:
            return
        from workshop_tui.domain.clock import system_clock
        from workshop_tui.domain.intake import received_at_import

        today = (self._clock or system_clock)().date()
        for request in received_at_import(
            reading.data.agencies, reading.requests, reading.outstanding, today
        ):
            self._repository.save_agency_request(review_id, request)

    def _restore(self, review_id: int, data: ReviewData, records: ReviewRecords) -> None:
        """Write an archive's records to the review just created from it; a response
        follows its finding to the finding's new id."""
        repository = self._repository
        for request in records.requests:
            repository.save_agency_request(review_id, request.model_copy(update={"id": None}))
        for section, text in records.briefing.items():
            repository.save_briefing_section(review_id, section, text)
        for document, publication in records.publications.items():
            repository.set_publication(review_id, document, publication)
        # create_review inserts the findings in the archive's order, so new ids ascend with it.
        new_ids = dict(
            zip(
                (f.id for f in data.findings),
                repository.ids_in_order("finding", review_id),
                strict=True,
            )
        )
        for finding_id, response in records.responses.items():
            repository.save_response(review_id, new_ids[finding_id], response)
        for key, name in records.groups.items():
            repository.set_review_group(review_id, key, name)

    def import_pack(self, folder: Path, *, strict: bool = False) -> Imported:
        """Read the case pack in ``folder`` and create its review.

        Raises:
            InputError: the pack cannot be used at all (nothing is written).
            ImportRefused: ``strict`` and the pack has errors (nothing is written).
            StorageError: the database refused it (nothing is written).
        """
        reading = read_case(folder)
        return Imported(self.import_case(reading, strict=strict), reading)

    def import_pack_streamed(self, folder: Path, *, strict: bool = False) -> StreamedImport:
        """:meth:`import_pack`, each entry stored as it is read and none of them held: the
        memory an import needs grows with its largest file (a CSV file's largest row) and
        its busiest day, not with its chronology (issue 24). One transaction: a file that
        cannot be used, found part-way, or ``strict`` and an error, leaves the database as
        it was. The problems are those of :func:`check_pack` (the same reading code).

        Raises:
            InputError: the pack cannot be used at all (nothing is written).
            ImportRefused: ``strict`` and the pack has errors (nothing is written).
            StorageError: the database refused it (nothing is written).
        """
        from workshop_tui.importers.pack import PackStream

        stream = PackStream(folder)
        if not stream.usable:
            for _ in stream.entries():  # reads on for every file's problems, then raises
                pass
        repo = self._repository
        from workshop_tui.storage.errors import ReviewExists

        with repo.atomic():
            try:
                review, crowded = repo.create_review_streamed(
                    stream.data(), stream.entries(), lambda: stream.sources
                )
            except ReviewExists:
                # A pack that cannot be used says so first, as when it was read up front.
                for _ in PackStream(folder).entries():
                    pass
                raise
            reading = CaseReading(
                stream.data(), [*stream.others, *crowded], stream.requests(), stream.outstanding
            )
            if strict and reading.errors:
                raise ImportRefused(reading.errors, reading.problems)
            assert review.id is not None
            self._save_requests(review.id, reading)
            groups = repo.duplicate_group_count(review.id)
        return StreamedImport(review, reading, dict(stream.counts), stream.attention, groups)

    def import_archive(self, source: Path, checked: ArchiveChecked) -> StreamedImport:
        """Create the review of the archive at ``source`` that :func:`check_archive` found
        sound, its entries read again and stored one at a time (issue 24: the memory does
        not grow with the chronology), in one transaction with the archive's records.

        Raises:
            InputError: the file changed since it was checked (nothing is written).
            StorageError: the database refused it (nothing is written).
        """
        from collections import Counter

        from workshop_tui.importers.archive import archive_entries

        counts: Counter[str] = Counter()
        attention = [0]

        def counted() -> Iterator[ChronologyEntry]:
            for entry in archive_entries(source, checked):
                counts[entry.agency] += 1
                attention[0] += entry.needs_attention
                yield entry

        repo = self._repository
        with repo.atomic():
            review = repo.create_review_from(checked.data, counted())
            assert review.id is not None
            self._restore(review.id, checked.data, checked.records)
            groups = repo.duplicate_group_count(review.id)
        reading = CaseReading(checked.data, records=checked.records)
        return StreamedImport(review, reading, dict(counts), attention[0], groups)

    # the database ------------------------------------------------------------

    @property
    def notices(self) -> list[str]:
        """What opening the database changed that its owner should know (permissions)."""
        return list(self._repository.notices)

    def backup(self, target: Path) -> Path:
        """Copy the whole database to the new owner-only file ``target``.

        Raises:
            StorageError: ``target`` exists or cannot be written.
        """
        return self._repository.backup(target)
