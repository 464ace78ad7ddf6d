"""Before the workshop: a review set up before its chronologies, files added one agency at a
time, corrected files replacing the first ones, and each agency's request status."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from workshop_tui.cli import main
from workshop_tui.domain.clock import frozen_clock
from workshop_tui.domain.intake import AgencyRequest, RequestStatus, request_status
from workshop_tui.domain.models import ChronologyEntry, EntryFlag, Perspective
from workshop_tui.domain.problems import Severity
from workshop_tui.importers.pack import check_pack, read_pack
from workshop_tui.resources import sample_cases_dir
from workshop_tui.services import Services
from workshop_tui.services.intake import ChronologyExists
from workshop_tui.storage.repository import Repository

PACK = sample_cases_dir() / "child-r"
REFERENCE = "LR-2025-07"
TODAY = dt.datetime(2025, 1, 20, 10, 0)
FOUR = {
    "police": "police_chronology.csv",
    "childrens_social_care": "childrens_social_care.csv",
    "health_visiting": "hv_0-19_service_chronology.xlsx",
    "school": "hollins_lane_primary_chronology.docx",
}


def run(db: Path, *args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(main, ["--db", str(db), *args], input=input, catch_exceptions=False)


def empty_pack(tmp_path: Path, name: str = "empty") -> tuple[Path, Path]:
    """The sample pack with its chronologies moved out (to the second path returned)."""
    pack = tmp_path / name
    shutil.copytree(PACK, pack)
    files = tmp_path / f"{name}-files"
    shutil.move(pack / "chronologies", files)
    return pack, files


def pack_with(tmp_path: Path, keep: set[str]) -> Path:
    """The sample pack holding only the chronology files named in ``keep``."""
    pack = tmp_path / "some"
    shutil.copytree(PACK, pack)
    for file in (pack / "chronologies").iterdir():
        if file.name not in keep:
            file.unlink()
    return pack


@pytest.fixture
def services() -> Iterator[Services]:
    clock = frozen_clock(TODAY)
    with Services(Repository.memory(clock), clock) as built:
        yield built


def review_id(services: Services, reference: str = REFERENCE) -> int:
    found = services.reviews.get(reference).id
    assert found is not None
    return found


# 1. a review without chronologies ---------------------------------------------------


def test_an_empty_chronologies_folder_makes_a_review_with_every_agency_requested(
    tmp_path: Path, services: Services
) -> None:
    pack, _ = empty_pack(tmp_path)
    (pack / "chronologies").mkdir()
    imported = services.reviews.import_pack(pack)
    assert imported.reading.data.entries == []
    lines = services.intake.lines(review_id(services))
    assert len(lines) == 7
    assert {line.status for line in lines} == {RequestStatus.REQUESTED}
    assert services.intake.outstanding(review_id(services)) == 7


def test_a_missing_chronologies_folder_is_only_warned_about_and_check_agrees(
    tmp_path: Path,
) -> None:
    pack, _ = empty_pack(tmp_path)
    reading = read_pack(pack)
    assert reading.errors == []
    police = [p for p in reading.warnings if "police_chronology.csv" in p.location]
    assert len(police) == 1 and '"police"' in police[0].message
    assert sorted(reading.outstanding) == sorted(a.key for a in reading.data.agencies)
    assert check_pack(pack) == reading.problems
    result = run(tmp_path / "db", "check", str(pack))
    assert result.exit_code == 0, result.output
    assert "chronologies/police_chronology.csv: warning: not there yet" in result.stderr


def test_a_file_not_there_yet_leaves_only_its_agency_outstanding(
    tmp_path: Path, services: Services
) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(PACK, pack)
    (pack / "chronologies" / "police_chronology.csv").unlink()
    services.reviews.import_pack(pack)
    lines = {line.agency: line for line in services.intake.lines(review_id(services))}
    assert lines["police"].status is RequestStatus.REQUESTED
    assert lines["police"].entries == 0
    assert lines["gp"].status is RequestStatus.RECEIVED
    assert lines["gp"].request.received == TODAY.date()
    assert [key for key, line in lines.items() if line.outstanding] == ["police"]


def test_requested_and_due_are_read_from_case_toml(tmp_path: Path) -> None:
    pack, _ = empty_pack(tmp_path)
    text = (pack / "case.toml").read_text(encoding="utf-8")
    text = text.replace(
        'key = "police"\n', 'key = "police"\nrequested = 2024-11-01\ndue = "2024-12-13"\n', 1
    )
    (pack / "case.toml").write_text(text, encoding="utf-8")
    reading = read_pack(pack)
    police = next(r for r in reading.requests if r.agency == "police")
    assert (police.requested, police.due) == (dt.date(2024, 11, 1), dt.date(2024, 12, 13))
    gp = next(r for r in reading.requests if r.agency == "gp")
    assert gp.columns == {"date": "When"}


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ('due = "13/12/2024"\n', 'due: expected a date like 2023-04-01, got "13/12/2024"'),
        (
            "requested = 2024-12-01\ndue = 2024-11-01\n",
            "due: 2024-11-01 is before requested 2024-12-01",
        ),
        (
            "requestd = 2024-12-01\n",
            "requestd: unknown key (known keys: key, name, files, columns, requested, due); "
            'did you mean "requested"?',
        ),
    ],
)
def test_bad_request_dates_name_the_file_and_the_key(
    tmp_path: Path, lines: str, message: str
) -> None:
    pack, _ = empty_pack(tmp_path)
    text = (pack / "case.toml").read_text(encoding="utf-8")
    text = text.replace('key = "police"\n', f'key = "police"\n{lines}', 1)
    (pack / "case.toml").write_text(text, encoding="utf-8")
    problems = [str(p) for p in check_pack(pack) if p.severity is Severity.ERROR]
    assert problems == [f"case.toml: [[agencies]] #1 {message}"]


# 2. statuses --------------------------------------------------------------------------


def test_status_moves_from_requested_to_overdue_to_received_to_replaced() -> None:
    request = AgencyRequest(
        agency="police", requested=dt.date(2025, 1, 2), due=dt.date(2025, 1, 31)
    )
    assert request_status(request, 0, dt.date(2025, 1, 31)) is RequestStatus.REQUESTED
    assert request_status(request, 0, dt.date(2025, 2, 1)) is RequestStatus.OVERDUE
    received = request.model_copy(update={"received": dt.date(2025, 2, 3)})
    assert request_status(received, 0, dt.date(2025, 2, 4)) is RequestStatus.RECEIVED
    replaced = received.model_copy(update={"replaced": dt.date(2025, 2, 9)})
    assert request_status(replaced, 5, dt.date(2025, 2, 9)) is RequestStatus.REPLACED
    out = request.model_copy(update={"not_involved": True})
    assert request_status(out, 0, dt.date(2026, 1, 1)) is RequestStatus.NOT_INVOLVED
    # A review whose requests were never recorded: entries mean received.
    assert request_status(AgencyRequest(agency="gp"), 3, dt.date(2025, 1, 1)) is (
        RequestStatus.RECEIVED
    )


def test_requests_command_sets_dates_chases_and_flags_overdue_in_words(tmp_path: Path) -> None:
    pack, files = empty_pack(tmp_path)
    db = tmp_path / "data" / "workshop.db"
    imported = run(db, "import", str(pack))
    assert imported.exit_code == 0
    assert "7 of 7 chronologies outstanding" in imported.stdout
    result = run(
        db,
        "requests",
        REFERENCE,
        "--requested",
        "police=2024-01-02",
        "--due",
        "police=2024-02-01",
        "--chase",
        "police",
        "--not-involved",
        "housing",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    records = {r["agency"]: r for r in json.loads(result.stdout)}
    police = records["police"]
    assert police["status"] == "overdue" and police["overdue"] is True
    assert (police["requested"], police["due"], police["received"]) == (
        "2024-01-02",
        "2024-02-01",
        None,
    )
    assert police["entries"] == 0 and len(police["chased"]) == 1
    assert police["name"] == "Ashbourne Vale Police"
    assert records["housing"]["status"] == "not involved"

    table = run(db, "requests", REFERENCE)
    assert "overdue by" in next(line for line in table.stdout.splitlines() if "police" in line)
    added = run(db, "add-chronology", REFERENCE, str(files / FOUR["police"]), "--agency", "police")
    assert added.exit_code == 0, added.output
    rows = list(
        csv.DictReader(io.StringIO(run(db, "requests", REFERENCE, "--format", "csv").stdout))
    )
    police_row = next(r for r in rows if r["agency"] == "police")
    assert police_row["status"] == "received" and police_row["entries"] == "22"


def test_a_bad_date_option_is_refused_with_its_option(tmp_path: Path) -> None:
    pack, _ = empty_pack(tmp_path)
    db = tmp_path / "db"
    run(db, "import", str(pack))
    result = run(db, "requests", REFERENCE, "--due", "police=31/01/2025")
    assert result.exit_code == 2
    assert "--due police=31/01/2025" in result.stderr


# 3. adding a file ------------------------------------------------------------------------


def comparable(
    services: Services, reference: str
) -> tuple[list[dict[str, object]], set[frozenset[str]]]:
    """The review's entries without ids or group numbers, and its groups as sets of
    locations: what must be equal however the review was filled."""
    entries = services.repository.entries(review_id(services, reference))
    plain = sorted(
        (e.model_dump(exclude={"id", "duplicate_group"}) for e in entries),
        key=lambda d: (d["source_file"], d["source_part"], d["source_line"]),
    )
    groups: dict[int, set[str]] = {}
    for entry in entries:
        if entry.duplicate_group is not None:
            groups.setdefault(entry.duplicate_group, set()).add(entry.location)
    return plain, {frozenset(group) for group in groups.values()}


def test_four_agencies_added_one_by_one_equal_the_same_pack_imported_whole(
    tmp_path: Path, services: Services
) -> None:
    whole = pack_with(tmp_path, set(FOUR.values()))
    services.reviews.import_pack(whole)
    expected = comparable(services, REFERENCE)
    assert len(expected[1]) > 3  # the four link to one another

    clock = frozen_clock(TODAY)
    with Services(Repository.memory(clock), clock) as other:
        pack, files = empty_pack(tmp_path)
        other.reviews.import_pack(pack)
        target = review_id(other)
        for agency, name in FOUR.items():
            read = other.intake.read_file(target, files / name, agency)
            other.intake.add_chronology(target, read)
        assert comparable(other, REFERENCE) == expected
        statuses = {line.agency: line.status for line in other.intake.lines(target)}
        assert [k for k, s in statuses.items() if s is RequestStatus.RECEIVED] == list(FOUR)


def test_a_second_file_is_refused_unless_declared_as_an_addition(
    tmp_path: Path, services: Services
) -> None:
    pack, files = empty_pack(tmp_path)
    services.reviews.import_pack(pack)
    target = review_id(services)
    read = services.intake.read_file(target, files / FOUR["police"], "police")
    services.intake.add_chronology(target, read)
    with pytest.raises(ChronologyExists, match=r"--replace .* --also"):
        services.intake.add_chronology(target, read)
    with pytest.raises(ChronologyExists, match="every entry twice"):
        services.intake.add_chronology(target, read, also=True)
    extra = tmp_path / "police_extra.csv"
    extra.write_text("Date,Details\n05/03/2023,Extra record of a visit\n", encoding="utf-8")
    more = services.intake.read_file(target, extra, "police")
    services.intake.add_chronology(target, more, also=True)
    assert services.repository.entry_counts(target)["police"] == 23
    sources = services.repository.require_agency(target, "police").sources
    assert [s.source_file for s in sources] == [
        "chronologies/police_chronology.csv",
        "chronologies/police_extra.csv",
    ]


def test_a_new_agency_key_adds_the_agency(tmp_path: Path, services: Services) -> None:
    pack, _ = empty_pack(tmp_path)
    services.reviews.import_pack(pack)
    target = review_id(services)
    file = tmp_path / "youth.csv"
    file.write_text("Date,Details\n05/03/2023,Youth worker visit\n", encoding="utf-8")
    read = services.intake.read_file(target, file, "youth_service")
    added = services.intake.add_chronology(target, read, name="Kelsholm Youth Service")
    assert added.new_agency and added.entries == 1
    line = next(x for x in services.intake.lines(target) if x.agency == "youth_service")
    assert (line.name, line.status) == ("Kelsholm Youth Service", RequestStatus.RECEIVED)


def test_add_chronology_names_bad_rows_by_file_and_line_and_strict_writes_nothing(
    tmp_path: Path,
) -> None:
    pack, files = empty_pack(tmp_path)
    db = tmp_path / "data" / "workshop.db"
    run(db, "import", str(pack))
    before = dump(db)
    file = files / FOUR["childrens_social_care"]
    result = run(
        db, "add-chronology", REFERENCE, str(file), "--agency", "childrens_social_care", "--strict"
    )
    assert result.exit_code == 1
    # Named where the person has the file (it is stored as chronologies/...csv).
    assert f"{file}:34: invalid date" in result.stderr
    assert dump(db) == before
    result = run(db, "add-chronology", REFERENCE, str(file), "--agency", "childrens_social_care")
    assert result.exit_code == 0
    assert f"{file}:34: invalid date" in result.stderr
    assert "38 entries" in result.stdout and "1 need attention" in result.stdout


def ident(entry: ChronologyEntry) -> int:
    assert entry.id is not None
    return entry.id


def dump(db: Path) -> list[str]:
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


# 4. replacing a file ------------------------------------------------------------------------

HEADER = ["Date", "Time", "Practitioner", "Event", "Outcome"]


def youth_rows() -> list[list[str]]:
    """Twelve fictional records; the first tells the police's 11/03/2023 21:47 call."""
    rows = [
        ["11/03/2023", "21:47", "Lee Ashdown", "Police called to flat 14 after shouting", "Noted"]
    ]
    for day in range(1, 12):
        rows.append(
            [
                f"{day:02d}/06/2023",
                "10:00",
                "Lee Ashdown",
                f"Youth club session number {day}",
                "Attended",
            ]
        )
    return rows


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def test_a_replacement_keeps_what_people_did_to_untouched_entries_and_lists_what_it_drops(
    tmp_path: Path, services: Services
) -> None:
    services.reviews.import_pack(PACK)
    target = review_id(services)
    repo = services.repository
    first = write_csv(tmp_path / "youth.csv", youth_rows())
    services.intake.add_chronology(target, services.intake.read_file(target, first, "youth"))
    youth = {e.event: e for e in repo.agency_entries(target, "youth")}
    call = youth["Police called to flat 14 after shouting"]
    assert call.duplicate_group is not None  # linked with the police's record of the call
    police = next(
        e
        for e in repo.entries(target)
        if e.duplicate_group == call.duplicate_group and e.id != call.id
    )
    repo.confirm_group(target, call.duplicate_group)

    def session(n: int) -> ChronologyEntry:
        return youth[f"Youth club session number {n}"]

    def sid(n: int) -> int:
        return ident(session(n))

    # On entries the new file leaves untouched: a flag, a manual link, a capture link.
    repo.set_entry_flags(sid(1), [EntryFlag.GOOD_PRACTICE])
    other = next(e for e in repo.entries(target) if e.agency == "school" and e.date)
    group = repo.link_entries([sid(2), ident(other)])
    # On entries it removes: a flag and a capture link (both dropped, and listed).
    repo.set_entry_flags(sid(10), [EntryFlag.MISSED_OPPORTUNITY])
    perspective = services.captures.save(
        target,
        Perspective(text="The youth club saw him weekly", entry_ids=[sid(3), sid(11)]),
    )

    rows = youth_rows()
    for n in (4, 5, 6):  # three changed
        rows[n][4] = "Did not attend"
    del rows[10:12]  # two removed: sessions 10 and 11
    rows += [
        [f"{d:02d}/07/2023", "10:00", "Lee Ashdown", f"Summer trip {d}", "Went"]
        for d in (1, 2, 3, 4)
    ]
    second = write_csv(tmp_path / "youth_v2.csv", rows)
    read = services.intake.read_file(target, second, "youth")

    plan = services.intake.plan_replacement(target, read)
    assert plan.diff.counts == {"unchanged": 7, "changed": 3, "removed": 2, "added": 4}
    assert repo.agency_entries(target, "youth")[0].source_file == "chronologies/youth.csv"

    done = services.intake.replace_chronology(target, read)
    assert done.diff.counts == plan.diff.counts
    after = {e.event: e for e in repo.agency_entries(target, "youth")}
    assert len(after) == 12 - 2 + 4
    assert after["Youth club session number 1"].id == sid(1)
    assert after["Youth club session number 1"].flags == [EntryFlag.GOOD_PRACTICE]
    kept = after["Youth club session number 2"]
    assert (kept.duplicate_group, kept.duplicate_confirmed) == (group, True)
    assert repo.entry(ident(other)).duplicate_group == group
    still = after["Police called to flat 14 after shouting"]
    assert (still.duplicate_group, still.duplicate_confirmed) == (call.duplicate_group, True)
    assert repo.entry(ident(police)).duplicate_group == call.duplicate_group
    assert after["Youth club session number 4"].outcome == "Did not attend"
    assert after["Youth club session number 4"].id == sid(4)
    assert all(e.source_file == "chronologies/youth_v2.csv" for e in after.values())
    stored = repo.perspectives(target)[0]
    assert stored.id == perspective.id and stored.entry_ids == [sid(3)]

    dropped = "\n".join(done.dropped)
    assert "Youth club session number 10" in dropped and "missed opportunity" in dropped
    assert "Youth club session number 11" in dropped and f"perspective {perspective.id}" in dropped
    lines = "\n".join(done.summary())
    assert "4 added, 2 removed, 3 changed, 7 unchanged" in lines
    assert "Summer trip 1" in lines
    line = next(x for x in services.intake.lines(target) if x.agency == "youth")
    assert line.status is RequestStatus.REPLACED

    # The old version stays in the trail: each removed entry whole.
    deleted = [
        json.loads(e.old or "{}")
        for e in services.reviews.history(target)
        if e.entity == "entry" and e.change == "delete"
    ]
    assert {d["event"] for d in deleted} == {
        "Youth club session number 10",
        "Youth club session number 11",
    }


