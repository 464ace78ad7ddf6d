"""The archive written and read an entry at a time (issue 24).

Before, an archive export built the whole review, its dict and its JSON text in memory,
and an import read the whole file, parsed it whole and validated it whole (a 190 MB
archive needed more than 1.5 GB). Now the export writes each entry as it is read from
the database, and the import reads each entry as it comes; both hold about the largest
entry, and give the same bytes and the same review as before.
"""

from __future__ import annotations

import datetime as dt
import json
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from export_fixtures import rich_review
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workshop_tui.domain.clock import frozen_clock
from workshop_tui.domain.models import ChronologyEntry, ReviewData
from workshop_tui.exporters.archive import archive_dict
from workshop_tui.services.exports import Exports
from workshop_tui.storage.repository import Repository

CLOCK = frozen_clock(dt.datetime(2024, 6, 11, 9, 30))
MANY = 3000


def _many_entries(data: ReviewData, count: int) -> ReviewData:
    data.entries += [
        ChronologyEntry(
            id=10_000 + i,
            agency="police",
            date=dt.date(2023, 1 + i % 12, 1 + i % 28),
            event=f"Visit {i}: " + "words of the visit " * 60,
            outcome="Seen",
        )
        for i in range(count)
    ]
    return data


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> tuple[Repository, int]:
    repo = Repository.open(tmp_path_factory.mktemp("archive") / "review.db")
    review = repo.create_review(_many_entries(rich_review(), MANY))
    assert review.id is not None
    return repo, review.id


def test_the_streamed_archive_is_the_bytes_of_the_whole_one(
    stored: tuple[Repository, int], tmp_path: Path
) -> None:
    repo, review_id = stored
    exports = Exports(repo, CLOCK)
    whole, streamed = tmp_path / "whole.json", tmp_path / "streamed.json"
    exports.export(review_id, "archive", whole, pseudonymise=False)
    assert exports.export_streamed(review_id, "archive", streamed) is not None
    assert streamed.read_bytes() == whole.read_bytes()
    data = repo.load_review(review_id)
    records = exports.publishing(review_id, data).records
    expected = json.dumps(archive_dict(data, CLOCK(), records), ensure_ascii=False, indent=2)
    assert streamed.read_text("utf-8") == expected + "\n"
    assert streamed.stat().st_mode & 0o777 == 0o600


def test_an_archive_export_holds_about_one_entry_not_the_chronology(
    stored: tuple[Repository, int], tmp_path: Path
) -> None:
    repo, review_id = stored
    exports = Exports(repo, CLOCK)
    target = tmp_path / "review.json"
    exports.export_streamed(review_id, "archive", target)  # warm: imports, caches
    tracemalloc.start()
    try:
        exports.export_streamed(review_id, "archive", target)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    size = target.stat().st_size
    assert size > 3_000_000
    # The whole export held about three times the file; this, the fetch of a few
    # hundred rows at a time (about 2 MB here, whatever the chronology).
    assert peak < size / 2, f"peak {peak:,} for an archive of {size:,} bytes"


# ------------------------------------------------------------------ the import


def _archive_file(stored: tuple[Repository, int], folder: Path) -> Path:
    repo, review_id = stored
    target = folder / "review.json"
    Exports(repo, CLOCK).export_streamed(review_id, "archive", target)
    return target


LINKS = {"id", "kloe_id", "participant_id", "entry_ids"}


def _review_rows(repo: Repository) -> list[object]:
    review = repo.list_reviews()[0]
    assert review.id is not None
    data = repo.load_review(review.id)
    return [
        [e.model_dump(exclude={"id"}) for e in data.entries],
        [p.model_dump(exclude=LINKS) for p in data.perspectives],
        [len(k.entry_ids) for k in data.kloes],
        [len(f.entry_ids) for f in data.findings],
        sorted(a.key for a in data.agencies),
    ]  # fmt: skip


