"""Hypothesis over the parsers that ``tests/unit/test_importer_properties.py`` does not cover.

That file throws arbitrary bytes and text at the CSV, XLSX, DOCX and case.toml
readers. Here: arbitrary and near-valid archives, structured case.toml with
every key given values of every type, pack-relative paths, header rows, and
well-formed workbooks and Word tables with arbitrary cells. On any input only
the importer's own ``InputError`` escapes, every problem has a location, and
what is read is consistent (a row without a date is kept, with its error).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any

from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from workshop_tui.domain.problems import InputError
from workshop_tui.importers.archive import read_archive
from workshop_tui.importers.case_toml import parse_case_toml, safe_relative_path
from workshop_tui.importers.docx_reader import read_docx
from workshop_tui.importers.headers import FIELDS, map_headers
from workshop_tui.importers.pack import read_pack
from workshop_tui.importers.xlsx_reader import read_xlsx

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=30,
)
ARCHIVE_KEYS = [
    "review",
    "agencies",
    "participants",
    "kloes",
    "entries",
    "perspectives",
    "findings",
    "actions",
    "escalations",
    "pseudonyms",
    "workshop_log",
]


def located(error: InputError) -> None:
    assert error.problems
    for problem in error.problems:
        assert problem.location, str(problem)


@FAST
@given(st.one_of(st.binary(max_size=300), json_values.map(lambda v: json.dumps(v).encode())))
def test_any_bytes_or_json_as_an_archive(data: bytes) -> None:
    try:
        read_archive(data)
    except InputError as error:
        located(error)


@FAST
@given(st.dictionaries(st.sampled_from(ARCHIVE_KEYS), json_values, max_size=6))
def test_near_valid_archives(body: dict[str, Any]) -> None:
    document = {"format": "workshop-tui-archive", "version": 1, **body}
    try:
        data = read_archive(json.dumps(document).encode())
    except InputError as error:
        located(error)
        return
    assert data.review.reference.strip()


# ----------------------------------------------------------------- case.toml

toml_scalars = st.one_of(
    st.text(max_size=20),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False),
    st.booleans(),
    st.dates(),
    st.times(),
)


def toml_value(value: object) -> str:
    """A value written as TOML (enough of TOML for these tests)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value)  # a JSON string is a TOML basic string
    if isinstance(value, float):
        return repr(value) if value == value and abs(value) != float("inf") else "nan"
    if isinstance(value, dt.time):
        return value.isoformat()
    if isinstance(value, int | dt.date):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    raise TypeError(value)


tables = st.dictionaries(
    st.sampled_from(
        [
            "reference",
            "title",
            "period_start",
            "period_end",
            "workshop_start",
            "marking",
            "key",
            "name",
            "files",
            "role",
            "attendance",
            "minutes",
            "question",
            "prompts",
            "real",
            "label",
            "typo",
        ]
    ),
    st.one_of(toml_scalars, st.lists(toml_scalars, max_size=3)),
    max_size=6,
)


def toml_document(sections: list[tuple[str, bool, dict[str, object]]]) -> str:
    lines = []
    for name, array, table in sections:
        lines.append(f"[[{name}]]" if array else f"[{name}]")
        lines.extend(f"{key} = {toml_value(value)}" for key, value in table.items())
    return "\n".join(lines) + "\n"


@FAST
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["review", "agencies", "participants", "kloes", "pseudonyms", "x"]),
            st.booleans(),
            tables,
        ),
        max_size=5,
    )
)
def test_structured_case_toml(sections: list[tuple[str, bool, dict[str, object]]]) -> None:
    text = toml_document(sections)
    config, problems = parse_case_toml(text)
    for problem in problems:
        assert problem.location.startswith("case.toml"), str(problem)
    if config.review is not None and not problems:
        assert config.review.reference.strip() and config.review.title.strip()
    for agency in config.agencies or []:
        for file in agency.files:
            assert safe_relative_path(file) == file


@settings(max_examples=500, deadline=None)
@given(
    st.one_of(
        st.text(max_size=40),
        st.lists(st.sampled_from(["..", ".", "", "a", "chronologies", "C:", "\\", "/", "~"])).map(
            "/".join
        ),
        st.lists(st.sampled_from(["..", ".", "a", "b.csv", "C:"])).map("\\".join),
    )
)
def test_a_safe_relative_path_never_leaves_the_pack(path: str) -> None:
    safe = safe_relative_path(path)
    if safe is None:
        return
    parts = PurePosixPath(safe).parts
    assert parts and ".." not in parts and not PurePosixPath(safe).is_absolute()
    assert "\\" not in safe and not PureWindowsPath(safe).anchor
    assert os.path.normpath(os.path.join("/pack", safe)).startswith("/pack/")


