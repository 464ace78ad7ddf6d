"""Publishing use cases (``services.publishing``) on an in-memory database, the migration
that holds them, and the command line's ``publication``, ``respond``, ``settings`` and
pseudonymised ``export`` with its log. Everything fictional."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.ui.conftest import FROZEN_AT, REFERENCE, fictional_review
from workshop_tui.cli import main
from workshop_tui.domain.clock import frozen_clock
from workshop_tui.domain.models import Action, Finding, FindingKind, RecommendationTo
from workshop_tui.domain.publishing import PublicationStatus
from workshop_tui.resources import sample_cases_dir
from workshop_tui.services import Services
from workshop_tui.services.publishing import PublishingRefused
from workshop_tui.storage.repository import Repository


@pytest.fixture
def services() -> Iterator[Services]:
    clock = frozen_clock(FROZEN_AT)
    services = Services(Repository.memory(clock=clock), clock)
    review = services.reviews.create(fictional_review())
    assert review.id is not None
    save = services.captures.save
    learning = save(
        review.id,
        Finding(
            statement="No agency saw the whole picture of Child Q's missed appointments.",
            recommendation_to=RecommendationTo.CASE_REVIEW_GROUP,
            agreed=True,
        ),
    )
    save(review.id, Finding(statement="Draft idea not yet agreed.", agreed=False))
    save(
        review.id,
        Finding(
            statement="School kept a careful log.", kind=FindingKind.GOOD_PRACTICE, agreed=True
        ),
    )
    save(
        review.id,
        Action(
            description="Share missed health appointments with school.",
            owner="Named nurse",
            finding_id=learning.id,
            agreed=True,
        ),
    )
    yield services
    services.close()


def _id(services: Services) -> int:
    review = services.reviews.get(REFERENCE)
    assert review.id is not None
    return review.id


def test_the_briefing_is_prefilled_until_a_section_is_saved(services: Services) -> None:
    rid = _id(services)
    sections = services.publishing.briefing(rid)
    assert [s.key for s in sections] == [
        "background",
        "why",
        "findings",
        "note",
        "roles",
        "questions",
    ]
    assert not any(s.edited for s in sections)
    findings = next(s for s in sections if s.key == "findings")
    assert "missed appointments" in findings.text
    assert "Draft idea" not in findings.text  # only what was agreed
    services.publishing.save_briefing_section(rid, "findings", "- Our own words.")
    again = {s.key: s for s in services.publishing.briefing(rid)}
    assert again["findings"].text == "- Our own words." and again["findings"].edited
    assert not again["why"].edited
    history = services.reviews.history(rid)
    assert history[-1].entity == "briefing_section" and history[-1].field == "findings"
    with pytest.raises(PublishingRefused, match="unknown briefing section"):
        services.publishing.save_briefing_section(rid, "summary", "x")


def test_publication_blocks(services: Services) -> None:
    rid = _id(services)
    assert services.publishing.publication(rid, "report").status is PublicationStatus.DRAFT
    block = services.publishing.set_publication(rid, "report", "approved", "Case Review Group")
    assert block.date == FROZEN_AT.date()  # no date given: today
    stored = services.publishing.publication(rid, "report")
    assert stored.approved_by == "Case Review Group"
    with pytest.raises(PublishingRefused, match="say who approved"):
        services.publishing.set_publication(rid, "briefing", "published")
    with pytest.raises(PublishingRefused, match="unknown document"):
        services.publishing.set_publication(rid, "minutes", "draft")
    services.publishing.set_publication(rid, "report", "draft", "ignored", dt.date(2099, 1, 1))
    assert services.publishing.publication(rid, "report").approved_by == ""


def test_responses_to_recommendations(services: Services) -> None:
    rid = _id(services)
    recommendations = services.publishing.recommendations(rid)
    assert [r.number for r in recommendations] == [1, 2]  # learning findings only
    services.publishing.save_response(rid, 1, "Accepted.")
    assert services.publishing.recommendations(rid)[0].response == "Accepted."
    with pytest.raises(
        PublishingRefused, match="no recommendation F3; the recommendations are F1, F2"
    ):
        services.publishing.save_response(rid, 3, "x")


def test_a_review_names_its_own_groups(services: Services) -> None:
    rid = _id(services)
    services.publishing.set_group(rid, "business", "Partnership Board")
    settings = services.publishing.settings_for(rid)
    assert settings.groups.business == "Partnership Board"
    assert settings.partnership == "Fernmoor Children's Safeguarding Partnership"  # case.toml's
    services.publishing.set_group(rid, "business", "")
    assert services.publishing.settings_for(rid).groups.business == "Business Group"
    with pytest.raises(PublishingRefused, match="unknown group"):
        services.publishing.set_group(rid, "panel", "x")


def test_a_pseudonymised_export_is_logged_without_the_values(
    services: Services, tmp_path: Path
) -> None:
    rid = _id(services)
    services.publishing.save_briefing_section(
        rid, "background", "Child Q (DOB 04/04/2097) lived at FE1 2AB; call 07700 900999."
    )
    target = tmp_path / "briefing.md"
    rendered = services.exports.export(rid, "briefing", target, pseudonymise=True)
    assert [r.kind for r in rendered.redactions] == ["date of birth", "postcode", "phone number"]
    text = target.read_text(encoding="utf-8")
    assert "04/04/2097" not in text and "FE1 2AB" not in text and "900999" not in text
    event = services.reviews.history(rid)[-1]
    assert (event.entity, event.change, event.field) == ("export", "export", "briefing")
    assert event.new is not None
    logged = json.loads(event.new)
    assert logged["file"] == "briefing.md"
    assert logged["redactions"][0] == {"where": "briefing.background", "kind": "date of birth"}
    assert "04/04/2097" not in event.new and "FE1 2AB" not in event.new


# --- the command line --------------------------------------------------------------------


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--db", str(db), *args], catch_exceptions=False)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    pack = tmp_path / "child-r"
    shutil.copytree(sample_cases_dir() / "child-r", pack)
    path = tmp_path / "workshop.db"
    assert run(path, "import", str(pack)).exit_code == 0
    return path


def test_cli_publication_respond_and_export(db: Path, tmp_path: Path) -> None:
    result = run(db, "publication", "LR-2025-07", "briefing", "approved", "--by", "Panel",
                 "--date", "12/06/2025")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "briefing of LR-2025-07: approved, approved by Panel, 2025-06-12" in result.output
    refused = run(db, "publication", "LR-2025-07", "report", "published")
    assert refused.exit_code == 1 and "say who approved the report" in refused.output
    none = run(db, "respond", "LR-2025-07", "1", "Accepted.")
    assert (
        none.exit_code == 1 and "no recommendation F1; the recommendations are none" in none.output
    )
    for document, name in (
        ("briefing", "b.docx"),
        ("briefing-plan", "p.docx"),
        ("response", "r.md"),
    ):
        out = run(db, "export", "LR-2025-07", document, "-o", str(tmp_path / name))
        assert out.exit_code == 0, out.output
        assert (tmp_path / name).stat().st_size > 0
    wrong = run(db, "export", "LR-2025-07", "briefing-plan", "-o", str(tmp_path / "p.md"))
    assert (
        wrong.exit_code == 1 and "briefing-plan cannot be written as .md; use .docx" in wrong.output
    )


def test_cli_settings_shows_a_bad_file_and_the_defaults(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = tmp_path / "settings.toml"
    settings.write_text("[groups]\nbusness = 'Board'\n", encoding="utf-8")
    monkeypatch.setenv("WORKSHOP_TUI_SETTINGS", str(settings))
    result = run(db, "settings")
    assert result.exit_code == 0
    assert f"{settings}: groups.busness: not a setting workshop-tui knows" in result.output
    assert "group business: Business Group" in result.output
    mine = run(db, "settings", "--review", "LR-2025-07", "--group", "business", "Board")
    assert "group business: Board" in mine.output
    assert "partnership: Ashbourne Vale Safeguarding Children Partnership" in mine.output
    # The export says so too, and still writes.
    out = run(db, "export", "LR-2025-07", "briefing", "-o", str(tmp_path / "b.md"))
    assert out.exit_code == 0 and "default settings are in use" in out.output