def test_the_streamed_import_stores_what_the_whole_read_stores(
    stored: tuple[Repository, int], tmp_path: Path
) -> None:
    from workshop_tui.domain.problems import CaseReading
    from workshop_tui.importers.archive import read_archived
    from workshop_tui.services.reviews import Reviews, check_archive

    path = _archive_file(stored, tmp_path)
    whole, streamed = Repository.memory(), Repository.memory()
    try:
        archived = read_archived(path)
        Reviews(whole).import_case(CaseReading(archived.data, records=archived.records))
        imported = Reviews(streamed).import_archive(path, check_archive(path))
        assert _review_rows(streamed) == _review_rows(whole)
        assert imported.entries == len(archived.data.entries) == MANY + len(rich_review().entries)
        assert imported.attention == sum(e.needs_attention for e in archived.data.entries)
    finally:
        whole.close()
        streamed.close()


def test_an_archive_import_holds_about_one_entry_not_the_chronology(
    stored: tuple[Repository, int], tmp_path: Path
) -> None:
    from workshop_tui.services.reviews import Reviews, check_archive

    path = _archive_file(stored, tmp_path)
    size = path.stat().st_size
    with Repository.memory() as warm:
        Reviews(warm).import_archive(path, check_archive(path))  # imports, caches
    repo = Repository.open(tmp_path / "new.db")
    try:
        tracemalloc.start()
        try:
            checked = check_archive(path)
            _, checking = tracemalloc.get_traced_memory()
            tracemalloc.reset_peak()
            Reviews(repo).import_archive(path, checked)
            _, importing = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    finally:
        repo.close()
    # The whole read held the file, its text, the parsed document and the review: about
    # ten times the file. Now a window of the text and about one entry.
    assert checking < size / 2, f"check: peak {checking:,} for {size:,} bytes"
    assert importing < size / 2, f"import: peak {importing:,} for {size:,} bytes"


def test_a_file_changed_between_the_check_and_the_import_writes_nothing(
    stored: tuple[Repository, int], tmp_path: Path
) -> None:
    from workshop_tui.domain.problems import InputError
    from workshop_tui.services.reviews import Reviews, check_archive

    path = _archive_file(stored, tmp_path)
    checked = check_archive(path)
    text = path.read_text("utf-8")
    path.write_text(text.replace('"Visit 7: ', '"Visit 8: ', 1), "utf-8")
    with Repository.memory() as repo:
        with pytest.raises(InputError, match="changed while it was being imported"):
            Reviews(repo).import_archive(path, checked)
        assert repo.list_reviews() == []
        assert repo._query("SELECT count(*) FROM entry", ()) == [(0,)]


def test_a_top_level_key_used_twice_is_refused() -> None:
    from workshop_tui.domain.problems import InputError
    from workshop_tui.exporters import render
    from workshop_tui.importers.archive import read_archive

    raw = render(rich_review(), "archive", "json", generated_at=CLOCK())
    forged = raw.replace(b'\n  "perspectives": ', b'\n  "entries": [],\n  "perspectives": ', 1)
    with pytest.raises(InputError) as caught:
        read_archive(forged, name="forged.json")
    assert str(caught.value) == (
        "forged.json: $.entries: the key is used twice; each may be used once"
    )


# --------------------------------------------- the same checks as the whole read

#: Where a forger changes an archive: (kind, field) of a record, or a top-level key.
FIELDS = [
    ("entries", "id"),
    ("entries", "agency"),
    ("entries", "date"),
    ("entries", "source_line"),
    ("entries", "flags"),
    ("kloes", "entry_ids"),
    ("kloes", "id"),
    ("perspectives", "id"),
    ("perspectives", "entry_ids"),
    ("perspectives", "participant_id"),
    ("findings", "entry_ids"),
    ("participants", "id"),
    ("agencies", "key"),
    ("actions", "finding_id"),
]
forged_values = st.one_of(
    st.integers(-3, 12),
    st.integers(2**63 - 2, 2**63 + 2),
    st.sampled_from(["police", "ghosts", "2023-02-31", "", None, True]),
    st.lists(st.integers(0, 12), max_size=3),
    st.dictionaries(st.sampled_from(["a", "id"]), st.integers(0, 3), max_size=2),
)


