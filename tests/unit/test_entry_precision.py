"""Issue 16: an entry's date keeps its precision (``May 2016``) and its end (a range), is
stored, sorted, shown and exported as such, and an older database keeps its meaning."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import json
import sqlite3
from pathlib import Path

import pytest
from export_fixtures import GENERATED_AT, rich_review
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workshop_tui.domain.chronology import mark_in_period, merge, merge_key
from workshop_tui.domain.dates import Precision, parse_entry_range, show_when
from workshop_tui.domain.entry_fixes import fixed_entry
from workshop_tui.domain.models import ChronologyEntry, EntryFlag, Review, ReviewData
from workshop_tui.domain.search import SearchFilters
from workshop_tui.exporters import render
from workshop_tui.importers.archive import read_archive
from workshop_tui.importers.csv_reader import read_csv
from workshop_tui.importers.pack import order_warnings
from workshop_tui.storage import connection
from workshop_tui.storage.repository import Repository
from workshop_tui.storage.schema import MIGRATIONS

DAY, WEEK, MONTH, SEASON, YEAR = (
    Precision.DAY,
    Precision.WEEK,
    Precision.MONTH,
    Precision.SEASON,
    Precision.YEAR,
)
MAY = dt.date(2016, 5, 1)


def _entry(date: dt.date | None, agency: str = "police", **values: object) -> ChronologyEntry:
    values.setdefault("event", f"event on {date}")
    return ChronologyEntry(agency=agency, date=date, **values)


# --- the order --------------------------------------------------------------------------


def test_a_month_sorts_at_its_first_day_after_that_days_exact_dates() -> None:
    month = _entry(MAY, "health", date_precision=MONTH)
    exact = _entry(MAY, "police", time=dt.time(23, 0))
    untimed = _entry(MAY, "school")
    rough = _entry(MAY, "education", date_approximate=True)
    week = _entry(MAY, "zeta", date_precision=WEEK)
    year = _entry(dt.date(2016, 1, 1), "police", date_precision=YEAR)
    later = _entry(dt.date(2016, 5, 2))
    other_month = _entry(MAY, "ambulance", date_precision=MONTH)
    ranged = _entry(MAY, "alpha", end_date=dt.date(2016, 5, 3))
    assert merge([later, month, other_month, week, rough, ranged, exact, untimed, year]) == [
        year,  # 2016: its first day is 01/01/2016
        untimed,  # 01/05/2016, exact, untimed
        ranged,  # 01/05/2016 to 03/05/2016, untimed: after the single untimed day
        exact,  # 01/05/2016 23:00
        rough,  # c. 01/05/2016
        week,  # w/c 01/05/2016
        other_month,  # May 2016, agency "ambulance"
        month,  # May 2016, agency "health"
        later,  # 02/05/2016
    ]


_DAY_OF = st.dates(dt.date(2015, 1, 1), dt.date(2015, 3, 31))


@st.composite
def _entries(draw: st.DrawFn) -> ChronologyEntry:
    precision = draw(st.sampled_from(list(Precision)))
    date = draw(st.one_of(st.none(), _DAY_OF))
    end = None
    if date is not None:
        if precision is MONTH:
            date = date.replace(day=1)
        if draw(st.booleans()):
            end = date + dt.timedelta(days=draw(st.integers(0, 40)))
    return ChronologyEntry(
        agency=draw(st.sampled_from(["police", "health", "school"])),
        date=date,
        time=draw(st.one_of(st.none(), st.sampled_from([dt.time(9, 0), dt.time(0, 0)]))),
        date_approximate=draw(st.booleans()),
        date_precision=precision,
        end_date=end,
        source_file=draw(st.sampled_from(["a.csv", "b.xlsx"])),
        source_line=draw(st.integers(1, 5)),
        error=None if date is not None else "missing date",
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_entries(), max_size=25), st.randoms())
def test_the_order_is_total_and_the_store_reads_it(entries: list[ChronologyEntry], rnd) -> None:  # type: ignore[no-untyped-def]
    shuffled = list(entries)
    rnd.shuffle(shuffled)
    ordered = merge(entries)
    assert [merge_key(e) for e in merge(shuffled)] == [merge_key(e) for e in ordered]
    dated = [e for e in ordered if e.date is not None]
    for first, second in itertools.pairwise(dated):
        assert first.date is not None and second.date is not None
        assert first.date <= second.date
    with Repository.memory() as repo:
        review = repo.create_review(
            ReviewData(review=Review(reference="R", title="T"), entries=entries)
        )
        assert review.id is not None
        loaded = [e.model_copy(update={"id": None}) for e in repo.entries(review.id)]
    assert [merge_key(e) for e in loaded] == [merge_key(e) for e in ordered]


# --- storage ----------------------------------------------------------------------------


def test_precision_and_end_date_are_stored_and_read_back(repo: Repository) -> None:
    entries = [
        _entry(MAY, date_precision=MONTH),
        _entry(dt.date(2016, 5, 3), end_date=dt.date(2016, 5, 9)),
        _entry(dt.date(2016, 6, 1), date_precision=SEASON, date_approximate=True),
    ]
    review = repo.create_review(
        ReviewData(review=Review(reference="R", title="T"), entries=entries)
    )
    assert review.id is not None
    back = repo.entries(review.id)
    assert [e.when for e in back] == ["May 2016", "03/05/2016 to 09/05/2016", "c. summer 2016"]
    assert back[0].date_precision is MONTH and back[1].end_date == dt.date(2016, 5, 9)


def test_an_older_database_keeps_its_approximate_entries_approximate(
    tmp_db_path: Path, clock: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as patch:
        patch.setattr(connection, "MIGRATIONS", MIGRATIONS[:-1])
        patch.setattr(connection, "SCHEMA_VERSION", len(MIGRATIONS) - 1)
        with Repository.open(tmp_db_path, clock=clock) as old:  # type: ignore[arg-type]
            old.create_review(
                ReviewData(
                    review=Review(reference="R1", title="Old"),
                    entries=[_entry(MAY, date_approximate=True), _entry(dt.date(2016, 5, 2))],
                )
            )
    with Repository.open(tmp_db_path, clock=clock) as repo:  # type: ignore[arg-type]
        (review,) = repo.list_reviews()
        assert review.id is not None
        back = repo.entries(review.id)
    assert [(e.when, e.date_precision, e.end_date) for e in back] == [
        ("c. 01/05/2016", DAY, None),
        ("02/05/2016", DAY, None),
    ]
    conn = sqlite3.connect(tmp_db_path)
    try:
        plan = conn.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM entry WHERE review_id = 1 AND date IS NOT NULL"
            " ORDER BY date, date_rank, time, end_date, agency, source_file, source_part,"
            " source_line, id"
        ).fetchall()
    finally:
        conn.close()
    assert not any("TEMP B-TREE" in row[-1] for row in plan)


# --- import, warnings, fixing -----------------------------------------------------------


def test_a_month_among_later_days_of_that_month_is_not_out_of_order() -> None:
    data = b"Date,Event\n20/05/2016,a\nMay 2016,b\n21/05/2016,c\n2015,d\n"
    result = read_csv(data, "police.csv", "police")
    assert [e.when for e in result.entries] == ["20/05/2016", "May 2016", "21/05/2016", "2015"]
    assert [str(w) for w in order_warnings(result.entries)] == [
        "police.csv:5: warning: out of date order: 2015 comes after 21/05/2016"
    ]


def test_a_month_overlapping_the_review_period_is_in_it() -> None:
    month = _entry(MAY, date_precision=MONTH)
    ranged = _entry(dt.date(2016, 4, 20), end_date=dt.date(2016, 5, 20))
    before = _entry(dt.date(2016, 4, 30))
    mark_in_period([month, ranged, before], dt.date(2016, 5, 15), None)
    assert (month.in_period, ranged.in_period, before.in_period) == (True, True, False)


def test_the_fix_form_reads_back_what_it_shows() -> None:
    for text in ["May 2016", "c. summer 2016", "03/05/2016 to 09/05/2016", "May 2016 to June 2016"]:
        parsed, end = parse_entry_range(text)
        shown = show_when(
            parsed.date, approximate=parsed.approximate, precision=parsed.precision, end=end
        )
        assert shown == text
    assert parse_entry_range("May 2016 to June 2016")[1] == dt.date(2016, 6, 30)


def test_a_new_date_typed_by_hand_is_one_day_unless_it_says_otherwise() -> None:
    month = _entry(MAY, date_precision=MONTH, end_date=dt.date(2016, 6, 30))
    fixed = fixed_entry(month, {"date": dt.date(2016, 5, 4)}, None, None)
    assert (fixed.when, fixed.date_precision, fixed.end_date) == ("04/05/2016", DAY, None)


# --- every place it is shown ------------------------------------------------------------


def _review() -> ReviewData:
    data = rich_review()
    period_day = data.review.period_start or dt.date(2022, 4, 1)
    month = period_day.replace(day=1) + dt.timedelta(days=40)
    month = month.replace(day=1)
    data.entries = [
        *data.entries,
        ChronologyEntry(
            id=9001,
            agency=data.entries[0].agency,
            date=month,
            date_precision=MONTH,
            event="Family moved to the area",
            flags=[EntryFlag.KEY_PRACTICE_EPISODE],
        ),
        ChronologyEntry(
            id=9002,
            agency=data.entries[0].agency,
            date=month + dt.timedelta(days=3),
            end_date=month + dt.timedelta(days=5),
            event="Respite stay",
            flags=[EntryFlag.GOOD_PRACTICE],
        ),
    ]
    data.entries = merge(data.entries)
    return data


def _month_and_range(data: ReviewData) -> tuple[str, str]:
    month, ranged = (e for e in data.entries if (e.id or 0) > 9000)
    return month.when, ranged.when


@pytest.mark.parametrize(
    ("document", "fmt"),
    [
        ("chronology", "csv"),
        ("chronology", "xlsx"),
        ("chronology", "docx"),
        ("minutes", "md"),
        ("minutes", "html"),
        ("minutes", "docx"),
        ("report", "md"),
        ("report", "docx"),
    ],
)
def test_every_export_shows_the_precision_and_the_range(document: str, fmt: str) -> None:
    data = _review()
    month, ranged = _month_and_range(data)
    raw = render(data, document, fmt, generated_at=GENERATED_AT)
    if fmt == "xlsx":
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(raw))
        text = "\n".join(
            str(c)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for c in row
        )
    elif fmt == "docx":
        import docx

        doc = docx.Document(io.BytesIO(raw))
        text = "\n".join(
            cell.text for table in doc.tables for row in table.rows for cell in row.cells
        )
    else:
        text = raw.decode("utf-8")
    assert " " in month and month[0].isalpha()  # "June 2022", not a day
    assert month in text
    assert ranged in text


def test_the_archive_carries_precision_and_range_both_ways() -> None:
    data = _review()
    archive = render(data, "archive", "json", generated_at=GENERATED_AT)
    document = json.loads(archive)
    stored = [e for e in document["entries"] if e["id"] > 9000]
    assert [(e["date_precision"], e["end_date"] is not None) for e in stored] == [
        ("month", False),
        ("day", True),
    ]
    back = read_archive(archive)
    assert _month_and_range(back) == _month_and_range(data)


def test_search_hits_show_the_month(repo: Repository) -> None:
    review = repo.create_review(
        ReviewData(
            review=Review(reference="R", title="T"),
            entries=[_entry(MAY, date_precision=MONTH, event="moved to Farrowby")],
        )
    )
    assert review.id is not None
    (hit,) = repo.search_index('"farrowby"', SearchFilters(), 10)
    assert (hit.day, hit.when) == ("2016-05-01", "May 2016")
