"""The JSON archive: lossless round trip, and clear refusals."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from export_fixtures import GENERATED_AT, empty_review, rich_review
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workshop_tui.domain.models import ChronologyEntry, Perspective, ReviewData
from workshop_tui.domain.problems import InputError
from workshop_tui.exporters import render
from workshop_tui.importers import archive as archive_reader
from workshop_tui.importers.archive import read_archive

LATER = dt.datetime(2025, 1, 2, 3, 4, 5)


def _archive(data: ReviewData, at: dt.datetime = GENERATED_AT) -> bytes:
    return render(data, "archive", "json", generated_at=at)


def test_header_and_vocabulary() -> None:
    document = json.loads(_archive(rich_review()))
    assert list(document)[:3] == ["format", "version", "generated_at"]
    assert document["format"] == "workshop-tui-archive"
    assert document["version"] == 4
    assert document["generated_at"] == "2024-05-22T16:45:00"
    body = set(document) - {"format", "version", "generated_at", "records"}
    assert body == set(ReviewData.model_fields)
    assert list(document)[-1] == "records"  # the lead's records, after the review
    assert document["entries"][1]["agency"] == "police"
    assert document["entries"][1]["time"] == "23:10:00"


@pytest.mark.parametrize("make", [rich_review, empty_review])
def test_round_trip_is_identical_apart_from_generated_at(make, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = make()
    first = _archive(data)
    path = tmp_path / "review.json"
    path.write_bytes(first)
    back = read_archive(path)
    assert back == data
    second = _archive(back, LATER)
    assert second != first
    assert second.replace(b"2025-01-02T03:04:05", b"2024-05-22T16:45:00") == first


def test_control_characters_survive_the_archive() -> None:
    data = rich_review()
    data.perspectives[0].text = "pasted\x0bfrom\x00Word"
    assert read_archive(_archive(data)).perspectives[0].text == "pasted\x0bfrom\x00Word"


_text = st.text(st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=40).filter(
    lambda s: s.strip() != ""
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    texts=st.lists(_text, min_size=1, max_size=5),
    dates=st.lists(st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)), min_size=1, max_size=5),
    extra=st.dictionaries(_text, st.text(max_size=20), max_size=3),
)
def test_round_trip_property(texts: list[str], dates: list[dt.date], extra: dict[str, str]) -> None:
    data = rich_review()
    data.perspectives = [
        Perspective(id=100 + i, kloe_id=1, participant_id=1, text=t) for i, t in enumerate(texts)
    ]
    data.entries = [
        ChronologyEntry(id=200 + i, agency="police", date=d, event=texts[i % len(texts)],
                        extra=extra)
        for i, d in enumerate(dates)
    ]  # fmt: skip
    data.findings[0].perspective_ids = []
    data.findings[0].entry_ids = []
    data.kloes[0].entry_ids = []
    first = _archive(data)
    back = read_archive(first)
    assert back == data
    assert _archive(back) == first


def _problem(content: bytes | str) -> str:
    raw = content.encode() if isinstance(content, str) else content
    with pytest.raises(InputError) as caught:
        read_archive(raw, name="review.json")
    return str(caught.value)


def _with(**changes: object) -> bytes:
    document = json.loads(_archive(rich_review()))
    document.update(changes)
    return json.dumps(document).encode()


def test_wrong_format_is_named() -> None:
    assert "not a workshop-tui archive" in _problem(_with(format="something-else"))
    assert 'has "format": "something-else"' in _problem(_with(format="something-else"))
    assert 'has no "format"' in _problem(json.dumps({"version": 1}))
    assert "expected a JSON object" in _problem("[1, 2]")


def test_newer_version_is_refused_clearly() -> None:
    message = _problem(_with(version=99))
    assert "version 99" in message and "newer workshop-tui" in message
    assert "whole number" in _problem(_with(version="1"))


def test_invalid_field_names_its_json_path() -> None:
    document = json.loads(_archive(rich_review()))
    document["entries"][3]["date"] = "31/02/2023"
    message = _problem(json.dumps(document))
    assert message.startswith("review.json: $.entries[3].date:")
    document = json.loads(_archive(rich_review()))
    document["perspectives"][0]["mood"] = "cheerful"
    assert "$.perspectives[0].mood: Extra inputs are not permitted" in _problem(
        json.dumps(document)
    )


def test_dangling_links_are_refused() -> None:
    document = json.loads(_archive(rich_review()))
    document["actions"][0]["finding_id"] = 99
    assert "$.actions[0].finding_id: no finding with id 99" in _problem(json.dumps(document))


def test_not_json_and_not_utf8() -> None:
    assert "review.json:1: not valid JSON" in _problem("{not json")
    assert "not UTF-8" in _problem(b"\xff\xfe\x00")


def test_depth_and_size_guards(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    document = json.loads(_archive(rich_review()))
    nested: object = 1
    for _ in range(50):
        nested = [nested]
    document["entries"][0]["extra"] = {"x": nested}
    assert "nested more than" in _problem(json.dumps(document))
    assert "nested far too deeply" in _problem("[" * 100_000 + "]" * 100_000)
    written = _archive(rich_review())  # the export refuses what the import would
    monkeypatch.setattr(archive_reader, "MAX_ARCHIVE_BYTES", 100)
    assert "the limit is" in _problem(written)
    path = tmp_path / "big.json"
    path.write_bytes(written)
    with pytest.raises(InputError, match="the limit is"):
        read_archive(path)


def test_missing_file() -> None:
    with pytest.raises(InputError, match="cannot read the archive"):
        read_archive(Path("/nonexistent/review.json"))


def test_a_typed_speaker_and_an_arrival_time_travel_in_the_archive() -> None:
    data = rich_review()
    data.perspectives[0].participant_id = None
    data.perspectives[0].speaker_name = "Tom Ashdown"
    data.participants[0].arrived_at = dt.datetime(2024, 5, 21, 10, 40)
    back = read_archive(_archive(data))
    assert back.perspectives[0].speaker_name == "Tom Ashdown"
    assert back.participants[0].arrived_at == dt.datetime(2024, 5, 21, 10, 40)


def test_a_version_1_archive_without_speakers_or_arrivals_still_reads() -> None:
    document = json.loads(_archive(rich_review()))
    document["version"] = 1
    for perspective in document["perspectives"]:
        del perspective["speaker_name"]
    for person in document["participants"]:
        del person["arrived_at"]
    back = read_archive(json.dumps(document).encode())
    assert back == rich_review()


def test_pseudonyms_and_identifying_places_survive_store_and_archive() -> None:
    from workshop_tui.domain.models import IdentifyingPlace
    from workshop_tui.storage.repository import Repository

    data = rich_review()
    data.identifying_places = [
        IdentifyingPlace(name="Larchfield Road"),
        IdentifyingPlace(name="... Rise"),
    ]
    with Repository.memory() as repo:
        review = repo.create_review(data)
        assert review.id is not None
        stored = repo.load_review(review.id)
        assert [p.name for p in stored.identifying_places] == ["Larchfield Road", "... Rise"]
        assert [(p.real, p.label) for p in stored.pseudonyms] == [
            (p.real, p.label) for p in data.pseudonyms
        ]
        back = read_archive(_archive(stored))
    assert [p.name for p in back.identifying_places] == ["Larchfield Road", "... Rise"]
    with Repository.memory() as repo:
        again = repo.create_review(back)
        assert again.id is not None
        places = repo.identifying_places(again.id)
        assert [p.name for p in places] == ["Larchfield Road", "... Rise"]


def test_pseudonym_edits_and_deletions_are_audited() -> None:
    from workshop_tui.domain.models import IdentifyingPlace, Pseudonym
    from workshop_tui.storage.repository import Repository

    with Repository.memory() as repo:
        review = repo.create_review(rich_review())
        assert review.id is not None
        added = repo.save_pseudonym(review.id, Pseudonym(real="Dev", label="Person A"))
        repo.save_pseudonym(review.id, added.model_copy(update={"label": "Mother's friend"}))
        assert added.id is not None
        repo.delete_pseudonym(added.id)
        place = repo.save_identifying_place(review.id, IdentifyingPlace(name="Larchfield"))
        assert place.id is not None
        repo.delete_identifying_place(place.id)
        events = [
            (e.entity, e.change, e.field)
            for e in repo.audit_events(review.id)
            if e.entity in ("pseudonym", "identifying_place")
        ]
        assert events == [
            ("pseudonym", "create", ""),
            ("pseudonym", "update", "label"),
            ("pseudonym", "delete", ""),
            ("identifying_place", "create", ""),
            ("identifying_place", "delete", ""),
        ]
        assert all(p.real != "Dev" for p in repo.pseudonyms(review.id))
