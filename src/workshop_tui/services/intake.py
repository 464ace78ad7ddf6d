"""Before the workshop: agencies asked for their chronologies, files arriving one by one.

Each agency's request (requested on, due by, chased on, not involved) and its status;
adding one agency's file to a review that exists (read as the pack import reads it,
then duplicate linking run again over the days it touches); replacing an agency's
file with a corrected one, shown first as what changes (:meth:`Intake.plan_replacement`)
and then written in one transaction (:meth:`Intake.replace_chronology`), keeping what
people did to the entries the new file leaves unchanged.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from workshop_tui.domain.agency_file import AgencyFile
from workshop_tui.domain.intake import AgencyIntake, AgencyRequest, intake_lines
from workshop_tui.domain.problems import InputError, Problem, Severity

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from workshop_tui.domain.clock import Clock
    from workshop_tui.domain.models import Agency, ChronologyEntry
    from workshop_tui.domain.replacement import EntryDiff
    from workshop_tui.storage.repository import Repository

#: How many entries of each kind a replacement's summary shows.
FIRST_FEW = 5


class ChronologyExists(Exception):
    """The agency already has a chronology and the new file was not declared as a
    replacement or an addition."""


class AddRefused(Exception):
    """``--strict`` and the file has errors: nothing was written."""

    def __init__(self, errors: list[Problem], problems: list[Problem] | None = None) -> None:
        super().__init__(f"{len(errors)} error(s) and --strict: nothing written")
        self.errors = errors
        self.problems = problems if problems is not None else errors
        """Every problem found (a file read as it is added finds them as it reads)."""


@dataclass(slots=True)
class Added:
    """One agency's file added to a review."""

    agency: str
    entries: int
    needs_attention: int
    relinked: int
    """Entries whose duplicate group changed (new entries linked, and others with them)."""
    new_agency: bool = False
    problems: list[Problem] = field(default_factory=list)


@dataclass(slots=True)
class Replacement:
    """What replacing an agency's chronology changes (planned, or done)."""

    agency: str
    source_file: str
    diff: EntryDiff
    carried: list[str] = field(default_factory=list)
    """What people did to changed entries that is carried over (worth a look)."""
    dropped: list[str] = field(default_factory=list)
    """What could not be carried over, one line each."""
    problems: list[Problem] = field(default_factory=list)
    relinked: int = 0

    def summary(self, first: int = FIRST_FEW) -> list[str]:
        """The change in lines: counts, then the first few of each kind."""
        counts = self.diff.counts
        lines = [
            f"{self.agency}: {counts['added']} added, {counts['removed']} removed, "
            f"{counts['changed']} changed, {counts['unchanged']} unchanged"
        ]

        def few(title: str, items: list[str]) -> None:
            if not items:
                return
            lines.append(f"{title} ({len(items)}):")
            lines.extend(f"  {item}" for item in items[:first])
            if len(items) > first:
                lines.append(f"  ... and {len(items) - first} more")

        few("added", [_describe(e) for e in self.diff.added])
        few("removed", [_describe(e) for e in self.diff.removed])
        few(
            "changed",
            [
                f"{_describe(new)} [{', '.join(_fields(old, new))}]"
                for old, new in self.diff.changed
            ],
        )
        few("kept on changed entries (check them)", self.carried)
        few("cannot be carried over", self.dropped)
        return lines


def _fields(old: ChronologyEntry, new: ChronologyEntry) -> tuple[str, ...]:
    from workshop_tui.domain.replacement import changed_content

    return changed_content(old, new)


def _describe(entry: ChronologyEntry) -> str:
    from workshop_tui.domain.dates import format_date

    when = format_date(entry.date) if entry.date else "no date"
    event = " ".join(entry.event.split())
    if len(event) > 50:
        event = event[:49] + "…"
    return f'{entry.location} {when} "{event}"'


