"""Property tests: on any input, importers raise only their own error types."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workshop_tui.domain.dates import DateError, format_date, parse_date, parse_time
from workshop_tui.domain.problems import InputError
from workshop_tui.importers.case_toml import parse_case_toml
from workshop_tui.importers.csv_reader import read_csv
from workshop_tui.importers.docx_reader import read_docx
from workshop_tui.importers.rows import clean_text
from workshop_tui.importers.xlsx_reader import read_xlsx

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

date_like = st.text(alphabet="0123456789/.-: ?apmAPMJanFebMarchstndrdof,T", max_size=30)


@SETTINGS
@given(st.one_of(st.text(), date_like))
def test_parse_date_raises_only_date_error(text: str) -> None:
    try:
        date, approximate = parse_date(text)
    except DateError:
        return
    assert isinstance(date, dt.date)
    assert isinstance(approximate, bool)


@SETTINGS
@given(st.one_of(st.text(), st.text(alphabet="0123456789:. apmhrs", max_size=12)))
def test_parse_time_raises_only_date_error(text: str) -> None:
    with contextlib.suppress(DateError):
        parse_time(text)


@SETTINGS
@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_every_real_date_round_trips_day_first(date: dt.date) -> None:
    assert parse_date(format_date(date)) == (date, False)
    assert parse_date(date.isoformat()) == (date, False)


def check_rows(result) -> None:  # type: ignore[no-untyped-def]
    for entry in result.entries:
        assert (entry.date is None) == (entry.error is not None)
        assert entry.source_line >= 1


@SETTINGS
@given(st.binary(max_size=2000))
def test_csv_bytes_raise_only_input_error(data: bytes) -> None:
    with contextlib.suppress(InputError):
        check_rows(read_csv(data, "x.csv", "a"))


@SETTINGS
@given(st.text(max_size=500))
def test_csv_text_raises_only_input_error(text: str) -> None:
    with contextlib.suppress(InputError):
        check_rows(read_csv(("Date,Details\n" + text).encode("utf-8"), "x.csv", "a"))


cells = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=20)


@SETTINGS
@given(st.lists(st.lists(cells, min_size=1, max_size=5), max_size=20), st.sampled_from(",;\t"))
def test_csv_rows_are_never_lost(rows: list[list[str]], delimiter: str) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(["Date", "Details", "Outcome", "Ref", "Other"])
    writer.writerows(rows)
    try:
        result = read_csv(buffer.getvalue().encode("utf-8"), "x.csv", "a")
    except InputError:
        return
    check_rows(result)
    # Every row with any text becomes one entry (a bad one included); blank rows are skipped.
    written = [row for row in rows if any(clean_text(cell.replace("\x00", "")) for cell in row)]
    assert len(result.entries) == len(written)


def zip_with(member: str, content: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr(member, content)
    return buffer.getvalue()


@SETTINGS
@given(
    st.one_of(
        st.binary(max_size=500),
        st.binary(max_size=200).map(lambda b: b"PK\x03\x04" + b),
        st.binary(max_size=200).map(lambda b: zip_with("xl/workbook.xml", b)),
        st.binary(max_size=200).map(lambda b: zip_with("word/document.xml", b)),
    )
)
def test_arbitrary_bytes_as_xlsx_or_docx_raise_only_input_error(data: bytes) -> None:
    for reader in (read_xlsx, read_docx):
        with contextlib.suppress(InputError):
            reader(data, "x", "a", None)


@SETTINGS
@given(st.one_of(st.text(max_size=300), st.binary(max_size=300)))
def test_case_toml_never_raises(text: str | bytes) -> None:
    config, problems = parse_case_toml(text)
    assert config.review is not None or problems
