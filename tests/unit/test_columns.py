"""A chronology column is never lost without a word: warnings at check and import, the
headers each agency's files had, and remapping an agency's columns after import."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from workshop_tui.cli import main
from workshop_tui.domain.clock import frozen_clock
from workshop_tui.domain.models import EntryFlag
from workshop_tui.importers.columns import (
    KEEP,
    LEGACY_HEADERS,
    current_mapping,
    headers_seen,
    mapping_problem,
    remap_entries,
)
from workshop_tui.importers.pack import check_pack, read_pack
from workshop_tui.resources import sample_cases_dir
from workshop_tui.storage.repository import Repository

CASE = """
[review]
reference = "LR-COL-1"
title = "Columns (fictional)"
period_start = 2023-01-01
period_end = 2023-12-31

[[agencies]]
key = "school"
name = "Fernhill Primary"
files = ["chronologies/school.csv"]

[[agencies]]
key = "youth"
name = "Youth Service"
files = ["chronologies/youth.csv"]
"""

SCHOOL = (
    "Date,Time,Staff member,Concern raised,Action\n"
    "03/03/2023,09:10,Ms Tilly Ormond,Came in without a coat,Spoke to mum\n"
    "14/03/2023,,Ms Tilly Ormond,Late again; hungry,Breakfast club offered\n"
    "31/02/2023,10:00,Mr Bo Ketteridge,Bruise on arm in PE,Passed to DSL\n"
)
YOUTH = (
    "Date,Worker,Event / presentation,Agency involvement / event,Outcome,Analysis\n"
    "05/04/2023,Kit Vantreen,Drop-in session attended,Youth club,Invited back,\n"
    "19/04/2023,Kit Vantreen,Did not attend,Youth club,Text sent,\n"
)


def make_pack(folder: Path, school: str = SCHOOL, youth: str = YOUTH) -> Path:
    (folder / "chronologies").mkdir(parents=True)
    (folder / "case.toml").write_text(CASE, encoding="utf-8")
    (folder / "chronologies" / "school.csv").write_text(school, encoding="utf-8")
    (folder / "chronologies" / "youth.csv").write_text(youth, encoding="utf-8")
    return folder


# --- warnings ------------------------------------------------------------------------------


def test_check_warns_of_a_file_with_no_event_column_naming_its_headers(tmp_path: Path) -> None:
    pack = make_pack(tmp_path / "pack")
    result = CliRunner().invoke(main, ["check", str(pack)], catch_exceptions=False)
    assert (
        "chronologies/school.csv: warning: no column was read as the event text; "
        "headers seen: Date, Time, Staff member, Concern raised, Action"
    ) in result.stderr


def test_import_says_the_same_and_the_tie_and_the_empty_column(tmp_path: Path) -> None:
    pack = make_pack(tmp_path / "pack")
    db = tmp_path / "w.db"
    result = CliRunner().invoke(
        main, ["--db", str(db), "import", str(pack)], catch_exceptions=False
    )
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    assert any(
        line.startswith("chronologies/school.csv: warning: no column was read as the event text")
        for line in lines
    )
    assert (
        'chronologies/youth.csv: warning: headers "Event / presentation" and "Agency '
        'involvement / event" could each be the event text; read "Event / presentation" as '
        'the event text, "Agency involvement / event" kept as another column'
    ) in lines
    assert (
        'chronologies/youth.csv: warning: the column "Analysis" was read as the analysis '
        "but is empty in every row"
    ) in lines


def test_an_event_header_matched_by_word_fills_the_event(tmp_path: Path) -> None:
    result = read_pack(make_pack(tmp_path / "pack"))
    youth = [e for e in result.data.entries if e.agency == "youth"]
    assert [e.event for e in youth] == ["Drop-in session attended", "Did not attend"]
    assert youth[0].extra == {"Agency involvement / event": "Youth club"}


def test_header_text_in_a_warning_is_made_visible(tmp_path: Path) -> None:
    school = "Date,Evil\x1b[2J,Notes\n03/03/2023,x,y\n"
    youth = "Date,Worker\x1b]0;title\x07\n03/03/2023,a\n"
    problems = check_pack(make_pack(tmp_path / "pack", school, youth))
    text = "\n".join(str(p) for p in problems)
    assert "\x1b" not in text and "\x07" not in text
    assert "Worker␛]0;title␇" in text


def test_the_sample_case_gains_no_warning_and_records_its_headers() -> None:
    pack = sample_cases_dir() / "child-r"
    warnings = [p for p in check_pack(pack) if p.severity == "warning"]
    assert len(warnings) == 3  # out of period (2), out of order (1), as before
    result = read_pack(pack)
    school = next(a for a in result.data.agencies if a.key == "school")
    assert [(s.source_part, s.fields["event"]) for s in school.sources] == [
        ("table 1", "Details"),
        ("table 2", "Details"),
    ]
    gp = next(a for a in result.data.agencies if a.key == "gp")
    assert gp.sources[0].headers == [
        "When",
        "Time",
        "Clinician",
        "Summary",
        "Action taken",
        "Patient",
    ]


# --- remapping (pure) ----------------------------------------------------------------------


def test_remap_fills_the_event_from_the_column_the_synonyms_missed(tmp_path: Path) -> None:
    data = read_pack(make_pack(tmp_path / "pack")).data
    school = next(a for a in data.agencies if a.key == "school")
    entries = [e for e in data.entries if e.agency == "school"]
    assert [e.event for e in entries] == ["", "", ""]
    mapping = current_mapping(entries, school.sources)
    assert mapping == {
        "Date": "date",
        "Time": "time",
        "Staff member": "practitioner",
        "Concern raised": KEEP,
        "Action": "outcome",
    }
    mapping["Concern raised"] = "event"
    result = remap_entries(entries, school.sources, mapping)
    rebuilt = result.entries
    assert [e.event for e in rebuilt] == [
        "Came in without a coat",
        "Late again; hungry",
        "Bruise on arm in PE",
    ]
    assert all(e.extra == {} for e in rebuilt)
    assert rebuilt[0].date == dt.date(2023, 3, 3) and rebuilt[0].time == dt.time(9, 10)
    assert rebuilt[2].error is not None and "31/02/2023" in rebuilt[2].error
    assert [p.location for p in result.problems] == ["chronologies/school.csv:4"]
    assert result.sources[0].fields["event"] == "Concern raised"


def test_remap_moves_a_column_to_extra_and_re_reads_dates() -> None:
    from workshop_tui.domain.models import ChronologyEntry, SourceColumns

    source = SourceColumns(
        source_file="a.csv",
        headers=["Date", "Seen on", "Details"],
        fields={"date": "Date", "event": "Details"},
    )
    entry = ChronologyEntry(
        id=7,
        agency="a",
        date=dt.date(2023, 5, 1),
        event="Visit",
        source_file="a.csv",
        source_line=2,
        extra={"Seen on": "02/05/2023 14:00"},
        flags=[EntryFlag.MISSED_OPPORTUNITY],
        duplicate_group=3,
        duplicate_confirmed=True,
    )
    result = remap_entries([entry], [source], {"Date": KEEP, "Seen on": "date", "Details": "event"})
    (new,) = result.entries
    assert new.date == dt.date(2023, 5, 2) and new.time == dt.time(14, 0)
    assert new.extra == {"Date": "01/05/2023"}
    assert (new.id, new.flags, new.duplicate_group, new.duplicate_confirmed) == (
        7,
        [EntryFlag.MISSED_OPPORTUNITY],
        3,
        True,
    )


def test_remap_keeps_fields_corrected_by_hand() -> None:
    from workshop_tui.domain.models import ChronologyEntry, SourceColumns

    source = SourceColumns(source_file="a.csv", headers=["Date", "Notes"], fields={"date": "Date"})
    fixed = ChronologyEntry(
        id=1,
        agency="a",
        date=dt.date(2023, 2, 28),
        source_file="a.csv",
        source_line=2,
        raw={"Date": "31/02/2023", "Notes": "Home visit"},
    )
    result = remap_entries([fixed], [source], {"Date": "date", "Notes": "event"}, {1: {"date"}})
    (new,) = result.entries
    assert new.date == dt.date(2023, 2, 28) and new.error is None  # the hand's date
    assert new.event == "Home visit"  # the remapped column
    assert result.kept_by_hand == 1


def test_two_files_may_name_their_date_column_differently() -> None:
    from workshop_tui.domain.models import ChronologyEntry, SourceColumns

    sources = [
        SourceColumns(source_file="a.csv", headers=["Date", "Notes"], fields={"date": "Date"}),
        SourceColumns(source_file="b.csv", headers=["Seen", "Text"], fields={"date": "Seen"}),
    ]
    entries = [
        ChronologyEntry(
            id=1, agency="a", date=dt.date(2023, 1, 2), source_file="a.csv", extra={"Notes": "x"}
        ),
        ChronologyEntry(
            id=2, agency="a", date=dt.date(2023, 1, 3), source_file="b.csv", extra={"Text": "y"}
        ),
    ]
    mapping = {"Date": "date", "Notes": "event", "Seen": "date", "Text": "event"}
    assert [e.event for e in remap_entries(entries, sources, mapping).entries] == ["x", "y"]
    with pytest.raises(ValueError, match='date \\(among "Seen", "Text"\\)'):
        remap_entries(entries, sources, {**mapping, "Seen": KEEP})


def test_a_review_without_recorded_headers_remaps_by_field_names() -> None:
    from workshop_tui.domain.models import ChronologyEntry

    old = ChronologyEntry(
        id=1, agency="a", date=dt.date(2023, 1, 2), source_file="a.csv", extra={"Narr": "Seen"}
    )
    assert headers_seen([old], []) == [LEGACY_HEADERS["date"], "Narr"]
    mapping = current_mapping([old], [])
    assert mapping == {LEGACY_HEADERS["date"]: "date", "Narr": KEEP}
    (new,) = remap_entries([old], [], {**mapping, "Narr": "event"}).entries
    assert (new.date, new.event, new.extra) == (dt.date(2023, 1, 2), "Seen", {})


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ({"A": "event"}, "choose the column that holds the date"),
        ({"A": "date", "B": "event", "C": "event"}, '"B" and "C" are both read as the event text'),
    ],
)
def test_an_unusable_mapping_says_why(mapping: dict[str, str], message: str) -> None:
    problem = mapping_problem(mapping)
    assert problem is not None and problem.startswith(message)
    with pytest.raises(ValueError, match="choose"):
        remap_entries([], [], mapping)


# --- the repository ------------------------------------------------------------------------


@pytest.fixture
def imported(tmp_path: Path) -> tuple[Repository, int]:
    data = read_pack(make_pack(tmp_path / "pack")).data
    repository = Repository.memory(clock=frozen_clock(dt.datetime(2099, 1, 1, 9, 0)))
    review = repository.create_review(data)
    assert review.id is not None
    return repository, review.id


def test_remap_agency_rewrites_entries_in_one_audited_write(
    imported: tuple[Repository, int],
) -> None:
    repository, review_id = imported
    school = [e for e in repository.entries(review_id) if e.agency == "school"]
    good = next(e for e in school if e.error is None and e.id is not None)
    assert good.id is not None
    repository.set_entry_flags(good.id, [EntryFlag.KEY_PRACTICE_EPISODE])
    youth = [e.id for e in repository.entries(review_id) if e.agency == "youth"]
    assert youth[0] is not None
    group = repository.link_entries([good.id, youth[0]])
    agency = next(a for a in repository.agencies(review_id) if a.key == "school")
    mapping = current_mapping(school, agency.sources)
    before = len(repository.audit_events(review_id))

    result = repository.remap_agency(review_id, "school", {**mapping, "Concern raised": "event"})

    after = [e for e in repository.entries(review_id) if e.agency == "school"]
    assert Counter(e.id for e in after) == Counter(e.id for e in school)
    assert {e.event for e in after} == {
        "Came in without a coat",
        "Late again; hungry",
        "Bruise on arm in PE",
    }
    kept = repository.entry(good.id)
    assert kept.flags == [EntryFlag.KEY_PRACTICE_EPISODE]
    assert (kept.duplicate_group, kept.duplicate_confirmed) == (group, True)
    events = repository.audit_events(review_id)[before:]
    remaps = [e for e in events if e.change == "remap"]
    assert len(remaps) == 3 and {e.entity for e in remaps} == {"entry"}
    assert remaps[0].field == "event, extra"
    assert json.loads(remaps[0].new or "")["event"] == "Came in without a coat"
    assert [e.field for e in events if e.change == "update"] == ["sources"]
    stored = next(a for a in repository.agencies(review_id) if a.key == "school")
    assert stored.sources[0].fields["event"] == "Concern raised"
    assert len(result.entries) == 3

    # Saving the same mapping again changes nothing and records nothing.
    repository.remap_agency(review_id, "school", current_mapping(after, stored.sources))
    assert len(repository.audit_events(review_id)) == before + len(events)


def test_remap_agency_keeps_a_fix_made_by_hand(imported: tuple[Repository, int]) -> None:
    repository, review_id = imported
    bad = next(e for e in repository.entries(review_id) if e.error is not None)
    assert bad.id is not None
    repository.fix_entry(bad.id, date=dt.date(2023, 2, 28))
    agency = next(a for a in repository.agencies(review_id) if a.key == "school")
    school = [e for e in repository.entries(review_id) if e.agency == "school"]
    result = repository.remap_agency(
        review_id, "school", {**current_mapping(school, agency.sources), "Concern raised": "event"}
    )
    fixed = repository.entry(bad.id)
    assert fixed.date == dt.date(2023, 2, 28) and fixed.error is None
    assert fixed.event == "Bruise on arm in PE"
    assert result.kept_by_hand == 1


def test_remap_agency_refuses_a_mapping_without_a_date_and_writes_nothing(
    imported: tuple[Repository, int],
) -> None:
    repository, review_id = imported
    before = repository.audit_events(review_id)
    with pytest.raises(ValueError, match="date"):
        repository.remap_agency(review_id, "school", {"Date": KEEP})
    assert repository.audit_events(review_id) == before


def test_agency_sources_survive_the_database_and_the_archive(
    imported: tuple[Repository, int], tmp_path: Path
) -> None:
    from workshop_tui.exporters.archive import render_archive
    from workshop_tui.importers.archive import read_archive

    repository, review_id = imported
    data = repository.load_review(review_id)
    school = next(a for a in data.agencies if a.key == "school")
    assert school.sources[0].headers == ["Date", "Time", "Staff member", "Concern raised", "Action"]
    archive = tmp_path / "a.json"
    archive.write_bytes(render_archive(data, dt.datetime(2099, 1, 1)))
    again = read_archive(archive)
    assert next(a for a in again.agencies if a.key == "school").sources == school.sources
