"""Valid files, damaged: each importer imports or refuses with a place named (issue 19).

The other property tests feed arbitrary bytes, which seldom get past a zip
header or a CSV's header row. Here real files of the sample case (CSV, XLSX,
DOCX, case.toml) and a real archive are mutated: bytes flipped, inserted,
deleted, truncated; inside the XLSX and DOCX, one XML member mutated and the
zip rebuilt valid; in the archive, a value replaced with arbitrary JSON or a key
dropped. Each reader returns, or raises InputError whose every problem names a
file (and a line, sheet, table or JSON path where there is one). End to end, a
refused import leaves the database file exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workshop_tui.cli import main
from workshop_tui.domain.problems import InputError
from workshop_tui.exporters import render
from workshop_tui.importers.archive import read_archive
from workshop_tui.importers.case_toml import parse_case_toml
from workshop_tui.importers.pack import read_chronology, read_pack
from workshop_tui.resources import sample_cases_dir
from workshop_tui.storage.repository import Repository

PACK = sample_cases_dir() / "child-r"
FILES = {path.name: path.read_bytes() for path in sorted((PACK / "chronologies").iterdir())}
CSV = "police_chronology.csv"
XLSX = "hv_0-19_service_chronology.xlsx"
DOCX = "hollins_lane_primary_chronology.docx"
CASE = (PACK / "case.toml").read_bytes()
ARCHIVE = render(
    read_pack(PACK).data, "archive", "json", generated_at=dt.datetime(2099, 5, 21, 16, 45)
)

MODEST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

mutation = st.tuples(
    st.sampled_from(["flip", "insert", "delete", "truncate", "duplicate"]),
    st.floats(0, 1),
    st.binary(min_size=1, max_size=16),
)


def mutate(data: bytes, mutations: list[tuple[str, float, bytes]]) -> bytes:
    for kind, where, junk in mutations:
        at = int(where * len(data))
        if kind == "flip" and data:
            at = min(at, len(data) - 1)
            data = data[:at] + bytes([data[at] ^ (junk[0] or 1)]) + data[at + 1 :]
        elif kind == "insert":
            data = data[:at] + junk + data[at:]
        elif kind == "delete":
            data = data[:at] + data[at + len(junk) :]
        elif kind == "truncate":
            data = data[:at]
        elif kind == "duplicate":
            data = data[:at] + data[at : at + 64] + data[at:]
    return data


def refused_with_places(error: InputError, name: str) -> None:
    assert error.problems
    for problem in error.problems:
        assert problem.location.startswith(name), problem
        assert problem.message


def read(name: str, data: bytes) -> None:
    try:
        read_chronology(data, name, "agency", None)
    except InputError as error:
        refused_with_places(error, name)


@MODEST
@given(st.sampled_from([CSV, XLSX, DOCX]), st.lists(mutation, min_size=1, max_size=4))
def test_a_damaged_chronology_file(name: str, mutations: list[tuple[str, float, bytes]]) -> None:
    read(name, mutate(FILES[name], mutations))


@MODEST
@given(st.sampled_from([XLSX, DOCX]), st.data())
def test_a_damaged_member_inside_a_valid_zip(name: str, data: st.DataObject) -> None:
    with zipfile.ZipFile(io.BytesIO(FILES[name])) as original:
        members = {info.filename: original.read(info) for info in original.infolist()}
    xml = sorted(n for n in members if n.endswith((".xml", ".rels")))
    member = data.draw(st.sampled_from(xml))
    members[member] = mutate(members[member], data.draw(st.lists(mutation, min_size=1, max_size=3)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as rebuilt:
        for member_name, content in members.items():
            rebuilt.writestr(member_name, content)
    read(name, buffer.getvalue())


@MODEST
@given(st.lists(mutation, min_size=1, max_size=4))
def test_a_damaged_case_toml(mutations: list[tuple[str, float, bytes]]) -> None:
    config, problems = parse_case_toml(mutate(CASE, mutations))
    assert config.review is not None or problems
    assert all(p.location.startswith("case.toml") for p in problems)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value[:3]):
            found += _paths(item, (*prefix, index))
    return found


PATHS = _paths(json.loads(ARCHIVE))


@MODEST
@given(
    st.lists(
        st.tuples(st.sampled_from(PATHS), st.one_of(st.just("drop"), json_values)),
        min_size=1,
        max_size=3,
    )
)
def test_a_damaged_archive(changes: list[tuple[tuple[Any, ...], Any]]) -> None:
    document = json.loads(ARCHIVE)
    for path, value in changes:
        parent = document
        try:
            for step in path[:-1]:
                parent = parent[step]
            if value == "drop":
                del parent[path[-1]]
            else:
                parent[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed the way there
    try:
        read_archive(json.dumps(document).encode(), name="review.json")
    except InputError as error:
        refused_with_places(error, "review.json")


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.sampled_from([CSV, XLSX, DOCX, "case.toml"]), st.lists(mutation, min_size=1, max_size=3))
def test_a_refused_import_leaves_the_database_as_it_was(
    tmp_path_factory: Any, name: str, mutations: list[tuple[str, float, bytes]]
) -> None:
    folder = tmp_path_factory.mktemp("pack")
    pack = folder / "pack"
    shutil.copytree(PACK, pack)
    damaged = pack / ("case.toml" if name == "case.toml" else f"chronologies/{name}")
    damaged.write_bytes(mutate(damaged.read_bytes(), mutations))
    db = folder / "review.db"
    with Repository.open(db) as repo:
        repo.create_review(read_pack(PACK).data.model_copy(deep=True))
    for side in (db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        side.unlink(missing_ok=True)  # closed cleanly: the file alone holds everything
    before = db.read_bytes()
    result = CliRunner().invoke(main, ["--db", str(db), "import", "--strict", str(pack)])
    assert "Traceback" not in result.output
    if result.exit_code != 0:
        assert result.exit_code == 1, result.output
        with Repository.open(db) as repo:
            assert len(repo.list_reviews()) == 1
        assert _content(db) == _content_of(before, folder)


def _content(db: Path) -> list[tuple[Any, ...]]:
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return [(t, conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()) for t in tables]
    finally:
        conn.close()


def _content_of(data: bytes, folder: Path) -> list[tuple[Any, ...]]:
    copy = folder / "before.db"
    copy.write_bytes(data)
    return _content(copy)
