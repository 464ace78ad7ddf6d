"""A forged archive is refused before anything is written: ids, links, whole numbers.

Issue 24: an archive with two perspectives of one id was accepted (the last won, so a
perspective could be re-attributed to another speaker and linked to another entry),
and a whole number beyond SQLite's range ended in a traceback. Each problem is now
refused naming its JSON path; the property tests forge archives at random.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from export_fixtures import GENERATED_AT, rich_review
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workshop_tui.cli import main
from workshop_tui.domain.problems import InputError
from workshop_tui.exporters import render
from workshop_tui.importers.archive import read_archive
from workshop_tui.importers.archive_integrity import ID_KINDS, SQLITE_MAX, SQLITE_MIN
from workshop_tui.storage.repository import Repository

PROPERTY = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: Every link between records in an archive: (kind, field, the kind it points at, is a list).
LINKS = [
    ("kloes", "entry_ids", "entries", True),
    ("perspectives", "kloe_id", "kloes", False),
    ("perspectives", "participant_id", "participants", False),
    ("perspectives", "entry_ids", "entries", True),
    ("findings", "kloe_ids", "kloes", True),
    ("findings", "entry_ids", "entries", True),
    ("findings", "perspective_ids", "perspectives", True),
    ("actions", "finding_id", "findings", False),
    ("actions", "kloe_id", "kloes", False),
    ("escalations", "kloe_id", "kloes", False),
    ("workshop_log", "kloe_id", "kloes", False),
]


def document() -> dict[str, Any]:
    parsed: dict[str, Any] = json.loads(
        render(rich_review(), "archive", "json", generated_at=GENERATED_AT)
    )
    return parsed


def refusal(doc: dict[str, Any]) -> str:
    with pytest.raises(InputError) as caught:
        read_archive(json.dumps(doc).encode(), name="forged.json")
    return str(caught.value)


def test_two_perspectives_with_one_id_are_refused_naming_the_second() -> None:
    doc = document()
    doc["perspectives"][3]["id"] = doc["perspectives"][1]["id"]
    message = refusal(doc)
    assert message.splitlines()[0] == (
        "forged.json: $.perspectives[3].id: perspective id 2 is used again "
        "(first by $.perspectives[1]); ids must be unique"
    )


def test_an_agency_key_used_twice_is_refused() -> None:
    doc = document()
    doc["agencies"][2]["key"] = doc["agencies"][0]["key"]
    assert "$.agencies[2].key: agency key 'police' is used again" in refusal(doc)


def test_an_entry_of_no_agency_is_refused() -> None:
    doc = document()
    doc["entries"][4]["agency"] = "ghosts"
    assert "$.entries[4].agency: no agency with key 'ghosts'" in refusal(doc)


@pytest.mark.parametrize("value", [2**63, -(2**63) - 1, 10**200])
def test_a_whole_number_beyond_sqlite_is_refused_naming_its_path(value: int) -> None:
    doc = document()
    doc["entries"][2]["source_line"] = value
    message = refusal(doc)
    assert message.startswith("forged.json: $.entries[2].source_line: ")
    assert "is out of range" in message


def test_the_command_line_refuses_a_forged_archive_and_writes_nothing(tmp_path: Path) -> None:
    doc = document()
    doc["kloes"][1]["number"] = 2**64
    archive = tmp_path / "forged.json"
    archive.write_text(json.dumps(doc), encoding="utf-8")
    db = tmp_path / "workshop.db"
    result = CliRunner().invoke(
        main, ["--db", str(db), "import", str(archive)], catch_exceptions=False
    )
    assert result.exit_code == 1
    assert "forged.json: $.kloes[1].number: 18446744073709551616 is out of range" in result.stderr
    assert "Traceback" not in result.output
    listed = CliRunner().invoke(main, ["--db", str(db), "list"], catch_exceptions=False)
    assert "no reviews yet" in listed.stdout


def test_a_hundred_dangling_links_give_a_short_message() -> None:
    doc = document()
    doc["kloes"][0]["entry_ids"] = list(range(1000, 1100))
    lines = refusal(doc).splitlines()
    assert len(lines) == 21
    assert (
        lines[0]
        == "forged.json: $.kloes[0].entry_ids[0]: no chronology entry with id 1000 in the archive"
    )
    assert lines[-1] == "forged.json: and 80 more problem(s) like these"


# ---------------------------------------------------------------- properties

kinds_with_two = [kind for kind in ID_KINDS if len(document()[kind]) >= 2]


@PROPERTY
@given(data=st.data(), kind=st.sampled_from(kinds_with_two))
def test_any_id_used_twice_in_a_kind_is_refused_at_the_later_record(
    data: st.DataObject, kind: str
) -> None:
    doc = document()
    records = doc[kind]
    first = data.draw(st.integers(0, len(records) - 2))
    second = data.draw(st.integers(first + 1, len(records) - 1))
    records[second]["id"] = records[first]["id"]
    assert f"$.{kind}[{second}].id: " in refusal(doc)


@PROPERTY
@given(data=st.data(), link=st.sampled_from(LINKS), missing=st.integers(SQLITE_MIN, SQLITE_MAX))
def test_any_link_that_leads_nowhere_is_refused_naming_its_path(
    data: st.DataObject, link: tuple[str, str, str, bool], missing: int
) -> None:
    kind, field, target, is_list = link
    doc = document()
    if missing in {record["id"] for record in doc[target]}:
        return
    index = data.draw(st.integers(0, len(doc[kind]) - 1))
    record = doc[kind][index]
    if is_list:
        position = data.draw(st.integers(0, len(record[field])))
        record[field].insert(position, missing)
        path = f"$.{kind}[{index}].{field}[{position}]"
    else:
        record[field] = missing
        path = f"$.{kind}[{index}].{field}"
    assert f"forged.json: {path}: no " in refusal(doc)


def _integer_paths(value: Any, path: str = "$") -> list[tuple[str, list[Any], Any]]:
    """Every whole number in the document: its path, and the container and key to change it."""
    found: list[tuple[str, list[Any], Any]] = []
    items = (
        value.items()
        if isinstance(value, dict)
        else enumerate(value)
        if isinstance(value, list)
        else []
    )
    for key, item in items:
        here = f"{path}.{key}" if isinstance(value, dict) else f"{path}[{key}]"
        if isinstance(item, int) and not isinstance(item, bool):
            found.append((here, [value], key))
        else:
            found.extend(_integer_paths(item, here))
    return found


@PROPERTY
@given(
    data=st.data(),
    value=st.one_of(st.integers(min_value=SQLITE_MAX + 1), st.integers(max_value=SQLITE_MIN - 1)),
)
def test_any_whole_number_out_of_range_is_refused_naming_its_path(
    data: st.DataObject, value: int
) -> None:
    doc = document()
    body = {k: v for k, v in doc.items() if k not in ("format", "version", "generated_at")}
    path, (container,), key = data.draw(st.sampled_from(_integer_paths(body)))
    container[key] = value
    message = refusal(doc)
    assert message.startswith(f"forged.json: {path}: ")
    assert "out of range" in message


@PROPERTY
@given(shift=st.integers(-(2**40), 2**40), order=st.randoms(use_true_random=False))
def test_any_renumbering_of_ids_reads_and_imports_with_every_link_kept(
    shift: int, order: Any
) -> None:
    """Ids are only names: any unique renumbering, links following, imports the same review."""
    doc = document()
    mapping: dict[str, dict[int, int]] = {}
    for kind in ID_KINDS:
        ids = [record["id"] for record in doc[kind]]
        new = [shift + 7 * n for n in range(len(ids))]
        order.shuffle(new)
        mapping[kind] = dict(zip(ids, new, strict=True))
        for record in doc[kind]:
            record["id"] = mapping[kind][record["id"]]
    for kind, field, target, is_list in LINKS:
        for record in doc[kind]:
            if is_list:
                record[field] = [mapping[target][old] for old in record[field]]
            elif record[field] is not None:
                record[field] = mapping[target][record[field]]
    data = read_archive(json.dumps(doc).encode())
    with Repository.memory() as repo:
        review = repo.create_review(data)
        assert review.id is not None
        stored = repo.load_review(review.id)
    original = rich_review()
    speakers = [p.participant_id for p in original.perspectives]
    names = {p.id: p.name for p in original.participants}
    stored_names = {p.id: p.name for p in stored.participants}
    assert [stored_names.get(p.participant_id) for p in stored.perspectives] == [
        names.get(s) for s in speakers
    ]
    assert [p.text for p in stored.perspectives] == [p.text for p in original.perspectives]