class Intake:
    """The use cases of this area (see the module's docstring)."""

    def __init__(self, repository: Repository, clock: Clock) -> None:
        self._repository = repository
        self._clock = clock

    def today(self) -> dt.date:
        """Today, by the services' clock."""
        return self._clock().date()

    # requests ------------------------------------------------------------------

    def lines(self, review_id: int) -> list[AgencyIntake]:
        """Every agency of the review with its request, status and entry count."""
        repo = self._repository
        agencies = [(a.key, a.name) for a in repo.agencies(review_id)]
        return intake_lines(
            agencies, repo.agency_requests(review_id), repo.entry_counts(review_id), self.today()
        )

    def outstanding(self, review_id: int) -> int:
        """How many agencies' chronologies are still to come (requested or overdue)."""
        return sum(1 for line in self.lines(review_id) if line.outstanding)

    def request(self, review_id: int, agency: str) -> AgencyRequest:
        """The agency's request (an empty one if nothing was recorded).

        Raises:
            NotFound: no such agency in the review.
        """
        self._repository.require_agency(review_id, agency)
        for request in self._repository.agency_requests(review_id):
            if request.agency == agency:
                return request
        return AgencyRequest(agency=agency)

    def update_request(self, review_id: int, agency: str, **values: object) -> AgencyRequest:
        """Set ``requested``, ``due``, ``not_involved`` (or any field) of an agency's request.

        Raises:
            NotFound: no such agency in the review.
            ValueError: a value of the wrong kind (pydantic's ValidationError).
        """
        from workshop_tui.domain.intake import AgencyRequest as Model

        old = self.request(review_id, agency)
        new = Model.model_validate({**old.model_dump(), **values})
        return self._repository.save_agency_request(review_id, new)

    def chase(self, review_id: int, agency: str, day: dt.date | None = None) -> AgencyRequest:
        """Record that the agency was chased (today unless ``day``)."""
        old = self.request(review_id, agency)
        chased = sorted({*old.chased, day or self.today()})
        return self._repository.save_agency_request(
            review_id, old.model_copy(update={"chased": chased})
        )

    # adding a file -------------------------------------------------------------

    def read_file(self, review_id: int, path: Path, agency: str) -> AgencyFile:
        """Read one agency's file as the pack import would (nothing is written).

        Raises:
            InputError: the file cannot be used at all.
        """
        from workshop_tui.importers.pack import read_agency_file

        review = self._repository.review(review_id)
        columns = self._columns(review_id, agency)
        return read_agency_file(path, agency, columns, review)

    def _columns(self, review_id: int, agency: str) -> dict[str, str]:
        for request in self._repository.agency_requests(review_id):
            if request.agency == agency:
                return dict(request.columns)
        return {}

    def add_chronology(
        self,
        review_id: int,
        read: AgencyFile,
        *,
        also: bool = False,
        strict: bool = False,
        name: str | None = None,
    ) -> Added:
        """Add one agency's file (read by :meth:`read_file`) to the review, in one transaction.

        An agency not in the review is added (named ``name``, or after its key). Its request
        is marked received today (if not before). Duplicate linking runs again over every
        day the new entries fall on.

        Raises:
            ChronologyExists: the agency has entries already and ``also`` is not set.
            AddRefused: ``strict`` and the file has errors (nothing is written).
        """
        from workshop_tui.domain.models import Agency

        if strict and read.errors:
            raise AddRefused(read.errors)
        repo = self._repository
        key = read.agency
        existing = [a for a in repo.agencies(review_id) if a.key == key]
        counts = repo.entry_counts(review_id)
        files = sorted({s.source_file for s in existing[0].sources}) if existing else []
        if existing and counts.get(key, 0) and not also:
            raise ChronologyExists(
                f'agency "{key}" already has a chronology ({", ".join(files) or "a file"}): '
                "use --replace to replace it with this file, or --also to add this file as well"
            )
        if read.source_file in files and counts.get(key, 0):
            raise ChronologyExists(
                f'agency "{key}" already has {read.source_file}: use --replace to replace '
                "its chronology with it (adding it again would hold every entry twice)"
            )
        with repo.atomic():
            if existing:
                agency = existing[0]
                kept = [s for s in agency.sources if s.source_file != read.source_file]
                repo.set_agency_sources(
                    review_id, agency.model_copy(update={"sources": [*kept, *read.sources]})
                )
            else:
                from workshop_tui.importers.case_toml import default_agency_name

                agency = repo.add_agency(
                    review_id,
                    Agency(key=key, name=name or default_agency_name(key), sources=read.sources),
                )
            repo.insert_entries(
                review_id,
                read.entries,
                {"agency": key, "file": read.source_file, "entries": len(read.entries)},
            )
            relinked = self._relink(review_id, {e.date for e in read.entries if e.date})
            request = self.request(review_id, key)
            if request.received is None:
                repo.save_agency_request(
                    review_id, request.model_copy(update={"received": self.today()})
                )
        attention = sum(1 for e in read.entries if e.needs_attention)
        return Added(key, len(read.entries), attention, relinked, not existing, read.problems)

    def add_file_streamed(
        self,
        review_id: int,
        path: Path,
        agency: str,
        *,
        also: bool = False,
        strict: bool = False,
        name: str | None = None,
    ) -> Added:
        """:meth:`read_file` then :meth:`add_chronology`, each entry inserted as it is read
        (issue 24: the memory does not grow with the file's rows), in one transaction: a
        file that cannot be used, found part-way, or ``strict`` and an error, writes
        nothing. The problems are :meth:`read_file`'s (the same reading code).

        Raises:
            InputError: the file cannot be used at all (nothing is written).
            ChronologyExists: the agency has entries already and ``also`` is not set.
            AddRefused: ``strict`` and the file has errors (nothing is written).
        """
        from workshop_tui.domain.chronology import mark_in_period
        from workshop_tui.domain.models import Agency
        from workshop_tui.importers.pack import AgencyRead, agency_file_bytes, where_it_is

        repo = self._repository
        review = repo.review(review_id)
        columns = self._columns(review_id, agency)
        content, source_file = agency_file_bytes(path)
        existing = [a for a in repo.agencies(review_id) if a.key == agency]
        counts = repo.entry_counts(review_id)
        files = sorted({s.source_file for s in existing[0].sources}) if existing else []
        if existing and counts.get(agency, 0) and not also:
            raise ChronologyExists(
                f'agency "{agency}" already has a chronology ({", ".join(files) or "a file"}): '
                "use --replace to replace it with this file, or --also to add this file as well"
            )
        if source_file in files and counts.get(agency, 0):
            raise ChronologyExists(
                f'agency "{agency}" already has {source_file}: use --replace to replace '
                "its chronology with it (adding it again would hold every entry twice)"
            )
        read = AgencyRead(source_file)
        days: set[dt.date] = set()
        tally = {"entries": 0, "attention": 0}

        def entries() -> Iterator[ChronologyEntry]:
            for entry in read.entries(content, agency, columns, review):
                mark_in_period((entry,), review.period_start, review.period_end)
                tally["entries"] += 1
                tally["attention"] += entry.needs_attention
                if entry.date is not None:
                    days.add(entry.date)
                yield entry

        def where(problems: list[Problem]) -> list[Problem]:
            """Named where the person has the file, not as the review stores it."""
            return [where_it_is(p, source_file, path) for p in problems]

        with repo.atomic():
            try:
                repo.insert_entries(
                    review_id,
                    entries(),
                    {"agency": agency, "file": source_file, "entries": lambda: tally["entries"]},
                )
            except InputError as error:
                raise InputError(where(error.problems)) from None
            problems = where(read.problems)
            errors = [p for p in problems if p.severity is Severity.ERROR]
            if strict and errors:
                raise AddRefused(errors, problems)
            # How the file was read is known once it is read: the agency follows its rows.
            if existing:
                kept = [s for s in existing[0].sources if s.source_file != source_file]
                repo.set_agency_sources(
                    review_id, existing[0].model_copy(update={"sources": [*kept, *read.sources]})
                )
            else:
                from workshop_tui.importers.case_toml import default_agency_name

                repo.add_agency(
                    review_id,
                    Agency(
                        key=agency, name=name or default_agency_name(agency), sources=read.sources
                    ),
                )
            relinked = self._relink(review_id, days)
            request = self.request(review_id, agency)
            if request.received is None:
                repo.save_agency_request(
                    review_id, request.model_copy(update={"received": self.today()})
                )
        return Added(agency, tally["entries"], tally["attention"], relinked, not existing, problems)

    def _relink(self, review_id: int, days: set[dt.date]) -> int:
        """Link duplicates again over ``days``; return how many entries' groups changed."""
        from workshop_tui.domain.replacement import relink

        repo = self._repository
        if not days:
            return 0
        day_entries = repo.entries_on(review_id, days)
        changes = relink(day_entries, repo.hand_unlinked(review_id), repo.highest_group(review_id))
        by_id = {e.id: e for e in day_entries}
        pairs = [
            (by_id[i], by_id[i].model_copy(update={"duplicate_group": group}))
            for i, group in changes.items()
        ]
        repo.rewrite_entries(review_id, pairs, "relink", ["duplicate_group"])
        return len(pairs)

    # replacing a file ----------------------------------------------------------

    def plan_replacement(self, review_id: int, read: AgencyFile) -> Replacement:
        """What replacing the agency's entries with ``read`` would change; nothing is written.

        Raises:
            NotFound: no such agency in the review.
        """
        return self._plan(review_id, read)[0]

    def _plan(
        self, review_id: int, read: AgencyFile
    ) -> tuple[Replacement, dict[int, ChronologyEntry], Agency]:
        from workshop_tui.domain.replacement import diff_entries

        repo = self._repository
        agency = repo.require_agency(review_id, read.agency)
        stored = repo.agency_entries(review_id, read.agency)
        by_id = {e.id: e for e in stored if e.id is not None}
        corrections = repo.hand_corrections(review_id)
        as_imported = [
            e.model_copy(update=corrections[e.id]) if e.id in corrections else e for e in stored
        ]
        diff = diff_entries(as_imported, read.entries)
        links = repo.capture_links(review_id)
        plan = Replacement(read.agency, read.source_file, diff, problems=list(read.problems))

        def did(entry: ChronologyEntry) -> list[str]:
            assert entry.id is not None
            done = [f"flag {flag.value}" for flag in entry.flags]
            if entry.duplicate_confirmed and entry.duplicate_group is not None:
                done.append(f"confirmed duplicate group {entry.duplicate_group}")
            done.extend(f"linked from {where}" for where in links.get(entry.id, []))
            return done

        for old in diff.removed:
            assert old.id is not None
            what = did(by_id[old.id])
            if old.id in corrections:
                what.append(f"corrected by hand ({', '.join(sorted(corrections[old.id]))})")
            if what:
                plan.dropped.append(f"{_describe(old)} removed: {'; '.join(what)}")
        for old, _new in diff.changed:
            assert old.id is not None
            entry = by_id[old.id]
            lost = []
            if old.id in corrections:
                lost.append(f"corrected by hand ({', '.join(sorted(corrections[old.id]))})")
            if entry.duplicate_confirmed and entry.duplicate_group is not None:
                lost.append(f"confirmed duplicate group {entry.duplicate_group}")
            if lost:
                plan.dropped.append(f"{_describe(old)} changed: {'; '.join(lost)}")
            kept = [f"flag {f.value}" for f in entry.flags]
            kept.extend(f"linked from {where}" for where in links.get(old.id, []))
            if kept:
                plan.carried.append(f"{_describe(old)}: {'; '.join(kept)}")
        return plan, by_id, agency

    def replace_chronology(
        self, review_id: int, read: AgencyFile, *, strict: bool = False
    ) -> Replacement:
        """Replace the agency's entries with ``read`` in one transaction.

        Entries unchanged in the new file keep their row (id, flags, links, confirmed
        groups, hand fixes, what captures link to) and take the new file's row numbers;
        changed entries keep their id, flags and capture links, take the new content and
        leave any confirmed group; removed entries are deleted, each kept whole in the
        audit trail; new ones are added. Duplicate linking runs again over the days
        concerned. The request is marked replaced today.

        Raises:
            AddRefused: ``strict`` and the file has errors (nothing is written).
            NotFound: no such agency in the review.
        """
        from workshop_tui.domain.replacement import CONTENT_FIELDS

        if strict and read.errors:
            raise AddRefused(read.errors)
        repo = self._repository
        with repo.atomic():
            plan, by_id, agency = self._plan(review_id, read)
            diff = plan.diff
            where = ("source_file", "source_part", "source_line")
            moved = []
            for old, new in diff.unchanged:
                assert old.id is not None
                stored = by_id[old.id]
                moved.append(
                    (stored, stored.model_copy(update={f: getattr(new, f) for f in where}))
                )
            repo.rewrite_entries(review_id, moved, "replace", where)
            rewritten = []
            for old, new in diff.changed:
                assert old.id is not None
                stored = by_id[old.id]
                update = {f: getattr(new, f) for f in (*CONTENT_FIELDS, *where, "in_period")}
                if stored.duplicate_confirmed:
                    update.update(duplicate_group=None, duplicate_confirmed=False)
                rewritten.append((stored, stored.model_copy(update=update)))
            repo.rewrite_entries(review_id, rewritten, "replace")
            repo.remove_entries(review_id, [by_id[o.id] for o in diff.removed if o.id is not None])
            if diff.added:
                repo.insert_entries(
                    review_id,
                    diff.added,
                    {"agency": read.agency, "file": read.source_file, "entries": len(diff.added)},
                )
            kept = [s for s in agency.sources if s.source_file != read.source_file]
            repo.set_agency_sources(
                review_id, agency.model_copy(update={"sources": [*kept, *read.sources]})
            )
            lone = repo.lone_group_members(review_id)
            repo.rewrite_entries(
                review_id,
                [
                    (
                        e,
                        e.model_copy(
                            update={"duplicate_group": None, "duplicate_confirmed": False}
                        ),
                    )
                    for e in lone
                ],
                "relink",
                ["duplicate_group", "duplicate_confirmed"],
            )
            days = {e.date for e in by_id.values() if e.date} | {
                e.date for e in read.entries if e.date
            }
            plan.relinked = self._relink(review_id, days)
            request = self.request(review_id, read.agency)
            repo.save_agency_request(
                review_id,
                request.model_copy(
                    update={"replaced": self.today(), "received": request.received or self.today()}
                ),
            )
            repo.audit_note(
                review_id,
                "agency",
                agency.id,
                "replace",
                read.source_file.rsplit("/", 1)[-1],
                {"agency": read.agency, "file": read.source_file, **diff.counts},
            )
        return plan