@FAST
@given(
    st.lists(st.text(max_size=15), max_size=12),
    st.dictionaries(st.sampled_from(FIELDS), st.text(max_size=15), max_size=3),
)
def test_any_header_row(headers: list[str], overrides: dict[str, str]) -> None:
    mapped = map_headers(headers, overrides)
    problem = mapped.problem()
    assert problem is None or isinstance(problem, str)
    assert len(mapped.keys) == len(headers) == len(set(mapped.keys))
    used = list(mapped.columns.values())
    assert len(used) == len(set(used)) and all(0 <= i < len(headers) for i in used)
    if problem is None:
        assert mapped.date_column is not None


# ---------------------------------------------------- well-formed files, any cells

safe_text = st.text(
    alphabet=st.characters(blacklist_categories=["Cs", "Cc"], blacklist_characters="\ufffe\uffff"),
    max_size=25,
)
cell_values = st.one_of(
    st.none(),
    safe_text,
    st.sampled_from(["03/03/2023", "31/02/2023", "?3/3/23", "2023-03-03 14:20", "Date", ""]),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.dates(min_value=dt.date(1900, 1, 1)),
    st.datetimes(min_value=dt.datetime(1900, 1, 1)),
    st.booleans(),
)
grids = st.lists(st.lists(cell_values, min_size=1, max_size=5), max_size=12)
header_rows = st.one_of(
    st.just(["Date", "Details", "Outcome"]),
    st.lists(
        st.one_of(safe_text, st.sampled_from(["Date", "Time", "Event", "Worker"])), max_size=5
    ),
)


def check_rows(rows: Any, row_count: int) -> None:
    for entry in rows.entries:
        assert (entry.date is None) == (entry.error is not None)
        assert 1 <= entry.source_line <= row_count + 1


@SLOW
@given(header_rows, grids)
def test_any_cells_in_a_real_workbook(header: list[object], grid: list[list[object]]) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in [header, *grid]:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    try:
        rows = read_xlsx(out.getvalue(), "x.xlsx", "a")
    except InputError as error:
        located(error)
        return
    check_rows(rows, len(grid) + 1)


@SLOW
@given(header_rows, st.lists(st.lists(safe_text, min_size=1, max_size=5), max_size=10))
def test_any_cells_in_a_real_word_table(header: list[object], grid: list[list[str]]) -> None:
    doc = Document()
    width = max([len(header), *(len(r) for r in grid), 1])
    table = doc.add_table(rows=0, cols=width)
    for values in [[str(v) for v in header], *grid]:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=False):
            cell.text = value
    out = io.BytesIO()
    doc.save(out)
    try:
        rows = read_docx(out.getvalue(), "x.docx", "a")
    except InputError as error:
        located(error)
        return
    check_rows(rows, len(grid) + 1)


# ------------------------------------------------------------- whole packs

pack_paths = st.one_of(
    st.sampled_from(
        [
            "chronologies/police.csv",
            "chronologies/../outside.csv",
            "../outside.csv",
            "/etc/hostname",
            "chronologies/link.csv",
            "chronologies/missing.csv",
            "chronologies/police.xls",
            "case.toml",
            "chronologies",
        ]
    ),
    safe_text,
)


@SLOW
@given(st.lists(st.lists(pack_paths, max_size=3), max_size=3))
def test_a_pack_never_reads_outside_itself(tmp_path_factory: Any, files: list[list[str]]) -> None:
    root = tmp_path_factory.mktemp("pack")
    outside = root / "outside.csv"
    outside.write_text("Date,Details\n03/03/2023,SECRET FROM OUTSIDE\n")
    pack = root / "pack"
    (pack / "chronologies").mkdir(parents=True)
    (pack / "chronologies" / "police.csv").write_text("Date,Details\n04/03/2023,inside\n")
    (pack / "chronologies" / "link.csv").symlink_to(outside)
    agencies = "".join(
        f'[[agencies]]\nkey = "a{i}"\nfiles = {json.dumps(paths)}\n'
        for i, paths in enumerate(files)
    )
    (pack / "case.toml").write_text(f'[review]\nreference = "R"\ntitle = "T"\n{agencies}')
    try:
        result = read_pack(pack)
    except InputError as error:
        located(error)
        return
    assert all("SECRET" not in entry.event for entry in result.data.entries)