def test_a_replacement_refused_under_strict_leaves_the_database_byte_identical(
    tmp_path: Path,
) -> None:
    db = tmp_path / "data" / "workshop.db"
    assert run(db, "import", str(PACK)).exit_code == 0
    before = dump(db)
    bad = tmp_path / "police_chronology.csv"
    text = (PACK / "chronologies" / "police_chronology.csv").read_text(encoding="utf-8-sig")
    bad.write_text(text.replace("11/03/2023 21:47", "31/02/2023 21:47", 1), encoding="utf-8")
    result = run(
        db, "add-chronology", REFERENCE, str(bad), "--agency", "police", "--replace", "--strict"
    )
    assert result.exit_code == 1
    assert "police_chronology.csv:2: invalid date" in result.stderr
    # The change was shown (the row's date is what changed), then refused.
    assert "0 added, 0 removed, 1 changed, 21 unchanged" in result.stdout
    assert dump(db) == before


def test_replace_shows_the_change_and_asks_before_writing(tmp_path: Path) -> None:
    db = tmp_path / "data" / "workshop.db"
    assert run(db, "import", str(PACK)).exit_code == 0
    fixed = tmp_path / "police_chronology.csv"
    text = (PACK / "chronologies" / "police_chronology.csv").read_text(encoding="utf-8-sig")
    fixed.write_text(text.replace("Words of advice given", "Advice given", 1), encoding="utf-8")
    before = dump(db)
    args = ["add-chronology", REFERENCE, str(fixed), "--agency", "police", "--replace"]
    shown = run(db, *args, "--dry-run")
    assert "0 added, 0 removed, 1 changed, 21 unchanged" in shown.stdout
    assert "[outcome]" in shown.stdout
    assert run(db, *args, input="n\n").exit_code == 1
    assert dump(db) == before
    done = run(db, *args, "--yes")
    assert done.exit_code == 0, done.output
    assert dump(db) != before
    history = run(db, "history", REFERENCE).stdout
    assert "replace entry" in history and "Words of advice g" in history
    assert "replace agency 1 police_chronology.csv" in history