def _base_document() -> dict[str, object]:
    from workshop_tui.exporters import render

    parsed: dict[str, object] = json.loads(
        render(rich_review(), "archive", "json", generated_at=CLOCK())
    )
    return parsed


def _outcome(read: object) -> object:
    from workshop_tui.domain.problems import InputError

    try:
        archived = read()  # type: ignore[operator]
    except InputError as error:
        return [str(p) for p in error.problems]
    return (archived.data, archived.records)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    changes=st.lists(
        st.tuples(st.sampled_from(FIELDS), st.integers(0, 10), forged_values),
        max_size=4,
    ),
    top=st.lists(
        st.tuples(
            st.sampled_from(["version", "format", "records", "entries", "kloes", "mood"]),
            forged_values,
        ),
        max_size=2,
    ),
    shuffle=st.randoms(use_true_random=False),
    indent=st.sampled_from([None, 2]),
)
def test_the_streamed_read_refuses_and_accepts_as_the_whole_read(
    changes: list[tuple[tuple[str, str], int, object]],
    top: list[tuple[str, object]],
    shuffle: Any,
    indent: int | None,
) -> None:
    """Forged at random (ids, links, agencies, numbers out of range, wrong types, keys in
    any order): the streamed read gives the same review or the same problems, in the
    same order, as validating the whole parsed document."""
    from workshop_tui.importers.archive import archived_from_dict, read_archived

    document = _base_document()
    for (kind, name), index, value in changes:
        records = document[kind]
        assert isinstance(records, list)
        if records:
            records[index % len(records)][name] = value
    for key, value in top:
        document[key] = value
    keys = list(document)
    shuffle.shuffle(keys)
    document = {key: document[key] for key in keys}
    raw = json.dumps(document, indent=indent, ensure_ascii=False).encode()
    whole = _outcome(lambda: archived_from_dict(json.loads(raw), "forged.json"))
    streamed = _outcome(lambda: read_archived(raw, name="forged.json"))
    assert streamed == whole


def test_an_archive_is_written_only_if_it_imports(
    stored: tuple[Repository, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The import holds the archive without its entries up to a limit; the export refuses,
    before writing anything, an archive that the import would refuse."""
    from workshop_tui.domain.problems import InputError
    from workshop_tui.importers import archive as archive_reader
    from workshop_tui.services.exports import ExportFailed
    from workshop_tui.services.reviews import check_archive

    repo, review_id = stored
    path = _archive_file(stored, tmp_path)
    document = json.loads(path.read_text("utf-8"))
    held = sum(
        len(json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n  "))
        for key, value in document.items()
        if key != "entries"
    )
    monkeypatch.setattr(archive_reader, "MAX_ARCHIVE_BYTES", held)
    assert check_archive(path).count == MANY + len(rich_review().entries)
    monkeypatch.setattr(archive_reader, "MAX_ARCHIVE_BYTES", held - 1)
    with pytest.raises(InputError, match="the limit is"):
        check_archive(path)
    refused = tmp_path / "refused.json"
    exports = Exports(repo, CLOCK)
    with pytest.raises(ExportFailed, match="over the limit of 0 MB"):
        exports.export_streamed(review_id, "archive", refused)
    assert list(tmp_path.iterdir()) == [path]
    with pytest.raises(ExportFailed, match="over the limit of 0 MB"):
        exports.export(review_id, "archive", refused, pseudonymise=False)
    assert list(tmp_path.iterdir()) == [path]


def test_an_entry_over_the_limit_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    from workshop_tui.domain.problems import InputError
    from workshop_tui.importers import archive as archive_reader
    from workshop_tui.importers.archive import read_archive

    document = _base_document()
    entries = document["entries"]
    assert isinstance(entries, list)
    entries[2]["event"] = "x" * 400_000
    raw = json.dumps(document).encode()
    monkeypatch.setattr(archive_reader, "MAX_ARCHIVE_BYTES", 100_000)
    with pytest.raises(InputError) as caught:
        read_archive(raw, name="big.json")
    assert str(caught.value).startswith("big.json: $.entries[2]: refused: too large to import")
