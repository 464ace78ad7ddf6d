"""The archive carries the lead's records about a review (what was asked of each agency,
the briefing's saved sections, publication blocks, the partnership's responses and the
review's own group names): a review moved to another laptop keeps them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from export_fixtures import GENERATED_AT, rich_review

from workshop_tui.domain.clock import frozen_clock
from workshop_tui.domain.problems import InputError
from workshop_tui.domain.publishing import ReviewRecords
from workshop_tui.services import Services
from workshop_tui.services.reviews import read_case
from workshop_tui.storage.repository import Repository

NOW = dt.datetime(2026, 3, 4, 10, 0)


def fresh() -> Services:
    return Services(Repository.memory(clock=frozen_clock(NOW)), frozen_clock(NOW))


def recorded(services: Services) -> tuple[int, ReviewRecords]:
    """A rich review with something recorded of every kind."""
    review = services.reviews.create(rich_review())
    assert review.id is not None
    rid = review.id
    police = services.reviews.agencies(rid)[0].key
    services.intake.update_request(
        rid, police, requested=dt.date(2026, 1, 5), due=dt.date(2026, 2, 2)
    )
    services.intake.chase(rid, police, dt.date(2026, 2, 9))
    services.publishing.save_briefing_section(rid, "why", "Because [/x] {it} matters.")
    services.publishing.set_publication(
        rid, "report", "approved", "Case Review Group", dt.date(2026, 3, 1)
    )
    number = services.publishing.recommendations(rid)[-1].number
    services.publishing.save_response(rid, number, "Accepted; the Business Group leads.")
    services.publishing.set_group(rid, "business", "Safeguarding Business Group")
    return rid, services.publishing.records(rid)


def archive_of(services: Services, review_id: int, path: Path) -> Path:
    exports = services.exports
    data = exports.load(review_id)
    exports.write(
        data,
        "archive",
        path,
        pseudonymise=False,
        publishing=exports.publishing(review_id, data),
    )
    return path


def statements(services: Services, review_id: int, records: ReviewRecords) -> dict[str, str]:
    """Each response by its finding's statement (ids differ between databases)."""
    findings = {f.id: f.statement for f in services.repository.findings(review_id)}
    return {findings[finding_id]: text for finding_id, text in records.responses.items()}


def test_an_archive_imported_elsewhere_keeps_every_record(tmp_path: Path) -> None:
    source = fresh()
    review_id, before = recorded(source)
    assert before.requests and before.briefing and before.publications
    assert before.responses and before.groups
    path = archive_of(source, review_id, tmp_path / "review.json")

    target = fresh()
    other = rich_review()
    other.review.reference = "LR-OTHER"  # stored first, so the finding ids differ
    target.reviews.create(other)
    imported = target.reviews.import_case(read_case(path, archive=True))
    assert imported.id is not None
    after = target.publishing.records(imported.id)
    assert [r.model_copy(update={"id": None}) for r in after.requests] == [
        r.model_copy(update={"id": None}) for r in before.requests
    ]
    assert after.briefing == {"why": "Because [/x] {it} matters."}
    assert after.publications == before.publications
    assert after.groups == {"business": "Safeguarding Business Group"}
    # The response follows its finding, whose id is not the same in the other database.
    assert after.responses.keys() != before.responses.keys()
    assert statements(target, imported.id, after) == statements(source, review_id, before)


def test_a_pseudonymised_archive_leaves_the_records_out(tmp_path: Path) -> None:
    source = fresh()
    review_id, _ = recorded(source)
    data = source.exports.load(review_id)
    rendered = source.exports.write(
        data,
        "archive",
        tmp_path / "published.json",
        pseudonymise=True,
        accept_leaks=True,
        publishing=source.exports.publishing(review_id, data),
    )
    assert json.loads(rendered.content)["records"] == ReviewRecords().model_dump(mode="json")


def _document(**records: Any) -> bytes:
    from workshop_tui.exporters import render

    document = json.loads(render(rich_review(), "archive", "json", generated_at=GENERATED_AT))
    document["records"] = {**document["records"], **records}
    return json.dumps(document).encode()


@pytest.mark.parametrize(
    ("records", "said"),
    [
        ({"responses": {"999": "Accepted"}}, "$.records.responses.999: no finding with id 999"),
        ({"requests": [{"agency": "nobody"}]}, "$.records.requests[0].agency: no agency 'nobody'"),
        (
            {"requests": [{"agency": "police"}, {"agency": "police"}]},
            "$.records.requests[1].agency: agency 'police' asked twice",
        ),
        ({"briefing": {"gossip": "x"}}, "$.records.briefing: no briefing section 'gossip'"),
        ({"groups": {"cabal": "x"}}, "$.records.groups: no group 'cabal'"),
        ({"publications": {"report": {"status": "leaked"}}}, "$.records.publications.report"),
        ({"requests": [{"agency": "police", "due": "31/02/2026"}]}, "$.records.requests[0].due"),
    ],
)
def test_forged_records_are_refused_by_their_json_path_and_nothing_is_written(
    tmp_path: Path, records: dict[str, Any], said: str
) -> None:
    path = tmp_path / "forged.json"
    path.write_bytes(_document(**records))
    with pytest.raises(InputError) as refused:
        read_case(path, archive=True)
    assert said in str(refused.value)


def test_an_archive_of_version_3_has_no_records_and_imports_as_before(tmp_path: Path) -> None:
    document = json.loads(_document())
    document["version"] = 3
    del document["records"]
    path = tmp_path / "old.json"
    path.write_text(json.dumps(document))
    reading = read_case(path, archive=True)
    assert reading.records == ReviewRecords()
    target = fresh()
    review = target.reviews.import_case(reading)
    assert review.id is not None and target.publishing.records(review.id).is_empty