def test_entries_added_later_are_found_by_search(tmp_path: Path, services: Services) -> None:
    from workshop_tui.domain.search import SearchFilters

    pack, _ = empty_pack(tmp_path)
    services.reviews.import_pack(pack)
    target = review_id(services)
    file = write_csv(tmp_path / "youth.csv", youth_rows())
    services.intake.add_chronology(target, services.intake.read_file(target, file, "youth"))
    found = services.search.find("club session", SearchFilters(), limit=50)
    assert len(found.hits) == 11
    assert {hit.kind for hit in found.hits} == {"entry"}


def test_a_hand_fix_counts_until_a_replacement_rewrites_its_entry(
    tmp_path: Path, services: Services
) -> None:
    pack, _ = empty_pack(tmp_path)
    services.reviews.import_pack(pack)
    target = review_id(services)
    repo = services.repository
    file = write_csv(tmp_path / "youth.csv", youth_rows())
    services.intake.add_chronology(target, services.intake.read_file(target, file, "youth"))
    entries = {e.event: e for e in repo.agency_entries(target, "youth")}
    fixed = entries["Youth club session number 1"]
    repo.fix_entry(ident(fixed), outcome="Attended with his sister")
    # The same file again: the fixed entry matches as imported, and keeps the fix.
    same = services.intake.read_file(target, file, "youth")
    plan = services.intake.plan_replacement(target, same)
    assert plan.diff.counts["unchanged"] == 12
    # The agency corrects that row: the entry changes, and the fix is listed as dropped.
    rows = youth_rows()
    rows[1][4] = "Attended late"
    second = write_csv(tmp_path / "youth_v2.csv", rows)
    done = services.intake.replace_chronology(
        target, services.intake.read_file(target, second, "youth")
    )
    assert done.diff.counts["changed"] == 1
    assert any("corrected by hand (outcome)" in line for line in done.dropped)
    assert repo.entry(ident(fixed)).outcome == "Attended late"
    # The same corrected file once more: nothing changes (the old fix no longer counts).
    again = services.intake.plan_replacement(
        target, services.intake.read_file(target, second, "youth")
    )
    assert again.diff.counts == {"unchanged": 12, "changed": 0, "removed": 0, "added": 0}


def test_an_agency_fills_in_its_template_and_it_is_added_without_a_single_warning(
    tmp_path: Path,
) -> None:
    """The whole round trip of issue 21: a review set up before any chronology arrives,
    the templates exported, one filled in with openpyxl as an agency would, and added."""
    import io

    from openpyxl import load_workbook

    pack, _ = empty_pack(tmp_path)
    db = tmp_path / "r.db"
    assert run(db, "import", str(pack)).exit_code == 0
    folder = tmp_path / "templates"
    exported = run(db, "export", REFERENCE, "template", "-o", str(folder))
    assert exported.exit_code == 0, exported.output
    book = load_workbook(folder / "police.xlsx")
    sheet = book["Chronology"]
    rows = [
        (dt.date(2023, 3, 4), dt.time(14, 20), "PC Tom Ashdown", "Call to the home.", "Advice"),
        (dt.date(2023, 3, 6), None, "DS Ann Oak", "Operation Encompass notice sent.", ""),
    ]
    for number, values in enumerate(rows, start=2):
        for column, value in enumerate(values, start=1):
            if value not in (None, ""):
                sheet.cell(number, column, value)
    out = io.BytesIO()
    book.save(out)
    filled = tmp_path / "police.xlsx"
    filled.write_bytes(out.getvalue())

    added = run(db, "add-chronology", REFERENCE, str(filled), "--agency", "police", "--strict")
    assert added.exit_code == 0, added.output
    assert "added 2 entries for police" in added.stdout
    assert "0 warning(s)" in added.stdout and "warning:" not in added.stderr
    listed = json.loads(run(db, "requests", REFERENCE, "--format", "json").stdout)
    police = next(r for r in listed if r["agency"] == "police")
    assert (police["status"], police["entries"]) == ("received", 2)
